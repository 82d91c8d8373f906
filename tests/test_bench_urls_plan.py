"""Figure 9 (urls and plan) at a tiny size, so that it cannot rot; timings are never
asserted here (see tests/test_bench_smoke.py and docs/benchmarks.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # bench/ sits beside src/, outside the installed package
    sys.path.insert(0, str(REPO))

from bench.common import Config
from bench.run import run_suite


# Times child processes on both CPUs: never beside the terminal tests.
@pytest.mark.xdist_group("terminals")
def test_figure_9_runs_at_a_tiny_size(tmp_path: Path) -> None:
    report = run_suite(Config.tiny(), tmp_path, only=("urls-plan",), imports=False)
    assert report.errors == []
    assert [figure.name for figure in report.figures] == [
        "9 urls, 50 connectors",
        "9 plan HEAD~1 HEAD, 50 connectors",
        "9 plan --from/--to, 50 connectors",
    ]
    for figure in report.figures:
        assert figure.measured > 0 and figure.baseline is not None and figure.baseline > 0
        assert figure.target.startswith("<= 2x")
