"""The 効果検証 report as a file: the print-ready HTML page, a PDF with a Japanese font embedded,
or an Excel workbook — one entry point for the pages and the CLI."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from sousei.errors import SouseiError
from sousei.storage import read_bytes
from sousei.strategy.documents import find_font, report_pdf, report_xlsx
from sousei.strategy.models import Report

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_html(report: dict[str, Any]) -> str:
    """A standalone page (styles inline, nothing fetched) that prints on A4."""
    return render_to_string("web/strategy_report_document.html", {"report": report})


def report_file(report: dict[str, Any], fmt: str) -> bytes:
    if fmt == "html":
        return report_html(report).encode()
    if fmt == "xlsx":
        return report_xlsx(report)
    font = find_font(settings.SOUSEI_PDF_FONT)
    if font is None:
        raise SouseiError(
            "PDF に埋め込む日本語フォントが見つかりません。fonts-noto-cjk を導入するか "
            "SOUSEI_PDF_FONT を設定してください。",
            "No Japanese font to embed in the PDF: install fonts-noto-cjk or set SOUSEI_PDF_FONT.",
            code="pdf_font_missing",
            status=503,
        )
    return report_pdf(report, font=font)


def published_files(report: dict[str, Any]) -> dict[str, bytes]:
    """The files kept with a published report: Excel always, the PDF when a Japanese font is
    installed (without one, the PDF download says how to install it)."""
    files = {"xlsx": report_file(report, "xlsx")}
    if find_font(settings.SOUSEI_PDF_FONT) is not None:
        files["pdf"] = report_file(report, "pdf")
    return files


def published_file(report: Report, fmt: str) -> bytes:
    """A published report's file as it was made; reports published before files were kept (or
    without a font for the PDF) are made again from their frozen snapshot."""
    name = report.files.get(fmt)
    if name:
        return read_bytes(name)
    return report_file(report.snapshot, fmt)
