"""Statistics: the standard tables and the analyses on them. Pure pandas; no Django.

The map, one concept per module:

- `tables`: the standard statistics tables (population, vital, migration, households) and
  their `Provenance`.
- getting data in (recognised layouts and mappings to the standard tables): see the
  `recognise*` / `mapping*` / `layouts` / `labels` modules.
- `frames`: picking non-overlapping rows (totals vs breakdowns, one age scheme); the
  `InsufficientData` error every analysis raises instead of guessing.
- `change`: totals, change and growth rate, 自然増減, 社会増減, the decomposition of change.
- `structure`: 年齢3区分, 75+, 高齢化率, 従属人口指数 (年齢不詳 out of denominators).
- `pyramid`: 人口ピラミッド by 5-year class with overlays (another date, a scaled reference).
- `moves`: 転入・転出 by age class and by counterpart area.
- `districts`: 地域別 totals, shares and trends.
- `ranking`: rank and percentile nationwide, in the prefecture and in the size band.
- `trend`: the one rule for 増加傾向 / 減少傾向 / 横ばい.
- `wording`: 和暦 years, thousands separators and the true minus sign in findings.
- `findings`: the rule-based plain-language findings (分析結果), Japanese and English.
- `analysis`: the public analyses in one import, for pages, the API and notebooks.
"""
