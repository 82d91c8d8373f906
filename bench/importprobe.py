"""Run a module or script with `-X importtime` output going to a file, not the terminal.

Textual draws on stderr, and `-X importtime` writes to stderr too. This wrapper,
started as `python -X importtime -m bench.importprobe OUT -m MODULE ARGS...` (or
`... OUT SCRIPT ARGS...`), moves file descriptor 2 to OUT and gives Python's
`sys.__stderr__` a new handle on the terminal, so the app draws as usual
while the interpreter logs every import to OUT.
"""

from __future__ import annotations

import os
import runpy
import sys


def main() -> None:
    """Swap stderr, then run the target as `__main__`."""
    out, *rest = sys.argv[1:]
    terminal = os.dup(2)
    log = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 2)
    os.close(log)
    # Replacing sys.__stderr__ is this module's purpose (see above), though typeshed marks it
    # Final; the handle lives as long as the process, so no `with`.
    stderr = open(terminal, "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    sys.stderr = sys.__stderr__ = stderr  # type: ignore[misc]
    if rest[0] == "-m":
        sys.argv = [rest[1], *rest[2:]]
        runpy.run_module(rest[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = rest
        runpy.run_path(rest[0], run_name="__main__")


if __name__ == "__main__":
    main()
