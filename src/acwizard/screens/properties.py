"""The properties of one app connector: Profit's tabs, from General to Webhooks.

General, GetConnectors, UpdateConnectors, Connectors, IP restrictions (Profit 5),
then OAuth and Webhooks (Profit 8 and 9).

A thin view of a `ConnectorEditor` (acwizard.cores.editor): the screen lays out the
tabs, turns keys and widget events into the editor's calls and shows the
editor's state (messages, findings, title) whenever it changes. Every rule,
the save and its conflicts, the recovery draft and the undo history are the
editor's; this screen reads no file and computes no rule.

ctrl+z undoes and ctrl+y redoes on every tab, whatever has the focus (a
simple ctrl+letter arrives over SSH; `u` would mean something else on the
OAuth tab, where it drops an edit not applied yet). An undo shows the tab of
what came back, the table's cursor on it, and says it in a toast.
"""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    RadioSet,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)

from acwizard.app import AcWizardApp
from acwizard.cores.describe import Said
from acwizard.cores.editor import ConnectorEditor, ConnectorFile
from acwizard.cores.fields import TextField
from acwizard.cores.grants import Grants
from acwizard.cores.save_plan import Conflict, SaveFailed, SaveResult
from acwizard.dialogs.questions import ChoiceDialog, ask_to_discard
from acwizard.dialogs.save_preview import SavePreview, diff_content
from acwizard.drafts import Draft
from acwizard.model import DESCRIPTION_MAX_LENGTH, USER_GROUP_MAX_LENGTH
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.text import visible
from acwizard.versions import missing
from acwizard.widgets.description_input import DescriptionInput
from acwizard.widgets.fitted_input import NotesInput
from acwizard.widgets.grant_panes import IdListPane, IpRestrictionsPane
from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.oauth_pane import OAuthPane
from acwizard.widgets.plain_checkbox import (
    PlainButton,
    PlainCheckbox,
    PlainRadioButton,
    PlainRadioSet,
)
from acwizard.widgets.webhooks_pane import WebhooksPane

__all__ = ["PropertiesScreen"]

TABS = ("general", "get", "update", "special", "ip", "oauth", "webhooks")
"""Tab ids in Profit's order; keys 1-7 (outside text fields) and F2-F8 (anywhere) select them."""
TAB_LABELS = {
    "general": ("General", "General", "General"),
    "get": ("GetConnectors", "GetConnectors", "Get"),
    "update": ("UpdateConnectors", "UpdateConnectors", "Update"),
    "special": ("Connectors", "Connectors", "Connectors"),
    "ip": ("IP restrictions", "IP", "IP"),
    "oauth": ("OAuth", "OAuth", "OAuth"),
    "webhooks": ("Webhooks", "Webhooks", "Webhooks"),
}
"""Each tab's label: Profit's name; with Profit's names of the grant tabs and "IP" at 80
columns (75 wide); short ones that still read at 60 columns (55 wide)."""
TAB_KEYS_NOTE = (
    "In a text field 1-7 are text; F2-F8 and ctrl+t/ctrl+b switch tabs from anywhere. "
    "The screen opens on the tab bar, where no key types: Tab goes to Description."
)
"""Said first in F1: why a digit sometimes types and sometimes switches tabs."""
FULL_LABELS_WIDTH = 92
"""From this many columns Profit's full tab names fit on one line (each label + 2)."""
MEDIUM_LABELS_WIDTH = 76
"""From this many columns the grant tabs keep Profit's names (IP restrictions reads "IP")."""
PANE_IDS = {
    "get_connectors": "get-pane",
    "update_connectors": "update-pane",
    "connectors": "special-pane",
}
"""The pane that shows each list."""
FIELD_INPUTS: dict[str, TextField] = {
    "description": "description",
    "user-group": "user_group",
    "notes": "notes",
}
"""Widget id of each General text field -> the editor's name for it."""
FIELD_TABS = {
    "get_connectors": "get",
    "update_connectors": "update",
    "connectors": "special",
    "ip_restrictions": "ip",
    "oauth": "oauth",
    "webhooks": "webhooks",
}
"""The tab that shows each field of the connector; the others are on General."""
GENERAL_WIDGETS = {
    "description": "description",
    "user_group": "user-group",
    "notes": "notes",
    "blocked": "blocked",
    "authentication": "authentication",
}
"""The widget of each field on the General tab: an undo puts the focus there."""
UNDO_HELP = "Undo the last change (a grant, an IP line, a field); ctrl+y redoes it"
"""Help's one row for ctrl+z and ctrl+y (all four bindings say it, so they share the row)."""

RECOVERY_DELAY = 0.5
"""Seconds after the last change before the recovery draft is written."""

