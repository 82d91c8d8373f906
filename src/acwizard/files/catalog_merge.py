"""Profit's descriptions of GetConnectors and UpdateConnectors, as catalog.toml entries.

`acwizard import` prints the entries an answer brings that the workspace's
catalog lacks, as a snippet to paste, or merges them into `catalog.toml` with
`--write-catalog`. The merge keeps the file's comments, order and formatting
(tomlkit edits the document in place), only adds ids the catalog does not have
in any spelling (the built-in catalog included), never changes an entry the
admin wrote, and writes atomically under the workspace lock, refusing to
replace a file that changed since it was read. A catalog with errors is not
touched: fix it first. This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tomli_w

from acwizard.catalog import Catalog
from acwizard.files.layout import CATALOG_FILE
from acwizard.files.reading import MAX_CATALOG_BYTES, fingerprint, read_regular_file
from acwizard.files.saving import SaveConflict, replace_file
from acwizard.text import visible
from acwizard.workspace import Workspace

SECTIONS = ("get_connectors", "update_connectors", "connectors")


@dataclass
class NewEntries:
    """Entries to add per catalog section, in the order found."""

    sections: dict[str, dict[str, str]] = field(
        default_factory=lambda: {section: {} for section in SECTIONS}
    )
    _folded: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def add(self, catalog: Catalog, section: str, ident: str, description: str) -> None:
        """Remember `ident` unless the catalog (or this list) already has it in any spelling."""
        if not description.strip() or catalog.find(section, ident) is not None:
            return
        folded = (section, ident.casefold())
        if folded in self._folded:
            return
        self._folded.add(folded)
        self.sections[section][ident] = description

    @property
    def count(self) -> int:
        """How many entries there are."""
        return sum(len(entries) for entries in self.sections.values())

    def snippet(self) -> str:
        """The entries as catalog.toml text to paste."""
        tables = {name: dict(sorted(entries.items())) for name, entries in self.sections.items()}
        return tomli_w.dumps({name: entries for name, entries in tables.items() if entries})


def merge_into_catalog(workspace: Workspace, entries: NewEntries) -> str:
    """Add `entries` to the workspace's catalog.toml, keeping its comments; a sentence saying
    what was done. Raises ValueError (with the reason) when it cannot be done safely."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = workspace.root / CATALOG_FILE
    errors = [problem for problem in workspace.catalog_problems if problem.is_error]
    if errors:
        raise ValueError(f"{CATALOG_FILE} has errors; fix them first ({errors[0].message})")
    exists = path.exists() or path.is_symlink()
    try:
        raw = read_regular_file(path, MAX_CATALOG_BYTES) if exists else b""
        text = raw.decode("utf-8")
    except OSError as exc:
        raise ValueError(f"{CATALOG_FILE} cannot be read: {exc.strerror or 'error'}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{CATALOG_FILE} is not UTF-8 text") from None
    if len(raw) > MAX_CATALOG_BYTES:
        raise ValueError(f"{CATALOG_FILE} is too large to merge into")
    try:
        document = tomlkit.parse(text)
        for section, found in entries.sections.items():
            if not found:
                continue
            table = document.get(section)
            if table is None:
                table = tomlkit.table()
                document[section] = table
            for ident, description in sorted(found.items()):
                table[ident] = description
        merged = tomlkit.dumps(document)
    except (TOMLKitError, TypeError, ValueError):
        raise ValueError(f"{CATALOG_FILE} cannot be edited while keeping its comments") from None
    try:
        changed = replace_file(path, merged, fingerprint(text) if exists else None)
    except SaveConflict:
        raise ValueError(f"{CATALOG_FILE} changed on disk since it was read; not written") from None
    except OSError as exc:
        raise ValueError(f"{CATALOG_FILE} not written: {exc.strerror or 'error'}") from None
    if not changed:
        return f"{CATALOG_FILE}: nothing to add"
    return f"{CATALOG_FILE}: added {entries.count} {'entry' if entries.count == 1 else 'entries'}"


def shown(description: str) -> str:
    """A description as printed."""
    return visible(description, 100)
