"""The 効果検証 report (from `report.report_data`) as a PDF and as an Excel workbook.

Pure Python, no Django: the caller passes the report dict and the font path (`find_font`).

The PDF embeds a TrueType subset built here from the Japanese font. fpdf2 embeds a CID-keyed CFF
font (Noto Sans CJK, the usual font on Linux) with a custom encoding CMap, which viewers read but
pypdf and other extractors decode byte by byte, so copied or indexed text would be garbled. A
TrueType subset is embedded as Identity-H and reads back everywhere; only the characters the
report uses are converted, so it stays fast.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import string
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sousei.ingest.wareki import fiscal_year_wareki
from sousei.strategy.plan import REVIEW_LABELS

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
)
MISSING = "−"
# The next step is printed by its label (拡大 …), the other fields as written.
REVIEW_FIELDS = tuple(
    ("next_step_label" if key == "next_step" else key, label)
    for key, label in REVIEW_LABELS.items()
)
SECTIONS = ("1. 評価の概要", "2. 基本目標ごとの指標", "3. 企業版ふるさと納税", "4. 人口の動向")
KPI_HEAD = ("指標名", "単位", "方向", "基準", "目標", "達成率", "評価")
# Every fixed label the PDF prints, so the font subset covers them.
_FIXED_TEXT = "".join(
    (
        *SECTIONS,
        *KPI_HEAD,
        *(label for _, label in REVIEW_FIELDS),
        "効果検証報告書（年度 / 令和平成元）計画期間〜作成日月　",
        "意味指標数合計評価不能基本目標数値施策事業単位千円・：【】−%ページ",
        "寄附の実績はありません。所見はありません。",
    )
)


# --- fonts ---------------------------------------------------------------------------------------


def find_font(configured: str = "") -> Path | None:
    """The Japanese font to embed: the configured one, a usual system path, or fc-list's."""
    for candidate in (configured, *FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return _fc_list_font()


def _fc_list_font() -> Path | None:
    """A Japanese font fontconfig knows of, preferring regular weights and sans serif."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [fc_list, ":lang=ja", "file"], capture_output=True, text=True, timeout=10, check=False
    )
    files = [line.split(":")[0].strip() for line in result.stdout.splitlines() if line.strip()]
    files.sort(key=lambda f: ("Bold" in f, "Serif" in f or "Mincho" in f, f))
    return next((Path(f) for f in files if Path(f).is_file()), None)


_FONT_LOCK = threading.Lock()  # fontTools' lazy tables are not safe to read from two threads


@lru_cache(maxsize=4)
def _source_font(path: str) -> tuple[TTFont, dict[int, str]]:
    """The font (first of a collection) and its cmap, kept: loading a CJK font costs ~0.2 s."""
    font = TTFont(path, fontNumber=0, lazy=True)
    return font, font.getBestCmap()


def _subset_ttf(path: Path, chars: Iterable[str]) -> bytes:
    """A TrueType font holding just `chars`, CFF outlines converted to quadratic curves."""
    with _FONT_LOCK:
        source, cmap = _source_font(str(path))
        names = {ord(c): cmap[ord(c)] for c in set(chars) if ord(c) in cmap}
        order = [".notdef", *sorted(set(names.values()) - {".notdef"})]
        glyph_set, hmtx = source.getGlyphSet(), source["hmtx"]
        glyphs = {}
        for name in order:
            pen = TTGlyphPen(None)
            glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction="CFF " in source))
            glyphs[name] = pen.glyph()
        builder = FontBuilder(source["head"].unitsPerEm, isTTF=True)
        builder.setupGlyphOrder(order)
        builder.setupCharacterMap(names)
        builder.setupGlyf(glyphs)
        glyf = builder.font["glyf"]
        builder.setupHorizontalMetrics(
            {n: (hmtx[n][0], getattr(glyf[n], "xMin", 0)) for n in order}
        )
        hhea, os2 = source["hhea"], source["OS/2"]
        builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
        builder.setupNameTable({"familyName": "SouseiJP", "styleName": "Regular"})
        metrics = ("sTypoAscender", "sTypoDescender", "usWinAscent", "usWinDescent")
        builder.setupOS2(**{name: getattr(os2, name) for name in metrics})
        builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _charset(report: dict[str, Any]) -> set[str]:
    """Every character the PDF can print: the report's text, the labels, ASCII."""
    return set(json.dumps(report, ensure_ascii=False, default=str) + string.printable + _FIXED_TEXT)


# --- formatting ----------------------------------------------------------------------------------


def number(value: float | int | Decimal | str | None) -> str:
    """1234.0 → "1,234", 87.5 → "87.5", None → "−": thousands separators, no spurious ".0"."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, float):
        value = round(value, 6)
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _rate(value: float | None) -> str:
    return MISSING if value is None else f"{number(round(value, 1))}%"


def _at(year: int | None, value: float | None) -> str:
    return f"{number(value)}（{year}）" if year else number(value)


def _day(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso)
    return f"{moment.year}年{moment.month}月{moment.day}日"


def _review_text(review: dict[str, str], key: str) -> str:
    return review.get(key) or (review.get("next_step", "") if key == "next_step_label" else "")


# --- PDF -----------------------------------------------------------------------------------------


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(size=8)
        self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="C")


def report_pdf(report: dict[str, Any], *, font: Path) -> bytes:
    """The report as an A4 landscape PDF, the Japanese font embedded as a subset."""
    pdf = _Pdf(orientation="L", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=14)
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "report.ttf"
        subset.write_bytes(_subset_ttf(font, _charset(report)))
        pdf.add_font("jp", "", subset)
        pdf.set_font("jp", size=9)
        pdf.add_page()
        _title(pdf, report)
        _grades(pdf, report)
        _goals(pdf, report)
        _donations(pdf, report)
        _findings(pdf, report)
        return bytes(pdf.output())


def _text(pdf: FPDF, text: str, size: float = 9, height: float = 5, indent: float = 0) -> None:
    """A wrapped paragraph; CHAR wrapping since Japanese has no spaces to break at."""
    pdf.set_font(size=size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, height, text, align="L", wrapmode="CHAR", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str, size: float = 12) -> None:
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(3)
    _text(pdf, text, size=size, height=size * 0.6)
    pdf.ln(1)


def _row(
    pdf: FPDF, widths: list[float], cells: list[str], aligns: str, *, head: bool = False
) -> None:
    """One table row, as tall as its longest wrapped cell; `aligns` is one L/C/R per column."""
    height = 4.5
    lines = [
        len(pdf.multi_cell(w, height, c, wrapmode="CHAR", dry_run=True, output="LINES"))
        for w, c in zip(widths, cells, strict=True)
    ]
    row_height = max(lines) * height
    if pdf.will_page_break(row_height):
        pdf.add_page()
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_fill_color(230, 230, 230)
    for w, text, align in zip(widths, cells, aligns, strict=True):
        pdf.rect(x, y, w, row_height, style="DF" if head else "D")
        pdf.set_xy(x, y)
        pdf.multi_cell(w, height, text, align="L" if head else align, wrapmode="CHAR")
        x += w
    pdf.set_xy(pdf.l_margin, y + row_height)


def _table(
    pdf: FPDF,
    widths: list[float],
    aligns: str,
    head: list[str],
    rows: list[list[str]],
    notes: list[list[str]] | None = None,
) -> None:
    """A table whose header is repeated on every page; `notes` are paragraphs below a row."""
    pdf.set_font(size=8)
    _row(pdf, widths, head, aligns, head=True)
    for i, cells in enumerate(rows):
        if pdf.will_page_break(4.5 * 2):
            pdf.add_page()
            _row(pdf, widths, head, aligns, head=True)
        _row(pdf, widths, cells, aligns)
        for note in notes[i] if notes else ():
            _text(pdf, note, size=8, height=4.2, indent=4)
        pdf.set_font(size=8)
    pdf.ln(2)


def _title(pdf: FPDF, report: dict[str, Any]) -> None:
    s, fy = report["strategy"], report["fiscal_year"]
    _text(pdf, f"{s['name']} 効果検証報告書（{fy}年度 / {fiscal_year_wareki(fy)}年度）", 16, 9)
    period = f"{s['start_year']}年度〜{s['end_year']}年度"
    _text(pdf, f"{s['organisation']}　計画期間：{period}　作成日：{_day(report['generated_at'])}")


def _grades(pdf: FPDF, report: dict[str, Any]) -> None:
    _heading(pdf, SECTIONS[0])
    counts = report["grade_counts"]
    meanings = {g["symbol"]: g["ja"] for g in report["grading"]["grades"]}
    rows = [[s, meanings.get(s, "評価不能"), number(n)] for s, n in counts.items()]
    rows.append(["合計", "", number(report["kpi_count"])])
    _table(pdf, [20, 80, 25], "CLR", ["評価", "意味", "指標数"], rows)


def _goals(pdf: FPDF, report: dict[str, Any]) -> None:
    _heading(pdf, SECTIONS[1])
    years = report["years"]
    fixed = [12, 9, 24, 24, *([16] * len(years)), 16, 10]
    widths, aligns = [pdf.epw - sum(fixed), *fixed], "LCCRR" + "R" * len(years) + "RC"
    head = [*KPI_HEAD[:5], *(f"{y}年度" for y in years), *KPI_HEAD[5:]]
    for goal in report["goals"]:
        pillar = f"（{goal['pillar']}）" if goal["pillar"] else ""
        _heading(pdf, f"基本目標{goal['number']}　{goal['name']}{pillar}", size=11)
        groups = [("数値目標", goal["targets"])]
        groups += [(f"施策：{m['name']}", m["kpis"]) for m in goal["measures"]]
        for label, kpis in groups:
            if kpis:
                _text(pdf, label, size=10, height=6)
                rows = [_kpi_cells(kpi, years) for kpi in kpis]
                _table(pdf, widths, aligns, head, rows, [_review_notes(k) for k in kpis])


def _kpi_cells(kpi: dict[str, Any], years: list[int]) -> list[str]:
    actuals = kpi["actuals"]
    return [
        kpi["name"],
        kpi["unit"] or MISSING,
        kpi["direction"],
        _at(kpi["baseline_year"], kpi["baseline_value"]),
        _at(kpi["target_year"], kpi["target_value"]),
        *(number(actuals.get(str(y))) for y in years),
        _rate(kpi["achievement_rate"]),
        kpi["grade"] or MISSING,
    ]


def _review_notes(kpi: dict[str, Any]) -> list[str]:
    review = kpi.get("review") or {}
    texts = ((label, _review_text(review, key)) for key, label in REVIEW_FIELDS)
    return [f"【{label}】{text}" for label, text in texts if text]


def _donations(pdf: FPDF, report: dict[str, Any]) -> None:
    _heading(pdf, SECTIONS[2])
    donations = report["donations"]
    if not donations["rows"] and not donations["by_project"]:
        _text(pdf, "寄附の実績はありません。")
        return
    years = [str(y) for y in donations["years"]]
    rows = [
        [p["project"], *(number(p["by_year"].get(y)) for y in years), number(p["total"])]
        for p in donations["by_project"]
    ]
    by_year = donations["by_year"]
    rows.append(["合計", *(number(by_year.get(y)) for y in years), number(donations["total"])])
    widths = [100, *([25] * len(years)), 30]
    _text(pdf, "（単位：千円）", size=8)
    aligns = "L" + "R" * (len(years) + 1)
    _table(pdf, widths, aligns, ["事業", *(f"{y}年度" for y in years), "合計"], rows)


def _findings(pdf: FPDF, report: dict[str, Any]) -> None:
    _heading(pdf, SECTIONS[3])
    if not report["findings"]:
        _text(pdf, "所見はありません。")
    for finding in report["findings"]:
        _text(pdf, f"・{finding['ja']}", indent=2)


# --- XLSX ----------------------------------------------------------------------------------------

INDICATOR_HEAD = (
    "基本目標", "区分", "施策", "指標名", "単位", "方向", "集計",
    "基準年度", "基準値", "目標年度", "目標値",
)  # fmt: skip
INDICATOR_TAIL = ("達成率（%）", "評価", "要因分析", "課題", "今後の方向性", "有識者会議の意見")


def report_xlsx(report: dict[str, Any]) -> bytes:
    """The report as a workbook: summary, one row per indicator, donations and findings."""
    book = Workbook()
    _summary_sheet(book.active, report)
    _indicator_sheet(book.create_sheet("指標"), report)
    _donation_sheet(book.create_sheet("寄附"), report)
    _findings_sheet(book.create_sheet("人口の動向"), report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _amount(value: str | None) -> int | float | None:
    """ "105000" (千円, a decimal string) → 105000, a number Excel can sum."""
    if value in (None, ""):
        return None
    amount = Decimal(value)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _append(ws: Worksheet, values: Iterable[Any], *, bold: bool = False) -> None:
    """Append a row; text stays text even when it starts with = + - @ (no formula injection)."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)


def _layout(ws: Worksheet, widths: Iterable[float], *, freeze: bool = True) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if freeze:
        ws.freeze_panes = "A2"


def _summary_sheet(ws: Worksheet, report: dict[str, Any]) -> None:
    ws.title = "概要"
    s, fy = report["strategy"], report["fiscal_year"]
    _append(ws, ["項目", "内容", ""], bold=True)
    _append(ws, ["戦略", s["name"]])
    _append(ws, ["団体", s["organisation"]])
    _append(ws, ["計画期間", f"{s['start_year']}年度〜{s['end_year']}年度"])
    _append(ws, ["対象年度", fy, f"{fiscal_year_wareki(fy)}年度"])
    _append(ws, ["作成日時", report["generated_at"]])
    _append(ws, [])
    _append(ws, ["評価", "意味", "指標数"], bold=True)
    meanings = {g["symbol"]: g["ja"] for g in report["grading"]["grades"]}
    for symbol, count in report["grade_counts"].items():
        _append(ws, [symbol, meanings.get(symbol, "評価不能"), count])
    _append(ws, ["合計", "", report["kpi_count"]], bold=True)
    _layout(ws, [14, 50, 12])


def _indicator_rows(report: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for goal in report["goals"]:
        label = f"{goal['number']}. {goal['name']}"
        for kpi in goal["targets"]:
            yield label, "", kpi
        for measure in goal["measures"]:
            for kpi in measure["kpis"]:
                yield label, measure["name"], kpi


def _indicator_sheet(ws: Worksheet, report: dict[str, Any]) -> None:
    years = report["years"]
    year_head = [f"{y}年度実績" for y in years]
    _append(ws, [*INDICATOR_HEAD, *year_head, *INDICATOR_TAIL, "担当課", "事業"], bold=True)
    for goal, measure, kpi in _indicator_rows(report):
        rate = kpi["achievement_rate"]
        review = kpi.get("review") or {}
        _append(
            ws,
            [
                goal, kpi["kind"], measure, kpi["name"], kpi["unit"], kpi["direction"],
                kpi["aggregation"], kpi["baseline_year"], kpi["baseline_value"],
                kpi["target_year"], kpi["target_value"],
                *(kpi["actuals"].get(str(y)) for y in years),
                None if rate is None else round(rate, 1), kpi["grade"],
                *(_review_text(review, key) for key, _ in REVIEW_FIELDS),
                kpi["department"], "、".join(kpi["projects"]),
            ],
        )  # fmt: skip
    texts = [30, 10, 30, 40, 8, 6, 8, 10, 10, 10, 10, *([12] * len(years)), 12, 6]
    _layout(ws, [*texts, 50, 50, 14, 50, 16, 30])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))


def _donation_sheet(ws: Worksheet, report: dict[str, Any]) -> None:
    donations = report["donations"]
    years = [str(y) for y in donations["years"]]
    _append(ws, ["事業", *(f"{y}年度（千円）" for y in years), "合計（千円）"], bold=True)
    for p in donations["by_project"]:
        cells = [_amount(p["by_year"].get(y)) for y in years]
        _append(ws, [p["project"], *cells, _amount(p["total"])])
    by_year = [_amount(donations["by_year"].get(y)) for y in years]
    _append(ws, ["合計", *by_year, _amount(donations["total"])], bold=True)
    _append(ws, [])
    _append(ws, ["年度", "事業", "寄附者", "金額（千円）"], bold=True)
    for row in donations["rows"]:
        _append(ws, [row["fiscal_year"], row["project"], row["donor"], _amount(row["amount"])])
    _layout(ws, [40, 40, 30, *([16] * max(len(years) - 1, 1))])


def _findings_sheet(ws: Worksheet, report: dict[str, Any]) -> None:
    _append(ws, ["区分", "所見", "Finding"], bold=True)
    for finding in report["findings"]:
        _append(ws, [finding.get("kind", ""), finding["ja"], finding.get("en", "")])
    _layout(ws, [12, 80, 80])
