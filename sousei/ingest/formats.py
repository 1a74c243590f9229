"""What a file really is, from its first bytes, not its name (形式判定).

Spreadsheets are containers: an .xlsx is a zip (PK\\x03\\x04); a legacy .xls and a
password-protected .xlsx are both OLE2 compound files (D0 CF 11 E0 …) and are told apart in
`excel.ole2_kind`. Everything else must be text; a PDF or an image renamed .csv is refused here.
"""

from __future__ import annotations

import re

from sousei.ingest.encoding import utf16_without_bom
from sousei.ingest.report import IngestError

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"GIF8": "GIF",
    b"\xff\xd8\xff": "JPEG",
    b"\x1f\x8b": "gzip",
    b"7z\xbc\xaf": "7z",
    b"Rar!": "RAR",
    b"\x7fELF": "ELF",
}
_MARKUP = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<table|<\?xml)", re.IGNORECASE)


def _binary_error(kind: str) -> IngestError:
    return IngestError(
        f"表のファイルではありません（{kind}）。CSV・TSV・Excel（.xlsx/.xls）を選んでください。",
        f"This is not a table file ({kind}). Choose a CSV, TSV or Excel (.xlsx/.xls) file.",
        code="binary-file",
    )


def sniff_format(data: bytes) -> str:
    """`xlsx`, `ole2` (an .xls or an encrypted Office file) or `csv`; raises for anything else."""
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not data[:65536].strip(blank) and not data.strip(blank):  # no copy of a big file
        raise IngestError("ファイルが空です。", "The file is empty.", code="empty-file")
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise _binary_error(kind)
    head = data[:8192]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head)
    if b"\x00" in head and not utf16:
        raise _binary_error("binary")
    if _MARKUP.match(head.removeprefix(b"\xef\xbb\xbf")):
        raise IngestError(
            "HTML/XML のファイルです（拡張子が .xls でも Excel ではありません）。"
            "Excel で開いて .xlsx か CSV で保存し直してください。",
            "This is an HTML/XML file, not a spreadsheet (even if it is named .xls). "
            "Open it in Excel and save it as .xlsx or CSV.",
            code="unsupported-format",
        )
    return "csv"
