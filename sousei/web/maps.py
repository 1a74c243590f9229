"""Maps as inline SVG drawn on the server, like `charts`: a choropleth from stored outlines
(行政区域), or a tile grid — one labelled square per area — when no outlines are loaded, so a
comparison map is always there. Pure Python with no Django import; every text is escaped.

Values fall into up to five classes at quantiles of the areas shown (a 5-class sequential blue
scale, darkest = highest); areas without a figure are grey. Each shape has a tooltip with its
name and value; the page shows the same figures as a table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from sousei.web.charts import (
    INK,
    WIDTH,
    box_swatch,
    legend_rows,
    number,
    svg_document,
    svg_text,
    text_width,
)

PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#2171b5", "#08519c")
NO_DATA = "#d9d9d9"
MAP_HEIGHT = 400
TILE_COLUMNS = 4


def class_breaks(values: Sequence[float], classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of up to `classes` classes at quantiles (ties merged), highest last."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = []
    for k in range(1, classes + 1):
        bound = ordered[min(len(ordered) - 1, math.ceil(k * len(ordered) / classes) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def colour_of(value: float | None, breaks: Sequence[float]) -> str:
    """The class colour: the darkest for the top class however many classes there are."""
    if value is None or not breaks:
        return NO_DATA
    index = next((i for i, bound in enumerate(breaks) if value <= bound), len(breaks) - 1)
    offset = len(PALETTE) - len(breaks)
    return PALETTE[index + offset]


def _legend(breaks: Sequence[float], unit: str, no_data: bool) -> tuple[list[str], float]:
    entries = []
    for low, bound in zip([None, *breaks], breaks, strict=False):
        label = f"〜{number(bound)}" if low is None else f"{number(low)}〜{number(bound)}"
        entries.append((label + (f" {unit}" if unit else ""), box_swatch(colour_of(bound, breaks))))
    if no_data:
        entries.append(("—", box_swatch(NO_DATA)))
    return legend_rows(entries)


def _tip(name: str, value: float | None, unit: str) -> str:
    return f"{name}: {'—' if value is None else number(value)}{(' ' + unit) if unit else ''}"


def choropleth(
    title: str,
    paths: Mapping[str, str],
    size: tuple[float, float],
    values: Mapping[str, float | None],
    names: Mapping[str, str],
    *,
    unit: str = "",
    summary: str = "",
) -> str:
    """Each area's path (from `sousei.areas.boundaries.svg_paths`, drawn in a `size` box) filled
    by its value's class, under a legend."""
    breaks = class_breaks([v for v in values.values() if v is not None])
    missing = any(values.get(code) is None for code in paths)
    legend, used = _legend(breaks, unit, missing)
    top = used + 12
    scale = min(WIDTH / size[0], (MAP_HEIGHT - top) / size[1])
    dx = (WIDTH - size[0] * scale) / 2
    body = [*legend, f'<g transform="translate({dx:.1f},{top:.1f}) scale({scale:.4f})">']
    for code, d in paths.items():
        value = values.get(code)
        tip = _tip(names.get(code, code), value, unit)
        body.append(
            f'<path d="{d}" fill="{colour_of(value, breaks)}" stroke="#ffffff" '
            f'stroke-width="{0.8 / scale:.2f}"><title>{escape(tip)}</title></path>'
        )
    body.append("</g>")
    return svg_document(title, summary, body, MAP_HEIGHT)


def tile_grid(
    title: str,
    codes: Sequence[str],
    values: Mapping[str, float | None],
    names: Mapping[str, str],
    *,
    unit: str = "",
    summary: str = "",
) -> str:
    """One square per area in code order, named and valued inside, when no outlines exist."""
    breaks = class_breaks([v for v in values.values() if v is not None])
    missing = any(values.get(code) is None for code in codes)
    legend, used = _legend(breaks, unit, missing)
    columns = min(TILE_COLUMNS, max(len(codes), 1))
    tile = min(104.0, (WIDTH - 24) / columns)
    rows = math.ceil(len(codes) / columns)
    top = used + 12
    body = list(legend)
    for i, code in enumerate(codes):
        x = 12 + (i % columns) * tile
        y = top + (i // columns) * tile
        value = values.get(code)
        fill = colour_of(value, breaks)
        ink = "#ffffff" if fill in PALETTE[3:] else INK  # 5:1 or more either way
        name = names.get(code, code)
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{tile - 4:.1f}" height="{tile - 4:.1f}" '
            f'fill="{fill}"><title>{escape(_tip(name, value, unit))}</title></rect>'
        )
        size = 12 if text_width(name) <= tile - 10 else 10
        body.append(svg_text(x + (tile - 4) / 2, y + tile / 2 - 6, name, fill=ink, size=size))
        shown = "—" if value is None else number(value)
        body.append(svg_text(x + (tile - 4) / 2, y + tile / 2 + 12, shown, fill=ink))
    return svg_document(title, summary, body, top + rows * tile + 8)
