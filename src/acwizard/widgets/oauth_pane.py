"""The contents of the OAuth tab: the OAuth settings of a hybrid or OAuth app connector.

Profit's names for each setting, and what is unsure about them, are with the
tab's core (`acwizard.cores.oauth`).
Like the grant panes, this pane never changes the connector: it proposes the
whole `[oauth]` table (`OAuthPane.Changed`) and shows what the editor kept. What
the tab holds (an edit not applied yet, what a switch put aside) and every check
of what is typed are its core's (`acwizard.cores.oauth`). No field takes a
secret: the client secret and private key are managed in Profit and by the app.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, DataTable, Input, RadioButton, RadioSet, Static

from acwizard.cores.oauth import (
    CLASSIC_TEXT,
    CLIENT_TYPES,
    FLOW_LABELS,
    METHODS,
    SECRET_TEXT,
    OAuthEditing,
)
from acwizard.cores.register import certificate_rows, secret_rows
from acwizard.model import AppConnector, OAuthSettings
from acwizard.widgets.cells import clip_url
from acwizard.widgets.fitted_input import FittedInput, UrlInput
from acwizard.widgets.fitted_table import FitColumn, FittedTable
from acwizard.widgets.marked_table import MarkedTable, finding_text
from acwizard.widgets.model_rules import ModelRule, first_failure
from acwizard.widgets.plain_checkbox import PlainCheckbox, PlainRadioButton, PlainRadioSet
from acwizard.widgets.proposal import Proposal

__all__ = ["OAuthPane"]

TYPED_FIELDS = {
    "validity": "oauth-validity",
    "jwks_url": "oauth-jwks",
    "redirect_url": "oauth-redirect-new",
    "key_id": "oauth-key-id",
    "not_after": "oauth-not-after",
}
"""The fields whose text applies only on Enter (or on leaving), by the core's name for them."""
TYPED_KEYS = {id: key for key, id in TYPED_FIELDS.items()}
TABLE_LISTS = {"oauth-redirects": "redirect_urls", "oauth-certificates": "certificates"}
"""Each table, and the list of the settings it shows."""


