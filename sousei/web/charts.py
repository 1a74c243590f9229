"""Charts as inline SVG drawn on the server, so they work without JavaScript or network, are read
by screen readers (role, title, a one-sentence description; the page adds a table) and scale to a
375 px phone through the viewBox. Pure Python with no Django import; every text is escaped.

Colours pass WCAG AA (4.5:1) against white and each line also has its own dash pattern, so
series stay apart for colour-blind readers and in greyscale print.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 440  # narrow viewBox: at 375 px the 12 px text still draws at about 10 px
HEIGHT = 300
LEFT, RIGHT, BOTTOM = 58, 12, 30
FONT_SIZE = 12
FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
MINUS = "\u2212"
INK, MUTED, GRID, AXIS = "#1b1f24", "#4a535e", "#d0d7de", "#4a535e"
NEGATIVE = "#b3261e"  # a single bar series: decreases in red, increases in the first colour


@dataclass(frozen=True)
class Style:
    """How one series is drawn: a colour and an SVG dash pattern ("" is solid)."""

    colour: str
    dash: str = ""


STYLES = (
    Style("#0b5cad"),  # blue, 6.6:1
    Style("#b3261e", "8 4"),  # red, 6.5:1
    Style("#1b7f3b", "2 3"),  # green, 5.2:1
    Style("#7a4eab", "10 3 2 3"),  # purple, 6.2:1
    Style("#8a5a00", "5 2"),  # brown, 5.9:1
    Style("#4a535e", "1 3"),  # grey, 7.6:1
)


@dataclass(frozen=True)
class Series:
    """One labelled row of values, one per year; None is a gap, not a zero."""

    label: str
    values: Sequence[float | None]
    style: Style | None = None


# ---------------------------------------------------------------- numbers and ticks


def number(value: float, decimals: int | None = None) -> str:
    """1,953 and −1,327: thousands separators and the true minus sign, as Japanese tables print."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "−0"
    return text.replace("-", MINUS)


def _step(span: float, count: int) -> float:
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round ticks (1, 2, 5 × 10ⁿ steps) covering [low, high] with zero included: honest axes."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    step = _step(high - low, count)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _decimals(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return max(0, -math.floor(math.log10(step))) if step < 1 else 0


# ---------------------------------------------------------------- drawing primitives


def svg_text(
    x: float, y: float, text: str, *, anchor: str = "middle", fill: str = INK, size: int = 0
) -> str:
    font = f' font-size="{size}"' if size else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{font}>'
        f"{escape(text)}</text>"
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, tip: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{max(height, 0):.1f}" '
        f'fill="{fill}"><title>{escape(tip)}</title></rect>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return (
        f'<line{attr} x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}"/>'
    )


