"""Pages of the 総合戦略: the strategy as a tree, each KPI with its chart, the 効果検証 report,
and the staff forms (import, yearly actuals and verification, publication, history)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sousei.errors import InvalidInput, NotFound
from sousei.jobs.services import job_enqueue
from sousei.orgs.selectors import organisations_editable_by
from sousei.orgs.services import require, user_can
from sousei.participation.models import Target
from sousei.strategy import selectors, services
from sousei.strategy.evaluation import GRADE_SCALES, NO_GRADE
from sousei.strategy.files import CONTENT_TYPES, published_file, report_file
from sousei.strategy.models import Report
from sousei.strategy.plan import Pillar
from sousei.strategy.report import report_data
from sousei.strategy.tasks import PUBLISH_REPORT
from sousei.strategy.workbook import read_workbook, write_template, write_workbook
from sousei.web import charts
from sousei.web.context import english
from sousei.web.forms import KpiEditForm, StrategyImportForm
from sousei.web.residents import comments_context
from sousei.web.stats import Chart, csv_response

XLSX = CONTENT_TYPES["xlsx"]
NEXT_STEPS = [
    ("expand", gettext_lazy("Expand")),
    ("improve", gettext_lazy("Improve and continue")),
    ("continue", gettext_lazy("Continue")),
    ("stop", gettext_lazy("Stop")),
    ("end", gettext_lazy("Completed")),
]
PILLARS = {
    Pillar.WORK: gettext_lazy("Jobs"),
    Pillar.FLOW: gettext_lazy("Flow of people"),
    Pillar.FAMILY: gettext_lazy("Marriage, childbirth and child-rearing"),
    Pillar.COMMUNITY: gettext_lazy("Attractive communities"),
}


def _can_edit(request: HttpRequest, strategy) -> bool:
    return user_can(request.user, strategy.organisation, "edit")


def _year(request: HttpRequest, strategy) -> int:
    text = request.GET.get("year", "")
    if not text:
        return selectors.default_year(strategy)
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise InvalidInput(
            f"年度「{text}」は正しくありません。", f"Invalid fiscal year {text!r}.", code="bad_year"
        )
    return int(text)


def _format(fmt: str) -> str:
    if fmt not in CONTENT_TYPES:
        raise NotFound("その形式はありません。", f"No {fmt!r} format.", code="format_not_found")
    return fmt


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def strategy_list(request: HttpRequest) -> HttpResponse:
    strategies = selectors.visible_strategies(request.user).order_by(
        "organisation__slug", "-start_year"
    )
    return render(request, "web/strategy_list.html", {"strategies": strategies})


def strategy_detail(request: HttpRequest, strategy_id: int) -> HttpResponse:
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    year = _year(request, strategy)
    kpis = selectors.kpi_views(strategy, year)
    scale = GRADE_SCALES[strategy.grading]
    counts = selectors.grade_summary(strategy, kpis)
    context = {
        "strategy": strategy,
        "year": year,
        "years": selectors.years_of(strategy),
        "tree": selectors.strategy_tree(strategy, kpis),
        "pillars": PILLARS,
        "grades": [
            (g.symbol, g.meaning_en if english() else g.meaning_ja, counts[g.symbol])
            for g in scale.grades
        ],
        "ungraded": counts[NO_GRADE],
        "kpi_count": len(kpis),
        "scale": scale,
        "donations": selectors.donation_summary(strategy),
        "reports": strategy.reports.all()[:20],
        "can_edit": _can_edit(request, strategy),
        "is_staff": user_can(request.user, strategy.organisation, "view"),
    }
    return render(request, "web/strategy.html", context)


def kpi_chart(strategy, view: selectors.KpiView) -> Chart:
    start = min([view.baseline_year or strategy.start_year, *view.actuals])
    end = max([view.target_year or strategy.end_year, *view.actuals])
    years = list(range(start, end + 1))
    path = view.path(range(start, end + 1))
    actual = [view.cumulative(y) if y in view.actuals else None for y in years]
    series = [
        charts.Series(_("Actual"), actual),
        charts.Series(_("Planned path"), [path.get(y) for y in years]),
    ]
    title = f"{view.name}（{view.unit}）" if view.unit else view.name
    latest = [(y, v) for y, v in zip(years, actual, strict=True) if v is not None]
    summary = _("Baseline %(base)s (%(by)s), target %(target)s (%(ty)s); latest %(actual)s.") % {
        "base": charts.number(view.baseline_value) if view.baseline_value is not None else "—",
        "by": view.baseline_year or "—",
        "target": charts.number(view.target_value) if view.target_value is not None else "—",
        "ty": view.target_year or "—",
        "actual": f"{charts.number(latest[-1][1])} ({latest[-1][0]})" if latest else "—",
    }
    svg = charts.line_chart(title, years, series, unit=view.unit, summary=summary)
    return Chart(
        id="chart-kpi",
        title=title,
        svg=mark_safe(svg),  # noqa: S308 - charts escape every text they draw
        summary=summary,
        table_headers=[_("Fiscal year"), _("Actual"), _("Planned path")],
        table_rows=[[y, actual[i], path.get(y)] for i, y in enumerate(years)],
        csv_url=reverse("strategy_kpi_csv", args=[strategy.pk, view.id]),
        png_name=f"kpi-{view.id}",
    )


def kpi_detail(request: HttpRequest, strategy_id: int, kpi_id: int) -> HttpResponse:
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    indicator = selectors.kpi_get(strategy, kpi_id)
    year = _year(request, strategy)
    view = selectors.kpi_view(indicator, year, strategy.grading)
    can_edit = _can_edit(request, strategy)
    staff = user_can(request.user, strategy.organisation, "view")
    yearly = [
        (selectors.kpi_view(indicator, y, strategy.grading), actual)
        for y, actual in sorted(view.actuals.items())
    ]
    context = {
        "strategy": strategy,
        "kpi": view,
        "year": year,
        "chart": kpi_chart(strategy, view),
        "yearly": yearly,
        "reviews": selectors.reviews_of(indicator),
        "can_edit": can_edit,
        "changes": indicator.changes.select_related("user")[:100] if staff else [],
        "commentable": strategy.is_published,
        **comments_context(Target.KPI, str(indicator.pk)),
    }
    return render(request, "web/strategy_kpi.html", context)


def measure_detail(request: HttpRequest, strategy_id: int, measure_id: int) -> HttpResponse:
    """具体的な施策: its KPIs of the year and residents' comments on it."""
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    measure = selectors.measure_get(strategy, measure_id)
    year = selectors.default_year(strategy)
    kpis = [k for k in selectors.kpi_views(strategy, year) if k.measure_id == measure.pk]
    context = {
        "strategy": strategy,
        "measure": measure,
        "kpis": kpis,
        "year": year,
        "commentable": strategy.is_published,
        **comments_context(Target.MEASURE, str(measure.pk)),
    }
    return render(request, "web/strategy_measure.html", context)


