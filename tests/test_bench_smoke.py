"""The benchmark suite (`python -m bench`) at a tiny size, so that it cannot rot.

Every benchmark runs once on 50 connectors and a 200-entry catalog. Timings
are never asserted here (they are noisy and this runs everywhere); only that
each figure was measured and the report was rendered. The real figures come
from `python -m bench`, see docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # bench/ sits beside src/, outside the installed package
    sys.path.insert(0, str(REPO))

from bench.common import Config
from bench.generate import write_workspace
from bench.run import BENCHMARKS, main, run_suite

FIGURES = {
    "startup": ("1 start-up",),
    "validate": (
        "2 validate, 50 files, unchanged",
        "2 validate, 50 files, one changed",
        "2 validate, 50 files, first run",
        "2 validate, 50 files, --no-cache",
        "2 list --json, 50 files",
        "2 audit, 50 files",
        "2 validate, demo workspace, unchanged",
        "2 validate, demo workspace, first run",
        "2 validate, 8,000 problems in one file",
        "2 validate, 5,000 unknown tables in one file",
        "2 validate memory, 5,000 unknown tables",
        "2 validate, 0.5 MiB catalog of refused entries",
        "7 peak memory per connector, validate",
    ),
    "picker": (
        "3 picker opens",
        "3 picker filter, keystroke p90",
        "3 picker filter, worst keystroke of all runs",
        "3 picker memory",
    ),
    "list": (
        "4 list opens, 50 connectors, unchanged",
        "4 list opens, 50 connectors, empty cache",
        "4 list filter, keystroke p90",
        "4 list filter, worst keystroke of all runs",
        "4 back to the list, 50 connectors",
        "4 r reload, nothing changed, 50 connectors",
        "7 peak memory per connector, TUI",
    ),
    "editing": (
        "8 connector opens, 50 connectors, first time",
        "8 connector opens, 50 connectors, second time",
        "8 back to the list, 50 connectors, after the first open",
        "8 back to the list, 50 connectors, after the second open",
        "8 description, 50 connectors, keystroke p90",
        "8 description, 50 connectors, worst keystroke of all runs",
        "8 user group, 50 connectors, keystroke p90",
        "8 user group, 50 connectors, worst keystroke of all runs",
        "8 notes, 50 connectors, keystroke p90",
        "8 notes, 50 connectors, worst keystroke of all runs",
        "8 OAuth fields, 50 connectors, keystroke p90",
        "8 OAuth fields, 50 connectors, worst keystroke of all runs",
        "8 New wizard description, 50 connectors, keystroke p90",
        "8 New wizard description, 50 connectors, worst keystroke of all runs",
        "8 New wizard user group, 50 connectors, keystroke p90",
        "8 New wizard user group, 50 connectors, worst keystroke of all runs",
        "8 tab switches, 50 connectors, p90",
        "8 save preview, 50 connectors, p90",
    ),
    "save": ("5 save",),
    "diff": (
        "6 diff, 25 connectors",
        "6 diff, 50 connectors",
        "6 diff growth, 25 -> 50 connectors",
    ),
    "profit": ("9 verify, 50 connectors", "9 import, 50 saved answers"),
    "expiring": (
        "10 expiring --format json, 50 connectors",
        "10 expiring --format ics, 50 connectors",
    ),
}
"""The figures each benchmark gives at the tiny size (urls-plan: tests/test_bench_urls_plan.py)."""


def test_every_benchmark_has_its_smoke_test() -> None:
    assert set(FIGURES) | {"urls-plan"} == set(BENCHMARKS)


# One test per benchmark, so that xdist spreads them over its workers (the whole suite in
# one test was the longest path of the test run: 97-162 s). Timings are never asserted.
@pytest.mark.parametrize("benchmark", list(FIGURES))
def test_each_benchmark_runs_at_a_tiny_size(benchmark: str, tmp_path: Path) -> None:
    imports = benchmark == "startup"
    report = run_suite(Config.tiny(), tmp_path, only=(benchmark,), imports=imports)
    assert report.errors == []
    names = [figure.name for figure in report.figures]
    for prefix in FIGURES[benchmark]:
        assert sum(name.startswith(prefix) for name in names) == 1, (prefix, names)
    assert len(names) == len(FIGURES[benchmark]), "\n".join(names)
    for figure in report.figures:
        assert figure.measured > 0, figure
        assert figure.baseline is not None and figure.baseline > 0, figure
        assert figure.result in ("PASS", "FAIL", "INFO")
    text = report.render()
    for figure in report.figures:
        assert figure.name in text
        assert figure.target in text
    assert "Machine: nproc" in text
    assert "Result: " in text
    if imports:
        assert "Start-up imports" in text


def test_generated_workspaces_are_deterministic_and_valid(tmp_path: Path) -> None:
    from acwizard.problems import has_errors
    from acwizard.workspace import Workspace

    first = write_workspace(tmp_path / "a", 20, 100)
    second = write_workspace(tmp_path / "b", 20, 100)
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert len(files) == 22  # 20 connectors, catalog.toml, acwizard.toml
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes()
    workspace = Workspace.open(first)
    loaded = workspace.load_all()
    assert all(one.is_canonical and not has_errors(one.problems) for one in loaded)
    # One connector in ten grants a GetConnector missing from the catalog: one warning each.
    warned = [one for one in loaded if one.problems]
    assert len(warned) == 2
    for one in warned:
        assert [problem.severity for problem in one.problems] == ["warning"]
        assert "_Retired_" in one.problems[0].message
    assert not workspace.catalog_problems and not workspace.settings_problems


def test_one_command_prints_the_table(tmp_path: Path, capsys: object) -> None:
    status = main(["--quick", "--only", "save", "--keep", str(tmp_path / "inputs")])
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert status == 0  # saving has no target, so nothing can fail
    assert "| figure" in out and "5 save one connector (median)" in out
