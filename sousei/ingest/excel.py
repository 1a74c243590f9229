"""Excel workbooks as grids of strings: .xlsx with openpyxl, legacy .xls with xlrd.

Before openpyxl sees an .xlsx, its zip directory is checked (件数・展開後サイズ・圧縮率), so a zip
bomb is refused without inflating it; Python's zipfile never yields more than the sizes declared
there. A password-protected .xlsx is not a zip at all but an OLE2 file holding an
"EncryptedPackage" stream; it is named as such instead of failing as a broken workbook.

Cells become strings the same way CSV cells are, so one normaliser handles both: 2008.0 → "2008",
a date → "2020-04-01", TRUE → "true", an error cell → "#N/A". Formula cells give their cached
value (what Excel last showed), never the formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sousei.ingest.limits import Limits
from sousei.ingest.report import IngestError

Grid = list[list[str]]


@dataclass
class Sheet:
    name: str
    sheets: list[str]
    rows: Grid


def _corrupt(kind: str, exc: Exception) -> IngestError:
    return IngestError(
        f"{kind} ファイルが壊れているか、読めない形式です（{type(exc).__name__}）。",
        f"The {kind} file is damaged or in a form that cannot be read ({type(exc).__name__}: "
        f"{exc}).",
        code="corrupt-file",
    )


def password_protected() -> IngestError:
    return IngestError(
        "パスワードで保護（暗号化）された Excel ファイルは読めません。"
        "パスワードを外して保存し直してください。",
        "The Excel file is password-protected (encrypted). Remove the password and save it again.",
        code="password-protected",
    )


def _bomb(detail_ja: str, detail_en: str) -> IngestError:
    return IngestError(
        f"展開すると大きすぎる .xlsx です（zip bomb の疑い）: {detail_ja}",
        f"The .xlsx would expand to too much data (a possible zip bomb): {detail_en}",
        code="zip-bomb",
    )


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip that is no .xlsx or would inflate past the limits; reads only its index."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (zip version), EOFError …
        raise _corrupt("xlsx", exc) from exc
    if len(members) > limits.max_zip_members:
        raise _bomb(
            f"{len(members):,} 個のファイルを含みます。", f"it holds {len(members):,} files."
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise _bomb(
            f"展開後 {total:,} バイト（上限 {limits.max_uncompressed_bytes:,}）。",
            f"{total:,} bytes uncompressed (limit {limits.max_uncompressed_bytes:,}).",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.zip_ratio_floor and ratio > limits.max_zip_ratio:
            raise _bomb(
                f"{member.filename} は {ratio:,.0f} 倍に展開されます。",
                f"{member.filename} expands {ratio:,.0f} times.",
            )
        if member.flag_bits & 0x1:
            raise password_protected()
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        kind = (
            "ODS" if "content.xml" in names else ("xlsb" if "xl/workbook.bin" in names else "zip")
        )
        raise IngestError(
            f"この {kind} ファイルは読めません。Excel で .xlsx か CSV で保存し直してください。",
            f"This {kind} file cannot be read. Save it from Excel as .xlsx or CSV.",
            code="unsupported-format",
        )


def ole2_kind(data: bytes) -> str:
    """`xls` for a legacy workbook; raises for an encrypted Office file or another OLE2 file."""
    from xlrd.compdoc import CompDoc

    try:
        names = {entry.name for entry in CompDoc(data, logfile=io.StringIO()).dirlist}
    except Exception as exc:  # xlrd raises its own, struct and index errors on damaged files
        raise _corrupt("xls", exc) from exc
    if names & {"EncryptedPackage", "EncryptionInfo"}:
        raise password_protected()
    if names & {"Workbook", "Book"}:
        return "xls"
    raise IngestError(
        "Excel のブックではない Office ファイル（Word など）です。",
        "This Office file is not an Excel workbook (a Word document, perhaps).",
        code="unsupported-format",
    )


def number_text(value: float) -> str:
    """2008.0 → "2008", 0.1 → "0.1", 1e-05 → "0.00001": the shortest exact positional form."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text or "E" in text else text


