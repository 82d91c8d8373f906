"""What every benchmark shares: the sizes to run at, a figure with its target, the report."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
"""The repository root: the demo workspace is `REPO / "data"`."""
DEMO = REPO / "data"


@dataclass(frozen=True)
class Config:
    """The sizes and repetitions of one run."""

    connectors: int = 5_000
    """Connector files in the large workspace (figures 2 and 4)."""
    catalog: int = 10_000
    """GetConnectors in the large catalog (figure 3; also the large workspace's catalog)."""
    startup_runs: int = 7
    """Start-ups of each app (figure 1), alternating acwizard and the bare app."""
    process_runs: int = 5
    """Runs of each command (figure 2)."""
    app_runs: int = 5
    """In-process repetitions (figures 3 and 4), after one warm-up."""
    saves: int = 50
    """Saves of one connector (figure 5)."""
    edit_runs: int = 5
    """Sessions of each kind on each workspace (figure 8), after a warm-up on the demo."""
    warmup: bool = True
    """Run everything once before measuring (bytecode caches, CSS caches)."""
    diff_sizes: tuple[int, ...] = (500, 5_000, 20_000)
    """Connectors in the repositories `acwizard diff` compares two commits of (figure 6)."""
    diff_changed: int = 50
    """Connector files the second commit changes (figure 6)."""

    @classmethod
    def quick(cls) -> Config:
        """Small sizes, for checking that the suite works (`--quick`)."""
        return cls(
            connectors=300,
            catalog=1_000,
            startup_runs=3,
            process_runs=3,
            app_runs=2,
            saves=15,
            edit_runs=1,
            diff_sizes=(500, 5_000),
        )

    @classmethod
    def tiny(cls) -> Config:
        """The smallest run that still exercises everything: the smoke test."""
        return cls(
            connectors=50,
            catalog=200,
            startup_runs=1,
            process_runs=1,
            app_runs=1,
            saves=3,
            edit_runs=1,
            warmup=False,
            diff_sizes=(25, 50),
            diff_changed=10,
        )


@dataclass
class Figure:
    """One measured figure beside its baseline and its target."""

    name: str
    measured: float
    baseline: float | None = None
    unit: str = "s"
    """'s' (shown in ms or s), 'B' (shown in KiB or MiB) or 'x' (a ratio, shown as 2.00x)."""
    target: str = "report"
    passed: bool | None = None
    """None when the figure is only reported."""
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        """measured / baseline, when there is a baseline."""
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.measured / self.baseline

    @property
    def result(self) -> str:
        """PASS, FAIL or INFO."""
        if self.passed is None:
            return "INFO"
        return "PASS" if self.passed else "FAIL"


def ratio_figure(
    name: str, measured: float, baseline: float, limit: float, what: str, strict: bool = False
) -> Figure:
    """A figure whose target is measured <= limit x baseline (or < with `strict`)."""
    ratio = measured / baseline if baseline > 0 else float("inf")
    passed = ratio < limit if strict else ratio <= limit
    sign = "<" if strict else "<="
    return Figure(name, measured, baseline, "s", f"{sign} {limit:g}x {what}", passed)


def median(values: Iterable[float]) -> float:
    """The median, the figure least moved by one slow outlier."""
    return statistics.median(list(values))


def show_value(value: float | None, unit: str) -> str:
    """A value in a readable unit."""
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "B":
        if value >= 1024 * 1024:
            return f"{value / (1024 * 1024):.1f} MiB"
        return f"{value / 1024:.0f} KiB"
    if value < 0.001:
        return f"{value * 1e6:.0f} us"
    if value < 10:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.1f} s"


def render_table(figures: list[Figure]) -> str:
    """The results as a Markdown table, readable as plain text too."""
    header = ("figure", "measured", "baseline", "ratio", "target", "result")
    rows = [
        (
            figure.name,
            show_value(figure.measured, figure.unit),
            show_value(figure.baseline, figure.unit),
            "-" if figure.ratio is None else f"{figure.ratio:.2f}x",
            figure.target,
            figure.result,
        )
        for figure in figures
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        padded = [
            cell.rjust(width) if 0 < index < 4 else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (width + 1) + ":" if 0 < index < 4 else "-" * (width + 2)
            for index, width in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def render_notes(figures: list[Figure]) -> str:
    """The notes of each figure: baselines explained, spread, what was seen."""
    lines = []
    for figure in figures:
        for note in figure.notes:
            lines.append(f"- {figure.name}: {note}")
    return "\n".join(lines)


def list_rows(root: Path = DEMO) -> tuple[list[tuple[str, int]], list[list[str]], list[str]]:
    """The columns, the cells as shown (clipped to their columns) and the filter text of each
    row of acwizard's connector list for the workspace at `root`: what the bare apps get."""
    from acwizard.cores.listing.reads import checked_file
    from acwizard.widgets.cells import clip
    from acwizard.widgets.connector_table import COLUMNS, connector_row
    from acwizard.workspace import Workspace

    workspace = Workspace.open(root)
    rows = [connector_row(checked_file(workspace, path)) for path in workspace.connector_paths()]
    cells = [
        [clip(cell, width) for cell, (_, width) in zip(row.cells, COLUMNS, strict=True)]
        for row in rows
    ]
    return list(COLUMNS), cells, [row.haystack for row in rows]


KEY_P90_LIMIT = 0.050
"""The 90th percentile of all keystrokes of all runs: at most 50 ms."""
KEY_WORST_LIMIT = 0.100
"""The slowest keystroke of all runs: at most 100 ms."""


def percentile(values: Iterable[float], share: float) -> float:
    """The `share` (0.9) percentile, nearest rank: a value that was measured."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil without importing math
    return ordered[int(rank) - 1]


def keystroke_figures(
    prefix: str,
    ours: list[list[float]],
    baseline: list[list[float]],
    keys: list[str],
    what: str,
    p90_limit: float = KEY_P90_LIMIT,
    worst_limit: float = KEY_WORST_LIMIT,
) -> list[Figure]:
    """The 90th percentile and the worst of every keystroke of every run, against targets.

    A median per key hides a pause that hits one run; the user meets every run.
    `ours` and `baseline` hold, per run, the seconds of each key of `keys`.
    """
    flat = [value for run in ours for value in run]
    flat_base = [value for run in baseline for value in run]
    p90, base_p90 = percentile(flat, 0.9), percentile(flat_base, 0.9)
    worst, base_worst = max(flat), max(flat_base)
    where = max(
        ((run, index) for run in range(len(ours)) for index in range(len(keys))),
        key=lambda at: ours[at[0]][at[1]],
    )
    p90_figure = Figure(
        f"{prefix}, keystroke p90",
        p90,
        base_p90,
        target=f"<= {p90_limit * 1000:.0f} ms",
        passed=p90 <= p90_limit,
    )
    p90_figure.notes.append(
        f"{len(flat)} keystrokes ({len(ours)} runs of {len(keys)} keys), 90th percentile; "
        f"median {median(flat) * 1000:.1f} ms; baseline: {what}"
    )
    worst_figure = Figure(
        f"{prefix}, worst keystroke of all runs",
        worst,
        base_worst,
        target=f"<= {worst_limit * 1000:.0f} ms",
        passed=worst <= worst_limit,
    )
    worst_figure.notes.append(
        f"the slowest of the {len(flat)} keystrokes: '{keys[where[1]]}' (key {where[1] + 1}) "
        f"of run {where[0] + 1}; the slowest per run: "
        + ", ".join(f"{max(run) * 1000:.0f}" for run in ours)
        + " ms"
    )
    return [p90_figure, worst_figure]
