"""The connector file format: its key names, their order and its limits, written once.

These facts are shared by the pydantic model (`acwizard.model`), the fast
path, the loader's "did you mean" (`KNOWN_KEYS`), the catalog, the cache, the
drafts and the TUI's first paint. They live here, without pydantic, so that
code which only needs a name or a limit starts fast; `tests/test_format.py`
pins them to the model's own fields.
"""

from __future__ import annotations

import re
from typing import Literal

SCHEMA_VERSION = 2
"""The connector file format new files and `migrate` get when nothing in them needs more."""
LATEST_SCHEMA_VERSION = 3
"""The newest format this version of acwizard reads and writes: 3 adds the credentials
register (`tokens`, `[oauth] secrets`, `client_id_hint`) and `not_secret`."""
SCHEMA_VERSIONS = (1, 2, 3)
"""The formats it reads. Every writer writes the lowest version that holds a connector
(`AppConnector.settled`): a version 1 file stays 1 under fmt, only migrate moves it on."""

DESCRIPTION_MAX_LENGTH = 100
"""Longest description; it becomes an e-mail subject, so keep it short."""
USER_GROUP_MAX_LENGTH = 100
"""Longest user group name."""
NOTES_MAX_LENGTH = 2000
"""Longest free-text note."""
ID_MAX_LENGTH = 100
"""Longest connector id."""
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
"""Connector ids: letters, digits, `_`, `.` and `-`, starting with a letter or digit."""

IP_LINES_MAX = 1000
"""Most IP restriction lines in one connector: real ones hold a handful; 18,000 lines
(a 1 MB file) made every key typed in the TUI cost seconds of checking."""

SUPPORTS_IPV6 = True
"""Profit 8 takes IPv6 lines (before, an IPv6 line blocked all traffic); schema_version 2 only."""
URL_MAX_LENGTH = 2000
"""Longest URL: a query string over 2049 characters already fails in Profit."""
KEY_ID_MAX_LENGTH = 64
"""Longest certificate key id (the default, a SHA-1 thumbprint, is 40 hex digits)."""
SECRET_VALIDITY_MAX_DAYS = 3650
"""Longest client secret validity accepted; Profit's own maximum is not documented (unsure)."""
DEFAULT_SECRET_VALIDITY_DAYS = 180
"""The validity Profit 9 gives a client secret when `secret_validity_days` is not set."""
USER_MAX_LENGTH = 100
"""Longest Profit user id of a token holder."""
LABEL_MAX_LENGTH = 100
"""Longest label of a client secret, and longest `client_id_hint`."""
CREDENTIALS_MAX = 1000
"""Most tokens, or client secrets, recorded for one connector: real ones hold a handful."""

Access = Literal["allowed", "disallowed"]
"""Whether an IP restriction line lets its addresses in or keeps them out."""

Authentication = Literal["classic", "hybrid", "oauth"]
"""How apps sign in: classic token, both (during the migration), or OAuth only."""
ClientType = Literal["confidential", "public"]
"""An OAuth client that can keep a secret (a server), or one that cannot (SPA, mobile, CLI)."""
Flow = Literal["client_credentials", "authorization_code"]
"""System to system as the connector's user, or a user who logs in (with PKCE)."""
ClientAuthentication = Literal["client_secret", "private_key_jwt"]
"""How a confidential client proves who it is."""

FLOWS: tuple[Flow, ...] = ("client_credentials", "authorization_code")
"""The flows in the order a file lists them."""

FIELD_ORDER_V1 = (
    "schema_version",
    "description",
    "user_group",
    "blocked",
    "notes",
    "get_connectors",
    "update_connectors",
    "connectors",
    "ip_restrictions",
)
"""The keys of a schema_version 1 file, in order."""

FIELD_ORDER = (
    "schema_version",
    "description",
    "user_group",
    "blocked",
    "authentication",
    "notes",
    "not_secret",
    "get_connectors",
    "update_connectors",
    "connectors",
    "ip_restrictions",
    "tokens",
    "oauth",
    "webhooks",
)
"""The order of the keys in a connector file: what reviewers read top to bottom.

`[oauth]` and `[[webhooks]]` are tables: TOML puts them after the plain keys.
`not_secret` (the secret guard's hatch, `guard.HATCH_KEY`) follows `notes`, the field it
names most, so a reviewer reads the two together.
"""

