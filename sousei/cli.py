"""The `sousei` command: thin wrappers over the same services the web pages use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sousei.config import SETTINGS, ConfigError, read_config

EXAMPLES: dict[str, str] = {
    "init": "sousei init",
    "serve": "sousei serve --host 127.0.0.1 --port 8000",
    "demo": "sousei demo",
    "createuser": "sousei createuser tanaka --org 032093 --role editor",
    "areas": "sousei areas show 03209",
    "load": "sousei load 人口.csv --org 032093 --dataset population",
    "settings": "sousei settings",
    "manage": "sousei manage check --deploy",
    "worker": "sousei worker",
    "stats": "sousei stats import 人口動態.csv --area 032093",
    "import": "sousei stats import 人口動態.csv --area 032093",
    "export-parquet": "sousei stats export-parquet /srv/sousei-exports/statistics",
    "project": "sousei project input.json --to 2070 --scenario sim1",
    "strategy": "sousei strategy import 総合戦略.xlsx --org 032093",
    "backup": "sousei backup sousei-2026-11-29.tar.gz",
    "restore": "sousei restore sousei-2026-11-29.tar.gz",
}


class ExampleGroup(click.Group):
    """Lists each command with its one-line description and an example."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=70)))
            if name in EXAMPLES:
                rows.append(("", f"e.g. {EXAMPLES[name]}"))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def say(message: str) -> None:
    click.echo(message)


