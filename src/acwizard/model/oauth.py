"""The `[oauth]` table: an OAuth client's settings, and the certificates of private key JWT.

No secret has a key here: client secrets and private keys stay in the app's
secret store. The register records which client secrets exist and when each
expires (`secrets`, `credentials.ClientSecret`), and how the admin recognises
the client (`client_id_hint`), both version 3. Every combination Profit refuses
is an error at the key to change (`OAuthSettings._consistent`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from acwizard.model.credentials import (
    ClientSecret,
    check_client_id_hint,
    check_secret_count,
    credentials_toml,
    sorted_secrets,
)
from acwizard.model.errors import field_error, rule_error, shown_value
from acwizard.model.fields import one_line_text, toml_value, url_field
from acwizard.model.format import (
    FLOWS,
    KEY_ID_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    OAUTH_FIELD_ORDER,
    SECRET_VALIDITY_MAX_DAYS,
    ClientAuthentication,
    ClientType,
    Flow,
)
from acwizard.model.urls import check_redirect_url, redirect_key

__all__ = ["Certificate", "OAuthSettings"]


def _check_key_id(value: str) -> str:
    """A certificate's key id: printable, no spaces, bounded."""
    if not value or len(value) > KEY_ID_MAX_LENGTH or not _KEY_ID.fullmatch(value):
        raise rule_error(
            "bad_key_id",
            f"{shown_value(value)} is not a valid key id: 1 to {KEY_ID_MAX_LENGTH} letters, "
            "digits, '.', '_', ':' or '-'",
        )
    return value


_KEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]*")


