"""The projection input format (JSON), parsed and validated into arrays.

One area::

    {"base_year": 2020,
     "population": {"male": [19 numbers], "female": [19 numbers]},
     "survival": {"male": [18 numbers] or [[18 numbers] per step], "female": ...},
     "net_migration": {"male": ..., "female": ...},
     "child_woman_ratio": 0.143 or [one per step],
     "sex_ratio_0_4": 105.0 or [one per step],
     "tfr_base": 1.45 or [one per step]}

- `population`: the base year's 19 classes 0-4 … 85-89, 90+ by sex.
- `survival` (生残率) and `net_migration` (純移動率): 18 transitions per step, index `i` being
  the move into class `i + 1` (0: 0-4 → 5-9 … 16: 80-84 → 85-89, 17: 85-89 and 90+ → 90+).
  A flat list of 18 is constant over every step.
- `child_woman_ratio` (子ども女性比), `sex_ratio_0_4` (boys per 100 girls) and `tfr_base`
  (the TFR implied by the base assumptions, needed by シミュレーション1/2 and custom TFR paths):
  step `k` (0-based) holds the value for the year the step ends, ``base_year + 5 (k + 1)``.
- A per-step list shorter than the projection holds its last value for the remaining steps
  (the worksheets' way of extending 2045/2050 assumptions to 2060/2070); a longer one is cut.
- Optional `code` and `name` label the area. Several areas: a list of such objects, or
  ``{"areas": {code: object, ...}}``; all must share the base year.

Every problem is reported at once in one `InvalidInput`, each detail naming its field and
index, e.g. ``survival.female[2][17]``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sousei.errors import InvalidInput
from sousei.projection.ages import CLASS_COUNT, SEXES, TRANSITION_COUNT

FIELDS = (
    "base_year",
    "population",
    "survival",
    "net_migration",
    "child_woman_ratio",
    "sex_ratio_0_4",
    "tfr_base",
)
LABELS = ("code", "name", "source", "notes")
REQUIRED = FIELDS[:-1]


@dataclass(frozen=True)
class AreaInput:
    """One area's base population and assumptions as given (per-step lists not yet extended)."""

    code: str
    name: str
    base_year: int
    population: np.ndarray  # [2, 19]
    survival: np.ndarray  # [k, 2, 18] 生残率
    net_migration: np.ndarray  # [k, 2, 18] 純移動率
    child_woman_ratio: np.ndarray  # [k] 子ども女性比
    sex_ratio_0_4: np.ndarray  # [k] boys per 100 girls
    tfr_base: np.ndarray | None  # [k] 合計特殊出生率 implied by the base assumptions


class _Problems:
    """Collects every problem, then raises them together."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.details: list[dict[str, Any]] = []
        self.constant: set[str] = set()  # fields given once for every step

    def where(self, field: str, index: tuple[int, ...]) -> str:
        """field[k][i], without the step index k when the field was given once for all steps."""
        if field in self.constant:
            index = index[1:]
        return field + "".join(f"[{i}]" for i in index)

    def add(self, field: str, ja: str, en: str) -> None:
        field = self.prefix + field
        if any(d["field"] == field for d in self.details):
            return  # a constant value held over several steps: report it once
        self.details.append(
            {"field": field, "message_ja": f"{field}: {ja}", "message_en": f"{field}: {en}"}
        )

    def raise_if_any(self) -> None:
        if not self.details:
            return
        first = self.details[0]
        more = len(self.details) - 1
        suffix_ja = f"（ほか {more} 件）" if more else ""
        suffix_en = f" (and {more} more)" if more else ""
        raise InvalidInput(
            f"推計の入力が正しくありません: {first['message_ja']}{suffix_ja}",
            f"invalid projection input: {first['message_en']}{suffix_en}",
            code="invalid_projection_input",
            details=self.details,
        )


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _numbers(value: object, field: str, size: int, problems: _Problems) -> list[float] | None:
    """A list of exactly `size` finite numbers, or None after recording why not."""
    if not isinstance(value, list):
        problems.add(
            field, f"{size} 個の数値のリストが必要です", f"expected a list of {size} numbers"
        )
        return None
    if len(value) != size:
        problems.add(
            field,
            f"{size} 個の数値が必要ですが {len(value)} 個あります",
            f"expected {size} numbers, got {len(value)}",
        )
        return None
    if all(type(v) in (int, float) for v in value):  # the common case, fast (bool excluded)
        numbers = np.array(value, dtype=float)
        if np.isfinite(numbers).all():
            return numbers.tolist()
    bad = [i for i, v in enumerate(value) if not _is_number(v)]
    for i in bad:
        problems.add(f"{field}[{i}]", "数値ではありません", f"not a number: {value[i]!r}")
    return None if bad else [float(v) for v in value]


def _check_range(
    values: np.ndarray, field: str, problems: _Problems, *, low: float, high: float | None = None
) -> None:
    """Record each value outside [low, high] with its index."""
    outside = values < low if high is None else (values < low) | (values > high)
    for index in zip(*np.nonzero(outside), strict=True):
        span = f"{low:g} 以上" if high is None else f"{low:g} 以上 {high:g} 以下"
        span_en = f">= {low:g}" if high is None else f"between {low:g} and {high:g}"
        problems.add(
            problems.where(field, index),
            f"{span}である必要があります（{values[index]:g}）",
            f"must be {span_en} (got {values[index]:g})",
        )


def _check_positive(values: np.ndarray, field: str, problems: _Problems) -> None:
    """Ratios that divide (sex ratio, TFR) must be above zero."""
    for (k,) in zip(*np.nonzero(values <= 0), strict=True):
        problems.add(
            problems.where(field, (k,)),
            f"0 より大きい必要があります（{values[k]:g}）",
            f"must be above 0 (got {values[k]:g})",
        )


def _per_step_rows(value: object, field: str, problems: _Problems) -> np.ndarray | None:
    """18 numbers (constant) or a list of 18 numbers per step → [k, 18]."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        rows = [
            _numbers(row, f"{field}[{k}]", TRANSITION_COUNT, problems)
            for k, row in enumerate(value)
        ]
        return None if any(r is None for r in rows) else np.array(rows, dtype=float)
    problems.constant.add(field)
    row = _numbers(value, field, TRANSITION_COUNT, problems)
    return None if row is None else np.array([row], dtype=float)


