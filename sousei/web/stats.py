"""Statistics pages: an area's dashboard with the RESAS menu, and the national ranking.

Every chart is drawn server-side from the same rows the API returns (`sousei.stats.area`), with
its table, a CSV of exactly those rows and a PNG made in the browser.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sousei.areas import selectors as areas
from sousei.areas.boundaries import svg_paths
from sousei.errors import InvalidInput, NotFound
from sousei.spreadsheet import neutralise
from sousei.stats import area as stats
from sousei.stats.wording import signed
from sousei.web import charts, maps
from sousei.web.context import english


@dataclass(frozen=True)
class Chart:
    """What `_chart.html` shows: the SVG, its table, and where its CSV is."""

    id: str
    title: str
    svg: str
    summary: str
    table_headers: list[str]
    table_rows: list[list[Any]]
    csv_url: str
    png_name: str


def _rows(name: str, code: str) -> list[dict[str, Any]]:
    readers = {
        "pyramid": lambda: _pyramid_rows(code),
        "population": lambda: stats.population_rows(code),
        "natural-change": lambda: stats.natural_change_rows(code),
        "social-change": lambda: stats.social_change_rows(code),
        "population-change": lambda: stats.population_change_rows(code),
        "moves-by-age": lambda: stats.moves_by_age_rows(code)[1],
        "counterparts": lambda: stats.counterpart_rows(code)[1],
    }
    if name not in readers:
        raise NotFound("その表はありません。", "No such table.", code="no_such_table")
    return readers[name]()


def _pyramid_rows(code: str) -> list[dict[str, Any]]:
    view = stats.pyramid_view(code)
    return view.classes if view else []


RANKING_PAGE = 100

COLUMNS = {
    "pyramid": [
        ("age", gettext_noop("Age")),
        ("male", gettext_noop("Male")),
        ("female", gettext_noop("Female")),
    ],
    "population": [
        ("year", gettext_noop("Year")),
        ("total", gettext_noop("Population")),
        ("male", gettext_noop("Male")),
        ("female", gettext_noop("Female")),
        ("age_0_14", gettext_noop("Aged 0-14")),
        ("age_15_64", gettext_noop("Aged 15-64")),
        ("age_65_plus", gettext_noop("Aged 65+")),
        ("aging_rate", gettext_noop("Aging rate (%)")),
        ("unknown_age", gettext_noop("Age unknown")),
    ],
    "natural-change": [
        ("year", gettext_noop("Year")),
        ("births", gettext_noop("Births")),
        ("deaths", gettext_noop("Deaths")),
        ("natural_change", gettext_noop("Natural change")),
    ],
    "social-change": [
        ("year", gettext_noop("Year")),
        ("moves_in", gettext_noop("Moves in")),
        ("moves_out", gettext_noop("Moves out")),
        ("social_change", gettext_noop("Social change")),
    ],
    "population-change": [
        ("year", gettext_noop("Year")),
        ("natural_change", gettext_noop("Natural change")),
        ("social_change", gettext_noop("Social change")),
        ("total_change", gettext_noop("Total change")),
    ],
    "moves-by-age": [
        ("age", gettext_noop("Age")),
        ("moves_in", gettext_noop("Moves in")),
        ("moves_out", gettext_noop("Moves out")),
        ("net", gettext_noop("Net")),
    ],
    "counterparts": [
        ("counterpart_name", gettext_noop("Place")),
        ("counterpart_code", gettext_noop("Code")),
        ("moves_in", gettext_noop("Moves in (from there)")),
        ("moves_out", gettext_noop("Moves out (to there)")),
        ("net", gettext_noop("Net")),
    ],
}


def _headers(name: str) -> list[str]:
    return [_(label) for _key, label in COLUMNS[name]]


def _table(name: str, rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[row.get(key) for key, _label in COLUMNS[name]] for row in rows]


def _chart(code: str, name: str, title: str, svg: str, summary: str, rows: list) -> Chart:
    return Chart(
        id=f"chart-{name}",
        title=title,
        svg=mark_safe(svg),  # noqa: S308 - charts escape every text they draw
        summary=summary,
        table_headers=_headers(name),
        table_rows=_table(name, rows),
        csv_url=reverse("area_stats_csv", args=[code, name]),
        png_name=f"{code}-{name}",
    )


def _population_chart(code: str, rows: list[dict[str, Any]]) -> Chart | None:
    if len(rows) < 2:
        return None
    years = [r["year"] for r in rows]
    series = [
        charts.Series(_("Aged 0-14"), [r["age_0_14"] for r in rows]),
        charts.Series(_("Aged 15-64"), [r["age_15_64"] for r in rows]),
        charts.Series(_("Aged 65+"), [r["age_65_plus"] for r in rows]),
    ]
    title = _("Population by age group")
    summary = _("Population %(first)s in %(y1)s and %(last)s in %(y2)s.") % {
        "first": f"{rows[0]['total']:,}",
        "y1": years[0],
        "last": f"{rows[-1]['total']:,}",
        "y2": years[-1],
    }
    svg = charts.bar_chart(title, years, series, stacked=True, unit=_("people"), summary=summary)
    return _chart(code, "population", title, svg, summary, rows)


def _overlay_label(overlay: stats.PyramidOverlay) -> str:
    if overlay.against == "nation":
        return _("Japan %(year)s (scaled)") % {"year": overlay.label}
    if overlay.against == "prefecture":
        return _("Prefecture %(date)s (scaled)") % {"date": overlay.label}
    return overlay.label


def _overlay_query(view: stats.PyramidView, overlay: stats.PyramidOverlay | None) -> str:
    """The CSV is the pyramid on screen: its year, and its outline when there is one."""
    query = ({"overlay": overlay.against} if overlay else {}) | {"year": view.year}
    return "?" + urlencode(query)


def _pyramid_chart(
    code: str, view: stats.PyramidView | None, overlay: stats.PyramidOverlay | None
) -> Chart | None:
    """The latest pyramid, outlined by the first date held, the prefecture or the nation."""
    if view is None:
        return None
    classes = overlay.classes if overlay else view.classes
    ages = [c["age"] for c in classes]
    male = [c["male"] for c in classes]
    female = [c["female"] for c in classes]
    title = _("Population pyramid (%(date)s)") % {"date": view.date}
    summary = _("Men %(male)s, women %(female)s of known age.") % {
        "male": f"{sum(male):,}",
        "female": f"{sum(female):,}",
    }
    labels = (_("Male"), _("Female"))
    headers = [_("Age"), _("Male"), _("Female")]
    extra: dict[str, Any] = {}
    if overlay is not None:
        label = _overlay_label(overlay)
        extra = {
            "overlay_male": [c["male_overlay"] for c in classes],
            "overlay_female": [c["female_overlay"] for c in classes],
            "overlay_label": label,
        }
        summary += " " + _("The outline shows %(date)s.") % {"date": label}
        headers += [f"{_('Male')} ({label})", f"{_('Female')} ({label})"]
    svg = charts.pyramid_chart(title, ages, male, female, labels=labels, summary=summary, **extra)
    keys = ["age", "male", "female"] + (["male_overlay", "female_overlay"] if overlay else [])
    return Chart(
        id="chart-pyramid",
        title=title,
        svg=mark_safe(svg),  # noqa: S308 - charts escape every text they draw
        summary=summary,
        table_headers=headers,
        table_rows=[[c[k] for k in keys] for c in classes],
        csv_url=reverse("area_stats_csv", args=[code, "pyramid"]) + _overlay_query(view, overlay),
        png_name=f"{code}-pyramid",
    )


def _change_chart(code: str, name: str, rows: list[dict[str, Any]]) -> Chart | None:
    if not rows:
        return None
    natural = name == "natural-change"
    keys = (
        ("births", "deaths", "natural_change")
        if natural
        else ("moves_in", "moves_out", "social_change")
    )
    labels = (
        (_("Births"), _("Deaths"), _("Natural change"))
        if natural
        else (_("Moves in"), _("Moves out"), _("Social change"))
    )
    title = (
        _("Natural change (births − deaths)")
        if natural
        else _("Social change (moves in − moves out)")
    )
    years = [r["year"] for r in rows]
    summary = _("%(label)s: %(first)s in %(y1)s, %(last)s in %(y2)s.") % {
        "label": labels[2],
        "first": signed(rows[0][keys[2]]),
        "y1": years[0],
        "last": signed(rows[-1][keys[2]]),
        "y2": years[-1],
    }
    svg = charts.line_chart(
        title,
        years,
        [
            charts.Series(labels[0], [r[keys[0]] for r in rows]),
            charts.Series(labels[1], [r[keys[1]] for r in rows]),
        ],
        unit=_("people"),
        summary=summary,
    )
    return _chart(code, name, title, svg, summary, rows)


def _population_change_chart(code: str) -> Chart | None:
    """人口増減: each year's change as natural and social parts, stacked about zero."""
    rows = stats.population_change_rows(code)
    if not rows:
        return None
    title = _("Population change (natural + social)")
    last = rows[-1]
    summary = _("%(year)s: %(total)s (natural %(natural)s, social %(social)s).") % {
        "year": last["year"],
        **{
            key: signed(last[column])
            for key, column in (
                ("total", "total_change"),
                ("natural", "natural_change"),
                ("social", "social_change"),
            )
        },
    }
    svg = charts.bar_chart(
        title,
        [r["year"] for r in rows],
        [
            charts.Series(_("Natural change"), [r["natural_change"] for r in rows]),
            charts.Series(_("Social change"), [r["social_change"] for r in rows]),
        ],
        stacked=True,
        unit=_("people"),
        summary=summary,
    )
    return _chart(code, "population-change", title, svg, summary, rows)


