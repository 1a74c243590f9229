"""Column work on side threads: same results, same first error, pandas imported meanwhile."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from sousei.ingest.threads import map_columns


def test_results_come_back_in_column_order():
    def slow_for_the_first(n: int) -> int:
        time.sleep(0.05 if n == 0 else 0)
        return n * 10

    assert list(map_columns(slow_for_the_first, range(6))) == [0, 10, 20, 30, 40, 50]


def test_the_first_failing_column_is_the_error_raised():
    def fail_on_odd(n: int) -> int:
        if n % 2:
            raise ValueError(f"column {n}")
        return n

    with pytest.raises(ValueError, match="column 1"):
        list(map_columns(fail_on_odd, range(6)))


def test_pandas_is_imported_by_the_end_of_the_block():
    code = (
        "import sys\n"
        "from sousei.ingest.threads import pandas_imported_meanwhile\n"
        "assert 'pandas' not in sys.modules\n"
        "with pandas_imported_meanwhile():\n"
        "    pass\n"
        "assert 'pandas' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