class OAuthPane(VerticalScroll):
    """Client type, flows, client authentication, redirect URLs, keys and DPoP."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "u", "drop_pending", "Undo", tooltip="Drop the edit not applied yet", id="oauth.undo"
        ),
        Binding(
            "d,delete",
            "remove_row",
            "Remove",
            show=False,
            tooltip="Remove the redirect URL or certificate under the cursor",
            id="oauth.remove",
        ),
    ]
    """u drops a proposal the model has not accepted yet; d removes in the two tables."""

    class Changed(Proposal):
        """The admin asks for new OAuth settings: the whole `[oauth]` table as plain data."""

        def __init__(self, oauth: dict[str, Any]) -> None:
            super().__init__()
            self.oauth = oauth

        @property
        def changes(self) -> dict[str, Any]:
            """The table, by its field's name."""
            return {"oauth": self.oauth}

    fields = frozenset({"oauth", "authentication"})
    """The connector's fields this pane shows (a classic token shows no settings)."""

    def __init__(
        self,
        oauth: OAuthSettings | None,
        authentication: str,
        profit_version: int,
        *,
        id: str,
        today: date | None = None,
    ) -> None:
        super().__init__(id=id, classes="oauth-pane")
        self.today = today or date.today()
        """The day expiries are judged at (the editor's)."""
        self.core = OAuthEditing(oauth, authentication, profit_version)
        """The tab's state and every check of what is typed on it."""

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Every control; `show()` hides those that do not apply."""
        core = self.core
        yield Static(id="oauth-intro", classes="field-help")
        yield Static(id="oauth-pending", classes="field-message -error")
        yield Static("Client type", classes="field-label oauth-part")
        with PlainRadioSet(id="oauth-client-type", compact=True, classes="oauth-part oauth-choice"):
            for key, label in CLIENT_TYPES.items():
                yield PlainRadioButton(self.choice_label(key, label), id=f"type-{key}")
        yield Static("Flows", classes="field-label oauth-part")
        for key, label in FLOW_LABELS.items():
            yield PlainCheckbox(label, id=f"flow-{key}", compact=True, classes="oauth-part")
        yield Static("Client authentication", classes="field-label oauth-part")
        with PlainRadioSet(id="oauth-method", compact=True, classes="oauth-part oauth-choice"):
            for key, label in METHODS.items():
                yield PlainRadioButton(self.choice_label(key, label), id=f"method-{key}")
        yield Static(id="oauth-no-method", classes="field-help oauth-part")
        yield Static(id="oauth-secret-note", classes="field-help oauth-part")
        yield Static(
            "Secret validity period in days (empty: Profit's 180)",
            classes="field-label oauth-part oauth-secret",
            id="oauth-validity-label",
        )
        yield FittedInput(
            placeholder="180",
            id="oauth-validity",
            compact=True,
            classes="oauth-part oauth-secret",
            validators=[ModelRule(core.validity_problem)],
        )
        yield Static(id="oauth-validity-message", classes="field-message oauth-part oauth-secret")
        yield Static(
            "Client secrets (label, created, expires; the secret itself stays in Profit)",
            classes="field-label oauth-part oauth-secret",
        )
        secrets = FittedTable(
            [
                FitColumn("label", "Label"),
                FitColumn("created", "Created", share=0),
                FitColumn("expires", "Expires", share=0),
            ]
        )
        secrets.id = "oauth-secrets"
        secrets.add_class("oauth-part", "oauth-secret", "oauth-table")
        yield secrets
        yield Static(
            "Redirect URLs (authorization code; d removes)", classes="field-label oauth-part"
        )
        redirects = FittedTable([FitColumn("url", "URL", cut=clip_url)])
        redirects.id = "oauth-redirects"
        redirects.add_class("oauth-part", "oauth-table")
        yield redirects
        yield UrlInput(
            placeholder="add: https://app.example.com/callback, Enter",
            id="oauth-redirect-new",
            compact=True,
            classes="oauth-part",
            validators=[ModelRule(core.redirect_problem)],
        )
        yield Static(id="oauth-redirect-new-message", classes="field-message oauth-part")
        yield Static("JWKS URL", classes="field-label oauth-part oauth-jwt")
        yield UrlInput(
            placeholder="https://app.example.com/.well-known/jwks.json (or certificates)",
            id="oauth-jwks",
            compact=True,
            classes="oauth-part oauth-jwt",
            validators=[ModelRule(core.jwks_problem)],
        )
        yield Static(id="oauth-jwks-message", classes="field-message oauth-part oauth-jwt")
        yield Static(
            "Certificates (key ID, valid until; d removes)",
            classes="field-label oauth-part oauth-jwt",
        )
        certificates = FittedTable(
            [FitColumn("key_id", "Key ID"), FitColumn("not_after", "Valid until", share=0)]
        )
        certificates.id = "oauth-certificates"
        certificates.add_class("oauth-part", "oauth-jwt", "oauth-table")
        yield certificates
        with Horizontal(classes="oauth-part oauth-jwt oauth-row"):
            yield FittedInput(
                placeholder="add: key ID",
                id="oauth-key-id",
                compact=True,
                validators=[ModelRule(core.key_id_problem)],
            )
            yield FittedInput(
                placeholder="valid until 2027-06-30, Enter",
                id="oauth-not-after",
                compact=True,
                validators=[ModelRule(core.date_problem)],
            )
        yield Static(id="oauth-certificate-message", classes="field-message oauth-part oauth-jwt")
        yield PlainCheckbox(
            "DPoP: bind tokens to the app's key",
            id="oauth-dpop",
            compact=True,
            classes="oauth-part",
        )

    def choice_label(self, key: str, label: str) -> str:
        """A choice's label, saying when this workspace's Profit version lacks it."""
        return f"{label} (Profit 9)" if self.core.choice_lacks(key) else label

    def on_mount(self) -> None:
        """Fill the controls; lock the choices this Profit version lacks."""
        for key in ("public", "private_key_jwt"):
            prefix = "type" if key == "public" else "method"
            self.query_one(f"#{prefix}-{key}", RadioButton).disabled = self.core.choice_lacks(key)
        self.show(self.core.oauth, self.core.authentication)

    # -- showing ----------------------------------------------------------------------

    def show_connector(self, connector: AppConnector, select: str | None = None) -> None:
        """Show the connector's settings (see `show`)."""
        self.show(connector.oauth, connector.authentication)

    def show(self, oauth: OAuthSettings | None, authentication: str) -> None:
        """Show the settings the connector has now; any pending proposal is dropped."""
        self.core.show(oauth, authentication)
        self.refresh_controls()
        self.refresh_bindings()

    def refresh_controls(self) -> None:
        """Set every control from the settings shown, without posting anything."""
        classic = self.core.classic
        for part in self.query(".oauth-part"):
            part.display = not classic
        intro = self.query_one("#oauth-intro", Static)
        pending = self.query_one("#oauth-pending", Static)
        if classic:
            intro.update(Content(CLASSIC_TEXT))
            pending.display = False
            return
        data = self.core.shown()
        intro.update(Content(self.core.intro()))
        problem = self.core.pending_problem
        pending.display = bool(problem)
        pending.update(Content(f"! Not applied yet: {problem} (u: undo)") if problem else "")
        public = data["client_type"] == "public"
        method = data.get("client_authentication")
        # Setting a control posts its Changed message; this is showing, not the admin's edit.
        with self.prevent(RadioButton.Changed, RadioSet.Changed, Checkbox.Changed, Input.Changed):
            # Each button is set: the radio set's own unticking is held back with the rest.
            for key in CLIENT_TYPES:
                self.query_one(f"#type-{key}", RadioButton).value = key == data["client_type"]
            for flow in FLOW_LABELS:
                self.query_one(f"#flow-{flow}", Checkbox).value = flow in data["flows"]
            method_set = self.query_one("#oauth-method", RadioSet)
            method_set.display = not public
            for key in METHODS:
                self.query_one(f"#method-{key}", RadioButton).value = key == method
            validity = data.get("secret_validity_days")
            self.query_one("#oauth-validity", Input).value = (
                "" if validity is None else str(validity)
            )
            self.query_one("#oauth-jwks", Input).value = data.get("jwks_url") or ""
            dpop = self.query_one("#oauth-dpop", Checkbox)
            dpop.value = bool(data.get("dpop"))
            dpop.disabled = public
            dpop.label = (
                "DPoP: required for a public client"
                if public
                else "DPoP: bind tokens to the app's key (optional)"
            )
        no_method = self.query_one("#oauth-no-method", Static)
        no_method.display = public
        no_method.update(Content("None: a public client has no secret."))
        self.query_one("#oauth-secret-note", Static).update(Content(SECRET_TEXT[method]))
        for part in self.query(".oauth-secret"):
            part.display = method == "client_secret"
        for part in self.query(".oauth-jwt"):
            part.display = method == "private_key_jwt"
        for message in self.query(".oauth-part.field-message"):
            # A message line takes room only while it says something: the tab is short.
            message.display = message.display and message.has_class("-error")
        if self.core.lacks("secret_validity"):
            version = self.core.profit_version
            self.query_one("#oauth-validity", Input).disabled = True
            self.query_one("#oauth-validity-label", Static).update(
                Content(f"Secret validity period: Profit 9 (this workspace: {version})")
            )
        redirects = self.query_one("#oauth-redirects", FittedTable)
        redirects.set_rows([(url,) for url in data.get("redirect_urls", [])])
        redirects.display = bool(data.get("redirect_urls"))
        certificates = self.query_one("#oauth-certificates", FittedTable)
        certificates.set_rows(certificate_rows(data.get("certificates", []), self.today))
        secrets = self.query_one("#oauth-secrets", FittedTable)
        secrets.set_rows(secret_rows(data.get("secrets") or [], self.today))
        secrets.display = method == "client_secret" and bool(data.get("secrets"))
        certificates.display = method == "private_key_jwt" and bool(data.get("certificates"))
        self.recheck_new_entries()

    def focus_table(self) -> None:
        """Focus the first control (the client type), or the pane itself for a classic token."""
        if self.core.classic:
            self.focus()
        else:
            self.query_one("#oauth-client-type", RadioSet).focus()

    # -- proposing ----------------------------------------------------------------------

    def proposed(self, accepted: dict[str, Any] | None, said: bool = False) -> None:
        """Show what the core made of an edit; post the settings when the model accepts them
        (`said`: the screen says the change in a notice naming ctrl+z).

        Refused, the edit stays on screen as not applied yet, with the model's words.
        """
        self.refresh_controls()
        if accepted is None:
            self.refresh_bindings()
        else:
            change = self.Changed(accepted)
            change.said = said
            self.post_message(change)

    @on(RadioSet.Changed, "#oauth-client-type")
    def client_type_changed(self, event: RadioSet.Changed) -> None:
        """Confidential or public (what a public client cannot have is put aside)."""
        event.stop()
        self.proposed(self.core.choose_client_type(public=event.pressed.id == "type-public"))

    @on(RadioSet.Changed, "#oauth-method")
    def method_changed(self, event: RadioSet.Changed) -> None:
        """Client secret or private key JWT (the other's settings are put aside)."""
        event.stop()
        jwt = event.pressed.id == "method-private_key_jwt"
        self.proposed(self.core.choose_method(private_key_jwt=jwt))

    @on(Checkbox.Changed)
    def box_changed(self, event: Checkbox.Changed) -> None:
        """A flow ticked or not, or DPoP."""
        event.stop()
        box = event.checkbox.id or ""
        if box == "oauth-dpop":
            self.proposed(self.core.propose(dpop=event.value))
        elif box.startswith("flow-"):
            flows = [
                flow for flow in FLOW_LABELS if self.query_one(f"#flow-{flow}", Checkbox).value
            ]
            self.proposed(self.core.propose(flows=flows))

    @on(Input.Changed)
    def input_changed(self, event: Input.Changed) -> None:
        """Say under the field what the model says about it, as the admin types."""
        event.stop()
        self.say_problem(event.input, scroll=True)

    def say_problem(self, field: Input, *, scroll: bool = False) -> None:
        """Show under `field` what the model says about its value now ("" when nothing).

        The key ID and valid-until fields share one message line: it says the
        first field's problem, so typing the date never hides a duplicate key ID.
        """
        if field.id in ("oauth-key-id", "oauth-not-after"):
            target = "oauth-certificate"
            problem = first_failure(self.query_one("#oauth-key-id", Input)) or first_failure(
                self.query_one("#oauth-not-after", Input)
            )
        else:
            target = field.id or ""
            problem = first_failure(field)
        message = self.query_one(f"#{target}-message", Static)
        message.update(Content(f"! {problem}" if problem else ""))
        message.set_class(bool(problem), "-error")
        message.display = bool(problem)
        if problem and scroll:
            # The message is under the field: keep it in view in a short tab.
            self.call_after_refresh(message.scroll_visible, animate=False)

    def recheck_new_entries(self) -> None:
        """The lists changed: what is typed to add to them may be a duplicate now, or no longer."""
        names = ["oauth-redirect-new"]
        if self.core.method() == "private_key_jwt":
            names.append("oauth-key-id")  # else its row, and its message, are hidden
        for name in names:
            field = self.query_one(f"#{name}", Input)
            if field.value.strip():
                field.validate(field.value)
                self.say_problem(field)

    @on(Input.Submitted)
    def input_submitted(self, event: Input.Submitted) -> None:
        """Enter applies a field: validity, JWKS URL, a new redirect URL or certificate."""
        event.stop()
        field = event.input
        value = field.value.strip()
        if first_failure(field):
            self.app.bell()
            return
        if field.id in ("oauth-validity", "oauth-jwks"):
            self.proposed(self.core.apply(TYPED_KEYS[field.id], value))
        elif field.id == "oauth-redirect-new" and value:
            field.value = ""
            self.proposed(self.core.add_redirect(value))
        elif field.id == "oauth-key-id":
            self.query_one("#oauth-not-after", Input).focus()
        elif field.id == "oauth-not-after":
            self.add_certificate()

    @on(Input.Blurred, "#oauth-validity, #oauth-jwks")
    def input_left(self, event: Input.Blurred) -> None:
        """Leaving the validity period or the JWKS URL applies it, as Enter does.

        Tab away from a typed JWKS URL and OK used to save the connector without it,
        while the screen still showed it; General's fields apply as typed, so these do
        on leaving. What the model refuses stays typed, and OK says so (`unapplied`).
        """
        field = event.input
        key = "validity" if field.id == "oauth-validity" else "jwks_url"
        if first_failure(field) or not field.display or not self.core.applies(key, field.value):
            return
        self.proposed(self.core.apply(key, field.value))

    def typed(self) -> dict[str, str]:
        """What the fields that apply on Enter hold now, by the core's name for them."""
        return {key: self.query_one(f"#{id}", Input).value for key, id in TYPED_FIELDS.items()}

    def put_back(self, typed: dict[str, str]) -> None:
        """Put back what was typed in the fields when a session ended (`typed`)."""
        for key, text in typed.items():
            if key in TYPED_FIELDS:
                self.query_one(f"#{TYPED_FIELDS[key]}", Input).value = text

    def unapplied(self) -> str:
        """Why this tab holds more than the connector, in words; "" when it does not.

        OK refuses to save while it does: the file would hold less than the screen shows.
        """
        return self.core.not_applied(self.typed())

    def add_certificate(self) -> None:
        """Add the certificate typed in the key ID and valid-until fields."""
        key_field = self.query_one("#oauth-key-id", Input)
        date_field = self.query_one("#oauth-not-after", Input)
        if first_failure(key_field):
            # Enter in the date field adds the certificate: the key ID's own problem
            # (listed already, not a key ID) refuses it here, as its message says.
            self.app.bell()
            key_field.focus()
            return
        if not key_field.value.strip() or not date_field.value.strip():
            message = self.query_one("#oauth-certificate-message", Static)
            message.update(Content("! a certificate needs a key ID and a valid-until date"))
            message.add_class("-error")
            message.display = True
            self.app.bell()
            return
        key_id, not_after = key_field.value, date_field.value
        key_field.value = date_field.value = ""
        self.proposed(self.core.add_certificate(key_id, not_after))

    def action_remove_row(self) -> None:
        """d or Delete in a table removes its row, and says so (ctrl+z puts it back)."""
        table = self.app.focused
        if not isinstance(table, DataTable) or table.id not in TABLE_LISTS:
            return
        key = TABLE_LISTS[table.id]
        if not self.core.shown().get(key):
            self.app.bell()
            return
        self.proposed(self.core.remove(key, table.cursor_row), said=True)

    def on_marked_table_finding(self, event: MarkedTable.Finding) -> None:
        """Say on the first line what typing at a table finds; the intro again after."""
        event.stop()
        intro = CLASSIC_TEXT if self.core.classic else self.core.intro()
        found = finding_text(event.found, event.matched) if event.found else intro
        self.query_one("#oauth-intro", Static).update(Content(found))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Undo (u) only while a proposal is pending; Remove only in the two tables."""
        if action == "drop_pending":
            return self.core.pending_problem != ""
        if action == "remove_row":
            focused = self.app.focused
            return focused is not None and focused.id in TABLE_LISTS
        return True

    def action_drop_pending(self) -> None:
        """Drop the proposal the model has not accepted; show the connector's settings."""
        self.show(self.core.oauth, self.core.authentication)
