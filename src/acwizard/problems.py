"""Problems found in workspace files, and how pydantic's errors become them.

Every problem acwizard reports has a file, a line, a severity and a message
that names the field, so that `validate` prints lines editors and CI
understand (`path:line: error: message`) and the TUI can show the same words.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from acwizard.files.positions import Positions
from acwizard.model.errors import shown_value
from acwizard.model.format import CREDENTIAL_KEY_PLACES, SECRET_WORDS
from acwizard.text import escaped, plural, visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (error) or worth a look (warning) at one line of a file."""

    path: Path
    line: int
    severity: Severity
    message: str

    def format(self, base: Path | None = None) -> str:
        """`path:line: severity: message`, with the path relative to `base` when inside it.

        Never shortened: editors jump to the path, so all of it is shown (made visible).
        """
        return f"{_shown_path(self.path, base)}:{self.line}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning."""
        return self.severity == "error"


@lru_cache(maxsize=256)
def _shown_path(path: Path, base: Path | None) -> str:
    """`path` relative to `base` when inside it, made visible; worked out once per file (a
    file with a thousand problems asked a thousand times, which took most of a second)."""
    shown = path
    if base is not None:
        try:
            shown = Path(os.path.relpath(path, base))
        except ValueError:
            shown = path
        if str(shown).startswith(".."):
            shown = path
    return escaped(str(shown))


PROBLEMS_PER_FILE = 1000
"""Problems listed per file; the rest are counted in one last problem. A file of 100,000
unknown tables gave 100,000 lines (13 s to validate, 25 s in the TUI's problems view);
nobody fixes a file from its thousandth problem."""
SUGGESTIONS_PER_FILE = 100
"""Unknown keys per file that get a "did you mean" (each is a fuzzy search of the keys)."""


def more_problems(path: Path, line: int, errors: int, warnings: int) -> Problem:
    """The one problem that counts what `PROBLEMS_PER_FILE` left out of a file's list."""
    count = errors + warnings
    return Problem(
        path,
        line,
        "error" if errors else "warning",
        f"{count:,} more {plural('problem', count)} not listed ({errors:,} "
        f"{plural('error', errors)}, {warnings:,} {plural('warning', warnings)}): fix those "
        "above first",
    )


def has_errors(problems: list[Problem]) -> bool:
    """True when any of `problems` is an error."""
    return any(problem.is_error for problem in problems)


def dotted(loc: tuple[str | int, ...]) -> str:
    """A key path as people write it: `ip_restrictions[1].subnet_mask`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + visible(part, 60)
    return out


_TYPE_MESSAGES = {
    "bool_type": "must be true or false (without quotes)",
    "string_type": "must be a text in double quotes",
    "list_type": 'must be a list, such as ["..."]',
    "int_type": "must be a whole number",
    "model_type": 'must be a table, such as { address = "203.0.113.7", access = "allowed" }',
    "model_attributes_type": (
        'must be a table, such as { address = "203.0.113.7", access = "allowed" }'
    ),
    "missing": "is required",
    "date_type": "must be a date without quotes, such as 2027-06-30",
    "literal_error": None,
}
"""Plain words for pydantic's type errors."""


def error_text(error: Any) -> str:
    """What one pydantic error dict says is wrong, in plain words, without where.

    The one wording of pydantic's errors: `describe_error` puts the key path
    before it for files, `field_errors` puts it beside a field in the TUI.
    Our own validators' messages are used as written.
    """
    return _TYPE_MESSAGES.get(error["type"]) or str(error["msg"])


def first_error(errors: list[Any]) -> tuple[str, str]:
    """Where the first of pydantic's errors is (dotted key path, or the key a model rule
    names; "" for the whole) and what it says, in `error_text`'s words: for a form that
    shows one message at a time."""
    error = errors[0]
    context = error.get("ctx") or {}
    path = context.get("path") or ()
    where = str(context.get("key") or ".".join(str(part) for part in (*error["loc"], *path)))
    return where, error_text(error)


