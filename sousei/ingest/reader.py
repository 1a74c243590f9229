"""`read_table`: any table file a city publishes → typed Arrow columns and a report.

The steps, each in its own module: what the file is (`formats`), its text encoding and dialect
(`encoding`, `delimited`) or its sheet (`excel`), where the table sits (`layout`), the column
names (`headers`), and each column's type and values (`infer`, `numbers`, `wareki`). A file that
cannot be read at all raises `IngestError`; anything else wrong is a `Problem` in the report, and
the caller decides (a load stops on any problem with severity "error").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from sousei.ingest import excel
from sousei.ingest.delimited import RawTable, columns_from_records, read_delimited
from sousei.ingest.formats import sniff_format
from sousei.ingest.headers import (
    HeaderColumn,
    build_header,
    finish_names,
    looks_like_code_column,
    unit_in_text,
)
from sousei.ingest.infer import Converted, convert_column
from sousei.ingest.layout import detect_layout, row_text
from sousei.ingest.limits import DEFAULT_LIMITS, Limits
from sousei.ingest.report import WARNING, ColumnReport, IngestError, IngestReport, Problem
from sousei.ingest.threads import map_columns, pandas_imported_meanwhile

Source = Path | str | bytes | bytearray | memoryview
OnProgress = Callable[[int, int], None]


@dataclass
class Table:
    """Typed columns named by machine name, and what was found on the way."""

    data: pa.Table
    report: IngestReport


def _too_large(size: int, limit: int) -> IngestError:
    return IngestError(
        f"ファイルが大きすぎます（{size:,} バイト、上限 {limit:,} バイト）。",
        f"The file is too large ({size:,} bytes; the limit is {limit:,}).",
        code="file-too-large",
    )


def _load(source: Source, max_bytes: int | None) -> bytes:
    """The file's bytes; a file over `max_bytes` is refused before it is read."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
            if max_bytes is not None and size > max_bytes:
                raise _too_large(size, max_bytes)
            data = path.read_bytes()
        except OSError as exc:
            raise IngestError(
                f"ファイルを開けません: {path.name}",
                f"Cannot open the file {path.name}: {exc.strerror or exc}",
                code="unreadable",
            ) from exc
    else:
        raise TypeError(f"read_table() takes a Path or bytes, not {type(source).__name__}")
    if max_bytes is not None and len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _format(data: bytes) -> str:
    kind = sniff_format(data)
    return excel.ole2_kind(data) if kind == "ole2" else kind


def list_sheets(source: Source, *, filename: str | None = None) -> list[str]:
    """Sheet names of a workbook, in order; a text file has none ([])."""
    del filename  # the content decides, not the name
    data = _load(source, None)
    kind = _format(data)
    if kind == "xlsx":
        return excel.xlsx_sheet_names(data, DEFAULT_LIMITS)
    if kind == "xls":
        return excel.xls_sheet_names(data)
    return []


def _from_sheet(sheet: excel.Sheet) -> RawTable:
    grid = sheet.rows
    layout = detect_layout(grid, complete=True)
    rows = [grid[i] for i in layout.header_rows] + grid[layout.data_start : layout.data_end]
    width = max((len(r) for r in rows), default=0)
    columns, problems = columns_from_records(
        grid[layout.data_start : layout.data_end], width, layout.data_start + 1, strict=False
    )
    title = "\n".join(t for t in (row_text(grid[i]) for i in layout.title_rows) if t)
    return RawTable(
        header=[grid[i] for i in layout.header_rows],
        header_rows=[i + 1 for i in layout.header_rows],
        title=title or None,
        notes=[row_text(grid[i]) for i in layout.note_rows],
        columns=columns,
        first_row=layout.data_start + 1,
        problems=problems,
        extra_rows=[i + 1 for i in layout.extra_rows],
    )


_EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
               ".xls": "xls"}  # fmt: skip


def _name_mismatch(name: str | None, kind: str) -> Problem | None:
    """A warning when the file's name says one format and its content another (read as content)."""
    if not name:
        return None
    suffix = Path(name).suffix.lower()
    said = _EXTENSIONS.get(suffix)
    if said is None or said == kind:
        return None
    shown = {"csv": "CSV/TSV", "xlsx": "Excel (.xlsx)", "xls": "Excel 97-2003 (.xls)"}[kind]
    return Problem(
        code="format-mismatch",
        message_ja=f"ファイル名は {suffix} ですが、中身は {shown} でした。"
        "中身に合わせて読み込みました。",
        message_en=f"The file is named {suffix} but holds {shown}; it was read as {shown}.",
        severity=WARNING,
    )


def _extra_problem(rows: list[int]) -> Problem:
    first, last = rows[0], rows[-1]
    return Problem(
        code="extra-content",
        message_ja=f"表の下の {first}〜{last} 行目（別の表など）は読み込んでいません。",
        message_en=f"Rows {first}–{last} below the table (another table, perhaps) were not read.",
        row=first,
        severity=WARNING,
    )


