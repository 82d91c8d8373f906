"""Figure 9: the secret guard over every value of 5,000 connector files, against parsing them.

    python -m bench.guard            # 5,000 documents
    python -m bench.guard --quick    # 300

validate will run `acwizard.guard.refused_values` on every parsed document, so its
cost is put beside its floor, `tomllib.loads` of the same texts, in one process
(no interpreter start on either side): the demo's six connector files cycled to
5,000 documents, and the same documents with 1 KB of notes each that open every
search of the guard (a URL, the words token, secret, key, Bearer, Authorization,
dots), the worst ordinary case. Runs alternate, medians compared; CPU time of
this thread, so other processes on the machine do not count.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from collections.abc import Callable

from bench.common import DEMO, Figure, median, ratio_figure, render_notes, render_table

LIMIT = 1.0
"""The guard over a document may cost at most what parsing it costs (validate's floor is 2x)."""

NOTES = (
    "Owner: HR systems team (RFC-2291). Token rotation: yearly; the client secret is renewed "
    "every 180 days, see https://wiki.example.com/afas/payroll?page=keys&lang=en. Authorization "
    "by the payroll lead; Bearer tokens last 3600 s. Commit 30ab2f1, PRIVATE notes in the vault. "
)
"""About 300 characters of notes that reach every search; repeated to about 1 KB per file."""


def demo_texts(count: int, long_notes: bool) -> list[str]:
    """`count` connector files: the demo's, cycled, each with 1 KB of notes when asked."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((DEMO / "connectors").glob("*"))]
    if long_notes:
        notes = (NOTES * 4).strip()
        texts = [
            text.replace('description = "', f'notes = "{notes}"\ndescription = "', 1)
            if "\nnotes = " not in text
            else text
            for text in texts
        ]
    return [texts[index % len(texts)] for index in range(count)]


def cpu_seconds(work: Callable[[], object]) -> float:
    """CPU seconds of this thread spent in `work`."""
    start = time.thread_time()
    work()
    return time.thread_time() - start


def measure(name: str, texts: list[str], runs: int) -> Figure:
    """The guard over the parsed `texts` against parsing them, medians of alternate runs."""
    from acwizard.guard import refused_values

    documents = [tomllib.loads(text) for text in texts]
    found = sum(1 for document in documents for _ in refused_values(document))
    if found:
        raise RuntimeError(f"{name}: the guard refused {found} values of harmless files")
    parse: list[float] = []
    scan: list[float] = []
    for _ in range(runs):
        parse.append(cpu_seconds(lambda: [tomllib.loads(text) for text in texts]))
        scan.append(cpu_seconds(lambda: [list(refused_values(doc)) for doc in documents]))
    figure = ratio_figure(name, median(scan), median(parse), LIMIT, "tomllib parse")
    figure.notes.append(
        f"{len(texts):,} documents, {sum(map(len, texts)) / len(texts):,.0f} characters each on "
        f"average; median of {runs} runs each (guard {min(scan):.3f}-{max(scan):.3f} s, "
        f"parse {min(parse):.3f}-{max(parse):.3f} s), CPU time"
    )
    return figure


def measure_guard(count: int = 5_000, runs: int = 5) -> list[Figure]:
    """Figure 9a (demo files) and 9b (with 1 KB of notes that open every search)."""
    return [
        measure("9a guard, demo files", demo_texts(count, long_notes=False), runs),
        measure("9b guard, 1 KB notes", demo_texts(count, long_notes=True), runs),
    ]


def main(argv: list[str] | None = None) -> int:
    """Print figure 9; 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.guard", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 documents, 3 runs")
    options = parser.parse_args(argv)
    figures = measure_guard(300, 3) if options.quick else measure_guard()
    print(render_table(figures))
    print()
    print("Notes:")
    print(render_notes(figures))
    return 1 if any(figure.passed is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
