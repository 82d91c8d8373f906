"""The baseline apps: plain Textual with the widgets acwizard's first screen uses.

`BareApp` is a Header, a DataTable and a Footer with the same columns, the
same rows and the same footer keys as acwizard's connector list, and nothing
else: no workspace, no validation, no stylesheet file. It is the floor that
acwizard's start-up (figure 1) and list (figure 4) are compared against.

Run as a script it starts on a terminal like acwizard does:

    python bench/bare_app.py WORKSPACE

It then reads every `WORKSPACE/connectors/*.toml` with `tomllib` and shows one
row per file (description, user group, Blocked/Active, authentication, counts, IP lines): the
same rows from the same files as acwizard, loaded the plainest way, with no
validation. `python bench/bare_app.py ROWS.json` shows the rows of a JSON
file (`{"columns": [[title, width], ...], "rows": [[cell, ...], ...]}`) instead.
This file imports Textual and tomllib only, so the baseline pays for nothing
acwizard adds.
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input

FOOTER_KEYS: list[BindingType] = [
    Binding("n", "new", "New"),
    Binding("d", "delete", "Delete"),
    Binding("slash", "filter", "Filter"),
    Binding("p", "problems", "Problems"),
    Binding("r", "reload", "Reload"),
    Binding("f1", "help", "Help"),
    Binding("q", "quit", "Quit"),
]
"""The keys acwizard's list shows in its footer (the footer shows one key per action)."""


class BareTable(DataTable[Text]):
    """A DataTable whose Enter shows as "Open" in the footer, as acwizard's table does."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Open")]


class BareApp(App[None]):
    """Header, DataTable with the given rows, Footer."""

    TITLE = "acwizard"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = FOOTER_KEYS

    def __init__(self, columns: list[tuple[str, int]], rows: list[list[str]]) -> None:
        super().__init__()
        self.columns = columns
        self.rows = rows

    def compose(self) -> ComposeResult:
        """The same widgets as acwizard's first screen."""
        yield Header(icon="")
        table = BareTable(id="connectors", cursor_type="row", zebra_stripes=True)
        for title, width in self.columns:
            table.add_column(title, width=width, key=title)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table, as acwizard does when its list mounts."""
        table = self.query_one(DataTable)
        for index, row in enumerate(self.rows):
            table.add_row(*(Text(cell) for cell in row), key=str(index))
        table.focus()

    # The footer keys do nothing here; each has its own action so the footer shows it.
    def action_new(self) -> None:
        """n."""

    def action_delete(self) -> None:
        """d."""

    def action_filter(self) -> None:
        """/."""

    def action_problems(self) -> None:
        """p."""

    def action_reload(self) -> None:
        """r."""

    def action_help(self) -> None:
        """F1."""


class FilteredBareApp(BareApp):
    """The bare app with a filter field that refills the table on every keystroke.

    The baseline for filtering acwizard's list: the plain approach of clearing
    the DataTable and adding every matching row again. `haystacks` holds, per
    row, the lower-case text a filter word must occur in.
    """

    def __init__(
        self, columns: list[tuple[str, int]], rows: list[list[str]], haystacks: list[str]
    ) -> None:
        super().__init__(columns, rows)
        self.haystacks = haystacks

    def compose(self) -> ComposeResult:
        """Header, filter, table, footer."""
        yield Header(icon="")
        yield Input(id="filter", compact=True)
        table = BareTable(id="connectors", cursor_type="row", zebra_stripes=True)
        for title, width in self.columns:
            table.add_column(title, width=width, key=title)
        yield table
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Clear the table and add the rows whose text holds every word."""
        words = event.value.casefold().split()
        table = self.query_one(DataTable)
        table.clear()
        for index, (row, haystack) in enumerate(zip(self.rows, self.haystacks, strict=True)):
            if all(word in haystack for word in words):
                table.add_row(*(Text(cell) for cell in row), key=str(index))

    def action_filter(self) -> None:
        """`/` moves to the filter, as in acwizard."""
        self.query_one(Input).focus()


COLUMNS = [
    ("Description", 21),
    ("Group", 6),
    ("Status", 7),
    ("Auth", 7),
    ("Get", 3),
    ("Upd", 3),
    ("Con", 3),
    ("IP", 12),
]
"""acwizard's list columns (acwizard.screens.connector_list.COLUMNS), not imported from it."""


def _clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, as the list clips its cells."""
    return text if len(text) <= width else text[: width - 1] + "…"


def rows_from_files(root: str) -> list[list[str]]:
    """One row per connector file of the workspace at `root`, read with tomllib alone."""
    directory = os.path.join(root, "connectors")
    rows = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".toml"):
            continue
        with open(os.path.join(directory, name), "rb") as handle:
            try:
                data = tomllib.loads(handle.read().decode("utf-8"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError):
                data = {}
        lines = data.get("ip_restrictions") or []
        cells = [
            str(data.get("description", name)),
            str(data.get("user_group", "")),
            "Blocked" if data.get("blocked") else "Active",
            str(data.get("authentication", "classic")),
            str(len(data.get("get_connectors", []))),
            str(len(data.get("update_connectors", []))),
            str(len(data.get("connectors", []))),
            f"{len(lines)} {lines[0].get('access', '')}" if lines else "none",
        ]
        rows.append([_clip(cell, width) for cell, (_, width) in zip(cells, COLUMNS, strict=False)])
    return rows


def main() -> None:
    """Run the bare app on a terminal with the rows of a workspace's files (or a JSON file)."""
    if os.path.isdir(sys.argv[1]):
        BareApp(COLUMNS, rows_from_files(sys.argv[1])).run()
        return
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    BareApp([tuple(column) for column in spec["columns"]], spec["rows"]).run()


if __name__ == "__main__":
    main()
