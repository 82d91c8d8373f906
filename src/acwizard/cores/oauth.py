"""The OAuth tab's state: the settings shown, an edit not applied yet, what a switch put aside.

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

The OAuth tab never changes the connector: it proposes the whole `[oauth]` table
and the editor validates it. Some single edits are not a valid whole on their
own (private key JWT needs a JWKS URL or a certificate; the authorization code
flow needs a redirect URL): such an edit is kept here as *pending*, with the
model's words, and the next edit builds on it; it is proposed as soon as the
model accepts it, and `drop_pending` drops it.

A switch of client type or client authentication takes away what the new choice
cannot have (a public client has no client credentials flow, no keys, no
secret validity, no DPoP off); it is put aside for this properties session and
given back on a switch back, where the model still accepts it, as the editor
does with the whole table on a switch to classic and back (`kept_oauth`). What
is put aside is never proposed unless it comes back.

Every check of a value typed on the tab is the model's, asked through `judge`
(one validation of the whole table) or a field's own validators; each answers
in the model's words, "" when the value passes. Nothing here imports Textual.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from acwizard.cores.checks import field_check, message_of
from acwizard.cores.new_connector import new_oauth_settings
from acwizard.model import Certificate, OAuthSettings, check_redirect_url, check_url
from acwizard.problems import first_error
from acwizard.versions import missing

__all__ = [
    "CLASSIC_TEXT",
    "CLIENT_TYPES",
    "CONFIDENTIAL_ONLY",
    "FLOW_LABELS",
    "JWT_ONLY",
    "METHODS",
    "SECRET_ONLY",
    "SECRET_TEXT",
    "OAuthEditing",
    "parse_date",
]

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
"""Profit's names of the client types, client authentications and flows."""
JWT_ONLY = ("jwks_url", "certificates")
"""What only private key JWT has: put aside by a switch to client secret."""
SECRET_ONLY = ("secret_validity_days",)
"""What only client secret has: put aside by a switch to private key JWT."""
CONFIDENTIAL_ONLY = ("flows", "dpop", "client_authentication", *JWT_ONLY, *SECRET_ONLY)
"""What a switch to a public client puts aside: a switch back gives the flows back first
(they may make the settings whole again), then DPoP, then the method with its own keys."""
ALWAYS_KEPT = ("flows", "dpop", "client_authentication")
"""Put aside whatever their value: a choice, never an empty field."""
PUBLIC_CLIENT: dict[str, Any] = {
    "client_type": "public",
    "flows": ["authorization_code"],
    "client_authentication": None,
    "secret_validity_days": None,
    "jwks_url": None,
    "certificates": [],
    "dpop": True,
}
"""What Profit requires of a public client."""
FEATURE_OF = {"public": "public_client", "private_key_jwt": "private_key_jwt"}
"""The versions.py feature behind a choice that not every Profit version has."""

KEY_ID_CHECK = field_check(Certificate, "key_id")
"""The model's rule for one key ID on its own (its form)."""


