"""Connector ids: the file name of a connector, derived once from its description.

An id is lowercase ASCII letters, digits and single hyphens, never a name
Windows reserves; a new connector takes the first free one of its
description's slug, then the slug with -2, -3, ...
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from acwizard.files.layout import connector_files
from acwizard.text import visible

SLUG_MAX_LENGTH = 48
"""Longest file name (without `.toml`) derived from a description."""


_SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)
"""Names Windows refuses as file names, whatever the extension."""


def id_problem(path: Path) -> str | None:
    """Why the file name of `path` is not a valid connector id, or None."""
    stem = path.name.removesuffix(".toml")
    if len(stem) > SLUG_MAX_LENGTH + 8 or not _SLUG_PATTERN.fullmatch(stem):
        return (
            f"file name '{visible(path.name, 60)}' is not a valid connector id: use lowercase "
            f"letters, digits and single hyphens, such as {slugify(stem)}.toml"
        )
    if stem in _RESERVED_NAMES:
        return f"file name '{path.name}' is reserved on Windows; rename it"
    return None


def slugify(description: str) -> str:
    """A file-name-safe id for a description: lowercase ASCII letters, digits and hyphens."""
    ascii_text = (
        unicodedata.normalize("NFKD", description).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:SLUG_MAX_LENGTH].rstrip("-") or "connector"
    if slug in _RESERVED_NAMES:
        slug = f"{slug}-connector"
    return slug


def candidate_ids(description: str) -> Iterator[str]:
    """The slug of `description`, then the slug with -2, -3, ... for uniqueness."""
    slug = slugify(description)
    yield slug
    for number in range(2, 10_000):
        suffix = f"-{number}"
        yield slug[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix


def taken_ids(root: Path) -> set[str]:
    """The ids the workspace's files use now, in lower case (a case-insensitive file
    system keeps `Payroll-Sync.toml` and `payroll-sync.toml` apart no better)."""
    return {path.name[:-5].lower() for path in connector_files(root)}


def free_ids(root: Path, description: str) -> Iterator[str]:
    """The candidate ids for `description` that no file in the workspace uses now."""
    taken = taken_ids(root)
    return (candidate for candidate in candidate_ids(description) if candidate not in taken)


def new_connector_id(root: Path, description: str) -> str:
    """The id a new connector with `description` would get now."""
    for candidate in free_ids(root, description):
        return candidate
    raise RuntimeError("no free connector id")  # pragma: no cover - 10,000 namesakes
