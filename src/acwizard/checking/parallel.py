"""Checking many files in two processes: a pool of one forked worker beside this process.

A CI run starts cold: every file is parsed and validated, and parsing is most
of the time. With many files and two CPUs, a worker forked from this process
(which shares the catalog, the settings and whatever is imported here) does
every other item and sends its results back; this process does the rest
meanwhile. The results are put back in order, so the output is byte for byte
the serial one.

The worker comes from `concurrent.futures.ProcessPoolExecutor` with the
`fork` context of `multiprocessing` (docs/benchmarks.md has the measurement
against the hand-made fork and pipe it replaces). The executor, unlike
`multiprocessing.Pool`, notices a worker that dies (BrokenProcessPool; a Pool
waits forever for the lost task): then, as on any failure of the worker,
this process does its share too. Without fork (Windows), with one CPU or few
items, the items are done here, one after the other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from acwizard.workspace import Workspace

__all__ = ["PARALLEL_MIN", "in_two_processes"]

Item = TypeVar("Item")
Done = TypeVar("Done")

PARALLEL_MIN = 400
"""Items before a second process is worth starting (measured: starting the worker and
collecting the results cost about 10 ms; checking a file about 0.1 ms)."""

_work: Callable[[Any], Any] | None = None
"""The work of the running `in_two_processes`, which the forked worker inherits (a closure
cannot be pickled; with fork it need not be)."""


def _work_all(items: list[Any]) -> list[Any]:
    """The worker's share, done with the work it inherited."""
    assert _work is not None
    return [_work(item) for item in items]


def in_two_processes(
    workspace: Workspace, items: list[Item], work: Callable[[Item], Done]
) -> list[Done]:
    """`[work(item) for item in items]`; with many items and two CPUs, in two processes."""
    if len(items) < PARALLEL_MIN or not hasattr(os, "fork") or _cpus() < 2:
        return [work(item) for item in items]
    # Imported here: the TUI, which never forks, need not load them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workspace.catalog  # noqa: B018 - read once, before the fork, for both processes
    # pydantic is not imported here: plainly valid files need none (checking.fastpath),
    # and a process that meets another file imports it then.
    global _work
    theirs_todo = items[1::2]
    sys.stdout.flush()
    sys.stderr.flush()
    _work = work
    theirs: list[Done] | None = None
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            share = pool.submit(_work_all, theirs_todo)
            mine = [work(item) for item in items[0::2]]
            try:
                theirs = _complete(share.result(), len(theirs_todo))
            except Exception:  # noqa: BLE001 - the worker died or failed: its share is done here
                theirs = None
    except OSError:  # no memory or too many processes: all of it here
        return [work(item) for item in items]
    finally:
        _work = None
    if theirs is None:
        theirs = [work(item) for item in theirs_todo]
    merged: list[Done] = []
    for index in range(len(items)):
        merged.append(mine[index // 2] if index % 2 == 0 else theirs[index // 2])
    return merged


def _complete(results: object, count: int) -> list[Any] | None:
    """The worker's results when they are all there, else None."""
    return results if isinstance(results, list) and len(results) == count else None


def _cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
