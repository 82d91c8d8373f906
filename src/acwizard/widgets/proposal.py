"""What a tab's pane asks of the editor, and what the properties screen asks of each pane.

A pane never changes the connector: it posts a `Proposal` with the whole new
value of the fields it shows (a list of ids, the IP lines, the `[oauth]` table,
the webhooks), and the properties screen hands it to the editor, which accepts
it through the model or says why not; then the pane shows what the editor has
(`ConnectorPane.show_connector`), accepted or not.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.message import Message

from acwizard.model import AppConnector

__all__ = ["ConnectorPane", "Proposal"]


class Proposal(Message):
    """A pane asks for new values of some of the connector's structured fields."""

    said: bool = False
    """True when the screen names the change, and that ctrl+z takes it back, in a notice:
    a single key on a table makes it, and a key typed by mistake must not pass unseen."""

    @property
    def changes(self) -> dict[str, Any]:
        """The fields asked for, by name, as plain data (what `ConnectorEditor.propose` takes)."""
        raise NotImplementedError


@runtime_checkable
class ConnectorPane(Protocol):
    """A tab's pane: the fields it shows, shown again as the connector has them."""

    fields: frozenset[str]
    """The connector's fields the pane shows (`AppConnector` names)."""

    def show_connector(self, connector: AppConnector, select: str | None = None) -> None:
        """Show `connector`'s fields; `select`: the id or IP line whose row gets the cursor."""

    def focus_table(self) -> None:
        """Put the focus where the tab's work starts (its table, or its first control)."""