BLOCKED_HELP = "Profit refuses every call while blocked. Untick once the setup is done."
"""One line at 80 columns (with a scroll bar), so the review stays in view under Authentication."""
AUTHENTICATION_CHOICES = (
    ("classic", "Classic token"),
    ("hybrid", "Hybrid"),
    ("oauth", "OAuth"),
)
"""The authentication types as the General tab offers them (radio button id: auth-<type>)."""
AUTHENTICATION_HELP = {
    "classic": "Classic tokens expire 1 May 2027; they stop working 31 August 2027.",
    "hybrid": "Both work until 31 August 2027; choose OAuth once the app uses it.",
    "oauth": "Apps sign in with OAuth only; its settings are on the OAuth tab (F7).",
}
"""One line under the choice, for the type chosen (each fits 76 columns)."""


class ReviewPanel(Static, can_focus=True):
    """What an access audit reports, last on the General tab: a stop for Tab.

    The review grows with the findings, and at 80x24 its end lies below the
    tab's fold; the General tab itself takes no focus (from the tab bar Tab
    goes to Description), so without a stop here a keyboard-only admin could
    never bring the last findings into view. Focused, it scrolls into view.
    """


def rows(text: str, width: int) -> int:
    """The lines `text` takes in a field `width` cells wide (none when empty)."""
    return len(Content(text).wrap(width)) if text else 0


@runtime_checkable
class TablePane(Protocol):
    """A tab's pane that puts the cursor in its table when its tab is chosen."""

    def focus_table(self) -> None:
        """Focus the pane's table."""


