"""Figure 9: `acwizard urls` and `acwizard plan` at 5,000 connectors (issue 21).

Three figures, each two whole processes run alternately, medians compared (target:
at most 2x the baseline, the floor for verbs that read files):

- `urls ID` on the large workspace against `bench/tomlloop.py` over the same
  connectors/ (parsing every file). urls reads one file, the settings and the catalog,
  so it is far under its floor; the note gives the cost of starting Python and
  importing what urls needs, the figure it really compares with.
- `plan --from A --to B` between two copies of the large workspace, A with 50 files
  changed (blocked flipped), against `bench/planbase.py` (tomllib over both
  connectors/ directories, 2x the files).
- `plan HEAD~1 HEAD` in figure 6's repository (50 files changed between the commits),
  against figure 6's `bench/diffbase.py` (ls-tree, cat-file, tomllib of both sides).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.common import REPO, Config, Figure, median, ratio_figure
from bench.diff import build_repository
from bench.generate import write_workspace
from bench.validate import checked_run

LIMIT = 2.0
"""urls and plan may take at most 2x their floor (a tomllib loop over the same files)."""
CHANGED = 50
"""Files changed between the two sides of plan, as in figure 6."""
IMPORTS = [
    sys.executable,
    "-c",
    "import acwizard.cli, acwizard.calling, acwizard.reports_plan, acwizard.planning.sources",
]
"""A process that only starts and imports what urls and plan import: their fixed cost."""


def _flip(directory: Path, count: int) -> None:
    """Flip `blocked` in `count` files spread over the directory, as a pull request does."""
    files = sorted(directory.glob("*.toml"))
    step = max(1, len(files) // count)
    for path in files[::step][:count]:
        text = path.read_text(encoding="utf-8")
        flipped = (
            text.replace("blocked = true", "blocked = false", 1)
            if "blocked = true" in text
            else text.replace("blocked = false", "blocked = true", 1)
        )
        path.write_text(flipped, encoding="utf-8")


def _compare(config: Config, commands: dict[str, list[str]]) -> dict[str, list[float]]:
    """Seconds of each command per run, alternating their order."""
    samples: dict[str, list[float]] = {case: [] for case in commands}
    if config.warmup:
        for command in commands.values():
            checked_run(command)
    for run in range(config.process_runs):
        order = list(commands) if run % 2 == 0 else list(reversed(commands))
        for case in order:
            samples[case].append(checked_run(commands[case])[0])
    return samples


def _figure(name: str, samples: dict[str, list[float]], what: str, count: int) -> Figure:
    """A ratio figure with the spread and the fixed cost in its notes."""
    measured, base = median(samples["acwizard"]), median(samples["baseline"])
    figure = ratio_figure(name, measured, base, LIMIT, what)
    figure.notes.append(
        f"{len(samples['acwizard'])} runs each, alternating; worst acwizard "
        f"{max(samples['acwizard']) * 1000:.0f} ms, worst baseline "
        f"{max(samples['baseline']) * 1000:.0f} ms; starting Python and importing what the "
        f"verb needs alone took {median(samples['imports']) * 1000:.0f} ms; "
        f"{count:,} connectors"
    )
    return figure


def measure_urls_plan(config: Config, workdir: Path) -> list[Figure]:
    """Figures 9: urls and plan at config.connectors connectors against their floors."""
    count = config.connectors
    catalog = min(config.catalog, 1_000)
    target = workdir / f"urls-plan-{count}" / "production"
    source = workdir / f"urls-plan-{count}" / "test"
    if not target.exists():
        write_workspace(target, count, catalog)
        shutil.copytree(target, source)
        _flip(source / "connectors", CHANGED)
    python = sys.executable
    some_id = sorted((target / "connectors").glob("*.toml"))[count // 2].stem
    loop = [python, str(REPO / "bench" / "tomlloop.py"), str(target / "connectors")]
    urls = [python, "-m", "acwizard", "-w", str(target), "urls", some_id]
    figures = [
        _figure(
            f"9 urls, {count:,} connectors",
            _compare(config, {"acwizard": urls, "baseline": loop, "imports": IMPORTS}),
            "tomllib loop",
            count,
        )
    ]
    plan = [python, "-m", "acwizard", "plan", "--from", str(source), "--to", str(target)]
    both = [
        python,
        str(REPO / "bench" / "planbase.py"),
        str(source / "connectors"),
        str(target / "connectors"),
    ]
    figures.append(
        _figure(
            f"9 plan --from/--to, {count:,} connectors",
            _compare(config, {"acwizard": plan, "baseline": both, "imports": IMPORTS}),
            "tomllib loop over both",
            count,
        )
    )
    repo = workdir / f"diff-{count}"
    if not (repo / ".git").exists():
        build_repository(repo, count, config.diff_changed, catalog)
    revisions = [python, "-m", "acwizard", "-w", str(repo), "plan", "HEAD~1", "HEAD"]
    diffbase = [python, str(REPO / "bench" / "diffbase.py"), str(repo), "HEAD~1", "HEAD"]
    figures.append(
        _figure(
            f"9 plan HEAD~1 HEAD, {count:,} connectors",
            _compare(config, {"acwizard": revisions, "baseline": diffbase, "imports": IMPORTS}),
            "ls-tree + cat-file + tomllib",
            count,
        )
    )
    return figures
