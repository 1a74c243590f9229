"""CSV, TSV and other delimited text: dialect sniffing, then parsing into string columns.

The file is decoded once (see `encoding`) and held as UTF-8 bytes. Its head (the first
`Limits.head_rows` rows) is read with Python's csv module to find the title, header and data
rows; a file that fits in the head is done then. A longer file's data rows go to pyarrow's CSV
parser in one pass (multi-threaded, every column as strings), and its last lines are read again
to find notes below the table. Rows that pyarrow cannot take as they are (a row with more or
fewer cells than the header) send the data rows through the csv module instead, which reports
each ragged row by its number.

Row numbers count records, not lines: a quoted value spanning two lines is one row, as in Excel.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sousei.ingest import encoding as enc
from sousei.ingest.excel import too_many_columns
from sousei.ingest.layout import Grid, Layout, detect_layout, is_blank, notes_start, row_text
from sousei.ingest.limits import Limits
from sousei.ingest.report import ERROR, WARNING, IngestError, Problem
from sousei.ingest.threads import map_columns

DELIMITERS = (",", "\t", ";", "|")
_SNIFF_LINES = 50
_TAIL_LINES = 200
_CHUNK_ROWS = 65_536

Progress = Callable[[int], None]


@dataclass
class Dialect:
    delimiter: str = ","
    quote: str = '"'


@dataclass
class RawTable:
    """A table found in a file, before typing: header cells and one string column per column."""

    header: Grid
    header_rows: list[int]  # 1-based file rows
    title: str | None
    notes: list[str]
    columns: list[pa.Array | pa.ChunkedArray]
    first_row: int  # 1-based file row of the first data row
    problems: list[Problem] = field(default_factory=list)
    extra_rows: list[int] = field(default_factory=list)


def sniff_dialect(text: str) -> Dialect:
    """The delimiter that splits the first lines most consistently; comma on ties."""
    lines = [line for line in text.split("\n", _SNIFF_LINES)[:_SNIFF_LINES] if line.strip()]
    best: tuple[float, int, int] | None = None
    chosen = ","
    for order, delimiter in enumerate(DELIMITERS):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode, times = Counter(multi).most_common(1)[0]
        score = (times / len(counts), mode, -order)
        if best is None or score > best:
            best, chosen = score, delimiter
    return Dialect(chosen, _sniff_quote(lines, chosen))


def _sniff_quote(lines: list[str], delimiter: str) -> str:
    if any('"' in line for line in lines):
        return '"'
    d = re.escape(delimiter)
    quoted = re.compile(rf"(?:^|{d})'[^'\n]*'(?={d}|\r?$)")
    hits = sum(1 for line in lines if quoted.search(line))
    return "'" if lines and hits >= len(lines) / 2 else '"'


class _Lines:
    """Yields lines of `text` from `start` and remembers where the last one ended (for offsets)."""

    def __init__(self, text: str, start: int = 0) -> None:
        self.text = text
        self.pos = start

    def __iter__(self) -> Iterator[str]:
        text = self.text
        while self.pos < len(text):
            newline = text.find("\n", self.pos)
            end = len(text) if newline < 0 else newline + 1
            line = text[self.pos : end]
            self.pos = end
            yield line


def _reader(lines: _Lines, dialect: Dialect):
    return csv.reader(lines, delimiter=dialect.delimiter, quotechar=dialect.quote, strict=False)


def _field_error(exc: csv.Error, row: int, limits: Limits) -> IngestError:
    return IngestError(
        f"{row} 行目に大きすぎるセルがあります（1 セル {limits.max_field_chars:,} 文字まで）。"
        '引用符（"）の閉じ忘れかもしれません。',
        f"Row {row} has a cell that is too large (limit {limits.max_field_chars:,} characters); "
        f'perhaps a quote (") is not closed. ({exc})',
        code="field-too-large",
        row=row,
    )


def _line_too_long(row: int | None, limits: Limits) -> IngestError:
    where_ja = f"{row} 行目が" if row else "ある行が"
    where_en = f"row {row} is" if row else "a row is"
    return IngestError(
        f"{where_ja}長すぎます（1 行 {limits.max_line_bytes:,} バイトまで）。"
        "改行のないファイルか、引用符の閉じ忘れかもしれません。",
        f"{where_en} too long (limit {limits.max_line_bytes:,} bytes per row); the file may "
        "have no line breaks, or a quote may not be closed.",
        code="line-too-long",
        row=row,
    )


def iter_records(
    text: str, dialect: Dialect, limits: Limits, *, first_row: int = 1, lines: _Lines | None = None
) -> Iterator[list[str]]:
    """Records one by one; a too-wide row or too-large cell raises, naming its row."""
    lines = lines or _Lines(text)
    row = first_row
    try:
        for record in _reader(lines, dialect):
            if len(record) > limits.max_columns:
                raise too_many_columns(len(record), limits, row=row)
            yield record
            row += 1
    except csv.Error as exc:
        raise _field_error(exc, row, limits) from exc


def parse_records(
    text: str, dialect: Dialect, limits: Limits, *, max_rows: int | None = None
) -> tuple[Grid, list[int]]:
    """Records and the character offset where each ends (for the head and tail of a file)."""
    lines = _Lines(text)
    records: Grid = []
    ends: list[int] = []
    for record in iter_records(text, dialect, limits, lines=lines):
        records.append(record)
        ends.append(lines.pos)
        if max_rows is not None and len(records) >= max_rows:
            break
    return records, ends


def _head_window(buf: bytes, base: int, limits: Limits) -> tuple[str, bool]:
    """The first lines as text (cut at a line end) and whether they are the whole file."""
    first_newline = buf.find(b"\n", base, base + limits.max_line_bytes + 1)
    if first_newline < 0 and len(buf) - base > limits.max_line_bytes:
        raise _line_too_long(1, limits)
    end = base + limits.head_bytes
    if end >= len(buf):
        return buf[base:].decode("utf-8"), True
    cut = buf.rfind(b"\n", base, end)
    cut = first_newline if cut < 0 else cut
    return buf[base : cut + 1].decode("utf-8"), False


def _ragged_problem(row: int, column: int, width: int) -> Problem:
    return Problem(
        code="ragged-row",
        message_ja=f"{row} 行目のセルが見出し（{width} 列）より多く、"
        f"{column} 列目にも値があります。",
        message_en=f"Row {row} has more cells than the header ({width} columns): there is a value "
        f"in column {column}.",
        row=row,
        column=column,
        severity=ERROR,
    )


def _short_problem(first: int, count: int, width: int) -> Problem:
    return Problem(
        code="missing-cell",
        message_ja=f"{first} 行目など {count} 行はセルが見出し（{width} 列）より少ないため、"
        "足りない列を空欄としました。",
        message_en=f"{count} row(s), the first being row {first}, have fewer cells than the header "
        f"({width} columns); the missing cells are read as empty.",
        row=first,
        severity=WARNING,
    )


def columns_from_records(
    records: Iterable[list[str]],
    width: int,
    first_row: int,
    *,
    strict: bool = True,
    max_problems: int = 100,
) -> tuple[list[pa.ChunkedArray], list[Problem]]:
    """String columns from rows padded to `width`, built a chunk of rows at a time.

    `strict` (text files): a row with values past the header is a `ragged-row` error and short
    rows get one warning. Spreadsheet rows simply end at their last value, so neither applies.
    """
    problems: list[Problem] = []
    ragged, short_first, short_count = 0, 0, 0
    chunks: list[list[pa.Array]] = [[] for _ in range(width)]
    batch: Grid = []

    def flush() -> None:
        if batch:
            for c, values in enumerate(zip(*batch, strict=True)):
                chunks[c].append(pa.array(values, pa.string()))
            batch.clear()

    for offset, record in enumerate(records):
        if len(record) > width:
            extra = next((i for i in range(width, len(record)) if record[i].strip()), None)
            if extra is not None and strict:
                ragged += 1
                if ragged <= max_problems:
                    problems.append(_ragged_problem(first_row + offset, extra + 1, width))
            record = record[:width]
        elif len(record) < width:
            if strict and record and not (len(record) == 1 and not record[0]):
                short_first = short_first or first_row + offset
                short_count += 1
            record = record + [""] * (width - len(record))
        batch.append(record)
        if len(batch) >= _CHUNK_ROWS:
            flush()
    flush()
    if ragged > max_problems:
        problems.append(_more_ragged(ragged - max_problems))
    if short_count:
        problems.append(_short_problem(short_first, short_count, width))
    return [pa.chunked_array(c, pa.string()) for c in chunks], problems


def _more_ragged(count: int) -> Problem:
    return Problem(
        code="ragged-row",
        message_ja=f"ほかにもセルが見出しより多い行が {count:,} 行あります。",
        message_en=f"{count:,} more row(s) have more cells than the header.",
        severity=ERROR,
    )


def _tail_notes(
    buf: bytes, start: int, dialect: Dialect, limits: Limits, width: int
) -> tuple[int, list[str]]:
    """Byte offset where notes below the table begin (len(buf) if none) and the notes' text."""
    pos = len(buf)
    for _ in range(_TAIL_LINES):
        found = buf.rfind(b"\n", start, max(pos - 1, start))
        if found < 0 or len(buf) - (found + 1) > limits.head_bytes:
            break
        pos = found + 1
    if pos <= start or pos >= len(buf):
        return len(buf), []
    text = buf[pos:].decode("utf-8")
    try:
        records, ends = parse_records(text, dialect, limits)
    except IngestError:
        return len(buf), []  # the data rows will say what is wrong, with the right row
    at = notes_start(records, 0, len(records), width)
    if at >= len(records):
        return len(buf), []
    char_start = ends[at - 1] if at > 0 else 0
    notes = [row_text(r) for r in records[at:] if not is_blank(r)]
    return pos + len(text[:char_start].encode("utf-8")), notes