def parse_date(value: str) -> date:
    """A date as TOML writes it (2027-06-30), with words when it is not one."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("is not a date such as 2027-06-30 (year-month-day)") from None


def judge(data: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Any]]:
    """The whole `[oauth]` table `data` as the model keeps it, or None and its errors."""
    try:
        return OAuthSettings.model_validate(data).model_dump(), []
    except ValidationError as exc:
        return None, exc.errors()


class OAuthEditing:
    """The OAuth settings of one connector as its tab has them."""

    def __init__(
        self, oauth: OAuthSettings | None, authentication: str, profit_version: int
    ) -> None:
        self.oauth = oauth
        """The connector's settings (None for a classic token)."""
        self.authentication = authentication
        self.profit_version = profit_version
        self.pending: dict[str, Any] | None = None
        """A proposal the model refused so far, built on by the next edit; None when none."""
        self.pending_problem = ""
        """The model's words for why `pending` is refused; "" when nothing is pending."""
        self.aside: dict[str, Any] = {}
        """Settings a switch of client type or client authentication took away, by key,
        for a switch back in this properties session; never proposed unless given back."""

    # -- what the tab shows -----------------------------------------------------------------

    def show(self, oauth: OAuthSettings | None, authentication: str) -> None:
        """The connector has these settings now; any pending proposal is dropped."""
        self.oauth = oauth
        self.authentication = authentication
        self.pending = None
        self.pending_problem = ""

    def drop_pending(self) -> None:
        """Drop the proposal the model has not accepted; the connector's settings show."""
        self.show(self.oauth, self.authentication)

    @property
    def classic(self) -> bool:
        """True for a classic-token connector: no OAuth settings to show."""
        return self.authentication == "classic"

    def shown(self) -> dict[str, Any]:
        """The settings on screen: the pending proposal, or the connector's own."""
        if self.pending is not None:
            return self.pending
        if self.oauth is not None:
            return self.oauth.model_dump()
        return new_oauth_settings().model_dump()

    def method(self) -> str | None:
        """The client authentication shown (None for a public client)."""
        method: str | None = self.shown().get("client_authentication")
        return method

    def lacks(self, feature: str) -> str:
        """Why this workspace's Profit version lacks `feature` (versions.py), or ""."""
        return missing(feature, self.profit_version) or ""

    def choice_lacks(self, choice: str) -> bool:
        """True when the Profit version lacks choice `choice` (public, private_key_jwt)."""
        feature = FEATURE_OF.get(choice)
        return bool(feature and self.lacks(feature))

    def intro(self) -> str:
        """The tab's first line: which type, and what the Profit version lacks."""
        if self.authentication == "hybrid":
            text = (
                "Hybrid: apps may still sign in with the classic token until you choose "
                "OAuth on the General tab."
            )
        else:
            text = "OAuth: apps sign in with OAuth only."
        lacking = self.lacks("oauth")
        if lacking:
            text += f" Not available: {lacking}."
        elif self.profit_version < 9:
            text += (
                f" Public clients, private key JWT and secret validity periods need Profit 9 "
                f"(this workspace: {self.profit_version})."
            )
        return text

    # -- proposing ----------------------------------------------------------------------------

    def propose(self, **changes: Any) -> dict[str, Any] | None:
        """The shown settings with `changes`: what to propose to the editor, or None when the
        model refuses them (kept pending, with its words)."""
        data = {**self.shown(), **changes}
        accepted, errors = judge(data)
        if accepted is None:
            self.pending = data
            where, text = first_error(errors)
            self.pending_problem = f"{where}: {text}" if where else text
            return None
        self.pending = accepted
        self.pending_problem = ""
        return accepted

    def choose_client_type(self, public: bool) -> dict[str, Any] | None:
        """Confidential or public; a public client takes the settings Profit requires of it.

        What a public client cannot have is put aside, and comes back when the admin
        chooses Confidential again in this properties session.
        """
        data = self.shown()
        if public:
            self.put_aside(data, CONFIDENTIAL_ONLY)
            return self.propose(**PUBLIC_CLIENT)
        confidential = {**data, "client_type": "confidential"}
        confidential["client_authentication"] = "client_secret"
        # The method comes back with its own keys, never with the other method's.
        jwt = self.aside.get("client_authentication") == "private_key_jwt"
        method = ("client_authentication", *(JWT_ONLY if jwt else SECRET_ONLY))
        restored = self.given_back(confidential, (("flows",), ("dpop",), method))
        if restored["client_authentication"] == "client_secret":
            # Private key JWT did not fit: client secret, with its validity if it had one.
            restored = self.given_back(restored, (SECRET_ONLY,))
        return self.propose(**restored)

    def choose_method(self, private_key_jwt: bool) -> dict[str, Any] | None:
        """Client secret or private key JWT; the other's settings are put aside, to come
        back when the admin chooses the other again in this properties session."""
        data = self.shown()
        if private_key_jwt:
            self.put_aside(data, SECRET_ONLY)
            changed = {**data, "client_authentication": "private_key_jwt"}
            changed["secret_validity_days"] = None
            return self.propose(**self.given_back(changed, (JWT_ONLY,)))
        self.put_aside(data, JWT_ONLY)
        changed = {**data, "client_authentication": "client_secret"}
        changed.update(jwks_url=None, certificates=[])
        return self.propose(**self.given_back(changed, (SECRET_ONLY,)))

    def add_redirect(self, url: str) -> dict[str, Any] | None:
        """Add redirect URL `url` (checked already: `redirect_problem`)."""
        return self.propose(redirect_urls=[*self.shown().get("redirect_urls", []), url])

    def add_certificate(self, key_id: str, not_after: str) -> dict[str, Any] | None:
        """Add the certificate `key_id`, valid until `not_after` (checked already)."""
        certificate = {"key_id": key_id.strip(), "not_after": parse_date(not_after)}
        return self.propose(certificates=[*self.shown().get("certificates", []), certificate])

    def remove(self, key: str, index: int) -> dict[str, Any] | None:
        """Remove entry `index` of list `key` (redirect_urls, certificates); None also when
        the list is empty (nothing to remove)."""
        values = list(self.shown().get(key, []))
        if not values:
            return None
        del values[min(index, len(values) - 1)]
        return self.propose(**{key: values})

    def apply(self, key: str, text: str) -> dict[str, Any] | None:
        """Field `key` (validity, jwks_url) typed: `apply_validity` or `apply_jwks`."""
        return self.apply_validity(text) if key == "validity" else self.apply_jwks(text)

    def apply_validity(self, text: str) -> dict[str, Any] | None:
        """The secret validity period typed (checked already); "" is Profit's default."""
        return self.propose(secret_validity_days=int(text) if text.strip() else None)

    def apply_jwks(self, text: str) -> dict[str, Any] | None:
        """The JWKS URL typed (checked already); "" is none."""
        return self.propose(jwks_url=text.strip() or None)

    def applies(self, key: str, text: str) -> bool:
        """True when `text` (checked already) in field `key` (validity, jwks_url) means
        other settings than those shown: leaving the field then applies it."""
        data = self.shown()
        if key == "validity":
            days = int(text) if text.strip() else None
            return days != data.get("secret_validity_days")
        return (text.strip() or None) != data.get("jwks_url")

    # -- switching, and switching back ----------------------------------------------------

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
            if judge(trial)[0] is not None or judge(data)[0] is None:
                data = trial
                for key in kept:
                    del self.aside[key]
        return data

    # -- what the model says of a value typed ---------------------------------------------

    def validity_problem(self, text: str) -> str:
        """The model's rule for the validity period, on the settings shown."""
        try:
            days = int(text)
        except ValueError:
            return "is a whole number of days, such as 180"
        _, errors = judge({**self.shown(), "secret_validity_days": days})
        return first_error(errors)[1] if errors else ""

    @staticmethod
    def jwks_problem(text: str) -> str:
        """The model's rule for a JWKS URL."""
        return message_of(check_url, text)

    def redirect_problem(self, text: str) -> str:
        """The model's rules for a redirect URL to add: its form, and once in the list."""
        return message_of(check_redirect_url, text) or self.list_problem(
            "redirect_urls", [*self.shown()["redirect_urls"], text]
        )

    def key_id_problem(self, text: str) -> str:
        """The model's rules for a new certificate's key ID: its form, and once per client.

        Profit tells an app's certificates apart by key ID, so the model refuses one
        listed twice (in any case); said here as it is typed, not first at OK.
        """
        certificate = {"key_id": text, "not_after": date.max}
        return message_of(KEY_ID_CHECK, text) or self.list_problem(
            "certificates", [*self.shown().get("certificates", []), certificate]
        )

    @staticmethod
    def date_problem(text: str) -> str:
        """A valid-until date as the file writes it."""
        try:
            parse_date(text)
        except ValueError as exc:
            return str(exc)
        return ""

    def list_problem(self, key: str, values: list[Any]) -> str:
        """What the model says of list `key` holding `values` (a value listed twice...).

        Only the list's own errors count: the rest of the settings may be not
        applied yet, and that is said at the top of the tab.
        """
        _, errors = judge({**self.shown(), key: values})
        errors = [error for error in errors if error["loc"][:1] == (key,)]
        return first_error(errors)[1] if errors else ""

    def unapplied(self, typed: dict[str, str]) -> str:
        """What is typed on the tab but not in the settings yet, in words; "" when nothing.

        `typed` holds the fields' texts by key: validity, jwks_url, redirect_url,
        key_id, not_after. A field the settings shown hide (the validity period of a
        private key JWT client, a certificate under client secret) does not count:
        OK does not refuse over what the admin cannot see.
        """
        if self.classic:
            return ""
        data = self.shown()
        method = data.get("client_authentication")
        days = data.get("secret_validity_days")
        words = []
        validity = typed.get("validity", "").strip()
        if method == "client_secret" and validity != ("" if days is None else str(days)):
            words.append("the secret validity period")
        jwks = typed.get("jwks_url", "").strip()
        if method == "private_key_jwt" and jwks != (data.get("jwks_url") or ""):
            words.append("the JWKS URL")
        if typed.get("redirect_url", "").strip():
            words.append("a redirect URL")
        certificate = typed.get("key_id", "").strip() or typed.get("not_after", "").strip()
        if certificate and method == "private_key_jwt":
            words.append("a certificate")
        if not words:
            return ""
        return (
            f"{', '.join(words)} typed but not applied: press Enter in the field to apply "
            "it, or clear it"
        )

    def not_applied(self, typed: dict[str, str]) -> str:
        """Why the tab holds more than the connector, in words; "" when it does not: an edit
        the model refused so far, or a value typed and not applied (`unapplied`)."""
        words = self.unapplied(typed)
        if self.pending_problem:
            # What is typed first: a redirect URL typed and not added is often the very
            # thing the pending edit lacks ("needs at least one redirect URL").
            first = f"{words}; then " if words else ""
            return (
                f"OAuth: {first}not applied yet: {self.pending_problem}. Finish the edit, "
                "or press u on the OAuth tab to drop it."
            )
        return f"OAuth: {words}." if words else ""
