"""The app connector: the one definition of what a connector file holds and allows.

An `AppConnector` mirrors the properties of an AFAS Profit app connector
(General, GetConnectors, UpdateConnectors, Connectors, IP restrictions). The
model enforces every rule that does not depend on the workspace; the rules
that do (catalog membership, AFAS Online) live in `acwizard.checks`.

Validated instances are canonical: id lists are sorted and IP restrictions are
in a stable order, so that writing one gives the same bytes every time. This
module never imports Textual.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from acwizard.fileformat import (  # re-exported: the format's facts belong to the model too
    DESCRIPTION_MAX_LENGTH,
    FIELD_ORDER,
    ID_MAX_LENGTH,
    ID_PATTERN,
    LIST_FIELDS,
    NOTES_MAX_LENGTH,
    SCHEMA_VERSION,
    SUPPORTS_IPV6,
    USER_GROUP_MAX_LENGTH,
    Access,
)
from acwizard.text import invisible_only, unsafe_character, visible

__all__ = [
    "DESCRIPTION_MAX_LENGTH",
    "FIELD_ORDER",
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "LIST_FIELDS",
    "NOTES_MAX_LENGTH",
    "SCHEMA_VERSION",
    "SUPPORTS_IPV6",
    "USER_GROUP_MAX_LENGTH",
    "Access",
    "AppConnector",
    "ConnectorId",
    "IpRestriction",
    "check_connector_id",
    "errors_by_field",
    "id_sort_key",
    "json_schema",
    "parse_ipv4",
]


def _error(kind: str, message: str, **context: Any) -> PydanticCustomError:
    """A validation error whose message is shown as written."""
    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"), context)


def _one_line_text(max_length: int) -> Any:
    """A validator for a required one-line text: trimmed, bounded, printable, visible."""

    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise _error("required_text", "must not be empty")
        problem = unsafe_character(value)
        if problem:
            raise _error("unsafe_text", problem)
        # After the unsafe check, so a lone U+200B is named as the character it is.
        problem = invisible_only(value)
        if problem:
            raise _error("invisible_text", problem)
        if len(value) > max_length:
            raise _error(
                "too_long",
                f"is {len(value)} characters long; the limit is {max_length}",
            )
        return value

    return AfterValidator(check)


def _check_notes(value: str) -> str:
    """Notes may span lines but hold no control or bidirectional characters."""
    value = value.strip()
    problem = unsafe_character(value, allow_newlines=True)
    if problem:
        raise _error("unsafe_text", problem)
    if len(value) > NOTES_MAX_LENGTH:
        raise _error(
            "too_long", f"is {len(value)} characters long; the limit is {NOTES_MAX_LENGTH}"
        )
    return value


def check_connector_id(value: str) -> str:
    """A connector id: non-empty, safe characters only, bounded length."""
    if not value:
        raise _error("empty_id", "a connector id must not be empty")
    if len(value) > ID_MAX_LENGTH:
        raise _error("too_long", f"a connector id is at most {ID_MAX_LENGTH} characters long")
    if not ID_PATTERN.fullmatch(value):
        raise _error(
            "unsafe_id",
            f"'{visible(value)}' is not a valid connector id: use only letters, digits, "
            "'_', '.' and '-', starting with a letter or digit",
        )
    return value


ConnectorId = Annotated[str, AfterValidator(check_connector_id)]
"""The id of a GetConnector, UpdateConnector or special connector."""


def id_sort_key(value: str) -> tuple[str, str]:
    """Sort ids as people read them: ignoring case first, then by case."""
    return (value.casefold(), value)


def parse_ipv4(value: str, what: str) -> ipaddress.IPv4Address:
    """Parse a dotted IPv4 address, explaining what is wrong when it is not one."""
    try:
        return ipaddress.IPv4Address(value)
    except ValueError:
        pass
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        pass
    else:
        if not SUPPORTS_IPV6:
            raise _error(
                "ipv6",
                f"'{visible(value)}' is an IPv6 address; AFAS Profit IP restrictions "
                "take IPv4 addresses",
            ) from None
    if "/" in value:
        raise _error(
            "cidr",
            f"'{visible(value)}' is not a plain {what}; write the address and put the "
            "range in subnet_mask (for /24: subnet_mask = \"255.255.255.0\")",
        )
    example = "255.255.255.0" if what == "subnet mask" else "192.168.10.1"
    raise _error(
        "bad_address",
        f"'{visible(value)}' is not a valid IPv4 {what} (four numbers 0-255 without "
        f"leading zeros, such as {example})",
    )


class IpRestriction(BaseModel):
    """One line of the IP restrictions tab: an address or a range, allowed or not."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    address: str = Field(description="An IPv4 address such as 203.0.113.7.")
    subnet_mask: str | None = Field(
        default=None,
        description="Makes the line a range, e.g. 255.255.255.0 for the 256 addresses of a /24.",
    )
    access: Access = Field(
        description="'allowed' lets these addresses in; 'disallowed' keeps them out."
    )

    @field_validator("address")
    @classmethod
    def _valid_address(cls, value: str) -> str:
        """The address is a plain IPv4 address."""
        return str(parse_ipv4(value, "address"))

    @field_validator("subnet_mask")
    @classmethod
    def _valid_mask(cls, value: str | None) -> str | None:
        """The mask is a valid, contiguous IPv4 subnet mask."""
        if value is None:
            return None
        mask = int(parse_ipv4(value, "subnet mask"))
        inverted = mask ^ 0xFFFFFFFF
        if inverted & (inverted + 1):
            raise _error(
                "bad_mask",
                f"'{visible(value)}' is not a contiguous subnet mask (ones then zeros, "
                "such as 255.255.255.0)",
            )
        return value

    @field_validator("access", mode="before")
    @classmethod
    def _valid_access(cls, value: Any) -> Any:
        """Access is exactly `allowed` or `disallowed`."""
        if value not in ("allowed", "disallowed"):
            shown = f"'{visible(value)}'" if isinstance(value, str) else repr(value)
            raise _error("bad_access", f'must be "allowed" or "disallowed", not {shown}')
        return value

    @model_validator(mode="after")
    def _no_host_bits(self) -> IpRestriction:
        """A range's address has no host bits set: 10.0.0.5/255.0.0.0 is a typo."""
        if self.subnet_mask is None:
            return self
        mask = ipaddress.IPv4Address(self.subnet_mask)
        address = ipaddress.IPv4Address(self.address)
        if int(address) & ~int(mask) & 0xFFFFFFFF:
            start = ipaddress.IPv4Address(int(address) & int(mask))
            raise _error(
                "host_bits",
                f"address {address} does not start the range of subnet mask {mask}; "
                f"did you mean {start}?",
            )
        return self

    @property
    def network(self) -> ipaddress.IPv4Network | None:
        """The range this line covers, or None for a single address."""
        if self.subnet_mask is None:
            return None
        mask = ipaddress.IPv4Address(self.subnet_mask)
        prefix = int(mask).bit_count()
        address = int(ipaddress.IPv4Address(self.address)) & int(mask)
        return ipaddress.IPv4Network((address, prefix))

    @property
    def prefix_length(self) -> int:
        """32 for a single address, else the number of ones in the mask."""
        network = self.network
        return 32 if network is None else network.prefixlen

    def sort_key(self) -> tuple[int, int, str]:
        """Order lines by address, then narrower ranges after wider ones."""
        return (int(ipaddress.IPv4Address(self.address)), self.prefix_length, self.access)

    def summary(self) -> str:
        """The line as people write it: `192.168.10.0/24` or `203.0.113.7`."""
        if self.subnet_mask is None:
            return self.address
        return f"{self.address}/{self.prefix_length}"


