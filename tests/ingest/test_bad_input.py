"""Files that cannot be read fail with a clear bilingual message, never a crash."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sousei.ingest import IngestError, Limits, read_table
from tests.ingest.files import FIXTURES, fixture, real


def _raises(source, code: str, **kwargs) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_table(source, **kwargs)
    error = caught.value
    assert error.code == code
    assert error.message_ja and error.message_en
    assert str(error) == f"{error.message_ja} / {error.message_en}"
    return error


def _make_fixtures():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["empty.csv", "blank-lines.csv"])
def test_empty_files(name: str) -> None:
    error = _raises(fixture(name), "empty-file")
    assert "空" in error.message_ja and "empty" in error.message_en


def test_header_only_file_is_an_empty_table() -> None:
    table = read_table("地域,人口\n".encode())
    assert table.report.row_count == 0
    assert [c.name for c in table.report.columns] == ["地域", "人口"]


def test_binary_renamed_csv() -> None:
    error = _raises(fixture("binary-renamed.csv"), "binary-file", filename="binary-renamed.csv")
    assert "PNG" in error.message_en


def test_binary_without_a_known_signature() -> None:
    _raises(bytes(range(256)) * 8, "binary-file")


def test_html_saved_as_xls() -> None:
    error = _raises(fixture("html-table.xls"), "unsupported-format")
    assert "HTML" in error.message_en


def test_wrong_declared_encoding() -> None:
    data = b"code,name\r\n" + "01,一関市\r\n".encode("cp932")
    error = _raises(data, "encoding-error", encoding="utf-8")
    assert error.row == 2
    assert "utf-8" in error.message_en and "line 2" in error.message_en


def test_ragged_row_is_an_error_naming_row_and_column() -> None:
    table = read_table(fixture("ragged.csv"))
    assert not table.report.ok
    [problem] = table.report.problems
    assert (problem.code, problem.severity, problem.row, problem.column) == (
        "ragged-row",
        "error",
        3,
        4,
    )
    assert "3 行目" in problem.message_ja and "Row 3" in problem.message_en


def test_short_rows_are_padded_with_a_warning() -> None:
    table = read_table("地域,人口,世帯\n一関市,1\n平泉町,2,3\n".encode())
    assert table.report.ok
    [problem] = table.report.problems
    assert (problem.code, problem.severity, problem.row) == ("missing-cell", "warning", 2)
    assert table.data.column("c3").to_pylist() == [None, 3]


def test_duplicate_and_blank_headers() -> None:
    table = read_table(fixture("duplicate-headers.csv"))
    assert table.report.ok
    assert [c.name for c in table.report.columns] == ["地域", "人口", "人口_2", "列4", "備考"]
    codes = {(p.code, p.column, p.severity) for p in table.report.problems}
    assert codes == {("duplicate-header", 3, "warning"), ("blank-header", 4, "warning")}
    blank = next(p for p in table.report.problems if p.code == "blank-header")
    assert "列4" in blank.message_ja and "column 4" in blank.message_en


def test_twenty_thousand_columns(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    header = ",".join(f"列{i}" for i in range(20_000))
    path.write_text(header + "\n" + ",".join("1" for _ in range(20_000)) + "\n", encoding="utf-8")
    error = _raises(path, "too-many-columns")
    assert error.row == 1
    assert "20,000" in error.message_en and "2,000" in error.message_en


def test_max_columns_is_configurable() -> None:
    data = b"a,b,c,d\n1,2,3,4\n"
    _raises(data, "too-many-columns", limits=Limits(max_columns=3))
    assert read_table(data, limits=Limits(max_columns=4)).report.ok


def test_quoted_newlines_parse() -> None:
    table = read_table(fixture("quoted-newlines.csv"))
    assert table.report.row_count == 2
    assert table.data.column("c3").to_pylist()[0] == "土日は\r\n休館"


def test_fifty_megabyte_single_line(tmp_path: Path) -> None:
    path = tmp_path / "one-line.csv"
    path.write_bytes(b"a," + b"x" * (50 << 20))
    error = _raises(path, "line-too-long")
    assert error.row == 1


def test_fifty_megabyte_line_after_the_header(tmp_path: Path) -> None:
    path = tmp_path / "long-row.csv"
    path.write_bytes(b"a,b\n1,2\n3,4\n" + b"x" * (50 << 20) + b",1\n")
    error = _raises(path, "line-too-long")
    assert error.row == 4


def test_unclosed_quote_is_a_field_too_large() -> None:
    data = b'a,b\n1,"' + b"x" * 200_000 + b"\n2,3\n"
    error = _raises(data, "field-too-large")
    assert error.row == 2


def test_csv_formula_is_text() -> None:
    table = read_table('名前,式\nA,=1+2\nB,=HYPERLINK("http://x")\n'.encode())
    assert table.data.column("c2").to_pylist() == ["=1+2", '=HYPERLINK("http://x")']


def test_xlsx_formula_cells_give_cached_values() -> None:
    table = read_table(fixture("town-population.xlsx"))
    assert table.data.column("c4").to_pylist()[1] == 190
    assert table.data.column("c6").to_pylist()[0] == 1.05


def test_zip_bomb() -> None:
    error = _raises(fixture("zip-bomb.xlsx"), "zip-bomb")
    assert "sheet1.xml" in error.message_en


def test_zip_limits_are_configurable() -> None:
    _raises(fixture("town-population.xlsx"), "zip-bomb", limits=Limits(max_uncompressed_bytes=500))
    _raises(fixture("town-population.xlsx"), "zip-bomb", limits=Limits(max_zip_members=3))


def test_password_protected_xlsx() -> None:
    from xlrd.compdoc import CompDoc

    data = fixture("password-protected.xlsx").read_bytes()
    streams = {e.name for e in CompDoc(data, logfile=io.StringIO()).dirlist}
    assert {"EncryptionInfo", "EncryptedPackage"} <= streams  # a well-formed OLE2 file
    error = _raises(data, "password-protected")
    assert "パスワード" in error.message_ja and "password" in error.message_en


def test_other_ole2_document(tmp_path: Path) -> None:
    module = _make_fixtures()
    path = tmp_path / "report.xls"
    module.encrypted_xlsx(path)
    data = path.read_bytes()
    renamed = data.replace(
        "EncryptionInfo".encode("utf-16-le"), "WordDocument\0\0".encode("utf-16-le")
    )
    renamed = renamed.replace(
        "EncryptedPackage".encode("utf-16-le"), "1Table\0\0\0\0\0\0\0\0\0\0".encode("utf-16-le")
    )
    _raises(renamed, "unsupported-format")


def test_damaged_xlsx_and_xls() -> None:
    _raises(fixture("truncated.xlsx"), "corrupt-file")
    _raises(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "corrupt-file")


def test_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    error = _raises(buffer.getvalue(), "unsupported-format")
    assert "ODS" in error.message_en


def test_max_bytes(tmp_path: Path) -> None:
    path = fixture("population-utf8.csv")
    size = path.stat().st_size
    error = _raises(path, "file-too-large", max_bytes=size - 1)
    assert f"{size:,}" in error.message_en
    _raises(path.read_bytes(), "file-too-large", max_bytes=100)
    assert read_table(path, max_bytes=size).report.ok


def test_missing_file(tmp_path: Path) -> None:
    _raises(tmp_path / "nothing.csv", "unreadable")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_table(data)


csv_text = st.text(
    alphabet=st.sampled_from(
        list(',;|\t"\n\r 0１2,.-△▲x秘匿令和元年度H30/4人口（千円）※資料：注a)')
    ),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(csv_text, st.sampled_from(["utf-8", "cp932", "utf-16"]))
def test_random_tables_never_crash(text: str, encoding: str) -> None:
    try:
        table = read_table(text.encode(encoding))
    except IngestError:
        return
    assert table.data.num_columns == len(table.report.columns)
    assert table.data.num_rows == table.report.row_count
    for column in table.report.columns:
        assert column.machine_name in table.data.column_names


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=0, max_value=255))
def test_damaged_workbooks_never_crash(position: int, value: int) -> None:
    data = bytearray(fixture("town-population.xlsx").read_bytes())
    data[position % len(data)] = value
    with contextlib.suppress(IngestError):
        read_table(bytes(data))


def test_problems_are_capped_per_code() -> None:
    lines = ["a,b"] + [f"{i},{i},{i}" for i in range(150)]
    table = read_table("\n".join(lines).encode())
    ragged = [p for p in table.report.problems if p.code == "ragged-row"]
    assert len(ragged) == 101
    assert ragged[0].row == 2 and ragged[99].row == 101
    assert ragged[-1].row is None and "50" in ragged[-1].message_en
    long = read_table("\n".join(lines).encode(), limits=Limits(head_rows=10))
    assert [p.row for p in long.report.problems] == [p.row for p in table.report.problems]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=45_000), st.integers(min_value=0, max_value=255))
def test_damaged_xls_never_crashes(position: int, value: int) -> None:
    data = bytearray(real("kobe-estimated-population-2012-01.xls").read_bytes())
    data[position % len(data)] = value
    with contextlib.suppress(IngestError):
        read_table(bytes(data))
