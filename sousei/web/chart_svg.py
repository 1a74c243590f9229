"""Charts as inline SVG drawn on the server: readable without JavaScript, by screen readers
(title, description, a table beside every chart) and on a 375 px phone (the viewBox scales).
Pure Python; every text drawn is escaped."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 40, 48
PALETTE = ("#0b5cad", "#b3261e", "#1b7f3b", "#7a4eab", "#8a5a00")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")
FONT = 'font-family="Noto Sans CJK JP, Noto Sans JP, sans-serif"'
MINUS = "\u2212"


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]


def number(value: float) -> str:
    """1,953 and −394: thousands separators and the true minus sign, as Japanese tables print."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace("-", MINUS)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 5 × 10^n steps) covering [low, high], zero included."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
        if value > high + step * 0.001 and ticks[-1] >= high:
            break
    return ticks


def _text(x: float, y: float, text: str, *, anchor: str = "middle", fill: str = "#24292f") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, tip: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}">'
        f"<title>{escape(tip)}</title></rect>"
    )


def _hline(y: float, colour: str) -> str:
    return f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}"/>'


def _frame(title: str, summary: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="chart-svg" {FONT} font-size="12">'
        f"<title>{escape(title)}</title><desc>{escape(summary)}</desc>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>' + "".join(body) + "</svg>"
    )


class _Scale:
    def __init__(self, ticks: list[float]) -> None:
        self.low, self.high = ticks[0], ticks[-1]

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1
        return TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / span


def _y_axis(ticks: list[float], scale: _Scale, unit: str) -> list[str]:
    parts = []
    for tick in ticks:
        y = scale.y(tick)
        parts.append(_hline(y, "#57606a" if tick == 0 else "#d0d7de"))
        parts.append(_text(LEFT - 6, y + 4, number(tick), anchor="end"))
    if unit:
        parts.append(_text(LEFT - 6, TOP - 14, unit, anchor="end"))
    return parts


def _x_labels(years: list[int], xs: list[float]) -> list[str]:
    every = max(1, math.ceil(len(years) / 10))
    return [
        _text(x, HEIGHT - BOTTOM + 18, str(year))
        for i, (year, x) in enumerate(zip(years, xs, strict=True))
        if i % every == 0 or i == len(years) - 1
    ]


def _legend(series: list[Series]) -> list[str]:
    parts, x = [], LEFT
    for i, s in enumerate(series):
        colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        parts.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{HEIGHT - 12}" y2="{HEIGHT - 12}" '
            f'stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/>'
        )
        parts.append(_text(x + 30, HEIGHT - 8, s.label, anchor="start"))
        x += 42 + 13 * len(s.label)
    return parts


def _values(series: list[Series]) -> list[float]:
    return [v for s in series for v in s.values if v is not None]


def _xs(count: int) -> list[float]:
    step = (WIDTH - LEFT - RIGHT) / max(count, 1)
    return [LEFT + step * (i + 0.5) for i in range(count)]


def _line(s: Series, i: int, xs: list[float], years: list[int], scale: _Scale) -> list[str]:
    colour, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
    points = [
        (x, scale.y(v), year, v)
        for x, year, v in zip(xs, years, s.values, strict=True)
        if v is not None
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _year, _v in points)
    parts = [
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5" '
        f'stroke-dasharray="{dash}"/>'
    ]
    for x, y, year, v in points:
        tip = escape(f"{s.label} {year}: {number(v)}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
            f"<title>{tip}</title></circle>"
        )
    return parts


def line_chart(
    title: str, years: list[int], series: list[Series], *, unit: str = "", summary: str = ""
) -> str:
    """Lines over years, one colour and dash pattern per series, a tooltip on every point."""
    values = _values(series) or [0.0]
    ticks = nice_ticks(min(values), max(values))
    scale, xs = _Scale(ticks), _xs(len(years))
    body = _y_axis(ticks, scale, unit) + _x_labels(years, xs)
    for i, s in enumerate(series):
        body += _line(s, i, xs, years, scale)
    return _frame(title, summary, body + _legend(series))


def bar_chart(
    title: str,
    years: list[int],
    series: list[Series],
    *,
    stacked: bool = False,
    unit: str = "",
    summary: str = "",
) -> str:
    """Bars per year: grouped, or stacked (parts of a whole); negatives hang below zero."""
    columns = list(zip(*(s.values for s in series), strict=True))
    values = (
        [*(sum(v or 0 for v in column) for column in columns), 0.0]
        if stacked
        else _values(series) or [0.0]
    )
    ticks = nice_ticks(min(values), max(values))
    scale, xs = _Scale(ticks), _xs(len(years))
    slot = (WIDTH - LEFT - RIGHT) / max(len(years), 1)
    width = slot * 0.7 / (1 if stacked else len(series))
    body = _y_axis(ticks, scale, unit) + _x_labels(years, xs)
    for j, x in enumerate(xs):
        base = 0.0
        for i, s in enumerate(series):
            value = s.values[j]
            if value is None:
                continue
            if stacked:
                y0, y1, left = scale.y(base), scale.y(base + value), x - width / 2
                base += value
            else:
                y0, y1, left = scale.y(0), scale.y(value), x - slot * 0.35 + i * width
            tip = f"{s.label} {years[j]}: {number(value)}"
            colour = PALETTE[i % len(PALETTE)]
            body.append(_rect(left, min(y0, y1), width, abs(y1 - y0), colour, tip))
    return _frame(title, summary, body + _legend(series))


def pyramid_chart(
    title: str,
    ages: list[str],
    male: list[int],
    female: list[int],
    *,
    labels: tuple[str, str] = ("男", "女"),
    summary: str = "",
) -> str:
    """人口ピラミッド: men to the left, women to the right, the young at the bottom."""
    centre, gap = WIDTH / 2, 40
    half = (WIDTH - 2 * RIGHT - 2 * gap) / 2
    largest = max([*male, *female, 1])
    row = (HEIGHT - TOP - BOTTOM) / max(len(ages), 1)
    every = max(1, math.ceil(len(ages) / 10))
    body = [
        _text(centre - gap - half / 2, TOP - 14, labels[0]),
        _text(centre + gap + half / 2, TOP - 14, labels[1]),
    ]
    for i, (age, m, f) in enumerate(zip(ages, male, female, strict=True)):
        y = HEIGHT - BOTTOM - (i + 1) * row
        mw, fw = half * m / largest, half * f / largest
        body.append(
            _rect(
                centre - gap - mw, y + 1, mw, row - 2, PALETTE[0], f"{labels[0]} {age}: {number(m)}"
            )
        )
        body.append(
            _rect(centre + gap, y + 1, fw, row - 2, PALETTE[1], f"{labels[1]} {age}: {number(f)}")
        )
        if i % every == 0 or i == len(ages) - 1:
            body.append(_text(centre, y + row / 2 + 4, age))
    body.append(_text(centre, HEIGHT - 12, number(largest), fill="#57606a"))
    return _frame(title, summary, body)
