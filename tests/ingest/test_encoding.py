"""Encoding detection and strict decoding (UTF-8, BOM, CP932, EUC-JP, UTF-16)."""

from __future__ import annotations

import codecs

import pytest

from sousei.ingest import IngestError, read_table
from sousei.ingest.encoding import candidates, canonical, is_valid_utf8, to_utf8, utf16_without_bom
from tests.ingest.files import fixture

JAPANESE = "一関市は岩手県の南端にあり、人口は約十一万人です。平泉町と接しています。\n" * 20


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("population-utf8.csv", "utf-8", ","),
        ("population-utf8-bom.csv", "utf-8-sig", ","),
        ("population-cp932.csv", "cp932", ","),
        ("population-euc-jp.csv", "euc-jp", ","),
        ("population-utf16.txt", "utf-16", "\t"),
        ("population-tab.tsv", "cp932", "\t"),
        ("population-semicolon.csv", "utf-8", ";"),
        ("population-pipe.txt", "utf-8", "|"),
    ],
)
def test_every_encoding_reads_the_same_table(name: str, encoding: str, delimiter: str) -> None:
    table = read_table(fixture(name))
    assert table.report.encoding == encoding
    assert table.report.delimiter == delimiter
    assert [c.name for c in table.report.columns] == [
        "地域コード",
        "地域名",
        "人口_総数",
        "人口_男",
        "人口_女",
        "世帯数",
    ]
    rows = table.data.to_pylist()
    assert rows[0] == {
        "c1": "032093",
        "c2": "一関市",
        "c3": 111932,
        "c4": 54089,
        "c5": 57843,
        "c6": 44210,
    }
    assert rows[2]["c3"] == -394


@pytest.mark.parametrize("declared", ["shift_jis", "Shift-JIS", "sjis", "cp932", "MS932"])
def test_declared_shift_jis_means_cp932(declared: str) -> None:
    table = read_table(fixture("population-cp932.csv"), encoding=declared)
    assert table.report.encoding == "cp932"
    assert table.data.column("c2").to_pylist()[0] == "一関市"


def test_wrong_declared_encoding_names_encoding_and_line() -> None:
    with pytest.raises(IngestError) as caught:
        read_table(fixture("population-cp932.csv"), encoding="utf-8")
    error = caught.value
    assert error.code == "encoding-error"
    assert error.row == 1
    assert "utf-8" in error.message_ja and "utf-8" in error.message_en
    assert "1 行目" in error.message_ja and "line 1" in error.message_en
    assert str(error) == f"{error.message_ja} / {error.message_en}"


def test_bad_byte_on_a_later_line() -> None:
    data = "地域,人口\n一関市,1\n平泉町,2\n".encode() + "藤沢町,3\n".encode("cp932")
    with pytest.raises(IngestError) as caught:
        read_table(data, encoding="utf-8")
    assert caught.value.row == 4
    assert "4" in caught.value.message_en
    # Without a declaration the file is read as the CP932 it mostly is not: no guess fits.
    with pytest.raises(IngestError) as caught:
        read_table(data)
    assert caught.value.code == "encoding-unknown"


def test_euc_jp_declared_for_cp932_bytes() -> None:
    with pytest.raises(IngestError) as caught:
        read_table(fixture("population-cp932.csv"), encoding="euc-jp")
    assert caught.value.code == "encoding-error"
    assert "euc-jp" in str(caught.value)


def test_unknown_encoding_name() -> None:
    with pytest.raises(IngestError) as caught:
        read_table(fixture("population-utf8.csv"), encoding="klingon-8")
    assert caught.value.code == "unknown-encoding"


def test_canonical_names() -> None:
    assert canonical("UTF8") == "utf-8"
    assert canonical("Windows-31J") == "cp932"
    assert canonical("EUC_JP") == "euc-jp"
    assert canonical("latin-1") == "iso8859-1"


def test_candidates_rank_japanese_encodings() -> None:
    assert candidates(JAPANESE.encode("utf-8"))[0] == "utf-8"
    assert candidates(JAPANESE.encode("cp932"))[0] == "cp932"
    assert candidates(JAPANESE.encode("euc-jp"))[0] == "euc-jp"
    assert candidates(JAPANESE.encode("utf-8-sig")) == ["utf-8-sig"]
    assert candidates(JAPANESE.encode("utf-16")) == ["utf-16"]
    assert candidates(b"a,b\n1,2\n")[0] == "utf-8"


def test_utf16_without_bom() -> None:
    assert utf16_without_bom("地域,人口\nabc,1\n".encode("utf-16-le")) == "utf-16-le"
    assert utf16_without_bom("a,b\n1,2\n".encode("utf-16-be")) == "utf-16-be"
    assert utf16_without_bom(b"a,b\n1,2\n") is None
    table = read_table("区分,人口\nabc,1\ndef,2\n".encode("utf-16-le"))
    assert table.report.encoding == "utf-16-le"
    assert table.data.column("c2").to_pylist() == [1, 2]


def test_utf8_is_validated_without_a_copy() -> None:
    data = JAPANESE.encode()
    assert is_valid_utf8(data)
    assert not is_valid_utf8(data[:-2] + b"\xff\n")
    buffer, base, name = to_utf8(codecs.BOM_UTF8 + data, encoding=None)
    assert (base, name) == (3, "utf-8-sig")
    assert buffer[base:] == data


def test_ascii_file_with_cp932_after_the_sample() -> None:
    """A file that is ASCII for its first 256 KB and CP932 later still decodes as CP932."""
    head = "code,value\n" + "".join(f"{i:05d},{i}\n" for i in range(30_000))
    data = (head + "99999,一関市\n").encode("cp932")
    table = read_table(data)
    assert table.report.encoding == "cp932"
    assert table.data.column("value").to_pylist()[-1] == "一関市"
