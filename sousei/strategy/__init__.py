"""The 地方版総合戦略 as data: goals, measures, KPIs, actuals, grades, donations, reports."""
