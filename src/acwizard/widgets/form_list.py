"""A tab's pane whose rows are added and edited in a form: the Webhooks and User tokens tabs.

`n` opens the form for a new row, `e` or Enter for the row under the cursor; what
the form returns replaces that row or is added, and the pane posts the whole list
as plain data (`proposal`), as every pane does. A form that held typed text when a
session ended opens again with it (`reopen_form`). Each pane says which form, what
its rows are, and how its list is proposed.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from acwizard.dialogs.form import FormDialog
from acwizard.widgets.marked_table import TablePane
from acwizard.widgets.proposal import Proposal

__all__ = ["FormListPane"]


class FormListPane(TablePane):
    """A `TablePane` of rows edited in a `FormDialog`."""

    def row_count(self) -> int:
        """How many rows the pane shows."""
        raise NotImplementedError

    def plain(self) -> list[dict[str, Any]]:
        """The rows shown, as plain data."""
        raise NotImplementedError

    def make_form(self, index: int | None) -> FormDialog[dict[str, Any]]:
        """The form for row `index`, or for a new row (None)."""
        raise NotImplementedError

    def proposal(self, rows: list[dict[str, Any]]) -> Proposal:
        """The message that asks for `rows` as the pane's whole list."""
        raise NotImplementedError

    @property
    def table(self) -> DataTable[Any]:
        """The table whose cursor is the row acted on."""
        return self.query_one(DataTable)

    def focus_table(self) -> None:
        """Put the cursor in the table."""
        self.table.focus()

    def current_index(self) -> int | None:
        """The row under the cursor, or None (and a bell) when there is none."""
        count = self.row_count()
        if not count:
            self.app.bell()
            return None
        return min(self.table.cursor_row, count - 1)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row edits it."""
        event.stop()
        self.action_edit()

    def open_form(self, index: int | None, recovered: dict[str, str] | None = None) -> None:
        """Open the form for a new row (None) or row `index`; `recovered`: text typed in it
        in an earlier session, by field id."""

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            rows = self.plain()
            if index is None:
                rows.append(result)
            else:
                rows[index] = result
            self.post_message(self.proposal(rows))

        form = self.make_form(index)
        form.index, form.recovered = index, recovered
        self.app.push_screen(form, done)

    def reopen_form(self, typed: dict[str, str]) -> None:
        """Open the form again with what was typed in it when a session ended (`typing`)."""
        index = int(typed["index"]) if typed.get("index", "").isdigit() else None
        self.open_form(index if index is not None and index < self.row_count() else None, typed)

    def action_new(self) -> None:
        """Add a row."""
        self.open_form(None)

    def action_edit(self) -> None:
        """Edit the highlighted row."""
        index = self.current_index()
        if index is not None:
            self.open_form(index)
