"""Figure 9: `acwizard urls` and `acwizard plan` at 5,000 connectors (issue 21).

Three figures, each two whole processes run alternately, medians compared (target:
at most 2x the baseline, the floor for verbs that read files):

- `urls ID` on the large workspace against `bench/tomlloop.py` over the same
  connectors/ (parsing every file). urls reads one file, the settings and the catalog,
  so it is far under its floor; the note gives the cost of starting Python and
  importing what urls needs, the figure it really compares with.
- `plan HEAD~1 HEAD` in figure 6's repository (50 files changed between the commits,
  blocked flipped), against figure 6's `bench/diffbase.py` (ls-tree, cat-file, tomllib
  of both sides).
- `plan --from A --to B` between the same two states as workspaces (A: the first
  commit, written out with `git archive`; B: the working tree), against
  `bench/tomlloop.py` over both connectors/ directories (2x the files).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.common import REPO, Config, Figure, median, ratio_figure
from bench.diff import build_repository
from bench.validate import checked_run

LIMIT = 2.0
"""urls and plan may take at most 2x their floor (a tomllib loop over the same files)."""
URLS_IMPORTS = [
    sys.executable,
    "-c",
    "import acwizard.cli, acwizard.calling, acwizard.reports.urls",
]
"""A process that only starts and imports what urls imports (no pydantic: a plainly valid
file is read without it): its fixed cost."""
PLAN_IMPORTS = [
    sys.executable,
    "-c",
    "import acwizard.cli, acwizard.planning.sources, acwizard.reports.plan",
]
"""The same for plan (pydantic and the model included: changed files are compared as models)."""


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


def _first_commit(repo: Path, directory: Path) -> None:
    """The workspace as committed in HEAD~1, written out to `directory`."""
    directory.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "HEAD~1"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)


def measure_urls_plan(config: Config, workdir: Path) -> list[Figure]:
    """Figures 9: urls and plan at config.connectors connectors against their floors."""
    count = config.connectors
    repo = workdir / f"diff-{count}"
    if not (repo / ".git").exists():
        build_repository(repo, count, config.diff_changed, min(config.catalog, 1_000))
    source = workdir / f"urls-plan-{count}"
    if not source.exists():
        _first_commit(repo, source)
    python = sys.executable
    loop = [python, str(REPO / "bench" / "tomlloop.py"), str(repo / "connectors")]
    some_id = sorted((repo / "connectors").glob("*.toml"))[count // 2].stem
    urls = [python, "-m", "acwizard", "-w", str(repo), "urls", some_id]
    revisions = [python, "-m", "acwizard", "-w", str(repo), "plan", "HEAD~1", "HEAD"]
    diffbase = [python, str(REPO / "bench" / "diffbase.py"), str(repo), "HEAD~1", "HEAD"]
    plan = [python, "-m", "acwizard", "plan", "--from", str(source), "--to", str(repo)]
    both = [*loop, str(source / "connectors")]
    cases = [
        (f"9 urls, {count:,} connectors", urls, loop, "tomllib loop", URLS_IMPORTS),
        (f"9 plan HEAD~1 HEAD, {count:,} connectors", revisions, diffbase,
         "ls-tree + cat-file + tomllib", PLAN_IMPORTS),
        (f"9 plan --from/--to, {count:,} connectors", plan, both, "tomllib loop over both",
         PLAN_IMPORTS),
    ]  # fmt: skip
    figures = []
    for name, ours, baseline, what, imports in cases:
        commands = {"acwizard": ours, "baseline": baseline, "imports": imports}
        figures.append(_figure(name, _compare(config, commands), what, count))
    return figures
