"""The 地方版総合戦略 as an Excel workbook: read into a `Plan`, write a `Plan` or a blank template.

Municipalities keep their strategy in Excel, so the workbook is the import/export format. Sheets
and headers are found by name (trimmed, NFKC-folded), never by position, so a reordered or
full-width header still reads. Every problem in a file is collected before one `InvalidInput` is
raised, so a person fixes them all in one pass; each names sheet, Excel row and column.

Writing is lossless: `read_workbook(write_workbook(plan))` equals `plan` apart from `row`. Text
cells are always typed as strings, so text starting with = + - @ is stored as literal text rather
than a formula (no apostrophe is added, which would change the value).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sousei.errors import InvalidInput
from sousei.ingest.excel import check_zip
from sousei.ingest.limits import Limits
from sousei.ingest.numbers import normalize, parse_number
from sousei.ingest.report import IngestError
from sousei.ingest.wareki import parse_fiscal_year, parse_wareki_year
from sousei.strategy.evaluation import GRADE_SCALES
from sousei.strategy.links import parse_link
from sousei.strategy.plan import (
    Aggregation,
    Direction,
    DonationRow,
    Funding,
    GoalRow,
    IndicatorKind,
    IndicatorRow,
    Pillar,
    Plan,
    ProjectRow,
)

STRATEGY, GOALS, INDICATORS, PROJECTS, DONATIONS, GUIDE = (
    "戦略", "基本目標", "指標", "事業", "寄附", "記入方法",
)  # fmt: skip
STRATEGY_KEYS = ("名称", "開始年度", "終了年度", "地域ビジョン", "評価方式", "基礎条件")
GOAL_COLUMNS = ("基本目標", "国の基本目標", "基本的方向")
INDICATOR_COLUMNS = (
    "基本目標", "区分", "施策", "指標名", "単位", "方向", "集計", "基準年度", "基準値",
    "目標年度", "目標値", "担当課", "事業", "出典", "データ連携",
)  # fmt: skip
PROJECT_COLUMNS = ("事業名", "担当課", "財源")
DONATION_COLUMNS = ("年度", "事業名", "寄附者", "金額（千円）")
_INDICATOR_OPTIONAL = frozenset({"出典", "データ連携"})
_BLANKS = frozenset({"", "-", "―", "…", "...", "‐", "−"})  # after NFKC: － is -
_LIST_SPLIT = re.compile(r"[、;；，\n]")
_YEAR_HEADER = re.compile(r"(?P<year>.+?)(?P<kind>実績|目標)")
_BUDGET_HEADER = re.compile(r"(?P<year>.+?)(?P<kind>予算)(?:\(千円\))?")
_TEMPLATE_ROWS = 500  # rows covered by the template's drop-downs


def _key(text: str) -> str:
    """How names are compared: NFKC, no spaces, lower case ("金額（千円） " → "金額(千円)")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class _Choice:
    """A closed vocabulary: accepted spellings → value, and the spellings shown in errors."""

    aliases: dict[str, Any]
    shown: tuple[str, ...]

    @classmethod
    def of(cls, spellings: dict[Any, tuple[str, ...]]) -> _Choice:
        aliases = {
            _key(s): value for value, names in spellings.items() for s in (str(value), *names)
        }
        return cls(aliases, tuple(names[0] for names in spellings.values()))

    def label(self, value: Any) -> str:
        return next(s for s, v in zip(self.shown, self.values(), strict=True) if v == value)

    def values(self) -> list[Any]:
        return [self.aliases[_key(s)] for s in self.shown]


DIRECTIONS = _Choice.of(
    {
        Direction.UP: ("↑", "上昇", "増加", "up"),
        Direction.DOWN: ("↓", "減少", "低下", "down"),
        Direction.KEEP: ("→", "維持", "keep"),
    }
)
KINDS = _Choice.of({k: (k.label,) for k in IndicatorKind})
AGGREGATIONS = _Choice.of({a: (a.label,) for a in Aggregation})
FUNDINGS = _Choice.of({f: (f.label,) for f in Funding})
PILLARS = _Choice.of(
    {
        Pillar.WORK: ("仕事", "地方に仕事をつくる"),
        Pillar.FLOW: ("人の流れ", "人の流れをつくる"),
        Pillar.FAMILY: ("結婚・出産・子育て", "結婚・出産・子育ての希望をかなえる"),
        Pillar.COMMUNITY: ("魅力的な地域", "魅力的な地域をつくる"),
    }
)
GRADINGS = _Choice.of({scale.id: (scale.label,) for scale in GRADE_SCALES.values()})


