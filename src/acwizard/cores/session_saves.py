"""What this session wrote: per connector, its state before the first save and after the last.

A saved file changes nothing in Profit: every change is clicked by hand (issue 21).
The clicks that make Profit match the file are those between what Profit had when
the session began and what the file says now, not those of the last save alone: a
revoke saved first and a grant saved next are both still to click, and a save that
undoes an earlier one leaves nothing to click. `SessionSaves` keeps, per connector,
the state before its FIRST save of this session and after its LAST one:

- a save of a connector the list opened: before = the connector as opened;
- the New wizard's Finish: before = None (Profit does not have it yet);
- a delete from the list: after = None (Profit still has it until it is deleted there).

Only the model's type is named here, and only for the type checker: the app makes
one `SessionSaves` as it starts, before the list's first paint, which must not
wait for pydantic (tests/test_store.py). This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from acwizard.model import AppConnector

__all__ = ["SavedConnector", "SessionSaves"]


@dataclass(frozen=True)
class SavedConnector:
    """One connector's saves of this session, combined: from its first before to its last
    after."""

    connector_id: str
    before: AppConnector | None
    """The connector before the first save of this session; None when the New wizard
    created it in this session (Profit does not have it yet)."""
    after: AppConnector | None
    """The connector after the last save; None when it was deleted in this session."""
    saves: int = 1
    """How many saves (Finish, OK, a delete) this session made of it."""

    @property
    def created(self) -> bool:
        """True when the steps are Profit's create flow (or nothing, if deleted again)."""
        return self.before is None

    @property
    def deleted(self) -> bool:
        """True when the file was deleted in this session."""
        return self.after is None

    @property
    def unchanged(self) -> bool:
        """True when the last save undid the earlier ones: nothing to click in Profit."""
        return self.before == self.after


class SessionSaves:
    """Every connector this session created, saved or deleted, in the order of their
    first save."""

    def __init__(self) -> None:
        self._saved: dict[str, SavedConnector] = {}

    def saved(
        self, connector_id: str, before: AppConnector | None, after: AppConnector | None
    ) -> SavedConnector:
        """Record a save of `connector_id` from `before` to `after`; what it adds up to.

        The first save of a connector keeps its `before`; later ones only move `after`.
        """
        first = self._saved.get(connector_id)
        if first is not None:
            entry = SavedConnector(connector_id, first.before, after, first.saves + 1)
        else:
            entry = SavedConnector(connector_id, before, after)
        self._saved[connector_id] = entry
        return entry

    def created(self, connector_id: str, after: AppConnector) -> SavedConnector:
        """Record that the New wizard wrote `after`, which Profit does not have yet."""
        return self.saved(connector_id, None, after)

    def deleted(self, connector_id: str, before: AppConnector | None) -> SavedConnector | None:
        """Record that `connector_id`'s file was deleted; `before`: what it said (None when
        it did not validate). None when nothing is known of what Profit has."""
        if connector_id not in self._saved and before is None:
            return None
        return self.saved(connector_id, before, None)

    def get(self, connector_id: str | None) -> SavedConnector | None:
        """The saves of `connector_id` in this session, combined; None when it has none."""
        return self._saved.get(connector_id) if connector_id is not None else None

    def all(self) -> list[SavedConnector]:
        """Every connector saved in this session, the first saved first."""
        return list(self._saved.values())

    def __len__(self) -> int:
        """How many connectors this session saved, created or deleted."""
        return len(self._saved)
