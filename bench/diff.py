"""Figure 6: `acwizard diff A B` between two commits, at 500, 5,000 and 20,000 connectors.

For each size a git repository is built: a workspace of N generated
connectors (`bench.generate`) committed as A, then a commit B that changes 50
of them (blocked flipped), as a pull request does; the repository is then
packed, as a clone is. `python -m acwizard -w REPO diff A B` is compared with
`python bench/diffbase.py REPO A B` (ls-tree of both revisions, one
`cat-file --batch` by object id, `tomllib.loads` of every blob): both whole
processes, output to a pipe, run alternately, medians compared, worst runs in
the notes. The target (issue 12) is at most 1.5x the baseline at 5,000
connectors and more; smaller sizes are reported, because there acwizard's
fixed cost (starting Python, importing pydantic and the model: about 170 ms)
is most of the time and the baseline has none. Growth must be linear: from the smallest size to the largest, acwizard's time may
grow at most 1.5x as much as the baseline's (which is linear by construction).
Before diff read trees once, each file was asked for by `REV:path`, and git
scanned the directory for every name: 125 s at 20,000 connectors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.common import REPO, Config, Figure, median, ratio_figure
from bench.generate import write_workspace
from bench.validate import checked_run

LIMIT = 1.5
"""diff may take at most 1.5x the baseline..."""
TARGET_FROM = 5_000
"""...from this many connectors on; below, the figure is reported (fixed costs dominate)."""
GROWTH_LIMIT = 1.5
"""From the smallest size to the largest, diff's time may grow 1.5x as much as the baseline's."""
IMPORTS = [sys.executable, "-c", "import acwizard.cli, acwizard.changes, acwizard.history"]
"""A process that only starts and imports what `acwizard diff` imports: its fixed cost."""


def _git(repo: Path, *args: str) -> None:
    """Run git quietly in `repo`, with an identity and no automatic gc in the way."""
    subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@example.com",
            "-c",
            "gc.auto=0",
            *args,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def build_repository(repo: Path, count: int, changed: int, catalog: int) -> None:
    """A repository of `count` connectors committed twice, `changed` of them changed."""
    write_workspace(repo, count, catalog)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "A")
    files = sorted((repo / "connectors").glob("*.toml"))
    step = max(1, len(files) // changed)
    for path in files[::step][:changed]:
        text = path.read_text(encoding="utf-8")
        flipped = (
            text.replace("blocked = true", "blocked = false", 1)
            if "blocked = true" in text
            else text.replace("blocked = false", "blocked = true", 1)
        )
        path.write_text(flipped, encoding="utf-8")
    _git(repo, "commit", "-qam", "B")
    _git(repo, "repack", "-adq")


def measure_diff(config: Config, workdir: Path) -> list[Figure]:
    """Figures 6: diff between two commits at each size, against the baseline."""
    figures: list[Figure] = []
    times: dict[int, tuple[float, float]] = {}
    for count in config.diff_sizes:
        repo = workdir / f"diff-{count}"
        if not (repo / ".git").exists():
            build_repository(repo, count, config.diff_changed, min(config.catalog, 1_000))
        ours = [sys.executable, "-m", "acwizard", "-w", str(repo), "diff", "HEAD~1", "HEAD"]
        script = str(REPO / "bench" / "diffbase.py")
        baseline = [sys.executable, script, str(repo), "HEAD~1", "HEAD"]
        commands = {"acwizard": ours, "baseline": baseline, "imports": IMPORTS}
        samples: dict[str, list[float]] = {case: [] for case in commands}
        if config.warmup:
            for command in commands.values():
                checked_run(command)
        for run in range(config.process_runs):
            order = list(commands) if run % 2 == 0 else list(reversed(commands))
            for case in order:
                samples[case].append(checked_run(commands[case])[0])
        measured, base = median(samples["acwizard"]), median(samples["baseline"])
        times[count] = measured, base
        figure = ratio_figure(
            f"6 diff, {count:,} connectors", measured, base, LIMIT, "ls-tree + cat-file + tomllib"
        )
        if count < TARGET_FROM:
            figure.passed = None
            figure.target = f"report (target from {TARGET_FROM:,} on)"
        figure.notes.append(
            f"{config.process_runs} runs each, alternating; worst acwizard "
            f"{max(samples['acwizard']) * 1000:.0f} ms, worst baseline "
            f"{max(samples['baseline']) * 1000:.0f} ms; commit B changes "
            f"{config.diff_changed} files; per connector acwizard "
            f"{measured / count * 1e6:.0f} us, baseline {base / count * 1e6:.0f} us "
            "(process start included); of acwizard's time, starting Python and importing "
            "what diff needs (pydantic, the model) alone took "
            f"{median(samples['imports']) * 1000:.0f} ms"
        )
        figures.append(figure)
    if len(times) > 1:
        small, large = min(times), max(times)
        ours_growth = times[large][0] / times[small][0]
        base_growth = times[large][1] / times[small][1]
        growth = Figure(
            f"6 diff growth, {small:,} -> {large:,} connectors",
            ours_growth,
            base_growth,
            "x",
            f"<= {GROWTH_LIMIT:g}x the baseline's growth",
            ours_growth <= GROWTH_LIMIT * base_growth,
        )
        growth.notes.append(
            f"acwizard {times[small][0] * 1000:.0f} ms -> {times[large][0] * 1000:.0f} ms, "
            f"baseline {times[small][1] * 1000:.0f} ms -> {times[large][1] * 1000:.0f} ms; "
            f"{large / small:g}x the connectors (a quadratic reader grows far faster)"
        )
        figures.append(growth)
    return figures
