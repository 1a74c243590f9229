"""人口ビジョン page: an area's projection under every standard scenario, the pyramid of any
target year beside the base year, the 3-group shares, the 影響度, stored projections against the
counts, and the assumptions in a table staff can edit, all downloadable as CSV and XLSX.

Editing recomputes for the visitor only; nothing is stored, so no permission is needed.
"""

from __future__ import annotations

import io
import math
from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sousei.areas import selectors as areas
from sousei.errors import InvalidInput
from sousei.ingest.numbers import parse_number
from sousei.projection import ProjectionResult, results_xlsx
from sousei.projection.ages import AGE_CLASSES, OLD, TRANSITIONS, WORKING, YOUNG, transition_label
from sousei.projection.scenarios import STANDARD
from sousei.projection.writers import HEADERS, result_rows
from sousei.stats import vision
from sousei.web import charts
from sousei.web.context import english
from sousei.web.stats import Chart, csv_response

# (form field prefix, Edits attribute, sex index, decimals shown, lowest, highest)
RATE_FIELDS = (
    ("survival_male", "survival", 0, 4, 0.0, 1.0),
    ("survival_female", "survival", 1, 4, 0.0, 1.0),
    ("migration_male", "migration", 0, 4, -1.0, 2.0),
    ("migration_female", "migration", 1, 4, -1.0, 2.0),
)
SCALAR_FIELDS = (
    ("child_woman_ratio", 4, 0.0, 2.0),
    ("sex_ratio_0_4", 1, 50.0, 200.0),
    ("tfr_base", 3, 0.1, 5.0),
)


# What each posted field is, for errors: 「生残率（男） 15-19→20-24の値「x」は…」.
FIELD_NAMES = {
    "survival_male": ("生残率（男）", "survival, male"),
    "survival_female": ("生残率（女）", "survival, female"),
    "migration_male": ("純移動率（男）", "net migration, male"),
    "migration_female": ("純移動率（女）", "net migration, female"),
    "child_woman_ratio": ("子ども女性比", "child-woman ratio"),
    "sex_ratio_0_4": ("0〜4歳の性比", "sex ratio aged 0-4"),
    "tfr_base": ("基準の合計特殊出生率", "base fertility rate"),
    "year": ("年", "year"),
    **vision.SETTING_NAMES,
}


def _field_names(name: str) -> tuple[str, str]:
    """The names of a posted field: survival_male_3 is 「生残率（男） 15-19→20-24」."""
    prefix, _sep, index = name.rpartition("_")
    if prefix in FIELD_NAMES and index.isdigit() and int(index) < len(TRANSITIONS):
        ja, en = FIELD_NAMES[prefix]
        label = transition_label(int(index))
        return f"{ja} {label}", f"{en} {label}"
    return FIELD_NAMES.get(name, (name, name))


def number_field(
    data: QueryDict, name: str, low: float = -math.inf, high: float = math.inf
) -> float | None:
    """A posted number, or None when left blank; anything else names the field (400)."""
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    parsed = parse_number(raw)
    value = math.nan if parsed is None else float(parsed)
    if not math.isfinite(value):
        ja, en = _field_names(name)
        raise InvalidInput(
            f"{ja}の値「{raw}」は数値ではありません。",
            f"{en}: {raw!r} is not a number.",
            code="invalid_assumption",
        )
    if not low <= value <= high:
        raise vision.out_of_range(_field_names(name), raw, low, high)
    return value


def settings_from(data: QueryDict, base_year: int) -> vision.Settings:
    return vision.settings_for(
        base_year,
        to_year=number_field(data, "to"),
        target_tfr=number_field(data, "target_tfr"),
        reach_year=number_field(data, "reach_year"),
    )


def _shown(value: float, decimals: int) -> float:
    return round(float(value), decimals)


def edits_from(data: QueryDict, estimate_area: Any) -> vision.Edits:
    """Cells whose posted value differs from the estimate as shown: only those are changed."""
    cells = {"survival": np.full((2, 18), np.nan), "migration": np.full((2, 18), np.nan)}
    defaults = {"survival": estimate_area.survival[0], "migration": estimate_area.net_migration[0]}
    for prefix, attribute, sex, decimals, low, high in RATE_FIELDS:
        for i in range(len(TRANSITIONS)):
            value = number_field(data, f"{prefix}_{i}", low, high)
            if value is not None and value != _shown(defaults[attribute][sex, i], decimals):
                cells[attribute][sex, i] = value
    scalars: dict[str, float | None] = {}
    for name, decimals, low, high in SCALAR_FIELDS:
        value = number_field(data, name, low, high)
        current = getattr(estimate_area, name)[0]
        scalars[name] = value if value is not None and value != _shown(current, decimals) else None
    return vision.Edits(survival=cells["survival"], migration=cells["migration"], **scalars)