def kpi_csv(request: HttpRequest, strategy_id: int, kpi_id: int) -> HttpResponse:
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    view = selectors.kpi_view(selectors.kpi_get(strategy, kpi_id), 0, strategy.grading)
    chart = kpi_chart(strategy, view)
    return csv_response(f"kpi-{view.id}.csv", chart.table_headers, chart.table_rows)


@login_required
def kpi_edit(request: HttpRequest, strategy_id: int, kpi_id: int) -> HttpResponse:
    strategy = services.strategy_for_write(request.user, strategy_id)
    indicator = selectors.kpi_get(strategy, kpi_id)
    year = _year(request, strategy)
    view = selectors.kpi_view(indicator, year, strategy.grading)
    mine = view.actuals.get(year)
    initial = {
        "actual": "" if mine is None else charts.number(mine.value).replace(",", ""),
        "note": mine.note if mine else "",
        **{k: view.review.get(k, "") for k in services.REVIEW_FIELDS},
    }
    form = KpiEditForm(request.POST or None, initial=initial, next_steps=NEXT_STEPS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shown = (mine.value, mine.note) if mine else (None, "")
        if (data["actual"], data["note"]) != shown:
            services.actual_set(
                actor=request.user, indicator=indicator, year=year, value=data["actual"],
                note=data["note"],
            )  # fmt: skip
        services.review_set(
            actor=request.user,
            indicator=indicator,
            year=year,
            **{k: data[k] for k in services.REVIEW_FIELDS},
        )
        messages.success(request, _("Saved."))
        url = reverse("strategy_kpi", args=[strategy.pk, indicator.pk])
        return redirect(f"{url}?year={year}")
    status = 400 if request.method == "POST" else 200
    context = {"strategy": strategy, "kpi": view, "year": year, "form": form}
    return render(request, "web/strategy_kpi_edit.html", context, status=status)


def report_page(request: HttpRequest, strategy_id: int, year: int) -> HttpResponse:
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    context = {
        "strategy": strategy,
        "report": report_data(strategy, year),
        "published": None,
        "can_edit": _can_edit(request, strategy),
    }
    return render(request, "web/strategy_report.html", context)


def report_download(request: HttpRequest, strategy_id: int, year: int, fmt: str) -> HttpResponse:
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    content = report_file(report_data(strategy, year), _format(fmt))
    return _download(content, f"strategy-{strategy.pk}-{year}.{fmt}", CONTENT_TYPES[fmt])


def _published(request: HttpRequest, strategy_id: int, report_id: int) -> Report:
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    report = strategy.reports.filter(pk=report_id).first()
    if report is None:
        raise NotFound("報告書が見つかりません。", "No such report.", code="report_not_found")
    return report


def published_report(request: HttpRequest, strategy_id: int, report_id: int) -> HttpResponse:
    report = _published(request, strategy_id, report_id)
    context = {
        "strategy": report.strategy,
        "report": report.snapshot,
        "published": report,
        "can_edit": False,
    }
    return render(request, "web/strategy_report.html", context)


def published_report_download(
    request: HttpRequest, strategy_id: int, report_id: int, fmt: str
) -> HttpResponse:
    report = _published(request, strategy_id, report_id)
    fmt = _format(fmt)
    name = f"strategy-{strategy_id}-{report.fiscal_year}-published-{report.pk}.{fmt}"
    return _download(published_file(report, fmt), name, CONTENT_TYPES[fmt])


@login_required
@require_POST
def report_publish(request: HttpRequest, strategy_id: int, year: int) -> HttpResponse:
    """Made by the background worker (the PDF of a large strategy takes a while); the browser
    follows the job to the published report."""
    strategy = services.strategy_for_write(request.user, strategy_id)
    job = job_enqueue(
        PUBLISH_REPORT,
        {"actor_id": request.user.pk, "strategy_id": strategy.pk, "year": year},
        actor=request.user,
        organisation=strategy.organisation,
    )
    return redirect("job", job.pk)


@login_required
@require_POST
def strategy_publish(request: HttpRequest, strategy_id: int) -> HttpResponse:
    strategy = services.strategy_for_write(request.user, strategy_id)
    publish = request.POST.get("published") == "1"
    services.strategy_publish(actor=request.user, strategy=strategy, published=publish)
    return redirect("strategy", strategy.pk)


@login_required
def strategy_history(request: HttpRequest, strategy_id: int) -> HttpResponse:
    """Every kept change, for the organisation's staff (viewers included)."""
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    require(request.user, strategy.organisation, "view")
    context = {"strategy": strategy, "changes": selectors.history(strategy)}
    return render(request, "web/strategy_history.html", context)


def strategy_export(request: HttpRequest, strategy_id: int) -> HttpResponse:
    """The strategy in the import layout: staff edit it in Excel and import it again."""
    strategy = selectors.strategy_get(user=request.user, strategy_id=strategy_id)
    content = write_workbook(selectors.strategy_plan(strategy))
    return _download(content, f"strategy-{strategy.pk}.xlsx", XLSX)


def strategy_template(request: HttpRequest) -> HttpResponse:
    start = selectors.current_fiscal_year()
    return _download(write_template(start, start + 4), "strategy-template.xlsx", XLSX)


@login_required
def strategy_import(request: HttpRequest) -> HttpResponse:
    organisations = organisations_editable_by(request.user)
    form = StrategyImportForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    problems: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            plan = read_workbook(form.cleaned_data["file"].read())
            strategy = services.strategy_import(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                plan=plan,
                via="web",
            )
        except InvalidInput as exc:
            problems = exc.details or [{"problem_ja": exc.message_ja, "problem_en": exc.message_en}]
            form.add_error("file", exc.message("en" if english() else "ja"))
            status = 400
        else:
            messages.success(request, _("The strategy was imported."))
            return redirect("strategy", strategy.pk)
    elif request.method == "POST":
        status = 400
    context = {"form": form, "problems": problems, "english": english()}
    return render(request, "web/strategy_import.html", context, status=status)
