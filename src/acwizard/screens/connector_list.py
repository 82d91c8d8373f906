"""The app connector list: Profit's General / Management / App connector, as a table.

Every connector file in the workspace is a row: description, user group,
Blocked or Active, its authentication (classic, hybrid or oauth: which ones
still need migrating to OAuth), how many Get/Update/special connectors it
grants and its IP restrictions. A file that fails validation still shows,
marked INVALID, with its problems one key away, and it is never opened for
editing or rewritten.
"""

from __future__ import annotations

import gc
import os
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, Literal

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from acwizard.app import AcWizardApp
from acwizard.checkcache import (
    ListedFile,
    ValidationCache,
    list_entry,
    remember_checked,
    remembered_listing,
)
from acwizard.dialogs.questions import ChoiceDialog, ConfirmDialog, TextDialog
from acwizard.drafts import read_drafts, remove_draft
from acwizard.problems import Problem
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.text import plural, visible
from acwizard.widgets.connector_table import ConnectorTable, TableRow
from acwizard.widgets.key_footer import KeyFooter
from acwizard.workspace import ConnectorFile, KnownConnector, QuickRow, SaveConflict, quick_rows

COLUMNS = (
    ("Description", 21),
    ("Group", 6),
    ("Status", 7),
    ("Auth", 7),
    ("Get", 3),
    ("Upd", 3),
    ("Con", 3),
    ("IP", 12),
)
"""Column titles and widths: they fit 80 columns with a scroll bar.

The Auth column (the words of `acwizard list`: classic, hybrid, oauth) took its
room from the user group, not the description: the group usually repeats the
connector's name (AFAS advises one group per connector, and Profit offers to
name it after the connector), it is on the General tab, and the filter still
finds it. A wider terminal gives the group its room back (`WIDER_COLUMNS`). Its
title is "Group": "User group" clipped to six cells read "User …".
"""


CHECK_DELAY = 0.1
"""Seconds between mounting the list and validating every file.

Long enough for the first frame to reach the terminal (measured: call_after_refresh
or 50 ms ran the check before the frame was written, 100 ms does not). A key
pressed before then runs the check first, so nothing acts on unchecked files.
"""


QUICK_PAINT_LIMIT = 500
"""Above this many files the list is validated before its first paint (see on_mount)."""


def connector_row(loaded: ConnectorFile | ListedFile) -> TableRow:
    """The table row of one connector file: literal text (never markup) and its search text.

    A file checked now and a file whose result `validate` remembered (`ListedFile`)
    give the same row: both come from `list_entry`.
    """
    if isinstance(loaded, ListedFile):
        entry = loaded.row
    else:
        entry = list_entry(loaded.connector) if loaded.connector is not None else None
    # What the filter searches: id, description, user group, authentication (the word the
    # Auth column shows: "classic" finds those still to migrate) and granted ids, case-folded.
    haystack = (
        loaded.id if entry is None else "\t".join([loaded.id, *entry[0:2], entry[3], entry[8]])
    )
    if loaded.status == "invalid" or entry is None:
        errors = sum(problem.is_error for problem in loaded.problems)
        cells = (
            loaded.path.name,
            "-",
            "INVALID",
            "-",
            "-",
            "-",
            "-",
            f"{errors} {plural('problem', errors)}",
        )
        return TableRow(loaded.id, cells, haystack.casefold(), strong=2)
    return TableRow(loaded.id, tuple(entry[:8]), haystack.casefold())


def quick_row(row: QuickRow) -> TableRow:
    """The row of a file read but not yet validated; its status shows as `…`."""
    lines = f"{row.ip_lines} {row.ip_access}".strip() if row.ip_lines else "none"
    cells = (
        row.description,
        row.user_group,
        "…",
        row.authentication,
        *(str(count) for count in row.counts),
        lines,
    )
    return TableRow(row.id, cells, row.id.casefold())


def in_git_repository(path: Path) -> bool:
    """True when `path` is inside a git work tree (a `.git` in it or above it)."""
    return any((folder / ".git").exists() for folder in (path.resolve(), *path.resolve().parents))


GIT_TIMEOUT = 5.0
"""Seconds to wait for git when the delete dialog asks whether a file is committed."""

GitState = Literal["committed", "not committed", "no git", "unknown"]


