"""One list of grants as its tab shows it: GetConnectors, UpdateConnectors, special connectors.

Each id granted is shown with the catalog's description, or marked as not in
the catalog; the tab says how many are granted. New opens a picker of the
catalog entries not yet granted, where an id typed by hand is offered too, with
a word on it (not in the catalog, or one of another list). Nothing here imports
Textual.
"""

from __future__ import annotations

from acwizard.catalog import Catalog
from acwizard.changes import SECTION_NAMES
from acwizard.model import ID_MAX_LENGTH, ID_PATTERN, id_sort_key
from acwizard.rules import NOT_IN_CATALOG
from acwizard.text import plural

__all__ = ["MISSING_MARK", "SECTION_TEXT", "Grants", "is_connector_id"]

SECTION_TEXT = {
    "get_connectors": (
        "GetConnectors",
        "GetConnectors the app may call: read access to their data.",
    ),
    "update_connectors": (
        "UpdateConnectors",
        (
            "UpdateConnectors the app may call: write access. Hr*, KnEmployee and Fi* "
            "change personnel, payroll and finance data."
        ),
    ),
    "connectors": (
        "special connectors",
        (
            "Special connectors: AppConnectorSubject (attachments of dossier items; the REST "
            "FileConnector needs it too), AppConnectorVersion (Profit version)."
        ),
    ),
}
"""A name and an explanation for each list."""

MISSING_MARK = f"! {NOT_IN_CATALOG}"
"""The description cell of an id the catalog does not know."""


def is_connector_id(text: str) -> bool:
    """True when `text` may be a connector id (the model's rule: letters, digits, `_ . -`)."""
    return len(text) <= ID_MAX_LENGTH and ID_PATTERN.fullmatch(text) is not None


class Grants:
    """The ids of list `section` (a key of `SECTION_TEXT`) against `catalog`."""

    def __init__(self, section: str, catalog: Catalog) -> None:
        self.section = section
        self.catalog = catalog

    @property
    def name(self) -> str:
        """The list's name: `GetConnectors`, `UpdateConnectors`, `special connectors`."""
        return SECTION_TEXT[self.section][0]

    @property
    def help(self) -> str:
        """What the list is for, in one or two sentences."""
        return SECTION_TEXT[self.section][1]

    def describe(self, connector_id: str) -> str | None:
        """The catalog's description of `connector_id`, or None when it has none."""
        return self.catalog.describe(self.section, connector_id)

    def count_text(self, ids: list[str]) -> str:
        """How many are granted, and how many of those the catalog lacks."""
        if not ids:
            return f"No {self.name} granted. Press n to add."
        count = f"{len(ids)} {plural(SECTION_NAMES[self.section], len(ids))} granted"
        missing = sum(self.describe(connector_id) is None for connector_id in ids)
        if missing:
            count += f" ({missing} {NOT_IN_CATALOG})"
        return count

    def offered(self, granted: list[str]) -> list[tuple[str, str]]:
        """The catalog's entries not yet granted (ignoring case), as the picker lists them."""
        taken = {connector_id.casefold() for connector_id in granted}
        return sorted(
            (
                (key, description)
                for key, description in self.catalog.section(self.section).items()
                if key.casefold() not in taken
            ),
            key=lambda entry: id_sort_key(entry[0]),
        )

    def unknown(self, ids: list[str]) -> list[str]:
        """The ids of `ids` that the catalog lacks."""
        return [key for key in ids if self.catalog.find(self.section, key) is None]

    def unknown_note(self, key: str) -> str:
        """What to say about an id typed in the picker that this list's catalog lacks."""
        for other, (name, _) in SECTION_TEXT.items():
            if other != self.section and self.catalog.find(other, key) is not None:
                return f"! not here: one of the {name}"
        return MISSING_MARK
