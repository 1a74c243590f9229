"""Projection benchmark: all 1,741 municipalities × 3 scenarios (パターン1, シミュレーション1, 2)
× 2020 → 2070, sousei's vectorised engine beside a plain per-area Python loop of the same
formulas; the two results are asserted equal before any time is printed.

The municipalities are synthetic and deterministic (seeded): sizes from 200 to 3.7 million,
生残率 from one schedule with noise, 純移動率, 子ども女性比 and TFR per step varying by area.

    .venv/bin/python bench/projection_bench.py [--areas 1741] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from sousei.projection import assumptions_stack, base, parse_inputs, projection_run, sim1, sim2
from sousei.projection.assumptions import assumptions_concat
from sousei.projection.runs import project_assumptions
from sousei.projection.scenarios import DEFAULT_REACH_YEAR, DEFAULT_TARGET_TFR, scenario_apply

BASE_YEAR, TO_YEAR = 2020, 2070
STEPS = (TO_YEAR - BASE_YEAR) // 5
SURVIVAL = np.array(
    [0.9993, 0.9996, 0.9993, 0.9986, 0.9983, 0.9979, 0.9972, 0.9960, 0.9940, 0.9905,
     0.9855, 0.9780, 0.9660, 0.9480, 0.9170, 0.8650, 0.7800, 0.5200]
)  # fmt: skip


def synthetic_inputs(count: int, seed: int = 1741) -> list[dict]:
    """`count` input objects in the documented JSON format."""
    rng = np.random.default_rng(seed)
    sizes = np.exp(rng.uniform(np.log(200), np.log(3_700_000), count))
    inputs = []
    for a in range(count):
        shape = rng.uniform(0.5, 1.5, (2, 19))
        population = shape / shape.sum() * sizes[a]
        survival = np.clip(SURVIVAL + rng.normal(0, 0.002, (2, 18)), 0, 1)
        migration = rng.normal(0, 0.03, (STEPS, 2, 18))
        inputs.append(
            {
                "code": f"{a:05d}",
                "base_year": BASE_YEAR,
                "population": {"male": population[0].tolist(), "female": population[1].tolist()},
                "survival": {"male": survival[0].tolist(), "female": survival[1].tolist()},
                "net_migration": {
                    "male": migration[:, 0].tolist(),
                    "female": migration[:, 1].tolist(),
                },
                "child_woman_ratio": rng.uniform(0.12, 0.25, STEPS).tolist(),
                "sex_ratio_0_4": float(rng.uniform(103, 107)),
                "tfr_base": rng.uniform(1.1, 1.8, STEPS).tolist(),
            }
        )
    return inputs


# The plain loop: the same formulas over Python floats, one area and one scenario at a time.


def _per_step(value: list, step: int) -> list[float]:
    """A flat list of 18 (constant) or one list per step (held at its last)."""
    if isinstance(value[0], list):
        return value[min(step, len(value) - 1)]
    return value


def _at(value: float | list, step: int) -> float:
    return value if not isinstance(value, list) else value[min(step, len(value) - 1)]


def _cwr(data: dict, scenario: str, step: int) -> float:
    cwr = _at(data["child_woman_ratio"], step)
    if scenario == "base":
        return cwr
    year = BASE_YEAR + 5 * (step + 1)
    tfr = _at(data["tfr_base"], step)
    progress = min(1.0, (year - BASE_YEAR) / (DEFAULT_REACH_YEAR - BASE_YEAR))
    return cwr * (tfr + (DEFAULT_TARGET_TFR - tfr) * progress) / tfr


def plain_one(data: dict, scenario: str) -> list[list[list[float]]]:
    """[years][sex][19] for one area and scenario, in plain Python."""
    years = [[list(data["population"]["male"]), list(data["population"]["female"])]]
    for step in range(STEPS):
        before, after = years[-1], []
        for sex in ("male", "female"):
            s = _per_step(data["survival"][sex], step)
            m = _per_step(data["net_migration"][sex], step)
            if scenario == "sim2":
                m = [0.0] * 18
            p = before[0 if sex == "male" else 1]
            row = [0.0] + [p[x] * (s[x] + m[x]) for x in range(17)]
            row.append((p[17] + p[18]) * (s[17] + m[17]))
            after.append(row)
        births = _cwr(data, scenario, step) * sum(after[1][3:10])
        ratio = _at(data["sex_ratio_0_4"], step)
        after[0][0] = births * ratio / (ratio + 100.0)
        after[1][0] = births * 100.0 / (ratio + 100.0)
        years.append(after)
    return years


def plain_all(inputs: list[dict]) -> np.ndarray:
    return np.array([plain_one(d, s) for s in ("base", "sim1", "sim2") for d in inputs])


def timed(call: Callable[[], object], repeat: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=1741)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    inputs = synthetic_inputs(args.areas)
    parse_time, areas = timed(lambda: parse_inputs(inputs), args.repeat)
    scenarios = [base(), sim1(), sim2()]
    run_time, results = timed(
        lambda: projection_run(areas, to_year=TO_YEAR, scenarios=scenarios), args.repeat
    )
    stacked = assumptions_stack(areas, to_year=TO_YEAR)
    prepared = assumptions_concat([scenario_apply(stacked, s) for s in scenarios])
    engine_time, _ = timed(lambda: project_assumptions(prepared), args.repeat)
    loop_time, plain = timed(lambda: plain_all(inputs), max(1, args.repeat // 2))

    vectorised = np.array([np.stack([r.male, r.female], axis=1) for r in results])
    np.testing.assert_allclose(vectorised, plain, rtol=1e-12, atol=1e-9)

    runs = args.areas * len(scenarios)
    print(
        f"{args.areas:,} areas × {len(scenarios)} scenarios × {BASE_YEAR}→{TO_YEAR} ({STEPS} steps)"
    )
    print(f"  parse + validate the JSON inputs:   {parse_time * 1000:8.1f} ms")
    print(f"  sousei projection_run (vectorised): {run_time * 1000:8.1f} ms")
    print(f"    of which the engine on stacked arrays: {engine_time * 1000:5.1f} ms")
    print(f"  plain per-area Python loop:         {loop_time * 1000:8.1f} ms")
    print(f"  loop ÷ vectorised:                  {loop_time / run_time:8.1f}×")
    print(f"  results identical for all {runs:,} area-scenario runs (rtol 1e-12)")


if __name__ == "__main__":
    main()
