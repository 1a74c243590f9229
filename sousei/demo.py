"""The demo instance: a fictional region (サンプル圏域) built by a seeded, deterministic generator.

Everything here is fiction under prefecture number 99, which no real prefecture uses, and is
marked `is_sample` so pages label it and national listings leave it out. Later capabilities add
their own steps to `DEMO_STEPS`; each step must be idempotent.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from sousei.areas.codes import check_digit
from sousei.areas.master import AreaKind, AreaRecord

SEED = 20260401
SAMPLE_PREFECTURE_NUMBER = "99"
DEMO_USERNAME = "demo-staff"
DEMO_PASSWORD = "sousei-demo-2026"  # noqa: S105 - published demo login, embedded demo only
REGION_SLUG = "sample-region"


def _code(code5: str) -> str:
    return f"{code5}{check_digit(code5)}"


SAMPLE_PREFECTURE = AreaRecord(
    code=_code("99000"),
    name="サンプル県",
    kana="サンプルケン",
    kind=AreaKind.PREFECTURE,
    prefecture_code=_code("99000"),
    prefecture="サンプル県",
    parent_code=None,
    district="",
)


def _municipality(
    code5: str, name: str, kana: str, kind: AreaKind, district: str = ""
) -> AreaRecord:
    return AreaRecord(
        code=_code(code5),
        name=name,
        kana=kana,
        kind=kind,
        prefecture_code=SAMPLE_PREFECTURE.code,
        prefecture=SAMPLE_PREFECTURE.name,
        parent_code=SAMPLE_PREFECTURE.code,
        district=district,
    )


SAMPLE_MUNICIPALITIES = (
    _municipality("99201", "サンプル市", "サンプルシ", AreaKind.CITY),
    _municipality("99341", "サンプル東町", "サンプルヒガシマチ", AreaKind.TOWN, "サンプル郡"),
    _municipality("99382", "サンプル西村", "サンプルニシムラ", AreaKind.VILLAGE, "サンプル郡"),
)


@dataclass
class DemoContext:
    """What the steps share: a seeded random generator and a progress printer."""

    rng: random.Random
    say: Callable[[str], None]


def _areas_and_region(ctx: DemoContext) -> None:
    from sousei.areas.services import area_records_upsert, region_upsert
    from sousei.orgs.services import organisation_for_area, organisation_for_region

    area_records_upsert([SAMPLE_PREFECTURE, *SAMPLE_MUNICIPALITIES], is_sample=True)
    region = region_upsert(
        slug=REGION_SLUG,
        name="サンプル圏域",
        name_en="Sample Region",
        description=(
            "架空の県（サンプル県）の1市1町1村による連携圏域です。デモ用のサンプルデータです。"
        ),
        member_codes=[m.code for m in SAMPLE_MUNICIPALITIES],
        core_code=SAMPLE_MUNICIPALITIES[0].code,
        is_sample=True,
    )
    for municipality in SAMPLE_MUNICIPALITIES:
        organisation_for_area(code=municipality.code)
    organisation_for_region(region=region)
    ctx.say(f"  サンプル圏域: {', '.join(m.name for m in SAMPLE_MUNICIPALITIES)}")


def _staff(ctx: DemoContext) -> None:
    from django.contrib.auth import get_user_model

    from sousei.orgs.services import organisation_for_area, user_create

    if get_user_model().objects.filter(username=DEMO_USERNAME).exists():
        return
    user_create(
        username=DEMO_USERNAME,
        password=DEMO_PASSWORD,
        organisation=organisation_for_area(code=SAMPLE_MUNICIPALITIES[0].code),
        role="admin",
        department="政策企画課",
    )
    ctx.say(f"  staff login: {DEMO_USERNAME}")


DEMO_STEPS: list[Callable[[DemoContext], None]] = [_areas_and_region, _staff]


def demo_load(*, say: Callable[[str], None] = lambda _: None) -> None:
    """Load (or refresh) the demo data; the same seed always gives the same data."""
    ctx = DemoContext(rng=random.Random(SEED), say=say)  # noqa: S311 - reproducible fiction
    say("サンプルデータを読み込んでいます / loading the sample data …")
    for step in DEMO_STEPS:
        step(ctx)


# --- open data: a few datasets per municipality, each with two versions -------------------

FACILITY_KINDS = ("公民館", "図書館", "体育館", "子育て支援センター", "集会所")


def _public_facilities_csv(rng: random.Random, municipality: AreaRecord, year: int) -> str:
    """公共施設一覧 in the 自治体標準オープンデータセット column order, as a city exports it."""
    header = "全国地方公共団体コード,ID,地方公共団体名,名称,名称_カナ,種別,住所,緯度,経度,電話番号"
    lines = [header]
    count = 6 + (year - 2024)
    for i in range(count):
        kind = FACILITY_KINDS[i % len(FACILITY_KINDS)]
        lines.append(
            ",".join(
                [
                    municipality.code,
                    f"{i + 1:05d}",
                    municipality.name,
                    f"{municipality.name.removeprefix('サンプル')}第{i + 1}{kind}",
                    "",
                    kind,
                    f"サンプル県{municipality.name}本町{i + 1}-{rng.randint(1, 30)}",
                    f"{35 + rng.random():.6f}",
                    f"{135 + rng.random():.6f}",
                    f"0{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
                ]
            )
        )
    return "\n".join(lines) + "\n"


def _population_by_area_age_csv(rng: random.Random, municipality: AreaRecord, year: int) -> str:
    """地域・年齢別人口 in the government's layout: title row, 和暦 date, thousands, notes."""
    era_year = year - 2018
    lines = [
        f"{municipality.name} 地域・年齢別人口（令和{era_year}年3月31日現在）",
        "全国地方公共団体コード,地域コード,町字名,総数,男,女,0～14歳,15～64歳,65歳以上",
    ]
    for i, town in enumerate(("本町", "東町", "西町", "南町", "北町")):
        total = rng.randint(800, 4000) - (year - 2024) * 17
        male = total * 48 // 100
        young, old = total * 11 // 100, total * 36 // 100
        lines.append(
            f'{municipality.code},{municipality.code[:5]}{i + 1:04d},{town},"{total:,}",'
            f"{male},{total - male},{young},{total - young - old},{old}"
        )
    lines.append("資料：住民基本台帳（サンプルデータ）")
    return "\n".join(lines) + "\n"


