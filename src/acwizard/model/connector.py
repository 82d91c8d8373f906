"""The app connector: the one definition of what a connector file holds and allows.

An `AppConnector` mirrors the properties of an AFAS Profit app connector
(General, GetConnectors, UpdateConnectors, Connectors, IP restrictions,
OAuth, webhooks). The model enforces every rule that does not depend on the
workspace; the rules that do (catalog membership, AFAS Online, the Profit
version) live in `acwizard.rules`.

Validated instances are canonical: id lists are sorted and IP restrictions are
in a stable order, so that writing one gives the same bytes every time. This
module never imports Textual.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import tomli_w
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from acwizard.model.credentials import (
    UserToken,
    check_not_secret,
    check_token_count,
    credentials_toml,
    sorted_tokens,
)
from acwizard.model.errors import rule_error, shown_value
from acwizard.model.fields import ConnectorId, check_notes, id_sort_key, one_line_text
from acwizard.model.format import (
    DESCRIPTION_MAX_LENGTH,
    FIELD_ORDER,
    FIELD_ORDER_V1,
    IP_LINES_MAX,
    LATEST_SCHEMA_VERSION,
    LIST_FIELDS,
    SCHEMA_VERSION,
    USER_GROUP_MAX_LENGTH,
    V2_ONLY_FIELDS,
    V3_FIELDS,
    V3_OAUTH_FIELDS,
    Access,
    Authentication,
    ip_summary,
)
from acwizard.model.ip import IpNetwork
from acwizard.model.ip_restriction import IpRestriction
from acwizard.model.oauth import OAuthSettings
from acwizard.model.urls import redirect_key
from acwizard.model.webhooks import Webhook
from acwizard.problems import field_errors

__all__ = ["AppConnector", "errors_by_field", "json_schema"]


class AppConnector(BaseModel):
    """An AFAS Profit app connector as saved in `connectors/<id>.toml`."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={"title": "AFAS Profit app connector (acwizard, schema_version 3)"},
    )

    # Built in code without a version, a connector is version 1, as every caller
    # before version 2 meant; files must say which (workspace.validate_document), and
    # the wizard makes version 2 connectors. Every writer writes `settled()`.
    schema_version: Literal[1, 2, 3] = Field(
        default=1,
        description=(
            "The acwizard connector file format: 3 when the file records credentials "
            "(tokens, [oauth] secrets and client_id_hint) or not_secret; 2 (Profit 8 and 9: "
            "authentication, OAuth, CIDR and IPv6, webhooks); 1 is read and kept by fmt, and "
            "`acwizard migrate` moves it on. Every writer writes the lowest version that holds "
            "the file."
        ),
    )
    description: Annotated[str, one_line_text(DESCRIPTION_MAX_LENGTH)] = Field(
        description=(
            "The external app's name as its users know it: the subject of the e-mail "
            "with the one-time password when a user requests a token."
        ),
    )
    user_group: Annotated[str, one_line_text(USER_GROUP_MAX_LENGTH)] = Field(
        description="The Profit user group whose members may hold tokens for this connector."
    )
    blocked: bool = Field(
        default=True,
        description="A blocked app connector cannot be used. New connectors start blocked.",
    )
    authentication: Authentication = Field(
        default="classic",
        description=(
            "How apps sign in: 'classic' token (ends 31 August 2027), 'hybrid' (classic token "
            "and OAuth, while migrating) or 'oauth'. A version 1 file is 'classic'."
        ),
    )
    notes: Annotated[str, AfterValidator(check_notes)] = Field(
        default="",
        description="Free text for reviewers: ticket numbers, owner, purpose.",
    )
    not_secret: Annotated[list[str], AfterValidator(check_not_secret)] = Field(
        default_factory=list,
        description=(
            "Fields a reviewer confirmed hold no secret although they look like one (keys "
            "joined by dots: notes, oauth.jwks_url): the secret guard's guesses are silenced "
            "there; a token, JWT or private key is refused everywhere (version 3)."
        ),
    )
    get_connectors: list[ConnectorId] = Field(
        default_factory=list, description="GetConnectors (read access) the app may call."
    )
    update_connectors: list[ConnectorId] = Field(
        default_factory=list, description="UpdateConnectors (write access) the app may call."
    )
    connectors: list[ConnectorId] = Field(
        default_factory=list,
        description="Special connectors, such as AppConnectorSubject for attachments.",
    )
    ip_restrictions: list[IpRestriction] = Field(
        default_factory=list,
        description=(
            "Addresses the app may call from (AFAS Online only). All lines share one "
            "access: with allowed lines, every address not listed is blocked."
        ),
        json_schema_extra={"maxItems": IP_LINES_MAX},
    )
    tokens: list[UserToken] | None = Field(
        default=None,
        description=(
            "The classic user tokens (Profit's User tokens tab): who holds one, its "
            "description and dates, never the token. Classic and hybrid connectors only; "
            "absent: not recorded; [] : no token (version 3)."
        ),
    )
    oauth: OAuthSettings | None = Field(
        default=None,
        validate_default=True,
        description="The OAuth settings: required for hybrid and oauth, absent for classic.",
    )
    webhooks: list[Webhook] = Field(
        default_factory=list,
        description="Webhooks (Profit 8). Their passwords never go into a file: there is no key.",
    )

    @field_validator("schema_version", mode="before")
    @classmethod
    def _whole_number_version(cls, value: Any) -> Any:
        """Only an integer: `true` and `1.0` equal 1 in Python, and Literal[1] took them."""
        if type(value) is not int:
            if isinstance(value, bool):
                shown = "true" if value else "false"
            elif isinstance(value, float):
                shown = repr(value)
            elif isinstance(value, str):
                shown = "a text"
            elif isinstance(value, list):
                shown = "a list"
            else:
                shown = "a table" if isinstance(value, dict) else "a date or time"
            raise rule_error(
                "schema_version_type",
                f"must be the whole number {SCHEMA_VERSION} (or 1 for a version 1 file; no "
                f"quotes, no decimal point), not {shown}",
            )
        return value

    @field_validator(*LIST_FIELDS)
    @classmethod
    def _unique_sorted_ids(cls, values: list[str]) -> list[str]:
        """No id is listed twice (ignoring case); the list is kept sorted."""
        seen: dict[str, str] = {}
        for index, value in enumerate(values):
            folded = value.casefold()
            if folded in seen:
                twin = seen[folded]
                also = "" if twin == value else f" (also as {shown_value(twin)})"
                raise rule_error(
                    "duplicate_id", f"{shown_value(value)} is listed twice{also}", index=index
                )
            seen[folded] = value
        return sorted(values, key=id_sort_key)

    @field_validator("ip_restrictions", mode="before")
    @classmethod
    def _not_too_many_lines(cls, value: Any) -> Any:
        """At most IP_LINES_MAX lines, counted before any line is checked."""
        if isinstance(value, list) and len(value) > IP_LINES_MAX:
            raise rule_error("too_many", f"has {len(value)} lines; the limit is {IP_LINES_MAX}")
        return value

    @field_validator("ip_restrictions")
    @classmethod
    def _one_access_mode(
        cls, lines: list[IpRestriction], info: ValidationInfo
    ) -> list[IpRestriction]:
        """All lines allow, or all disallow; no line is listed twice; kept in order.

        Each line uses its file's form: version 1 an IPv4 address and subnet
        mask, version 2 CIDR (IPv4 or IPv6).
        """
        version = info.data.get("schema_version")
        from_file = bool(info.context and info.context.get("file"))
        lines = list(lines)
        seen: set[IpNetwork] = set()
        for index, line in enumerate(lines):
            if version == 1 and line.is_v2_only:
                what = "IPv6" if line.range.version == 6 else "a CIDR range"
                raise rule_error(
                    "needs_v2",
                    f"'{line.address}' is {what}, which needs schema_version = 2 (run acwizard "
                    "migrate); version 1 writes an IPv4 address and a subnet_mask",
                    index=index,
                    key="address",
                )
            if version != 1 and line.subnet_mask is not None and not from_file:
                # Built in code (the TUI's IP form splits a range into address and
                # mask): the same range, in version 2's form.
                line = lines[index] = line.as_cidr()
            elif version != 1 and line.subnet_mask is not None:
                raise rule_error(
                    "mask_in_v2",
                    "subnet_mask is schema_version 1; in version 2 write the range in address: "
                    f'address = "{line.summary()}"',
                    index=index,
                    key="subnet_mask",
                )
            if line.access != lines[0].access:
                raise rule_error(
                    "mixed_access",
                    f"this line is '{line.access}' but the first line is "
                    f"'{lines[0].access}'; use one mode for all lines (with allowed "
                    "lines every other address is already blocked)",
                    index=index,
                )
            if line.range in seen:
                raise rule_error("duplicate_ip", f"{line.summary()} is listed twice", index=index)
            seen.add(line.range)
        return sorted(lines, key=IpRestriction.sort_key)

    @field_validator("tokens", mode="before")
    @classmethod
    def _not_too_many_tokens(cls, value: Any) -> Any:
        """At most CREDENTIALS_MAX tokens, counted before any is checked."""
        return check_token_count(value)

    @field_validator("tokens")
    @classmethod
    def _unique_sorted_tokens(cls, value: list[UserToken] | None) -> list[UserToken] | None:
        """Each description once; sorted by holder (`credentials.sorted_tokens`)."""
        return None if value is None else sorted_tokens(value)

    @field_validator("authentication", mode="before")
    @classmethod
    def _known_authentication(cls, value: Any, info: ValidationInfo) -> Any:
        """One of the three types; a version 1 file has no such key (it is classic)."""
        if value not in ("classic", "hybrid", "oauth"):
            shown = shown_value(value)
            raise rule_error("bad_choice", f'must be "classic", "hybrid" or "oauth", not {shown}')
        return value

    @field_validator("oauth")
    @classmethod
    def _oauth_matches_authentication(
        cls, value: OAuthSettings | None, info: ValidationInfo
    ) -> OAuthSettings | None:
        """[oauth] is there exactly when apps may sign in with OAuth."""
        authentication = info.data.get("authentication")
        if authentication == "classic" and value is not None:
            raise rule_error(
                "oauth_for_classic",
                'a classic-token connector has no OAuth settings: set authentication = "hybrid" '
                'or "oauth", or remove [oauth]',
            )
        return value

    @field_validator("webhooks")
    @classmethod
    def _unique_webhooks(cls, values: list[Webhook]) -> list[Webhook]:
        """Each webhook URL once, its scheme and host in any case (as redirect URLs);
        kept in the file's order."""
        seen: dict[str, str] = {}
        for index, webhook in enumerate(values):
            twin = seen.get(redirect_key(webhook.url))
            if twin is not None:
                message = "this webhook URL is listed twice"
                if twin != webhook.url:
                    message += (
                        f": {shown_value(webhook.url, limit=120)} is "
                        f"{shown_value(twin, limit=120)} "
                        "(a URL's scheme and host ignore case)"
                    )
                raise rule_error("duplicate_url", message, index=index, key="url")
            seen[redirect_key(webhook.url)] = webhook.url
        return values

    @model_validator(mode="after")
    def _oauth_for_oauth(self) -> AppConnector:
        """Hybrid and oauth need [oauth]: said at the authentication line, as [oauth] is absent.

        Classic user tokens belong to classic and hybrid connectors: an OAuth connector
        takes none, so a token recorded for one is a token to revoke, not to keep.
        """
        if self.authentication != "classic" and self.oauth is None:
            raise rule_error(
                "oauth_missing",
                f'"{self.authentication}" needs an [oauth] table (client_type, '
                "flows, client_authentication)",
                key="authentication",
            )
        if self.authentication == "oauth" and self.tokens:
            raise rule_error(
                "tokens_for_oauth",
                "an OAuth connector accepts no classic token: revoke them in Profit (User "
                'tokens tab) and write tokens = [], or set authentication = "hybrid"',
                key="tokens",
            )
        return self

    @model_validator(mode="before")
    @classmethod
    def _version_keys(cls, data: Any, info: ValidationInfo) -> Any:
        """A version 1 file holds none of version 2's keys, and versions 1 and 2 none of
        version 3's (the credentials register and `not_secret`).

        Read from a file (context `{"file": True}`), the key itself is the
        error; a version 1 connector dumped and validated again carries them at
        their defaults, which mean what version 1 meant (classic, nothing more).
        Built in code, a connector may hold what a later version needs: the
        writers write `settled()`, the lowest version that holds it.
        """
        from_file = bool(info.context and info.context.get("file"))
        if not isinstance(data, dict) or type(data.get("schema_version")) is not int:
            return data
        if from_file and data["schema_version"] in (1, 2):
            _no_version_3_keys(data)
        if data["schema_version"] == 1:
            defaults: dict[str, object] = {
                "authentication": "classic",
                "oauth": None,
                "webhooks": [],
            }
            for name in V2_ONLY_FIELDS:
                if name in data and (from_file or data[name] != defaults[name]):
                    raise rule_error(
                        "needs_v2",
                        "is a schema_version 2 key: it needs schema_version = 2 (run acwizard "
                        "migrate)",
                        key=name,
                    )
        return data

    @property
    def needs_version_3(self) -> bool:
        """True when the connector records credentials or a `not_secret`: only version 3
        holds them (an older acwizard refuses such a file for its version, first)."""
        oauth = self.oauth
        return (
            self.tokens is not None
            or bool(self.not_secret)
            or (
                oauth is not None
                and (oauth.client_id_hint is not None or oauth.secrets is not None)
            )
        )

    def settled(self, floor: int = 1) -> AppConnector:
        """The same connector at the lowest schema_version, at least `floor`, that holds it.

        What every writer writes (fmt, migrate with floor 2, the TUI's save, new
        files): 3 when it records credentials or a `not_secret`, else 2; a version 1
        connector stays 1 unless `floor` or version 3 moves it (its ranges then in CIDR).
        """
        version = 3 if self.needs_version_3 else max(floor, min(self.schema_version, 2))
        if version == self.schema_version:
            return self
        update: dict[str, Any] = {"schema_version": version}
        if self.schema_version == 1:
            update["ip_restrictions"] = [line.as_cidr() for line in self.ip_restrictions]
        return self.model_copy(update=update)

    @property
    def access_mode(self) -> Access | None:
        """'allowed' or 'disallowed' when IP restrictions exist, else None."""
        return self.ip_restrictions[0].access if self.ip_restrictions else None

    def ip_summary(self) -> str:
        """A short summary of the IP restrictions, for lists and reports."""
        return ip_summary([line.summary() for line in self.ip_restrictions], self.access_mode)

    def to_document(self) -> dict[str, Any]:
        """The plain keys as a TOML document: fixed key order, notes and not_secret only
        when set, tokens when recorded (`tokens = []` says there is none).

        Version 1 writes its own keys only, so `fmt` leaves a v1 file's bytes as
        they were; the tables of version 2 are written by `to_toml`.
        """
        document: dict[str, Any] = {}
        order = FIELD_ORDER_V1 if self.schema_version == 1 else FIELD_ORDER
        for name in order:
            if name in ("oauth", "webhooks", "tokens"):
                continue
            value = getattr(self, name)
            if name in ("notes", "not_secret") and not value:
                continue
            if name == "ip_restrictions":
                value = [line.model_dump(exclude_none=True) for line in value]
            document[name] = value
        return document

    def to_toml(self) -> str:
        """The canonical text of the file at the lowest version that holds it (`settled`):
        the plain keys, then [oauth], then [[webhooks]].

        The tables and the register are written by hand so that their layout never
        depends on how long a value is (tomli-w turns a list of tables into inline
        tables when they fit on a line).
        """
        connector = self.settled()
        text = tomli_w.dumps(connector.to_document())
        if connector.schema_version == 1:
            return text
        if connector.tokens is not None:
            text += credentials_toml("tokens", connector.tokens)
        if connector.oauth is not None:
            text += "\n[oauth]\n" + connector.oauth.to_toml()
        for webhook in connector.webhooks:
            text += "\n[[webhooks]]\n" + webhook.to_toml()
        return text

    def migrated(self) -> AppConnector:
        """The same connector as `migrate` writes it: version 2, or 3 when it records
        credentials; same meaning, CIDR ranges."""
        return self.settled(floor=2)

    def authentication_summary(self) -> str:
        """How apps sign in, in words: `OAuth, client credentials, private key JWT`."""
        name = {
            "classic": "classic token",
            "hybrid": "hybrid (classic token and OAuth)",
            "oauth": "OAuth",
        }[self.authentication]
        if self.oauth is None:
            return name
        return f"{name}, {self.oauth.summary()}"


def _no_version_3_keys(data: dict[str, Any]) -> None:
    """A version 1 or 2 file holds no key of version 3: an older acwizard would read the
    register's names (tokens, secrets) as secrets' and refuse the file for that."""
    found: list[tuple[str | int, ...]] = [(name,) for name in V3_FIELDS if name in data]
    oauth = data.get("oauth")
    if isinstance(oauth, dict):
        found += [("oauth", name) for name in V3_OAUTH_FIELDS if name in oauth]
    if not found:
        return
    first = "run acwizard migrate first, then " if data["schema_version"] == 1 else ""
    raise rule_error(
        "needs_v3",
        f"is a schema_version {LATEST_SCHEMA_VERSION} key (the credentials register and "
        f"not_secret): {first}set schema_version = {LATEST_SCHEMA_VERSION}",
        path=found[0],
    )


def errors_by_field(exc: ValidationError) -> dict[str, str]:
    """The first message for each top-level field of a validation error (`connector` for the whole).

    Worded as `validate` words them (`problems.error_text`).
    """
    return field_errors(exc.errors())


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a connector file, for editors such as Even Better TOML."""
    schema = AppConnector.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