def _arrow_columns(
    block: pa.Buffer, width: int, dialect: Dialect, limits: Limits
) -> list[pa.ChunkedArray] | None:
    """All data rows as string columns in one pyarrow pass; None when a row is ragged."""
    names = [f"f{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(pa.BufferReader(block), **_csv_options(names, dialect, limits))
    except pa.ArrowInvalid as exc:
        if "straddl" in str(exc):
            raise _line_too_long(None, limits) from exc
        return None
    return [table.column(n) for n in names]


def _csv_options(names: list[str], dialect: Dialect, limits: Limits) -> dict[str, object]:
    """Every cell as it is written (unchecked bytes, never null), named `names`."""
    return {
        "read_options": pacsv.ReadOptions(column_names=names, block_size=limits.max_line_bytes),
        "parse_options": pacsv.ParseOptions(
            delimiter=dialect.delimiter,
            quote_char=dialect.quote,
            newlines_in_values=True,
            ignore_empty_lines=False,  # a ragged row raises: no handler, which would
            # be handed the row decoded as UTF-8 (and a CP932 row is not)
        ),
        "convert_options": pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
            check_utf8=False,
        ),
    }


def _check_field_sizes(columns: list[pa.ChunkedArray], first_row: int, limits: Limits) -> None:
    """The csv module refuses cells over the limit; pyarrow does not, so check its columns.

    A cell has at least as many bytes as characters, and byte lengths come from the offsets
    alone, so characters are only counted in a column that has a cell over the limit in bytes.
    """
    for column in columns:
        if not pc.any(pc.greater(pc.binary_length(column), limits.max_field_chars)).as_py():
            continue
        too_big = pc.greater(pc.utf8_length(column), limits.max_field_chars)
        if pc.any(too_big).as_py():
            row = first_row + pc.index(too_big, True).as_py()
            raise _field_error(csv.Error("field larger than field limit"), row, limits)