def hold_last(values: np.ndarray, steps: int) -> np.ndarray:
    """Extend (or cut) along the first axis to `steps`, repeating the last entry."""
    if len(values) == steps:
        return values
    if len(values) > steps:
        return values[:steps]
    tail = np.repeat(values[-1:], steps - len(values), axis=0)
    return np.concatenate([values, tail], axis=0)


def _by_sex(value: object, field: str, problems: _Problems) -> dict[str, object] | None:
    if not isinstance(value, dict):
        problems.add(
            field, "male と female を持つオブジェクトが必要です", "expected {male, female}"
        )
        return None
    missing = [s for s in SEXES if s not in value]
    for sex in missing:
        problems.add(f"{field}.{sex}", "ありません", "missing")
    for key in value:
        if key not in SEXES:
            problems.add(f"{field}.{key}", "不明な項目です", "unknown field")
    return None if missing else value


def _transitions(value: object, field: str, problems: _Problems) -> np.ndarray | None:
    """survival / net_migration → [k, 2, 18], the shorter sex held at its last step."""
    sexes = _by_sex(value, field, problems)
    if sexes is None:
        return None
    rows = [_per_step_rows(sexes[s], f"{field}.{s}", problems) for s in SEXES]
    if rows[0] is None or rows[1] is None:
        return None
    steps = max(len(rows[0]), len(rows[1]))
    return np.stack([hold_last(r, steps) for r in rows], axis=1)


def _series(value: object, field: str, problems: _Problems) -> np.ndarray | None:
    """A number (constant) or a non-empty list of numbers, one per step → [k]."""
    if _is_number(value):
        problems.constant.add(field)
        return np.array([float(value)])
    if isinstance(value, list) and value:
        numbers = _numbers(value, field, len(value), problems)
        return None if numbers is None else np.array(numbers)
    problems.add(
        field, "数値または数値のリストが必要です", "expected a number or a list of numbers"
    )
    return None


def _population(value: object, problems: _Problems) -> np.ndarray | None:
    sexes = _by_sex(value, "population", problems)
    if sexes is None:
        return None
    rows = [_numbers(sexes[s], f"population.{s}", CLASS_COUNT, problems) for s in SEXES]
    if rows[0] is None or rows[1] is None:
        return None
    population = np.array(rows, dtype=float)
    for sex, row in zip(SEXES, population, strict=True):
        _check_range(row, f"population.{sex}", problems, low=0.0)
    return population


def _base_year(value: object, problems: _Problems) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    problems.add(
        "base_year", "整数の年が必要です（例: 2020）", "expected a year as an integer (e.g. 2020)"
    )
    return None


def _check_rates(survival: np.ndarray, migration: np.ndarray, problems: _Problems) -> None:
    """生残率 within [0, 1]; 生残率 + 純移動率 not negative (no negative people)."""
    for s, sex in enumerate(SEXES):
        _check_range(survival[:, s], f"survival.{sex}", problems, low=0.0, high=1.0)
    steps = max(len(survival), len(migration))
    rate = hold_last(survival, steps) + hold_last(migration, steps)
    for s, sex in enumerate(SEXES):
        for k, i in zip(*np.nonzero(rate[:, s] < 0), strict=True):
            problems.add(
                problems.where(f"net_migration.{sex}", (k, i)),
                f"生残率と純移動率の和が負です（{rate[k, s, i]:g}）",
                f"survival + net migration is negative ({rate[k, s, i]:g})",
            )


