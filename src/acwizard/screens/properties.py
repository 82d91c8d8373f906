"""The properties of one app connector: Profit's tabs, from General to User tokens.

General, GetConnectors, UpdateConnectors, Connectors, IP restrictions (Profit 5),
then OAuth and Webhooks (Profit 8 and 9), and User tokens (the credentials register:
who holds a classic token, until when; never the token).

A thin view of a `ConnectorEditor` (acwizard.cores.editor): the screen lays out the
tabs, turns keys and widget events into the editor's calls and shows the
editor's state (messages, findings, title) whenever it changes. Every rule,
the save and its conflicts, the recovery draft and the undo history are the
editor's; this screen reads no file and computes no rule. Each tab's pane shows
its fields (`GeneralPane`, and the `ConnectorPane`s) and proposes changes
(`Proposal`), which the screen hands to the editor.

ctrl+z undoes and ctrl+y redoes on every tab, whatever has the focus (a
simple ctrl+letter arrives over SSH; `u` would mean something else on the
OAuth tab, where it drops an edit not applied yet). An undo shows the tab of
what came back, the table's cursor on it, and says it in a toast.
"""

from __future__ import annotations

from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import var
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
)

from acwizard.app import AcWizardApp
from acwizard.cores.editor import ConnectorEditor, ConnectorFile
from acwizard.cores.grants import Grants
from acwizard.dialogs.form import FormDialog
from acwizard.drafts import Draft
from acwizard.screens.calling_keys import HOW_TO_CALL_HELP
from acwizard.screens.draft_keeping import DraftKeeping
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.screens.properties_calling import PropertiesCallingKeys
from acwizard.screens.save_keys import SaveKeys
from acwizard.screens.tab_keys import (
    FIELD_TABS,
    MEDIUM_LABELS_WIDTH,
    TAB_KEYS_NOTE,
    TAB_LABELS,
    TabKeys,
)
from acwizard.screens.undo_keys import UndoKeys
from acwizard.widgets.description_input import DescriptionInput
from acwizard.widgets.general_pane import FIELD_INPUTS, GENERAL_WIDGETS, GeneralPane
from acwizard.widgets.grant_panes import IdListPane, IpRestrictionsPane
from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.oauth_pane import OAuthPane
from acwizard.widgets.plain_checkbox import PlainButton
from acwizard.widgets.proposal import ConnectorPane, Proposal
from acwizard.widgets.tokens_pane import TokensPane
from acwizard.widgets.webhooks_pane import WebhooksPane

__all__ = ["UNDO_HELP", "PropertiesScreen"]

FOOTER_PAUSE = 0.3
"""Seconds of no typing after which the footer shows that there is something to undo."""

UNDO_HELP = "Undo the last change (a grant, an IP line, a field); ctrl+y redoes it"
"""Help's one row for ctrl+z and ctrl+y (all four bindings say it, so they share the row)."""