def _header_width(records: Grid, layout: Layout) -> int:
    return max((len(records[i]) for i in layout.header_rows), default=0)


def _title(records: Grid, layout: Layout) -> str | None:
    lines = [row_text(records[i]) for i in layout.title_rows]
    return "\n".join(line for line in lines if line) or None


@dataclass
class _Head:
    """The first rows of a file, parsed with the csv module, and where the table sits in them."""

    text: str
    dialect: Dialect
    records: Grid
    ends: list[int]  # character offset in `text` where each record ends
    layout: Layout
    width: int
    complete: bool  # the head is the whole file


def _read_head(buf: bytes, base: int, limits: Limits) -> _Head:
    head, whole = _head_window(buf, base, limits)
    dialect = sniff_dialect(head)
    records, ends = parse_records(head, dialect, limits, max_rows=limits.head_rows + 1)
    complete = whole and len(records) <= limits.head_rows
    if not whole and len(records) <= limits.head_rows and head.count(dialect.quote) % 2:
        records, ends = records[:-1], ends[:-1]  # the window cut a quoted value in two
    layout = detect_layout(records, complete=complete)
    width = _header_width(records, layout)
    if width > limits.max_columns:
        raise too_many_columns(width, limits, row=layout.header_rows[0] + 1)
    return _Head(head, dialect, records, ends, layout, width, complete)