def _cap(problems: list[Problem], limit: int) -> list[Problem]:
    """At most `limit` located problems per code, then one that says how many more there were.

    Problems without a row or column (summaries, such as a reader's own "N more") always stay.
    """
    kept: list[Problem] = []
    counts: dict[str, int] = {}
    for problem in problems:
        if problem.row is None and problem.column is None:
            kept.append(problem)
            continue
        counts[problem.code] = counts.get(problem.code, 0) + 1
        if counts[problem.code] <= limit:
            kept.append(problem)
    for code, count in counts.items():
        if count > limit:
            severity = next(p.severity for p in problems if p.code == code)
            kept.append(
                Problem(
                    code=code,
                    message_ja=f"ほかにも「{code}」が {count - limit} 件あります。",
                    message_en=f"{count - limit} more {code!r} problem(s) are not listed.",
                    severity=severity,
                )
            )
    return kept


def _build(raw: RawTable, report: IngestReport, progress: Callable[[int], None]) -> pa.Table:
    """Name, type and assemble the columns; fill in the report."""
    width = max([len(raw.columns), *(len(r) for r in raw.header)], default=0)
    columns = list(raw.columns)
    length = len(columns[0]) if columns else 0
    while len(columns) < width:
        columns.append(pa.array([""] * length, pa.string()))
    headers = build_header(raw.header, width)
    table_unit = unit_in_text(raw.title or "")

    def convert(pair: tuple[HeaderColumn, pa.Array]) -> Converted:
        header, column = pair
        return convert_column(
            column,
            name=header.name or f"列{header.index}",
            index=header.index,
            first_row=raw.first_row,
            force_text=looks_like_code_column(header.name),
        )

    converted = []
    for n, done in enumerate(map_columns(convert, zip(headers, columns, strict=True))):
        converted.append(done)
        progress(50 + 45 * (n + 1) // max(width, 1))
    # 全く空の列 (no header, no value) is dropped; a blank row is blank in every kept column.
    keep = [i for i, h in enumerate(headers) if h.name or not converted[i].empty]
    names, machines, problems = finish_names([headers[i] for i in keep])
    row_blank = None
    reports, arrays = [], []
    for n, i in enumerate(keep):
        header, column = headers[i], converted[i]
        row_blank = column.blank if row_blank is None else pc.and_(row_blank, column.blank)
        unit = header.unit or column.unit
        if unit is None and column.type in ("integer", "decimal"):
            unit = table_unit
        for problem in column.problems:
            problem.column_name = names[n]
        problems += column.problems
        arrays.append(column.array)
        reports.append(
            ColumnReport(
                name=names[n],
                machine_name=machines[n],
                type=column.type,
                unit=unit,
                markers=column.markers,
                minimum=column.minimum,
                maximum=column.maximum,
                index=header.index,
                header=header.cells,
            )
        )
    data = pa.table(dict(zip(machines, arrays, strict=True))) if arrays else pa.table({})
    if row_blank is not None and pc.any(row_blank).as_py():
        data = data.filter(pc.invert(row_blank))
    for report_column in reports:
        report_column.nulls = data.column(report_column.machine_name).null_count
    report.columns = reports
    report.problems = raw.problems + problems
    report.row_count = data.num_rows
    return data


def _read_raw(
    source: Source,
    max_bytes: int | None,
    encoding: str | None,
    sheet: str | None,
    limits: Limits,
    progress: Callable[[int], None],
) -> tuple[str, RawTable, IngestReport]:
    """The file's format, its cells as found, and the report so far."""
    data = _load(source, max_bytes)
    progress(5)
    kind = _format(data)
    if kind == "csv":
        raw, used, dialect = read_delimited(
            data, encoding=encoding, limits=limits, progress=progress
        )
        return kind, raw, IngestReport(format="csv", encoding=used, delimiter=dialect.delimiter)
    reader = excel.read_xlsx if kind == "xlsx" else excel.read_xls
    found = reader(data, sheet=sheet, limits=limits)
    progress(40)
    report = IngestReport(format=kind, sheet=found.name, sheets=found.sheets)
    return kind, _from_sheet(found), report


def read_table(
    source: Source,
    *,
    filename: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    max_bytes: int | None = None,
    on_progress: OnProgress | None = None,
    limits: Limits | None = None,
) -> Table:
    """Read a CSV/TSV/TXT, .xlsx or .xls file into typed columns and a report.

    The format comes from the content (zip → .xlsx, OLE2 → .xls, else text), not from
    `filename` (or the path's name); a disagreement is a "format-mismatch" warning.
    `encoding` overrides detection for text; `sheet` picks a sheet by name (default: the first
    with any value); `max_bytes` refuses larger files before reading them; `limits` bounds the
    rest (see `Limits`). `on_progress(done, total)` is called a few times, with total = 100.
    """
    limits = limits or DEFAULT_LIMITS
    if filename is None and isinstance(source, str | os.PathLike):
        filename = Path(source).name

    def progress(done: int) -> None:
        if on_progress is not None:
            on_progress(min(done, 100), 100)

    with pandas_imported_meanwhile():  # pyarrow wants it soon; the file is read meanwhile
        kind, raw, report = _read_raw(source, max_bytes, encoding, sheet, limits, progress)
    if raw.extra_rows:
        raw.problems.append(_extra_problem(raw.extra_rows))
    mismatch = _name_mismatch(filename, kind)
    if mismatch is not None:
        raw.problems.insert(0, mismatch)
    report.title = raw.title
    report.header_rows = raw.header_rows
    report.notes = raw.notes
    report.first_data_row = raw.first_row
    table = _build(raw, report, progress)
    report.problems = _cap(report.problems, limits.max_problems_per_code)
    progress(100)
    return Table(data=table, report=report)
