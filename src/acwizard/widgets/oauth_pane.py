"""The contents of the OAuth tab: the OAuth settings of a hybrid or OAuth app connector.

Profit's names, from AFAS's developer docs (OASContent `authentication.md`,
2026-09-30): authentication type *Classic token* / *Hybrid* / *OAuth*;
client type *Confidential* / *Public*; flows *Client credentials* and
*Authorization code* with PKCE; client authentication *Client secret* /
*Private key JWT*; the client secret's *validity period* (default 180 days);
*redirect URL*; *JWKS URL*; an uploaded certificate's *key ID*; *DPoP*.
Unsure: the docs never name the tab or section of the app connector that holds
these settings; acwizard calls it "OAuth". Also unsure: whether Profit shows
the validity period in days (the docs say "180 days"), and the certificate's
expiry is taken as a date (`not_after`), which the docs do not show.

Like the grant panes, this pane never changes the connector: it posts
`OAuthPane.Changed` with the whole proposed `[oauth]` table as plain data,
and the properties screen validates it and calls `show()` with what it kept.
Some single edits are not a valid whole on their own (Private key JWT needs a
JWKS URL or a certificate; the authorization code flow needs a redirect URL).
The pane asks the model before posting: a proposal the model refuses is kept
here as *not applied yet*, with the model's words, and the next edit builds on
it; it is posted as soon as the model accepts it, and `u` drops it. No secret is ever asked for: the
client secret and private key are managed in Profit and by the app, never in
the file.

A switch of client type or client authentication takes away what the new
choice cannot have (a public client has no client credentials flow, no keys,
no secret validity, no DPoP off); the pane puts it aside for this properties session and gives
it back on a switch back, where the model still accepts it, as the General
tab's Authentication switch does with the whole table (`editor.kept_oauth`).
What is put aside is never posted unless it comes back.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, DataTable, Input, RadioButton, RadioSet, Static

from acwizard.model import Certificate, OAuthSettings, check_redirect_url, check_url
from acwizard.problems import first_error
from acwizard.versions import missing
from acwizard.widgets.cells import clip_url
from acwizard.widgets.fitted_input import FittedInput, UrlInput
from acwizard.widgets.fitted_table import FitColumn, FittedTable
from acwizard.widgets.model_rules import ModelRule, field_rule, first_failure
from acwizard.widgets.plain_checkbox import PlainCheckbox, PlainRadioButton, PlainRadioSet

__all__ = ["CLASSIC_TEXT", "OAuthPane"]

CLASSIC_TEXT = (
    "Classic token: this app connector has no OAuth settings. To set them, choose "
    "Hybrid (classic token and OAuth both work, while the app moves over) or OAuth "
    "as Authentication on the General tab. Classic tokens stop working after 31 "
    "August 2027."
)
"""What the tab says for a classic-token connector."""

SECRET_TEXT = {
    "client_secret": (
        "The client secret is made, shown once and renewed in Profit; the app keeps it "
        "in its secret store. It is never in this file."
    ),
    "private_key_jwt": (
        "The private key stays with the app; Profit gets only the certificate (key ID) "
        "or the JWKS URL. No key is ever in this file."
    ),
    None: "The user logs in (PKCE), and DPoP binds the app's tokens to its own key.",
}
"""Where each kind of secret is managed: never in the file."""

CLIENT_TYPES = {"confidential": "Confidential", "public": "Public"}
METHODS = {"client_secret": "Client secret", "private_key_jwt": "Private key JWT"}
FLOW_LABELS = {
    "client_credentials": "Client credentials",
    "authorization_code": "Authorization code with PKCE",
}
FEATURE_OF = {"public": "public_client", "private_key_jwt": "private_key_jwt"}
"""The versions.py feature behind a choice that not every Profit version has."""

JWT_ONLY = ("jwks_url", "certificates")
"""What only private key JWT has: put aside by a switch to client secret."""
SECRET_ONLY = ("secret_validity_days",)
"""What only client secret has: put aside by a switch to private key JWT."""
CONFIDENTIAL_ONLY = ("flows", "dpop", "client_authentication", *JWT_ONLY, *SECRET_ONLY)
"""What a switch to a public client puts aside: a switch back gives the flows back first
(they may make the settings whole again), then DPoP, then the method with its own keys."""
ALWAYS_KEPT = ("flows", "dpop", "client_authentication")
"""Put aside whatever their value: a choice, never an empty field."""

DEFAULT_OAUTH: dict[str, Any] = {
    "client_type": "confidential",
    "flows": ["client_credentials"],
    "client_authentication": "client_secret",
}
"""What the pane starts from when a hybrid or OAuth connector has no settings yet."""


KEY_ID_RULE = field_rule(Certificate, "key_id")
"""The model's rule for one key ID on its own (its form)."""