DEMO_DATASETS = (
    ("public-facilities", "公共施設一覧", _public_facilities_csv, ["公共施設", "自治体標準"]),
    (
        "population-by-area-age",
        "地域・年齢別人口",
        _population_by_area_age_csv,
        ["人口", "自治体標準"],
    ),
)


def _datasets(ctx: DemoContext) -> None:
    import tempfile
    from pathlib import Path

    from sousei.catalog.models import Dataset
    from sousei.catalog.services import dataset_load_file

    for municipality in SAMPLE_MUNICIPALITIES:
        for slug, title, make, tags in DEMO_DATASETS:
            name = f"{slug}-{municipality.code}"
            if Dataset.objects.filter(name=name).exists():
                continue
            for year in (2024, 2025):
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / f"{title}_{year}.csv"
                    path.write_bytes(make(ctx.rng, municipality, year).encode("cp932"))
                    dataset_load_file(
                        actor=None,
                        org_code=municipality.code,
                        dataset_name=name,
                        path=path,
                        title=f"{municipality.name} {title}",
                        resource_name=title,
                        schema=slug,
                    )
            Dataset.objects.filter(name=name).update(
                tags=tags, description=f"{municipality.name}の{title}です（サンプルデータ）。"
            )
    ctx.say(f"  datasets: {len(SAMPLE_MUNICIPALITIES) * len(DEMO_DATASETS)}")


DEMO_STEPS.append(_datasets)


def _statistics(ctx: DemoContext) -> None:
    """Thirty years of consistent population, births, deaths and moves for each municipality,
    loaded like a city's own files (`sousei stats import`)."""
    import tempfile
    from pathlib import Path

    from sousei.catalog.models import Dataset
    from sousei.demo_statistics import demo_statistic_files
    from sousei.stats.services import stats_import_file

    if Dataset.objects.filter(name=f"statistics-{SAMPLE_MUNICIPALITIES[0].code}").exists():
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = demo_statistic_files(Path(tmp), SEED)
        for code, path in files:
            stats_import_file(actor=None, area_code=code, path=path)
    ctx.say(f"  statistics: {len(files)} files")


DEMO_STEPS.append(_statistics)


# --- population vision: the projection each municipality published in 2015 ---------------

VISION_NAME = "人口ビジョン（2015年策定）"
VISION_TFR, VISION_REACH = 1.8, 2030  # the vision's own target, as many towns set it