# --- reading: problems and cells -------------------------------------------------------------


@dataclass
class _Problems:
    """Every problem found, so one error lists them all."""

    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, sheet: str, row: int, column: str, ja: str, en: str) -> None:
        self.items.append(
            {"sheet": sheet, "row": row, "column": column, "problem_ja": ja, "problem_en": en}
        )

    def raise_if_any(self) -> None:
        if not self.items:
            return
        ja = "; ".join(_where_ja(p) + p["problem_ja"] for p in self.items[:5])
        en = "; ".join(_where_en(p) + p["problem_en"] for p in self.items[:5])
        extra = len(self.items) - 5
        if extra > 0:
            ja, en = f"{ja} ほか{extra}件", f"{en}; and {extra} more"
        raise InvalidInput(ja, en, code="invalid_workbook", details=self.items)


def _where_ja(p: dict[str, Any]) -> str:
    row = f" {p['row']}行目" if p["row"] else ""
    column = f"「{p['column']}」" + ("" if p["sheet"] == STRATEGY else "列") if p["column"] else ""
    return f"「{p['sheet']}」シート{row}{column}: "


def _where_en(p: dict[str, Any]) -> str:
    row = f", row {p['row']}" if p["row"] else ""
    column = f", column {p['column']}" if p["column"] else ""
    return f"Sheet {p['sheet']}{row}{column}: "


def _text(value: Any) -> str:
    """A cell as text: trimmed; 12.0 → "12" so numeric-looking names stay as typed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip(" \t\r\n\u3000\u00a0")


def _number(value: Any) -> int | float | None:
    """A numeric cell or text like "1,234", "１２３", "△5", "12.5%"; None for blank or "-"."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return value
    folded = normalize(_text(value))
    if folded in _BLANKS:
        return None
    number = parse_number(folded)
    if number is None:
        raise ValueError(value)
    return number


