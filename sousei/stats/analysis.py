"""The analyses in one import (人口構成, 人口増減, 自然増減, 社会増減, 転入転出, 地域別, 順位).

Pages, the API and notebooks import from here; each function lives in the module of its
concept (see the package docstring).
"""

from sousei.stats.change import (
    ChangeDecomposition,
    PopulationChange,
    change_decomposition,
    event_years,
    growth_rate,
    migration_totals,
    natural_change,
    population_change,
    population_total,
    population_totals,
    social_change,
)
from sousei.stats.districts import district_breakdown
from sousei.stats.frames import InsufficientData
from sousei.stats.moves import net_migration_by_age, top_counterparts
from sousei.stats.pyramid import Pyramid, open_class_start, pyramid, pyramid_overlay
from sousei.stats.ranking import (
    SIZE_BANDS,
    AreaRanking,
    Rank,
    SizeBand,
    rank_among,
    rank_area,
    ranking_table,
    size_band,
)
from sousei.stats.structure import (
    AgeStructure,
    age_classes,
    age_structure,
    age_structure_series,
    aging_rate,
    unknown_age,
)
from sousei.stats.trend import trend

__all__ = [
    "SIZE_BANDS",
    "AgeStructure",
    "AreaRanking",
    "ChangeDecomposition",
    "InsufficientData",
    "PopulationChange",
    "Pyramid",
    "Rank",
    "SizeBand",
    "age_classes",
    "age_structure",
    "age_structure_series",
    "aging_rate",
    "change_decomposition",
    "district_breakdown",
    "event_years",
    "growth_rate",
    "migration_totals",
    "natural_change",
    "net_migration_by_age",
    "open_class_start",
    "population_change",
    "population_total",
    "population_totals",
    "pyramid",
    "pyramid_overlay",
    "rank_among",
    "rank_area",
    "ranking_table",
    "size_band",
    "social_change",
    "top_counterparts",
    "trend",
    "unknown_age",
]
