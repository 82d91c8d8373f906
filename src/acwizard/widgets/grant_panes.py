"""The contents of the GetConnectors, UpdateConnectors, Connectors and IP restrictions tabs.

Each pane shows what the connector grants and offers New and Delete; it
never changes the connector itself but posts a `Changed` message, so the
properties screen stays the one owner of the draft and validates every change.
The row under the cursor reads `>` in its first column, so it shows without
colour too (NO_COLOR, 16-colour SSH sessions), as in the connector list.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from acwizard.cores.grants import MISSING_MARK, Grants
from acwizard.cores.ip_lines import address_number, mode_text, widening
from acwizard.dialogs.connector_picker import ConnectorPicker
from acwizard.dialogs.ip_form import IpRestrictionForm
from acwizard.dialogs.questions import ConfirmDialog
from acwizard.model import AppConnector, IpRestriction
from acwizard.widgets.fitted_table import FitColumn, FittedTable
from acwizard.widgets.marked_table import MarkedTable, TablePane
from acwizard.widgets.proposal import Proposal

__all__ = ["IdListPane", "IpRestrictionsPane", "MarkedTable"]

GRANT_COLUMNS = (
    FitColumn("id", "Id", share=0),
    FitColumn("description", "Description", style=lambda text: "bold" * (text == MISSING_MARK)),
)
"""The id never cut; the catalog's description cut with `…` to what is left; the mark of an
id the catalog lacks in bold."""


class IdListPane(TablePane):
    """The ids a connector grants in one section, with their catalog descriptions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", tooltip="New: tick connectors to grant", id="grants.new"),
        Binding(
            "d,delete",
            "remove",
            "Remove",
            tooltip="Remove the grant under the cursor",
            id="grants.remove",
        ),
    ]
    """n opens the picker; d or Delete removes the highlighted id."""

    class Changed(Proposal):
        """The user asks for a new list of ids."""

        said = True

        def __init__(self, section: str, ids: list[str]) -> None:
            super().__init__()
            self.section = section
            self.ids = ids

        @property
        def changes(self) -> dict[str, Any]:
            """The list, by its field's name."""
            return {self.section: self.ids}

    def __init__(self, grants: Grants, ids: list[str], *, id: str) -> None:
        super().__init__(id=id, classes="grant-pane")
        self.grants = grants
        """The list's catalog descriptions and words."""
        self.section = grants.section
        self.fields = frozenset({grants.section})
        """The one list this pane shows."""
        self.ids = list(ids)

    def compose(self) -> ComposeResult:
        """Explanation, count and table."""
        yield Static(Content(self.grants.help), classes="field-help")
        yield Static(classes="pane-count")
        yield FittedTable(GRANT_COLUMNS)

    def on_mount(self) -> None:
        """Fill the table."""
        self.show(self.ids)

    def show_connector(self, connector: AppConnector, select: str | None = None) -> None:
        """Show the connector's list (see `show`)."""
        self.show(getattr(connector, self.section), select)

    def show(self, ids: list[str], select: str | None = None) -> None:
        """Show `ids`, the cursor on `select` if given, else near where it was. A
        description too long for the table is cut with `…`, the id never."""
        self.ids = list(ids)
        table = self.query_one(FittedTable)
        kept = min(table.cursor_row, max(len(ids) - 1, 0))
        cursor = ids.index(select) if select in ids else kept
        table.set_rows(
            [(key, self.grants.describe(key) or MISSING_MARK) for key in ids], cursor=cursor
        )
        self.show_count(self.grants.count_text(ids))

    def focus_table(self) -> None:
        """Put the cursor in the table."""
        self.query_one(DataTable).focus()

    def action_new(self) -> None:
        """Open the picker with the catalog entries not yet granted."""
        entries = self.grants.offered(self.ids)
        title = f"Add {self.grants.name}"

        def picked(result: list[str] | None) -> None:
            if not result:
                return
            unknown = self.grants.unknown(result)
            if unknown:
                self.notify(
                    f"Not in the catalog: {', '.join(unknown)}. Check the spelling against "
                    "Profit before you save.",
                    title="Warning",
                    severity="warning",
                    markup=False,
                )
            self.post_message(self.Changed(self.section, self.ids + result))

        self.app.push_screen(
            ConnectorPicker(title, entries, set(self.ids), self.grants.unknown_note), picked
        )

    def action_remove(self) -> None:
        """Remove the highlighted id."""
        table = self.query_one(DataTable)
        if not self.ids:
            self.app.bell()
            return
        removed = self.ids[table.cursor_row]
        # The screen says what went and that ctrl+z puts it back, once the editor has it.
        self.post_message(self.Changed(self.section, [i for i in self.ids if i != removed]))


