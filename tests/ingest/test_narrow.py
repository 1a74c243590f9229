"""Long CP932/EUC-JP files split before decoding read exactly as when the whole file is decoded.

Small `head_bytes` and `head_rows` make small files "long" here, so the head, the tail and the
pyarrow block all come into play.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from sousei.ingest import IngestError, Limits, delimited, read_table
from sousei.ingest.encoding import decode_column

SMALL = Limits(head_rows=20, head_bytes=1024)


def _rows(count: int, *, ragged_at: int | None = None) -> list[str]:
    lines = ["町丁別人口（サンプル市）", "", "年月,地域コード,町丁名,住所,人口,備考"]
    for i in range(count):
        population = "－" if i % 17 == 0 else f'"△{i * 37:,}"' if i % 5 == 0 else f'"{i * 37:,}"'
        if i % 3 == 0:
            population = population.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        note = "秘匿" if i % 13 == 0 else ("髙橋" if i % 7 == 0 else "")
        line = f"R{1 + i % 5}年{1 + i % 12}月,{i % 40:05d},本町{i % 8}丁目,{i}番地の{i % 3},"
        line += f"{population if i % 11 else str(i)},{note}"
        if i == ragged_at:
            line += ",余分"
        lines.append(line)
    return [*lines, "資料：住民基本台帳", "注：架空のデータ"]


def _file(lines: list[str], encoding: str = "cp932", delimiter: str = ",") -> bytes:
    return ("\r\n".join(lines) + "\r\n").replace(",", delimiter).encode(encoding)


def _both(data: bytes, monkeypatch: pytest.MonkeyPatch, limits: Limits = SMALL, **options):
    """(read with the split-first path, read with the whole file decoded, path used?)."""
    used = []
    real = delimited._read_narrow

    def spy(*args, **kwargs):
        found = real(*args, **kwargs)
        used.append(found is not None)
        return found

    monkeypatch.setattr(delimited, "_read_narrow", spy)
    narrow = read_table(data, limits=limits, **options)
    monkeypatch.setattr(delimited, "_read_narrow", lambda *args, **kwargs: None)
    whole = read_table(data, limits=limits, **options)
    return narrow, whole, used == [True]


def _same(narrow, whole) -> None:
    assert narrow.data.equals(whole.data)
    assert narrow.data.schema == whole.data.schema
    assert narrow.report.as_dict() == whole.report.as_dict()


@pytest.mark.parametrize("encoding", ["cp932", "euc-jp"])
@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_split_first_reads_like_decoding_everything(
    encoding: str, delimiter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _rows(600)
    if encoding == "euc-jp":
        lines = [line.replace("髙", "高").replace("－", "―") for line in lines]
    narrow, whole, used = _both(_file(lines, encoding, delimiter), monkeypatch)
    assert used
    _same(narrow, whole)
    assert narrow.report.encoding == encoding
    assert narrow.report.notes == ["資料：住民基本台帳", "注：架空のデータ"]
    assert narrow.report.title == "町丁別人口（サンプル市）"
    assert narrow.data.column("c3").to_pylist()[:2] == ["本町0丁目", "本町1丁目"]
    assert narrow.data.column("c4").to_pylist()[599] == "599番地の2"


def test_markers_and_types_are_counted_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    narrow, whole, used = _both(_file(_rows(600)), monkeypatch)
    assert used
    population = {c.name: c for c in narrow.report.columns}["人口"]
    assert population.type == "integer"
    assert population.markers == {"－": 32}
    assert [c.type for c in narrow.report.columns] == [c.type for c in whole.report.columns]


def test_nec_and_ibm_codes_of_one_kanji_in_a_repeated_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """0xFBFC and 0xEEE0 are both 髙 in CP932: two distinct cells, one value."""
    head = "年,氏名\r\n".encode("cp932")
    names = [b"\xfb\xfc\x8b\xb4", b"\xee\xe0\x8b\xb4", "佐藤".encode("cp932")]
    body = b"".join(b"%d," % (2000 + i % 20) + names[i % 3] + b"\r\n" for i in range(600))
    narrow, whole, used = _both(head + body, monkeypatch)
    assert used
    _same(narrow, whole)
    assert narrow.data.column("c2").to_pylist()[:3] == ["髙橋", "髙橋", "佐藤"]


def _attempts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record what each call of the split-first reader returned (None: it gave up)."""
    found: list[object] = []
    real = delimited._read_narrow

    def spy(*args, **kwargs):
        found.append(real(*args, **kwargs))
        return found[-1]

    monkeypatch.setattr(delimited, "_read_narrow", spy)
    return found


