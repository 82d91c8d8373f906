"""Figure 1: start-up, from launching `acwizard` until its connector list is interactive.

Both acwizard (`python -m acwizard -w data`) and the bare app
(`python bench/bare_app.py`, the same Header, DataTable with the same rows and
Footer) run as real processes on an 80x24 pseudo-terminal. A start-up ends
when the footer's "Quit" key and the last row's description have been drawn.
The two alternate, so that both see the same machine load; medians are compared.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.common import DEMO, REPO, Config, Figure, list_rows, median, ratio_figure
from bench.ptyrun import time_to_markers

START_LIMIT = 1.2
"""acwizard may take at most 1.2x the bare app's start-up."""


def commands(spec: Path, root: Path = DEMO) -> tuple[list[str], list[str]]:
    """The command lines of acwizard and of the bare app."""
    acwizard = [sys.executable, "-m", "acwizard", "--workspace", str(root)]
    bare = [sys.executable, str(REPO / "bench" / "bare_app.py"), str(spec)]
    return acwizard, bare


def measure_startup(config: Config, workdir: Path) -> tuple[Figure, dict[str, list[float]]]:
    """Figure 1, and the samples (seconds) of each app."""
    columns, rows, _ = list_rows()
    spec = workdir / "demo_rows.json"
    spec.write_text(json.dumps({"columns": columns, "rows": rows}), encoding="utf-8")
    markers = ["Quit", rows[-1][0]]
    acwizard, bare = commands(spec)
    samples: dict[str, list[float]] = {"acwizard": [], "bare": []}
    if config.warmup:  # bytecode caches, page cache
        time_to_markers(acwizard, markers, cwd=str(REPO))
        time_to_markers(bare, markers, cwd=str(REPO))
    for run in range(config.startup_runs):
        order = [("acwizard", acwizard), ("bare", bare)]
        if run % 2:
            order.reverse()
        for name, argv in order:
            samples[name].append(time_to_markers(argv, markers, cwd=str(REPO)))
    figure = ratio_figure(
        "1 start-up to interactive list (demo)",
        median(samples["acwizard"]),
        median(samples["bare"]),
        START_LIMIT,
        "bare app",
    )
    figure.notes.append(
        f"{config.startup_runs} start-ups each on an 80x24 pty; acwizard "
        f"{_spread(samples['acwizard'])}, bare Header+DataTable+Footer app "
        f"{_spread(samples['bare'])}"
    )
    return figure, samples


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
    columns, rows, _ = list_rows()
    spec = workdir / "demo_rows.json"
    spec.write_text(json.dumps({"columns": columns, "rows": rows}), encoding="utf-8")
    acwizard, bare = commands(spec)
    markers = ["Quit", rows[-1][0]]
    ours = _imports(acwizard, workdir / "importtime-acwizard.txt", markers)
    theirs = _imports(bare, workdir / "importtime-bare.txt", markers)
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
        "  acwizard modules loaded before the list showed: "
        + ", ".join(module.removeprefix("acwizard.") for module in acwizard_modules),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as directory:
        figure, _ = measure_startup(Config.quick(), Path(directory))
        print(figure)
        print(import_report(Path(directory)))
