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