def git_state(path: Path) -> GitState:
    """Whether git keeps a copy of `path`: committed at HEAD, not, no repository, or unknown.

    Asked only when the delete dialog opens, so the list starts without
    running git. `HEAD:./name` names exactly this file (no pathspec magic),
    and neither command reads the index, so a repository's fsmonitor hook
    never runs. `rev-parse` finds the file in HEAD's tree without its blob,
    and nothing is fetched: in a partial clone a missing blob would be fetched
    from the promisor remote, over the network, with whatever command the
    repository's config names for it.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"}
    }  # the workspace's own repository, even when started from a git hook
    environment |= {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_NO_LAZY_FETCH": "1"}

    def git(*args: str) -> int | None:
        try:
            return subprocess.run(
                ["git", "-C", str(path.parent), *args],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=GIT_TIMEOUT,
                env=environment,
                check=False,
            ).returncode
        except (OSError, subprocess.SubprocessError):
            return None

    if git("rev-parse", "--is-inside-work-tree") != 0:
        # No repository, or git missing or refusing it (an unsafe owner, say).
        return "unknown" if in_git_repository(path.parent) else "no git"
    if git("rev-parse", "--verify", "--quiet", f"HEAD:./{path.name}") == 0:
        return "committed"
    return "not committed"


UNDO_NOTES: dict[GitState, str] = {
    "committed": "Git keeps the last committed version.",
    "not committed": (
        "This file is not in git (it was never committed): once deleted, it is gone."
    ),
    "no git": "This workspace is not in git: the deletion cannot be undone.",
    "unknown": "git could not tell whether this file is committed: take the deletion as final.",
}
"""What the delete dialog says about getting the file back."""


class ConnectorListScreen(Screen[None]):
    """All app connectors of the workspace, with keys to create, open and delete."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="list.new"),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            tooltip="Delete the connector under the cursor (asks first)",
            id="list.delete",
        ),
        Binding("slash", "filter", "Filter", id="list.filter"),
        Binding("escape", "clear_filter", "Clear the filter", show=False, id="list.clear"),
        Binding(
            "p",
            "problems",
            "Problems",
            tooltip="Go to the next INVALID file and show its problems (none: all problems)",
            id="list.problems",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            tooltip="Read acwizard.toml, catalog.toml and every connector file again",
            id="list.reload",
        ),
        Binding("f1,question_mark", "help", "Help", id="list.help"),
        Binding("q", "app.quit", "Quit", id="list.quit"),
    ]
    """Keys of the list; letters act on the table, `/` moves to the filter."""

    NARROW_FOOTER_LEAVES_OUT = ("filter", "reload", "choose")
    """Keys the footer drops first on a narrow terminal, so Help and Quit stay: the
    filter's placeholder names `/`, and F1 lists every key."""

    HELP_EXTRA = (("type", "In the filter: narrow the list (Enter: back to the list)"),)
    """Keys the filter field handles itself, for the help screen."""

    AUTO_FOCUS = "#connectors"
    """The table has the keys. Focusing the filter (the first focusable widget) and then
    moving to the table cost a second styling pass before the first frame: 36 ms of a
    270 ms start-up, measured on a pty."""

    app = getters.app(AcWizardApp)
    """The running app, typed as ours."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[ConnectorFile | ListedFile] = []
        self.stale = False
        """True while a screen that may change files (properties, wizard) is open."""
        self.checked = False
        """True once every file has been validated (not just read for the first paint),
        or its result was remembered by validate (`ListedFile`s in `files`)."""
        self.remembered_catalog_problems: list[Problem] | None = None
        """The catalog's problems as remembered, while `files` are remembered results."""

    def compose(self) -> ComposeResult:
        """Header, workspace line, filter, table, footer."""
        yield Header(icon="")
        yield Static(id="workspace-info")
        yield Input(
            placeholder="/ to filter: description, group, auth, granted connector",
            id="filter",
            compact=True,
        )
        yield ConnectorTable(COLUMNS, id="connectors")
        yield KeyFooter(self.NARROW_FOOTER_LEAVES_OUT)

    def on_mount(self) -> None:
        """Paint the files at once, then check them; offer unsaved edits from last time.

        Checking loads pydantic and the catalog; painting first keeps start-up
        close to a bare Textual app, and the statuses follow a moment later.
        """
        table = self.query_one(ConnectorTable)
        workspace = self.app.workspace
        paths = workspace.connector_paths()
        remembered = None if workspace.listing_problems else remembered_listing(workspace, paths)
        if remembered is not None:
            # Nothing changed since validate (or an earlier start) checked every file:
            # its results are the statuses, with no file parsed or validated again.
            self.show_remembered(remembered)
        elif len(paths) > QUICK_PAINT_LIMIT:
            self.reload()  # reading a large workspace twice costs more than it saves
        else:
            table.set_rows([quick_row(row) for row in quick_rows(paths)])
            info = self.query_one("#workspace-info", Static)
            info.update(Content("checking the connector files…"))
            # A short timer, not call_after_refresh: the first frame must reach
            # the terminal before checking holds the event loop for a moment.
            self.set_timer(CHECK_DELAY, self.ensure_checked)
        self.offer_recovery()

    def show_remembered(
        self,
        remembered: tuple[list[ListedFile], list[Problem], ValidationCache],
        select: str | None = None,
    ) -> None:
        """Show validate's remembered results as the files' statuses and rows."""
        listed, self.remembered_catalog_problems, _ = remembered
        self.files = [*listed]
        self.app.workspace.listed = [
            KnownConnector(file.id, file.path.name, file.row[0], file.row[1], file.row[3])
            for file in listed
            if file.row is not None
        ]
        self.checked = True
        table = self.query_one(ConnectorTable)
        table.set_rows([connector_row(listed) for listed in self.files], select)
        self.update_info(table.row_count)

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
        path = self.app.workspace.connector_path(recovered.connector_id)

        def answered(choice: str | None) -> None:
            root = self.app.workspace.root
            if choice == "discard":
                remove_draft(root, recovered.connector_id, recovered.owner)
                self.notify(f"Discarded the unsaved changes to {visible(path.name)}.", markup=False)
            elif choice == "restore":
                loaded = self.app.workspace.load(path)
                if loaded.status == "invalid":
                    self.notify(
                        f"{visible(path.name)} cannot be opened now (missing or invalid); the "
                        "unsaved changes are kept for later.",
                        severity="error",
                        markup=False,
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
                f"The session editing {name}(connectors/{visible(path.name)}) ended "
                f"{recovered.age()} "
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
        if self.app.screen is not self:
            # A screen was opened over the list as the one above closed (Drop mine reopens
            # the file): the list stays stale until that one closes too.
            return
        if self.stale:
            self.stale = False
            opened = self.app.last_opened
            self.reload(select=opened, reread_workspace=True)
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

    def reread_workspace(self) -> None:
        """Read acwizard.toml and catalog.toml again, as validate would now.

        When either changed, a fresh `Workspace` replaces the app's, so every
        connector file is validated again: whether a file is valid depends on
        both (`online = false` makes every IP line an error). Otherwise the
        workspace stays, with what it knows of files that did not change.
        """
        fresh = self.app.workspace.reopened()
        if fresh is not None:
            self.app.workspace = fresh
            self.app.show_environment()

    def reload(self, select: str | None = None, reread_workspace: bool = False) -> None:
        """Read every connector file again (with `reread_workspace`, the settings and the
        catalog too) and redraw the table."""
        table = self.query_one(ConnectorTable)
        if select is None:
            select = table.highlighted_key()
        if reread_workspace:
            self.reread_workspace()
        workspace = self.app.workspace
        if self.checked and not workspace.last_loaded and not workspace.listing_problems:
            # Shown from remembered results, none loaded since: if no file changed (back
            # from a connector left unsaved), they still hold. Loading all 5,000 took 1.7 s.
            remembered = remembered_listing(workspace, workspace.connector_paths())
            if remembered is not None and not workspace.listing_problems:
                self.show_remembered(remembered, select)
                return
        # The first check of a fresh workspace is remembered for the next start (and
        # for validate): the cache's fingerprint is taken before the catalog is read.
        first = not self.checked and "_catalog_and_problems" not in vars(workspace)
        cache = ValidationCache.open(workspace.root) if first else None
        files = workspace.load_all(reuse=True)
        if cache is not None:
            remember_checked(cache, workspace, files)
        self.checked = True
        self.remembered_catalog_problems = None
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
            self.notify(
                visible(problem.message, 500),
                title=f"{visible(problem.path.name)}/",
                severity="error",
                markup=False,
            )
        table.set_rows([connector_row(loaded) for loaded in self.files], select)
        self.update_info(table.row_count)

    def update_info(self, shown: int) -> None:
        """The line above the table: problems first, then counts, then where this is."""
        workspace = self.app.workspace
        total = len(self.files)
        invalid = sum(loaded.status == "invalid" for loaded in self.files)
        parts = []
        if invalid:
            where = "to go to it" if invalid == 1 else "to go to the next"
            parts.append(f"{invalid} INVALID: press p {where}")
        troubled = self.workspace_problems()
        if troubled:
            names = sorted({visible(problem.path.name, 30) for problem in troubled})
            count = len(troubled)
            press = "" if invalid else ": press p"
            parts.append(f"{count} {plural('problem', count)} in {' and '.join(names)}{press}")
        parts.append(f"{total} {plural('connector', total)}")
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
        """The connector file under the cursor (a remembered one is loaded now)."""
        self.ensure_checked()
        highlighted_id = self.highlighted_id()
        for index, loaded in enumerate(self.files):
            if loaded.id == highlighted_id:
                if isinstance(loaded, ListedFile):
                    fresh = self.app.workspace.load(loaded.path)
                    loaded = replace(fresh, problems=[*fresh.problems, *loaded.duplicates])
                    self.files[index] = loaded
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

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Typing a filter: keep the collector off the rows while the keys come."""
        if event.widget.id == "filter":
            # A cyclic collection walking every row of a large workspace made single
            # filter keys take 240-300 ms (bench figure 4, target 100 ms); the rows live
            # on while the admin types, and leaving the filter gives them back.
            gc.freeze()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Left the filter: everything goes back to the collector."""
        if event.widget.id == "filter":
            gc.unfreeze()

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
        """Open the properties of the highlighted connector; an invalid file shows its problems."""
        loaded = self.highlighted()
        if loaded is None:
            return
        if self.app.workspace.changed_since_read(loaded):
            # A git pull or a colleague in another pane: the admin would review and edit
            # what the file no longer says. The list catches up first, and says so.
            name = visible(loaded.path.name)
            self.reload(select=loaded.id)
            fresh = self.highlighted()
            if fresh is None or fresh.id != loaded.id:
                self.notify(
                    f"{name} is no longer on disk; the list shows what is there now.",
                    title="Changed on disk",
                    severity="warning",
                    markup=False,
                )
                return
            self.notify(
                f"{name} changed on disk since the list read it: shown as it is now.",
                title="Changed on disk",
                severity="warning",
                markup=False,
            )
            loaded = fresh
        if loaded.status == "invalid":
            self.show_problems(loaded)
            return
        from acwizard.screens.properties import PropertiesScreen

        self.open_editor(PropertiesScreen(loaded))

    def action_new(self) -> None:
        """Start the New wizard."""
        from acwizard.screens.new_wizard import NewConnectorWizard

        self.open_editor(NewConnectorWizard())

    def workspace_problems(self) -> list[Problem]:
        """Problems in acwizard.toml and catalog.toml (validate reports them too)."""
        workspace = self.app.workspace
        if self.remembered_catalog_problems is not None:  # the catalog is not read until needed
            return [*workspace.settings_problems, *self.remembered_catalog_problems]
        return [*workspace.settings_problems, *workspace.catalog_problems]

    def problem_lines(self, problems: list[Problem], indent: str = "") -> list[str]:
        """`path:line: severity: message`, as validate prints them, shown as inert text."""
        root = self.app.workspace.root
        return [f"{indent}{visible(problem.format(root), 1000)}" for problem in problems]

    def action_problems(self) -> None:
        """Go to the next invalid file and show its problems; with none, the row's or all."""
        self.ensure_checked()
        invalid = [loaded for loaded in self.files if loaded.status == "invalid"]
        if invalid:
            target = self.next_invalid(invalid)
            self.go_to(target.id)
            self.show_problems(target)
            return
        loaded = self.highlighted()
        if loaded is not None and loaded.problems:
            self.show_problems(loaded)
        else:
            self.show_all_problems()

    def next_invalid(self, invalid: list[ConnectorFile | ListedFile]) -> ConnectorFile | ListedFile:
        """The first invalid file after the cursor's row, wrapping round to the top."""
        order = [loaded.id for loaded in self.files]
        current = self.highlighted_id()
        here = order.index(current) if current in order else -1
        after = [loaded for loaded in invalid if order.index(loaded.id) > here]
        return (after or invalid)[0]

    def go_to(self, key: str) -> None:
        """Put the cursor on the row `key`, clearing the filter if it hides that row."""
        table = self.query_one(ConnectorTable)
        if table.select_key(key):
            return
        field = self.query_one("#filter", Input)
        with field.prevent(Input.Changed):
            field.value = ""
        table.set_filter("", select=key)
        self.update_info(table.row_count)
        self.notify("The filter was cleared to show the invalid file.", markup=False)

    def show_problems(self, loaded: ConnectorFile | ListedFile) -> None:
        """One file's problems, at their lines, and for an invalid file what can be done."""
        name = visible(loaded.path.name)
        lines = self.problem_lines(loaded.problems)
        if loaded.status == "invalid":
            lines += [
                "",
                (
                    f"acwizard does not open or rewrite connectors/{name} while it has errors, "
                    "so nothing in it changes by accident. What you can do:"
                ),
                (
                    "- fix the lines above in an editor, then press r in the list to read "
                    "the file again;"
                ),
                (
                    "- run acwizard validate in a shell: it prints the same problems, for "
                    "every file;"
                ),
                "- press d in the list, on this row, to delete the file.",
            ]
        elsewhere = self.workspace_problems()
        if elsewhere:
            lines += ["", "The workspace's settings or catalog have problems too:"]
            lines += self.problem_lines(elsewhere, "  ")
        self.app.push_screen(TextDialog(f"Problems in connectors/{name}", "\n".join(lines)))

    def show_all_problems(self) -> None:
        """Every problem of every file, when the highlighted one has none."""
        troubled = [loaded for loaded in self.files if loaded.problems]
        elsewhere = self.workspace_problems()
        if not troubled and not elsewhere:
            self.notify("No file in this workspace has a problem.", title="Problems", markup=False)
            return
        lines = self.problem_lines(elsewhere)
        for loaded in troubled:
            lines.append(f"connectors/{visible(loaded.path.name)} ({loaded.status})")
            lines += self.problem_lines(loaded.problems, "  ")
        self.app.push_screen(TextDialog("Problems in this workspace", "\n".join(lines)))

    def action_delete(self) -> None:
        """Delete the highlighted connector after asking."""
        loaded = self.highlighted()
        if loaded is None:
            return
        connector = loaded.connector
        file_name = visible(loaded.path.name)
        name = visible(connector.description) if connector else file_name
        what = ""
        if connector is not None:
            state = "blocked" if connector.blocked else "ACTIVE"
            get, update, special = (
                len(connector.get_connectors),
                len(connector.update_connectors),
                len(connector.connectors),
            )
            grants = (
                f"{get} {plural('GetConnector', get)}, "
                f"{update} {plural('UpdateConnector', update)} and "
                f"{special} special {plural('connector', special)}"
            )
            what = f"It is {state} and grants {grants}. "
        undo = UNDO_NOTES[git_state(loaded.path)]

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            table = self.query_one(ConnectorTable)
            position = table.cursor
            try:
                self.app.workspace.delete(loaded.path, loaded.fingerprint)
            except (OSError, SaveConflict) as exc:
                self.notify(
                    visible(str(exc), 500), title="Not deleted", severity="error", markup=False
                )
            else:
                self.notify(f"Deleted connectors/{file_name}.", title="Deleted", markup=False)
            self.reload()
            table.cursor = position  # the next row, not the top: d again stays near

        self.app.push_screen(
            ConfirmDialog(
                "Delete app connector?",
                f"Delete '{name}'?\n\n{what}This removes connectors/{file_name}. {undo}",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )

    def action_reload(self) -> None:
        """Read the workspace again: its settings, its catalog and every connector file."""
        self.reload(reread_workspace=True)
        troubled = self.workspace_problems()
        if troubled:
            count = len(troubled)
            self.notify(
                f"Reloaded from disk. The settings or the catalog have {count} "
                f"{plural('problem', count)}: press p to see them.",
                severity="warning",
                markup=False,
            )
        else:
            self.notify("Reloaded from disk.", markup=False)

    def action_help(self) -> None:
        """Show every key of this screen."""
        self.app.push_screen(HelpScreen("app connector list", key_rows(self, self.HELP_EXTRA)))
