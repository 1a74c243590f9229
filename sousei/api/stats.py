"""`/api/v1/areas/{code}/…` and `/api/v1/rankings`: the regional statistics the pages show.
Years are Western calendar years (H30 → 2018)."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from sousei.api.errors import ERROR_RESPONSES, request_language
from sousei.areas.selectors import area_get, prefecture_resolve
from sousei.errors import InvalidInput, NotFound
from sousei.stats import area as stats

router = Router(tags=["statistics"])


class PopulationRow(Schema):
    year: int
    date: str
    total: int | None
    male: int | None
    female: int | None
    age_0_14: int | None
    age_15_64: int | None
    age_65_plus: int | None
    aging_rate: float | None
    unknown_age: int | None


class PyramidClass(Schema):
    age: str
    male: int
    female: int
    male_overlay: int | None = None
    female_overlay: int | None = None


class OverlayOut(Schema):
    against: Literal["first", "prefecture", "nation"]
    area_code: str
    label: str


class PyramidOut(Schema):
    year: int
    date: str
    classes: list[PyramidClass]
    unknown_male: int
    unknown_female: int
    overlay: OverlayOut | None = None


class NaturalChangeRow(Schema):
    year: int
    births: int
    deaths: int
    natural_change: int


class SocialChangeRow(Schema):
    year: int
    moves_in: int
    moves_out: int
    social_change: int


class MoveByAge(Schema):
    age: str
    moves_in: int
    moves_out: int
    net: int


class MoveByPlace(Schema):
    counterpart_code: str | None
    counterpart_name: str | None
    moves_in: int
    moves_out: int
    net: int


class MovesOut(Schema):
    years: list[int]
    by_age: list[MoveByAge]
    by_place: list[MoveByPlace]


class PopulationChangeRow(Schema):
    year: int
    natural_change: int
    social_change: int
    total_change: int


class FindingOut(Schema):
    rule: str
    kind: str
    text: str
    figures: dict[str, Any]


class FindingsOut(Schema):
    findings: list[FindingOut]


class RankingRow(Schema):
    area_code: str
    name: str
    value: float
    rank: int
    percentile: float
    prefecture_rank: int
    size_band: str | None


class RankingOut(Schema):
    indicator: str
    label: str
    count: int
    results: list[RankingRow]


def _code(code: str) -> str:
    """A known area's 6-digit code (districts are reached through their municipality)."""
    return area_get(code=code).code


@router.get("/areas/{code}/population", response={200: list[PopulationRow], **ERROR_RESPONSES})
def area_population(
    request: HttpRequest,
    code: str,
    start: int | None = Query(None, alias="from"),
    end: int | None = Query(None, alias="to"),
) -> list[dict[str, Any]]:
    """人口構成 by date: totals, sexes, 年齢3区分, 高齢化率 and 年齢不詳."""
    return stats.population_rows(_code(code), start=start, end=end)


@router.get("/areas/{code}/pyramid", response={200: PyramidOut, **ERROR_RESPONSES})
def area_pyramid(
    request: HttpRequest,
    code: str,
    year: int | None = None,
    overlay: Literal["first", "prefecture", "nation"] | None = None,
) -> object:
    """人口ピラミッド: men and women by 5-year class at the latest date of `year`; with `overlay`,
    the first date held, or the prefecture or nation scaled to the same total, on the same
    classes (`overlay` is null when that is not held)."""
    area_code = _code(code)
    view = stats.pyramid_view(area_code, year=year)
    if view is None:
        raise NotFound(
            "この年の年齢別人口がありません。",
            "No population by age for that year.",
            code="no_pyramid",
        )
    found = overlay and stats.pyramid_overlay_view(area_code, year=year, against=overlay)
    if not found:
        return view
    return {
        **dataclasses.asdict(view),
        "classes": found.classes,
        "overlay": {"against": found.against, "area_code": found.area_code, "label": found.label},
    }


@router.get(
    "/areas/{code}/natural-change", response={200: list[NaturalChangeRow], **ERROR_RESPONSES}
)
def area_natural_change(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """自然増減 per year: births − deaths."""
    return stats.natural_change_rows(_code(code))


@router.get("/areas/{code}/social-change", response={200: list[SocialChangeRow], **ERROR_RESPONSES})
def area_social_change(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """社会増減 per year: moves in − moves out."""
    return stats.social_change_rows(_code(code))


@router.get(
    "/areas/{code}/population-change",
    response={200: list[PopulationChangeRow], **ERROR_RESPONSES},
)
def area_population_change(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """人口増減 per year: natural + social change, for the years both are held."""
    return stats.population_change_rows(_code(code))


@router.get("/areas/{code}/moves", response={200: MovesOut, **ERROR_RESPONSES})
def area_moves(request: HttpRequest, code: str, years: int = 5) -> dict[str, Any]:
    """転入転出 summed over the latest `years` years (1–30): by 5-year age class (which ages
    leave, which arrive) and by place moved from or to, largest net loss first."""
    if not 1 <= years <= 30:
        raise InvalidInput("years は 1〜30 です。", "years must be from 1 to 30.")
    area_code = _code(code)
    summed, by_age = stats.moves_by_age_rows(area_code, years=years)
    _summed, by_place = stats.counterpart_rows(area_code, years=years)
    return {"years": summed, "by_age": by_age, "by_place": by_place}


@router.get("/areas/{code}/findings", response={200: FindingsOut, **ERROR_RESPONSES})
def area_findings(
    request: HttpRequest, code: str, lang: Literal["ja", "en"] | None = None
) -> dict[str, Any]:
    """分析結果: sentences generated from the figures, each with the figures it rests on."""
    language = lang or request_language(request)
    return {
        "findings": [
            {"rule": f.rule_id, "kind": f.kind, "text": f.text(language), "figures": f.figures}
            for f in stats.findings_for(_code(code))
        ]
    }


@router.get("/rankings", response={200: RankingOut, **ERROR_RESPONSES})
def rankings(
    request: HttpRequest, indicator: str = "population", prefecture: str | None = None
) -> dict[str, Any]:
    """Every municipality ranked on an indicator; `prefecture` keeps one prefecture's."""
    if indicator not in stats.INDICATORS:
        raise InvalidInput(
            f"指標「{indicator}」はありません（{', '.join(stats.INDICATORS)}）。",
            f"Unknown indicator {indicator!r}; use one of {', '.join(stats.INDICATORS)}.",
            code="unknown_indicator",
        )
    digits = prefecture_resolve(prefecture).code[:2] if prefecture else None
    rows = stats.ranking_rows(indicator, prefecture=digits)
    names = stats.area_names([row["area_code"] for row in rows])
    label_ja, label_en, _ = stats.INDICATORS[indicator]
    language = request_language(request)
    return {
        "indicator": indicator,
        "label": label_en if language == "en" else label_ja,
        "count": len(rows),
        "results": [{**row, "name": names.get(row["area_code"], "")} for row in rows],
    }