def _known_fields(data: dict[str, Any], problems: _Problems) -> None:
    for key in data:
        if key not in FIELDS and key not in LABELS:
            problems.add(key, "不明な項目です", "unknown field")
    for key in REQUIRED:
        if key not in data:
            problems.add(key, "ありません", "missing")


def parse_area(data: object, *, code: str = "area", prefix: str = "") -> AreaInput:
    """One area's input object → `AreaInput`, or `InvalidInput` naming every bad field."""
    if not isinstance(data, dict):
        top = _Problems()
        top.add(prefix.rstrip(".") or "input", "オブジェクトが必要です", "expected an object")
        top.raise_if_any()
    problems = _Problems(prefix)
    _known_fields(data, problems)
    parsed = None if problems.details else _parse_fields(data, problems)
    problems.raise_if_any()
    assert parsed is not None
    return AreaInput(code=str(data.get("code", code)), name=str(data.get("name", "")), **parsed)


def _parse_fields(data: dict[str, Any], problems: _Problems) -> dict[str, Any] | None:
    parsed = {
        "base_year": _base_year(data["base_year"], problems),
        "population": _population(data["population"], problems),
        "survival": _transitions(data["survival"], "survival", problems),
        "net_migration": _transitions(data["net_migration"], "net_migration", problems),
        "child_woman_ratio": _series(data["child_woman_ratio"], "child_woman_ratio", problems),
        "sex_ratio_0_4": _series(data["sex_ratio_0_4"], "sex_ratio_0_4", problems),
        "tfr_base": _series(data["tfr_base"], "tfr_base", problems) if "tfr_base" in data else None,
    }
    _check_assumptions(parsed, problems)
    return None if problems.details else parsed


def _check_assumptions(fields: dict[str, Any], problems: _Problems) -> None:
    """The rules every input obeys, whether read from a file or edited on the page."""
    if fields["survival"] is not None and fields["net_migration"] is not None:
        _check_rates(fields["survival"], fields["net_migration"], problems)
    if fields["child_woman_ratio"] is not None:
        _check_range(fields["child_woman_ratio"], "child_woman_ratio", problems, low=0.0)
    for key in ("sex_ratio_0_4", "tfr_base"):
        if fields[key] is not None:
            _check_positive(fields[key], key, problems)


def check_area(area: AreaInput) -> None:
    """`InvalidInput` naming every field of an area built in code (e.g. edited assumptions)
    that a file with the same values would have been refused for."""
    problems = _Problems()
    _check_assumptions(
        {
            "survival": area.survival,
            "net_migration": area.net_migration,
            "child_woman_ratio": area.child_woman_ratio,
            "sex_ratio_0_4": area.sex_ratio_0_4,
            "tfr_base": area.tfr_base,
        },
        problems,
    )
    problems.raise_if_any()


def parse_inputs(data: object) -> list[AreaInput]:
    """One area, a list of areas, or ``{"areas": {code: area}}`` → a list of `AreaInput`."""
    if isinstance(data, dict) and "areas" in data:
        areas = data["areas"]
        if isinstance(areas, dict):
            items = [(str(code), value, f"areas.{code}.") for code, value in areas.items()]
        elif isinstance(areas, list):
            items = [(str(i + 1), value, f"areas[{i}].") for i, value in enumerate(areas)]
        else:
            items = [("areas", areas, "areas")]
    elif isinstance(data, list):
        items = [(str(i + 1), value, f"[{i}].") for i, value in enumerate(data)]
    else:
        items = [("area", data, "")]
    if not items:
        raise InvalidInput(
            "地域がありません", "no areas in the input", code="invalid_projection_input"
        )
    parsed = _parse_all(items)
    _check_same_base_year(parsed)
    return parsed


def _parse_all(items: list[tuple[str, object, str]]) -> list[AreaInput]:
    """Parse every area, reporting the problems of all of them together."""
    problems = _Problems()
    parsed = []
    for code, value, prefix in items:
        try:
            parsed.append(parse_area(value, code=code, prefix=prefix))
        except InvalidInput as exc:
            problems.details.extend(exc.details)
    problems.raise_if_any()
    return parsed


def _check_same_base_year(areas: list[AreaInput]) -> None:
    years = sorted({a.base_year for a in areas})
    if len(years) > 1:
        raise InvalidInput(
            f"基準年がそろっていません（{', '.join(map(str, years))}）。"
            "同じ基準年の地域ごとに推計してください",
            f"areas have different base years ({', '.join(map(str, years))}); run them separately",
            code="invalid_projection_input",
        )


def load_inputs(path: str | Path) -> list[AreaInput]:
    """Read a JSON input file (UTF-8, with or without BOM) → a list of `AreaInput`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(
            f"推計の入力ファイルを JSON として読めません: {exc}",
            f"cannot read the projection input as JSON: {exc}",
            code="invalid_projection_input",
        ) from exc
    return parse_inputs(data)
