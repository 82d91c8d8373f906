"""The properties of one app connector: General, GetConnectors, UpdateConnectors, Connectors, IP restrictions.

The screen owns a draft: every change from a tab is validated by the model
before it is accepted, so the draft is always a valid connector. OK shows the
change (in access terms and as a diff) and saves; a connector that did not
change is not written; leaving with unsaved changes asks first; a file that
changed on disk since it was opened is never silently overwritten.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)

from acwizard.app import AcWizardApp
from acwizard.audit import Finding, connector_findings
from acwizard.changes import access_changes, text_diff, unified_lines
from acwizard.dialogs.ip_form import written_for
from acwizard.dialogs.questions import ChoiceDialog, ConfirmDialog
from acwizard.dialogs.save_preview import SavePreview, diff_content
from acwizard.drafts import Draft, new_owner, remove_draft, write_draft
from acwizard.model import (
    DESCRIPTION_MAX_LENGTH,
    USER_GROUP_MAX_LENGTH,
    AppConnector,
    errors_by_field,
)
from acwizard.screens.help import HelpScreen, key_rows
from acwizard.store import SaveConflict, current_fingerprint, dump_connector, save_connector
from acwizard.text import visible
from acwizard.widgets.description_input import DescriptionInput
from acwizard.widgets.grant_panes import IdListPane, IpRestrictionsPane
from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.plain_checkbox import PlainButton, PlainCheckbox
from acwizard.workspace import ConnectorFile

TABS = ("general", "get", "update", "special", "ip")
"""Tab ids in Profit's order; keys 1-5 (outside text fields) and F2-F6 (anywhere) select them."""
TAB_LABELS = {
    "general": ("General", "General"),
    "get": ("GetConnectors", "Get"),
    "update": ("UpdateConnectors", "Update"),
    "special": ("Connectors", "Connectors"),
    "ip": ("IP restrictions", "IP restrictions"),
}
"""Each tab's label: Profit's name, and a shorter one that still reads at 60 columns."""
TAB_KEYS_NOTE = (
    "In a text field 1-5 are text; F2-F6 and ctrl+t/ctrl+b switch tabs from anywhere. "
    "The screen opens on the tab bar, where no key types: Tab goes to Description."
)
"""Said first in F1: why a digit sometimes types and sometimes switches tabs."""
FULL_LABELS_WIDTH = 76
"""Below this many columns Profit's full tab names do not fit on one line."""
PANE_IDS = {
    "get_connectors": "get-pane",
    "update_connectors": "update-pane",
    "connectors": "special-pane",
}
"""The pane that shows each list."""

RECOVERY_DELAY = 0.5
"""Seconds after the last change before the recovery draft is written."""

BLOCKED_HELP = (
    "A blocked app connector cannot be used: Profit refuses every call. New connectors "
    "start blocked; untick when the configuration is complete."
)