class AppConnector(BaseModel):
    """An AFAS Profit app connector as saved in `connectors/<id>.toml`."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={"title": "AFAS Profit app connector (acwizard, schema_version 1)"},
    )

    schema_version: Literal[1] = Field(
        default=SCHEMA_VERSION,
        description="The acwizard connector file format; 1 for this version.",
    )
    description: Annotated[str, _one_line_text(DESCRIPTION_MAX_LENGTH)] = Field(
        description=(
            "The external app's name as its users know it: the subject of the e-mail "
            "with the one-time password when a user requests a token."
        ),
    )
    user_group: Annotated[str, _one_line_text(USER_GROUP_MAX_LENGTH)] = Field(
        description="The Profit user group whose members may hold tokens for this connector."
    )
    blocked: bool = Field(
        default=True,
        description="A blocked app connector cannot be used. New connectors start blocked.",
    )
    notes: Annotated[str, AfterValidator(_check_notes)] = Field(
        default="",
        description="Free text for reviewers: ticket numbers, owner, purpose.",
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
    )

    @field_validator("schema_version", mode="before")
    @classmethod
    def _whole_number_version(cls, value: Any) -> Any:
        """Only the integer 1: `true` and `1.0` equal 1 in Python, and Literal[1] took them."""
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
            raise _error(
                "schema_version_type",
                f"must be the whole number {SCHEMA_VERSION} (no quotes, no decimal point), "
                f"not {shown}",
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
                also = "" if twin == value else f" (also as '{twin}')"
                raise _error("duplicate_id", f"'{value}' is listed twice{also}", index=index)
            seen[folded] = value
        return sorted(values, key=id_sort_key)

    @field_validator("ip_restrictions")
    @classmethod
    def _one_access_mode(cls, lines: list[IpRestriction]) -> list[IpRestriction]:
        """All lines allow, or all disallow; no line is listed twice; kept in order."""
        seen: set[tuple[str, str | None]] = set()
        for index, line in enumerate(lines):
            if line.access != lines[0].access:
                raise _error(
                    "mixed_access",
                    f"this line is '{line.access}' but the first line is "
                    f"'{lines[0].access}'; use one mode for all lines (with allowed "
                    "lines every other address is already blocked)",
                    index=index,
                )
            key = (line.address, line.subnet_mask)
            if key in seen:
                raise _error(
                    "duplicate_ip", f"{line.summary()} is listed twice", index=index
                )
            seen.add(key)
        return sorted(lines, key=IpRestriction.sort_key)

    @property
    def access_mode(self) -> Access | None:
        """'allowed' or 'disallowed' when IP restrictions exist, else None."""
        return self.ip_restrictions[0].access if self.ip_restrictions else None

    def ip_summary(self) -> str:
        """A short summary of the IP restrictions, for lists and reports."""
        if not self.ip_restrictions:
            return "none"
        first = self.ip_restrictions[0].summary()
        more = len(self.ip_restrictions) - 1
        verb = "allow" if self.access_mode == "allowed" else "deny"
        return f"{verb} {first}" + (f" +{more}" if more else "")

    def to_document(self) -> dict[str, Any]:
        """The connector as a TOML document: fixed key order, notes only when set."""
        document: dict[str, Any] = {}
        for name in FIELD_ORDER:
            value = getattr(self, name)
            if name == "notes" and not value:
                continue
            if name == "ip_restrictions":
                value = [line.model_dump(exclude_none=True) for line in value]
            document[name] = value
        return document


def errors_by_field(exc: ValidationError) -> dict[str, str]:
    """The first message for each top-level field of a validation error (`connector` for the whole)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "connector"
        errors.setdefault(field, str(error["msg"]))
    return errors


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a connector file, for editors such as Even Better TOML."""
    schema = AppConnector.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
