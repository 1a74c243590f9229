"""Which encoding a text file is in (文字コード判定), and decoding it strictly, once.

Japanese files come as UTF-8, UTF-8 with BOM (Excel's "CSV UTF-8"), CP932 (Windows' Shift_JIS,
the most common), EUC-JP (old Unix systems) and sometimes UTF-16 with a BOM (Excel's "Unicode
text"). Detection: a BOM decides; otherwise a sample is tried strictly as UTF-8, CP932 and EUC-JP
and the candidates that decode are ranked by how Japanese the text looks; the winner must then
decode the whole file. Shift_JIS is always read as CP932, its superset (①, ㈱, 髙 …).
"""

from __future__ import annotations

import codecs
import re

import pyarrow as pa
import pyarrow.compute as pc

from sousei.ingest.report import IngestError

SAMPLE_BYTES = 256 * 1024
# Encodings whose multi-byte characters hold no byte below 0x40 (CP932 trail bytes are
# 0x40-0xFC, EUC-JP's all 0x8E and up): , TAB ; " ' CR LF never split one, so such a file can
# be split into cells first and each cell decoded on its own, with the same result.
NARROW = frozenset({"cp932", "euc-jp"})
_PROBE_CELLS = 100_000  # cells whose distinct count decides how a column is decoded

# Names people pass for the same codec → the name reports use.
ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf_8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf_8_sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "cp932": "cp932",
    "ms932": "cp932",
    "windows-31j": "cp932",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "s-jis": "cp932",
    "x-sjis": "cp932",
    "euc-jp": "euc-jp",
    "euc_jp": "euc-jp",
    "eucjp": "euc-jp",
    "utf-16": "utf-16",
    "utf16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16-le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "utf-16-be": "utf-16-be",
}

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
_ODD = re.compile(r"[\uff61-\uff9f\ue000-\uf8ff\u0080-\u00ff]")  # 半角カナ, private use, C1/Latin-1


def canonical(name: str) -> str:
    """ "Shift_JIS" → "cp932", "UTF8" → "utf-8"; unknown names raise IngestError."""
    key = name.strip().lower()
    if key in ALIASES:
        return ALIASES[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        raise IngestError(
            f"文字コード「{name}」は使えません（utf-8, cp932, euc-jp, utf-16 など）。",
            f"Unknown encoding {name!r}; use utf-8, cp932 (Shift_JIS), euc-jp or utf-16.",
            code="unknown-encoding",
        ) from None


def bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM: every other byte of ASCII characters is NUL."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _sample(data: bytes) -> bytes:
    """The first bytes cut at a line end, so no multi-byte character is split."""
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = data.rfind(b"\n", 0, SAMPLE_BYTES)
    return data[: cut + 1] if cut > 0 else data[:SAMPLE_BYTES]


def _score(text: str) -> float:
    """How Japanese a sample looks: kana and kanji up, 半角カナ and odd code points down."""
    return len(_JAPANESE.findall(text)) - 3 * len(_ODD.findall(text))


def candidates(data: bytes) -> list[str]:
    """Encodings worth trying, best first."""
    found = bom_encoding(data) or utf16_without_bom(data[:4096])
    if found:
        return [found]
    sample = _sample(data)
    ranked = []
    try:
        sample.decode("utf-8")
        ranked.append("utf-8")  # CP932 and EUC-JP bytes almost never form valid UTF-8
    except UnicodeDecodeError:
        pass
    scored = []
    for order, name in enumerate(("cp932", "euc-jp")):
        try:
            scored.append((_score(sample.decode(name)), -order, name))
        except UnicodeDecodeError:
            continue
    ranked += [name for *_, name in sorted(scored, reverse=True)]
    return ranked + [n for n in ("utf-8", "cp932", "euc-jp") if n not in ranked]


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_error(data: bytes, encoding: str, exc: UnicodeDecodeError) -> IngestError:
    """A bilingual error naming the encoding, the first bad byte and its line."""
    line = _line_of(data, exc.start)
    bad = data[exc.start : exc.start + 2].hex(" ")
    return IngestError(
        f"ファイルを {encoding} として読めません: {line} 行目のバイト {bad} が"
        f" {encoding} ではありません。"
        "正しい文字コードを指定してください。",
        f"The file is not valid {encoding}: byte {bad} on line {line} cannot be decoded. "
        "Specify the right encoding.",
        code="encoding-error",
        row=line,
    )


def is_valid_utf8(data: bytes | memoryview) -> bool:
    """UTF-8 validity without building a Python str (fast and small for big files)."""
    buffer = pa.py_buffer(data)
    offsets = pa.array([0, buffer.size], type=pa.int64()).buffers()[1]
    array = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, buffer])
    try:
        array.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def to_utf8(data: bytes, *, encoding: str | None) -> tuple[bytes, int, str]:
    """The file as UTF-8 bytes, the offset where the text starts (after a BOM), and the encoding.

    UTF-8 input is validated in place and returned as it is, without a copy; other encodings are
    decoded strictly once and re-encoded.
    """
    if encoding is not None:
        tries = [canonical(encoding)]
        if tries[0] == "utf-8" and data.startswith(codecs.BOM_UTF8):
            tries = ["utf-8-sig"]
    else:
        tries = candidates(data)
    first_error: IngestError | None = None
    for name in tries:
        if name in ("utf-8", "utf-8-sig"):
            base = 3 if data.startswith(codecs.BOM_UTF8) else 0
            if is_valid_utf8(memoryview(data)[base:]):
                return data, base, "utf-8-sig" if base else "utf-8"
            try:
                data[base:].decode("utf-8")
            except UnicodeDecodeError as exc:
                first_error = first_error or decode_error(data, name, _shifted(exc, base))
            continue
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            first_error = first_error or decode_error(data, name, exc)
            continue
        return text.lstrip("\ufeff").encode("utf-8"), 0, name
    if encoding is not None and first_error is not None:
        raise first_error
    raise IngestError(
        "文字コードを判定できません（UTF-8・CP932・EUC-JP のどれでもありません）。"
        + (first_error.message_ja if first_error else ""),
        "Cannot tell the encoding: the file is not UTF-8, CP932 (Shift_JIS) or EUC-JP. "
        + (first_error.message_en if first_error else ""),
        code="encoding-unknown",
        row=first_error.row if first_error else None,
    )