def _vision_csv(name: str, years: list[int], totals: list[float]) -> bytes:
    """The wide table a vision publishes: years as columns, one row of totals."""
    from sousei.demo_statistics import city_table

    return city_table(
        f"{name}人口ビジョン　将来人口の推計（独自推計）",
        ["区分", *(f"{y}年" for y in years)],
        [["総人口", *(round(v) for v in totals)]],
        "資料：人口ビジョン",
    )


def _vision(ctx: DemoContext) -> None:
    """Each municipality's vision of 2015 — estimated from its own table up to 2015, fertility
    to 1.8 by 2030 — stored as a projection, so the pages can hold it against the counts since."""
    import tempfile
    from pathlib import Path

    from sousei.projection import projection_run
    from sousei.projection.estimate import estimate_assumptions
    from sousei.projection.scenarios import sim1
    from sousei.stats.models import StatSeries
    from sousei.stats.selectors import stat_table
    from sousei.stats.services import stats_import_file
    from sousei.stats.tables import Provenance

    if StatSeries.objects.filter(is_projection=True, vintage=VISION_NAME).exists():
        return
    provenance = Provenance("projection", VISION_NAME, is_projection=True)
    with tempfile.TemporaryDirectory() as tmp:
        for municipality in SAMPLE_MUNICIPALITIES:
            population = stat_table("population", municipality.code)
            before = population[population["date"].dt.year <= 2015]
            estimate = estimate_assumptions(before, code=municipality.code)
            scenario = sim1(target_tfr=VISION_TFR, reach_year=VISION_REACH)
            (result,) = projection_run([estimate.area], to_year=2060, scenarios=[scenario])
            path = Path(tmp) / f"人口ビジョン_{municipality.code}.csv"
            path.write_bytes(_vision_csv(municipality.name, list(result.years), result.total))
            stats_import_file(
                actor=None,
                area_code=municipality.code,
                path=path,
                dataset_name=f"vision-{municipality.code}",
                provenance=provenance,
            )
    ctx.say(f"  人口ビジョン / population visions: {len(SAMPLE_MUNICIPALITIES)}")


DEMO_STEPS.append(_vision)


def _strategies(ctx: DemoContext) -> None:
    """Each municipality's strategy (some KPIs read from its statistics), verification texts for
    the latest year, and the region's shared strategy rolled up from the members."""
    from sousei.areas.models import Region
    from sousei.demo_strategy import SHARED_KPI, STRATEGY_NAME, demo_plan, region_plan
    from sousei.orgs.services import organisation_for_area, organisation_for_region
    from sousei.strategy.models import Strategy
    from sousei.strategy.services import review_set, strategy_import, strategy_publish

    if Strategy.objects.filter(name=STRATEGY_NAME, organisation__is_sample=True).exists():
        return
    leavers_total = movers_total = 0.0
    for municipality in SAMPLE_MUNICIPALITIES:
        base = _baselines(municipality.code)
        leavers_total += base.get("転出者数", 0.0)
        plan = demo_plan(ctx.rng, municipality.name, base, size=base["総人口"] / 30000)
        movers_total += next(i.target_value for i in plan.indicators if i.name == SHARED_KPI)
        organisation = organisation_for_area(code=municipality.code)
        strategy = strategy_import(actor=None, organisation=organisation, plan=plan, via="demo")
        strategy_publish(actor=None, strategy=strategy, via="demo")
        for indicator in strategy.indicators.filter(kind="kpi")[:6]:
            review_set(
                actor=None,
                indicator=indicator,
                year=2024,
                via="demo",
                analysis="相談体制の強化により実績は伸びたが、若年層への周知が課題として残った。",
                issues="20歳代への情報発信の手段が限られている。",
                next_step=ctx.rng.choice(["expand", "improve", "continue"]),
                council_comment="成果指標と事業の関係を次年度の検証でより明確にしてほしい。",
            )
    region = Region.objects.get(slug=REGION_SLUG)
    shared = strategy_import(
        actor=None,
        organisation=organisation_for_region(region=region),
        plan=region_plan(leavers_total, movers_total),
        via="demo",
    )
    strategy_publish(actor=None, strategy=shared, via="demo")
    ctx.say(f"  総合戦略 / strategies: {len(SAMPLE_MUNICIPALITIES)} + 1 (region)")


def _baselines(code: str) -> dict[str, float]:
    """The baseline-year figures the goals' 数値目標 start from, read from the statistics."""
    from sousei.demo_strategy import BASE
    from sousei.stats.area import natural_change_rows, population_rows, social_change_rows

    figures: dict[str, float] = {}
    for row in population_rows(code):
        if row["year"] == BASE:
            figures["総人口"] = float(row["total"])
    for row in social_change_rows(code):
        if row["year"] == BASE:
            figures["転出者数"] = float(row["moves_out"])
    for row in natural_change_rows(code):
        if row["year"] == BASE:
            figures["出生数"] = float(row["births"])
    return figures


