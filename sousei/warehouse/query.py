"""Bounded reads: a time limit, a row cap with `truncated`, bound parameters, checked names.

DuckDB has no statement timeout, so a statement runs in a worker thread and the connection is
interrupted when the limit passes. Rows are streamed and only `max_rows + 1` are ever fetched, so
a huge result costs no more than the cap. Values never enter SQL text: they are parameters; names
(columns, views) are checked against the version's schema and quoted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dtime
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from sousei.warehouse.catalog import VersionInfo
from sousei.warehouse.engine import Connection, quote_ident, untrusted
from sousei.warehouse.errors import WarehouseError, unknown_column

ROW_ID = "_id"  # CKAN's row id: 1-based position of the row in the loaded data
RESIDENT_DB = "resident"  # the in-memory copy of a version (see sousei.warehouse.resident)
RESIDENT_TABLE = f"{quote_ident(RESIDENT_DB)}.{quote_ident('data')}"
MAX_SQL_CHARS = 100_000
INTERRUPT_GRACE_S = 5.0
SCALARS = (str, int, float, bool, Decimal, date, datetime, dtime)
RANGE_OPS = {"eq": "=", "ne": "<>", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
TEXT_TYPES = {"VARCHAR"}


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    total: int | None
    truncated: bool


Params = list[Any] | dict[str, Any] | None


def timeout_error(limit_s: float) -> WarehouseError:
    return WarehouseError(
        f"クエリが制限時間（{limit_s:g} 秒）を超えたため中止しました。",
        f"The query took longer than the {limit_s:g} s time limit and was stopped.",
        code="timeout",
    )


def translate(exc: BaseException) -> BaseException:
    """DuckDB's exceptions as WarehouseErrors a door can show (others pass through)."""
    if isinstance(exc, WarehouseError) or not isinstance(exc, duckdb.Error):
        return exc
    text = str(exc).split("\n", 1)[0]
    if isinstance(exc, duckdb.InterruptException):
        code, ja = "interrupted", "クエリが中断されました。"
    elif isinstance(exc, duckdb.PermissionException):
        code, ja = "forbidden", "このクエリで許されていない操作です。"
    elif isinstance(exc, duckdb.OutOfMemoryException):
        code, ja = "too_large", "クエリがメモリの上限を超えました。"
    elif isinstance(exc, duckdb.ParserException):
        code, ja = "sql_syntax", "SQL の構文が正しくありません。"
    elif isinstance(exc, duckdb.ConversionException):
        code, ja = "invalid_value", "値を列の型に変換できません。"
    elif isinstance(exc, duckdb.IOException):
        code, ja = "io_error", "データファイルを読めません。"
    else:
        code, ja = "query_failed", "クエリを実行できません。"
    return WarehouseError(f"{ja}（{text}）", text, code=code)


class Deadline:
    """One time budget shared by the statements of a request (e.g. rows, then the total)."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self.end = time.monotonic() + limit_s

    def left(self) -> float:
        return max(self.end - time.monotonic(), 0.0)


def run_bounded(
    con: Connection,
    sql: str,
    params: Params,
    *,
    max_rows: int,
    deadline: Deadline,
) -> tuple[list[str], list[tuple], bool]:
    """Run one SELECT; (columns, at most max_rows rows, truncated). Interrupted at the deadline."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = _fetch(con, sql, params, max_rows)
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="sousei-warehouse-query", daemon=True)
    worker.start()
    worker.join(deadline.left())
    if worker.is_alive():
        con.interrupt()
        worker.join(INTERRUPT_GRACE_S)
        raise timeout_error(deadline.limit_s)
    error = box.get("error")
    if error is not None:
        translated = translate(error)
        if translated is error:
            raise error
        raise translated from error
    return box["value"]


def _fetch(
    con: Connection, sql: str, params: Params, max_rows: int
) -> tuple[list[str], list[tuple], bool]:
    relation = con.sql(sql, params=params or None)
    if relation is None:
        raise WarehouseError("SELECT 文ではありません。", "Not a SELECT.", code="not_select")
    reader = relation.to_arrow_reader(min(max_rows + 1, 65_536))
    schema = reader.schema
    batches: list[pa.RecordBatch] = []
    count = 0
    try:
        while count <= max_rows:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            batches.append(batch)
            count += batch.num_rows
    finally:
        reader.close()
    table = pa.Table.from_batches(batches, schema=schema).slice(0, max_rows + 1)
    columns = [c.to_pylist() for c in table.columns]
    rows = list(zip(*columns, strict=True)) if columns else []
    truncated = len(rows) > max_rows
    return list(table.schema.names), rows[:max_rows], truncated


def check_select(con: Connection, sql: str) -> str:
    """Accept exactly one SELECT (WITH … SELECT, VALUES, FROM-first count as SELECT).

    The SQL is the caller's, so `con`'s sandbox is not reused by another reader afterwards.
    """
    untrusted(con)
    if not isinstance(sql, str) or not sql.strip():
        raise WarehouseError("SQL が空です。", "The SQL is empty.", code="sql_empty")
    if len(sql) > MAX_SQL_CHARS:
        raise WarehouseError("SQL が長すぎます。", "The SQL is too long.", code="sql_too_long")
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise translate(exc) from exc
    if len(statements) != 1:
        raise WarehouseError(
            "SQL は SELECT 文 1 つだけにしてください。",
            "Send exactly one SELECT statement.",
            code="single_statement",
        )
    if statements[0].type != duckdb.StatementType.SELECT:
        raise WarehouseError(
            "読み取り（SELECT）以外の SQL は実行できません。",
            f"Only SELECT is allowed, not {statements[0].type.name}.",
            code="not_select",
        )
    return sql