def _raw_table(head: _Head, columns: list, problems: list[Problem], notes: list[str]) -> RawTable:
    layout, records = head.layout, head.records
    return RawTable(
        header=[records[i] for i in layout.header_rows],
        header_rows=[i + 1 for i in layout.header_rows],
        title=_title(records, layout),
        notes=notes,
        columns=columns,
        first_row=layout.data_start + 1,
        problems=problems,
        extra_rows=[i + 1 for i in layout.extra_rows] if head.complete else [],
    )


def read_delimited(
    data: bytes, *, encoding: str | None, limits: Limits, progress: Progress
) -> tuple[RawTable, str, Dialect]:
    """Decode, sniff and split a delimited text file into a `RawTable`."""
    narrow = _read_narrow(data, encoding=encoding, limits=limits, progress=progress)
    if narrow is not None:
        return narrow
    buf, base, used = enc.to_utf8(data, encoding=encoding)
    if buf.find(b"\n", base, base + limits.max_line_bytes + 1) < 0 and buf.find(b"\r", base) >= 0:
        buf, base = buf[base:].replace(b"\r", b"\n"), 0  # old Mac line ends
    progress(15)
    head = _read_head(buf, base, limits)
    layout, records = head.layout, head.records
    first_row = layout.data_start + 1
    progress(25)
    if head.complete:
        data_rows = records[layout.data_start : layout.data_end]
        columns, problems = columns_from_records(
            data_rows, head.width, first_row, max_problems=limits.max_problems_per_code
        )
        notes = [row_text(records[i]) for i in layout.note_rows]
    else:
        columns, problems, notes = _read_long(
            buf, base, head.text, head.ends, layout, records, head.width, head.dialect, limits
        )
    progress(50)
    return _raw_table(head, columns, problems, notes), used, head.dialect


# --- long CP932 and EUC-JP files without decoding all of them ------------------------------

# Delimiters and quotes below 0x40: never part of a CP932 or EUC-JP character (see enc.NARROW).
_NARROW_DELIMITERS = frozenset({",", "\t", ";"})
_NARROW_QUOTES = frozenset({'"', "'"})