def _fiscal_year(value: Any) -> int | None:
    """2023, "2023年度", "令和5年度", "R5", "令和元年度", "H30" → the fiscal year's first year."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        year = int(value) if float(value).is_integer() else None
    else:
        text = _key(_text(value))
        if not text:
            return None
        year = int(text) if re.fullmatch(r"\d{4}", text) else None
        year = year or parse_fiscal_year(text) or parse_wareki_year(text)
    if year is None or not 1900 <= year <= 2999:
        raise ValueError(value)
    return year


def _decimal(number: int | float) -> Decimal:
    return Decimal(number) if isinstance(number, int) else Decimal(repr(number))


def _split(text: str) -> list[str]:
    return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]


@dataclass
class _Row:
    """One record (a table row, or the whole 戦略 sheet) with typed getters that log problems."""

    sheet: str
    at: int  # the Excel row number
    cells: dict[str, Any]
    problems: _Problems
    lines: dict[str, int] = field(default_factory=dict)  # 戦略: the row of each key

    def fail(self, column: str, ja: str, en: str) -> None:
        self.problems.add(self.sheet, self.lines.get(column, self.at), column, ja, en)

    def text(self, column: str, *, required: bool = False) -> str:
        value = _text(self.cells.get(column))
        if required and not value:
            self.fail(column, f"「{column}」が空です", f"{column} is empty")
        return value

    def _parsed(self, column: str) -> int | float | None:
        raw = self.cells.get(column)
        try:
            return _number(raw)
        except ValueError:
            text = _text(raw)
            self.fail(column, f"「{text}」は数値ではありません", f'"{text}" is not a number')
            return None

    def number(self, column: str) -> float | None:
        number = self._parsed(column)
        return None if number is None else float(number)

    def amount(self, column: str) -> Decimal | None:
        """千円 amounts as Decimal, without passing through float when the cell is an integer."""
        number = self._parsed(column)
        return None if number is None else _decimal(number)

    def year(self, column: str, *, required: bool = False) -> int | None:
        raw = self.cells.get(column)
        try:
            year = _fiscal_year(raw)
        except ValueError:
            self.fail(
                column,
                f"「{_text(raw)}」は年度として読めません（例: 2023、令和5年度、R5）",
                f'"{_text(raw)}" is not a fiscal year (e.g. 2023, 令和5年度, R5)',
            )
            return None
        if year is None and required:
            self.fail(column, f"「{column}」が空です", f"{column} is empty")
        return year

    def data_link(self, column: str) -> str:
        """データ連携 as written, once it is known to be readable."""
        text = self.text(column)
        try:
            parse_link(text)
        except InvalidInput as exc:
            self.fail(column, exc.message_ja, exc.message_en)
        return text

    def choice(self, column: str, choice: _Choice, default: Any = None) -> Any:
        raw = self.text(column, required=default is None)
        if not raw:
            return default if default is not None else choice.values()[0]
        if _key(raw) in choice.aliases:
            return choice.aliases[_key(raw)]
        shown = choice.shown
        self.fail(
            column,
            f"「{raw}」は {' '.join(shown)} のいずれかで書いてください",
            f'"{raw}" must be {", ".join(shown[:-1])} or {shown[-1]}',
        )
        return default if default is not None else choice.values()[0]


def _year_column(title: str, pattern: re.Pattern[str]) -> tuple[str, int] | None:
    """("実績", 2023) for a header like "R5実績"; None when the header is not a year column."""
    match = pattern.fullmatch(_key(title))
    if not match:
        return None
    try:
        year = _fiscal_year(match["year"])
    except ValueError:
        return None
    return (match["kind"], year) if year else None


@dataclass
class _Table:
    rows: list[_Row] = field(default_factory=list)
    years: list[tuple[str, str, int]] = field(default_factory=list)  # header, kind, fiscal year


def _read_table(
    sheets: dict[str, Worksheet],
    name: str,
    columns: tuple[str, ...],
    required: frozenset[str],
    problems: _Problems,
    *,
    year_header: re.Pattern[str] | None = None,
    sheet_required: bool = False,
) -> _Table:
    """Rows of a sheet with header row 1, keyed by canonical column name or year header."""
    table = _Table()
    sheet = sheets.get(_key(name))
    if sheet is None:
        if sheet_required:
            problems.add(name, 0, "", "シートがありません", "the sheet is missing")
        return table
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, ())
    known = {_key(c): c for c in columns}
    mapping: dict[int, str] = {}
    for index, cell in enumerate(header):
        title = _text(cell)
        column = known.get(_key(title))
        year_column = _year_column(title, year_header) if year_header and not column else None
        if year_column:
            column = title
            table.years.append((title, *year_column))
        if column is None:
            continue
        if column in mapping.values():
            problems.add(name, 1, column, "同じ列が2つあります", "the column appears twice")
        mapping[index] = column
    seen = [(kind, year) for _, kind, year in table.years]
    if len(set(seen)) < len(seen):
        problems.add(name, 1, "", "同じ年度の列が2つあります", "a year column appears twice")
    for column in columns:
        if column in required and column not in mapping.values():
            problems.add(name, 1, column, "必須の列がありません", "required column is missing")
    for number, values in enumerate(lines, start=2):
        if all(_text(v) == "" for v in values):
            continue
        cells = {col: values[i] for i, col in mapping.items() if i < len(values)}
        table.rows.append(_Row(name, number, cells, problems))
    return table


# --- reading: sheets -------------------------------------------------------------------------


def _open(data: bytes) -> Any:
    """Load the workbook; any failure is the user's file, so a plain message, not a traceback.
    A zip bomb is refused by its index before anything is inflated, as for any upload."""
    try:
        check_zip(data, Limits())
    except IngestError as exc:
        raise InvalidInput(exc.message_ja, exc.message_en, code="invalid_workbook") from None
    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors alike mean "not a readable .xlsx"
        raise InvalidInput(
            "Excelファイル（.xlsx）として読めません。ファイルが壊れていないか確認してください",
            "The file cannot be read as an Excel workbook (.xlsx); it may be damaged",
            code="invalid_workbook",
        ) from None


def _read_strategy(sheets: dict[str, Worksheet], problems: _Problems) -> Plan:
    sheet = sheets.get(_key(STRATEGY))
    if sheet is None:
        problems.add(STRATEGY, 0, "", "シートがありません", "the sheet is missing")
        return Plan(name="", start_year=0, end_year=0)
    known = {_key(k): k for k in STRATEGY_KEYS}
    cells: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for number, values in enumerate(sheet.iter_rows(max_col=2, values_only=True), start=1):
        key = known.get(_key(_text(values[0]))) if values else None
        if key:
            cells[key], lines[key] = (values[1] if len(values) > 1 else None), number
    row = _Row(STRATEGY, 0, cells, problems, lines)
    start = row.year("開始年度", required=True) or 0
    end = row.year("終了年度", required=True) or 0
    if start and end and start > end:
        row.fail("終了年度", "開始年度より前です", "is before 開始年度")
    return Plan(
        name=row.text("名称", required=True),
        start_year=start,
        end_year=end,
        vision=row.text("地域ビジョン"),
        grading=row.choice("評価方式", GRADINGS, default="abcd"),
        foundations=_split(row.text("基礎条件")),
    )


def _read_goal(row: _Row) -> GoalRow:
    pillar = row.choice("国の基本目標", PILLARS) if row.text("国の基本目標") else None
    return GoalRow(row.text("基本目標", required=True), pillar, row.text("基本的方向"), row.at)


def _read_indicator(row: _Row, years: list[tuple[str, str, int]]) -> IndicatorRow:
    measure = row.text("施策")
    kind = row.choice("区分", KINDS, IndicatorKind.KPI if measure else IndicatorKind.GOAL_TARGET)
    if kind is IndicatorKind.KPI and not measure:
        row.fail("施策", "KPIには「施策」が必要です", "a KPI needs a 施策 (measure)")
    indicator = IndicatorRow(
        goal=row.text("基本目標", required=True),
        kind=kind,
        measure=measure,
        name=row.text("指標名", required=True),
        unit=row.text("単位"),
        direction=row.choice("方向", DIRECTIONS),
        aggregation=row.choice("集計", AGGREGATIONS, Aggregation.SINGLE_YEAR),
        baseline_year=row.year("基準年度"),
        baseline_value=row.number("基準値"),
        target_year=row.year("目標年度"),
        target_value=row.number("目標値"),
        department=row.text("担当課"),
        projects=_split(row.text("事業")),
        source=row.text("出典"),
        data_link=row.data_link("データ連携"),
        row=row.at,
    )
    for header, kind_label, year in years:
        value = row.number(header)
        if value is not None:
            target = indicator.actuals if kind_label == "実績" else indicator.interim_targets
            target[year] = value
    return indicator


def _read_project(row: _Row, years: list[tuple[str, str, int]]) -> ProjectRow:
    project = ProjectRow(
        name=row.text("事業名", required=True),
        department=row.text("担当課"),
        funding=row.choice("財源", FUNDINGS, Funding.GENERAL),
        row=row.at,
    )
    for header, _, year in years:
        budget = row.amount(header)
        if budget is not None:
            project.budgets[year] = budget
    return project


def _read_donation(row: _Row) -> DonationRow:
    amount = row.amount("金額（千円）")
    if amount is None:
        row.fail("金額（千円）", "「金額（千円）」が空です", "金額（千円） is empty")
    elif amount <= 0:
        row.fail("金額（千円）", "金額は0より大きくしてください", "the amount must be more than 0")
    return DonationRow(
        fiscal_year=row.year("年度", required=True) or 0,
        project=row.text("事業名", required=True),
        donor=row.text("寄附者", required=True),
        amount=amount or Decimal(0),
        row=row.at,
    )


def _no_duplicates(rows: list[Any], sheet: str, column: str, problems: _Problems) -> None:
    seen: set[str] = set()
    for item in rows:
        if item.name in seen:
            problems.add(
                sheet, item.row, column, f"「{item.name}」が重複しています", "duplicate name"
            )
        seen.add(item.name)


def read_workbook(data: bytes) -> Plan:
    """Parse an .xlsx into a Plan; raise InvalidInput listing every problem found."""
    book = _open(data)
    sheets = {_key(ws.title): ws for ws in book.worksheets}
    problems = _Problems()
    plan = _read_strategy(sheets, problems)
    goals = _read_table(sheets, GOALS, GOAL_COLUMNS, frozenset({"基本目標"}), problems)
    required = frozenset(INDICATOR_COLUMNS) - _INDICATOR_OPTIONAL
    indicators = _read_table(
        sheets, INDICATORS, INDICATOR_COLUMNS, required, problems,
        year_header=_YEAR_HEADER, sheet_required=True,
    )  # fmt: skip
    projects = _read_table(
        sheets, PROJECTS, PROJECT_COLUMNS, frozenset({"事業名"}), problems,
        year_header=_BUDGET_HEADER,
    )  # fmt: skip
    donations = _read_table(
        sheets, DONATIONS, DONATION_COLUMNS, frozenset(DONATION_COLUMNS), problems
    )
    plan.goals = [_read_goal(r) for r in goals.rows]
    plan.indicators = [_read_indicator(r, indicators.years) for r in indicators.rows]
    plan.projects = [_read_project(r, projects.years) for r in projects.rows]
    plan.donations = [_read_donation(r) for r in donations.rows]
    _no_duplicates(plan.goals, GOALS, "基本目標", problems)
    _no_duplicates(plan.projects, PROJECTS, "事業名", problems)
    problems.raise_if_any()
    _add_referenced(plan)
    return plan


def _add_referenced(plan: Plan) -> None:
    """Goals and projects named elsewhere but not listed get a bare row, in order of mention."""
    goals = {g.name for g in plan.goals}
    for indicator in plan.indicators:
        if indicator.goal not in goals:
            goals.add(indicator.goal)
            plan.goals.append(GoalRow(indicator.goal))
    projects = {p.name for p in plan.projects}
    mentioned = [n for i in plan.indicators for n in i.projects] + [
        d.project for d in plan.donations
    ]
    for name in mentioned:
        if name not in projects:
            projects.add(name)
            plan.projects.append(ProjectRow(name))


# --- writing -----------------------------------------------------------------------------------


def _cell_value(value: Any) -> Any:
    """Numbers as numbers (12.0 → 12, Decimal → int/float), everything else as given."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one cell; text is forced to a string type so "=..." is never stored as a formula."""
    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if isinstance(value, str):
        cell.data_type = "s"
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _width(value: Any) -> int:
    lines = str(value).split("\n") if value is not None else [""]
    return max(sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in s) for s in lines)


