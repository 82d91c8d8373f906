"""The app connector list: Profit's General / Management / App connector, as a table.

Every connector file in the workspace is a row: description, user group,
Blocked or Active, its authentication (classic, hybrid or oauth: which ones
still need migrating to OAuth), how many Get/Update/special connectors it
grants and its IP restrictions. A file that fails validation still shows,
marked INVALID, with its problems one key away, and it is never opened for
editing or rewritten.

The screen shows the state of a `Listing` (`acwizard.cores.listing`) and sends it
the admin's intent. Reading the files runs in a worker, off the event loop: the
first paint shows what a quick read found, and an action on a row waits for the
read to finish, so nothing acts on unchecked files.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import ClassVar

from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from acwizard.app import AcWizardApp
from acwizard.cores.listing import ListedFile, Listing, Look
from acwizard.cores.listing.rows import AfterRead, Kind
from acwizard.cores.listing.texts import (
    CHANGED_ON_DISK,
    DELETE_TITLE,
    GONE_FROM_DISK,
    all_problems_report,
    delete_question,
    empty_text,
    info_line,
    problems_report,
    reload_notice,
)
from acwizard.cores.verified import MARK_HELP
from acwizard.dialogs.questions import ConfirmDialog, TextDialog
from acwizard.screens.calling_keys import (
    CLICKS_HELP,
    LIST_HOW_TO_CALL_HELP,
    ListCallingKeys,
    deleted_notice,
)
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.screens.recovery import offer_recovery
from acwizard.text import visible
from acwizard.widgets.connector_table import COLUMNS, ConnectorTable, connector_row
from acwizard.widgets.key_footer import KeyFooter


class ConnectorListScreen(ListCallingKeys):
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
        Binding(
            "ctrl+o",
            "how_to_call",
            "How to call",
            show=False,
            tooltip=LIST_HOW_TO_CALL_HELP,
            id="list.how-to-call",
        ),
        Binding("ctrl+p", "clicks", "Clicks", tooltip=CLICKS_HELP, id="list.clicks"),
        Binding("ctrl+p", "no_clicks", "", show=False, tooltip=CLICKS_HELP, id="list.no-clicks"),
        Binding("f1,question_mark", "help", "Help", id="list.help"),
        Binding("q", "app.quit", "Quit", id="list.quit"),
    ]
    """Keys of the list; `/` moves to the filter, and so does any other letter, digit or
    sign typed at the table (`on_key`): only these letters act, each in a way the admin
    sees and can undo (d asks first; n opens the wizard, which writes nothing before
    Finish and asks before throwing typed text away; p opens a dialog; r says it reloaded)."""

    NARROW_FOOTER_LEAVES_OUT = ("filter", "reload", "clicks", "choose")
    """Keys the footer drops first on a narrow terminal, so Help and Quit stay: the
    filter's placeholder names `/`, and the help key says how many keys F1 adds."""

    HELP_EXTRA = (
        ("type", "In the filter: narrow the list (Enter: back to the list)"),
        ("Profit", MARK_HELP),
    )
    """Keys the filter field handles itself, and what the Profit column's marks mean, for
    the help screen."""

    AUTO_FOCUS = "#connectors"
    """The table has the keys. Focusing the filter (the first focusable widget) and then
    moving to the table cost a second styling pass before the first frame: 36 ms of a
    270 ms start-up, measured on a pty."""

    app = getters.app(AcWizardApp)
    """The running app, typed as ours."""

    def __init__(self) -> None:
        super().__init__()
        self.listing = Listing(self.app.workspace)
        """The files as the list shows them (the core behind this screen)."""
        self.stale = False
        """True while a screen that may change files (properties, wizard) is open."""
        self._shown = False
        """True while the rows show the last read (False while one runs)."""
        self._waiting: list[Callable[[], object]] = []
        """What the admin asked for while a read ran, in order (`when_shown`)."""
        self._reader: Worker[Look | None] | None = None
        self._after = AfterRead()

    @property
    def checked(self) -> bool:
        """True once every file has been validated or its result remembered, and shown."""
        return self.listing.checked and self._shown

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
        yield KeyFooter(self.NARROW_FOOTER_LEAVES_OUT, counted=True)

    def on_mount(self) -> None:
        """Paint what a quick read finds, then check the files in a worker; offer unsaved
        edits from last time.

        Checking loads pydantic and the catalog; painting first keeps start-up close
        to a bare Textual app, and the statuses follow a moment later.
        """
        table = self.query_one(ConnectorTable)
        table.set_rows([connector_row(listed) for listed in self.listing.first_look()])
        self.update_info(table.row_count)
        self.read("start")
        offer_recovery(self)

    # -- reading ---------------------------------------------------------------------

    def read(self, kind: Kind, after: AfterRead | None = None) -> None:
        """Read the workspace again (in a worker); the rows follow when it is done."""
        self._shown = False
        self._after = after or AfterRead()
        self._reader = self.read_files(kind)

    @work(thread=True, exclusive=True, group="listing")
    def read_files(self, kind: Kind) -> Look | None:
        """What `Listing.read` finds, off the event loop; None when a newer read replaced it."""
        worker = get_current_worker()
        look = self.listing.read(kind, lambda: worker.is_cancelled)
        if look is not None and look.full:
            # Collect the check's garbage here, off the event loop, while the admin waits
            # for the rows anyway: a full collection (100-400 ms at 5,000 connectors) fell
            # on a filter key otherwise, and once done the next waits for a quarter more
            # long-lived objects (CPython's rule), which typing does not make.
            gc.collect()
        return look

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A read is done: show it (unless a newer one replaced it)."""
        if event.worker is not self._reader or event.state != WorkerState.SUCCESS:
            return
        look = event.worker.result
        if look is None:
            return
        self.show(look)
        self._shown = True
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            if not self._shown:  # one of them started another read: the rest wait for it
                self._waiting.extend(waiting[waiting.index(then) :])
                return
            then()

    def when_shown(self, then: Callable[[], object]) -> None:
        """Do `then` now if the rows show the files as read, else once they do.

        A key pressed while the files are read (Enter, d, p) acts on checked files,
        never on the first paint's guesses, and is never lost.
        """
        if self._shown:
            then()
        else:
            self._waiting.append(then)

    def show(self, look: Look) -> None:
        """Make `look` the listing's state and redraw what changed."""
        listing = self.listing
        before = listing.workspace
        listing.apply(look)
        if listing.workspace is not before:
            # acwizard.toml or catalog.toml changed: every file was checked under the new rules.
            self.app.workspace = listing.workspace
            self.app.show_environment()
        for problem in look.listing_problems:
            self.say(visible(problem.message, 500), f"{visible(problem.path.name)}/", "error")
        table = self.query_one(ConnectorTable)
        after = self._after
        if look.changed:
            rows = [connector_row(listed, listing.mark(listed)) for listed in listing.files]
            table.set_rows(rows, after.select or table.highlighted_key())
        elif after.select is not None:
            table.select_key(after.select)
        if after.cursor is not None:
            table.cursor = after.cursor  # the next row, not the top: d again stays near
        field = self.query_one("#filter", Input)
        hidden = after.select is not None and table.highlighted_key() != after.select
        if hidden and after.reveal is not None and field.value:
            field.value = ""  # the filter hides the connector just created: show all
            table.set_filter("", select=after.reveal)
        elif hidden and field.value and (listed := self.listing.file(after.select)):
            name = visible(listed.row.description if listed.row else listed.path.name)
            self.say(f"'{name}' no longer matches the filter: Esc shows every connector.")
        self.update_info(table.row_count)

    def say(self, text: str, title: str = "", severity: SeverityLevel = "information") -> None:
        """A toast of plain text (never markup: names come from files)."""
        self.notify(text, title=title, severity=severity, markup=False)

    def update_info(self, shown: int) -> None:
        """The line above the table, and what an empty table says."""
        self.query_one("#workspace-info", Static).update(Content(info_line(self.listing, shown)))
        self.query_one(ConnectorTable).empty_text = empty_text(self.listing)

    def highlighted(self) -> ListedFile | None:
        """The file under the cursor."""
        return self.listing.file(self.highlighted_id())

    def highlighted_id(self) -> str | None:
        """The id of the row under the cursor."""
        return self.query_one(ConnectorTable).highlighted_key()

    # -- screens above the list --------------------------------------------------------

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
            # A connector just created is shown even if the filter hides it; one that was
            # there keeps the filter, saved or not (a save used to clear it).
            created = opened is not None and self.listing.file(opened) is None
            self.read("back", AfterRead(select=opened, reveal=opened if created else None))

    def open_editor(self, screen: Screen[None]) -> None:
        """Push a screen that may change files; the list reads them again when it closes."""
        self.stale = True
        self.app.last_opened = None
        self.app.push_screen(screen)

    # -- actions ---------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        """Re-filter as the user types."""
        table = self.query_one(ConnectorTable)
        table.set_filter(self.query_one("#filter", Input).value)
        self.update_info(table.row_count)

    def on_key(self, event: events.Key) -> None:
        """A letter, digit or sign typed at the table that is no key of the list starts the
        filter with it: a word typed at the table by mistake filters the list, instead of
        its letters acting one by one ("spending" opened Problems, then the wizard)."""
        if (
            self.app.focused is not self.query_one(ConnectorTable)
            or not event.is_printable
            or event.key == "space"
            or event.key in self.active_bindings
        ):
            return
        field = self.query_one("#filter", Input)
        self.set_focus(field)  # now, not later as `focus()` does: the text goes in after it
        # (receiving the focus selects the filter's text: the next letter replaced this one)
        field.call_later(self.type_into_filter, event.character or "")
        event.stop()
        event.prevent_default()

    def type_into_filter(self, text: str) -> None:
        """Add `text` at the end of the filter, nothing selected."""
        field = self.query_one("#filter", Input)
        field.action_end()
        field.insert_text_at_cursor(text)

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
        self.when_shown(self.open_highlighted)

    def open_highlighted(self) -> None:
        """Open the row under the cursor, as it is on disk now."""
        listed = self.highlighted()
        if listed is None:
            return
        if self.listing.changed_on_disk(listed):
            # A git pull or a colleague in another pane: the admin would review and edit
            # what the file no longer says. The list catches up first, and says so.
            self.read("reload", AfterRead(select=listed.id))
            self.when_shown(lambda: self.open_changed(listed))
            return
        self.open_file(listed)

    def open_changed(self, listed: ListedFile) -> None:
        """Open a file that changed on disk as it is now, saying so."""
        name = visible(listed.path.name)
        fresh = self.listing.file(listed.id)
        if fresh is None:
            self.say(f"{name} {GONE_FROM_DISK}", "Changed on disk", "warning")
            return
        self.say(f"{name} {CHANGED_ON_DISK}", "Changed on disk", "warning")
        self.open_file(fresh)

    def open_file(self, listed: ListedFile) -> None:
        """The properties of a valid file, the problems of an invalid one."""
        if listed.status == "invalid":
            self.show_problems(listed)
            return
        from acwizard.screens.properties import PropertiesScreen

        self.open_editor(PropertiesScreen(self.listing.load(listed)))

    def action_new(self) -> None:
        """Start the New wizard (at once: it reads no row)."""
        from acwizard.screens.new_wizard import NewConnectorWizard

        self.open_editor(NewConnectorWizard())

    def action_problems(self) -> None:
        """Go to the next invalid file and show its problems; with none, the row's or all."""
        self.when_shown(self.show_next_problems)

    def show_next_problems(self) -> None:
        """The next invalid file's problems; with none, the row's or all."""
        target = self.listing.next_invalid(self.highlighted_id())
        if target is not None:
            self.go_to(target.id)
            self.show_problems(target)
            return
        listed = self.listing.file(self.highlighted_id())
        if listed is not None and listed.problems:
            self.show_problems(listed)
            return
        report = all_problems_report(self.listing)
        if report is None:
            self.say("No file in this workspace has a problem.", "Problems")
            return
        self.app.push_screen(TextDialog(*report))

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
        self.say("The filter was cleared to show the invalid file.")

    def show_problems(self, listed: ListedFile) -> None:
        """One file's problems, at their lines, and for an invalid file what can be done."""
        self.app.push_screen(TextDialog(*problems_report(self.listing, listed)))

    def action_delete(self) -> None:
        """Delete the highlighted connector after asking."""
        self.when_shown(self.ask_to_delete)

    def ask_to_delete(self) -> None:
        """Ask whether to delete the row under the cursor; delete it on yes."""
        listed = self.highlighted()
        if listed is None:
            return
        if self.listing.changed_on_disk(listed):  # ask about what is on disk now
            self.read("reload", AfterRead(select=listed.id))
            self.when_shown(self.ask_to_delete)
            return
        file_name = visible(listed.path.name)
        loaded = self.listing.load(listed)  # what the deletion may remove (`SaveConflict`)
        question = delete_question(listed, self.listing.undo_note(listed))

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            error = self.listing.delete(loaded)
            if error is not None:
                self.say(error, "Not deleted", "error")
            else:
                self.say(f"Deleted connectors/{file_name}.", "Deleted")
                recorded = self.record_deletion(listed.id, loaded.connector)
                name = listed.row.description if listed.row else None
                self.say(*deleted_notice(name, recorded), "warning")
            self.read("back", AfterRead(cursor=self.query_one(ConnectorTable).cursor))

        self.app.push_screen(
            ConfirmDialog(DELETE_TITLE, question, yes="Delete", no="Keep"), answered
        )

    def action_reload(self) -> None:
        """Read the workspace again: its settings, its catalog and every connector file."""
        self.read("reload")
        self.when_shown(self.say_reloaded)

    def say_reloaded(self) -> None:
        """Say that `r` is done, and whether the settings or the catalog have problems."""
        notice, warning = reload_notice(self.listing)
        self.say(notice, severity="warning" if warning else "information")

    def action_help(self) -> None:
        """Show every key of this screen."""
        self.app.push_screen(HelpScreen("app connector list", key_rows(self, self.HELP_EXTRA)))