def _assumption_rows(area: Any) -> list[dict[str, Any]]:
    """One row per transition: survival and migration by sex, the first step's values."""
    return [
        {
            "index": i,
            "label": transition_label(i),
            "survival_male": _shown(area.survival[0, 0, i], 4),
            "survival_female": _shown(area.survival[0, 1, i], 4),
            "migration_male": _shown(area.net_migration[0, 0, i], 4),
            "migration_female": _shown(area.net_migration[0, 1, i], 4),
        }
        for i in range(len(TRANSITIONS))
    ]


def _label(result: ProjectionResult) -> str:
    return result.scenario.label_en if english() else result.scenario.label_ja


def _totals_chart(code: str, run: vision.Vision, query: str) -> Chart:
    """Every scenario, every stored projection and the counts on one time axis."""
    actual, _provenance = vision.actual_totals(code)
    years = sorted(
        {*run.results[0].years}
        | {y for c in run.comparisons for y in c.projection.totals}
        | {y for y in actual if (y - run.results[0].years[0]) % 5 == 0}
    )
    series = [charts.Series(_label(r), [_at(r, y) for y in years]) for r in run.results]
    for comparison in run.comparisons:
        totals = comparison.projection.totals
        name = comparison.projection.series.vintage or _("Stored projection")
        series.append(charts.Series(name, [totals.get(y) for y in years]))
    series.append(charts.Series(_("Counted"), [actual.get(y) for y in years]))
    title = _("Projected population by scenario")
    last = years[-1]
    summary = "; ".join(f"{_label(r)} {round(r.total_in(last)):,} ({last})" for r in run.results)
    svg = charts.line_chart(title, years, series, unit=_("people"), summary=summary)
    return Chart(
        id="chart-projection",
        title=title,
        svg=mark_safe(svg),  # noqa: S308 - charts escape every text they draw
        summary=summary,
        table_headers=[_("Year"), *(s.label for s in series)],
        table_rows=[[y, *(_whole(s.values[i]) for s in series)] for i, y in enumerate(years)],
        csv_url=reverse("area_projection_download", args=[code, "csv"]) + query,
        png_name=f"{code}-projection",
    )


def _at(result: ProjectionResult, year: int) -> float | None:
    return result.total_in(year) if year in result.years else None


def _whole(value: float | None) -> int | None:
    return None if value is None else round(value)


def _pyramid_chart(code: str, result: ProjectionResult, year: int, query: str) -> Chart:
    index = result.years.index(year)
    male, female = result.male[index].round(), result.female[index].round()
    base_male, base_female = result.male[0].round(), result.female[0].round()
    title = _("Population pyramid in %(year)s (%(scenario)s)") % {
        "year": year,
        "scenario": _label(result),
    }
    summary = _("%(year)s: %(total)s people; the outline shows %(base)s.") % {
        "year": year,
        "total": f"{round(result.total_in(year)):,}",
        "base": result.years[0],
    }
    svg = charts.pyramid_chart(
        title,
        list(AGE_CLASSES),
        male.tolist(),
        female.tolist(),
        overlay_male=base_male.tolist(),
        overlay_female=base_female.tolist(),
        overlay_label=str(result.years[0]),
        labels=(_("Male"), _("Female")),
        summary=summary,
    )
    return Chart(
        id="chart-projection-pyramid",
        title=title,
        svg=mark_safe(svg),  # noqa: S308 - charts escape every text they draw
        summary=summary,
        table_headers=[
            _("Age"),
            f"{_('Male')} {year}",
            f"{_('Female')} {year}",
            f"{_('Male')} {result.years[0]}",
            f"{_('Female')} {result.years[0]}",
        ],
        table_rows=[
            [age, int(m), int(f), int(bm), int(bf)]
            for age, m, f, bm, bf in zip(
                AGE_CLASSES, male, female, base_male, base_female, strict=True
            )
        ],
        csv_url=reverse("area_projection_download", args=[code, "csv"]) + query,
        png_name=f"{code}-projection-{year}",
    )


