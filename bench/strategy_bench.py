"""Strategy benchmark: a strategy of 80 KPIs over five years — reading the workbook, importing
it, the strategy page, the KPI API and the 効果検証 report as PDF and Excel — beside pandas
reading the same workbook (`read_excel(sheet_name=None)`, the peer for the reading step).

Runs in one process on a throwaway instance (`sousei init`); pages through Django's test client.

    .venv/bin/python bench/strategy_bench.py [--repeat 20] [--work DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
KPIS = 80


def _median_ms(call, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def _plan():
    import random

    from sousei.demo_strategy import demo_plan

    rng = random.Random(7)
    plan = demo_plan(rng, "ベンチ市", {"総人口": 50000.0, "転出者数": 900.0, "出生数": 300.0}, 2.0)
    base = list(plan.indicators)
    plan.indicators = []
    for copy in range(KPIS // len(base)):
        for row in base:
            clone = type(row)(**{**row.__dict__, "name": f"{row.name}（{copy + 1}）"})
            plan.indicators.append(clone)
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="strategy-bench-"))
    env = {**os.environ, "SOUSEI_DATA_DIR": str(work)}
    env.pop("DATABASE_URL", None)
    subprocess.run([str(VENV_BIN / "sousei"), "init"], env=env, check=True, capture_output=True)
    os.environ.update({"SOUSEI_DATA_DIR": str(work), "DJANGO_SETTINGS_MODULE": "sousei.settings"})
    import django

    django.setup()
    import pandas as pd
    from django.test import Client

    from sousei.orgs.services import organisation_for_area
    from sousei.strategy.files import report_file
    from sousei.strategy.report import report_data
    from sousei.strategy.services import strategy_import, strategy_publish
    from sousei.strategy.workbook import read_workbook, write_workbook

    data = write_workbook(_plan())
    read_ms = _median_ms(lambda: read_workbook(data), args.repeat)
    pandas_ms = _median_ms(lambda: pd.read_excel(io.BytesIO(data), sheet_name=None), args.repeat)
    organisation = organisation_for_area(code="032093")
    start = time.perf_counter()
    strategy = strategy_import(actor=None, organisation=organisation, plan=read_workbook(data))
    import_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    strategy_import(actor=None, organisation=organisation, plan=read_workbook(data))
    reimport_ms = (time.perf_counter() - start) * 1000
    strategy_publish(actor=None, strategy=strategy)
    client = Client(HTTP_HOST="127.0.0.1")
    page_ms = _median_ms(lambda: client.get(f"/strategies/{strategy.pk}/"), args.repeat)
    api_ms = _median_ms(lambda: client.get(f"/api/v1/strategies/{strategy.pk}/kpis"), args.repeat)
    report = report_data(strategy, 2024)
    pdf_ms = _median_ms(lambda: report_file(report, "pdf"), max(3, args.repeat // 4))
    xlsx_ms = _median_ms(lambda: report_file(report, "xlsx"), args.repeat)
    print(f"strategy of {strategy.indicators.count()} indicators, workbook {len(data):,} bytes")
    print(f"read workbook        {read_ms:8.1f} ms   pandas read_excel {pandas_ms:8.1f} ms  "
          f"(pandas/sousei {pandas_ms / read_ms:.2f}×)")  # fmt: skip
    print(f"import (new)         {import_ms:8.1f} ms   re-import unchanged {reimport_ms:8.1f} ms")
    print(f"strategy page        {page_ms:8.1f} ms   KPI API {api_ms:8.1f} ms (medians)")
    print(f"report PDF           {pdf_ms:8.1f} ms   report XLSX {xlsx_ms:8.1f} ms")


if __name__ == "__main__":
    main()