class IpRestrictionsPane(TablePane):
    """The IP restriction lines, with New, Edit and Delete through a validating form.

    Lines show as Profit 8 writes them, in CIDR (`192.168.10.0/24`,
    `2001:db8:10::/48`), whatever form the file has; the form returns
    schema_version 2 lines (the range in `address`, no `subnet_mask`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", tooltip="New IP restriction line", id="ip.new"),
        Binding("e", "edit", "Edit", tooltip="Edit the IP line under the cursor", id="ip.edit"),
        Binding(
            "d,delete",
            "remove",
            "Delete",
            tooltip="Delete the IP line under the cursor",
            id="ip.delete",
        ),
    ]
    """n adds a line, e or Enter edits one, d or Delete removes one."""

    class Changed(Proposal):
        """The user asks for a new set of lines."""

        said = True

        def __init__(self, lines: list[IpRestriction]) -> None:
            super().__init__()
            self.lines = lines

        @property
        def changes(self) -> dict[str, Any]:
            """The lines as plain data."""
            return {"ip_restrictions": [line.model_dump() for line in self.lines]}

    fields = frozenset({"ip_restrictions"})
    """The connector's field this pane shows."""

    def __init__(self, lines: list[IpRestriction], *, id: str) -> None:
        super().__init__(id=id, classes="grant-pane")
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        """Explanation, mode and table."""
        yield Static(
            Content(
                "Only AFAS Online. The address that counts is where the traffic comes from "
                "(often a firewall). A call from a blocked address gets HTTP 403."
            ),
            classes="field-help",
        )
        yield Static(classes="pane-count")
        table = MarkedTable()
        for title in ("Address or range", "IP", "Addresses", "Access"):
            table.add_column(title, key=title)
        yield table

    def on_mount(self) -> None:
        """Fill the table."""
        self.show(self.lines)

    def show_connector(self, connector: AppConnector, select: str | None = None) -> None:
        """Show the connector's IP lines (see `show`)."""
        self.show(connector.ip_restrictions, select)

    def show(self, lines: list[IpRestriction], select: str | None = None) -> None:
        """Show `lines` and say what the mode means; the cursor on line `select` (as
        `IpRestriction.summary` writes it), else near where it was."""
        self.lines = list(lines)
        table = self.query_one(MarkedTable)
        row = table.cursor_row
        table.clear()
        for line in lines:
            network = line.range
            table.add_row(
                MarkedTable.EMPTY_MARK,
                Text(line.summary()),
                Text(f"v{network.version}"),
                Text(address_number(network)),
                Text(line.access),
            )
        summaries = [line.summary() for line in lines]
        if select in summaries:
            table.move_cursor(row=summaries.index(select))
        elif lines:
            table.move_cursor(row=min(row, len(lines) - 1))
        table.mark_cursor()
        self.show_count(mode_text(lines))

    def focus_table(self) -> None:
        """Put the cursor in the table."""
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a line edits it."""
        event.stop()
        self.action_edit()

    def _open_form(self, index: int | None, recovered: dict[str, str] | None = None) -> None:
        """Open the form for a new line (None) or line `index`; `recovered`: text typed in
        it in an earlier session, by field id."""
        others = [line for i, line in enumerate(self.lines) if i != index]
        fixed = others[0].access if others else None
        current = None if index is None else self.lines[index]

        def done(line: IpRestriction | None) -> None:
            if line is None:
                return
            self.post_message(self.Changed([*others, line]))

        form = IpRestrictionForm(current, others, fixed)
        form.index, form.recovered = index, recovered
        self.app.push_screen(form, done)

    def reopen_form(self, typed: dict[str, str]) -> None:
        """Open the form again with what was typed in it when a session ended (`typing`)."""
        index = int(typed["index"]) if typed.get("index", "").isdigit() else None
        self._open_form(index if index is not None and index < len(self.lines) else None, typed)

    def action_new(self) -> None:
        """Add a line."""
        self._open_form(None)

    def action_edit(self) -> None:
        """Edit the highlighted line."""
        if not self.lines:
            self.app.bell()
            return
        self._open_form(self.query_one(DataTable).cursor_row)

    def action_remove(self) -> None:
        """Remove the highlighted line; first ask when removing it lets more addresses call.

        Removing a grant narrows access, so the grant tabs remove at once; an IP
        line is different: without a disallowed line that address may call again,
        and without the last allowed line every address may. One stray `d` (keys
        typed after a dialog closed land on this table) must not open a connector
        to the internet, so those removals ask, Keep being the default.
        """
        if not self.lines:
            self.app.bell()
            return
        index = self.query_one(DataTable).cursor_row
        removed = self.lines[index]
        kept = [line for i, line in enumerate(self.lines) if i != index]

        def remove(yes: bool | None = True) -> None:
            if not yes:
                return
            # The screen says what went and that ctrl+z puts it back.
            self.post_message(self.Changed(kept))

        widens = widening(removed, kept)
        if widens is None:
            remove()
            return
        self.app.push_screen(
            ConfirmDialog(f"Remove {removed.summary()}?", Content(widens), yes="Remove", no="Keep"),
            remove,
        )