def svg_document(title: str, summary: str, body: list[str], height: float = HEIGHT) -> str:
    """The outer element: role=img with title and desc, so the picture has a text equivalent."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" class="chart-svg" font-family="{FONT}" '
        f'font-size="{FONT_SIZE}"><title>{escape(title)}</title><desc>{escape(summary)}</desc>'
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough advance width: CJK and full-width characters are one em, the rest about 0.6 em."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


def _style(series: Series, index: int) -> Style:
    return series.style or STYLES[index % len(STYLES)]


# ---------------------------------------------------------------- legend, axes, scale


def legend_rows(entries: list[tuple[str, str]], *, top: float = 4) -> tuple[list[str], float]:
    """Swatches with labels, wrapped into rows; returns the parts and the height used.

    Each entry is (label, swatch SVG at the origin, 24×12)."""
    parts, x, y, row = [], float(LEFT), top, FONT_SIZE + 8
    for label, swatch in entries:
        width = 30 + text_width(label) + 14
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, y = float(LEFT), y + row
        parts.append(f'<g transform="translate({x:.1f},{y + 2:.1f})">{swatch}</g>')
        parts.append(svg_text(x + 30, y + FONT_SIZE, label, anchor="start"))
        x += width
    return parts, (y - top + row if entries else 0)


def _line_swatch(style: Style) -> str:
    return (
        f'<line x1="0" y1="6" x2="24" y2="6" stroke="{style.colour}" stroke-width="3" '
        f'stroke-dasharray="{style.dash or "none"}"/>'
    )


def box_swatch(colour: str) -> str:
    return f'<rect x="4" y="0" width="16" height="12" fill="{colour}"/>'


@dataclass(frozen=True)
class _Scale:
    """Maps values to y between top and bottom of the plot, per the tick range."""

    ticks: list[float]
    top: float
    bottom: float

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.top + (self.bottom - self.top) * (high - value) / ((high - low) or 1)


def _y_axis(scale: _Scale, unit: str) -> list[str]:
    decimals = _decimals(scale.ticks)
    parts = []
    for tick in scale.ticks:
        y = scale.y(tick)
        zero = tick == 0
        parts.append(
            _line(LEFT, y, WIDTH - RIGHT, y, AXIS if zero else GRID, "zero" if zero else "")
        )
        parts.append(svg_text(LEFT - 5, y + 4, number(tick, decimals), anchor="end", fill=MUTED))
    if unit:
        parts.append(svg_text(LEFT - 5, scale.top - 8, unit, anchor="end", fill=MUTED))
    return parts


def _xs(count: int) -> list[float]:
    slot = (WIDTH - LEFT - RIGHT) / max(count, 1)
    return [LEFT + slot * (i + 0.5) for i in range(count)]


def _x_labels(years: Sequence[int], xs: list[float]) -> list[str]:
    """Year labels, thinned so they never overlap; the latest year is always labelled."""
    slot = (WIDTH - LEFT - RIGHT) / max(len(years), 1)
    widest = max((text_width(str(y)) for y in years), default=0) + 8
    every = max(1, math.ceil(widest / slot))
    every = next(m for m in (1, 2, 5, 10, 20, 50, 100, every) if m >= every)
    last = len(years) - 1
    return [
        svg_text(x, HEIGHT - BOTTOM + 17, str(year), fill=MUTED)
        for i, (year, x) in enumerate(zip(years, xs, strict=True))
        if (last - i) % every == 0
    ]


def _values(series: Sequence[Series]) -> list[float]:
    return [v for s in series for v in s.values if v is not None]


def _check(years: Sequence[object], series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != len(years):
            raise ValueError(
                f"series {s.label!r} has {len(s.values)} values for {len(years)} years"
            )


# ---------------------------------------------------------------- summaries


def _series_summary(title: str, years: Sequence[int], series: Sequence[Series], unit: str) -> str:
    """One sentence from the data when the caller gives none: each series first → last value."""
    parts = []
    for s in series:
        known = [(y, v) for y, v in zip(years, s.values, strict=True) if v is not None]
        if known:
            (y0, v0), (y1, v1) = known[0], known[-1]
            parts.append(f"{s.label} {y0}: {number(v0)} → {y1}: {number(v1)}")
    suffix = f" ({unit})" if unit else ""
    return f"{title}{suffix}: " + "; ".join(parts) + "." if parts else f"{title}."


# ---------------------------------------------------------------- line chart


def _polyline(s: Series, style: Style, xs: list[float], years: Sequence[int], scale: _Scale) -> str:
    """One line, broken at gaps, with a point per value carrying its own tooltip."""
    segments: list[list[tuple[float, float]]] = [[]]
    points = []
    for x, year, value in zip(xs, years, s.values, strict=True):
        if value is None:
            segments.append([])
            continue
        y = scale.y(value)
        segments[-1].append((x, y))
        tip = escape(f"{s.label} {year}: {number(value)}")
        points.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{style.colour}">'
            f"<title>{tip}</title></circle>"
        )
    lines = [
        f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in seg)}" fill="none" '
        f'stroke="{style.colour}" stroke-width="2.5" stroke-dasharray="{style.dash or "none"}" '
        f'stroke-linejoin="round"/>'
        for seg in segments
        if len(seg) > 1
    ]
    return f'<g class="series">{"".join(lines + points)}</g>'


def line_chart(
    title: str,
    years: Sequence[int],
    series: Sequence[Series],
    *,
    unit: str = "",
    summary: str = "",
) -> str:
    """Lines over years with a legend, 1-2-5 y ticks, and a tooltip on every point."""
    _check(years, series)
    styles = [_style(s, i) for i, s in enumerate(series)]
    legend, used = legend_rows(
        [(s.label, _line_swatch(st)) for s, st in zip(series, styles, strict=True)]
    )
    values = _values(series) or [0.0]
    scale = _Scale(nice_ticks(min(values), max(values)), 14 + used + 12, HEIGHT - BOTTOM)
    xs = _xs(len(years))
    body = legend + _y_axis(scale, unit) + _x_labels(years, xs)
    body += [_polyline(s, st, xs, years, scale) for s, st in zip(series, styles, strict=True)]
    return svg_document(title, summary or _series_summary(title, years, series, unit), body)


# ---------------------------------------------------------------- bar chart


def _bar_range(series: Sequence[Series], stacked: bool) -> list[float]:
    if not stacked:
        return _values(series) or [0.0]
    columns = list(zip(*(s.values for s in series), strict=True))
    ups = [sum(v for v in col if v is not None and v > 0) for col in columns]
    downs = [sum(v for v in col if v is not None and v < 0) for col in columns]
    return [*ups, *downs, 0.0]


def _bar_colour(series: Sequence[Series], index: int, value: float) -> str:
    if len(series) == 1 and series[0].style is None:
        return NEGATIVE if value < 0 else STYLES[0].colour
    return _style(series[index], index).colour


def _bars(
    years: Sequence[int], series: Sequence[Series], scale: _Scale, xs: list[float], stacked: bool
) -> list[str]:
    """Rects per year: side by side, or stacked with positives up and negatives down from 0."""
    slot = (WIDTH - LEFT - RIGHT) / max(len(years), 1)
    width = slot * 0.72 / (1 if stacked else len(series))
    parts = []
    for j, x in enumerate(xs):
        up = down = 0.0
        for i, s in enumerate(series):
            value = s.values[j]
            if value is None:
                continue
            if stacked:
                base = up if value >= 0 else down
                y0, y1, left = scale.y(base), scale.y(base + value), x - width / 2
                up, down = (up + value, down) if value >= 0 else (up, down + value)
            else:
                y0, y1, left = scale.y(0), scale.y(value), x - slot * 0.36 + i * width
            tip = f"{s.label} {years[j]}: {number(value)}"
            colour = _bar_colour(series, i, value)
            parts.append(_rect(left, min(y0, y1), width, abs(y1 - y0), colour, tip))
    return parts


def bar_chart(
    title: str,
    years: Sequence[int],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    unit: str = "",
    summary: str = "",
) -> str:
    """Bars per year, grouped or stacked; negatives (自然減, 転出超過) hang below the zero line."""
    _check(years, series)
    entries = [(s.label, box_swatch(_style(s, i).colour)) for i, s in enumerate(series)]
    legend, used = legend_rows(entries if len(series) > 1 else [])
    scale = _Scale(
        nice_ticks(*_minmax(_bar_range(series, stacked))), 14 + used + 12, HEIGHT - BOTTOM
    )
    xs = _xs(len(years))
    body = (
        legend
        + _y_axis(scale, unit)
        + _x_labels(years, xs)
        + _bars(years, series, scale, xs, stacked)
    )
    body.append(_line(LEFT, scale.y(0), WIDTH - RIGHT, scale.y(0), AXIS, "zero"))  # over the bars
    return svg_document(title, summary or _series_summary(title, years, series, unit), body)


def _minmax(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


# ---------------------------------------------------------------- population pyramid

PYRAMID_HEIGHT = 380
CENTRE_GAP = 26  # each side of the centre line: room for the age labels
SIDE = 24  # outer margin: room for the outermost tick label
PYRAMID_STYLES = (Style("#0b5cad"), Style("#b3261e"))
OVERLAY = "#1b1f24"


@dataclass(frozen=True)
class _Half:
    """Geometry of the pyramid: where the centre is, how wide each half, the row height."""

    top: float
    bottom: float
    rows: int
    largest: float

    @property
    def half(self) -> float:
        return WIDTH / 2 - SIDE - CENTRE_GAP

    def width(self, value: float) -> float:
        return self.half * max(value, 0) / self.largest

    def row_top(self, i: int) -> float:
        return self.bottom - (i + 1) * (self.bottom - self.top) / max(self.rows, 1)

    @property
    def row(self) -> float:
        return (self.bottom - self.top) / max(self.rows, 1)


def _pyramid_bars(
    ages: Sequence[str],
    male: Sequence[float],
    female: Sequence[float],
    g: _Half,
    labels: tuple[str, str],
) -> list[str]:
    centre, pad = WIDTH / 2, min(1.0, g.row * 0.15)
    parts = []
    for i, (age, m, f) in enumerate(zip(ages, male, female, strict=True)):
        y, h = g.row_top(i) + pad, g.row - 2 * pad
        mw, fw = g.width(m), g.width(f)
        parts.append(
            _rect(
                centre - CENTRE_GAP - mw,
                y,
                mw,
                h,
                PYRAMID_STYLES[0].colour,
                f"{labels[0]} {age}: {number(m)}",
            )
        )
        parts.append(
            _rect(
                centre + CENTRE_GAP,
                y,
                fw,
                h,
                PYRAMID_STYLES[1].colour,
                f"{labels[1]} {age}: {number(f)}",
            )
        )
    return parts


def _age_labels(ages: Sequence[str], g: _Half) -> list[str]:
    """Age labels down the centre, thinned to one per 14 px so they never collide."""
    every = max(1, math.ceil(14 / g.row))
    every = next(m for m in (1, 2, 5, 10, 20, every) if m >= every)
    return [
        svg_text(WIDTH / 2, g.row_top(i) + g.row / 2 + 4, age, size=10, fill=INK)
        for i, age in enumerate(ages)
        if i % every == 0
    ]


def _step_path(values: Sequence[float], g: _Half, side: int) -> str:
    """An outline following each class's edge, rising from the youngest class to the oldest."""
    centre = WIDTH / 2 + side * CENTRE_GAP
    points = []
    for i, value in enumerate(values):
        x = centre + side * g.width(value)
        points += [(x, g.row_top(i) + g.row), (x, g.row_top(i))]
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _overlay(male: Sequence[float], female: Sequence[float], g: _Half, label: str) -> list[str]:
    tip = f"<title>{escape(label)}</title>" if label else ""
    return [
        f'<path class="overlay" d="{_step_path(values, g, side)}" fill="none" stroke="{OVERLAY}" '
        f'stroke-width="1.5" stroke-dasharray="4 2">{tip}</path>'
        for values, side in ((male, -1), (female, 1))
    ]


