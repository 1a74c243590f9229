"""企業版ふるさと納税 totals against seed 004 (一関市, 令和4年度)."""

from decimal import Decimal

from sousei.strategy.donations import summarise_donations
from sousei.strategy.plan import DonationRow


def test_seed_004_donations_total_105000_thousand_yen_for_fy2022():
    gather = "市内外から人が集うまちをつくる事業"
    summary = summarise_donations(
        [
            DonationRow(
                2022, f"{gather}（TGC teen 一関推進委員会負担金）", "株式会社SHOEI", Decimal(100000)
            ),
            DonationRow(
                2022, f"{gather}（いちのせき起業応援事業）", "株式会社パソナ", Decimal(5000)
            ),
        ]
    )
    assert summary.total == 105000 and summary.by_year == {2022: 105000}
    assert [(p["donations"], p["total"]) for p in summary.by_project] == [(1, 100000), (1, 5000)]
