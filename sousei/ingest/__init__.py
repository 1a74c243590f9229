"""Reading the files Japanese cities really publish. Pure Python on pyarrow; no Django.

`read_table(path_or_bytes)` returns a `Table`: typed Arrow columns named by machine name, and an
`IngestReport` (format, encoding, sheet, title, header rows, notes, per-column type/unit/nulls/
markers/min/max, and `Problem`s with file row and column numbers in Japanese and English).
`IngestError` means the file cannot be read at all (empty, binary, wrong encoding, too many
columns, a line or cell too long, a zip bomb, a password, over `max_bytes` …).

The rules, each in its module:

- `formats`, `encoding`, `delimited`, `excel`: the content decides the format (zip → .xlsx,
  OLE2 → .xls or an encrypted workbook, else text); text is UTF-8 (BOM or not), CP932, EUC-JP or
  UTF-16, split on , TAB ; or |. Long text files are parsed by pyarrow in one pass.
- `layout`: title rows above the header, up to six header rows, notes below (資料：, 注：, ※ …),
  a second table after a blank row reported and not read, blank rows and columns dropped.
- `headers`: names as written (cleaned, footnote marks and a bracketed unit moved out, header
  rows joined with "_"); a row of ASCII codes such as SSDSE's `A1101` gives the machine names,
  a row of years is kept in `ColumnReport.header` only. Machine names are the code, else the
  name's ASCII words ("population_total"), else "c" + the column number ("c3").
- `numbers`, `wareki`, `infer`: full-width digits, 1,953 and △394, missing/secret markers
  (-, …, x, *, 秘匿 …; not 不詳) counted per column; 和暦 dates, year-months, years and 年度;
  codes with leading zeros or named コード/番号 stay text.
"""

from sousei.ingest.limits import Limits
from sousei.ingest.reader import Table, list_sheets, read_table
from sousei.ingest.report import ColumnReport, IngestError, IngestReport, Problem

__all__ = [
    "ColumnReport",
    "IngestError",
    "IngestReport",
    "Limits",
    "Problem",
    "Table",
    "list_sheets",
    "read_table",
]