def _add_sheet(book: Workbook, title: str, headers: list[str], rows: list[list[Any]]) -> Worksheet:
    """A table sheet: bold header, frozen below it, columns as wide as their content (capped)."""
    sheet = book.create_sheet(title)
    for r, values in enumerate([headers, *rows], start=1):
        for c, value in enumerate(values, start=1):
            _put(sheet, r, c, value)
    for c, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=c).font = Font(bold=True)
        widest = max([_width(header), *(_width(r[c - 1]) for r in rows[:200])])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(widest + 2, 12), 60)
    sheet.freeze_panes = "A2"
    return sheet


def _join(items: list[str]) -> str:
    """Items joined by 、 (an item that itself holds 、 ; ， or a newline cannot round-trip)."""
    return "、".join(items)


def _strategy_rows(plan: Plan) -> list[list[Any]]:
    grading = GRADINGS.label(plan.grading) if plan.grading in GRADINGS.values() else plan.grading
    values = (
        plan.name,
        plan.start_year,
        plan.end_year,
        plan.vision,
        grading,
        _join(plan.foundations),
    )
    return [[key, value] for key, value in zip(STRATEGY_KEYS, values, strict=True)]


def _indicator_row(i: IndicatorRow, actual_years: list[int], target_years: list[int]) -> list[Any]:
    return [
        i.goal, i.kind.label, i.measure, i.name, i.unit, i.direction.arrow, i.aggregation.label,
        i.baseline_year, i.baseline_value, i.target_year, i.target_value, i.department,
        _join(i.projects), i.source, i.data_link,
        *(i.actuals.get(y) for y in actual_years),
        *(i.interim_targets.get(y) for y in target_years),
    ]  # fmt: skip


