"""What fmt and migrate print: the comments a rewrite removes, its diff, the summary."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from acwizard.text import file_lines, plural


def comment_note(comment_lines: Sequence[int]) -> str:
    """Which hand-written comments a rewrite removes, or ''."""
    if not comment_lines:
        return ""
    shown = ", ".join(str(line) for line in comment_lines[:10])
    shown += ", ..." if len(comment_lines) > 10 else ""
    count = len(comment_lines)
    return f" (removes the {plural('comment', count)} on {plural('line', count)} {shown})"


def rewrite_diff(shown: str, on_disk: str, rewritten: str, migrate: bool) -> str:
    """The unified diff of a rewrite, for `fmt --diff` and `migrate --diff`; '' if none.

    Comments are copied into the diff as they are: `cli.out` shows bidi and
    C1 characters in them as escapes and keeps line ends.
    """
    return "".join(
        difflib.unified_diff(
            file_lines(on_disk),
            file_lines(rewritten),
            fromfile=f"{shown} (on disk)",
            tofile=f"{shown} ({'version 2' if migrate else 'canonical'})",
        )
    )


def rewrite_summary(
    checked: int, changed: int, dry_run: bool, migrate: bool, refused: int = 0
) -> str:
    """`6 files checked, 2 reformatted` (on stderr); `dry_run`: --check or --diff.

    `refused` files had errors: "0 would be reformatted" and exit 1 would not say why.
    """
    if migrate:
        verb = "would be migrated or reformatted" if dry_run else "migrated or reformatted"
    else:
        verb = "would be reformatted" if dry_run else "reformatted"
    summary = f"{checked} {plural('file', checked)} checked, {changed} {verb}"
    if refused:
        undone = "not checked" if dry_run else "not migrated" if migrate else "not formatted"
        summary += f", {refused} {undone}: {plural('it has', refused, 'they have')} errors"
    return summary