# --- search: the datastore_search query, built from checked names and bound values ----------


@dataclass(frozen=True)
class SearchSpec:
    filters: dict[str, Any] | None = None
    q: str | None = None
    fields: list[str] | None = None
    sort: list[tuple[str, bool]] | None = None
    limit: int = 100
    offset: int = 0


def _types(info: VersionInfo) -> dict[str, str]:
    types = dict(info.columns)
    types.setdefault(ROW_ID, "BIGINT")
    return types


def _column(types: dict[str, str], name: object) -> str:
    if not isinstance(name, str) or name not in types:
        raise unknown_column(str(name))
    return name


def _scalar(value: Any, column_type: str) -> Any:
    if not isinstance(value, SCALARS):
        raise WarehouseError(
            f"絞り込みの値 {value!r} は使えません。",
            f"Unsupported filter value {value!r}.",
            code="invalid_filter",
        )
    # A text column compares as text (5 matches "5"); other columns cast the value in DuckDB.
    return str(value) if column_type in TEXT_TYPES and not isinstance(value, str) else value


def _filter(name: str, column_type: str, value: Any, params: list[Any]) -> str:
    col = quote_ident(name)
    if value is None:
        return f"{col} IS NULL"
    if isinstance(value, list | tuple):
        present = [v for v in value if v is not None]
        parts = []
        if present:
            params.extend(_scalar(v, column_type) for v in present)
            parts.append(f"{col} IN ({', '.join('?' * len(present))})")
        if len(present) < len(value):
            parts.append(f"{col} IS NULL")
        return "(" + " OR ".join(parts) + ")" if parts else "FALSE"
    if isinstance(value, dict):
        if not value or not set(value) <= set(RANGE_OPS):
            raise WarehouseError(
                f"列「{name}」の条件は {', '.join(RANGE_OPS)} で指定してください。",
                f"Conditions on '{name}' must use {', '.join(RANGE_OPS)}.",
                code="invalid_filter",
            )
        parts = []
        for op, operand in sorted(value.items()):
            params.append(_scalar(operand, column_type))
            parts.append(f"{col} {RANGE_OPS[op]} ?")
        return "(" + " AND ".join(parts) + ")"
    params.append(_scalar(value, column_type))
    return f"{col} = ?"


def with_row_id(path_sql: str) -> str:
    """The rows of a version's Parquet file plus `_id` (its 1-based position in the file)."""
    return f"(SELECT *, file_row_number + 1 AS {quote_ident(ROW_ID)} FROM read_parquet({path_sql}))"  # noqa: S608


def search_sql(
    info: VersionInfo, spec: SearchSpec, *, cap: int, resident: bool = False
) -> tuple[str, list[Any], str | None, list[Any]]:
    """(rows SQL, params, count SQL or None when there is no condition, count params).

    The rows are read from the version's Parquet file (its path the first parameter of each),
    or with `resident` from its in-memory copy `RESIDENT_TABLE`, which has `_id` already.
    Rows come in the requested order, then by `_id`, so paging is stable.
    """
    types = _types(info)
    where: list[str] = []
    params: list[Any] = []
    filters = spec.filters or {}
    if not isinstance(filters, dict):
        raise WarehouseError(
            "filters は辞書で指定してください。", "filters must be a dict.", code="invalid_filter"
        )
    for name, value in filters.items():
        where.append(_filter(_column(types, name), types[name], value, params))
    if spec.q:
        text = [n for n, t in info.columns if t in TEXT_TYPES]
        # Not ILIKE: its ESCAPE (needed for % and _ in q) makes DuckDB test every row's text
        # instead of a compressed column's dictionary, seven times slower.
        found = [f"contains(lower({quote_ident(n)}), lower(?))" for n in text]
        params.extend([str(spec.q)] * len(text))
        where.append("(" + " OR ".join(found) + ")" if found else "FALSE")
    names = [_column(types, f) for f in spec.fields] if spec.fields else [*info.column_names]
    if not spec.fields and ROW_ID not in names:
        names.append(ROW_ID)
    order = []
    for item in spec.sort or []:
        name, descending = _sort_item(item)
        order.append(f"{quote_ident(_column(types, name))} {'DESC' if descending else 'ASC'}")
    order.append(quote_ident(ROW_ID))
    limit, offset = _bound(spec.limit, "limit"), _bound(spec.offset, "offset")
    # Only checked, quoted names and fixed keywords are spliced in; every value is a parameter.
    if resident:
        source, lead = f"{RESIDENT_TABLE} AS t", []
    else:
        source, lead = f"{with_row_id('?')} AS t", [str(info.parquet_path)]
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    projection = ", ".join(quote_ident(n) for n in names)
    rows_sql = (
        f"SELECT {projection} FROM {source}{condition}"  # noqa: S608
        f" ORDER BY {', '.join(order)} LIMIT ? OFFSET ?"
    )
    rows_params = [*lead, *params, min(limit, cap + 1), offset]
    if not where:
        return rows_sql, rows_params, None, []
    count_sql = f"SELECT count(*) FROM {source}{condition}"  # noqa: S608
    return rows_sql, rows_params, count_sql, [*lead, *params]


def _sort_item(item: object) -> tuple[object, bool]:
    if isinstance(item, str):
        return item, False
    if isinstance(item, Sequence) and len(item) == 2:
        return item[0], bool(item[1])
    raise WarehouseError(
        f"並べ替えの指定 {item!r} が正しくありません。",
        f"Invalid sort item {item!r}; use (column, descending).",
        code="invalid_sort",
    )


def _bound(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise WarehouseError(
            f"{what} は 0 以上の整数にしてください。",
            f"{what} must be a non-negative integer.",
            code=f"invalid_{what}",
        )
    return value