def _build(
    plan: Plan, actual_years: list[int], target_years: list[int], budget_years: list[int]
) -> Workbook:
    """The five sheets of a plan, with the given year columns."""
    book = Workbook()
    book.remove(book.active)
    _add_sheet(book, STRATEGY, ["項目", "内容"], _strategy_rows(plan))
    book[STRATEGY].column_dimensions["B"].width = 60  # the vision is a paragraph
    goals = [[g.name, g.pillar.label if g.pillar else "", g.directions] for g in plan.goals]
    _add_sheet(book, GOALS, list(GOAL_COLUMNS), goals)
    headers = [
        *INDICATOR_COLUMNS,
        *(f"{y}年度実績" for y in actual_years),
        *(f"{y}年度目標" for y in target_years),
    ]
    rows = [_indicator_row(i, actual_years, target_years) for i in plan.indicators]
    _add_sheet(book, INDICATORS, headers, rows)
    projects = [
        [p.name, p.department, p.funding.label, *(p.budgets.get(y) for y in budget_years)]
        for p in plan.projects
    ]
    budget_headers = [f"{y}年度予算（千円）" for y in budget_years]
    _add_sheet(book, PROJECTS, [*PROJECT_COLUMNS, *budget_headers], projects)
    donations = [[d.fiscal_year, d.project, d.donor, d.amount] for d in plan.donations]
    _add_sheet(book, DONATIONS, list(DONATION_COLUMNS), donations)
    return book


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(plan: Plan) -> bytes:
    """The plan as .xlsx bytes in the layout read_workbook reads (a lossless round trip)."""
    actual_years = sorted({y for i in plan.indicators for y in i.actuals})
    target_years = sorted({y for i in plan.indicators for y in i.interim_targets})
    budget_years = sorted({y for p in plan.projects for y in p.budgets})
    return _save(_build(plan, actual_years, target_years, budget_years))