def setup_django(*, prepare_data_dir: bool = False) -> None:
    """Start Django; a configuration error stops here with its message, never a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sousei.settings")
    try:
        read_config()
        if prepare_data_dir:
            from sousei.instance import data_dir_prepare

            data_dir_prepare()
        import django

        django.setup()
    except ConfigError as exc:
        fail(f"設定エラー / configuration error: {exc}", 2)


def with_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Report sousei's bilingual errors as a message and exit status 1."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from sousei.errors import SouseiError

        try:
            return func(*args, **kwargs)
        except SouseiError as exc:
            lines = [f"エラー: {exc.message_ja}", f"Error: {exc.message_en}"]
            for detail in exc.details[:20]:
                place = " ".join(
                    f"{k} {detail[k]}" for k in ("sheet", "row", "column") if detail.get(k)
                )
                ja = detail.get("message_ja") or detail.get("problem_ja", "")
                en = detail.get("message_en") or detail.get("problem_en", "")
                lines.append(f"  {place} {ja} / {en}")
            fail("\n".join(lines), 1)

    return wrapper


@click.group(cls=ExampleGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sousei")
def main() -> None:
    """sousei (創生): open data, regional analysis and strategy KPIs for Japanese municipalities.

    Settings come from the environment (see `sousei settings`); by default everything is kept
    in ./sousei-data.
    """


@main.command()
def init() -> None:
    """Create or upgrade the database in SOUSEI_DATA_DIR (safe to run again)."""
    setup_django(prepare_data_dir=True)
    from sousei.instance import data_dir, instance_init

    instance_init(say=say)
    say(f"準備完了 / ready: {data_dir()}")


def _worker_start() -> subprocess.Popen:
    """The background worker beside the web server, so big uploads are read without a
    second command; it stops with the server."""
    return subprocess.Popen([sys.executable, "-m", "sousei", "worker"], env=os.environ.copy())


def _serve(host: str, port: int, workers: int | None, *, with_worker: bool = True) -> None:
    from sousei.instance import pending_migrations
    from sousei.server import serve as run_server

    pending = pending_migrations()
    if pending:
        fail(
            "データベースが未作成か古い状態です。先に `sousei init` を実行してください。\n"
            f"The database needs `sousei init` first ({len(pending)} migrations pending).",
            1,
        )
    count = workers or read_config()["SOUSEI_WEB_WORKERS"]
    say(f"sousei: http://{host}:{port}/  (Ctrl+C で停止 / to stop)")
    worker = _worker_start() if with_worker else None
    try:
        run_server(host=host, port=port, workers=count)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)


HOST_OPTION = click.option("--host", default="127.0.0.1", show_default=True, help="Address.")
PORT_OPTION = click.option("--port", default=8000, show_default=True, type=int, help="Port.")
WORKERS_OPTION = click.option(
    "--workers", type=click.IntRange(1, 64), help="Worker processes [SOUSEI_WEB_WORKERS]."
)


NO_WORKER_OPTION = click.option(
    "--no-worker",
    is_flag=True,
    help="Do not start the background worker (run `sousei worker` separately).",
)


@main.command()
@HOST_OPTION
@PORT_OPTION
@WORKERS_OPTION
@NO_WORKER_OPTION
def serve(host: str, port: int, workers: int | None, no_worker: bool) -> None:
    """Serve the portal with gunicorn (static files included) and a background worker."""
    setup_django(prepare_data_dir=True)
    _serve(host, port, workers, with_worker=not no_worker)


@main.command()
@click.option("--once", is_flag=True, help="Run the queued jobs, then stop.")
def worker(once: bool) -> None:
    """Run background jobs (big uploads) until stopped; `sousei serve` starts one itself."""
    setup_django(prepare_data_dir=True)
    from sousei.jobs.worker import run_worker

    ran = run_worker(once=once)
    if once:
        say(f"{ran} 件の処理を実行しました / ran {ran} job(s)")


@main.command()
@click.option("--no-serve", is_flag=True, help="Load the demo data and stop.")
@HOST_OPTION
@PORT_OPTION
@WORKERS_OPTION
def demo(no_serve: bool, host: str, port: int, workers: int | None) -> None:
    """Init, load the fictional サンプル圏域, then serve the portal."""
    setup_django(prepare_data_dir=True)
    from sousei.demo import DEMO_PASSWORD, DEMO_USERNAME, demo_load
    from sousei.instance import instance_init

    instance_init(say=say)
    demo_load(say=say)
    say("")
    say(f"  URL:      http://{host}:{port}/")
    say(f"  ログイン / staff login: {DEMO_USERNAME} / {DEMO_PASSWORD}")
    say("")
    if not no_serve:
        _serve(host, port, workers)


@main.command()
@click.argument("username")
@click.option("--email", default="", help="E-mail address.")
@click.option("--org", "org_code", help="Municipality or prefecture code of the organisation.")
@click.option(
    "--role",
    type=click.Choice(["admin", "editor", "viewer"]),
    default="editor",
    show_default=True,
    help="Role in --org.",
)
@click.option("--department", default="", help="Department, e.g. 政策企画課.")
@click.option("--superuser", is_flag=True, help="Site administrator (above every organisation).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_errors
def createuser(
    username: str,
    email: str,
    org_code: str | None,
    role: str,
    department: str,
    superuser: bool,
    password_stdin: bool,
) -> None:
    """Create a staff user, optionally with a role in one organisation."""
    setup_django()
    from sousei.orgs.services import organisation_for_area, user_create

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password / パスワード", hide_input=True, confirmation_prompt=True)
    organisation = organisation_for_area(code=org_code) if org_code else None
    user_create(
        username=username,
        password=password,
        email=email,
        superuser=superuser,
        organisation=organisation,
        role=role,
        department=department,
    )
    where = f" ({role} @ {organisation.name})" if organisation else ""
    say(f"作成しました / created: {username}{where}")


def _print_report(report: Any) -> None:
    where = ", ".join(
        part
        for part in (
            report.format,
            report.encoding and f"encoding {report.encoding}",
            report.sheet and f"sheet {report.sheet}",
        )
        if part
    )
    say(f"{report.row_count} 行 / rows ({where})")
    if report.title:
        say(f"表題 / title: {report.title}")
    for column in report.columns:
        markers = ", ".join(f"{k}×{v}" for k, v in column.markers.items())
        span = "" if column.minimum is None else f" {column.minimum} … {column.maximum}"
        unit = f" [{column.unit}]" if column.unit else ""
        say(
            f"  {column.name}{unit} ({column.machine_name}): {column.type},"
            f" 空欄 / nulls {column.nulls}{span}"
            + (f", 記号 / markers {markers}" if markers else "")
        )
    for problem in report.problems:
        place = " ".join(
            p
            for p in (
                problem.row and f"row {problem.row}",
                problem.column and f"col {problem.column}",
            )
            if p
        )
        say(f"  [{problem.severity}] {place} {problem.message_ja} / {problem.message_en}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_code", required=True, help="Municipality or prefecture code.")
@click.option("--dataset", "dataset_name", required=True, help="Dataset name (a-z, 0-9, -, _).")
@click.option("--title", help="Dataset title when the dataset is new.")
@click.option("--resource", "resource_name", help="Resource name (default: sheet or file name).")
@click.option("--sheet", help="Excel sheet to load (default: the first with data).")
@click.option("--encoding", help="Override the detected encoding, e.g. cp932.")
@click.option("--private", is_flag=True, help="Create the dataset as private (members only).")
@click.option("--schema", help="自治体標準 schema the file follows, e.g. public-facilities.")
@with_errors
def load(
    file: Path,
    org_code: str,
    dataset_name: str,
    title: str | None,
    resource_name: str | None,
    sheet: str | None,
    encoding: str | None,
    private: bool,
    schema: str | None,
) -> None:
    """Load a CSV/Excel file as a new version of a dataset's resource."""
    setup_django(prepare_data_dir=True)
    from tqdm import tqdm

    from sousei.catalog.services import dataset_load_file

    with tqdm(total=100, unit="%", desc=file.name, file=sys.stderr, leave=False) as bar:

        def progress(done: int, total: int) -> None:
            bar.n = round(100 * done / total) if total else 100
            bar.refresh()

        result = dataset_load_file(
            actor=None,
            org_code=org_code,
            dataset_name=dataset_name,
            path=file,
            title=title,
            resource_name=resource_name,
            encoding=encoding,
            sheet=sheet,
            private=private,
            schema=schema,
            on_progress=progress,
        )
    _print_report(result.report)
    say(
        f"公開しました / published: {result.dataset.name} / {result.resource.name}"
        f" v{result.version.version}"
    )