def cell_text(value: Any) -> str:
    """One spreadsheet value as the string a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _grid(rows: Iterable[Iterable[Any]], limits: Limits, convert=cell_text) -> Grid:
    """Rows of strings without trailing empty cells; too wide a row is refused."""
    grid: Grid = []
    for number, row in enumerate(rows, start=1):
        cells = [convert(v) for v in row]
        while cells and not cells[-1].strip():
            cells.pop()
        if len(cells) > limits.max_columns:
            raise too_many_columns(len(cells), limits, row=number)
        grid.append(cells)
    while grid and not any(c.strip() for c in grid[-1]):
        grid.pop()
    return grid


def too_many_columns(count: int, limits: Limits, *, row: int | None = None) -> IngestError:
    where_ja = f"{row} 行目が" if row else ""
    where_en = f"row {row} has" if row else "the file has"
    return IngestError(
        f"列が多すぎます: {where_ja}{count:,} 列あります（上限 {limits.max_columns:,} 列）。",
        f"Too many columns: {where_en} {count:,} columns (the limit is {limits.max_columns:,}).",
        code="too-many-columns",
        row=row,
    )


def sheet_not_found(name: str, sheets: list[str]) -> IngestError:
    listed = "、".join(sheets)
    return IngestError(
        f"シート「{name}」はありません（{listed}）。",
        f"There is no sheet {name!r}; the workbook has: {', '.join(sheets)}.",
        code="sheet-not-found",
    )


def _pick(names: list[str], wanted: str | None, grids: Iterator[tuple[str, Grid]]) -> Sheet:
    """The named sheet, or the first one with any value in it."""
    if wanted is not None and wanted not in names:
        raise sheet_not_found(wanted, names)
    first: tuple[str, Grid] | None = None
    for name, grid in grids:
        first = first or (name, grid)
        if (wanted is None and grid) or name == wanted:
            return Sheet(name, names, grid)
    if first is None:
        raise IngestError(
            "ブックにシートがありません。", "The workbook has no sheets.", code="empty-file"
        )
    return Sheet(first[0], names, first[1])


# --- .xlsx ----------------------------------------------------------------------------------


# A cell with a style but no value, e.g. <c r="XFC1" s="3"/>: Excel writes thousands per row when
# a style is applied to whole rows; the Kobe workbook has 16,383 per row in its first sheet.
_EMPTY_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]+"(?: [a-zA-Z:]+="[^"]*")*/>')
_CELL_WITHOUT_REF = re.compile(rb"<c(?![^>]*\br=)[\s>/]")
_SLIM_FLOOR = 1024 * 1024
_SLIM_CEILING = 256 * 1024 * 1024


def _slim(data: bytes) -> bytes:
    """The workbook without value-less cells in big sheets, so openpyxl parses only values.

    Only sheets over 1 MiB where most cells are empty are rewritten, and only when every cell
    carries its reference (r="B2"): dropping a cell then moves no other. The sizes were checked
    by `check_zip` first.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    bulky = [
        m
        for m in source.infolist()
        if m.filename.startswith("xl/worksheets/")
        and m.filename.endswith(".xml")
        and _SLIM_FLOOR < m.file_size <= _SLIM_CEILING
    ]
    slimmed: dict[str, bytes] = {}
    for member in bulky:
        body = source.read(member)
        empties = len(_EMPTY_CELL.findall(body, 0, 1 << 20))
        if empties > 0.5 * body.count(b"<c ", 0, 1 << 20) and not _CELL_WITHOUT_REF.search(body):
            slimmed[member.filename] = _EMPTY_CELL.sub(b"", body)
    if not slimmed:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for member in source.infolist():
            target.writestr(member.filename, slimmed.get(member.filename) or source.read(member))
    return out.getvalue()


def _open_xlsx(data: bytes, limits: Limits):
    import openpyxl

    check_zip(data, limits)
    try:
        data = _slim(data)
        with _quiet():
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken parts
        raise _corrupt("xlsx", exc) from exc


@contextmanager
def _quiet() -> Iterator[None]:
    """openpyxl warns about parts it skips (styles, validation, drawings): nothing to act on."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def _rows(worksheet) -> Iterator[tuple[Any, ...]]:
    """Rows as stored: without the declared dimension, openpyxl would pad every row to it."""
    worksheet.reset_dimensions()
    return worksheet.iter_rows(values_only=True)


def xlsx_sheet_names(data: bytes, limits: Limits) -> list[str]:
    workbook = _open_xlsx(data, limits)
    try:
        return [ws.title for ws in workbook.worksheets]
    finally:
        workbook.close()


def read_xlsx(data: bytes, *, sheet: str | None, limits: Limits) -> Sheet:
    workbook = _open_xlsx(data, limits)
    try:
        names = [ws.title for ws in workbook.worksheets]
        grids = (
            (ws.title, _grid(_rows(ws), limits))
            for ws in workbook.worksheets
            if sheet is None or ws.title == sheet
        )
        try:
            with _quiet():
                return _pick(names, sheet, grids)
        except IngestError:
            raise
        except Exception as exc:
            raise _corrupt("xlsx", exc) from exc
    finally:
        workbook.close()


# --- .xls -----------------------------------------------------------------------------------


def _open_xls(data: bytes):
    import xlrd

    try:
        return xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise password_protected() from exc
        raise _corrupt("xls", exc) from exc
    except Exception as exc:  # xlrd raises assertion and struct errors on damaged files
        raise _corrupt("xls", exc) from exc


def xls_sheet_names(data: bytes) -> list[str]:
    book = _open_xls(data)
    try:
        return list(book.sheet_names())
    finally:
        book.release_resources()


def _xls_rows(book, sheet) -> Iterator[list[Any]]:
    import xlrd

    for r in range(sheet.nrows):
        row = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                    row.append(cell.value)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                row.append(bool(cell.value))
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                row.append(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
            else:
                row.append(cell.value)
        yield row


def read_xls(data: bytes, *, sheet: str | None, limits: Limits) -> Sheet:
    book = _open_xls(data)
    try:
        names = list(book.sheet_names())
        grids = (
            (name, _grid(_xls_rows(book, book.sheet_by_name(name)), limits))
            for name in names
            if sheet is None or name == sheet
        )
        try:
            return _pick(names, sheet, grids)
        except IngestError:
            raise
        except Exception as exc:
            raise _corrupt("xls", exc) from exc
    finally:
        book.release_resources()
