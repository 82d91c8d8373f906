"""Which connectors and user groups exist: the built-in catalog plus the environment's own.

The built-in catalog (`builtin_catalog.toml`, shipped in the package) holds the
standard UpdateConnectors AFAS publishes and the special connectors.
GetConnectors and user groups are made per environment, so a workspace's
`catalog.toml` adds them, and may override any built-in description.
Catalogs are often incomplete, so an id missing from the catalog is a warning,
never an error.

Case: each id and user group has one spelling, the catalog's. `find` matches
ignoring case and returns that spelling; `correct_spelling` tells when a
connector file spells a known id differently, which the rules report as a
"did you mean" warning. So that the spelling is well defined, a catalog may not
list one id twice in different case, and `catalog.toml` may not respell an id
of the built-in catalog. This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from acwizard.fileformat import ID_PATTERN
from acwizard.files.layout import CATALOG_FILE
from acwizard.files.quicktoml import parse as parse_toml  # tomllib for all but plain TOML
from acwizard.files.reading import MAX_CATALOG_BYTES
from acwizard.problems import Problem
from acwizard.text import invisible_only, unsafe_character, visible

BUILTIN_CATALOG = Path(__file__).with_name("builtin_catalog.toml")
"""The catalog shipped with acwizard."""

SECTIONS = ("get_connectors", "update_connectors", "connectors", "user_groups")
"""The tables of a catalog file, in the order of Profit's tabs."""


@dataclass
class Catalog:
    """For each section, a mapping of id (or user group name) to its description."""

    entries: dict[str, dict[str, str]] = field(
        default_factory=lambda: {section: {} for section in SECTIONS}
    )
    _folded: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def section(self, name: str) -> dict[str, str]:
        """The entries of one section."""
        return self.entries[name]

    def find(self, section: str, key: str) -> str | None:
        """The catalog's spelling of `key`, matching case-insensitively; None if absent."""
        entries = self.entries[section]
        if key in entries:
            return key
        folded = self._folded.get(section)
        if folded is None:
            folded = {name.casefold(): name for name in entries}
            self._folded[section] = folded
        return folded.get(key.casefold())

    def correct_spelling(self, section: str, key: str) -> str | None:
        """The catalog's spelling when `key` matches an entry only if case is ignored, else None.

        None both when `key` is spelled exactly as in the catalog and when the
        catalog does not have it at all.
        """
        found = self.find(section, key)
        return None if found is None or found == key else found

    def describe(self, section: str, key: str) -> str | None:
        """The description of `key` in `section`, or None when it is not in the catalog."""
        found = self.find(section, key)
        return None if found is None else self.entries[section][found]

    def merge(self, other: Catalog) -> None:
        """Add `other`'s entries, its descriptions winning over ours; our spelling wins."""
        for section in SECTIONS:
            for key, description in other.entries[section].items():
                self.entries[section][self.find(section, key) or key] = description
            self._folded.clear()


@cache
def _builtin_spellings() -> dict[str, dict[str, str]]:
    """For each section of the built-in catalog, its ids by their case-folded form."""
    builtin, _ = read_catalog_file(BUILTIN_CATALOG)
    return {
        section: {key.casefold(): key for key in builtin.entries[section]} for section in SECTIONS
    }


def read_catalog_file(path: Path) -> tuple[Catalog, list[Problem]]:
    """Read one catalog file; bad entries are skipped and reported at their line."""
    builtin = {} if path == BUILTIN_CATALOG else _builtin_spellings()
    catalog = Catalog()
    document = parse_toml(path, MAX_CATALOG_BYTES)
    if document.data is None:
        return catalog, document.problems
    problems: list[Problem] = []
    spellings: dict[str, dict[str, str]] = {}  # per section, the ids so far by folded form
    line_of = document.positions.line_of
    for section, table in document.data.items():
        if section not in SECTIONS:
            problems.append(
                Problem(
                    path,
                    line_of((section,)),
                    "error",
                    f"unknown table '{visible(section, 60)}'; a catalog has "
                    + ", ".join(f"[{name}]" for name in SECTIONS),
                )
            )
            continue
        if not isinstance(table, dict):
            problems.append(
                Problem(path, line_of((section,)), "error", f"{section}: must be a table")
            )
            continue
        for key, description in table.items():
            reason = _entry_problem(section, key, description)
            if reason:
                problems.append(
                    Problem(path, line_of((section, key)), "error", f"{section}.{reason}")
                )
                continue
            twin = spellings.setdefault(section, {}).get(key.casefold())
            if twin is not None:
                problems.append(
                    Problem(
                        path,
                        line_of((section, key)),
                        "error",
                        f"{section}.'{visible(key, 60)}': also listed as '{visible(twin, 60)}'; "
                        "an id has one spelling, so list it once",
                    )
                )
                continue
            official = builtin.get(section, {}).get(key.casefold())
            if official is not None and official != key:
                problems.append(
                    Problem(
                        path,
                        line_of((section, key)),
                        "warning",
                        f"{section}.{visible(key, 60)}: the built-in catalog spells it "
                        f"'{official}'; connector files must use that spelling",
                    )
                )
            catalog.entries[section][key] = description
            spellings[section][key.casefold()] = key
    return catalog, problems


def _entry_problem(section: str, key: str, description: object) -> str | None:
    """Why one catalog entry is unusable, or None."""
    shown = visible(key, 60)
    if section == "user_groups":
        reason = unsafe_character(key) if key.strip() == key and key else "is empty or padded"
        reason = reason or invisible_only(key)
        if reason:
            return f"'{shown}': the user group name {reason}"
    elif not ID_PATTERN.fullmatch(key):
        return f"'{shown}': not a valid connector id (letters, digits, '_', '.', '-')"
    if not isinstance(description, str):
        return f"{shown}: the description must be a text in double quotes"
    reason = unsafe_character(description)
    if reason:
        return f"{shown}: the description {reason}"
    return None


def load_catalog(root: Path | None) -> tuple[Catalog, list[Problem]]:
    """The built-in catalog merged with the workspace's `catalog.toml`, if any."""
    catalog, problems = read_catalog_file(BUILTIN_CATALOG)
    if root is not None:
        path = root / CATALOG_FILE
        if path.exists() or path.is_symlink():
            own, own_problems = read_catalog_file(path)
            catalog.merge(own)
            problems += own_problems
    return catalog, problems
