"""企業版ふるさと納税: donations summed per project and fiscal year, in 千円 (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sousei.strategy.plan import DonationRow


@dataclass
class DonationSummary:
    rows: list[dict[str, Any]]
    by_project: list[dict[str, Any]]  # project, donations (count), by_year {year: 千円}, total
    by_year: dict[int, Decimal]
    total: Decimal
    years: list[int]


def summarise_donations(donations: Iterable[DonationRow]) -> DonationSummary:
    """Totals by project (in the order projects first appear) and by year, and the grand total;
    a project without a donation in a year shows 0 there."""
    rows = [
        {"fiscal_year": d.fiscal_year, "project": d.project, "donor": d.donor, "amount": d.amount}
        for d in donations
    ]
    cells: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    count: dict[str, int] = defaultdict(int)
    for row in rows:
        cells[row["project"]][row["fiscal_year"]] += row["amount"]
        count[row["project"]] += 1
    years = sorted({row["fiscal_year"] for row in rows})
    by_year = {
        year: sum((c.get(year, Decimal(0)) for c in cells.values()), Decimal(0)) for year in years
    }
    return DonationSummary(
        rows=rows,
        by_project=[
            {
                "project": project,
                "donations": count[project],
                "by_year": {year: by_cell.get(year, Decimal(0)) for year in years},
                "total": sum(by_cell.values(), Decimal(0)),
            }
            for project, by_cell in cells.items()
        ],
        by_year=by_year,
        total=sum(by_year.values(), Decimal(0)),
        years=years,
    )