class PropertiesScreen(TabKeys, UndoKeys, PropertiesCallingKeys, SaveKeys, DraftKeeping):
    """Edit one connector in Profit's eight tabs; OK saves, Cancel discards."""

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
        Binding("8", "tab(7)", "User tokens tab", show=False, id="properties.tab8"),
        Binding("f9", "tab(7)", "User tokens tab", show=False, id="properties.f9"),
        Binding("ctrl+z", "undo", "Undo", tooltip=UNDO_HELP, id="properties.undo"),
        Binding(
            "ctrl+z", "undo_none", "Undo", show=False, tooltip=UNDO_HELP, id="properties.undo0"
        ),
        Binding("ctrl+y", "redo", "Redo", show=False, tooltip=UNDO_HELP, id="properties.redo"),
        Binding(
            "ctrl+y", "redo_none", "Redo", show=False, tooltip=UNDO_HELP, id="properties.redo0"
        ),
        Binding(
            "9",
            "how_to_call",
            "How to call",
            show=False,
            tooltip=HOW_TO_CALL_HELP,
            id="properties.how-to-call",
        ),
        Binding(
            "ctrl+o",
            "how_to_call",
            "How to call",
            show=False,
            tooltip=HOW_TO_CALL_HELP,
            id="properties.how-to-call-o",
        ),
        Binding("f1,question_mark", "help", "Help", id="properties.help"),
    ]
    """ctrl+s or F10 is OK, Escape is Cancel; ctrl+t / ctrl+b cycle the tabs, 1-8 pick one.

    A digit typed in a text field is text, so 1-8 switch tabs only outside text
    fields; F2-F9 and ctrl+t / ctrl+b never type and work wherever the focus is.
    ctrl+z undoes, ctrl+y redoes; each has a second binding, out of the footer,
    that works while there is nothing to undo (so the footer offers Undo only
    when there is something, and the key still answers with a bell). 9 (outside
    text fields) and ctrl+o open How to call (`properties_calling`; F10 stays OK).
    """

    NARROW_FOOTER_LEAVES_OUT = ("next_tab(1)", "edit", "toggle_blocked", "undo")
    """Keys the footer drops first on a narrow terminal, so OK, Cancel and Help stay:
    the tab bar shows where the tabs are, Enter edits a webhook too, and F1 lists
    every key. Undo goes last, and only where nothing else is left to drop: the
    notice after each table change names ctrl+z as well."""

    app = getters.app(AcWizardApp)
    """The running app, typed as ours."""

    general = getters.query_one("#general-fields", GeneralPane)
    description_input = getters.query_one("#description", DescriptionInput)
    user_group_input = getters.query_one("#user-group", Input)
    notes_input = getters.query_one("#notes", Input)
    blocked_box = getters.query_one("#blocked", Checkbox)
    authentication_choice = getters.query_one("#authentication", RadioSet)
    findings_view = getters.query_one("#findings", Static)
    ip_pane = getters.query_one("#ip-pane", IpRestrictionsPane)
    oauth_pane = getters.query_one("#oauth-pane", OAuthPane)
    webhooks_pane = getters.query_one("#webhooks-pane", WebhooksPane)
    tokens_pane = getters.query_one("#tokens-pane", TokensPane)

    shown_revision: var[int] = var(-1, init=False)
    """The editor's revision on screen: moving it redraws the state (`watch_shown_revision`)."""

    def __init__(
        self, loaded: ConnectorFile, recovered: Draft | None = None, created: bool = False
    ) -> None:
        super().__init__()
        self.created = created
        # Toasts belong to where they were raised: one about the connector edited before
        # (or the list) must not stand over this one (issue 18).
        self.app.clear_notifications()
        self.editor = ConnectorEditor(self.app.workspace, loaded, self.app.held_drafts)
        """The connector being edited, and every rule about it."""
        self.recovered = recovered
        """Unsaved edits from an earlier session, applied on mount."""
        self._offers: tuple[bool, bool] | None = None
        """Whether there was something to undo and to redo when the footer was last told."""
        self._offers_timer: Timer | None = None
        self._typing = False
        """True while the change being shown came from a key typed in a General field."""

    @property
    def loaded(self) -> ConnectorFile:
        """The file as it was read."""
        return self.editor.loaded

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, the eight tabs, OK / Cancel, footer."""
        editor = self.editor
        catalog = editor.workspace.catalog
        draft = editor.accepted
        version = editor.workspace.settings.profit_version
        yield Header(icon="")
        with TabbedContent(id="tabs", initial="general"):
            with TabPane(TAB_LABELS["general"][0], id="general"):
                yield GeneralPane(editor)
            for tab, section in (("get", "get_connectors"), ("update", "update_connectors")):
                with TabPane(TAB_LABELS[tab][0], id=tab):
                    grants = Grants(section, catalog)
                    yield IdListPane(grants, getattr(draft, section), id=f"{tab}-pane")
            with TabPane(TAB_LABELS["special"][0], id="special"):
                yield IdListPane(Grants("connectors", catalog), draft.connectors, id="special-pane")
            with TabPane(TAB_LABELS["ip"][0], id="ip"):
                yield IpRestrictionsPane(draft.ip_restrictions, id="ip-pane")
            with TabPane(TAB_LABELS["oauth"][0], id="oauth"):
                yield OAuthPane(
                    draft.oauth, draft.authentication, version, id="oauth-pane", today=editor.today
                )
            with TabPane(TAB_LABELS["webhooks"][0], id="webhooks"):
                yield WebhooksPane(draft.webhooks, id="webhooks-pane", profit_version=version)
            with TabPane(TAB_LABELS["tokens"][0], id="tokens"):
                yield TokensPane(draft.tokens, draft.authentication, editor.today, id="tokens-pane")
        with Horizontal(id="properties-buttons", classes="button-row"):
            yield PlainButton("OK", id="ok", variant="primary", compact=True)
            yield PlainButton("Cancel", id="cancel", compact=True)
        yield KeyFooter(self.NARROW_FOOTER_LEAVES_OUT, keep=("ok",))

    @property
    def panes(self) -> list[ConnectorPane]:
        """The panes of the tabs after General, each showing some of the connector's fields."""
        return [
            pane
            for pane in self.query(".grant-pane, .oauth-pane")
            if isinstance(pane, ConnectorPane)
        ]

    def on_mount(self) -> None:
        """Title, availability of the IP tab, initial messages."""
        self.app.last_opened = self.loaded.id
        if not self.editor.online:
            self.tabs.disable_tab("ip")
        self.show_state()
        self.set_reactive(PropertiesScreen.shown_revision, self.editor.revision)
        if self.recovered is not None:
            self.restore(self.recovered)
        self.focus_tab_bar()

    def on_screen_suspend(self) -> None:
        """A dialog opens over this screen: this screen's toasts go, they are not the
        dialog's (a removal's "ctrl+z undoes this" stood over the help and the picker).
        Leaving the screen suspends it too: what it said last ("written") then stays."""
        if self in self.app.screen_stack:
            self.app.clear_notifications()

    def on_resize(self) -> None:
        """Profit's tab names when they fit, shorter ones on a narrow terminal; the
        authentication choices follow their label where they fit, else go under it."""
        self.general.narrow(self.size.width < MEDIUM_LABELS_WIDTH)
        self.fit_tab_labels(self.size.width)

    def restore(self, recovered: Draft) -> None:
        """Put unsaved edits from an earlier session back on screen, and what was typed
        and not applied yet back where it was typed (a form opens again with it)."""
        if not self.editor.restore(recovered):
            self.notify("Some recovered changes were not valid and were left out.", markup=False)
        self.show_fields(frozenset(FIELD_TABS) | frozenset(GENERAL_WIDGETS))
        self.edited()
        typed = recovered.typed
        if "oauth" in typed:
            self.oauth_pane.put_back(typed["oauth"])
            self.tabs.active = "oauth"
        if "ip_form" in typed and self.editor.online:
            self.tabs.active = "ip"
            self.call_after_refresh(self.ip_pane.reopen_form, typed["ip_form"])
        elif "webhook_form" in typed:
            self.tabs.active = "webhooks"
            self.call_after_refresh(self.webhooks_pane.reopen_form, typed["webhook_form"])
        elif "token_form" in typed:
            self.tabs.active = "tokens"
            self.call_after_refresh(self.tokens_pane.reopen_form, typed["token_form"])

    def typing(self) -> dict[str, dict[str, str]]:
        """Text typed and not applied yet, for the recovery draft: in a form open over this
        screen (the IP form, the webhook form), and on the OAuth tab."""
        pane = self.oauth_pane
        typed = {"oauth": pane.typed() if pane.unapplied() else {}}
        stack = self.app.screen_stack
        for screen in stack[stack.index(self) + 1 :] if self in stack else []:
            if isinstance(screen, FormDialog):
                typed[screen.PLACE] = screen.typing()
        return typed

    # -- the editor's state on screen ------------------------------------------------

    def edited(self) -> None:
        """After any call that may change the editor: show its state if it moved."""
        self.shown_revision = self.editor.revision

    def watch_shown_revision(self) -> None:
        """The editor changed: show its state, and keep a recovery draft soon."""
        self.show_state()
        self.show_offers(later=self._typing)
        self.schedule_recovery()

    def show_offers(self, later: bool = False) -> None:
        """The footer offers Undo (Redo) while there is something to undo (redo).

        Only when that changes: each refresh rebuilds the footer and lays the screen
        out again, most of a key's time. `later`: a key typed in a field made the
        change, and the footer follows once the typing pauses (`FOOTER_PAUSE`):
        ctrl+z works at once either way (the screen asks `check_action` per key).
        """
        if self._offers_timer is not None:
            self._offers_timer.stop()
            self._offers_timer = None
        offers = (bool(self.editor.undo_steps), bool(self.editor.redo_steps))
        if offers == self._offers:
            return
        if later:
            self._offers_timer = self.set_timer(FOOTER_PAUSE, self.show_offers)
            return
        self._offers = offers
        self.refresh_bindings()

    def show_state(self) -> None:
        """Messages under the fields, the review, and the title, as the editor has them.

        The header reads `Blocked/Active · modified — connectors/<id>.toml`: state first.
        """
        self.general.show_state()
        self.title = self.editor.title()
        self.sub_title = self.editor.file_name

    def show_fields(self, fields: frozenset[str], select: str | None = None) -> None:
        """Show `fields` as the editor has them now (after an undo, a redo, a restore).

        `select`: the id or IP line that came back; its table's cursor goes there.
        """
        accepted = self.editor.accepted
        for pane in self.panes:
            if pane.fields & fields:
                pane.show_connector(accepted, select)
        self.general.show_fields(fields)

    def refused(self, message: str | None) -> None:
        """Say why the model refused a change; nothing changed."""
        if message is not None:
            self.notify(message, title="Not changed", severity="error", markup=False)

    def read_fields(self) -> None:
        """Give the editor the General fields as they are now (see `GeneralPane.read_fields`)."""
        self.general.read_fields()

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
        self._typing = True
        self.edited()
        self._typing = False

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
        message = self.editor.set_authentication((event.pressed.id or "").removeprefix("auth-"))
        if message is not None:
            self.refused(message)
            await self.general.show_authentication()
        self.oauth_pane.show_connector(self.editor.accepted)
        self.tokens_pane.show_connector(self.editor.accepted)
        self.edited()

    @on(Proposal)
    def proposed(self, event: Proposal) -> None:
        """A pane asks for a change: the editor accepts it through the model or says why
        not, and the pane shows what the editor has."""
        revision = self.editor.revision
        self.refused(self.editor.propose(**event.changes))
        self.show_fields(frozenset(event.changes))
        if event.said:
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
                self.editor.workspace.catalog.section("user_groups"),
                self.editor.text["description"].strip() or None,
                self.user_group_input.value,
            ),
            chosen,
        )

    # -- OK and Cancel (the rest is `SaveKeys`) -----------------------------------------

    def oauth_unapplied(self) -> str:
        """Why the OAuth tab holds more than the connector, in words; "" when it does not."""
        return self.oauth_pane.unapplied()

    def reopen(self, fresh: ConnectorFile) -> None:
        """Open `fresh` (the file as on disk now) in a new properties screen."""
        self.app.push_screen(PropertiesScreen(fresh))

    def action_help(self) -> None:
        """Show the keys of the tab in view, then the screen's (issue 18: the tabs' keys
        were listed together, `n` three times, without saying where each acts)."""
        tab = self.tabs.active or "general"
        rows = key_rows(self, within=self.query_one(f"#{tab}"))
        rows.insert(0, ("tabs", TAB_KEYS_NOTE))
        title = f"app connector properties, {TAB_LABELS[tab][0]} tab"
        self.app.push_screen(HelpScreen(title, rows))