def test_a_bad_byte_deep_in_the_data_falls_back_and_names_its_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = bytearray(_file(_rows(600)))
    at = data.index("本町3丁目".encode("cp932"), len(data) // 2)
    data[at + 1] = 0x2C  # a lead byte followed by a comma
    attempts = _attempts(monkeypatch)
    with pytest.raises(IngestError) as caught:
        read_table(bytes(data), limits=SMALL, encoding="cp932")
    assert attempts == [None]  # the split-first reader gave up; the whole file is decoded
    assert caught.value.code == "encoding-error"
    assert caught.value.row == data[:at].count(b"\n") + 1


def test_a_ragged_row_falls_back_and_reports_its_number(monkeypatch: pytest.MonkeyPatch) -> None:
    narrow, whole, used = _both(_file(_rows(600, ragged_at=450)), monkeypatch)
    assert not used
    _same(narrow, whole)
    assert [(p.code, p.row) for p in narrow.report.problems] == [("ragged-row", 454)]


def test_pipes_may_be_inside_cp932_characters_so_they_fall_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = [line.replace("本町", "ソ表") for line in _rows(600)]  # ソ is 83 5C, 表 is 95 5C
    narrow, whole, used = _both(_file(lines, delimiter="|"), monkeypatch)
    assert not used
    _same(narrow, whole)


def test_a_cell_over_the_limit_falls_back_and_names_its_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = _rows(600)
    lines[400] = lines[400].replace("本町", "本" * 3000)
    limits = Limits(head_rows=20, head_bytes=1024, max_field_chars=2000)
    attempts = _attempts(monkeypatch)
    with pytest.raises(IngestError) as caught:
        read_table(_file(lines), limits=limits)
    assert attempts == [None]
    assert (caught.value.code, caught.value.row) == ("field-too-large", 401)


def test_utf8_and_short_files_take_the_usual_path(monkeypatch: pytest.MonkeyPatch) -> None:
    for data, limits in ((_file(_rows(600), "utf-8"), SMALL), (_file(_rows(30)), Limits())):
        narrow, whole, used = _both(data, monkeypatch, limits)
        assert not used
        _same(narrow, whole)


def _unchecked(values: list[bytes]) -> pa.Array:
    """Bytes as pyarrow's CSV reader leaves them: a string array that is not UTF-8."""
    return pa.Array.from_buffers(pa.string(), len(values), pa.array(values, pa.binary()).buffers())


@pytest.mark.parametrize("repeat", [1, 3])  # 3: values repeat, the dictionary-encoded path
def test_decode_column(repeat: int) -> None:
    values = ["", "東京", "12", "ｶﾅ", "1,234", "①㈱", "a\x00b", "京都"] * repeat
    column = decode_column(_unchecked([v.encode("cp932") for v in values]), "cp932")
    assert column.to_pylist() == values


def test_decode_column_all_non_ascii_and_errors() -> None:
    values = [f"町{i}" for i in range(50)]
    assert decode_column(
        _unchecked([v.encode("euc-jp") for v in values]), "euc-jp"
    ).to_pylist() == (values)
    with pytest.raises(UnicodeDecodeError):
        decode_column(_unchecked([b"ok", b"\x82", b"x"]), "cp932")
