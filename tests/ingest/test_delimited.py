"""Delimited text: dialect sniffing, record offsets, and building string columns."""

from __future__ import annotations

import pytest

from sousei.ingest.delimited import (
    Dialect,
    columns_from_records,
    iter_records,
    parse_records,
    sniff_dialect,
)
from sousei.ingest.limits import Limits

TABLE = [
    ["人口推計　令和2年"],
    ["地域", "人口", "世帯数"],
    ["一関市", "111,932", "44,210"],
    ["平泉町", "7,345", "2,707"],
]


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_sniff_delimiter(delimiter: str) -> None:
    lines = []
    for row in TABLE:
        cells = [f'"{c}"' if delimiter == "," and "," in c else c for c in row]
        lines.append(delimiter.join(cells))
    assert sniff_dialect("\n".join(lines) + "\n") == Dialect(delimiter, '"')


def test_tabs_win_over_commas_inside_numbers() -> None:
    text = "地域\t人口\n一関市\t111,932\n平泉町\t7,345\n大船渡市\t34,728\n"
    assert sniff_dialect(text).delimiter == "\t"


def test_single_column_defaults_to_comma() -> None:
    assert sniff_dialect("地域\n一関市\n") == Dialect(",", '"')


def test_single_quote_sniffed() -> None:
    assert sniff_dialect("'a','b'\n'1','x,y'\n").quote == "'"
    assert sniff_dialect('a,b\n1,"x,y"\n').quote == '"'


def test_record_ends_follow_quoted_newlines() -> None:
    text = 'a,b\r\n"x\r\ny",1\r\nz,2'
    records, ends = parse_records(text, Dialect(), Limits())
    assert records == [["a", "b"], ["x\r\ny", "1"], ["z", "2"]]
    assert ends == [5, 15, len(text)]
    assert [text[e:] for e in ends[:-1]] == ['"x\r\ny",1\r\nz,2', "z,2"]


def test_records_are_checked_for_width() -> None:
    from sousei.ingest import IngestError

    with pytest.raises(IngestError) as caught:
        list(iter_records("a,b\n1,2,3,4\n", Dialect(), Limits(max_columns=3)))
    assert (caught.value.code, caught.value.row) == ("too-many-columns", 2)


def test_columns_from_records_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sousei.ingest.delimited._CHUNK_ROWS", 4)
    rows = [[str(i), f"r{i}"] for i in range(10)] + [["10"], ["11", "x", "extra"]]
    columns, problems = columns_from_records(rows, 2, first_row=2)
    assert columns[0].num_chunks == 3
    assert columns[0].to_pylist() == [str(i) for i in range(12)]
    assert columns[1].to_pylist()[-2:] == ["", "x"]
    assert [(p.code, p.row, p.column) for p in problems] == [
        ("ragged-row", 13, 3),
        ("missing-cell", 12, None),
    ]


def test_spreadsheet_rows_are_not_ragged() -> None:
    columns, problems = columns_from_records([["a"], ["b", "c", "d"]], 3, 1, strict=False)
    assert problems == []
    assert [c.to_pylist() for c in columns] == [["a", "b"], ["", "c"], ["", "d"]]