def _read_narrow(
    data: bytes, *, encoding: str | None, limits: Limits, progress: Progress
) -> tuple[RawTable, str, Dialect] | None:
    """A long CP932/EUC-JP file read as `read_delimited` reads it, or None to read it that way.

    Only the head, the tail and the non-ASCII cells are decoded (see `enc.decode_column`); the
    rest is split by pyarrow as it is. The head and tail are decoded far enough that every
    window and limit, all counted in UTF-8 bytes, falls where it would in the decoded file.
    Anything unusual (a cell that does not decode, a ragged or very long row, any error) returns
    None, and the whole file is decoded as usual, with the usual errors and reports.
    """
    name = enc.first_choice(data, encoding)
    head_end = data.find(b"\n", limits.head_bytes)
    tail_start = data.rfind(b"\n", 0, max(len(data) - limits.head_bytes - 1, 0))
    first_newline = data.find(b"\n", 0, limits.max_line_bytes // 3)
    if name not in enc.NARROW or first_newline < 0 or not 0 <= head_end < tail_start:
        return None
    try:
        head_text = data[: head_end + 1].decode(name)
        progress(15)
        head = _read_head(head_text.encode("utf-8"), 0, limits)
        if head.complete or head_text.startswith("\ufeff"):
            return None
        if head.dialect.delimiter not in _NARROW_DELIMITERS:
            return None
        if head.dialect.quote not in _NARROW_QUOTES:
            return None
        progress(25)
        found = _narrow_data(data, name, head, head_end, tail_start, limits)
    except (IngestError, UnicodeError):
        return None
    if found is None:
        return None
    columns, notes = found
    progress(50)
    return _raw_table(head, columns, [], notes), name, head.dialect


def _narrow_data(
    data: bytes, name: str, head: _Head, head_end: int, tail_start: int, limits: Limits
) -> tuple[list[pa.Array], list[str]] | None:
    """The data columns and notes, as `_read_long`'s pyarrow path finds them, or None."""
    layout = head.layout
    start_char = head.ends[layout.data_start - 1] if layout.data_start > 0 else 0
    start = len(head.text[:start_char].encode(name))
    if start > head_end + 1 or data[:start].decode(name) != head.text[:start_char]:
        return None
    tail = data[tail_start:].decode(name).encode("utf-8")
    tail_end, notes = _tail_notes(tail, 0, head.dialect, limits, head.width)
    kept = tail[:tail_end].decode("utf-8")
    end = tail_start + len(kept.encode(name))
    if data[tail_start:end].decode(name) != kept:
        return None
    sample = {len(r) for r in head.records[layout.data_start :] if not is_blank(r)}
    sample = sample or {head.width}
    if start > tail_start or len(sample) != 1 or min(sample) < head.width:
        return None
    block = pa.py_buffer(data).slice(start, end - start)
    shorter = dataclasses.replace(limits, max_line_bytes=limits.max_line_bytes // 3)
    columns = _arrow_columns(block, min(sample), head.dialect, shorter)
    if columns is None:
        return None
    columns = list(map_columns(lambda column: enc.decode_column(column, name), columns))
    values = [c.dictionary if pa.types.is_dictionary(c.type) else c for c in columns]
    if not _extra_empty(values, head.width):
        return None
    _check_field_sizes(values, layout.data_start + 1, limits)  # its row may be wrong: None then
    return columns[: head.width], notes


def _read_long(
    buf: bytes,
    base: int,
    head: str,
    ends: list[int],
    layout: Layout,
    records: Grid,
    width: int,
    dialect: Dialect,
    limits: Limits,
) -> tuple[list[pa.ChunkedArray], list[Problem], list[str]]:
    """The data rows of a file longer than its head: pyarrow, or the csv module if ragged.

    `head` is the decoded head and `ends` where each of its `records` ends in it; the data
    start after the header there, and end where the notes found in the tail begin.
    """
    start_char = ends[layout.data_start - 1] if layout.data_start > 0 else 0
    start = base + len(head[:start_char].encode("utf-8"))
    end, notes = _tail_notes(buf, start, dialect, limits, width)
    first_row = layout.data_start + 1
    sample = {len(r) for r in records[layout.data_start :] if not is_blank(r)} or {width}
    if len(sample) == 1 and min(sample) >= width:
        block = pa.py_buffer(buf).slice(start, end - start)
        try:
            columns = _arrow_columns(block, min(sample), dialect, limits)
        except IngestError as exc:
            if exc.code == "line-too-long":
                row = _long_line(buf, start, end, limits)
                raise _line_too_long(row + first_row if row is not None else None, limits) from exc
            raise
        if columns is not None and _extra_empty(columns, width):
            _check_field_sizes(columns, first_row, limits)
            return columns[:width], [], notes
    text = buf[start:end].decode("utf-8")
    rows = iter_records(text, dialect, limits, first_row=first_row)
    columns, problems = columns_from_records(
        rows, width, first_row, max_problems=limits.max_problems_per_code
    )
    return columns, problems, notes


def _long_line(buf: bytes, start: int, end: int, limits: Limits) -> int | None:
    """0-based line (from `start`) of the first line longer than the limit; error path only."""
    line, pos = 0, start
    while pos < end:
        newline = buf.find(b"\n", pos, end)
        stop = end if newline < 0 else newline
        if stop - pos > limits.max_line_bytes:
            return line
        line, pos = line + 1, stop + 1
    return None


def _extra_empty(columns: list[pa.ChunkedArray], width: int) -> bool:
    """Cells past the header's width are all empty (trailing delimiters), not ragged rows."""
    return not any(
        pc.any(pc.not_equal(pc.utf8_trim_whitespace(column), "")).as_py()
        for column in columns[width:]
    )