def _download(code: str, run: vision.Vision, fmt: str) -> HttpResponse:
    name = f"{code}-projection"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        results_xlsx(run.results, buffer, assumptions=[run.area])
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        rows = [row for result in run.results for row in result_rows(result)]
        return csv_response(f"{name}.csv", list(HEADERS), rows)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _run(request: HttpRequest, code: str, name: str) -> tuple[vision.Vision | None, Any]:
    estimate = vision.area_estimate(code, name)
    if estimate is None:
        return None, None
    data = request.POST if request.method == "POST" else request.GET
    settings = settings_from(data, estimate.area.base_year)
    edits = edits_from(request.POST, estimate.area) if request.method == "POST" else None
    return vision.area_vision(code, name, settings=settings, edits=edits), settings


def projection_chart(code: str, name: str) -> Chart | None:
    """The totals of every scenario with the default settings, as a data story embeds it."""
    run = vision.area_vision(code, name)
    if run is None:
        return None
    return _totals_chart(code, run, "?" + _query(vision.settings_for(run.area.base_year)))


def area_projection(request: HttpRequest, code: str) -> HttpResponse:
    area = areas.area_get(code=code)
    run, settings = _run(request, area.code, area.name)
    if run is None:
        return render(request, "web/area_projection.html", {"area": area, "run": None})
    data = request.POST if request.method == "POST" else request.GET
    download = data.get("download")
    if download in ("csv", "xlsx"):
        return _download(area.code, run, download)
    scenario = data.get("scenario") if data.get("scenario") in STANDARD else "base"
    chosen = run.results[STANDARD.index(scenario)]
    years = list(chosen.years)
    chosen_year = number_field(data, "year", years[1], years[-1])
    year = min(2050, years[-1]) if chosen_year is None else int(chosen_year)
    year = year if year in years else years[-1]
    query = "?" + _query(settings)
    language = "en" if english() else "ja"
    context = {
        "area": area,
        "run": run,
        "settings": settings,
        "scenario": scenario,
        "scenarios": [(r.scenario.name, _label(r)) for r in run.results],
        "year": year,
        "years": years[1:],
        "charts": [
            _totals_chart(area.code, run, query),
            _pyramid_chart(area.code, chosen, year, query),
        ],
        "shares": _shares(run.results),
        "assumptions": _assumption_rows(run.area),
        "scalars": {
            "child_woman_ratio": _shown(run.area.child_woman_ratio[0], 4),
            "sex_ratio_0_4": _shown(run.area.sex_ratio_0_4[0], 1),
            "tfr_base": _shown(run.area.tfr_base[0], 3),
        },
        "warnings": run.estimate.warnings_in(language),
        "comparisons": [
            {
                "name": c.projection.series.vintage,
                "gaps": c.gaps,
                "finding": c.finding.text(language) if c.finding else None,
            }
            for c in run.comparisons
        ],
        "query": query,
    }
    return render(request, "web/area_projection.html", context)


def _query(settings: vision.Settings) -> str:
    return urlencode(
        {
            "to": settings.to_year,
            "target_tfr": f"{settings.target_tfr:g}",
            "reach_year": settings.reach_year,
        }
    )


def _shares(results: list[ProjectionResult]) -> list[dict[str, Any]]:
    """年齢3区分 shares (%) per scenario and year."""
    rows = []
    for result in results:
        young, working, old = (result.share(ages).round(2) for ages in (YOUNG, WORKING, OLD))
        for i, year in enumerate(result.years):
            rows.append(
                {
                    "scenario": _label(result),
                    "year": year,
                    "total": round(float(result.total[i])),
                    "young": float(young[i]),
                    "working": float(working[i]),
                    "old": float(old[i]),
                }
            )
    return rows


def area_projection_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The projection with the estimated assumptions as CSV (UTF-8 with BOM) or XLSX."""
    area = areas.area_get(code=code)
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("形式は csv か xlsx です。", "The format is csv or xlsx.")
    run, _settings = _run(request, area.code, area.name)
    if run is None:
        raise InvalidInput(
            "この地域には推計に必要な年齢別人口がありません。",
            "This area has no population by age to project from.",
            code="no_projection",
        )
    return _download(area.code, run, fmt)