def _pyramid_axis(g: _Half, ticks: list[float]) -> list[str]:
    """The same ticks mirrored on both sides, so the two halves compare by eye."""
    centre, y = WIDTH / 2, g.bottom
    parts = [_line(SIDE, y, WIDTH - SIDE, y, AXIS)]
    for tick in ticks:
        for side in (-1, 1):
            x = centre + side * (CENTRE_GAP + g.width(tick))
            parts.append(_line(x, g.top, x, y, GRID))
            parts.append(svg_text(x, y + 15, number(tick), fill=MUTED, size=10))
    return parts


def _pyramid_summary(
    ages: Sequence[str], male: Sequence[float], female: Sequence[float], labels: tuple[str, str]
) -> str:
    span = f" ({ages[0]} … {ages[-1]})" if ages else ""
    return f"{labels[0]} {number(sum(male))}, {labels[1]} {number(sum(female))}{span}."


def _overlay_pair(
    ages: Sequence[str],
    male: Sequence[float],
    female: Sequence[float],
    overlay_male: Sequence[float] | None,
    overlay_female: Sequence[float] | None,
) -> tuple[Sequence[float], Sequence[float]] | None:
    """Both overlay halves or none; every list one value per age class."""
    lengths = {len(ages), len(male), len(female)}
    if overlay_male is not None and overlay_female is not None:
        lengths |= {len(overlay_male), len(overlay_female)}
    if len(lengths) != 1:
        raise ValueError("ages, male, female and any overlay need one value per age class")
    if overlay_male is None or overlay_female is None:
        return None
    return overlay_male, overlay_female


