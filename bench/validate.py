"""Figure 2: `acwizard validate` over 5,000 files, and its start on the demo workspace.

`python -m acwizard -w WS validate` is compared with `python bench/tomlloop.py
WS/connectors`, a plain `tomllib.loads` loop over the same files; both are
whole processes (interpreter start included), run alternately, medians
compared. Output goes to a pipe, as in a commit hook. On the demo workspace,
validate's whole run is compared with the TUI's start-up of figure 1.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench.common import DEMO, REPO, Config, Figure, median, ratio_figure

LARGE_LIMIT = 1.5
"""validate over 5,000 files: at most 1.5x the tomllib loop."""
DEMO_LIMIT = 0.5
"""validate on the demo: under half the TUI's start-up."""


def run_process(argv: list[str]) -> tuple[float, int, str]:
    """Wall-clock seconds of one process, its exit status and the tail of its stderr."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    return elapsed, done.returncode, done.stderr.decode("utf-8", "replace").strip()[-200:]


def validate_command(root: Path) -> list[str]:
    """`acwizard validate` on the workspace at `root`."""
    return [sys.executable, "-m", "acwizard", "--workspace", str(root), "validate"]


def measure_validate(config: Config, workspace: Path) -> Figure:
    """Figure 2a: validate over the large workspace against the tomllib loop."""
    ours = validate_command(workspace)
    loop = [sys.executable, str(REPO / "bench" / "tomlloop.py"), str(workspace / "connectors")]
    samples: dict[str, list[float]] = {"acwizard": [], "loop": []}
    summary = ""
    if config.warmup:
        run_process(ours)
        run_process(loop)
    for run in range(config.process_runs):
        order = [("acwizard", ours), ("loop", loop)]
        if run % 2:
            order.reverse()
        for name, argv in order:
            elapsed, status, stderr = run_process(argv)
            if status != 0:
                raise RuntimeError(f"{' '.join(argv)} exited {status}: {stderr}")
            if name == "acwizard":
                summary = stderr.splitlines()[-1] if stderr else ""
            samples[name].append(elapsed)
    figure = ratio_figure(
        f"2 validate, {config.connectors:,} files",
        median(samples["acwizard"]),
        median(samples["loop"]),
        LARGE_LIMIT,
        "tomllib loop",
    )
    figure.notes.append(
        f"{config.process_runs} runs each; acwizard said '{summary}'; per file: acwizard "
        f"{median(samples['acwizard']) / config.connectors * 1e6:.0f} us, tomllib loop "
        f"{median(samples['loop']) / config.connectors * 1e6:.0f} us (process start included)"
    )
    return figure


def measure_demo_validate(config: Config, tui_startup: float) -> Figure:
    """Figure 2b: validate on the demo workspace against the TUI's start-up."""
    argv = validate_command(DEMO)
    if config.warmup:
        run_process(argv)
    samples = []
    for _ in range(config.process_runs):
        elapsed, status, stderr = run_process(argv)
        if status != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {status}: {stderr}")
        samples.append(elapsed)
    figure = ratio_figure(
        "2 validate, demo workspace",
        median(samples),
        tui_startup,
        DEMO_LIMIT,
        "TUI start-up (fig. 1)",
        strict=True,
    )
    figure.notes.append(
        f"whole process, {config.process_runs} runs; baseline is acwizard's TUI start-up median"
    )
    return figure
