"""The app connector list: Profit's General / Management / App connector, as a table.

Every connector file in the workspace is a row: description, user group,
Blocked or Active, how many Get/Update/special connectors it grants and its IP
restrictions. A file that fails validation still shows, marked INVALID, with
its problems one key away, and it is never opened for editing or rewritten.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from acwizard.drafts import read_drafts, remove_draft
from acwizard.problems import Problem
from acwizard.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.store import SaveConflict, connectors_dir, delete_connector
from acwizard.text import visible
from acwizard.widgets.connector_table import ConnectorTable, TableRow
from acwizard.workspace import ConnectorFile, QuickRow, quick_rows

if TYPE_CHECKING:
    from acwizard.app import AcWizardApp
    from acwizard.model import AppConnector

COLUMNS = (
    ("Description", 21),
    ("User group", 15),
    ("Status", 7),
    ("Get", 3),
    ("Upd", 3),
    ("Con", 3),
    ("IP", 12),
)
"""Column titles and widths: they fit 80 columns with a scroll bar."""


CHECK_DELAY = 0.1
"""Seconds between mounting the list and validating every file.

Long enough for the first frame to reach the terminal (measured: call_after_refresh
or 50 ms ran the check before the frame was written, 100 ms does not). A key
pressed before then runs the check first, so nothing acts on unchecked files.
"""


QUICK_PAINT_LIMIT = 500
"""Above this many files the list is validated before its first paint (see on_mount)."""


def connector_row(loaded: ConnectorFile) -> TableRow:
    """The table row of one connector file: literal text (never markup) and its search text."""
    connector = loaded.connector
    if loaded.status == "invalid" or connector is None:
        errors = sum(problem.is_error for problem in loaded.problems)
        cells = (
            loaded.path.name,
            "-",
            "INVALID",
            "-",
            "-",
            "-",
            f"{errors} problem{'s' * (errors != 1)}",
        )
        return TableRow(loaded.id, cells, search_text(loaded), strong=2)
    cells = (
        connector.description,
        connector.user_group,
        "Blocked" if connector.blocked else "Active",
        str(len(connector.get_connectors)),
        str(len(connector.update_connectors)),
        str(len(connector.connectors)),
        ip_count(connector),
    )
    return TableRow(loaded.id, cells, search_text(loaded))


def quick_row(row: QuickRow) -> TableRow:
    """The row of a file read but not yet validated; its status shows as `…`."""
    lines = f"{row.ip_lines} {row.ip_access}".strip() if row.ip_lines else "none"
    cells = (row.description, row.user_group, "…", *(str(count) for count in row.counts), lines)
    return TableRow(row.id, cells, row.id.casefold())


def ip_count(connector: AppConnector) -> str:
    """`2 allowed`, `1 disallowed` or `none`: the IP restrictions in a few letters."""
    lines = connector.ip_restrictions
    return f"{len(lines)} {lines[0].access}" if lines else "none"


def in_git_repository(path: Path) -> bool:
    """True when `path` is inside a git work tree (a `.git` in it or above it)."""
    return any((folder / ".git").exists() for folder in (path.resolve(), *path.resolve().parents))


def search_text(loaded: ConnectorFile) -> str:
    """What the filter searches: id, description, user group and granted ids, case-folded."""
    connector = loaded.connector
    haystack = loaded.id
    if connector is not None:
        granted = "\t".join(
            connector.get_connectors + connector.update_connectors + connector.connectors
        )
        haystack += f"\t{connector.description}\t{connector.user_group}\t{granted}"
    return haystack.casefold()


class ConnectorListScreen(Screen[None]):
    """All app connectors of the workspace, with keys to create, open and delete."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="list.new"),
        Binding("d,delete", "delete", "Delete", id="list.delete"),
        Binding("slash", "filter", "Filter", id="list.filter"),
        Binding("escape", "clear_filter", "Clear the filter", show=False, id="list.clear"),
        Binding("p", "problems", "Problems", id="list.problems"),
        Binding("r", "reload", "Reload", id="list.reload"),
        Binding("f1,question_mark", "help", "Help", id="list.help"),
        Binding("q", "app.quit", "Quit", id="list.quit"),
    ]
    """Keys of the list; letters act on the table, `/` moves to the filter."""

    AUTO_FOCUS = "#connectors"
    """The table has the keys. Focusing the filter (the first focusable widget) and then
    moving to the table cost a second styling pass before the first frame: 36 ms of a
    270 ms start-up, measured on a pty."""

    if TYPE_CHECKING:

        @property
        def app(self) -> AcWizardApp: ...  # type: ignore[override]

    def __init__(self) -> None:
        super().__init__()
        self.files: list[ConnectorFile] = []
        self.stale = False
        """True while a screen that may change files (properties, wizard) is open."""
        self.checked = False
        """True once every file has been validated (not just read for the first paint)."""

    def compose(self) -> ComposeResult:
        """Header, workspace line, filter, table, footer."""
        yield Header(icon="")
        yield Static(id="workspace-info")
        yield Input(
            placeholder="/ to filter: description, user group, granted connector",
            id="filter",
            compact=True,
        )
        yield ConnectorTable(COLUMNS, id="connectors")
        yield Footer()

    def on_mount(self) -> None:
        """Paint the files at once, then check them; offer unsaved edits from last time.

        Checking loads pydantic and the catalog; painting first keeps start-up
        close to a bare Textual app, and the statuses follow a moment later.
        """
        table = self.query_one(ConnectorTable)
        workspace = self.app.workspace
        paths = workspace.connector_paths()
        if len(paths) > QUICK_PAINT_LIMIT:
            self.reload()  # reading a large workspace twice costs more than it saves
        else:
            table.set_rows([quick_row(row) for row in quick_rows(paths)])
            info = self.query_one("#workspace-info", Static)
            info.update(Content("checking the connector files…"))
            # A short timer, not call_after_refresh: the first frame must reach
            # the terminal before checking holds the event loop for a moment.
            self.set_timer(CHECK_DELAY, self.ensure_checked)
        self.offer_recovery()

    def ensure_checked(self) -> None:
        """Validate now if the first paint has not been followed by a check yet.

        A key pressed in the first moments (Enter, d, /) must act on checked
        files, never be lost.
        """
        if not self.checked:
            self.reload()

    def offer_recovery(self) -> None:
        """Ask, one at a time, what to do with recovery drafts of earlier sessions."""
        drafts = read_drafts(self.app.workspace.root)
        if not drafts:
            return
        recovered = drafts[0]
        path = connectors_dir(self.app.workspace.root) / f"{recovered.connector_id}.toml"

        def answered(choice: str | None) -> None:
            root = self.app.workspace.root
            if choice == "discard":
                remove_draft(root, recovered.connector_id, recovered.owner)
                self.notify(f"Discarded the unsaved changes to {path.name}.")
            elif choice == "restore":
                loaded = self.app.workspace.load(path)
                if loaded.status == "invalid":
                    self.notify(
                        f"{path.name} cannot be opened now (missing or invalid); the "
                        "unsaved changes are kept for later.",
                        severity="error",
                    )
                    return
                from acwizard.screens.properties import PropertiesScreen

                self.open_editor(PropertiesScreen(loaded, recovered))
                return
            if len(drafts) > 1 and choice == "discard":
                self.offer_recovery()

        description = recovered.data.get("description")
        # A draft is read as hostile input: its text reaches the terminal only made visible.
        name = f"'{visible(description, 60)}' " if isinstance(description, str) else ""
        self.app.push_screen(
            ChoiceDialog(
                "Unsaved changes found",
                f"The session editing {name}(connectors/{path.name}) ended {recovered.age()} "
                "before its changes were saved. acwizard kept them.\n\nRestore opens the "
                "connector with those changes; nothing is written until you press OK. "
                "Discard forgets them.",
                [("restore", "Restore"), ("discard", "Discard"), ("later", "Later")],
                default="restore",
                danger=["discard"],
            ),
            answered,
        )

    def on_screen_resume(self) -> None:
        """Coming back from properties or the wizard: show what is on disk now.

        Closing a dialog also resumes this screen; that changes no file, so the
        workspace is not read again then.
        """
        if self.stale:
            self.stale = False
            opened = self.app.last_opened
            self.reload(select=opened)
            table = self.query_one(ConnectorTable)
            field = self.query_one("#filter", Input)
            if opened is not None and table.highlighted_key() != opened and field.value:
                field.value = ""  # the filter hides the connector just created: show all
                table.set_filter("", select=opened)
                self.update_info(table.row_count)

    def open_editor(self, screen: Screen[None]) -> None:
        """Push a screen that may change files; the list reloads when it closes."""
        self.stale = True
        self.app.last_opened = None
        self.app.push_screen(screen)

    # -- data ---------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        """Read every connector file again and redraw the table."""
        table = self.query_one(ConnectorTable)
        if select is None:
            select = table.highlighted_key()
        workspace = self.app.workspace
        files = workspace.load_all(reuse=True)
        self.checked = True
        duplicates: dict[Path, list[Problem]] = {}
        for problem in workspace.duplicate_description_problems(files):
            duplicates.setdefault(problem.path, []).append(problem)
        # New objects, not appended to: load_all hands the same ones out again.
        self.files = [
            replace(loaded, problems=[*loaded.problems, *duplicates[loaded.path]])
            if loaded.path in duplicates
            else loaded
            for loaded in files
        ]
        for problem in workspace.listing_problems:
            self.notify(problem.message, title=f"{problem.path.name}/", severity="error")
        table.set_rows([connector_row(loaded) for loaded in self.files], select)
        self.update_info(table.row_count)

    def update_info(self, shown: int) -> None:
        """The line above the table: problems first, then counts, then where this is."""
        workspace = self.app.workspace
        total = len(self.files)
        invalid = sum(loaded.status == "invalid" for loaded in self.files)
        parts = [f"{invalid} INVALID: press p"] if invalid else []
        parts.append(f"{total} connector{'s' * (total != 1)}")
        if shown != total:
            parts.append(f"{shown} shown")
        parts.append("AFAS Online" if workspace.settings.online else "not AFAS Online")
        parts.append(f"workspace {visible(workspace.root.resolve().name, 20)}")
        self.query_one("#workspace-info", Static).update(Content(" · ".join(parts)))
        table = self.query_one(ConnectorTable)
        if not total:
            table.empty_text = "No app connectors yet: press n to create the first."
        else:
            table.empty_text = "No connector matches the filter: Esc shows them all."

    def highlighted(self) -> ConnectorFile | None:
        """The connector file under the cursor."""
        self.ensure_checked()
        highlighted_id = self.highlighted_id()
        for loaded in self.files:
            if loaded.id == highlighted_id:
                return loaded
        return None

    def highlighted_id(self) -> str | None:
        """The id of the row under the cursor."""
        return self.query_one(ConnectorTable).highlighted_key()

    # -- actions --------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        """Re-filter as the user types."""
        self.ensure_checked()
        table = self.query_one(ConnectorTable)
        table.set_filter(self.query_one("#filter", Input).value)
        self.update_info(table.row_count)

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        """Enter in the filter goes back to the table."""
        self.query_one(ConnectorTable).focus()

    def action_clear_filter(self) -> None:
        """Escape, in the filter or the table: show every connector, the cursor where it was."""
        field = self.query_one("#filter", Input)
        table = self.query_one(ConnectorTable)
        if field.value:
            field.value = ""
            table.set_filter("")
            self.update_info(table.row_count)
        table.focus()

    def action_filter(self) -> None:
        """Move to the filter."""
        self.query_one("#filter", Input).focus()

    @on(ConnectorTable.Chosen)
    def row_chosen(self) -> None:
        """Enter on a row opens it."""
        self.action_open()

    def action_open(self) -> None:
        """Open the properties of the highlighted connector."""
        loaded = self.highlighted()
        if loaded is None:
            return
        if loaded.status == "invalid":
            self.action_problems()
            return
        from acwizard.screens.properties import PropertiesScreen

        self.open_editor(PropertiesScreen(loaded))

    def action_new(self) -> None:
        """Start the New wizard."""
        from acwizard.screens.new_wizard import NewConnectorWizard

        self.open_editor(NewConnectorWizard())

    def action_problems(self) -> None:
        """Show the problems of the highlighted file."""
        loaded = self.highlighted()
        if loaded is None:
            return
        if not loaded.problems:
            self.show_all_problems()
            return
        lines = [
            f"line {problem.line}: {problem.severity}: {problem.message}"
            for problem in loaded.problems
        ]
        if loaded.status == "invalid":
            lines.append(
                "\nacwizard will not open or rewrite this file until it is fixed. "
                "Edit it by hand, then press r to reload, or run: acwizard validate"
            )
        self.app.push_screen(
            TextDialog(f"Problems in connectors/{visible(loaded.path.name)}", "\n".join(lines))
        )

    def show_all_problems(self) -> None:
        """Every problem of every file, when the highlighted one has none."""
        troubled = [loaded for loaded in self.files if loaded.problems]
        if not troubled:
            self.notify("No file in this workspace has a problem.", title="Problems")
            return
        lines = []
        for loaded in troubled:
            lines.append(f"connectors/{visible(loaded.path.name)} ({loaded.status})")
            lines += [
                f"  line {problem.line}: {problem.severity}: {problem.message}"
                for problem in loaded.problems
            ]
        self.app.push_screen(TextDialog("Problems in this workspace", "\n".join(lines)))

    def action_delete(self) -> None:
        """Delete the highlighted connector after asking."""
        loaded = self.highlighted()
        if loaded is None:
            return
        connector = loaded.connector
        name = connector.description if connector else loaded.path.name
        what = ""
        if connector is not None:
            state = "blocked" if connector.blocked else "ACTIVE"
            get, update, special = (
                len(connector.get_connectors),
                len(connector.update_connectors),
                len(connector.connectors),
            )
            grants = (
                f"{get} GetConnector{'s' * (get != 1)}, "
                f"{update} UpdateConnector{'s' * (update != 1)} and "
                f"{special} special connector{'s' * (special != 1)}"
            )
            what = f"It is {state} and grants {grants}. "
        undo = (
            "Git keeps the last committed version."
            if in_git_repository(self.app.workspace.root)
            else "This workspace is not in git: the deletion cannot be undone."
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                delete_connector(loaded.path, loaded.fingerprint)
            except (OSError, SaveConflict) as exc:
                self.notify(str(exc), title="Not deleted", severity="error")
            else:
                self.notify(f"Deleted connectors/{loaded.path.name}.", title="Deleted")
            self.reload()

        self.app.push_screen(
            ConfirmDialog(
                "Delete app connector?",
                f"Delete '{name}'?\n\n{what}This removes connectors/{loaded.path.name}. {undo}",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )

    def action_reload(self) -> None:
        """Read the workspace again."""
        self.reload()
        self.notify("Reloaded from disk.")

    def action_help(self) -> None:
        """Show the keys of this screen."""
        self.app.push_screen(HelpScreen("app connector list", key_rows(self)))