DEMO_STEPS.append(_strategies)


STORY_POPULATION = """サンプル市の人口は [[figure:population:992011]] です。
1995年から減り続けています。

[[chart:population:992011]]

減少の内訳を見ると、出生より死亡が多い「自然減」に加え、20歳代を中心とした転出超過が続いています。

[[chart:social-change:992011]]

総合戦略では転出者数を数値目標にしています。現在の状況は [[figure:kpi:{leavers}]] です。

[[kpi:{leavers}]]

このまま推移した場合の将来人口は次のとおりです。

[[projection:992011]]
"""

STORY_REGION = """サンプル圏域の1市1町1村は、移住相談を共同で行っています。

[[kpi:{movers}]]

各市町村の窓口を通じた移住者数を合計したものです。町村では子育て世代の転入が課題です。

[[chart:moves-by-age:993417]]
"""


def _participation(ctx: DemoContext) -> None:
    """Two published stories over the demo's statistics and KPIs, comments in each state,
    and data requests in each state."""
    from sousei.orgs.services import organisation_for_area
    from sousei.participation.models import RequestStatus, Story
    from sousei.participation.services import (
        Poster,
        comment_moderate,
        comment_reply,
        comment_submit,
        request_submit,
        request_update,
        story_publish,
        story_save,
    )
    from sousei.strategy.models import Indicator

    if Story.objects.filter(organisation__is_sample=True).exists():
        return
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username=DEMO_USERNAME)
    city = organisation_for_area(code=SAMPLE_MUNICIPALITIES[0].code)
    leavers = Indicator.objects.get(strategy__organisation=city, name="転出者数")
    movers = Indicator.objects.get(
        strategy__organisation__region__slug=REGION_SLUG, name="移住相談窓口を通じた移住者数"
    )
    stories = [
        story_save(
            actor=staff,
            organisation=city,
            slug="population-of-sample-city",
            title="データで見るサンプル市の人口",
            body=STORY_POPULATION.format(leavers=leavers.pk),
            department="政策企画課",
        ),
        story_save(
            actor=staff,
            organisation=city,
            slug="moving-to-the-region",
            title="圏域でふえる移住者",
            body=STORY_REGION.format(movers=movers.pk),
            department="政策企画課",
        ),
    ]
    for story in stories:
        story_publish(actor=staff, story=story)
    comments = [
        ("若い人が残れる仕事をもっと増やしてほしいです。", "市民A", "publish",
         "ご意見ありがとうございます。創業支援の拡充を検討しています。"),
        ("グラフがわかりやすかったです。地区別の数字も見たいです。", "", "publish", ""),
        ("子育て支援センターの土曜開所はいつからですか。", "子育て中", "pending", ""),
        ("宣伝です http://spam.example", "", "hide", "広告のため"),
    ]  # fmt: skip
    for number, (body, name, state, text) in enumerate(comments):
        comment = comment_submit(
            poster=Poster(f"192.0.2.{10 + number}"),
            target_kind="story",
            target_key=str(stories[0].pk),
            body=body,
            display_name=name,
        )
        if state == "publish":
            comment_moderate(actor=staff, comment=comment, action="publish")
        if state == "hide":
            comment_moderate(actor=staff, comment=comment, action="hide", reason=text)
        elif text:
            comment_reply(actor=staff, comment=comment, text=text)
    requests = [
        ("AED設置箇所の一覧", None, "", ""),
        ("地区別・年齢別の人口（毎月）", RequestStatus.CONSIDERING, "population-by-district", ""),
        ("公共施設の一覧", RequestStatus.PUBLISHED, f"public-facilities-{city.slug}", ""),
        ("個人別の納税額", RequestStatus.DECLINED, "", "個人情報のため公開できません。"),
    ]
    for number, (title, status, dataset, reason) in enumerate(requests):
        asked = request_submit(
            poster=Poster(f"198.51.100.{10 + number}"), organisation=city, title=title
        )
        if status:
            request_update(
                actor=staff, data_request=asked, status=status, reason=reason, dataset_name=dataset
            )
    ctx.say("  記事・コメント・データの要望 / stories, comments, data requests")


DEMO_STEPS.append(_participation)
