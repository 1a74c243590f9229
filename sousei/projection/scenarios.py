"""The standard scenarios of a 地方人口ビジョン, as changes to the base assumptions.

- ``base`` — パターン1 (社人研推計準拠): the assumptions as given.
- ``sim1`` — シミュレーション1: fertility rising to `target_tfr` (default 2.1) by `reach_year`
  (default 2030). Each step's 子ども女性比 becomes ``CWR(y) × TFR_sim(y) / TFR_base(y)`` with
  ``TFR_sim(y) = TFR_base(y) + (target − TFR_base(y)) × min(1, (y − base_year) /
  (reach_year − base_year))``, `y` the year the step ends.
- ``sim2`` — シミュレーション2: シミュレーション1 with net migration zero (移動ゼロ).
- ``custom`` — a TFR path of one's own (one value per step, held at its last; CWR scaled by
  ``TFR_path(y) / TFR_base(y)``) and a multiplier on the 純移動率 (0.5 = migration halved).

生残率 and the 0-4 sex ratio are never changed, as in the Cabinet Office's runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from sousei.errors import InvalidInput
from sousei.projection.assumptions import Assumptions
from sousei.projection.inputs import hold_last

DEFAULT_TARGET_TFR = 2.1
DEFAULT_REACH_YEAR = 2030
STANDARD = ("base", "sim1", "sim2")


@dataclass(frozen=True)
class Scenario:
    """How a scenario changes the base assumptions."""

    name: str
    label_ja: str
    label_en: str
    target_tfr: float | None = None
    reach_year: int | None = None
    tfr_path: tuple[float, ...] | None = None
    migration_multiplier: float = 1.0

    @property
    def changes_fertility(self) -> bool:
        return self.target_tfr is not None or self.tfr_path is not None


def base() -> Scenario:
    """パターン1: the base (社人研-style) assumptions unchanged."""
    return Scenario("base", "パターン1（社人研推計準拠）", "Pattern 1 (IPSS assumptions)")


def sim1(
    *, target_tfr: float = DEFAULT_TARGET_TFR, reach_year: int = DEFAULT_REACH_YEAR
) -> Scenario:
    """シミュレーション1: fertility to the target by the reach year."""
    return Scenario(
        "sim1",
        f"シミュレーション1（合計特殊出生率が{reach_year}年に{target_tfr:g}）",
        f"Simulation 1 (TFR {target_tfr:g} by {reach_year})",
        target_tfr=target_tfr,
        reach_year=reach_year,
    )


def sim2(
    *, target_tfr: float = DEFAULT_TARGET_TFR, reach_year: int = DEFAULT_REACH_YEAR
) -> Scenario:
    """シミュレーション2: シミュレーション1 and net migration zero."""
    return Scenario(
        "sim2",
        "シミュレーション2（シミュレーション1＋移動ゼロ）",
        "Simulation 2 (simulation 1, zero net migration)",
        target_tfr=target_tfr,
        reach_year=reach_year,
        migration_multiplier=0.0,
    )


def custom(
    *,
    tfr_path: Sequence[float] | None = None,
    migration_multiplier: float = 1.0,
    name: str = "custom",
    label_ja: str = "独自推計",
    label_en: str = "Custom",
) -> Scenario:
    """A TFR path (one per step, held at its last) and a multiplier on net migration."""
    if migration_multiplier < 0:
        raise InvalidInput(
            "純移動率の倍率は 0 以上である必要があります",
            "the migration multiplier must be 0 or more",
            code="invalid_scenario",
        )
    path = None if tfr_path is None else tuple(float(v) for v in tfr_path)
    if path is not None and (not path or min(path) < 0):
        raise InvalidInput(
            "TFR の経路は 0 以上の数値のリストである必要があります",
            "the TFR path must be a non-empty list of numbers of 0 or more",
            code="invalid_scenario",
        )
    return Scenario(
        name, label_ja, label_en, tfr_path=path, migration_multiplier=migration_multiplier
    )


def scenario_named(
    name: str, *, target_tfr: float = DEFAULT_TARGET_TFR, reach_year: int = DEFAULT_REACH_YEAR
) -> Scenario:
    """base, sim1 or sim2 by name (the CLI's and API's choice)."""
    if name == "base":
        return base()
    if name in ("sim1", "sim2"):
        make = sim1 if name == "sim1" else sim2
        return make(target_tfr=target_tfr, reach_year=reach_year)
    raise InvalidInput(
        f"不明なシナリオです: {name}（base, sim1, sim2 のいずれか）",
        f"unknown scenario {name!r} (base, sim1 or sim2)",
        code="invalid_scenario",
    )


def tfr_sim(
    tfr_base: np.ndarray, years: np.ndarray, *, base_year: int, target: float, reach_year: int
) -> np.ndarray:
    """TFR_sim(y) = TFR_base(y) + (target − TFR_base(y)) × min(1, (y − base) / (reach − base))."""
    if reach_year <= base_year:
        raise InvalidInput(
            f"到達年 {reach_year} は基準年 {base_year} より後である必要があります",
            f"the reach year {reach_year} must be after the base year {base_year}",
            code="invalid_scenario",
        )
    progress = np.minimum(1.0, (years - base_year) / (reach_year - base_year))
    return tfr_base + (target - tfr_base) * progress


def _require_tfr_base(assumptions: Assumptions, scenario: Scenario) -> None:
    missing = [
        c
        for c, row in zip(assumptions.codes, assumptions.tfr_base, strict=True)
        if np.isnan(row).any()
    ]
    if missing:
        raise InvalidInput(
            f"{scenario.label_ja}には tfr_base が必要です（地域 {', '.join(missing[:5])}）",
            f"{scenario.label_en} needs tfr_base (areas {', '.join(missing[:5])})",
            code="invalid_scenario",
        )


def _target_tfr(assumptions: Assumptions, scenario: Scenario) -> np.ndarray:
    if scenario.tfr_path is not None:
        path = hold_last(np.array(scenario.tfr_path), assumptions.steps)
        return np.broadcast_to(path, assumptions.tfr_base.shape)
    assert scenario.target_tfr is not None and scenario.reach_year is not None
    return tfr_sim(
        assumptions.tfr_base,
        assumptions.step_years,
        base_year=assumptions.base_year,
        target=scenario.target_tfr,
        reach_year=scenario.reach_year,
    )


def scenario_apply(assumptions: Assumptions, scenario: Scenario) -> Assumptions:
    """The assumptions of `scenario`: CWR scaled by TFR_sim / TFR_base, migration multiplied."""
    cwr = assumptions.cwr
    if scenario.changes_fertility:
        _require_tfr_base(assumptions, scenario)
        cwr = cwr * _target_tfr(assumptions, scenario) / assumptions.tfr_base
    migration = assumptions.migration * scenario.migration_multiplier
    if (assumptions.survival + migration < 0).any():
        raise InvalidInput(
            "この倍率では生残率と純移動率の和が負になります",
            "with this multiplier survival + net migration becomes negative",
            code="invalid_scenario",
        )
    return replace(assumptions, cwr=cwr, migration=migration)