def _pyramid_legend(labels: tuple[str, str], overlay_label: str) -> list[tuple[str, str]]:
    entries = [
        (label, box_swatch(style.colour))
        for label, style in zip(labels, PYRAMID_STYLES, strict=True)
    ]
    if overlay_label:
        swatch = f'<line x1="0" y1="6" x2="24" y2="6" stroke="{OVERLAY}" stroke-width="2" '
        entries.append((overlay_label, swatch + 'stroke-dasharray="4 2"/>'))
    return entries


def pyramid_chart(
    title: str,
    ages: Sequence[str],
    male: Sequence[float],
    female: Sequence[float],
    *,
    overlay_male: Sequence[float] | None = None,
    overlay_female: Sequence[float] | None = None,
    overlay_label: str = "",
    labels: tuple[str, str] = ("男", "女"),
    summary: str = "",
) -> str:
    """人口ピラミッド: men left, women right, youngest at the bottom, a symmetric axis, and an
    optional outline (another date, or a reference area scaled to the same total)."""
    overlay = _overlay_pair(ages, male, female, overlay_male, overlay_female)
    legend, used = legend_rows(_pyramid_legend(labels, overlay_label if overlay else ""))
    extra = [*overlay[0], *overlay[1]] if overlay else []
    ticks = nice_ticks(0, max([*male, *female, *extra, 1]), count=3)
    g = _Half(top=10 + used, bottom=PYRAMID_HEIGHT - 24, rows=len(ages), largest=ticks[-1])
    body = legend + _pyramid_axis(g, ticks) + _pyramid_bars(ages, male, female, g, labels)
    if overlay:
        body += _overlay(*overlay, g, overlay_label)
    body += _age_labels(ages, g)
    return svg_document(
        title, summary or _pyramid_summary(ages, male, female, labels), body, PYRAMID_HEIGHT
    )