def _span(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _moves_by_age_chart(code: str) -> Chart | None:
    """Net moves by age over the latest years: which ages leave and which arrive."""
    years, rows = stats.moves_by_age_rows(code)
    rows = [r for r in rows if r["age"] != "unknown"]
    if not rows:
        return None
    title = _("Net moves by age (%(years)s)") % {"years": _span(years)}
    leaving = min(rows, key=lambda r: r["net"])
    summary = _("The largest net outflow is aged %(age)s (%(net)s).") % {
        "age": leaving["age"],
        "net": signed(leaving["net"]),
    }
    svg = charts.bar_chart(
        title,
        [r["age"] for r in rows],
        [charts.Series(_("Net"), [r["net"] for r in rows])],
        unit=_("people"),
        summary=summary,
    )
    return _chart(code, "moves-by-age", title, svg, summary, rows)


def _counterparts_chart(code: str) -> Chart | None:
    years, rows = stats.counterpart_rows(code)
    if not rows:
        return None
    title = _("Moves by place (%(years)s)") % {"years": _span(years)}
    first = rows[0]
    summary = _("Most people leave on balance for %(place)s (%(net)s).") % {
        "place": first["counterpart_name"],
        "net": signed(first["net"]),
    }
    svg = charts.bar_chart(
        title,
        [r["counterpart_name"] for r in rows],
        [charts.Series(_("Net"), [r["net"] for r in rows])],
        unit=_("people"),
        summary=summary,
    )
    return _chart(code, "counterparts", title, svg, summary, rows)


# The dashboard's charts after the pyramid, by the name a data story embeds them with.
AREA_CHARTS: dict[str, Callable[[str], Chart | None]] = {
    "population": lambda code: _population_chart(code, stats.population_rows(code)),
    "population-change": _population_change_chart,
    "natural-change": lambda code: _change_chart(
        code, "natural-change", stats.natural_change_rows(code)
    ),
    "social-change": lambda code: _change_chart(
        code, "social-change", stats.social_change_rows(code)
    ),
    "moves-by-age": _moves_by_age_chart,
    "counterparts": _counterparts_chart,
}


def area_chart(code: str, name: str) -> Chart | None:
    """One of the dashboard's charts by name, as a data story embeds it."""
    return AREA_CHARTS[name](code) if name in AREA_CHARTS else None


def area_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """The RESAS-style menu for one area: 人口構成, 人口増減, 自然増減, 社会増減, 地域別."""
    area = areas.area_get(code=code)
    population = stats.population_rows(area.code)
    year = _year(request.GET.get("year"))
    pyramid = stats.pyramid_view(area.code, year=year)
    against = request.GET.get("overlay") or "first"
    if against not in stats.OVERLAYS:
        raise InvalidInput(
            f"重ねる対象「{against}」はありません。", f"Unknown overlay {against!r}."
        )
    overlay = stats.pyramid_overlay_view(area.code, year=year, against=against)
    language = "en" if english() else "ja"
    context = {
        "area": area,
        "findings": [f.text(language) for f in stats.findings_for(area.code)],
        "population": population,
        "latest": population[-1] if population else None,
        "charts": [
            c
            for c in (
                _pyramid_chart(area.code, pyramid, overlay),
                *(build(area.code) for build in AREA_CHARTS.values()),
            )
            if c is not None
        ],
        "districts": stats.district_rows(area.code),
        "overlay": against,
        "overlays": [
            ("first", _("First year held")),
            ("prefecture", _("Prefecture")),
            ("nation", _("Japan")),
        ],
        "sources": stats.sources_for(area.code),
    }
    return render(request, "web/area_stats.html", context)


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or not 1800 <= int(raw) <= 2200:
        raise InvalidInput(f"年「{raw}」が正しくありません。", f"Invalid year {raw!r}.")
    return int(raw)


def csv_response(filename: str, headers: list[str], rows: list[list[Any]]) -> HttpResponse:
    """UTF-8 CSV with BOM (opens in Excel as it is); text cells safe from formula injection."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise(str(v)) if isinstance(v, str) else v for v in row])
    return response


def area_stats_csv(request: HttpRequest, code: str, name: str) -> HttpResponse:
    """The rows behind one chart; the pyramid with its outline when `overlay` is given."""
    area = areas.area_get(code=code)
    filename = f"{area.code}-{name}.csv"
    if name == "pyramid":
        year = _year(request.GET.get("year"))
        against = request.GET.get("overlay")
        view = stats.pyramid_view(area.code, year=year)
        overlay = (
            stats.pyramid_overlay_view(area.code, year=year, against=against) if against else None
        )
        chart = _pyramid_chart(area.code, view, overlay)
        if chart is not None:
            return csv_response(filename, chart.table_headers, chart.table_rows)
    rows = _rows(name, area.code)  # an unknown table is a 404 before anything else
    return csv_response(filename, _headers(name), _table(name, rows))


def ranking(request: HttpRequest) -> HttpResponse:
    """All municipalities ranked on one indicator, nationwide or in one prefecture."""
    indicator = request.GET.get("indicator") or "population"
    if indicator not in stats.INDICATORS:
        raise InvalidInput(
            f"指標「{indicator}」はありません。", f"Unknown indicator {indicator!r}."
        )
    prefecture = request.GET.get("prefecture") or ""
    digits = areas.prefecture_resolve(prefecture).code[:2] if prefecture else None
    rows = stats.ranking_rows(indicator, prefecture=digits)
    page = Paginator(rows, RANKING_PAGE).get_page(request.GET.get("page"))
    names = stats.area_names([row["area_code"] for row in page.object_list])
    label_ja, label_en, _higher = stats.INDICATORS[indicator]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/ranking.html",
        {
            "indicator": indicator,
            "indicators": [
                (key, en if english() else ja) for key, (ja, en, _h) in stats.INDICATORS.items()
            ],
            "label": label_en if english() else label_ja,
            "prefecture": digits or "",
            "prefectures": areas.area_list(kind="prefecture"),
            "count": len(rows),
            "page": page,
            "query": query.urlencode(),
            "rows": [{**row, "name": names.get(row["area_code"], "")} for row in page.object_list],
        },
    )


def region_map(
    members: list[Any],
    comparison: list[dict[str, Any]],
    indicator: str,
    *,
    csv_url: str = "",
) -> Chart | None:
    """The members on one map coloured by an indicator: their outlines when every member has
    one loaded (`sousei areas boundaries`), else a tile grid."""
    if not members:
        return None
    codes = [m.code for m in members]
    names = {m.code: m.name for m in members}
    values = {row["area_code"]: stats.member_indicator(row, indicator) for row in comparison}
    label_ja, label_en, unit = stats.MEMBER_INDICATORS[indicator]
    label = label_en if english() else label_ja
    title = _("Map: %(indicator)s") % {"indicator": label}
    held = [(names[c], values[c]) for c in codes if values[c] is not None]
    summary = "; ".join(f"{name} {charts.number(value)}" for name, value in held) or _(
        "No figures yet."
    )
    outlines = areas.boundary_polygons(codes)
    if len(outlines) == len(codes):
        paths, size = svg_paths(outlines, codes)
        svg = maps.choropleth(title, paths, size, values, names, unit=unit, summary=summary)
    else:
        svg = maps.tile_grid(title, codes, values, names, unit=unit, summary=summary)
    return Chart(
        id="chart-map",
        title=title,
        svg=mark_safe(svg),  # noqa: S308 - maps escape every text they draw
        summary=summary,
        table_headers=[_("Name"), label],
        table_rows=[[names[c], values[c]] for c in codes],
        csv_url=csv_url,
        png_name="region-map",
    )