# --- template ----------------------------------------------------------------------------------

# 記入方法: sheet | column | how to fill it in (Japanese) | the same in English.
GUIDE_TEXT = """\
戦略|名称|戦略の名称（必須）|Name of the strategy (required)
戦略|開始年度・終了年度|計画期間。2023、令和5年度、R5 など|Plan period: 2023, 令和5年度, R5
戦略|地域ビジョン|目指す将来像（改行可）|Regional vision (line breaks allowed)
戦略|評価方式|A/B/C/D、◎○△×、S/A/B/C、①②③（空欄は A/B/C/D）|Grading scale
戦略|基礎条件|デジタル実装の基礎条件を「、」か改行で区切る|Digital foundations, one per line
基本目標|基本目標|基本目標の名称（必須）|Basic goal (required)
基本目標|国の基本目標|仕事、人の流れ、結婚・出産・子育て、魅力的な地域|National pillar
基本目標|基本的方向|施策の基本的方向|Basic directions of the goal
指標|基本目標|指標が属する基本目標（必須）|Basic goal of the indicator (required)
指標|区分|数値目標 または KPI（空欄: 施策があれば KPI）|Goal target or KPI
指標|施策|KPI が属する具体的な施策（KPI は必須）|Measure (required for a KPI)
指標|指標名|指標の名称（必須）|Indicator name (required)
指標|単位|人、%、件 など|Unit
指標|方向|↑ 増やす、↓ 減らす、→ 維持|Direction: up, down or keep
指標|集計|単年、累計、平均、最新（空欄は単年）|How yearly actuals add up
指標|基準年度・基準値|基準となる年度と値|Baseline fiscal year and value
指標|目標年度・目標値|目標とする年度と値|Target fiscal year and value
指標|担当課|担当する課|Responsible department
指標|事業|関連する事業名（「、」区切り）|Related projects, separated by 、
指標|出典・データ連携|データの出典と連携先（任意）|Data source and link (optional)
指標|YYYY年度実績|その年度の実績値。未把握は空欄か「-」|Actual value of the fiscal year
指標|YYYY年度目標|その年度の中間目標（列は追加可）|Interim target (add columns as needed)
事業|事業名・担当課|事業の名称と担当課|Project name and department
事業|財源|一般財源、交付金、企業版ふるさと納税|Funding source
事業|YYYY年度予算（千円）|その年度の予算額（千円）|Budget of the fiscal year in ¥1,000
寄附|年度・事業名・寄附者|企業版ふるさと納税の寄附|Corporate furusato nozei donation
寄附|金額（千円）|寄附額（千円、0 より大きい）|Amount in ¥1,000 (more than 0)
"""


def _drop_down(sheet: Worksheet, header: str, choice: _Choice) -> None:
    """A list validation on a column below its header, so people pick a valid spelling."""
    titles = [c.value for c in sheet[1]]
    letter = get_column_letter(titles.index(header) + 1)
    validation = DataValidation(
        type="list", formula1=f'"{",".join(choice.shown)}"', allow_blank=True
    )
    validation.error = f"{' '.join(choice.shown)} から選んでください / choose one of the list"
    validation.showErrorMessage = True
    validation.add(f"{letter}2:{letter}{_TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def write_template(start_year: int, end_year: int) -> bytes:
    """An empty workbook for the plan period, with drop-downs and a 記入方法 sheet."""
    years = list(range(start_year, end_year + 1))
    book = _build(Plan(name="", start_year=start_year, end_year=end_year), years, [], years)
    _drop_down(book[GOALS], "国の基本目標", PILLARS)
    for header, choice in (("区分", KINDS), ("方向", DIRECTIONS), ("集計", AGGREGATIONS)):
        _drop_down(book[INDICATORS], header, choice)
    _drop_down(book[PROJECTS], "財源", FUNDINGS)
    _add_sheet(
        book,
        GUIDE,
        ["シート", "列", "説明", "Description"],
        [line.split("|") for line in GUIDE_TEXT.splitlines()],
    )
    return _save(book)
