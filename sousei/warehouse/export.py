"""Downloads of one version: Parquet (the stored file), CSV (UTF-8 + BOM or CP932), JSON, XLSX.

Exports read the version's immutable Parquet file with pyarrow, batch by batch, so they need no
DuckDB connection or lock and never hold a whole table in memory. They are complete files, not
bounded queries: the row cap and time limit apply to search and query only.

Spreadsheet safety: in CSV and XLSX a text cell (or header) that starts with = + - @, a tab or a
carriage return gets a leading apostrophe, so Excel shows it instead of running it as a formula
(OWASP "CSV injection"). Numbers are numbers, not text, so -5 stays -5.

CP932 (Shift_JIS as Windows writes it): the few characters that have a different but equivalent
code point in CP932 (WAVE DASH 〜 → ～, MINUS SIGN − → －, …) are mapped to it. Any other character
CP932 cannot encode is an error that names the row and column (`cp932_errors="strict"`, the
default: an open-data file must not change silently, and the UTF-8 CSV always works);
`cp932_errors="replace"` writes "?" instead and logs a warning.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import math
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sousei.spreadsheet import FORMULA_RE, neutralise
from sousei.warehouse.catalog import VersionInfo, temp_path
from sousei.warehouse.errors import WarehouseError

log = logging.getLogger(__name__)

FORMATS = ("parquet", "csv", "csv-cp932", "json", "xlsx")
BATCH_ROWS = 10_000
XLSX_MAX_ROWS = 1_048_576 - 1  # one row is the header
XLSX_MAX_CHARS = 32_767
BOM = b"\xef\xbb\xbf"
# Same character, CP932's code point (the JIS X 0208 vs CP932 mapping differences).
CP932_EQUIVALENTS = str.maketrans(
    {
        "\u301c": "\uff5e",  # 〜 WAVE DASH → ～
        "\u2016": "\u2225",  # ‖ DOUBLE VERTICAL LINE → ∥
        "\u2212": "\uff0d",  # − MINUS SIGN → －
        "\u2014": "\u2015",  # — EM DASH → ―
        "\u00a2": "\uffe0",  # ¢
        "\u00a3": "\uffe1",  # £
        "\u00ac": "\uffe2",  # ¬
    }
)


def export_version(
    info: VersionInfo,
    fmt: str,
    dest: Path,
    *,
    cp932_errors: str = "strict",
    headers: Mapping[str, str] | None = None,
) -> Path:
    """Write `info` as `fmt` to `dest` atomically (temp file beside it, then rename).

    `headers` renames columns in CSV, JSON and XLSX (people read 人口, not c3); Parquet stays
    byte-identical to the stored file.
    """
    names = dict(headers or {})
    writers: dict[str, Callable[[VersionInfo, Path], None]] = {
        "parquet": _parquet,
        "csv": lambda i, p: _csv_utf8(i, p, names),
        "csv-cp932": lambda i, p: _csv_cp932(i, p, cp932_errors, names),
        "json": lambda i, p: _json(i, p, names),
        "xlsx": lambda i, p: _xlsx(i, p, names),
    }
    if fmt not in writers:
        raise WarehouseError(
            f"形式「{fmt}」では書き出せません（{', '.join(FORMATS)}）。",
            f"Cannot export as {fmt!r}; use one of {', '.join(FORMATS)}.",
            code="unknown_format",
        )
    if cp932_errors not in ("strict", "replace"):
        raise ValueError("cp932_errors must be 'strict' or 'replace'")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(dest)
    try:
        writers[fmt](info, tmp)
        tmp.replace(dest)
    except FileNotFoundError as exc:
        tmp.unlink(missing_ok=True)
        raise WarehouseError(
            "この版のデータファイルがありません。",
            f"The data file of {info.resource_id} v{info.version} is missing.",
            code="io_error",
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def _batches(
    info: VersionInfo, headers: Mapping[str, str]
) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    parquet = pq.ParquetFile(info.parquet_path)
    schema = parquet.schema_arrow
    if not headers:
        return schema, parquet.iter_batches(batch_size=BATCH_ROWS)
    renamed = pa.schema([f.with_name(headers.get(f.name, f.name)) for f in schema])
    batches = (
        pa.RecordBatch.from_arrays(b.columns, schema=renamed)
        for b in parquet.iter_batches(batch_size=BATCH_ROWS)
    )
    return renamed, batches


def _parquet(info: VersionInfo, tmp: Path) -> None:
    shutil.copyfile(info.parquet_path, tmp)


# --- CSV ----------------------------------------------------------------------------------


def _is_text(type_: pa.DataType) -> bool:
    if pa.types.is_dictionary(type_):
        return _is_text(type_.value_type)
    return (
        pa.types.is_string(type_)
        or pa.types.is_large_string(type_)
        or pa.types.is_string_view(type_)
    )


def _is_binary(type_: pa.DataType) -> bool:
    return (
        pa.types.is_binary(type_)
        or pa.types.is_large_binary(type_)
        or pa.types.is_fixed_size_binary(type_)
    )


def _as_text(type_: pa.DataType) -> bool:
    """Columns written as text: strings, and what CSV cannot hold (nested as JSON, bytes as hex)."""
    return _is_text(type_) or pa.types.is_nested(type_) or _is_binary(type_)


def _safe_schema(schema: pa.Schema) -> pa.Schema:
    """Text columns become plain strings; header names are neutralised like cells."""
    return pa.schema(
        pa.field(neutralise(f.name), pa.string() if _as_text(f.type) else f.type) for f in schema
    )


def _texts(column: pa.Array) -> pa.Array:
    """Any column as strings: text cast, bytes as hex, nested values as JSON."""
    if _is_text(column.type):
        return pc.cast(column, pa.string())
    if _is_binary(column.type):
        return pa.array([None if v is None else v.hex() for v in column.to_pylist()], pa.string())
    dumps = [
        None if v is None else json.dumps(v, ensure_ascii=False, default=_json_default)
        for v in column.to_pylist()
    ]
    return pa.array(dumps, pa.string())


def _safe_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    arrays = []
    for column in batch.columns:
        if _as_text(column.type):
            text = _texts(column)
            apostrophe = pc.binary_join_element_wise("'", text, "")
            column = pc.if_else(pc.match_substring_regex(text, FORMULA_RE), apostrophe, text)
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _csv_options(header: bool) -> pacsv.WriteOptions:
    return pacsv.WriteOptions(include_header=header, eol="\r\n")


def _csv_utf8(info: VersionInfo, tmp: Path, headers: Mapping[str, str]) -> None:
    schema, batches = _batches(info, headers)
    safe = _safe_schema(schema)
    with tmp.open("wb") as fh:
        fh.write(BOM)
        with pacsv.CSVWriter(fh, safe, write_options=_csv_options(True)) as writer:
            for batch in batches:
                writer.write_batch(_safe_batch(batch, safe))


def _csv_cp932(info: VersionInfo, tmp: Path, errors: str, headers: Mapping[str, str]) -> None:
    schema, batches = _batches(info, headers)
    safe = _safe_schema(schema)
    replaced = 0
    with tmp.open("wb") as fh:
        first, done = True, 0
        for batch in _with_empty(batches, safe, schema):
            safe_batch = _safe_batch(batch, safe)
            replaced += _write_cp932(fh, safe_batch, header=first, start_row=done, errors=errors)
            first, done = False, done + batch.num_rows
    if replaced:
        log.warning(
            "CP932 export of %s v%s replaced %d character(s) CP932 lacks with '?'",
            info.resource_id,
            info.version,
            replaced,
        )


def _with_empty(
    batches: Iterator[pa.RecordBatch], safe: pa.Schema, schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """At least one batch, so an empty version still gets its header line."""
    empty = True
    for batch in batches:
        empty = False
        yield batch
    if empty:
        yield pa.RecordBatch.from_pylist([], schema=schema)


def _write_cp932(
    fh: BinaryIO, batch: pa.RecordBatch, *, header: bool, start_row: int, errors: str
) -> int:
    buffer = io.BytesIO()
    pacsv.write_csv(batch, buffer, write_options=_csv_options(header))
    text = buffer.getvalue().decode("utf-8").translate(CP932_EQUIVALENTS)
    try:
        fh.write(text.encode("cp932"))
        return 0
    except UnicodeEncodeError:
        if errors == "strict":
            raise _cp932_error(batch, start_row) from None
    fh.write(text.encode("cp932", errors="replace"))
    kept = text.encode("cp932", errors="ignore").decode("cp932")
    return len(text) - len(kept)  # characters replaced


def _encodable(text: str) -> bool:
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def _cp932_error(batch: pa.RecordBatch, start_row: int) -> WarehouseError:
    """Name the first cell (or header) CP932 cannot hold."""
    names = batch.schema.names
    for name in names:
        bad = _bad_char(name)
        if bad is not None:
            return _cp932_message("見出し", "the header", name, bad)
    for index in range(batch.num_rows):
        for name, column in zip(names, batch.columns, strict=True):
            value = column[index].as_py()
            bad = _bad_char(value) if isinstance(value, str) else None
            if bad is not None:
                row = start_row + index + 1
                return _cp932_message(f"{row} 行目", f"row {row}", name, bad, row)
    return _cp932_message("データ", "the data", "?", "?")


def _bad_char(text: str) -> str | None:
    for char in text.translate(CP932_EQUIVALENTS):
        if not _encodable(char):
            return char
    return None


def _cp932_message(
    where_ja: str, where_en: str, column: str, char: str, row: int | None = None
) -> WarehouseError:
    code_point = f"U+{ord(char):04X}" if len(char) == 1 else char
    return WarehouseError(
        f"{where_ja}の列「{column}」の文字「{char}」（{code_point}）は CP932（Shift_JIS）で"
        "表せません。UTF-8 の CSV をお使いください。",
        f"The character {char!r} ({code_point}) in {where_en}, column {column!r}, cannot be "
        "written in CP932 (Shift_JIS); use the UTF-8 CSV.",
        code="cp932_unencodable",
        details=[{"row": row, "column": column, "character": code_point}],
    )


# --- JSON ---------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _json_value(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _json(info: VersionInfo, tmp: Path, headers: Mapping[str, str]) -> None:
    """An array of objects, one per row; NaN and infinities become null (JSON has neither)."""
    _, batches = _batches(info, headers)
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")
        separator = "\n"
        for batch in batches:
            for row in batch.to_pylist():
                record = {k: _json_value(v) for k, v in row.items()}
                fh.write(separator)
                fh.write(json.dumps(record, ensure_ascii=False, default=_json_default))
                separator = ",\n"
        fh.write("\n]\n")


# --- XLSX ---------------------------------------------------------------------------------


def _xlsx_value(value: Any, illegal: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return neutralise(illegal.sub("", value))[:XLSX_MAX_CHARS]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, time) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return value


def _xlsx(info: VersionInfo, tmp: Path, headers: Mapping[str, str]) -> None:
    """One sheet "data"; openpyxl's write-only mode streams rows to the file.

    openpyxl is imported here, not at the top: every `sousei load` imports this module, and
    openpyxl alone takes longer to import than some loads take to run.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if info.row_count > XLSX_MAX_ROWS:
        raise WarehouseError(
            f"{info.row_count:,} 行は Excel の上限（{XLSX_MAX_ROWS:,} 行）を超えます。"
            "CSV か Parquet をお使いください。",
            f"{info.row_count:,} rows exceed Excel's limit of {XLSX_MAX_ROWS:,}; "
            "use CSV or Parquet.",
            code="too_many_rows",
        )
    schema, batches = _batches(info, headers)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append([_xlsx_value(name, ILLEGAL_CHARACTERS_RE) for name in schema.names])
    for batch in batches:
        columns = [column.to_pylist() for column in batch.columns]
        for row in zip(*columns, strict=True):
            sheet.append([_xlsx_value(v, ILLEGAL_CHARACTERS_RE) for v in row])
    book.save(tmp)
