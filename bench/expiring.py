"""Figure 10: `acwizard expiring` at 5,000 connectors (issue 20), against a tomllib loop.

The large workspace of figure 2 holds no credentials register, so this benchmark
writes its own copy in which every classic connector records one or two classic
tokens (version 3 files, each token with dates, one in four expiring within the
window) and measures what a daily job runs:

- `expiring --today D --format json` (the items a script reads), and
- `expiring --today D --format ics` (the calendar, icalendar imported),

each as a whole process against `bench/tomlloop.py` over the same connectors/
(parsing every file), the three alternating (one baseline series for both), medians compared: at most 2x, the floor for
verbs that read files. Both exit 1 (something expires), which is expected.
"""

from __future__ import annotations

import random
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

from bench.common import REPO, Config, Figure, median, ratio_figure
from bench.validate import checked_run

LIMIT = 2.0
"""expiring may take at most 2x its floor (a tomllib loop over the same files)."""
FORMATS = ("json", "ics")
"""What a script reads, and the calendar."""
TODAY = date(2026, 12, 7)
"""The day the calendar is judged at (`--today`): fixed, so every run lists the same."""


def with_register(source: Path, target: Path, seed: int = 2026) -> Path:
    """A copy of the workspace at `source` in which every classic connector records its
    tokens (version 3), as a workspace that keeps the register does."""
    from acwizard.files.saving import dump_connector
    from acwizard.model import AppConnector

    rng = random.Random(seed)
    (target / "connectors").mkdir(parents=True, exist_ok=True)
    for name in ("acwizard.toml", "catalog.toml"):
        (target / name).write_bytes((source / name).read_bytes())
    for path in sorted((source / "connectors").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data.get("authentication", "classic") == "classic":
            tokens = []
            for number in range(rng.choice((1, 1, 2))):
                issued = TODAY - timedelta(days=rng.randrange(30, 500))
                expires = (
                    TODAY + timedelta(days=rng.randrange(-5, 30))
                    if rng.randrange(4) == 0
                    else date(2027, 5, 1)
                )
                tokens.append(
                    {
                        "user": f"SYS_{path.stem.upper().replace('-', '_')[:40]}",
                        "description": f"{data['description'][:80]} ({number + 1})",
                        "issued": issued,
                        "expires": max(expires, issued),
                        "last_used": max(issued, TODAY - timedelta(days=rng.randrange(0, 200))),
                    }
                )
            data = data | {"schema_version": 3, "authentication": "classic", "tokens": tokens}
            if data.get("ip_restrictions"):  # version 1 masks: written as CIDR by the model
                connector = AppConnector.model_validate(data).settled(floor=2)
            else:
                connector = AppConnector.model_validate(data, context={"file": True})
            text = dump_connector(connector)
        else:
            text = path.read_text(encoding="utf-8")
        (target / "connectors" / path.name).write_text(text, encoding="utf-8")
    return target


def _compare(config: Config, commands: dict[str, list[str]]) -> dict[str, list[float]]:
    """Seconds of each command per run, alternating their order (exit 1 is expected)."""
    samples: dict[str, list[float]] = {case: [] for case in commands}
    if config.warmup:
        for command in commands.values():
            checked_run(command, allowed=1)
    for run in range(config.process_runs):
        order = list(commands) if run % 2 == 0 else list(reversed(commands))
        for case in order:
            samples[case].append(checked_run(commands[case], allowed=1)[0])
    return samples


def measure_expiring(config: Config, large: Path, workdir: Path) -> list[Figure]:
    """Figures 10: expiring as JSON and as iCalendar at config.connectors connectors."""
    root = workdir / f"expiring-{config.connectors}"
    if not (root / "connectors").exists():
        with_register(large, root)
    python = sys.executable
    loop = [python, str(REPO / "bench" / "tomlloop.py"), str(root / "connectors")]
    commands = {"baseline": loop}
    for output in FORMATS:
        commands[output] = [python, "-m", "acwizard", "-w", str(root), "expiring"]
        commands[output] += ["--today", TODAY.isoformat(), "--format", output]
    samples = _compare(config, commands)  # one baseline series, interleaved with both
    base = median(samples["baseline"])
    figures = []
    for output in FORMATS:
        figure = ratio_figure(
            f"10 expiring --format {output}, {config.connectors:,} connectors",
            median(samples[output]),
            base,
            LIMIT,
            "tomllib loop",
        )
        figure.notes.append(
            f"{len(samples[output])} runs each, alternating with the other format and the "
            f"loop; worst acwizard {max(samples[output]) * 1000:.0f} ms, worst baseline "
            f"{max(samples['baseline']) * 1000:.0f} ms; classic connectors record 1-2 tokens "
            "(version 3 files)"
        )
        figures.append(figure)
    return figures