class PropertiesScreen(Screen[None]):
    """Edit one connector in Profit's seven tabs; OK saves, Cancel discards."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f10", "ok", "OK", id="properties.ok"),
        Binding("escape", "cancel", "Cancel", id="properties.cancel"),
        Binding("ctrl+t", "next_tab(1)", "Next tab", id="properties.next-tab"),
        Binding("ctrl+b", "next_tab(-1)", "Previous tab", show=False, id="properties.prev-tab"),
        Binding("1", "tab(0)", "General tab", show=False, id="properties.tab1"),
        Binding("2", "tab(1)", "GetConnectors tab", show=False, id="properties.tab2"),
        Binding("3", "tab(2)", "UpdateConnectors tab", show=False, id="properties.tab3"),
        Binding("4", "tab(3)", "Connectors tab", show=False, id="properties.tab4"),
        Binding("5", "tab(4)", "IP restrictions tab", show=False, id="properties.tab5"),
        Binding("f2", "tab(0)", "General tab", show=False, id="properties.f2"),
        Binding("f3", "tab(1)", "GetConnectors tab", show=False, id="properties.f3"),
        Binding("f4", "tab(2)", "UpdateConnectors tab", show=False, id="properties.f4"),
        Binding("f5", "tab(3)", "Connectors tab", show=False, id="properties.f5"),
        Binding("f6", "tab(4)", "IP restrictions tab", show=False, id="properties.f6"),
        Binding("6", "tab(5)", "OAuth tab", show=False, id="properties.tab6"),
        Binding("7", "tab(6)", "Webhooks tab", show=False, id="properties.tab7"),
        Binding("f7", "tab(5)", "OAuth tab", show=False, id="properties.f7"),
        Binding("f8", "tab(6)", "Webhooks tab", show=False, id="properties.f8"),
        Binding("ctrl+z", "undo", "Undo", tooltip=UNDO_HELP, id="properties.undo"),
        Binding(
            "ctrl+z", "undo_none", "Undo", show=False, tooltip=UNDO_HELP, id="properties.undo0"
        ),
        Binding("ctrl+y", "redo", "Redo", show=False, tooltip=UNDO_HELP, id="properties.redo"),
        Binding(
            "ctrl+y", "redo_none", "Redo", show=False, tooltip=UNDO_HELP, id="properties.redo0"
        ),
        Binding("f1,question_mark", "help", "Help", id="properties.help"),
    ]
    """ctrl+s or F10 is OK, Escape is Cancel; ctrl+t / ctrl+b cycle the tabs, 1-7 pick one.

    A digit typed in a text field is text, so 1-7 switch tabs only outside text
    fields; F2-F8 and ctrl+t / ctrl+b never type and work wherever the focus is.
    ctrl+z undoes, ctrl+y redoes; each has a second binding, out of the footer,
    that works while there is nothing to undo (so the footer offers Undo only
    when there is something, and the key still answers with a bell).
    """

    NARROW_FOOTER_LEAVES_OUT = ("next_tab(1)", "edit", "toggle_blocked", "undo")
    """Keys the footer drops first on a narrow terminal, so OK, Cancel and Help stay:
    the tab bar shows where the tabs are, Enter edits a webhook too, and F1 lists
    every key. Undo goes last, and only where nothing else is left to drop: the
    notice after each table change names ctrl+z as well."""

    app = getters.app(AcWizardApp)
    """The running app, typed as ours."""

    tabs = getters.query_one("#tabs", TabbedContent)
    description_input = getters.query_one("#description", DescriptionInput)
    user_group_input = getters.query_one("#user-group", Input)
    notes_input = getters.query_one("#notes", Input)
    blocked_box = getters.query_one("#blocked", Checkbox)
    authentication_choice = getters.query_one("#authentication", RadioSet)
    findings_view = getters.query_one("#findings", Static)
    ip_pane = getters.query_one("#ip-pane", IpRestrictionsPane)
    oauth_pane = getters.query_one("#oauth-pane", OAuthPane)
    webhooks_pane = getters.query_one("#webhooks-pane", WebhooksPane)

    shown_revision: var[int] = var(-1, init=False)
    """The editor's revision on screen: moving it redraws the state (`watch_shown_revision`)."""

    def __init__(self, loaded: ConnectorFile, recovered: Draft | None = None) -> None:
        super().__init__()
        self.editor = ConnectorEditor(self.app.workspace, loaded, self.app.held_drafts)
        """The connector being edited, and every rule about it."""
        self.recovered = recovered
        """Unsaved edits from an earlier session, applied on mount."""
        self._recovery_timer: Timer | None = None
        self._draft_failed = False
        self._offers: tuple[bool, bool] | None = None
        """Whether there was something to undo and to redo when the footer was last told."""
        self._shown: dict[str, str] = {}
        """The text each message widget shows, by widget id (see `show_text`)."""

    @property
    def loaded(self) -> ConnectorFile:
        """The file as it was read."""
        return self.editor.loaded

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, the seven tabs, OK / Cancel, footer."""
        workspace = self.app.workspace
        catalog = workspace.catalog
        editor = self.editor
        draft = editor.accepted
        yield Header(icon="")
        with TabbedContent(id="tabs", initial="general"):
            with TabPane(TAB_LABELS["general"][0], id="general"):
                with VerticalScroll(id="general-fields", can_focus=False):
                    yield Static(
                        "Description (subject of the one-time-password e-mail)",
                        classes="field-label",
                    )
                    yield DescriptionInput(
                        editor.text["description"],
                        placeholder="required: the name the app's users know",
                        max_length=DESCRIPTION_MAX_LENGTH,
                        id="description",
                        compact=True,
                        select_on_focus=False,
                    )
                    yield Static(id="description-message", classes="field-message")
                    yield Static("User group (its members may hold tokens)", classes="field-label")
                    with Horizontal(classes="field-row"):
                        yield Input(
                            editor.text["user_group"],
                            placeholder="required: type a name or press Choose...",
                            max_length=USER_GROUP_MAX_LENGTH,
                            id="user-group",
                            compact=True,
                            select_on_focus=False,
                        )
                        yield PlainButton("Choose...", id="choose-group", compact=True)
                    yield Static(id="user-group-message", classes="field-message")
                    yield PlainCheckbox("Blocked", editor.blocked, id="blocked", compact=True)
                    yield Static(Content(BLOCKED_HELP), classes="field-help", id="blocked-help")
                    with Horizontal(classes="field-row", id="authentication-row"):
                        yield Static("Authentication", classes="field-label")
                        yield self.authentication_radios()
                    lacking = missing("oauth", workspace.settings.profit_version)
                    yield Static(
                        Content(
                            f"{lacking}." if lacking else AUTHENTICATION_HELP[draft.authentication]
                        ),
                        classes="field-help",
                        id="authentication-help",
                    )
                    yield Static(
                        "Notes for reviewers (ticket, owner, purpose)", classes="field-label"
                    )
                    yield NotesInput(
                        editor.text["notes"],
                        placeholder="optional, e.g. RFC-1234, owner: HR",
                        id="notes",
                        compact=True,
                        select_on_focus=False,
                    )
                    yield Static(id="notes-message", classes="field-message")
                    if not workspace.settings.online:
                        yield Static(
                            Content(
                                "IP restrictions: not available, because this workspace is "
                                "not AFAS Online (online = false in acwizard.toml)."
                            ),
                            classes="field-help",
                            id="ip-unavailable",
                        )
                    yield Static("Review (what an access audit reports)", classes="field-label")
                    yield ReviewPanel(id="findings", classes="field-help")
            with TabPane(TAB_LABELS["get"][0], id="get"):
                yield IdListPane(
                    Grants("get_connectors", catalog), draft.get_connectors, id="get-pane"
                )
            with TabPane(TAB_LABELS["update"][0], id="update"):
                yield IdListPane(
                    Grants("update_connectors", catalog), draft.update_connectors, id="update-pane"
                )
            with TabPane(TAB_LABELS["special"][0], id="special"):
                yield IdListPane(Grants("connectors", catalog), draft.connectors, id="special-pane")
            with TabPane(TAB_LABELS["ip"][0], id="ip"):
                yield IpRestrictionsPane(draft.ip_restrictions, id="ip-pane")
            profit_version = workspace.settings.profit_version
            with TabPane(TAB_LABELS["oauth"][0], id="oauth"):
                yield OAuthPane(draft.oauth, draft.authentication, profit_version, id="oauth-pane")
            with TabPane(TAB_LABELS["webhooks"][0], id="webhooks"):
                yield WebhooksPane(
                    draft.webhooks, id="webhooks-pane", profit_version=profit_version
                )
        with Horizontal(id="properties-buttons", classes="button-row"):
            yield PlainButton("OK", id="ok", variant="primary", compact=True)
            yield PlainButton("Cancel", id="cancel", compact=True)
        yield KeyFooter(self.NARROW_FOOTER_LEAVES_OUT)

    def authentication_radios(self) -> RadioSet:
        """Classic token / Hybrid / OAuth, the editor's choice pressed.

        Where the workspace's Profit version has no OAuth, Hybrid and OAuth are
        disabled: the arrows pass over them, and the help line under them says why.
        """
        chosen = self.editor.accepted.authentication
        lacking = missing("oauth", self.app.workspace.settings.profit_version)
        return PlainRadioSet(
            *(
                PlainRadioButton(
                    label,
                    value=chosen == kind,
                    id=f"auth-{kind}",
                    disabled=bool(lacking) and kind != "classic",
                )
                for kind, label in AUTHENTICATION_CHOICES
            ),
            id="authentication",
            compact=True,
        )

    def on_mount(self) -> None:
        """Title, availability of the IP tab, initial messages."""
        self.app.last_opened = self.loaded.id
        if not self.app.workspace.settings.online:
            self.tabs.disable_tab("ip")
        self.show_state()
        self.set_reactive(PropertiesScreen.shown_revision, self.editor.revision)
        if self.recovered is not None:
            self.restore(self.recovered)
        self.focus_tab_bar()

    def focus_tab_bar(self) -> None:
        """Put the focus on the tab bar, where no key types into a field.

        After Finish or Open the admin's next key is often a tab's digit; with
        the focus in Description that digit became part of the subject of the
        one-time-password e-mail. From the tab bar, Tab goes to Description.
        """
        self.tabs.query_one(Tabs).focus()

    def on_resize(self) -> None:
        """Profit's tab names when they fit, shorter ones on a narrow terminal."""
        width = self.size.width
        # The authentication choices follow their label where they fit, else go under it.
        self.query_one("#authentication-row").set_class(width < MEDIUM_LABELS_WIDTH, "-narrow")
        size = 0 if width >= FULL_LABELS_WIDTH else 1 if width >= MEDIUM_LABELS_WIDTH else 2
        for tab_id, labels in TAB_LABELS.items():
            tab = self.tabs.get_tab(tab_id)
            label = labels[size]
            if tab.label_text != label:
                tab.label = Content(label)

    def restore(self, recovered: Draft) -> None:
        """Put unsaved edits from an earlier session back on screen."""
        if not self.editor.restore(recovered):
            self.notify("Some recovered changes were not valid and were left out.", markup=False)
        editor = self.editor
        for widget_id, name in FIELD_INPUTS.items():
            self.query_one(f"#{widget_id}", Input).value = editor.text[name]
        self.blocked_box.value = editor.blocked
        self.show_structure()
        self.edited()

    # -- the editor's state on screen ------------------------------------------------

    def edited(self) -> None:
        """After any call that may change the editor: show its state if it moved."""
        self.shown_revision = self.editor.revision

    def watch_shown_revision(self) -> None:
        """The editor changed: show its state, and keep a recovery draft soon."""
        self.show_state()
        offers = (bool(self.editor.undo_steps), bool(self.editor.redo_steps))
        if offers != self._offers:
            # The footer offers Undo once there is something to undo. Only then: each
            # refresh rebuilds the footer and lays the screen out again (a third of a
            # key's time in the description, measured).
            self._offers = offers
            self.refresh_bindings()
        self.schedule_recovery()

    def show_state(self) -> None:
        """Messages under the fields, the review, and the title, as the editor has them.

        The header reads `Blocked/Active · modified — connectors/<id>.toml`: state first.
        Only what changed is updated (`show_text`): a key typed changes one field's
        message at most, and every update lays the whole screen out again.
        """
        editor = self.editor
        for name, message in editor.field_messages().items():
            widget = self.query_one(f"#{name.replace('_', '-')}-message", Static)
            self.show_text(widget, message.text)
            widget.set_class(message.error, "-error")
        lines = editor.review_lines()
        self.show_text(self.findings_view, "\n".join(lines) or "Nothing to report.")
        if not missing("oauth", self.app.workspace.settings.profit_version):
            help_line = AUTHENTICATION_HELP[editor.accepted.authentication]
            self.show_text(self.query_one("#authentication-help", Static), help_line)
        self.title = editor.title()
        self.sub_title = editor.file_name

    def show_text(self, widget: Static, text: str) -> None:
        """Show `text` in `widget` unless it shows that already.

        A text as tall as the one it replaces is only painted: a layout pass lays out
        every widget of the screen, and a key in User group changes the group named in
        the review and under the field without changing their height.
        """
        key = widget.id or ""
        old = self._shown.get(key)
        if old == text:
            return
        self._shown[key] = text
        width = widget.content_size.width
        same = old is not None and width > 0 and rows(old, width) == rows(text, width)
        widget.update(Content(text), layout=not same)

    def show_structure(self) -> None:
        """The lists, IP lines and authentication as the editor has them now."""
        accepted = self.editor.accepted
        for section, pane_id in PANE_IDS.items():
            self.query_one(f"#{pane_id}", IdListPane).show(getattr(accepted, section))
        self.ip_pane.show(accepted.ip_restrictions)
        self.oauth_pane.show(accepted.oauth, accepted.authentication)
        self.webhooks_pane.show(accepted.webhooks)
        button = self.query_one(f"#auth-{accepted.authentication}", PlainRadioButton)
        if not button.value:
            button.value = True  # restored from a draft: the set follows the button

    def show_fields(self, fields: frozenset[str], select: str | None = None) -> None:
        """Show the fields an undo or redo changed as the editor has them now.

        `select`: the id or IP line that came back; its table's cursor goes there.
        """
        editor = self.editor
        accepted = editor.accepted
        for section, pane_id in PANE_IDS.items():
            if section in fields:
                pane = self.query_one(f"#{pane_id}", IdListPane)
                pane.show(getattr(accepted, section), select=select)
        if "ip_restrictions" in fields:
            self.ip_pane.show(accepted.ip_restrictions, select=select)
        if "webhooks" in fields:
            self.webhooks_pane.show(accepted.webhooks)
        if fields & {"oauth", "authentication"}:
            self.oauth_pane.show(accepted.oauth, accepted.authentication)
        if "authentication" in fields:
            button = self.query_one(f"#auth-{accepted.authentication}", PlainRadioButton)
            button.value = True  # the set follows; the editor has it already (no new step)
        if "blocked" in fields:
            self.blocked_box.value = editor.blocked
        for widget_id, name in FIELD_INPUTS.items():
            if name in fields:
                self.query_one(f"#{widget_id}", Input).value = editor.text[name]

    def refused(self, message: str | None) -> None:
        """Say why the model refused a change; nothing changed."""
        if message is not None:
            self.notify(message, title="Not changed", severity="error", markup=False)

    # -- recovery drafts ----------------------------------------------------------

    def schedule_recovery(self) -> None:
        """Keep a recovery draft a moment after the last change; hold it ready at once."""
        self.editor.hold_draft()
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self._recovery_timer = self.set_timer(RECOVERY_DELAY, self.keep_recovery)

    def hold_recovery(self) -> Draft | None:
        """The draft of what is unsaved now, from the fields as they are (a signal calls this).

        The fields hold every key already handled, even while their change
        messages still wait in the queue: they are read into the editor first.
        """
        self.read_fields()
        return self.editor.hold_draft()

    def read_fields(self) -> None:
        """Give the editor the General fields as they are now.

        A key is in its field at once, while its change message may still wait
        in the queue; whoever acts before that message (a signal, ctrl+q) reads
        the fields first, so the last key typed is never left out.
        """
        editor = self.editor
        for widget_id, name in FIELD_INPUTS.items():
            field = self.query_one(f"#{widget_id}", Input)
            note = field.paste_note if isinstance(field, DescriptionInput) else None
            editor.set_field(name, field.value, paste_note=note)
        editor.set_blocked(self.blocked_box.value)

    def keep_recovery(self) -> None:
        """Write this session's recovery draft now, or remove it when nothing is unsaved."""
        try:
            self.editor.keep_draft()
        except OSError as exc:
            self.show_draft_problem(exc)
        else:
            self.show_draft_problem(None)

    def show_draft_problem(self, exc: OSError | None) -> None:
        """Say at once, and until it is fixed, that unsaved edits cannot be kept for recovery."""
        if exc is None:
            if self._draft_failed:
                self._draft_failed = False
                self.query("#draft-problem").remove()
            return
        if self._draft_failed:
            return
        self._draft_failed = True
        reason = exc.strerror or str(exc)
        if exc.filename:
            reason += f" ({exc.filename})"
        message = (
            f"Unsaved changes cannot be kept for recovery: {visible(reason, 160)}. "
            "If this session is cut off they are lost; save with OK soon."
        )
        self.notify(message, title="No recovery draft", severity="error", markup=False)
        self.mount(
            Static(Content(f"! {message}"), id="draft-problem", classes="field-message -error"),
            before="#properties-buttons",
        )

    def forget_recovery(self) -> None:
        """The edits are saved or knowingly discarded: this session's draft goes."""
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self.editor.forget_draft()

    def is_modified(self) -> bool:
        """True when there is something unsaved (the app asks before quitting)."""
        self.read_fields()
        return self.editor.is_modified() or bool(self.oauth_unapplied())

    def close(self) -> None:
        """Leave the screen; its edits are saved or discarded, so the draft goes."""
        self.forget_recovery()
        self.app.pop_screen()

    # -- messages from fields and panes -------------------------------------------------

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        """A General text field changed: the editor holds it as typed."""
        name = FIELD_INPUTS.get(event.input.id or "")
        if name is None:
            return
        note = event.input.paste_note if isinstance(event.input, DescriptionInput) else None
        # The field's value now, not the event's: a change message still queued when
        # ctrl+z put the field back must not bring back the text undone.
        self.editor.set_field(name, event.input.value, paste_note=note)
        self.edited()

    @on(Checkbox.Changed, "#blocked")
    def blocked_changed(self, event: Checkbox.Changed) -> None:
        """Blocked ticked or unticked."""
        # The box as it is now, not the event's value: ctrl+z twice in a burst sets it
        # twice, and the first change arriving last must not tick it back.
        self.editor.set_blocked(event.checkbox.value)
        self.edited()

    @on(RadioSet.Changed, "#authentication")
    async def authentication_changed(self, event: RadioSet.Changed) -> None:
        """Classic token, hybrid or OAuth chosen: the editor may refuse (Profit version)."""
        kind = (event.pressed.id or "").removeprefix("auth-")
        message = self.editor.set_authentication(kind)
        if message is not None:
            self.refused(message)
            # The radio set sends this message while it holds back its buttons' own
            # changes, so a button set back now would leave it thinking the refused one
            # pressed: a fresh set shows the editor's choice.
            await self.authentication_choice.remove()
            await self.query_one("#authentication-row").mount(self.authentication_radios())
            self.authentication_choice.focus()
        accepted = self.editor.accepted
        self.oauth_pane.show(accepted.oauth, accepted.authentication)
        self.edited()

    @on(IdListPane.Changed)
    def ids_changed(self, event: IdListPane.Changed) -> None:
        """A pane asks to change a list: accept it through the model."""
        revision = self.editor.revision
        message = self.editor.propose(**{event.section: event.ids})
        self.refused(message)
        if message is None:
            pane = self.query_one(f"#{PANE_IDS[event.section]}", IdListPane)
            pane.show(getattr(self.editor.accepted, event.section))
        self.said_change(revision)
        self.edited()

    @on(IpRestrictionsPane.Changed)
    def ip_changed(self, event: IpRestrictionsPane.Changed) -> None:
        """The IP pane asks to change its lines: accept them through the model."""
        lines = [line.model_dump() for line in event.lines]
        revision = self.editor.revision
        message = self.editor.propose(ip_restrictions=lines)
        self.refused(message)
        if message is None:
            self.ip_pane.show(self.editor.accepted.ip_restrictions)
        self.said_change(revision)
        self.edited()

    def said_change(self, revision: int) -> None:
        """Say what a table's change did and how to take it back, if it changed anything.

        A `d` acts at once: a slip (a key meant to move, one typed after a dialog
        closed) must show what it removed and that ctrl+z puts it back.
        """
        said = self.editor.last_change()
        if self.editor.revision != revision and said is not None:
            self.notify(f"{said.text}. ctrl+z undoes this.", markup=False)

    @on(OAuthPane.Changed)
    def oauth_changed(self, event: OAuthPane.Changed) -> None:
        """The OAuth tab asks for new settings: accept them through the model."""
        message = self.editor.propose(oauth=event.oauth)
        self.refused(message)
        accepted = self.editor.accepted
        self.oauth_pane.show(accepted.oauth, accepted.authentication)
        self.edited()

    @on(WebhooksPane.Changed)
    def webhooks_changed(self, event: WebhooksPane.Changed) -> None:
        """The Webhooks tab asks for a new list: accept it through the model."""
        message = self.editor.propose(webhooks=event.webhooks)
        self.refused(message)
        self.webhooks_pane.show(self.editor.accepted.webhooks)
        self.edited()

    @on(Input.Submitted)
    def field_submitted(self, event: Input.Submitted) -> None:
        """Enter in a General field moves to the next one."""
        event.stop()
        self.focus_next()

    @on(Button.Pressed)
    def button_pressed(self, event: Button.Pressed) -> None:
        """OK, Cancel and Choose..."""
        event.stop()
        if event.button.id == "ok":
            self.action_ok()
        elif event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id == "choose-group":
            self.choose_group()

    def choose_group(self) -> None:
        """Pick the user group from the catalog."""
        from acwizard.dialogs.user_group import UserGroupDialog

        def chosen(name: str | None) -> None:
            if name:
                self.user_group_input.value = name

        self.app.push_screen(
            UserGroupDialog(
                self.app.workspace.catalog.section("user_groups"),
                self.editor.text["description"].strip() or None,
                self.user_group_input.value,
            ),
            chosen,
        )

    # -- tabs ----------------------------------------------------------------------

    def action_tab(self, index: int) -> None:
        """Select tab `index` (0-6) and put the cursor in it."""
        tab_id = TABS[index]
        if tab_id == "ip" and not self.app.workspace.settings.online:
            self.notify(
                "IP restrictions exist only in AFAS Online; this workspace is set "
                "online = false in acwizard.toml.",
                title="Not available",
                markup=False,
            )
            return
        self.tabs.active = tab_id
        if tab_id == "general":
            self.focus_tab_bar()
            return
        pane = self.query_one(f"#{tab_id}-pane")
        if isinstance(pane, TablePane):
            pane.focus_table()
        else:
            pane.focus()

    def action_next_tab(self, direction: int) -> None:
        """Select the next (1) or previous (-1) available tab, wrapping around."""
        current = TABS.index(self.tabs.active or "general")
        for step in range(1, len(TABS) + 1):
            index = (current + direction * step) % len(TABS)
            if TABS[index] != "ip" or self.app.workspace.settings.online:
                self.action_tab(index)
                return

    # -- undo and redo ---------------------------------------------------------------

    class Undo(Message):
        """ctrl+z or ctrl+y, sent through the focused widget (see `Leave`): a `d` and a
        ctrl+z that arrive in one burst undo that `d`, not the change before it."""

        def __init__(self, redo: bool) -> None:
            super().__init__()
            self.redo = redo
            """True for ctrl+y."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo and Redo show only while there is something to undo or redo."""
        if action in ("undo", "undo_none"):
            return bool(self.editor.undo_steps) == (action == "undo")
        if action in ("redo", "redo_none"):
            return bool(self.editor.redo_steps) == (action == "redo")
        return True

    def action_undo(self) -> None:
        """ctrl+z: undo, once what the admin did just before has reached the editor."""
        (self.focused or self).post_message(self.Undo(redo=False))

    def action_undo_none(self) -> None:
        """ctrl+z while the footer offers no Undo: a change may still be on its way."""
        self.action_undo()

    def action_redo(self) -> None:
        """ctrl+y: redo what ctrl+z undid."""
        (self.focused or self).post_message(self.Undo(redo=True))

    def action_redo_none(self) -> None:
        """ctrl+y while there is nothing to redo: a change may still be on its way."""
        self.action_redo()

    @on(Undo)
    def undo(self, event: Undo) -> None:
        """Take the last change back (or make it again): show where, and say what."""
        event.stop()
        self.read_fields()  # a key typed just before is a step of its own
        editor = self.editor
        said = editor.redo() if event.redo else editor.undo()
        if said is None:
            self.app.bell()
            self.notify(
                "Nothing to redo." if event.redo else "Nothing to undo.",
                title="Redo" if event.redo else "Undo",
                markup=False,
            )
            return
        self.show_fields(said.fields, said.select)
        self.show_tab_of(said)
        again = "ctrl+z undoes it." if event.redo else "ctrl+y redoes it."
        title = "Redone" if event.redo else "Undone"
        # The removal's toast ("ctrl+z undoes this") would stand beside this one, stale.
        self.app.clear_notifications()
        self.notify(f"{said.text}. {again}", title=title, markup=False)
        self.edited()

    def show_tab_of(self, said: Said) -> None:
        """Bring what an undo changed into view: its tab, its table row or its field."""
        tab_id = FIELD_TABS.get(said.field)
        if tab_id is not None:
            self.action_tab(TABS.index(tab_id))
            return
        self.tabs.active = "general"
        widget_id = GENERAL_WIDGETS.get(said.field)
        if widget_id is not None:
            self.query_one(f"#{widget_id}").focus()

    # -- OK and Cancel ---------------------------------------------------------------

    class Leave(Message):
        """OK or Cancel, sent through the focused widget before it is acted on.

        Keys that arrive in one burst (over SSH, `d` then ctrl+s) run their
        bindings at once, while what a pane asks for (`IdListPane.Changed`) still
        waits in that pane's queue. Sent through the focused widget, this message
        reaches the screen after everything the widget and its pane sent before:
        OK and Cancel never act on a connector without the admin's last change.
        """

        def __init__(self, save: bool) -> None:
            super().__init__()
            self.save = save
            """True for OK, False for Cancel."""

    def action_ok(self) -> None:
        """OK: save, once what the admin did just before has reached the editor."""
        (self.focused or self).post_message(self.Leave(save=True))

    def action_cancel(self) -> None:
        """Cancel: leave, once what the admin did just before has reached the editor."""
        (self.focused or self).post_message(self.Leave(save=False))

    @on(Leave)
    def leave(self, event: Leave) -> None:
        """OK or Cancel, in the order of the keys."""
        event.stop()
        self.read_fields()
        self.edited()
        unapplied = self.oauth_unapplied()
        if event.save and unapplied:
            # An OAuth edit the model refused so far, or a value typed and not applied,
            # is on screen but not in the connector: saving without it would change
            # less than the admin sees.
            self.tabs.active = "oauth"
            self.notify(unapplied, title="Not saved", severity="error", markup=False)
            return
        if event.save:
            self.review_and_save()
        else:
            self.cancel()

    def oauth_unapplied(self) -> str:
        """Why the OAuth tab holds more than the connector, in words; "" when it does not."""
        return self.oauth_pane.unapplied()

    def review_and_save(self) -> None:
        """Validate, show the change, save after confirmation."""
        problems = self.editor.problems
        if problems:
            field, message = next(iter(problems.items()))
            self.tabs.active = "general"
            self.notify(f"{field}: {message}", title="Not saved", severity="error", markup=False)
            return
        plan = self.editor.save_plan()
        if plan is None:
            self.notify(
                "Nothing changed; the file was not written.", title="No changes", markup=False
            )
            self.close()
            return
        preview = SavePreview(
            plan.file_name,
            plan.changes,
            plan.diff,
            plan.comment_lines,
            plan.warnings,
            note=plan.note,
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.saved(self.editor.save(plan.connector))

        self.app.push_screen(preview, confirmed)

    def saved(self, result: SaveResult) -> None:
        """Say how the save went: done (close), a conflict (ask), or why it failed."""
        if isinstance(result, Conflict):
            self.conflict(result)
        elif isinstance(result, SaveFailed):
            self.notify(result.message, title="Not saved", severity="error", markup=False)
        else:
            self.notify(f"{result.file_name} written.", title="Saved", markup=False)
            self.close()

    def conflict(self, conflict: Conflict) -> None:
        """The file changed on disk since it was opened: reload, overwrite or go back.

        Each button says whose change it throws away (Reload's cost used to stand below a
        long diff); Drop mine then names the changes it threw away, so that a change the
        admin made (a security fix) can be made again on the file as it is now.
        """
        mine = self.editor.discarded_changes()
        if conflict.deleted:
            body = Content(
                "Someone deleted this file since you opened it (another admin, git pull or "
                "a hand edit). Drop theirs writes yours again; Drop mine closes it and "
                "discards your changes."
            )
        else:
            body = Content("\n").join(
                [
                    Content(
                        "Someone changed this file since you opened it. Drop theirs writes "
                        "yours over the file on disk (PgDn scrolls):\n"
                        "- on disk now (a colleague's change): Drop theirs throws it away\n"
                        "+ yours: Drop theirs writes it\n"
                    ),
                    diff_content(conflict.diff),
                    Content(
                        "\nDrop mine discards your changes (they are named afterwards, to "
                        "make again) and opens the file as it is on disk now."
                    ),
                ]
            )

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                self.saved(self.editor.overwrite(conflict))
            elif choice == "reload":
                self.close()
                fresh = None if conflict.deleted else self.app.workspace.load(self.loaded.path)
                # What is on disk now may be no connector at all (half a merge, a directory):
                # the list shows its problems, as for any invalid file.
                broken = fresh is not None and fresh.status == "invalid"
                if fresh is not None and not broken:
                    self.app.push_screen(PropertiesScreen(fresh))
                self.app.notify(
                    "Your changes were discarded"
                    + (": " + "; ".join(mine) if mine else "")
                    + ". Make them again if they still apply."
                    + (
                        " The file on disk is not a valid connector now: p in the list shows why."
                        if broken
                        else ""
                    ),
                    title="Reloaded from disk" if fresh is not None and not broken else "Closed",
                    severity="warning",
                    timeout=30,
                    markup=False,
                )

        self.app.push_screen(
            ChoiceDialog(
                "The file changed on disk",
                body,
                [("reload", "Drop mine"), ("overwrite", "Drop theirs"), ("back", "Back")],
                default="back",
                danger=["reload", "overwrite"],
                wide=True,
            ),
            answered,
        )

    def cancel(self) -> None:
        """Leave; ask first when there are unsaved changes."""
        if not self.editor.is_modified() and not self.oauth_unapplied():
            self.close()
            return

        def discard() -> None:
            self.close()
            self.notify("Changes discarded; the file was not written.", markup=False)

        ask_to_discard(
            self,
            "Discard changes?",
            "This connector has unsaved changes. Discard them?",
            "Keep editing",
            discard,
        )

    def action_help(self) -> None:
        """Show the keys of this screen."""
        rows = key_rows(self)
        rows.insert(0, ("tabs", TAB_KEYS_NOTE))
        self.app.push_screen(HelpScreen("app connector properties", rows))
