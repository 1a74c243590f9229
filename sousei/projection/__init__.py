"""Population vision (地方人口ビジョン): cohort-component projection and scenarios. Pure numpy.

The map, one concept per module:

- `ages`: the 19 five-year classes, the 18 transitions, the sexes and the array layout.
- `inputs`: the JSON input format, parsed and validated with bilingual errors per field.
- `assumptions`: the assumptions of many areas over T steps as arrays (per-step lists extended).
- `engine`: the cohort-component step (生残率, 純移動率, 子ども女性比), vectorised over areas.
- `raking`: scaling a set of areas to a control total (一律補正).
- `scenarios`: パターン1, シミュレーション1 and 2, custom TFR paths and migration multipliers.
- `impact`: 自然増減・社会増減の影響度 and their 1-5 levels.
- `result`: one area × scenario's projection and its JSON shape.
- `runs`: inputs × scenarios → results in one engine call (what the CLI, API and pages call).
- `writers`: CSV and XLSX with Japanese headers.
- `reality`: a stored projection against actual counts, and the finding sentence.
"""

from sousei.projection.assumptions import Assumptions, assumptions_stack
from sousei.projection.engine import child_woman_ratio, project, step
from sousei.projection.impact import Impact, impact_level, impact_of, impact_percent
from sousei.projection.inputs import AreaInput, load_inputs, parse_area, parse_inputs
from sousei.projection.raking import rake
from sousei.projection.reality import RealityGap, reality_finding, reality_gaps
from sousei.projection.result import ProjectionResult
from sousei.projection.runs import impact_run, projection_run
from sousei.projection.scenarios import Scenario, base, custom, scenario_named, sim1, sim2, tfr_sim
from sousei.projection.writers import results_csv, results_xlsx

__all__ = [
    "AreaInput",
    "Assumptions",
    "Impact",
    "ProjectionResult",
    "RealityGap",
    "Scenario",
    "assumptions_stack",
    "base",
    "child_woman_ratio",
    "custom",
    "impact_level",
    "impact_of",
    "impact_percent",
    "impact_run",
    "load_inputs",
    "parse_area",
    "parse_inputs",
    "project",
    "projection_run",
    "rake",
    "reality_finding",
    "reality_gaps",
    "results_csv",
    "results_xlsx",
    "scenario_named",
    "sim1",
    "sim2",
    "step",
    "tfr_sim",
]
