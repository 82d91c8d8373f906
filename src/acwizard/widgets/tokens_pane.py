"""The contents of the User tokens tab (Profit's name): the classic user tokens of the register.

Lists each token's user, *Description* and *Date last used* (Profit's columns),
and when it was issued and expires, an expiry already passed or within the
warning window marked in words ("expired", "soon"). Keys: n adds, e or Enter
edits, d removes (the record only: the token itself is revoked in Profit, the
notice says so and that ctrl+z brings the record back). Like the other panes it
never changes the connector: it posts `TokensPane.Changed` with the whole list
as plain data, and the properties screen hands it to the editor. The rows and
the line above them are `cores.tokens`'.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from acwizard.cores.register import TOKEN_COLUMNS, token_rows, token_summary
from acwizard.dialogs.token_form import TOKEN_NOTE, TokenDialog
from acwizard.model import AppConnector, UserToken
from acwizard.text import visible
from acwizard.widgets.fitted_table import FitColumn, FittedTable
from acwizard.widgets.form_list import FormListPane
from acwizard.widgets.proposal import Proposal

__all__ = ["TokensPane"]

COLUMNS = (
    FitColumn("user", TOKEN_COLUMNS[0], share=1),
    FitColumn("description", TOKEN_COLUMNS[1], share=2),
    FitColumn("issued", TOKEN_COLUMNS[2], share=0),
    FitColumn("expires", TOKEN_COLUMNS[3], share=0),
    FitColumn("last_used", TOKEN_COLUMNS[4], share=0),
)
"""Dates are never cut; the description gets twice the user's room."""
NARROW_COLUMNS = (COLUMNS[0], COLUMNS[1], COLUMNS[3], COLUMNS[4])
"""Below `NARROW_WIDTH` columns the Issued date is left out (the form shows it): the other
dates stay whole and the user and description keep room to be read."""
NARROW_WIDTH = 76


class TokensPane(FormListPane):
    """The classic user tokens of one app connector, with New, Edit and Remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", tooltip="Record a new user token", id="tokens.new"),
        Binding("e", "edit", "Edit", tooltip="Edit the token under the cursor", id="tokens.edit"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the token under the cursor from the register",
            id="tokens.remove",
        ),
    ]
    """n adds, e or Enter edits, d or Delete removes (ctrl+z brings it back)."""

    class Changed(Proposal):
        """The admin asks for a new list of tokens (plain data)."""

        said = True

        def __init__(self, tokens: list[dict[str, Any]]) -> None:
            super().__init__()
            self.tokens = tokens

        @property
        def changes(self) -> dict[str, Any]:
            """The list, by its field's name."""
            return {"tokens": self.tokens}

    fields = frozenset({"tokens", "authentication"})
    """The connector's fields this pane shows (the authentication decides what it says)."""

    def __init__(
        self, tokens: list[UserToken] | None, authentication: str, today: date, *, id: str
    ) -> None:
        super().__init__(id=id, classes="grant-pane tokens-pane")
        self.tokens = tokens
        self.authentication = authentication
        self.today = today

    def compose(self) -> ComposeResult:
        """Explanation, count and table."""
        yield Static(Content(TOKEN_NOTE), classes="field-help", id="tokens-help")
        yield Static(classes="pane-count")
        wide = FittedTable(COLUMNS)
        wide.id = "tokens-wide"
        yield wide
        narrow = FittedTable(NARROW_COLUMNS)
        narrow.id = "tokens-narrow"
        narrow.display = False
        yield narrow

    @property
    def table(self) -> FittedTable:
        """The table that fits the terminal's width."""
        return self.query_one("#tokens-narrow" if self._narrow() else "#tokens-wide", FittedTable)

    def _narrow(self) -> bool:
        """True on a terminal narrower than `NARROW_WIDTH`."""
        return self.app.size.width < NARROW_WIDTH

    def on_resize(self) -> None:
        """Show the table that fits, the cursor on the same row, the focus kept."""
        narrow = self._narrow()
        shown, hidden = (
            (self.query_one("#tokens-narrow"), self.query_one("#tokens-wide"))
            if narrow
            else (self.query_one("#tokens-wide"), self.query_one("#tokens-narrow"))
        )
        if shown.display:
            return
        assert isinstance(shown, FittedTable) and isinstance(hidden, FittedTable)
        shown.display, hidden.display = True, False
        shown.move_cursor(row=hidden.cursor_row)
        if hidden.has_focus:
            shown.focus()

    def on_mount(self) -> None:
        """Fill the table."""
        self.show(self.tokens, self.authentication)

    def show_connector(self, connector: AppConnector, select: str | None = None) -> None:
        """Show the connector's tokens (see `show`)."""
        self.show(connector.tokens, connector.authentication)

    def show(self, tokens: list[UserToken] | None, authentication: str) -> None:
        """Show `tokens`, keeping the cursor where it was."""
        self.tokens, self.authentication = tokens, authentication
        rows = token_rows(tokens or [], self.today)
        self.query_one("#tokens-wide", FittedTable).set_rows(rows)
        narrow = [(user, description, ends, used) for user, description, _, ends, used in rows]
        self.query_one("#tokens-narrow", FittedTable).set_rows(narrow)
        self.show_count(token_summary(tokens, authentication, self.today))
        self.refresh_bindings()

    @property
    def listed(self) -> list[UserToken]:
        """The tokens shown ([] when not recorded)."""
        return list(self.tokens or [])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """New only where tokens belong (classic, hybrid); Edit and Remove while there is one."""
        if action == "new":
            return self.authentication != "oauth"
        if action in ("edit", "remove"):
            return bool(self.tokens)
        return True

    def row_count(self) -> int:
        """How many tokens the pane shows."""
        return len(self.tokens or [])

    def plain(self) -> list[dict[str, Any]]:
        """The tokens shown, as plain data."""
        return [token.model_dump(exclude_none=True) for token in self.listed]

    def make_form(self, index: int | None) -> TokenDialog:
        """The form for token `index`, or a new one; its description unique among the others."""
        listed = self.listed
        others = [token for number, token in enumerate(listed) if number != index]
        return TokenDialog(None if index is None else listed[index], others)

    def proposal(self, rows: list[dict[str, Any]]) -> Proposal:
        """Ask for `rows` as the connector's tokens."""
        return self.Changed(rows)

    def action_remove(self) -> None:
        """Remove the highlighted token from the register (the screen says how to undo)."""
        index = self.current_index()
        if index is None:
            return
        token = self.listed[index]
        tokens = self.plain()
        del tokens[index]
        self.post_message(self.Changed(tokens))
        self.notify(
            f"Revoke the token of {visible(token.user)} in Profit too (User tokens tab); "
            "the file only records it.",
            markup=False,
        )