class Certificate(BaseModel):
    """An uploaded X.509 certificate of a private key JWT client: which, and until when."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    key_id: Annotated[str, AfterValidator(_check_key_id)] = Field(
        description="The certificate's key id (Profit's default: its SHA-1 thumbprint)."
    )
    not_after: date = Field(
        description="The last day the certificate is valid (TOML date, such as 2027-06-30)."
    )


class OAuthSettings(BaseModel):
    """The OAuth settings of a hybrid or OAuth app connector. No secret has a key here."""

    model_config = ConfigDict(strict=True, extra="forbid")

    client_type: ClientType = Field(
        description="'confidential' (a server that keeps a secret) or 'public' (SPA, mobile, CLI)."
    )
    flows: list[Flow] = Field(
        description="'client_credentials' (system to system) and/or 'authorization_code' (PKCE)."
    )
    client_authentication: ClientAuthentication | None = Field(
        default=None,
        description="A confidential client's: 'client_secret' or 'private_key_jwt'; none for public.",
    )
    client_id_hint: (
        Annotated[str, one_line_text(LABEL_MAX_LENGTH), AfterValidator(check_client_id_hint)] | None
    ) = Field(
        default=None,
        description=(
            "How the admin recognises the client (such as payroll-2026); never the secret "
            "(version 3)."
        ),
    )
    redirect_urls: list[Annotated[str, AfterValidator(check_redirect_url)]] = Field(
        default_factory=list,
        description="Exact redirect URLs for authorization_code (https; http only for loopback).",
    )
    jwks_url: Annotated[str, url_field(public=True)] | None = Field(
        default=None,
        description="private_key_jwt: where the app publishes its keys (https, publicly reachable).",
    )
    certificates: list[Certificate] = Field(
        default_factory=list, description="private_key_jwt: the uploaded certificates."
    )
    secret_validity_days: int | None = Field(
        default=None,
        description="client_secret only: days each secret is valid (Profit 9; its default is 180).",
    )
    secrets: list[ClientSecret] | None = Field(
        default=None,
        description=(
            "client_secret only: the client secrets Profit holds, each with its label and "
            "dates, never the secret; absent: not recorded (version 3)."
        ),
    )
    dpop: bool = Field(
        default=False, description="Sender-constrained tokens; always true for a public client."
    )

    @field_validator("client_type", "client_authentication", mode="before")
    @classmethod
    def _known_choice(cls, value: Any, info: ValidationInfo) -> Any:
        """Name the choices when the value is none of them."""
        choices = {
            "client_type": ("confidential", "public"),
            "client_authentication": ("client_secret", "private_key_jwt"),
        }[str(info.field_name)]
        if value is not None and value not in choices:
            shown = shown_value(value)
            raise rule_error("bad_choice", f'must be "{choices[0]}" or "{choices[1]}", not {shown}')
        return value

    @field_validator("flows", mode="before")
    @classmethod
    def _known_flows(cls, value: Any) -> Any:
        """Each flow is one of the two, listed once; at least one."""
        if not isinstance(value, list):
            return value
        if not value:
            raise rule_error(
                "no_flow", 'list at least one flow: "client_credentials" or "authorization_code"'
            )
        seen: set[str] = set()
        for index, flow in enumerate(value):
            if flow not in FLOWS:
                shown = shown_value(flow)
                raise rule_error(
                    "bad_flow",
                    f'must be "client_credentials" or "authorization_code", not {shown}',
                    index=index,
                )
            if flow in seen:
                raise rule_error("duplicate_flow", f"'{flow}' is listed twice", index=index)
            seen.add(flow)
        return sorted(value, key=FLOWS.index)

    @field_validator("redirect_urls")
    @classmethod
    def _unique_redirects(cls, values: list[str]) -> list[str]:
        """Each redirect URL once, its scheme and host in any case; kept sorted.

        A set, not a search of the URLs before each one: that was quadratic
        (40,000 URLs took 18 s to validate).
        """
        seen: dict[str, str] = {}
        for index, value in enumerate(values):
            key = redirect_key(value)
            twin = seen.get(key)
            if twin == value:
                raise rule_error("duplicate_url", "this redirect URL is listed twice", index=index)
            if twin is not None:
                raise rule_error(
                    "duplicate_url",
                    f"this redirect URL is listed twice: {shown_value(value, limit=120)} is "
                    f"{shown_value(twin, limit=120)} (a URL's scheme and host ignore case)",
                    index=index,
                )
            seen[key] = value
        return sorted(values)

    @field_validator("certificates")
    @classmethod
    def _unique_certificates(cls, values: list[Certificate]) -> list[Certificate]:
        """Each key id once; kept in order of expiry."""
        seen: set[str] = set()
        for index, certificate in enumerate(values):
            if certificate.key_id.casefold() in seen:
                raise rule_error(
                    "duplicate_key_id",
                    f"key id {shown_value(certificate.key_id)} is listed twice",
                    index=index,
                )
            seen.add(certificate.key_id.casefold())
        return sorted(values, key=lambda c: (c.not_after, c.key_id))

    @field_validator("secrets", mode="before")
    @classmethod
    def _not_too_many_secrets(cls, value: Any) -> Any:
        """At most CREDENTIALS_MAX secrets, counted before any is checked."""
        return check_secret_count(value)

    @field_validator("secrets")
    @classmethod
    def _unique_sorted_secrets(cls, value: list[ClientSecret] | None) -> list[ClientSecret] | None:
        """Each label once; sorted by expiry (`credentials.sorted_secrets`)."""
        return None if value is None else sorted_secrets(value)

    @field_validator("secret_validity_days")
    @classmethod
    def _validity_range(cls, value: int | None) -> int | None:
        """A whole number of days, at least 1."""
        if value is not None and not 1 <= value <= SECRET_VALIDITY_MAX_DAYS:
            raise rule_error(
                "bad_validity", f"must be from 1 to {SECRET_VALIDITY_MAX_DAYS} days, not {value}"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> OAuthSettings:
        """The combinations Profit refuses are errors, each at the field to change."""
        public = self.client_type == "public"
        method = self.client_authentication
        if public:
            if method is not None:
                raise field_error(
                    "client_authentication",
                    f"a public client cannot keep a secret, so it has no client authentication "
                    f'(remove client_authentication = "{method}")',
                )
            if "authorization_code" not in self.flows or "client_credentials" in self.flows:
                raise field_error(
                    "flows",
                    'a public client uses only "authorization_code" (with PKCE); client '
                    "credentials need a confidential client",
                )
            if not self.dpop:
                raise field_error("dpop", "a public client must use DPoP: set dpop = true")
        elif method is None:
            raise field_error(
                "client_authentication",
                'a confidential client needs client_authentication = "client_secret" or '
                '"private_key_jwt"',
            )
        if "authorization_code" in self.flows and not self.redirect_urls:
            raise field_error(
                "redirect_urls", "the authorization_code flow needs at least one redirect URL"
            )
        if method == "private_key_jwt" and not self.certificates and self.jwks_url is None:
            raise field_error(
                "client_authentication",
                "private_key_jwt needs certificates or a jwks_url to check the app's signature",
            )
        if method != "private_key_jwt" and (self.certificates or self.jwks_url is not None):
            key = "certificates" if self.certificates else "jwks_url"
            raise field_error(key, 'is used only with client_authentication = "private_key_jwt"')
        if method != "client_secret" and self.secret_validity_days is not None:
            raise field_error(
                "secret_validity_days",
                'is for client_authentication = "client_secret" only (Profit gives '
                "private key JWT certificates their own validity)",
            )
        if method != "client_secret" and self.secrets:
            raise field_error(
                "secrets",
                'lists client secrets, which only client_authentication = "client_secret" '
                "has: revoke them in Profit and write secrets = []",
            )
        return self

    def summary(self) -> str:
        """The settings in words: `client credentials, private key JWT`."""
        parts = [flow.replace("_", " ") for flow in self.flows]
        if self.client_type == "public":
            parts.insert(0, "public client")
        if self.client_authentication is not None:
            parts.append(
                "client secret"
                if self.client_authentication == "client_secret"
                else "private key JWT"
            )
        return ", ".join(parts)

    def to_toml(self) -> str:
        """The `[oauth]` table's lines in canonical order; optional keys only when set."""
        lines = []
        for name in OAUTH_FIELD_ORDER:
            value = getattr(self, name)
            if name == "secrets":
                if value is not None:
                    lines.append(credentials_toml("secrets", value))
                continue
            if name == "certificates":
                if not value:
                    continue
                items = "".join(
                    f"    {{ key_id = {toml_value(c.key_id)}, not_after = {c.not_after.isoformat()} }},\n"
                    for c in value
                )
                lines.append(f"certificates = [\n{items}]\n")
                continue
            if value is None:
                continue
            lines.append(f"{name} = {toml_value(value)}\n")
        return "".join(lines)
