"""データストーリー: Markdown articles by staff with live embeds of sousei's own data, and the
residents' side around them (comments, data requests, moderation, the Atom feed).

Embeds are written on a line of their own (charts) or inline (figures):

- ``[[chart:population:992011]]`` — a chart of the area's statistics (population,
  population-change, natural-change, social-change, moves-by-age, counterparts);
- ``[[projection:992011]]`` — the area's projected population by scenario;
- ``[[kpi:12]]`` — a KPI of a published strategy, with its chart and grade;
- ``[[dataset:name:label column:value column]]`` — a bar chart of a public dataset's rows;
- ``[[figure:population:992011]]``, ``[[figure:kpi:12]]`` — one number in the text.

Each embed links to the data behind it. Embeds only ever show public data, whoever looks.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sousei.areas.selectors import area_get
from sousei.errors import SouseiError
from sousei.web.datasets import render_markdown
from sousei.web.stats import Chart

EMBED = re.compile(r"\[\[(chart|projection|kpi|dataset|figure):([^\]\n]{1,200})\]\]")
PLACEHOLDER = "SOUSEIEMBED{}X"
MAX_EMBEDS = 20
DATASET_ROWS = 60


def _figure_html(chart: Chart, data_url: str) -> str:
    return render_to_string("web/_story_embed.html", {"chart": chart, "data_url": data_url})


def _chart_embed(args: list[str], number: int) -> str:
    from sousei.web.stats import area_chart

    name, code = args
    area = area_get(code=code)
    chart = area_chart(area.code, name)
    if chart is None:
        raise _unavailable(f"chart:{name}:{code}")
    chart = dataclasses.replace(chart, id=f"embed-{number}", png_name=f"{area.code}-{name}")
    return _figure_html(chart, reverse("area_stats", args=[area.code]))


def _projection_embed(args: list[str], number: int) -> str:
    from sousei.web.vision import projection_chart

    (code,) = args
    area = area_get(code=code)
    chart = projection_chart(area.code, area.name)
    if chart is None:
        raise _unavailable(f"projection:{code}")
    chart = dataclasses.replace(chart, id=f"embed-{number}")
    return _figure_html(chart, reverse("area_projection", args=[area.code]))


def _public_kpi(key: str):
    from sousei.strategy import selectors

    strategies = selectors.visible_strategies(AnonymousUser())
    from sousei.strategy.models import Indicator

    indicator = Indicator.objects.filter(
        pk=int(key) if key.isdigit() else -1, strategy__in=strategies, is_retired=False
    ).first()
    if indicator is None:
        raise _unavailable(f"kpi:{key}")
    strategy = indicator.strategy
    view = selectors.kpi_view(indicator, selectors.default_year(strategy), strategy.grading)
    return strategy, view


def _kpi_embed(args: list[str], number: int) -> str:
    from sousei.web.strategy import kpi_chart

    strategy, view = _public_kpi(args[0])
    chart = dataclasses.replace(kpi_chart(strategy, view), id=f"embed-{number}")
    url = reverse("strategy_kpi", args=[strategy.pk, view.id])
    return _figure_html(chart, url)


def _dataset_embed(args: list[str], number: int) -> str:
    from sousei.catalog.selectors import dataset_get
    from sousei.catalog.services import warehouse
    from sousei.web import charts

    name, label, value = args
    dataset = dataset_get(user=AnonymousUser(), name_or_id=name)
    resource = dataset.resources[0] if dataset.resources else None
    columns = {c["name"]: c for c in resource.current.report["columns"]} if resource else {}
    if label not in columns or value not in columns:
        raise _unavailable(f"dataset:{name}")
    result = warehouse().search(resource.warehouse_id, limit=DATASET_ROWS)
    names = result.columns
    rows = [dict(zip(names, row, strict=True)) for row in result.rows]
    labels = [str(r[columns[label]["machine_name"]]) for r in rows]
    values = [r[columns[value]["machine_name"]] for r in rows]
    numbers = [float(v) if isinstance(v, int | float) else None for v in values]
    title = f"{dataset.title}: {value}"
    svg = charts.bar_chart(title, labels, [charts.Series(value, numbers)])
    chart = Chart(
        id=f"embed-{number}",
        title=title,
        svg=mark_safe(svg),  # noqa: S308 - charts escape every text they draw
        summary="",
        table_headers=[label, value],
        table_rows=[[lab, v] for lab, v in zip(labels, values, strict=True)],
        csv_url="",
        png_name=f"{name}-{number}",
    )
    return _figure_html(chart, reverse("dataset", args=[name]))


def _figure(args: list[str], number: int) -> str:
    from sousei.stats.area import population_rows
    from sousei.web.charts import number as formatted

    kind, key = args
    if kind == "population":
        area = area_get(code=key)
        rows = population_rows(area.code)
        if not rows:
            raise _unavailable(f"figure:{kind}:{key}")
        latest = rows[-1]
        text = _("%(n)s people (%(date)s)") % {
            "n": formatted(latest["total"]),
            "date": latest["date"],
        }
        return format_html(
            '<a class="figure" href="{}">{}</a>', reverse("area_stats", args=[area.code]), text
        )
    if kind == "kpi":
        strategy, view = _public_kpi(key)
        rate = "—" if view.achievement_rate is None else f"{view.achievement_rate}%"
        text = _("%(name)s: %(rate)s in %(year)s (grade %(grade)s)") % {
            "name": view.name,
            "rate": rate,
            "year": view.year,
            "grade": view.grade,
        }
        url = reverse("strategy_kpi", args=[strategy.pk, view.id])
        return format_html('<a class="figure" href="{}">{}</a>', url, text)
    raise _unavailable(f"figure:{kind}:{key}")


RENDERERS: dict[str, tuple[int, Callable[[list[str], int], str]]] = {
    "chart": (2, _chart_embed),
    "projection": (1, _projection_embed),
    "kpi": (1, _kpi_embed),
    "dataset": (3, _dataset_embed),
    "figure": (2, _figure),
}


class _Unavailable(SouseiError):
    status = 404
    code = "embed_unavailable"


def _unavailable(what: str) -> _Unavailable:
    return _Unavailable(f"埋め込み「{what}」を表示できません。", f"Cannot show the embed {what!r}.")


def _embed(kind: str, spec: str, number: int) -> str:
    arity, render = RENDERERS[kind]
    args = [part.strip() for part in spec.split(":")]
    try:
        if len(args) != arity:
            raise _unavailable(f"{kind}:{spec}")
        return render(args, number)
    except SouseiError as exc:
        return format_html('<p class="embed-missing" role="note">{}</p>', exc.message(_lang()))


def _lang() -> str:
    from sousei.web.context import english

    return "en" if english() else "ja"


def render_story(body: str) -> SafeString:
    """The story as HTML: sanitised Markdown, then each embed rendered from live data."""
    embeds: list[str] = []

    def hold(match: re.Match[str]) -> str:
        if len(embeds) >= MAX_EMBEDS:
            return escape(match.group(0))
        embeds.append(_embed(match.group(1), match.group(2), len(embeds) + 1))
        return PLACEHOLDER.format(len(embeds) - 1)

    html = str(render_markdown(EMBED.sub(hold, body or "")))
    for index, embedded in enumerate(embeds):
        token = PLACEHOLDER.format(index)
        html = html.replace(f"<p>{token}</p>", embedded).replace(token, embedded)
    return mark_safe(html)  # noqa: S308 - Markdown sanitised by nh3; embeds from our templates
