"""Checking many files in two processes: a forked child beside this process.

A CI run starts cold: every file is parsed and validated, and parsing is most
of the time. With many files and two CPUs, a child forked from this process
(which shares the catalog, the settings and whatever is imported here) does
every other item and sends its results back through a pipe; this process does
the rest meanwhile. The results are put back in order, so the output is byte
for byte the serial one.

Why not `multiprocessing` (issue 19 asked for a pool with the fork context
unless a measurement said otherwise): measured on this project's 2-CPU
machine (docs/benchmarks.md, "Two processes"), a `ProcessPoolExecutor` with
the fork context costs 20-25 ms of CPU to import in the command line
(`concurrent.futures.process` and `multiprocessing`; `multiprocessing.Process`
with a `Pipe`, 15 ms) and about 7 ms more per run to start and stop its
worker, against nothing for `os.fork` and a pipe. The cold 5,000-file
figures it serves sit at 1.15x-1.50x of their 1.5x limits, so 30 ms (5-6 %)
would push "first run" past its target. The hand-made fork stays, small and
tested: a child that fails or dies is noticed (its exit status, its
incomplete results) and its share is done here.
"""

from __future__ import annotations

import contextlib
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
"""Files to check before a second process is worth forking (measured: forking and
collecting the results cost about 10 ms; checking a file about 0.1 ms)."""


def in_two_processes(
    workspace: Workspace, items: list[Item], work: Callable[[Item], Done]
) -> list[Done]:
    """`[work(item) for item in items]`; with many items and two CPUs, in two processes.

    A CI run starts cold: every file is parsed and validated, and parsing is
    most of the time. A forked child (which shares the catalog, the settings
    and pydantic already loaded here) does every other item and sends its
    results back through a pipe; this process does the rest. The results are
    put back in order, so the output is byte for byte the serial one. Without
    fork (Windows), with one CPU or few items, or if the child fails in any
    way, the items are done here, one after the other.
    """
    if len(items) < PARALLEL_MIN or not hasattr(os, "fork") or _cpus() < 2:
        return [work(item) for item in items]
    import pickle  # here: the TUI, which never forks, need not load it

    workspace.catalog  # noqa: B018 - read once, before the fork, for both processes
    # pydantic is not imported here: plainly valid files need none (checking.fastpath),
    # and a process that meets another file imports it then.

    theirs_todo = items[1::2]
    sys.stdout.flush()
    sys.stderr.flush()
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no memory or too many processes: do them all here
        os.close(reader)
        os.close(writer)
        return [work(item) for item in items]
    if pid == 0:  # the child: do its share, send it, and leave without any clean-up
        status = 1
        try:
            os.close(reader)
            data = pickle.dumps([work(item) for item in theirs_todo], pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    try:
        mine = [work(item) for item in items[0::2]]
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    finally:
        with contextlib.suppress(OSError):
            os.close(reader)
        _, status = os.waitpid(pid, 0)
    theirs = _unpickled(data, len(theirs_todo)) if status == 0 else None
    if theirs is None:  # the child failed: do its share here
        theirs = [work(item) for item in theirs_todo]
    merged: list[Done] = []
    for index in range(len(items)):
        merged.append(mine[index // 2] if index % 2 == 0 else theirs[index // 2])
    return merged


def _unpickled(data: bytes, count: int) -> list[Any] | None:
    """The child's results (our own process wrote them), or None if they are incomplete."""
    import pickle

    try:
        results = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a child killed mid-write: check its share here
        return None
    return results if isinstance(results, list) and len(results) == count else None


def _cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