def field_errors(errors: list[Any]) -> dict[str, str]:
    """The first message for each top-level field of pydantic's errors (`connector` for the whole)."""
    by_field: dict[str, str] = {}
    for error in errors:
        field = str(error["loc"][0]) if error["loc"] else "connector"
        by_field.setdefault(field, error_text(error))
    return by_field


def describe_error(
    error: Any, known_keys: dict[tuple[str | int, ...], list[str]]
) -> tuple[tuple[str | int, ...], str]:
    """The key path and message for one pydantic error dict.

    `known_keys` maps a parent path (`()` or `("ip_restrictions", 0)`) to the
    keys allowed there, for "did you mean" hints on unknown keys (an empty
    mapping: no hint).
    """
    loc = tuple(error["loc"])
    kind = error["type"]
    context = error.get("ctx") or {}
    if "index" in context:
        loc = (*loc, context["index"])
    if "key" in context:
        loc = (*loc, context["key"])
    if "path" in context:  # a rule of the whole file about a key in a table (oauth.secrets)
        loc = (*loc, *context["path"])
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = loc[:-1]
        where = f"{dotted(parent)}: " if parent else ""
        if is_secret_key(key, parent):
            # Never a "did you mean": no key of the format holds a secret.
            return loc, (
                f"{where}unknown key {shown_value(key, limit=60)}: secrets (client secrets, private "
                "keys, tokens, passwords) never go into files; keep them in the app's secret store"
            )
        parent_shape = tuple(0 if isinstance(part, int) else part for part in parent)
        hint = ""
        candidates = known_keys.get(parent_shape)
        close = difflib.get_close_matches(key, candidates, n=1) if candidates else []
        if close:
            hint = f"; did you mean '{close[0]}'?"
        return loc, f"{where}unknown key {shown_value(key, limit=60)}{hint}"
    if kind == "literal_error" and loc == ("schema_version",):
        return loc, "schema_version: must be 2, 3 (with the credentials register) or 1"
    message = error_text(error)
    if kind == "missing":
        return loc, f"{dotted(loc)} {message}"
    return loc, f"{dotted(loc)}: {message}" if loc else message


def is_secret_key(key: str, parent: tuple[str | int, ...] | None = None) -> bool:
    """True when a key's name says it holds a secret (client_secret, private_key, token...).

    The credentials register's own keys (`tokens`, `secrets`, `client_id_hint`) and the
    guard's `not_secret` hold no secret where they belong (`CREDENTIAL_KEY_PLACES`, the
    table `parent`; None: the key's place is not known, as in the JSON Schema's list of
    keys); anywhere else they are secrets' names like any other.
    """
    place = CREDENTIAL_KEY_PLACES.get(key)
    if place is not None and (parent is None or _shape(parent) == place):
        return False
    folded = key.casefold().replace("-", "_")
    if folded.startswith("secret_valid"):  # secret_validity_days, and its typos: days, no secret
        return False
    return any(word in folded for word in SECRET_WORDS)


def _shape(path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """A key path with every list position as 0: `("webhooks", 0)` for any webhook."""
    return tuple(0 if isinstance(part, int) else part for part in path)


def problems_from_validation(
    path: Path,
    errors: list[Any],
    positions: Positions,
    known_keys: dict[tuple[str | int, ...], list[str]],
) -> list[Problem]:
    """Turn pydantic errors into problems at the lines `positions` gives: the first
    `PROBLEMS_PER_FILE`, then one that counts the rest; "did you mean" for the first
    `SUGGESTIONS_PER_FILE` unknown keys."""
    problems = []
    suggestions = 0
    for error in errors[:PROBLEMS_PER_FILE]:
        suggest = suggestions < SUGGESTIONS_PER_FILE
        loc, message = describe_error(error, known_keys if suggest else {})
        suggestions += error["type"] == "extra_forbidden"
        # A missing key has no line: its table's (`[oauth]`, a webhook's line), else line 1.
        line = positions.line_of(loc)
        problems.append(Problem(path, line, "error", message))
    problems.sort(key=lambda problem: problem.line)
    if len(errors) > PROBLEMS_PER_FILE:
        problems.append(more_problems(path, problems[-1].line, len(errors) - PROBLEMS_PER_FILE, 0))
    return problems