V2_ONLY_FIELDS = ("authentication", "oauth", "webhooks")
"""Keys a schema_version 1 file cannot hold."""
V3_FIELDS = ("not_secret", "tokens")
"""Top-level keys that make a file schema_version 3 (the credentials register, the hatch)."""
V3_OAUTH_FIELDS = ("client_id_hint", "secrets")
"""`[oauth]` keys that make a file schema_version 3."""
V3_ONLY_FIELDS = (*V3_FIELDS, *(f"oauth.{name}" for name in V3_OAUTH_FIELDS))
"""Every key of version 3, as messages and docs name them."""

OAUTH_FIELD_ORDER = (
    "client_type",
    "flows",
    "client_authentication",
    "client_id_hint",
    "redirect_urls",
    "jwks_url",
    "certificates",
    "secret_validity_days",
    "secrets",
    "dpop",
)
"""The keys of the `[oauth]` table, in order."""

CERTIFICATE_FIELDS = ("key_id", "not_after")
"""The keys of one certificate line."""

TOKEN_FIELDS = ("user", "description", "issued", "expires", "last_used")
"""The keys of one classic user token of the register (Profit's User tokens tab): who holds
it, its unique description, and its dates. Never the token itself."""

SECRET_FIELDS = ("label", "created", "expires")
"""The keys of one client secret of the register: how the admin names it and its dates.
Never the secret itself."""

CREDENTIAL_KEYS = frozenset({"tokens", "secrets", "not_secret", "client_id_hint"})
"""Key names that look like secrets' but hold none: exempt from `problems.is_secret_key`
only where they belong (`CREDENTIAL_KEY_PLACES`)."""
CREDENTIAL_KEY_PLACES: dict[str, tuple[str | int, ...]] = {
    "tokens": (),
    "not_secret": (),
    "secrets": ("oauth",),
    "client_id_hint": ("oauth",),
}
"""The table each of `CREDENTIAL_KEYS` belongs in; anywhere else it is a secret's name."""

IP_LINE_FIELDS = ("address", "subnet_mask", "access")
"""The keys of one IP restriction line (subnet_mask: version 1 only)."""

WEBHOOK_FIELD_ORDER = ("description", "url", "blocked")
"""The keys of one `[[webhooks]]` table, in order. The password has no key: never in a file."""

SECRET_WORDS = (
    "secret",
    "password",
    "passwd",
    "pwd",
    "token",
    "private_key",
    "privatekey",
    "api_key",
    "apikey",
    "credential",
)
"""Parts of key names that name a secret: such keys are refused with a reason of their own."""

LIST_FIELDS = ("get_connectors", "update_connectors", "connectors")
"""The three lists of connector ids a connector grants."""

TEXT_FIELDS = ("description", "user_group", "notes")
"""The connector's free texts (the editor's and the drafts' text fields)."""

KNOWN_KEYS: dict[tuple[str | int, ...], list[str]] = {
    (): list(FIELD_ORDER),
    ("ip_restrictions", 0): list(IP_LINE_FIELDS),
    ("oauth",): list(OAUTH_FIELD_ORDER),
    ("oauth", "certificates", 0): list(CERTIFICATE_FIELDS),
    ("oauth", "secrets", 0): list(SECRET_FIELDS),
    ("tokens", 0): list(TOKEN_FIELDS),
    ("webhooks", 0): list(WEBHOOK_FIELD_ORDER),
}
"""The keys allowed at each level of a connector file (list items as index 0), for
"did you mean" hints."""


def ip_summary(lines: list[str], access: str | None) -> str:
    """The IP restrictions in a few words, for lists and reports: `allow 192.168.10.0/24 +1`.

    `lines` are the lines' own summaries in file order; `none` when there are none.
    """
    if not lines:
        return "none"
    more = len(lines) - 1
    verb = "allow" if access == "allowed" else "deny"
    return f"{verb} {lines[0]}" + (f" +{more}" if more else "")


WIDE_PREFIX = 8
"""An allowed range this wide (a /8) or wider is flagged."""
WIDE_PREFIX_V6 = 32
"""An allowed IPv6 range this wide (a /32) or wider is flagged.

A /32 is what a regional registry gives a whole internet provider (its
minimum allocation); a site gets a /48, a home or office a /56 to /64. So a
/32 allows everyone behind one provider, as a /8 does in IPv4.
"""
