"""The secret guard on a parsed workspace file: each value that looks like a credential is an
error at its line, named by its field and what it looks like, never by its value.

Every reader of a workspace file asks this once the file is parsed: connector
files (`checking.document.read_connector` and the fast path), `catalog.toml`
(`acwizard.catalog`) and `acwizard.toml` (`files.settings`). So validate, the
pre-commit hook and CI refuse such a file, `fmt` and `migrate` never rewrite it,
and a verb that would print the value finds the file invalid first. The rule
itself is `acwizard.guard`'s; the hatch is its `not_secret` key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acwizard.files.positions import Positions
from acwizard.guard import (
    HATCH_KEY,
    REDACTED,
    KeyPath,
    hatch_fields,
    refusal,
    refused_values,
    secret_kind,
    unneeded_hatch_fields,
)
from acwizard.problems import Problem

__all__ = ["not_said_twice", "secret_problems"]


def secret_problems(
    path: Path, data: dict[str, Any], positions: Positions, *, hatch_errors: bool = True
) -> list[Problem]:
    """The guard's problems of one parsed file: an error for each value (or key) that looks
    like a credential, at its line; a warning for each `not_secret` entry that silences
    nothing; with `hatch_errors`, an error for each entry that names no field (a connector
    file's model says that itself).

    A key that is itself a credential is placed at its own line, and so is what it holds;
    its name is never shown.
    """
    fields, hatch_problems = hatch_fields(data)
    hatch_line = positions.line_of((HATCH_KEY,))
    problems = (
        [Problem(path, hatch_line, "error", message) for message in hatch_problems]
        if hatch_errors
        else []
    )
    keys = _SecretKeys(data)
    for where, kind in refused_values(data, fields):
        line = positions.line_of(keys.path_of(where))
        problems.append(Problem(path, line, "error", refusal(where, kind)))
    if fields:
        entries = data.get(HATCH_KEY)
        for name in unneeded_hatch_fields(data, fields):
            for index in _positions_of(entries, name):
                problems.append(
                    Problem(
                        path,
                        hatch_line,
                        "warning",
                        f"{HATCH_KEY}[{index}]: confirms a field whose value no longer looks "
                        "like a secret; remove the entry",
                    )
                )
    return problems


def not_said_twice(guarded: list[Problem], others: list[Problem]) -> list[Problem]:
    """`guarded` (the guard's problems) without those at a line where one of `others` (the
    file's own rules) is an error already: a key named like a secret, a URL with a password
    or a query. One line is refused once, and no rule's message repeats the value
    (`model.errors.shown_value`)."""
    refused = {problem.line for problem in others if problem.is_error}
    return [problem for problem in guarded if problem.line not in refused]


class _SecretKeys:
    """The real key paths of the guard's answers, whose keys that are credentials read
    `REDACTED`: looked up in the document in the order the guard walks it, never shown."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.found: dict[KeyPath, list[str]] = {}
        """Per table (its real path), the keys the guard refused, in the order it met them."""

    def path_of(self, where: KeyPath) -> KeyPath:
        """`where` with each `REDACTED` replaced by the key it stands for."""
        real: list[str | int] = []
        node: object = self.data
        for depth, part in enumerate(where):
            if part == REDACTED and isinstance(node, dict):
                table = tuple(real)
                seen = self.found.setdefault(table, [])
                if depth == len(where) - 1:  # the key's own answer comes first: the next one
                    keys = [key for key in node if isinstance(key, str) and secret_kind(key)]
                    if len(seen) < len(keys):
                        seen.append(keys[len(seen)])
                if not seen:
                    return tuple(real)
                part = seen[-1]
            real.append(part)
            node = node.get(part) if isinstance(node, dict) else _item(node, part)
        return tuple(real)


def _item(node: object, part: str | int) -> object:
    """The list item at `part`, or None."""
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _positions_of(entries: object, name: str) -> list[int]:
    """The positions of `name` in the `not_secret` list (named by position: an entry's text
    could itself be a pasted secret)."""
    if not isinstance(entries, list):
        return []
    return [index for index, entry in enumerate(entries) if entry == name]
