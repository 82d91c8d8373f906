"""Figures 1 and 4: start-up, from launching `acwizard` until its list shows checked statuses.

Both acwizard (`python -m acwizard -w WS`) and the bare app (`python
bench/bare_app.py WS`: Header, DataTable and Footer, the same columns and
footer keys, one row per connector file read with `tomllib` alone) run as
real processes on an 80x24 pseudo-terminal. The bare app's start-up ends when
the footer's "Quit" and a row's description have been drawn. acwizard's ends
only when its statuses are real: it may paint the rows read with tomllib
first ("checking the connector files..."), but the clock runs until the line
above the table counts the checked files ("6 connectors · ..."), which it
writes only after validating. The two alternate, so that both see the same
machine load; medians are compared, the slowest run is reported too.

Figure 1 runs on the demo workspace, figure 4 ("list opens") on the
5,000-connector one. Each child's peak resident memory is kept (figure 7).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import DEMO, REPO, Config, Figure, median, ratio_figure
from bench.ptyrun import time_to_markers

START_LIMIT = 1.3
"""acwizard's statuses may take at most 1.3x the bare app's start-up on the demo."""
LARGE_LIMIT = 1.5
"""... and at most 1.5x the bare app's at 5,000 connectors."""
VISIBLE_ROWS = 15
"""Rows surely on screen at 80x24: with more files the marker is the first row."""


def commands(root: Path = DEMO) -> tuple[list[str], list[str]]:
    """The command lines of acwizard and of the bare app."""
    acwizard = [sys.executable, "-m", "acwizard", "--workspace", str(root)]
    bare = [sys.executable, str(REPO / "bench" / "bare_app.py"), str(root)]
    return acwizard, bare


def markers(root: Path) -> tuple[list[str], list[str]]:
    """What acwizard and the bare app must have painted for a start-up to count as done."""
    from bench.bare_app import rows_from_files  # the bare app's own rows: what it will paint

    rows = rows_from_files(str(root))
    row = rows[-1] if len(rows) <= VISIBLE_ROWS else rows[0]
    counted = f"{len(rows)} connector{'s' * (len(rows) != 1)} · "
    # The description as far as both draw it: acwizard's column is wider at 80 columns
    # (the user group stands last there), the bare app's cuts it with an ellipsis.
    description = row[0].removesuffix("\u2026").rstrip()
    return ["Quit", description, counted], ["Quit", description]


@dataclass
class Startups:
    """The start-up samples (seconds) and peak memory (bytes) of each app."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: {"acwizard": [], "bare": []})
    memory: dict[str, list[int]] = field(default_factory=lambda: {"acwizard": [], "bare": []})


def time_startups(
    runs: int, root: Path, warmup: bool, env: dict[str, str] | None = None
) -> Startups:
    """`runs` start-ups of each app on the workspace at `root`, alternating."""
    ours_markers, bare_markers = markers(root)
    acwizard, bare = commands(root)
    apps = {"acwizard": (acwizard, ours_markers), "bare": (bare, bare_markers)}
    result = Startups()
    if warmup:  # bytecode caches, page cache, acwizard's validate cache
        for argv, wanted in apps.values():
            time_to_markers(argv, wanted, cwd=str(REPO), env=env)
    for run in range(runs):
        order = ["acwizard", "bare"] if run % 2 == 0 else ["bare", "acwizard"]
        for name in order:
            argv, wanted = apps[name]
            usage: dict[str, int] = {}
            result.seconds[name].append(
                time_to_markers(argv, wanted, cwd=str(REPO), env=env, usage=usage)
            )
            result.memory[name].append(usage.get("maxrss", 0))
    return result


def startup_figure(name: str, found: Startups, limit: float, where: str) -> Figure:
    """A start-up figure: medians compared, spreads in the notes."""
    figure = ratio_figure(
        name, median(found.seconds["acwizard"]), median(found.seconds["bare"]), limit, "bare app"
    )
    runs = len(found.seconds["acwizard"])
    figure.notes.append(
        f"{runs} start-ups each on an 80x24 pty, {where}, until the statuses are checked; "
        f"acwizard {_spread(found.seconds['acwizard'])}, bare Header+DataTable+Footer app "
        f"reading the same files with tomllib {_spread(found.seconds['bare'])}"
    )
    return figure


def measure_startup(config: Config, workdir: Path) -> tuple[Figure, Startups]:
    """Figure 1 (the demo), and its samples.

    The runs share a cache directory of their own (never the user's), filled by the
    warm-up: the demo did not change since the last start, as on most starts.
    """
    with tempfile.TemporaryDirectory(prefix="acwizard-bench-cache-") as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        found = time_startups(config.startup_runs, DEMO, True, env)
    figure = startup_figure(
        "1 start-up to checked statuses (demo)", found, START_LIMIT, "demo workspace"
    )
    return figure, found


def _spread(values: list[float]) -> str:
    """min-max of samples in ms."""
    return f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms"


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _imports(argv: list[str], log: Path, markers: list[str]) -> dict[str, int]:
    """Module -> self import time (us) of one start-up, cut off when the markers show."""
    probe = [sys.executable, "-X", "importtime", "-m", "bench.importprobe", str(log), *argv[1:]]
    time_to_markers(probe, markers, cwd=str(REPO), stop_signal=9)
    modules: dict[str, int] = {}
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            modules[match.group(4)] = modules.get(match.group(4), 0) + int(match.group(1))
    return modules


def import_report(workdir: Path) -> str:
    """Which imports acwizard's start-up adds to the bare app's, by self time."""
    acwizard, bare = commands(DEMO)
    ours_markers, bare_markers = markers(DEMO)
    time_to_markers(acwizard, ours_markers, cwd=str(REPO))  # as most starts: nothing changed
    ours = _imports(acwizard, workdir / "importtime-acwizard.txt", ours_markers)
    theirs = _imports(bare, workdir / "importtime-bare.txt", bare_markers)
    extra = {module: us for module, us in ours.items() if module not in theirs}
    by_package: Counter[str] = Counter()
    for module, us in extra.items():
        by_package[module.split(".")[0]] += us
    top_modules = sorted(extra.items(), key=lambda item: -item[1])[:10]
    acwizard_modules = sorted(m for m in ours if m.startswith("acwizard"))
    lines = [
        "Start-up imports (python -X importtime, self times; inflated by the measuring itself):",
        (
            f"  acwizard imports {len(ours)} modules in {sum(ours.values()) / 1000:.0f} ms, the "
            f"bare app {len(theirs)} in {sum(theirs.values()) / 1000:.0f} ms; the {len(extra)} "
            f"extra modules take {sum(extra.values()) / 1000:.0f} ms"
        ),
        "  extra, by package: "
        + ", ".join(f"{name} {us / 1000:.1f} ms" for name, us in by_package.most_common(8)),
        "  extra, top modules: "
        + ", ".join(f"{name} {us / 1000:.1f} ms" for name, us in top_modules),
        "  acwizard modules loaded before the statuses showed: "
        + ", ".join(module.removeprefix("acwizard.") for module in acwizard_modules),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as directory:
        figure, _ = measure_startup(Config.quick(), Path(directory))
        print(figure)
        print(import_report(Path(directory)))