def _shifted(exc: UnicodeDecodeError, base: int) -> UnicodeDecodeError:
    return UnicodeDecodeError(
        exc.encoding, exc.object, exc.start + base, exc.end + base, exc.reason
    )


def first_choice(data: bytes, encoding: str | None) -> str:
    """The encoding `to_utf8` tries first (the one it uses whenever the whole file decodes)."""
    return canonical(encoding) if encoding is not None else candidates(data)[0]


def decode_column(column: pa.Array | pa.ChunkedArray, encoding: str) -> pa.Array:
    """Cells parsed from `encoding` bytes (held unchecked as strings) as real UTF-8 strings.

    A column whose first cells repeat (町丁名, 和暦 months, numbers) comes back dictionary-encoded
    and only its distinct values are decoded; type inference then works on those directly.
    Otherwise ASCII cells, the same in every encoding here, stay as they are and the others are
    decoded together. A cell that does not decode raises UnicodeDecodeError, as decoding the
    whole file would.
    """
    flat = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    probe = flat.slice(0, _PROBE_CELLS)
    if len(pc.unique(probe)) < len(probe) // 2:
        encoded = pc.dictionary_encode(flat.cast(pa.binary()))
        return pa.DictionaryArray.from_arrays(
            encoded.indices, _decode_all(encoded.dictionary, encoding)
        )
    odd = pc.invert(pc.string_is_ascii(flat))
    count = pc.sum(odd).as_py() or 0
    if count == 0:
        return flat
    if count == len(flat):
        return _decode_all(flat.cast(pa.binary()), encoding)
    decoded = _decode_all(pc.filter(flat, odd).cast(pa.binary()), encoding)
    return pc.replace_with_mask(flat, odd, decoded)


def _decode_all(values: pa.Array, encoding: str) -> pa.Array:
    """Binary `values` decoded by one call: joined by NUL (no encoded character holds one),
    decoded, then split again; values holding NUL themselves are decoded one by one."""
    listed = pa.ListArray.from_arrays(pa.array([0, len(values)], pa.int32()), values)
    joined = pc.binary_join(listed, b"\x00")[0].as_buffer()
    text = codecs.decode(joined, encoding)
    if text.count("\x00") != len(values) - 1:
        return pa.array([v.decode(encoding) for v in values.to_pylist()], pa.string())
    utf8 = pa.py_buffer(text.encode("utf-8"))
    offsets = pa.array([0, utf8.size], pa.int64()).buffers()[1]
    whole = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, utf8])
    return pc.split_pattern(whole, "\x00").flatten().cast(pa.string())