@main.group(cls=ExampleGroup)
def areas() -> None:
    """Look up the national area master (全国地方公共団体コード)."""


EXAMPLES.update(
    {
        "show": "sousei areas show 032093",
        "list": "sousei areas list --prefecture 岩手県",
        "boundaries": "sousei areas boundaries N03.topojson",
    }
)


def _area_lines(area: Any) -> list[str]:
    parent = f"{area.parent} {area.parent_name}" if area.parent else "-"
    return [
        f"code:       {area.code}",
        f"name:       {area.name}",
        f"kana:       {area.kana}",
        f"prefecture: {area.prefecture} ({area.prefecture_code})",
        f"kind:       {area.kind} ({area.kind_label_ja})",
        f"parent:     {parent}",
        *([f"district:   {area.district}"] if area.district else []),
    ]


@areas.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as the API returns it.")
@with_errors
def areas_show(code: str, as_json: bool) -> None:
    """Show one area by its 5- or 6-digit code."""
    setup_django()
    from sousei.areas.selectors import area_get

    area = area_get(code=code)
    if as_json:
        say(json.dumps(area.as_api(), ensure_ascii=False, indent=2))
    else:
        say("\n".join(_area_lines(area)))


@areas.command("list")
@click.option("--prefecture", help="Prefecture name (岩手県 / 岩手) or number (03).")
@click.option("--kind", help="municipality, prefecture, designated_city, city, town, village, …")
@click.option("--q", help="Part of the name or kana.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as the API returns it.")
@with_errors
def areas_list(prefecture: str | None, kind: str | None, q: str | None, as_json: bool) -> None:
    """List areas, filtered by prefecture, kind or name."""
    setup_django()
    from sousei.areas.selectors import area_list

    rows = area_list(prefecture=prefecture, kind=kind, q=q)
    if as_json:
        payload = {"count": len(rows), "results": [a.as_api() for a in rows]}
        say(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for area in rows:
        say(f"{area.code}  {area.name}\t{area.kana}\t{area.kind_label_ja}\t{area.prefecture}")
    say(f"{len(rows)} 件 / areas")


@areas.command("boundaries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_errors
def areas_boundaries(file: Path) -> None:
    """Load municipal outlines for maps from a TopoJSON/GeoJSON file (e.g. 国土数値情報 N03)."""
    setup_django(prepare_data_dir=True)
    from sousei.areas.services import boundaries_store

    stored, unknown = boundaries_store(file.read_bytes(), source=file.name)
    say(f"境界を保存しました / outlines stored: {stored:,}")
    if unknown:
        say(f"  団体コード一覧にないコード / codes not in the master: {', '.join(unknown[:10])}")


@main.command("settings")
def settings_command() -> None:
    """Print every setting, its current value and what it does."""
    try:
        values = read_config()
    except ConfigError as exc:
        fail(f"設定エラー / configuration error: {exc}", 2)
    for setting in SETTINGS:
        value = values[setting.name]
        if setting.name in ("SOUSEI_SECRET_KEY", "DATABASE_URL") and value:
            value = "(set)"
        say(f"{setting.name} = {value}\n    {setting.help}")


@main.command("manage", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (migrate, check --deploy, …)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sousei manage", *args])


if __name__ == "__main__":
    main()


@main.group(cls=ExampleGroup)
def stats() -> None:
    """Regional statistics: import files as standard tables (population, vital, migration)."""


@stats.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--area", "area_code", required=True, help="Municipality or prefecture code.")
@click.option("--sheet", help="Excel sheet to read (default: the first with data).")
@click.option("--encoding", help="Override the detected encoding, e.g. cp932.")
@click.option("--dataset", "dataset_name", help="Dataset name (default: statistics-<code>).")
@click.option(
    "--projection",
    "projection_name",
    metavar="NAME",
    help="The file is a projection (e.g. 人口ビジョン2020), kept to compare with the counts.",
)
@with_errors
def stats_import(
    file: Path,
    area_code: str,
    sheet: str | None,
    encoding: str | None,
    dataset_name: str | None,
    projection_name: str | None,
) -> None:
    """Publish a statistics file for an area and read it as standard tables."""
    setup_django(prepare_data_dir=True)
    from sousei.stats.services import stats_import_file
    from sousei.stats.tables import Provenance

    provenance = None
    if projection_name:
        provenance = Provenance("projection", projection_name[:100], is_projection=True)

    result = stats_import_file(
        actor=None,
        area_code=area_code,
        path=file,
        sheet=sheet,
        encoding=encoding,
        dataset_name=dataset_name,
        provenance=provenance,
    )
    say(f"形式 / layout: {result.recognition.layout}")
    for ja, en in zip(result.recognition.notes_ja, result.recognition.notes_en, strict=True):
        say(f"  {ja}")
        say(f"  {en}")
    for problem in result.recognition.warnings[:20]:
        place = " ".join(
            p for p in (problem.row and f"row {problem.row}", problem.column_name) if p
        )
        say(f"  [warning] {place} {problem.message_ja} / {problem.message_en}")
    for series in result.series:
        origin = f"{series.source} {series.vintage}".strip()
        say(f"  {series.kind}: {series.row_count:,} 件 / figures ({origin})")
    say(
        f"公開しました / published: {result.load.dataset.name} / {result.load.resource.name}"
        f" v{result.load.version.version}"
    )


@stats.command("export-parquet")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_errors
def stats_export_parquet(directory: Path) -> None:
    """Write every stored figure as Parquet for Spark/Trino (docs/national-scale.md)."""
    setup_django()
    from sousei.stats.parquet import statistics_export

    summary = statistics_export(directory)
    for measure, rows in summary.rows.items():
        say(f"  {measure}: {rows:,} 件 / figures")
    say(f"書き出しました / written: {summary.directory} ({summary.series} series)")


def _projection_json(results: list[Any]) -> str:
    """One area and scenario: the result itself; several: {"results": [...]}."""
    dicts = [r.as_dict() for r in results]
    payload = dicts[0] if len(dicts) == 1 else {"results": dicts}
    return json.dumps(payload, ensure_ascii=False, indent=2)


@main.command("project")
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "to_year", type=int, default=2070, show_default=True, help="Last year.")
@click.option(
    "--scenario",
    "scenario_names",
    type=click.Choice(["base", "sim1", "sim2"]),
    multiple=True,
    help="base (パターン1), sim1, sim2; repeat for several [default: base].",
)
@click.option("--target-tfr", type=float, default=2.1, show_default=True, help="sim1/sim2 TFR.")
@click.option(
    "--reach-year", type=int, default=2030, show_default=True, help="Year TFR is reached."
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="json", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@with_errors
def project_command(
    input_file: Path,
    to_year: int,
    scenario_names: tuple[str, ...],
    target_tfr: float,
    reach_year: int,
    fmt: str,
    output: Path | None,
) -> None:
    """Cohort-component projection (人口推計) of the areas in a JSON input file."""
    from sousei.errors import InvalidInput
    from sousei.projection.inputs import load_inputs
    from sousei.projection.runs import projection_run
    from sousei.projection.scenarios import scenario_named
    from sousei.projection.writers import results_csv, results_xlsx

    if fmt == "xlsx" and output is None:
        raise InvalidInput(
            "xlsx 形式には --output が必要です", "--format xlsx needs --output", code="no_output"
        )
    scenarios = [
        scenario_named(name, target_tfr=target_tfr, reach_year=reach_year)
        for name in dict.fromkeys(scenario_names or ("base",))
    ]
    results = projection_run(load_inputs(input_file), to_year=to_year, scenarios=scenarios)
    if fmt == "xlsx":
        results_xlsx(results, output)
    else:
        text = _projection_json(results) if fmt == "json" else results_csv(results)
        if output is None:
            click.echo(text, nl=fmt == "json")
        else:
            output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    if output is not None:
        say(f"書き出しました / written: {output}")


@main.group(cls=ExampleGroup)
def strategy() -> None:
    """The 総合戦略: Excel template, import and export, the 効果検証 report."""


@strategy.command("template")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--start", "start_year", type=int, help="開始年度 (default: this fiscal year).")
@click.option("--end", "end_year", type=int, help="終了年度 (default: start + 4).")
def strategy_template(output: Path, start_year: int | None, end_year: int | None) -> None:
    """Write an empty strategy workbook (sheets 戦略, 基本目標, 指標, 事業, 寄附, 記入方法)."""
    import datetime as dt

    from sousei.strategy.workbook import write_template

    today = dt.date.today()
    start = start_year or (today.year if today.month >= 4 else today.year - 1)
    output.write_bytes(write_template(start, end_year or start + 4))
    say(f"テンプレートを書き出しました / template written: {output}")


def _acting_user(username: str | None) -> Any:
    """`--as NAME`: act with that staff member's rights instead of the operator's."""
    if not username:
        return None
    from django.contrib.auth import get_user_model

    from sousei.errors import NotFound

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(
            f"ユーザー「{username}」はいません。", f"No user {username!r}.", code="user_not_found"
        )
    return user


AS_OPTION = click.option(
    "--as", "username", metavar="USER", help="Act as this staff member, with their rights only."
)


@strategy.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org", required=True, help="Municipality code or region slug.")
@click.option("--publish", is_flag=True, help="Publish the strategy for residents to read.")
@AS_OPTION
@with_errors
def strategy_import_command(file: Path, org: str, publish: bool, username: str | None) -> None:
    """Read a strategy workbook; a strategy of the same name is updated, its history kept."""
    setup_django(prepare_data_dir=True)
    from sousei.strategy.selectors import donation_summary
    from sousei.strategy.services import (
        organisation_for_strategy,
        strategy_import,
        strategy_publish,
    )
    from sousei.strategy.workbook import read_workbook

    actor = _acting_user(username)
    plan = read_workbook(file.read_bytes())
    organisation = organisation_for_strategy(actor, org)
    imported = strategy_import(actor=actor, organisation=organisation, plan=plan, via="cli")
    if publish:
        strategy_publish(actor=actor, strategy=imported, via="cli")
    actuals = sum(len(row.actuals) for row in plan.indicators)
    say(f"{imported.name}（id {imported.pk}, {organisation.name}）")
    say(
        f"  基本目標 {len(plan.goals)} / 指標 {len(plan.indicators)} / 実績 {actuals} / "
        f"事業 {len(plan.projects)} / 寄附 {donation_summary(imported).total:,}千円"
    )
    say(f"  goals {len(plan.goals)}, indicators {len(plan.indicators)}, actuals {actuals}")


@strategy.command("export")
@click.option("--strategy", "strategy_id", type=int, required=True, help="Strategy id.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_errors
def strategy_export(strategy_id: int, output: Path) -> None:
    """Write the strategy back in the workbook layout it was imported from."""
    setup_django()
    from sousei.strategy.selectors import strategy_plan
    from sousei.strategy.services import strategy_for_write
    from sousei.strategy.workbook import write_workbook

    output.write_bytes(write_workbook(strategy_plan(strategy_for_write(None, strategy_id))))
    say(f"書き出しました / written: {output}")


@strategy.command("report")
@click.option("--strategy", "strategy_id", type=int, required=True, help="Strategy id.")
@click.option("--year", type=int, required=True, help="Fiscal year (年度), e.g. 2024.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "xlsx"]), default="pdf")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--publish", is_flag=True, help="Also publish it: a frozen copy residents can read.")
@AS_OPTION
@with_errors
def strategy_report(
    strategy_id: int, year: int, fmt: str, output: Path, publish: bool, username: str | None
) -> None:
    """Write the year's 効果検証 report (HTML, PDF with Japanese fonts embedded, or Excel)."""
    setup_django()
    from sousei.strategy.files import report_file
    from sousei.strategy.report import report_data
    from sousei.strategy.services import report_publish, strategy_for_write

    actor = _acting_user(username)
    strategy = strategy_for_write(actor, strategy_id)
    data = (
        report_publish(actor=actor, strategy=strategy, year=year, via="cli").snapshot
        if publish
        else report_data(strategy, year)
    )
    output.write_bytes(report_file(data, fmt))
    say(
        f"{data['kpi_count']} 指標 / indicators: "
        + ", ".join(f"{symbol} {count}" for symbol, count in data["grade_counts"].items())
    )
    say(f"書き出しました / written: {output}")


@main.command("backup")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@with_errors
def backup_command(output: Path) -> None:
    """Write the database, warehouse and files to one archive with checksums."""
    setup_django()
    from sousei.backup import backup_create

    backup_create(output, say=say)


@main.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_errors
def restore_command(archive: Path) -> None:
    """Restore an archive from `sousei backup` onto an empty instance (run `sousei init` first)."""
    setup_django(prepare_data_dir=True)
    from sousei.backup import backup_restore

    backup_restore(archive, say=say)