class PropertiesScreen(Screen[None]):
    """Edit one connector in Profit's five tabs; OK saves, Cancel discards."""

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
        Binding("f1", "help", "Help", id="properties.help"),
    ]
    """ctrl+s or F10 is OK, Escape is Cancel; ctrl+t / ctrl+b cycle the tabs, 1-5 pick one.

    A digit typed in a text field is text, so 1-5 switch tabs only outside text
    fields; F2-F6 and ctrl+t / ctrl+b never type and work wherever the focus is.
    """

    NARROW_FOOTER_LEAVES_OUT = ("next_tab(1)",)
    """Keys the footer drops first on a narrow terminal, so OK, Cancel and Help stay:
    the tab bar shows where the tabs are, and F1 lists every key."""

    app = getters.app(AcWizardApp)
    """The running app, typed as ours."""

    def __init__(self, loaded: ConnectorFile, recovered: Draft | None = None) -> None:
        super().__init__()
        assert loaded.connector is not None
        self.loaded = loaded
        """The file as it was read."""
        self.original: AppConnector = loaded.connector
        """The connector as it was read; unchanged means nothing to save."""
        self.draft: AppConnector = loaded.connector
        """The connector being edited, always valid; text fields live in their inputs."""
        self.expected = loaded.fingerprint
        """The file content a save may replace; anything else is a conflict."""
        self.base_text = loaded.text or ""
        """The text the edits started from, to show what others changed since."""
        self.recovered = recovered
        """Unsaved edits from an earlier session, applied on mount."""
        self._recovery_timer: Timer | None = None
        self.draft_owner = recovered.owner if recovered is not None else new_owner()
        """This session's drafts are written and removed under this owner only: another
        session's draft of the same connector is never touched."""
        self._draft_failed = False

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Header, the five tabs, OK / Cancel, footer."""
        workspace = self.app.workspace
        catalog = workspace.catalog
        draft = self.draft
        yield Header(icon="")
        with TabbedContent(id="tabs", initial="general"):
            with TabPane(TAB_LABELS["general"][0], id="general"):
                with VerticalScroll(id="general-fields", can_focus=False):
                    yield Static(
                        "Description (subject of the one-time-password e-mail)",
                        classes="field-label",
                    )
                    yield DescriptionInput(
                        draft.description,
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
                            draft.user_group,
                            placeholder="required: type a name or press Choose...",
                            max_length=USER_GROUP_MAX_LENGTH,
                            id="user-group",
                            compact=True,
                            select_on_focus=False,
                        )
                        yield PlainButton("Choose...", id="choose-group", compact=True)
                    yield Static(id="user-group-message", classes="field-message")
                    yield PlainCheckbox("Blocked", draft.blocked, id="blocked", compact=True)
                    yield Static(Content(BLOCKED_HELP), classes="field-help")
                    yield Static(
                        "Notes for reviewers (ticket, owner, purpose)", classes="field-label"
                    )
                    yield Input(
                        draft.notes,
                        placeholder="optional, e.g. RFC-1234, owner: HR",
                        id="notes",
                        compact=True,
                        select_on_focus=False,
                    )
                    yield Static(id="notes-message", classes="field-message")
                    yield Static("Review (what an access audit reports)", classes="field-label")
                    yield Static(id="findings", classes="field-help")
                    if not workspace.settings.online:
                        yield Static(
                            Content(
                                "IP restrictions: not available, because this workspace is "
                                "not AFAS Online (online = false in acwizard.toml)."
                            ),
                            classes="field-help",
                            id="ip-unavailable",
                        )
            with TabPane(TAB_LABELS["get"][0], id="get"):
                yield IdListPane("get_connectors", draft.get_connectors, catalog, id="get-pane")
            with TabPane(TAB_LABELS["update"][0], id="update"):
                yield IdListPane(
                    "update_connectors", draft.update_connectors, catalog, id="update-pane"
                )
            with TabPane(TAB_LABELS["special"][0], id="special"):
                yield IdListPane("connectors", draft.connectors, catalog, id="special-pane")
            with TabPane(TAB_LABELS["ip"][0], id="ip"):
                yield IpRestrictionsPane(draft.ip_restrictions, id="ip-pane")
        with Horizontal(id="properties-buttons", classes="button-row"):
            yield PlainButton("OK", id="ok", variant="primary", compact=True)
            yield PlainButton("Cancel", id="cancel", compact=True)
        yield KeyFooter(self.NARROW_FOOTER_LEAVES_OUT)

    def on_mount(self) -> None:
        """Title, availability of the IP tab, initial messages."""
        self.app.last_opened = self.loaded.id
        if not self.app.workspace.settings.online:
            self.query_one(TabbedContent).disable_tab("ip")
        if self.recovered is not None:
            self.restore(self.recovered)
        self.refresh_state()
        self.focus_tab_bar()

    def focus_tab_bar(self) -> None:
        """Put the focus on the tab bar, where no key types into a field.

        After Finish or Open the admin's next key is often a tab's digit; with
        the focus in Description that digit became part of the subject of the
        one-time-password e-mail. From the tab bar, Tab goes to Description.
        """
        self.query_one(TabbedContent).query_one(Tabs).focus()

    def on_resize(self) -> None:
        """Profit's tab names when they fit, shorter ones on a narrow terminal."""
        short = self.size.width < FULL_LABELS_WIDTH
        tabs = self.query_one(TabbedContent)
        for tab_id, labels in TAB_LABELS.items():
            tab = tabs.get_tab(tab_id)
            label = labels[short]
            if tab.label_text != label:
                tab.label = Content(label)

    def restore(self, recovered: Draft) -> None:
        """Put unsaved edits from an earlier session back on screen."""
        data = recovered.data
        self.expected = recovered.fingerprint
        if recovered.base is not None:
            self.base_text = recovered.base
        lists = {key: data[key] for key in (*PANE_IDS, "ip_restrictions") if key in data}
        if not self.apply(**lists):
            self.notify("Some recovered changes were not valid and were left out.", markup=False)
        for key, widget_id in (
            ("description", "#description"),
            ("user_group", "#user-group"),
            ("notes", "#notes"),
        ):
            if isinstance(data.get(key), str):
                self.query_one(widget_id, Input).value = data[key]
        if isinstance(data.get("blocked"), bool):
            self.query_one("#blocked", Checkbox).value = data["blocked"]
        for section, pane_id in PANE_IDS.items():
            self.query_one(f"#{pane_id}", IdListPane).show(getattr(self.draft, section))
        self.query_one(IpRestrictionsPane).show(self.draft.ip_restrictions)
        self.refresh_state()

    # -- recovery drafts ----------------------------------------------------------

    def schedule_recovery(self) -> None:
        """Keep a recovery draft a moment after the last change; hold it ready at once."""
        self.hold_recovery()
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self._recovery_timer = self.set_timer(RECOVERY_DELAY, self.keep_recovery)

    def hold_recovery(self) -> Draft | None:
        """The draft of what is unsaved now (None: nothing), held where a signal finds it.

        A SIGHUP or SIGTERM writes the held drafts at once, even while the event
        loop is busy (see `app.SessionEnd`), so the timer's delay
        never loses the last edits.
        """
        draft = (
            Draft(
                self.loaded.id,
                self.candidate(),
                self.expected,
                time.time(),
                self.base_text,
                self.draft_owner,
            )
            if self.is_modified()
            else None
        )
        if draft is None:
            self.app.held_drafts.pop(self.draft_owner, None)
        else:
            self.app.held_drafts[self.draft_owner] = draft
        return draft

    def keep_recovery(self) -> None:
        """Write this session's recovery draft now, or remove it when nothing is unsaved."""
        root = self.app.workspace.root
        try:
            draft = self.hold_recovery()
            if draft is not None:
                write_draft(root, draft)
            else:
                remove_draft(root, self.loaded.id, self.draft_owner)
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
        """The edits are saved or knowingly discarded: this session's draft goes.

        Only the draft this screen wrote (or restored) is removed; a draft of an
        earlier or another session stays until its owner decides.
        """
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self.app.held_drafts.pop(self.draft_owner, None)
        with contextlib.suppress(OSError):
            remove_draft(self.app.workspace.root, self.loaded.id, self.draft_owner)

    def close(self) -> None:
        """Leave the screen; its edits are saved or discarded, so the draft goes."""
        self.forget_recovery()
        self.app.pop_screen()

    def on_screen(self) -> AppConnector:
        """The connector exactly as the screen shows it, even while a field is invalid.

        The review panel must follow every edit: falling back to the draft while
        a text field was invalid showed the Blocked flag and user group of the
        file as loaded, not of the screen. Built without validation on purpose:
        the lists are the validated draft's, the rest is read from the fields.
        """
        fields = self.candidate()
        return self.draft.model_copy(
            update={key: fields[key] for key in ("description", "user_group", "notes", "blocked")}
        )

    def audit_findings(self, connector: AppConnector) -> list[Finding]:
        """What `acwizard audit` reports for `connector` in this workspace."""
        workspace = self.app.workspace
        return connector_findings(
            self.loaded.id, connector, workspace.catalog, workspace.settings.online
        )

    def show_findings(self) -> None:
        """The audit findings for the connector as it is on screen now."""
        workspace = self.app.workspace
        connector = self.on_screen()
        findings = self.audit_findings(connector)
        sharing = sorted(
            loaded.id
            for loaded in workspace.known_connectors()
            if loaded.id != self.loaded.id
            and loaded.connector is not None
            and loaded.connector.user_group.casefold() == connector.user_group.casefold()
        )
        lines = [f"! {f.level:<6}  {f.message}" for f in findings]
        if sharing:
            lines.insert(0, f"! medium  user group also used by {', '.join(sharing)}")
        self.query_one("#findings", Static).update(
            Content("\n".join(lines) or "Nothing to report.")
        )

    def refresh_state(self) -> None:
        """After any change: validate once, then update field messages, findings and header.

        The header reads `Blocked/Active · modified — connectors/<id>.toml`: state first.
        """
        connector, errors = self.validated()
        self.show_general_messages(errors)
        self.show_findings()
        state = "Blocked" if self.current_blocked() else "Active"
        changed = " · modified" if connector != self.original else ""
        self.title = f"{state}{changed}"
        self.sub_title = f"connectors/{self.loaded.path.name}"

    # -- the draft ----------------------------------------------------------------

    def description_field(self) -> str:
        """The description as typed."""
        return self.query_one("#description", Input).value

    def description_clash(self, description: str) -> str | None:
        """Why `description` is too like another connector's of this workspace, or None."""
        clash = self.app.workspace.description_clash(description, editing=self.loaded.id)
        # names a file of the repository: shown through visible(), never raw
        return visible(clash, limit=300) if clash else None

    def current_blocked(self) -> bool:
        """The Blocked check box."""
        return self.query_one("#blocked", Checkbox).value

    def candidate(self) -> dict[str, Any]:
        """The connector the screen shows now, as data for the model."""
        data = self.draft.model_dump()
        data["description"] = self.query_one("#description", Input).value
        data["user_group"] = self.query_one("#user-group", Input).value
        data["notes"] = self.query_one("#notes", Input).value
        data["blocked"] = self.current_blocked()
        return data

    def validated(self) -> tuple[AppConnector | None, dict[str, str]]:
        """The connector the screen shows, or None and the first message for each field."""
        try:
            return AppConnector.model_validate(self.candidate()), {}
        except ValidationError as exc:
            return None, errors_by_field(exc)

    def is_modified(self) -> bool:
        """True when what the screen shows differs from the file as loaded (or is invalid)."""
        return self.validated()[0] != self.original

    def apply(self, **changes: Any) -> bool:
        """Change the draft's lists through the model; refuse what it refuses."""
        data = self.draft.model_dump()
        data.update(changes)
        try:
            self.draft = AppConnector.model_validate(data)
        except ValidationError as exc:
            first = next(iter(errors_by_field(exc).items()))
            self.notify(
                f"{first[0]}: {first[1]}", title="Not changed", severity="error", markup=False
            )
            return False
        self.refresh_state()
        if self.is_mounted:
            self.schedule_recovery()
        return True

    # -- messages from fields and panes -------------------------------------------------

    def show_general_messages(self, errors: dict[str, str]) -> None:
        """`errors` and catalog warnings under the General fields."""
        catalog = self.app.workspace.catalog
        group = self.query_one("#user-group", Input).value.strip()
        for field, widget_id in (
            ("description", "#description-message"),
            ("user_group", "#user-group-message"),
            ("notes", "#notes-message"),
        ):
            message = errors.get(field, "")
            widget = self.query_one(widget_id, Static)
            if message:
                pasted = self.query_one("#description", DescriptionInput).paste_note
                note = f"\n{pasted}" if field == "description" and pasted else ""
                widget.update(Content(f"! {message}{note}"))
                widget.set_class(True, "-error")
                continue
            widget.set_class(False, "-error")
            description = self.query_one("#description", DescriptionInput)
            length = len(description.value)
            clash = self.description_clash(description.value) if field == "description" else None
            if field == "description" and (clash or description.paste_note):
                notes = [f"! {clash}"] if clash else []
                notes += [description.paste_note] if description.paste_note else []
                widget.update(Content("\n".join(notes)))
                widget.set_class(bool(clash), "-error")
            elif field == "description" and length > DESCRIPTION_MAX_LENGTH - 20:
                widget.update(Content(f"{length} of at most {DESCRIPTION_MAX_LENGTH} characters"))
            elif field == "user_group" and group and catalog.find("user_groups", group) is None:
                widget.update(Content("! not in the catalog: check that it exists in Profit"))
            elif field == "user_group" and group:
                widget.update(Content(catalog.describe("user_groups", group) or ""))
            else:
                widget.update("")

    @on(Input.Changed)
    def field_changed(self, event: Input.Changed) -> None:
        """Validate General fields as the user types."""
        if event.input.id in ("description", "user-group", "notes"):
            self.refresh_state()
            self.schedule_recovery()

    @on(Checkbox.Changed, "#blocked")
    def blocked_changed(self) -> None:
        """Show Blocked/Active in the title at once."""
        self.refresh_state()
        self.schedule_recovery()

    @on(IdListPane.Changed)
    def ids_changed(self, event: IdListPane.Changed) -> None:
        """A pane asks to change a list: accept it through the model."""
        if self.apply(**{event.section: event.ids}):
            pane = self.query_one(f"#{PANE_IDS[event.section]}", IdListPane)
            pane.show(getattr(self.draft, event.section))

    @on(IpRestrictionsPane.Changed)
    def ip_changed(self, event: IpRestrictionsPane.Changed) -> None:
        """The IP pane asks to change its lines: accept them through the model."""
        lines = [written_for(line, self.draft.schema_version) for line in event.lines]
        if self.apply(ip_restrictions=lines):
            self.query_one(IpRestrictionsPane).show(self.draft.ip_restrictions)

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
                self.query_one("#user-group", Input).value = name

        self.app.push_screen(
            UserGroupDialog(
                self.app.workspace.catalog.section("user_groups"),
                self.description_field().strip() or None,
                self.query_one("#user-group", Input).value,
            ),
            chosen,
        )

    # -- tabs ----------------------------------------------------------------------

    def action_tab(self, index: int) -> None:
        """Select tab `index` (0-4) and put the cursor in it."""
        tab_id = TABS[index]
        tabs = self.query_one(TabbedContent)
        if tab_id == "ip" and not self.app.workspace.settings.online:
            self.notify(
                "IP restrictions exist only in AFAS Online; this workspace is set "
                "online = false in acwizard.toml.",
                title="Not available",
                markup=False,
            )
            return
        tabs.active = tab_id
        if tab_id == "general":
            self.focus_tab_bar()
        else:
            self.query_one(f"#{tab_id}-pane").focus_table()  # type: ignore[attr-defined]

    def action_next_tab(self, direction: int) -> None:
        """Select the next (1) or previous (-1) available tab, wrapping around."""
        current = TABS.index(self.query_one(TabbedContent).active or "general")
        for step in range(1, len(TABS) + 1):
            index = (current + direction * step) % len(TABS)
            if TABS[index] != "ip" or self.app.workspace.settings.online:
                self.action_tab(index)
                return

    # -- OK and Cancel ---------------------------------------------------------------

    def action_ok(self) -> None:
        """Validate, show the change, save after confirmation."""
        connector, errors = self.validated()
        if connector is None:
            self.show_general_messages(errors)
            field, message = next(iter(errors.items()))
            self.query_one(TabbedContent).active = "general"
            self.notify(f"{field}: {message}", title="Not saved", severity="error", markup=False)
            return
        if connector == self.original:
            self.notify(
                "Nothing changed; the file was not written.", title="No changes", markup=False
            )
            self.close()
            return
        new_text = dump_connector(connector)
        name = f"connectors/{self.loaded.path.name}"
        preview = SavePreview(
            name,
            access_changes(self.original, connector),
            text_diff(self.loaded.text or "", new_text, name),
            self.loaded.positions.comment_lines,
            self.save_warnings(connector),
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.save(connector, self.expected)

        self.app.push_screen(preview, confirmed)

    def save_warnings(self, connector: AppConnector) -> list[str]:
        """What the save preview must put first: high-risk findings this save brings, clashes.

        A finding the file as loaded already had is the reviewer's old news; one
        that only the new version has is what this save introduces.
        """
        before = {(f.code, f.message) for f in self.audit_findings(self.original)}
        warnings = [
            f"HIGH RISK (audit): {finding.message}"
            for finding in self.audit_findings(connector)
            if finding.level == "high" and (finding.code, finding.message) not in before
        ]
        clash = self.description_clash(connector.description)
        if clash:
            warnings.append(f"Description: {clash}")
        return warnings

    def save(self, connector: AppConnector, expected: str | None) -> None:
        """Write the file; on a conflict, let the user choose."""
        try:
            save_connector(self.loaded.path, connector, expected)
        except SaveConflict:
            self.conflict(connector)
            return
        except OSError as exc:
            self.notify(
                f"Could not save: {exc.strerror or exc}. Nothing was changed on disk.",
                title="Not saved",
                severity="error",
                markup=False,
            )
            return
        self.notify(f"Saved connectors/{self.loaded.path.name}.", title="Saved", markup=False)
        self.close()

    def conflict(self, connector: AppConnector) -> None:
        """The file changed on disk since it was opened: reload, overwrite or go back."""
        path = self.loaded.path
        on_disk = current_fingerprint(path)
        try:
            disk_text = path.read_text(encoding="utf-8") if on_disk else ""
        except (OSError, UnicodeDecodeError):
            disk_text = ""
        name = f"connectors/{path.name}"
        if on_disk:
            body = Content("\n").join(
                [
                    Content(
                        "Someone changed this file since you opened it. Overwrite replaces "
                        "the file on disk with yours (PgDn scrolls):\n"
                        "- on disk now (a colleague's change): Overwrite throws it away\n"
                        "+ yours: Overwrite writes it\n"
                    ),
                    diff_content(conflict_diff(disk_text, dump_connector(connector), name)),
                    Content(
                        "\nReload discards your changes and opens the file as it is on disk "
                        "now. Overwrite replaces it with yours."
                    ),
                ]
            )
        else:
            body = Content(
                "Someone deleted this file since you opened it (another admin, git pull or "
                "a hand edit). Overwrite writes yours again; Reload closes it."
            )

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                self.save(connector, on_disk)
            elif choice == "reload":
                self.close()
                if on_disk:
                    self.app.push_screen(PropertiesScreen(self.app.workspace.load(path)))

        self.app.push_screen(
            ChoiceDialog(
                "The file changed on disk",
                body,
                [("reload", "Reload"), ("overwrite", "Overwrite"), ("back", "Back")],
                default="back",
                danger=["reload", "overwrite"],
                wide=True,
            ),
            answered,
        )

    def action_cancel(self) -> None:
        """Leave; ask first when there are unsaved changes."""
        if not self.is_modified():
            self.close()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.close()
                self.notify("Changes discarded; the file was not written.", markup=False)

        self.app.push_screen(
            ConfirmDialog(
                "Discard changes?",
                "This connector has unsaved changes. Discard them?",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )

    def action_help(self) -> None:
        """Show the keys of this screen."""
        rows = key_rows(self)
        rows.insert(0, ("tabs", TAB_KEYS_NOTE))
        self.app.push_screen(HelpScreen("app connector properties", rows))


def conflict_diff(disk_text: str, yours: str, name: str) -> list[str]:
    """The diff from the file on disk now to yours: `-` is what Overwrite throws away.

    Both sides are named in words, because a bare `---`/`+++` made a colleague's
    line read as one of yours.
    """
    return unified_lines(
        disk_text, yours, f"{name}: on disk now (a colleague's change)", f"{name}: yours"
    )
