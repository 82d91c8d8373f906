"""validate's lines: `path:line: severity: message`, and the summary."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from acwizard.text import escaped, plural

if TYPE_CHECKING:
    from acwizard.problems import Problem


def problem_lines(problems: Sequence[Problem], base: Path | None = None) -> list[str]:
    """`path:line: severity: message` for each problem, paths relative to `base` where inside."""
    return [problem.format(base) for problem in problems]


def validate_summary(checked: int, problems: Sequence[Problem]) -> str:
    """`3 files checked: 1 error, 2 warnings` (validate prints it on stderr)."""
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    return (
        f"{checked} {plural('file', checked)} checked: {errors} {plural('error', errors)}, "
        f"{warnings} {plural('warning', warnings)}"
    )


def shown_path(path: Path, base: Path | None = None) -> str:
    """`path` as validate shows it: relative to `base` (the working directory) when inside
    it, else as it is; escaped, never cut (an editor jumps to it)."""
    base = Path.cwd() if base is None else base
    try:
        relative = os.path.relpath(path, base)
    except ValueError:  # another drive (Windows)
        relative = str(path)
    return escaped(str(path) if relative.startswith("..") else relative)