def _parse_date(value: str) -> date:
    """A date as TOML writes it (2027-06-30), with words when it is not one."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("is not a date such as 2027-06-30 (year-month-day)") from None


def _check_date(value: str) -> object:
    """Input validator check: a date as the file writes it."""
    try:
        return _parse_date(value)
    except ValueError as exc:
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError("bad_date", str(exc)) from None


class OAuthPane(VerticalScroll):
    """Client type, flows, client authentication, redirect URLs, keys and DPoP."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "u", "drop_pending", "Undo", tooltip="Drop the edit not applied yet", id="oauth.undo"
        ),
    ]
    """u drops a proposal the model has not accepted yet (d removes in the two tables)."""

    class Changed(Message):
        """The admin asks for new OAuth settings: the whole `[oauth]` table as plain data."""

        def __init__(self, oauth: dict[str, Any]) -> None:
            super().__init__()
            self.oauth = oauth

    def __init__(
        self,
        oauth: OAuthSettings | None,
        authentication: str,
        profit_version: int,
        *,
        id: str,
    ) -> None:
        super().__init__(id=id, classes="oauth-pane")
        self.oauth = oauth
        self.authentication = authentication
        self.profit_version = profit_version
        self.pending: dict[str, Any] | None = None
        """A proposal the model refused so far, built on by the next edit; None when none."""
        self.pending_problem = ""
        self.aside: dict[str, Any] = {}
        """Settings a switch of client type or client authentication took away, by key,
        for a switch back in this properties session; never posted unless given back."""

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Every control; `show()` hides those that do not apply."""
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
            validators=[ModelRule(self.check_validity)],
        )
        yield Static(id="oauth-validity-message", classes="field-message oauth-part oauth-secret")
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
            validators=[ModelRule(self.check_new_redirect)],
        )
        yield Static(id="oauth-redirect-new-message", classes="field-message oauth-part")
        yield Static("JWKS URL", classes="field-label oauth-part oauth-jwt")
        yield UrlInput(
            placeholder="https://app.example.com/.well-known/jwks.json (or certificates)",
            id="oauth-jwks",
            compact=True,
            classes="oauth-part oauth-jwt",
            validators=[ModelRule(check_url)],
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
                validators=[ModelRule(self.check_new_key_id)],
            )
            yield FittedInput(
                placeholder="valid until 2027-06-30, Enter",
                id="oauth-not-after",
                compact=True,
                validators=[ModelRule(_check_date)],
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
        feature = FEATURE_OF.get(key)
        if feature and missing(feature, self.profit_version):
            return f"{label} (Profit 9)"
        return label

    def on_mount(self) -> None:
        """Fill the controls; lock the choices this Profit version lacks."""
        for key, feature in FEATURE_OF.items():
            prefix = "type" if key == "public" else "method"
            self.query_one(f"#{prefix}-{key}", RadioButton).disabled = bool(
                missing(feature, self.profit_version)
            )
        self.show(self.oauth, self.authentication)

    # -- showing ----------------------------------------------------------------------

    def show(self, oauth: OAuthSettings | None, authentication: str) -> None:
        """Show the settings the connector has now; any pending proposal is dropped."""
        self.oauth = oauth
        self.authentication = authentication
        self.pending = None
        self.pending_problem = ""
        self.refresh_controls()
        self.refresh_bindings()

    def shown_data(self) -> dict[str, Any]:
        """The settings on screen: the pending proposal, or the connector's own."""
        if self.pending is not None:
            return self.pending
        if self.oauth is not None:
            return self.oauth.model_dump()
        return {**OAuthSettings.model_validate({**DEFAULT_OAUTH}).model_dump()}

    def refresh_controls(self) -> None:
        """Set every control from `shown_data()`, without posting anything."""
        classic = self.authentication == "classic"
        for part in self.query(".oauth-part"):
            part.display = not classic
        intro = self.query_one("#oauth-intro", Static)
        pending = self.query_one("#oauth-pending", Static)
        if classic:
            intro.update(Content(CLASSIC_TEXT))
            pending.display = False
            return
        data = self.shown_data()
        intro.update(Content(self.intro_text()))
        pending.display = bool(self.pending_problem)
        pending.update(
            Content(f"! Not applied yet: {self.pending_problem} (u: undo)")
            if self.pending_problem
            else ""
        )
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
        if missing("secret_validity", self.profit_version):
            self.query_one("#oauth-validity", Input).disabled = True
            self.query_one("#oauth-validity-label", Static).update(
                Content(f"Secret validity period: Profit 9 (this workspace: {self.profit_version})")
            )
        redirects = self.query_one("#oauth-redirects", FittedTable)
        redirects.set_rows([(url,) for url in data.get("redirect_urls", [])])
        redirects.display = bool(data.get("redirect_urls"))
        certificates = self.query_one("#oauth-certificates", FittedTable)
        certificates.set_rows(
            [
                (certificate["key_id"], str(certificate["not_after"]))
                for certificate in data.get("certificates", [])
            ]
        )
        certificates.display = method == "private_key_jwt" and bool(data.get("certificates"))
        self.recheck_new_entries()

    def intro_text(self) -> str:
        """The first line: which type, and what Profit version lacks."""
        if self.authentication == "hybrid":
            text = (
                "Hybrid: apps may still sign in with the classic token until you choose "
                "OAuth on the General tab."
            )
        else:
            text = "OAuth: apps sign in with OAuth only."
        lacking = missing("oauth", self.profit_version)
        if lacking:
            text += f" Not available: {lacking}."
        elif self.profit_version < 9:
            text += (
                f" Public clients, private key JWT and secret validity periods need Profit 9 "
                f"(this workspace: {self.profit_version})."
            )
        return text

    def focus_table(self) -> None:
        """Focus the first control (the client type), or the pane itself for a classic token."""
        if self.authentication == "classic":
            self.focus()
        else:
            self.query_one("#oauth-client-type", RadioSet).focus()

    # -- proposing ----------------------------------------------------------------------

    def propose(self, **changes: Any) -> None:
        """Post the settings with `changes`, or keep them pending with the model's words."""
        data = {**self.shown_data(), **changes}
        try:
            accepted = OAuthSettings.model_validate(data).model_dump()
        except ValidationError as exc:
            self.pending = data
            where, text = first_error(exc.errors())
            self.pending_problem = f"{where}: {text}" if where else text
            self.refresh_controls()
            self.refresh_bindings()
            return
        self.pending = accepted
        self.pending_problem = ""
        self.refresh_controls()
        self.post_message(self.Changed(accepted))

    def check_validity(self, value: str) -> object:
        """The model's rule for the validity period, on the settings shown."""
        try:
            days = int(value)
        except ValueError:
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError(
                "bad_days", "is a whole number of days, such as 180"
            ) from None
        return OAuthSettings.model_validate({**self.shown_data(), "secret_validity_days": days})

    # -- switching, and switching back ---------------------------------------------------

    def put_aside(self, data: dict[str, Any], keys: tuple[str, ...]) -> None:
        """Keep what a switch takes away from `data`, for a switch back.

        A key the switch finds empty keeps what was put aside before: client secret
        (365 days) -> private key JWT -> public -> confidential -> client secret
        gives the 365 days back.
        """
        for key in keys:
            value = data.get(key)
            if key in ALWAYS_KEPT or value not in (None, []):
                self.aside[key] = value

    def given_back(
        self, data: dict[str, Any], groups: tuple[tuple[str, ...], ...]
    ) -> dict[str, Any]:
        """`data` with what was put aside for `groups` given back, as far as it still fits.

        A group comes back whole or not at all, and only where the model accepts the
        settings with it (or refused them already without it). A choice the Profit
        version lacks cannot come back: its button is disabled, so it was never left
        for another. What comes back is no longer put aside.
        """
        for group in groups:
            kept = {key: self.aside[key] for key in group if key in self.aside}
            if not kept:
                continue
            trial = {**data, **kept}
            if self.accepts(trial) or not self.accepts(data):
                data = trial
                for key in kept:
                    del self.aside[key]
        return data

    @staticmethod
    def accepts(data: dict[str, Any]) -> bool:
        """True when the model accepts `data` as the whole `[oauth]` table."""
        try:
            OAuthSettings.model_validate(data)
        except ValidationError:
            return False
        return True

    def check_new_redirect(self, value: str) -> object:
        """The model's rules for a redirect URL to add: its form, and once in the list."""
        check_redirect_url(value)
        return self.check_in_list("redirect_urls", [*self.shown_data()["redirect_urls"], value])

    def check_new_key_id(self, value: str) -> object:
        """The model's rules for a new certificate's key ID: its form, and once per client.

        Profit tells an app's certificates apart by key ID, so the model refuses one
        listed twice (in any case); said here as it is typed, not first at OK.
        """
        KEY_ID_RULE(value)
        certificate = {"key_id": value, "not_after": date.max}
        return self.check_in_list(
            "certificates", [*self.shown_data().get("certificates", []), certificate]
        )

    def check_in_list(self, key: str, values: list[Any]) -> object:
        """What the model says of list `key` holding `values` (a value listed twice...).

        Only the list's own errors count: the rest of the settings may be not
        applied yet, and that is said at the top of the tab.
        """
        try:
            OAuthSettings.model_validate({**self.shown_data(), key: values})
        except ValidationError as exc:
            errors = [error for error in exc.errors() if error["loc"][:1] == (key,)]
            if errors:
                from pydantic_core import PydanticCustomError

                raise PydanticCustomError("in_list", first_error(errors)[1]) from None
        return values

    @on(RadioSet.Changed, "#oauth-client-type")
    def client_type_changed(self, event: RadioSet.Changed) -> None:
        """Confidential or public; a public client takes the settings Profit requires of it.

        What a public client cannot have is put aside, and comes back when the
        admin chooses Confidential again in this properties session.
        """
        event.stop()
        data = self.shown_data()
        if event.pressed.id == "type-public":
            self.put_aside(data, CONFIDENTIAL_ONLY)
            self.propose(
                client_type="public",
                flows=["authorization_code"],
                client_authentication=None,
                secret_validity_days=None,
                jwks_url=None,
                certificates=[],
                dpop=True,
            )
            return
        confidential = {**data, "client_type": "confidential"}
        confidential["client_authentication"] = "client_secret"
        # The method comes back with its own keys, never with the other method's.
        jwt = self.aside.get("client_authentication") == "private_key_jwt"
        method = ("client_authentication", *(JWT_ONLY if jwt else SECRET_ONLY))
        restored = self.given_back(confidential, (("flows",), ("dpop",), method))
        if restored["client_authentication"] == "client_secret":
            # Private key JWT did not fit: client secret, with its validity if it had one.
            restored = self.given_back(restored, (SECRET_ONLY,))
        self.propose(**restored)

    @on(RadioSet.Changed, "#oauth-method")
    def method_changed(self, event: RadioSet.Changed) -> None:
        """Client secret or private key JWT; the other's settings are put aside.

        They come back when the admin chooses the other again in this properties
        session.
        """
        event.stop()
        data = self.shown_data()
        if event.pressed.id == "method-private_key_jwt":
            self.put_aside(data, SECRET_ONLY)
            changed = {**data, "client_authentication": "private_key_jwt"}
            changed["secret_validity_days"] = None
            self.propose(**self.given_back(changed, (JWT_ONLY,)))
        else:
            self.put_aside(data, JWT_ONLY)
            changed = {**data, "client_authentication": "client_secret"}
            changed.update(jwks_url=None, certificates=[])
            self.propose(**self.given_back(changed, (SECRET_ONLY,)))

    @on(Checkbox.Changed)
    def box_changed(self, event: Checkbox.Changed) -> None:
        """A flow ticked or not, or DPoP."""
        event.stop()
        box = event.checkbox.id or ""
        if box == "oauth-dpop":
            self.propose(dpop=event.value)
        elif box.startswith("flow-"):
            flows = [
                flow for flow in FLOW_LABELS if self.query_one(f"#flow-{flow}", Checkbox).value
            ]
            self.propose(flows=flows)

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
        if self.shown_data().get("client_authentication") == "private_key_jwt":
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
        data = self.shown_data()
        if first_failure(field):
            self.app.bell()
            return
        if field.id == "oauth-validity":
            self.propose(secret_validity_days=int(value) if value else None)
        elif field.id == "oauth-jwks":
            self.propose(jwks_url=value or None)
        elif field.id == "oauth-redirect-new" and value:
            field.value = ""
            self.propose(redirect_urls=[*data.get("redirect_urls", []), value])
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
        if first_failure(field) or not field.display:
            return
        value = field.value.strip()
        data = self.shown_data()
        if field.id == "oauth-validity":
            days = int(value) if value else None
            if days != data.get("secret_validity_days"):
                self.propose(secret_validity_days=days)
        elif (value or None) != data.get("jwks_url"):
            self.propose(jwks_url=value or None)

    def unapplied(self) -> str:
        """What is typed on this tab but not in the settings yet, in words; "" when nothing.

        OK refuses to save while something is: the file would hold less than the
        screen shows.
        """
        if self.authentication == "classic":
            return ""
        data = self.shown_data()
        typed = []
        validity = self.query_one("#oauth-validity", Input)
        days = data.get("secret_validity_days")
        if validity.display and validity.value.strip() != ("" if days is None else str(days)):
            typed.append("the secret validity period")
        jwks = self.query_one("#oauth-jwks", Input)
        if jwks.display and jwks.value.strip() != (data.get("jwks_url") or ""):
            typed.append("the JWKS URL")
        if self.query_one("#oauth-redirect-new", Input).value.strip():
            typed.append("a redirect URL")
        if (
            any(
                self.query_one(f"#{name}", Input).value.strip()
                for name in ("oauth-key-id", "oauth-not-after")
            )
            and data.get("client_authentication") == "private_key_jwt"
        ):
            # (Under client secret the certificate row is hidden, the typing kept for a
            # switch back: OK does not refuse over what the admin cannot see.)
            typed.append("a certificate")
        if not typed:
            return ""
        return (
            f"{', '.join(typed)} typed but not applied: press Enter in the field to apply "
            "it, or clear it"
        )

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
        certificate = {
            "key_id": key_field.value.strip(),
            "not_after": _parse_date(date_field.value),
        }
        key_field.value = date_field.value = ""
        self.propose(certificates=[*self.shown_data().get("certificates", []), certificate])

    def on_key(self, event: Any) -> None:
        """d or Delete in a table removes its row."""
        if event.key not in ("d", "delete"):
            return
        table = self.app.focused
        if not isinstance(table, DataTable) or table.id not in (
            "oauth-redirects",
            "oauth-certificates",
        ):
            return
        event.stop()
        data = self.shown_data()
        key = "redirect_urls" if table.id == "oauth-redirects" else "certificates"
        values = list(data.get(key, []))
        if not values:
            self.app.bell()
            return
        del values[min(table.cursor_row, len(values) - 1)]
        self.propose(**{key: values})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Undo (u) only while a proposal is pending."""
        if action == "drop_pending":
            return self.pending_problem != ""
        return True

    def action_drop_pending(self) -> None:
        """Drop the proposal the model has not accepted; show the connector's settings."""
        self.show(self.oauth, self.authentication)
