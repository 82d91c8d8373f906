"""Run the benchmark suite and print every figure beside its baseline and target.

    python -m bench            # full sizes: 5,000 connectors, 10,000 GetConnectors
    python -m bench --quick    # small sizes, to check that the suite works

Exit status 1 when a target is not met (or a benchmark failed to run).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from bench.common import Config, Figure, render_notes, render_table

T = TypeVar("T")

BENCHMARKS = (
    "startup",
    "validate",
    "picker",
    "list",
    "editing",
    "save",
    "diff",
    "urls-plan",
    "profit",
    "expiring",
)


@dataclass
class Report:
    """Everything one run produced."""

    config: Config
    machine: dict[str, str]
    figures: list[Figure] = field(default_factory=list)
    imports: str = ""
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """True when a target was missed or a benchmark did not run."""
        return bool(self.errors) or any(figure.passed is False for figure in self.figures)

    def render(self) -> str:
        """The table, the notes, the start-up imports and the machine."""
        machine = ", ".join(f"{key} {value}" for key, value in self.machine.items())
        sizes = (
            f"{self.config.connectors:,} connectors, {self.config.catalog:,} GetConnectors, "
            f"{self.config.startup_runs} start-ups, {self.config.process_runs} process runs, "
            f"{self.config.app_runs} in-process runs, {self.config.edit_runs} editing sessions, "
            f"{self.config.saves} saves, diff at "
            f"{', '.join(f'{size:,}' for size in self.config.diff_sizes)} connectors"
        )
        parts = [
            render_table(self.figures),
            "",
            f"Sizes: {sizes}. Took {self.seconds:.0f} s.",
            f"Machine: {machine}.",
            "",
            "Notes:",
            render_notes(self.figures),
        ]
        if self.imports:
            parts += ["", self.imports]
        if self.errors:
            parts += ["", "Errors:", *self.errors]
        failed = [figure.name for figure in self.figures if figure.passed is False]
        verdict = f"{len(failed)} target(s) missed: {', '.join(failed)}" if failed else ""
        if self.errors:
            ran = "; " if verdict else ""
            verdict += f"{ran}{len(self.errors)} benchmark(s) failed to run"
        verdict = verdict or "every target met"
        parts += ["", f"Result: {verdict}."]
        return "\n".join(parts)


def machine_info(workdir: Path) -> dict[str, str]:
    """nproc, CPU model, RAM, OS, Python and Textual versions, filesystem of the inputs."""
    import textual

    from bench.save import _filesystem

    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    return {
        "nproc": str(os.cpu_count()),
        "CPU": cpu,
        "memory": memory,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Textual": textual.__version__,
        "filesystem": _filesystem(workdir),
        "load average at start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def compile_acwizard() -> str:
    """Compile acwizard's modules to bytecode first, as pip does when it installs a package.

    pip compiled Textual's and pydantic's bytecode at install time; a checkout
    installed with `pip install -e .` gets its `__pycache__` on the first run,
    unless PYTHONDONTWRITEBYTECODE is set (as on the machine of the first
    runs). Without this, every start-up would compile acwizard's sources
    (14 ms of a 284 ms start-up, measured) while the baseline loads bytecode:
    not what a user sees.
    """
    import acwizard

    package = Path(acwizard.__file__).parent
    compiled = compileall.compile_dir(package, quiet=1)
    setting = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    outcome = "compiled before measuring" if compiled else "could not be compiled"
    return f"{outcome} (PYTHONDONTWRITEBYTECODE {setting})"


def run_suite(
    config: Config,
    workdir: Path,
    only: tuple[str, ...] = BENCHMARKS,
    imports: bool = True,
    progress: Callable[[str], None] = lambda message: None,
) -> Report:
    """Generate the inputs in `workdir`, run the chosen benchmarks, return the report."""
    from bench.diff import measure_diff
    from bench.editing import measure_editing
    from bench.generate import catalog_entries, write_workspace
    from bench.listing import measure_list
    from bench.picker import measure_picker
    from bench.save import measure_save
    from bench.startup import import_report, measure_startup
    from bench.validate import (
        measure_demo_validate,
        measure_hostile,
        measure_many_problems,
        measure_validate,
    )

    started = time.perf_counter()
    # acwizard remembers results in the user's cache directory: never the user's own here
    # (the in-process apps, and every process that gets no directory of its own).
    os.environ["XDG_CACHE_HOME"] = str(workdir / "cache-home")
    report = Report(config, machine_info(workdir))
    report.machine["acwizard bytecode"] = compile_acwizard()
    large = workdir / "large-workspace"
    small = workdir / "picker-workspace"
    if {"validate", "list", "editing", "profit", "expiring"} & set(only):
        progress(f"generating {config.connectors:,} connectors and a {config.catalog:,} catalog")
        write_workspace(large, config.connectors, config.catalog)
    if {"picker", "save"} & set(only):
        write_workspace(small, 3, config.catalog)

    def attempt(name: str, step: Callable[[], T]) -> T | None:
        progress(name)
        try:
            return step()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the rest
            report.errors.append(f"{name}: {exc!r}")
            traceback.print_exc()
            return None

    tui_startup: float | None = None
    if "startup" in only or "validate" in only:
        result = attempt("start-up", lambda: measure_startup(config, workdir))
        if result is not None:
            figure, _ = result
            tui_startup = figure.measured
            if "startup" in only:
                report.figures.append(figure)
        if "startup" in only and imports:
            report.imports = attempt("start-up imports", lambda: import_report(workdir)) or ""
    if "validate" in only:
        figures = attempt("validate", lambda: measure_validate(config, large))
        report.figures += figures or []
        if tui_startup is not None:
            figures = attempt("validate demo", lambda: measure_demo_validate(config, tui_startup))
            report.figures += figures or []
        figures = attempt("validate many problems", lambda: measure_many_problems(config, workdir))
        report.figures += figures or []
        figures = attempt("validate hostile input", lambda: measure_hostile(config, workdir))
        report.figures += figures or []
    if "picker" in only:
        entries = catalog_entries(config.catalog)
        figures = attempt("picker", lambda: measure_picker(config, small, entries))
        report.figures += figures or []
    if "list" in only:
        figures = attempt("list", lambda: measure_list(config, large))
        report.figures += figures or []
    if "editing" in only:
        figures = attempt("editing", lambda: measure_editing(config, large))
        report.figures += figures or []
    if "save" in only:
        saved = attempt("save", lambda: measure_save(config, small))
        if saved is not None:
            report.figures.append(saved)
    if "diff" in only:
        figures = attempt("diff", lambda: measure_diff(config, workdir))
        report.figures += figures or []
    if "urls-plan" in only:
        from bench.urls_plan import measure_urls_plan

        figures = attempt("urls and plan", lambda: measure_urls_plan(config, workdir))
        report.figures += figures or []
    if "profit" in only:
        from bench.profit import measure_profit

        figures = attempt("verify and import", lambda: measure_profit(config, large))
        report.figures += figures or []
    if "expiring" in only:
        from bench.expiring import measure_expiring

        figures = attempt("expiring", lambda: measure_expiring(config, large, workdir))
        report.figures += figures or []
    report.seconds = time.perf_counter() - started
    report.machine["load average at end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return report


def main(argv: list[str] | None = None) -> int:
    """`python -m bench`."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure acwizard against its baselines and targets (docs/benchmarks.md).",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and few repetitions")
    parser.add_argument("--connectors", type=int, help="connector files in the large workspace")
    parser.add_argument("--catalog", type=int, help="GetConnectors in the large catalog")
    parser.add_argument(
        "--only",
        action="append",
        choices=BENCHMARKS,
        help="run only this benchmark (repeatable)",
    )
    parser.add_argument("--no-imports", action="store_true", help="skip the -X importtime report")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="generate the inputs in DIR and keep them"
    )
    args = parser.parse_args(argv)
    config = Config.quick() if args.quick else Config()
    if args.connectors:
        config = replace(config, connectors=args.connectors)
    if args.catalog:
        config = replace(config, catalog=args.catalog)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        workdir = args.keep
    else:
        workdir = Path(tempfile.mkdtemp(prefix="acwizard-bench-"))
    try:
        report = run_suite(
            config,
            workdir,
            tuple(args.only or BENCHMARKS),
            imports=not args.no_imports,
            progress=lambda message: print(f"... {message}", file=sys.stderr, flush=True),
        )
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report.render())
    if args.json:
        data = {
            "config": asdict(config),
            "machine": report.machine,
            "figures": [
                {**asdict(figure), "ratio": figure.ratio, "result": figure.result}
                for figure in report.figures
            ],
            "errors": report.errors,
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 1 if report.failed else 0
