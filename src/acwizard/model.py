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

import contextlib
import ipaddress
import re
import reprlib
import socket
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlsplit

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
from pydantic_core import PydanticCustomError

from acwizard.fileformat import (  # re-exported: the format's facts belong to the model too
    DESCRIPTION_MAX_LENGTH,
    FIELD_ORDER,
    FIELD_ORDER_V1,
    FLOWS,
    ID_MAX_LENGTH,
    ID_PATTERN,
    IP_LINES_MAX,
    KEY_ID_MAX_LENGTH,
    LIST_FIELDS,
    NOTES_MAX_LENGTH,
    OAUTH_FIELD_ORDER,
    SCHEMA_VERSION,
    SECRET_VALIDITY_MAX_DAYS,
    SECRET_WORDS,
    SUPPORTS_IPV6,
    URL_MAX_LENGTH,
    USER_GROUP_MAX_LENGTH,
    V2_ONLY_FIELDS,
    WEBHOOK_FIELD_ORDER,
    Access,
    Authentication,
    ClientAuthentication,
    ClientType,
    Flow,
    ip_summary,
)
from acwizard.problems import field_errors
from acwizard.text import (
    char_name,
    first_lookalike,
    invisible_only,
    skeleton,
    unsafe_character,
    visible,
)

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
    "Certificate",
    "ConnectorId",
    "IpRestriction",
    "OAuthSettings",
    "Webhook",
    "check_connector_id",
    "check_redirect_url",
    "check_url",
    "errors_by_field",
    "id_sort_key",
    "ip_text",
    "json_schema",
    "parse_address",
    "parse_ipv4",
]


def shown_value(value: Any) -> str:
    """A value the model refused, as an error names it: a text quoted and made visible,
    anything else short (a list of 300,000 items made a 900 KB error line)."""
    if isinstance(value, str):
        return f"'{visible(value)}'"
    return visible(reprlib.repr(value))


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
    """Parse a dotted IPv4 address (v1's address and subnet mask), explaining what is wrong."""
    try:
        return ipaddress.IPv4Address(value)
    except ValueError:
        pass
    example = "255.255.255.0" if what == "subnet mask" else "192.168.10.1"
    raise _error(
        "bad_address",
        f"'{visible(value)}' is not a valid IPv4 {what} (four numbers 0-255 without "
        f"leading zeros, such as {example})",
    )


_PREFIX = re.compile(r"0|[1-9][0-9]{0,2}")
"""A prefix length as people write it: no leading zeros, no netmask form."""

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def ip_text(value: IpNetwork | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """An address or range as people write it: IPv4-mapped IPv6 in its mixed form.

    Python's ipaddress writes ::ffff:52.174.142.0/120 as ::ffff:34ae:8e00/120,
    which nobody reads as the IPv4 range it is; every text the model, the
    rules and the diff give (the canonical file included) comes from here.
    """
    address = (
        value.network_address
        if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network)
        else value
    )
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    if mapped is None:
        return str(value)
    if isinstance(value, ipaddress.IPv4Network | ipaddress.IPv6Network):
        return f"::ffff:{mapped}/{value.prefixlen}"
    return f"::ffff:{mapped}"


def parse_address(value: str) -> IpNetwork:
    """One address or a CIDR range, IPv4 or IPv6, as a network (a /32 or /128 for one address).

    The stdlib parses, checks the prefix and the host bits; this adds the
    words: a range whose address has host bits set gets "did you mean".
    """
    address, slash, prefix = value.partition("/")
    if "%" in address:
        raise _error(
            "bad_address",
            f"'{visible(value)}' has an IPv6 zone (%...); IP restrictions take plain addresses",
        )
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        if ":" in address:
            raise _error(
                "bad_address",
                f"'{visible(value)}' is not a valid IPv6 address (such as 2001:db8::7 or, "
                "for a range, 2001:db8:10::/48)",
            ) from None
        raise _error(
            "bad_address",
            f"'{visible(value)}' is not a valid IPv4 address (four numbers 0-255 without "
            "leading zeros, such as 192.168.10.1; a range is written 192.168.10.0/24)",
        ) from None
    if not slash:
        return ipaddress.ip_network(parsed)
    if not _PREFIX.fullmatch(prefix) or int(prefix) > parsed.max_prefixlen:
        raise _error(
            "bad_prefix",
            f"'{visible(value)}' needs a prefix length from 0 to {parsed.max_prefixlen} after "
            "the slash (for 255.255.255.0 write /24)",
        )
    try:
        return ipaddress.ip_network(f"{parsed}/{prefix}")
    except ValueError:
        start = ipaddress.ip_network(f"{parsed}/{prefix}", strict=False)
        raise _error(
            "host_bits",
            f"address {ip_text(parsed)} does not start the range /{prefix} (it has host bits "
            f"set); did you mean {ip_text(start)}?",
        ) from None


class IpRestriction(BaseModel):
    """One line of the IP restrictions tab: an address or a range, allowed or not.

    schema_version 2 writes a range in CIDR (`192.168.10.0/24`, `2001:db8::/48`);
    version 1 wrote an IPv4 address and a `subnet_mask`, read here as the same
    range. Which form a file may use is the connector's rule (it knows the version).
    """

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    address: str = Field(
        description=(
            "An address or a CIDR range, IPv4 or IPv6: 203.0.113.7, 192.168.10.0/24, "
            "2001:db8:10::/48 (schema_version 1: an IPv4 address only)."
        )
    )
    subnet_mask: str | None = Field(
        default=None,
        description=(
            "schema_version 1 only: makes the line a range, e.g. 255.255.255.0 for a /24. "
            "Version 2 writes the range in address (192.168.10.0/24)."
        ),
    )
    access: Access = Field(
        description="'allowed' lets these addresses in; 'disallowed' keeps them out."
    )

    @field_validator("address")
    @classmethod
    def _valid_address(cls, value: str) -> str:
        """An address or range; a one-address range (/32, /128) is written as the address."""
        network = parse_address(value)
        if network.prefixlen == network.max_prefixlen:
            return ip_text(network.network_address)
        return ip_text(network)

    @field_validator("subnet_mask")
    @classmethod
    def _valid_mask(cls, value: str | None) -> str | None:
        """The mask is a valid, contiguous IPv4 subnet mask (the stdlib checks contiguity)."""
        if value is None:
            return None
        mask = parse_ipv4(value, "subnet mask")
        try:
            network = ipaddress.IPv4Network(f"0.0.0.0/{mask}")
        except ValueError:
            network = None
        # The stdlib also reads host masks (0.0.0.255): only a netmask counts here.
        if network is None or network.netmask != mask:
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
            shown = shown_value(value)
            raise _error("bad_access", f'must be "allowed" or "disallowed", not {shown}')
        return value

    @model_validator(mode="after")
    def _mask_fits_address(self) -> IpRestriction:
        """A subnet mask goes with a plain IPv4 address that starts its range."""
        if self.subnet_mask is None:
            return self
        if "/" in self.address or ":" in self.address:
            raise _error(
                "mask_and_cidr",
                f"address {self.address} is a range or IPv6 already; remove subnet_mask",
            )
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
    def range(self) -> IpNetwork:
        """The addresses this line covers: a /32 (or /128) for a single address."""
        if self.subnet_mask is not None:
            return ipaddress.IPv4Network(f"{self.address}/{self.subnet_mask}")
        return ipaddress.ip_network(self.address)

    @property
    def network(self) -> IpNetwork | None:
        """The range this line covers, or None for a single address, however it is written:
        a version 1 mask of 255.255.255.255 is the address its migrated line writes."""
        network = self.range
        return None if network.prefixlen == network.max_prefixlen else network

    @property
    def prefix_length(self) -> int:
        """32 (128 for IPv6) for a single address, else the range's prefix length."""
        return self.range.prefixlen

    @property
    def is_v2_only(self) -> bool:
        """True when schema_version 1 cannot write this line: a CIDR range or IPv6."""
        return "/" in self.address or self.range.version == 6

    def sort_key(self) -> tuple[int, int, int, str]:
        """Order lines by IP version, address, then narrower ranges after wider ones."""
        network = self.range
        return (network.version, int(network.network_address), network.prefixlen, self.access)

    def summary(self) -> str:
        """The line as people write it: `192.168.10.0/24` or `203.0.113.7`, whatever the version
        and the spelling (a mask of 255.255.255.255 or a /128 is one address)."""
        network = self.range
        if network.prefixlen == network.max_prefixlen:
            return ip_text(network.network_address)
        return ip_text(network)

    def as_cidr(self) -> IpRestriction:
        """The same line in schema_version 2's form: the range in address, no subnet_mask."""
        if self.subnet_mask is None:
            return self
        return IpRestriction(address=self.summary(), access=self.access)


# -- URLs ------------------------------------------------------------------------

SECRET_QUERY_NAMES = frozenset(
    {
        "client_secret",
        "secret",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "password",
        "passwd",
        "pwd",
        "pass",
        "key",
        "api_key",
        "apikey",
        "code",
        "signature",
        "sig",
        "auth",
        "authorization",
        "credentials",
        "private_key",
    }
)
"""Query (or fragment) parameter names that carry a secret; such a URL is refused."""

_LOOPBACK_NAMES = frozenset({"localhost"})
_PRIVATE_NAME_ENDINGS = (".localhost", ".local", ".internal", ".home.arpa", ".lan")
"""Names that resolve only inside a network (RFC 6761, 6762, 8375, and the usual habits)."""

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_V4_NOT_PUBLIC = tuple(
    (ipaddress.IPv4Network(block), what)
    for block, what in (
        ("0.0.0.0/8", "an address of this network"),
        ("10.0.0.0/8", "a private address"),
        ("100.64.0.0/10", "a carrier NAT address"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address"),
        ("172.16.0.0/12", "a private address"),
        ("192.0.0.0/24", "a reserved address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a reserved address"),
        ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
    )
)
"""IPv4 blocks no server on the internet has (IANA's special-purpose registry), in words."""

_V6_NOT_PUBLIC = tuple(
    (ipaddress.IPv6Network(block), what)
    for block, what in (
        ("::1/128", "a loopback address"),
        ("64:ff9b:1::/48", "a local NAT64 address"),
        ("::/8", "a reserved address"),
        ("100::/64", "a discard address"),
        ("2001::/23", "a reserved address"),
        ("2001:db8::/32", "a documentation address"),
        ("3fff::/20", "a documentation address"),
        ("5f00::/16", "a reserved address"),
        ("fc00::/7", "a private (unique local) address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
    )
)
"""IPv6 blocks no server on the internet has; embedded IPv4 is judged by `embedded_ipv4`."""

_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
_COMPATIBLE = ipaddress.IPv6Network("::/96")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")


def embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """The IPv4 address an IPv6 address carries, and how, or None.

    IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses
    reach the IPv4 address itself; NAT64's well-known prefix (64:ff9b::/96)
    translates to it, and 6to4 (2002:AABB:CCDD::/48) tunnels to it. Each is
    judged as the IPv4 address it leads to.
    """
    number = int(address)
    if address in _MAPPED:
        return ipaddress.IPv4Address(number & 0xFFFFFFFF), "IPv4-mapped"
    if address in _COMPATIBLE and number > 1:
        return ipaddress.IPv4Address(number & 0xFFFFFFFF), "IPv4-compatible"
    if address in _NAT64:
        return ipaddress.IPv4Address(number & 0xFFFFFFFF), "NAT64"
    if address in _SIX_TO_FOUR:
        return ipaddress.IPv4Address((number >> 80) & 0xFFFFFFFF), "6to4"
    return None


def not_public(address: IpAddress) -> str | None:
    """Why no server on the internet has `address` ("a loopback address"), or None."""
    if isinstance(address, ipaddress.IPv6Address):
        inside = embedded_ipv4(address)
        if inside is not None:
            v4, how = inside
            why = not_public(v4)
            return None if why is None else f"{why}, {v4}, in {how} form"
        if address == ipaddress.IPv6Address("::"):
            return "the unspecified address"
        return next((what for block, what in _V6_NOT_PUBLIC if address in block), None)
    if address == ipaddress.IPv4Address("255.255.255.255"):
        return "the broadcast address"
    return next((what for block, what in _V4_NOT_PUBLIC if address in block), None)


def is_loopback_address(address: IpAddress) -> bool:
    """127.0.0.0/8 or ::1, also as the IPv4 an IPv6 address carries (::ffff:127.0.0.1)."""
    if isinstance(address, ipaddress.IPv6Address):
        inside = embedded_ipv4(address)
        if inside is not None:
            return inside[0].is_loopback
    return address.is_loopback


@dataclass(frozen=True, slots=True)
class UrlHost:
    """A URL's host as clients resolve it: written form, ASCII (A-label) form, address."""

    written: str
    """As written, in lower case (brackets of an IPv6 literal removed)."""
    ascii: str
    """What a client looks up: international labels as `xn--` A-labels."""
    unicode: str
    """What a reviewer reads: `xn--` labels decoded."""
    address: IpAddress | None
    """The IP literal the host is, or None for a name."""


def _literal(host: str) -> IpAddress | None:
    """The IP literal a host is, or None for a name (127.0.0.1. with its final dot too)."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host.endswith("."):
        try:
            return ipaddress.IPv4Address(host[:-1])
        except ValueError:
            pass
    return None


def _first_mapped(host: str) -> str:
    """Where the UTS 46 mapping changes `host` first, as "character 4 is U+3002 ..."."""
    import idna

    for position, ch in enumerate(host, start=1):
        try:
            mapped = idna.uts46_remap(ch, std3_rules=False, transitional=False)
        except idna.IDNAError:
            mapped = ""
        if mapped != ch:
            return f"character {position} is {char_name(ch)}"
    return "a character is read as another"  # pragma: no cover - the caller saw a change


def url_host(host: str) -> UrlHost:
    """`host` (from `urlsplit`, in lower case) as clients resolve it; refuses what they
    would read as another host.

    Browsers and HTTP clients map an international host by UTS 46 before they
    look it up: full-width letters and digits, circled digits, ideographic and
    full-width dots become ASCII (`127` written in full-width digits and `U+3002`
    ideographic full stops is 127.0.0.1). A host
    that the mapping changes is refused, so what a reviewer reads is what is
    called; then its labels are turned into A-labels (`xn--`), which must be
    valid IDNA, and `xn--` labels as written are decoded for the reviewer.
    """
    address = _literal(host)
    if address is not None:
        return UrlHost(host, host, host, address)
    if host.isascii() and "xn--" not in host:  # the usual host: nothing to map or decode
        return UrlHost(host, host, host, None)
    import idna  # here: 20 ms to import, for international hosts only

    if not host.isascii():
        try:
            mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
        except idna.IDNAError:
            mapped = ""
        if mapped != host:
            try:
                shown = idna.encode(mapped, uts46=False).decode("ascii") if mapped else ""
            except idna.IDNAError:
                shown = ""
            reads = (
                f"; clients read it as {visible(shown, 80)}" if shown.isascii() and shown else ""
            )
            raise _error(
                "host_mapped",
                f"has a host written with characters clients read as others "
                f"({_first_mapped(host)}){reads}: write the host in plain form",
            )
    ascii_labels: list[str] = []
    unicode_labels: list[str] = []
    for label in host.split("."):
        try:
            if not label.isascii():
                ascii_labels.append(idna.alabel(label).decode("ascii"))
                unicode_labels.append(label)
            elif label.startswith("xn--"):
                unicode_labels.append(idna.ulabel(label))
                ascii_labels.append(label)
            else:
                ascii_labels.append(label)
                unicode_labels.append(label)
        except (idna.IDNAError, UnicodeError):
            raise _error(
                "bad_host",
                "has a host that is no valid international domain name (IDNA)",
            ) from None
    return UrlHost(host, ".".join(ascii_labels), ".".join(unicode_labels), None)


def _script(ch: str) -> str | None:
    """The script a letter belongs to, by its Unicode name; None for digits, marks and signs.

    Han, kana and Hangul count as one: Japanese and Korean names mix them.
    """
    if not ch.isalpha():
        return None
    word = unicodedata.name(ch, "?").split(" ")[0]
    return "CJK" if word in _CJK_WORDS else word


_CJK_WORDS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"})


def host_lookalike(url: str) -> str | None:
    """Why the host of a valid `url` may not be the one it looks like, or None.

    A label that mixes scripts (a Cyrillic `a`, U+0430, in a Latin name), or one whose
    letters are all look-alikes of Latin ones, reads as another host; the
    reviewer is shown the form clients look up (`xn--pple-43d.com`). The URL
    itself is never repeated (it may hold a secret): only its host.
    """
    try:
        host = url_host(urlsplit(url).hostname or "")
    except (ValueError, PydanticCustomError):
        return None
    if host.unicode.isascii():
        return None
    for label in host.unicode.split("."):
        scripts = {script for script in map(_script, label) if script is not None}
        if len(scripts) > 1:
            why = "mixes scripts"
        elif not label.isascii() and skeleton(label).isascii():
            why = "is written in letters that look Latin"
        else:
            continue
        where = first_lookalike(label) or _first_non_ascii(label)
        return (
            f"the host '{visible(host.unicode, 100)}' {why} ({where}): clients look up "
            f"{visible(host.ascii, 100)}; check that it is the host you mean"
        )
    return None


def _first_non_ascii(text: str) -> str:
    """Where `text` has its first character outside ASCII: "character N is U+XXXX NAME"."""
    for position, ch in enumerate(text, start=1):
        if not ch.isascii():
            return f"character {position} is {char_name(ch)}"
    return "no character outside ASCII"  # pragma: no cover - the caller saw one


def is_ipv4_shorthand(host: str) -> bool:
    """True for a host a resolver reads as an IPv4 address that is not written a.b.c.d.

    inet_aton (which getaddrinfo, curl and browsers follow) reads 127.1,
    2130706433, 0x7f000001 and 0177.0.0.1 all as 127.0.0.1; ipaddress reads
    none of them, so the host would pass for a name and skip the address
    checks (a webhook to loopback). Such a host is refused outright.
    """
    name = host.removesuffix(".")
    try:
        socket.inet_aton(name)
    except (OSError, ValueError):
        return False
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return True
    return False


def is_loopback_host(host: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1 (also IPv4-mapped): where a native app listens for
    its redirect. `host` is as `urlsplit` gives it."""
    address = _literal(host)
    if address is not None:
        return is_loopback_address(address)
    return host.rstrip(".") in _LOOPBACK_NAMES


def _host_not_public(host: UrlHost) -> str | None:
    """Why the internet cannot reach `host`, or None."""
    if host.address is not None:
        return not_public(host.address)
    name = host.ascii.rstrip(".")
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return "a loopback name"
    if name.endswith(_PRIVATE_NAME_ENDINGS):
        return "a name of a local network"
    if "." not in name:
        return "a name without a domain, which resolves only inside a network"
    return None


def check_url(value: str, *, loopback_http: bool = False, public: bool = False) -> str:
    """An https URL without credentials or secret-looking parameters.

    `loopback_http`: http is accepted for a loopback host (a native app's
    redirect URL). `public`: the host must be reachable from the internet (a
    webhook, a JWKS URL: Profit's servers call them): no loopback, private,
    link-local, multicast or reserved address, none embedded in IPv6, no
    localhost. The host is judged as clients resolve it (`url_host`): `%` and
    `\\` in the authority and hosts that UTS 46 maps to another are refused.
    Messages never repeat the URL: it may hold a secret.
    """
    if not value:
        raise _error(
            "missing_url", "is required: an https URL, such as https://app.example.com/path"
        )
    problem = unsafe_character(value)
    if problem or any(ch.isspace() for ch in value):
        raise _error("unsafe_url", "a URL has no spaces or control characters")
    if len(value) > URL_MAX_LENGTH:
        raise _error("too_long", f"a URL is at most {URL_MAX_LENGTH} characters long")
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise _error(
            "bad_url", "is not a valid URL (such as https://app.example.com/path)"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not host:
        raise _error("bad_url", "is not a valid https URL (such as https://app.example.com/path)")
    if parts.username is not None or parts.password is not None:
        raise _error(
            "url_credentials",
            "holds a user name or password (user:password@); secrets never go into files",
        )
    _check_parameters(parts.query, parts.fragment)
    _check_authority(parts.netloc, host)
    canonical = url_host(host)
    if is_ipv4_shorthand(canonical.ascii):
        raise _error(
            "ip_shorthand",
            "has an IPv4 address in a short or numeric form as its host (such as 127.1 or "
            "2130706433), which systems read differently: write the address as four numbers, "
            "a.b.c.d",
        )
    if scheme == "http" and not (loopback_http and is_loopback_host(canonical.ascii)):
        where = (
            " (http only for a loopback address: 127.0.0.1, ::1, localhost)"
            if loopback_http
            else ""
        )
        raise _error("not_https", f"must start with https://{where}")
    why = _host_not_public(canonical) if public else None
    if why is not None:
        raise _error(
            "not_public",
            f"host {visible(canonical.written, 60)} is not publicly reachable ({why}); "
            "Profit calls this URL from the internet",
        )
    return value


def _check_parameters(query: str, fragment: str) -> None:
    """No query or fragment parameter named like a secret."""
    for piece in (query, fragment):
        for name, _ in parse_qsl(piece, keep_blank_values=True):
            folded = name.strip().casefold()
            if folded in SECRET_QUERY_NAMES or any(word in folded for word in SECRET_WORDS):
                raise _error(
                    "url_secret",
                    f"has a parameter named '{visible(name, 40)}', which carries a secret; "
                    "secrets never go into files",
                )


def _check_authority(authority: str, host: str) -> None:
    """No %-escape or backslash in the authority, no wildcard in the host.

    Browsers decode `%2e` in a host and read `\\` as `/` (so
    `https://127.0.0.1\\.example.com/` goes to 127.0.0.1); Python's parser
    does neither, so the host judged would not be the host called.
    """
    if "%" in authority:
        raise _error(
            "host_escape",
            "has a %-escape in its host, which clients decode into another host: write the "
            "host in plain form (an IPv6 zone, %..., is never reachable from the internet)",
        )
    if "\\" in authority:
        raise _error(
            "host_backslash",
            "has a backslash (\\) before its path, which browsers read as '/', so the host "
            "would be another one: write '/'",
        )
    if "*" in host:
        raise _error(
            "url_wildcard",
            "has a wildcard (*) in its host; Profit matches URLs exactly, so a wildcard never "
            "matches: write the full host name",
        )


def check_redirect_url(value: str) -> str:
    """A redirect URL: `check_url` for a native app's redirect, and no fragment.

    OAuth 2.1 forbids a fragment in a redirect URI and Profit refuses one.
    """
    check_url(value, loopback_http=True)
    if "#" in value:
        raise _error(
            "redirect_fragment",
            "a redirect URL has no fragment (#...): OAuth 2.1 forbids it and Profit refuses it",
        )
    return value


def redirect_key(url: str) -> str:
    """`url` as it is compared with others: scheme and host in lower case, the rest as it is.

    Scheme and host ignore case (RFC 3986, 6.2.2.1), so
    `HTTPS://Expenses.Example.com/cb` is `https://expenses.example.com/cb`;
    the path, query and port are compared as written. An international host
    is compared in the form clients look up (`bücher.example` is
    `xn--bcher-kva.example`). `url` has passed `check_url`: it has a scheme,
    `://` and a host, and no user name.
    """
    scheme, _, rest = url.partition("://")
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark)
        if found != -1:
            end = min(end, found)
    authority = rest[:end].lower()
    if not authority.isascii() or "xn--" in authority:
        host, colon, port = authority.rpartition(":")
        if not (colon and port.isdigit()):
            host, colon, port = authority, "", ""
        with contextlib.suppress(PydanticCustomError):  # not valid: compared as written
            authority = url_host(host).ascii + colon + port
    return f"{scheme.lower()}://{authority}{rest[end:]}"


def _url(*, loopback_http: bool = False, public: bool = False) -> Any:
    """A validator for a URL field."""
    return AfterValidator(
        lambda value: check_url(value, loopback_http=loopback_http, public=public)
    )


# -- OAuth -------------------------------------------------------------------------


def _check_key_id(value: str) -> str:
    """A certificate's key id: printable, no spaces, bounded."""
    if not value or len(value) > KEY_ID_MAX_LENGTH or not _KEY_ID.fullmatch(value):
        raise _error(
            "bad_key_id",
            f"'{visible(value)}' is not a valid key id: 1 to {KEY_ID_MAX_LENGTH} letters, "
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
    redirect_urls: list[Annotated[str, AfterValidator(check_redirect_url)]] = Field(
        default_factory=list,
        description="Exact redirect URLs for authorization_code (https; http only for loopback).",
    )
    jwks_url: Annotated[str, _url(public=True)] | None = Field(
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
            raise _error("bad_choice", f'must be "{choices[0]}" or "{choices[1]}", not {shown}')
        return value

    @field_validator("flows", mode="before")
    @classmethod
    def _known_flows(cls, value: Any) -> Any:
        """Each flow is one of the two, listed once; at least one."""
        if not isinstance(value, list):
            return value
        if not value:
            raise _error(
                "no_flow", 'list at least one flow: "client_credentials" or "authorization_code"'
            )
        seen: set[str] = set()
        for index, flow in enumerate(value):
            if flow not in FLOWS:
                shown = shown_value(flow)
                raise _error(
                    "bad_flow",
                    f'must be "client_credentials" or "authorization_code", not {shown}',
                    index=index,
                )
            if flow in seen:
                raise _error("duplicate_flow", f"'{flow}' is listed twice", index=index)
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
                raise _error("duplicate_url", "this redirect URL is listed twice", index=index)
            if twin is not None:
                raise _error(
                    "duplicate_url",
                    f"this redirect URL is listed twice: '{visible(value, 120)}' is "
                    f"'{visible(twin, 120)}' (a URL's scheme and host ignore case)",
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
                raise _error(
                    "duplicate_key_id",
                    f"key id '{certificate.key_id}' is listed twice",
                    index=index,
                )
            seen.add(certificate.key_id.casefold())
        return sorted(values, key=lambda c: (c.not_after, c.key_id))

    @field_validator("secret_validity_days")
    @classmethod
    def _validity_range(cls, value: int | None) -> int | None:
        """A whole number of days, at least 1."""
        if value is not None and not 1 <= value <= SECRET_VALIDITY_MAX_DAYS:
            raise _error(
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
                raise _field_error(
                    "client_authentication",
                    f"a public client cannot keep a secret, so it has no client authentication "
                    f'(remove client_authentication = "{method}")',
                )
            if "authorization_code" not in self.flows or "client_credentials" in self.flows:
                raise _field_error(
                    "flows",
                    'a public client uses only "authorization_code" (with PKCE); client '
                    "credentials need a confidential client",
                )
            if not self.dpop:
                raise _field_error("dpop", "a public client must use DPoP: set dpop = true")
        elif method is None:
            raise _field_error(
                "client_authentication",
                'a confidential client needs client_authentication = "client_secret" or '
                '"private_key_jwt"',
            )
        if "authorization_code" in self.flows and not self.redirect_urls:
            raise _field_error(
                "redirect_urls", "the authorization_code flow needs at least one redirect URL"
            )
        if method == "private_key_jwt" and not self.certificates and self.jwks_url is None:
            raise _field_error(
                "client_authentication",
                "private_key_jwt needs certificates or a jwks_url to check the app's signature",
            )
        if method != "private_key_jwt" and (self.certificates or self.jwks_url is not None):
            key = "certificates" if self.certificates else "jwks_url"
            raise _field_error(key, 'is used only with client_authentication = "private_key_jwt"')
        if method != "client_secret" and self.secret_validity_days is not None:
            raise _field_error(
                "secret_validity_days",
                'is for client_authentication = "client_secret" only (Profit gives '
                "private key JWT certificates their own validity)",
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
            if name == "certificates":
                if not value:
                    continue
                items = "".join(
                    f"    {{ key_id = {_toml_value(c.key_id)}, not_after = {c.not_after.isoformat()} }},\n"
                    for c in value
                )
                lines.append(f"certificates = [\n{items}]\n")
                continue
            if value is None:
                continue
            lines.append(f"{name} = {_toml_value(value)}\n")
        return "".join(lines)


def _field_error(key: str, message: str) -> PydanticCustomError:
    """An error of the model as a whole that belongs to one of its keys."""
    return _error("rule", message, key=key)


def _toml_value(value: Any) -> str:
    """A value as tomli-w writes it (lists one item per line)."""
    return tomli_w.dumps({"v": value})[len("v = ") : -1]


class Webhook(BaseModel):
    """One line of the Webhooks tab. Its password signs the messages: it has no key here."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    description: Annotated[str, _one_line_text(DESCRIPTION_MAX_LENGTH)] = Field(
        description="What the webhook is for, as the Webhooks tab shows it."
    )
    url: Annotated[str, _url(public=True)] = Field(
        description="Where Profit posts: https and publicly reachable."
    )
    blocked: bool = Field(default=False, description="A blocked webhook receives nothing.")

    def to_toml(self) -> str:
        """The `[[webhooks]]` table's lines."""
        return "".join(
            f"{name} = {_toml_value(getattr(self, name))}\n" for name in WEBHOOK_FIELD_ORDER
        )


class AppConnector(BaseModel):
    """An AFAS Profit app connector as saved in `connectors/<id>.toml`."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={"title": "AFAS Profit app connector (acwizard, schema_version 2)"},
    )

    # Built in code without a version, a connector is version 1, as every caller
    # before version 2 meant; files must say which (workspace.validate_document), and
    # the wizard makes version 2 connectors.
    schema_version: Literal[1, 2] = Field(
        default=1,
        description=(
            "The acwizard connector file format: 2 (Profit 8 and 9: authentication, OAuth, "
            "CIDR and IPv6, webhooks); 1 is read and kept by fmt, and `acwizard migrate` "
            "moves it to 2."
        ),
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
    authentication: Authentication = Field(
        default="classic",
        description=(
            "How apps sign in: 'classic' token (ends 31 August 2027), 'hybrid' (classic token "
            "and OAuth, while migrating) or 'oauth'. A version 1 file is 'classic'."
        ),
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
        json_schema_extra={"maxItems": IP_LINES_MAX},
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
            raise _error(
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
                also = "" if twin == value else f" (also as '{twin}')"
                raise _error("duplicate_id", f"'{value}' is listed twice{also}", index=index)
            seen[folded] = value
        return sorted(values, key=id_sort_key)

    @field_validator("ip_restrictions", mode="before")
    @classmethod
    def _not_too_many_lines(cls, value: Any) -> Any:
        """At most IP_LINES_MAX lines, counted before any line is checked."""
        if isinstance(value, list) and len(value) > IP_LINES_MAX:
            raise _error("too_many", f"has {len(value)} lines; the limit is {IP_LINES_MAX}")
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
                raise _error(
                    "needs_v2",
                    f"'{line.address}' is {what}, which needs schema_version = 2 (run acwizard "
                    "migrate); version 1 writes an IPv4 address and a subnet_mask",
                    index=index,
                    key="address",
                )
            if version == 2 and line.subnet_mask is not None and not from_file:
                # Built in code (the TUI's IP form splits a range into address and
                # mask): the same range, in version 2's form.
                line = lines[index] = line.as_cidr()
            elif version == 2 and line.subnet_mask is not None:
                raise _error(
                    "mask_in_v2",
                    "subnet_mask is schema_version 1; in version 2 write the range in address: "
                    f'address = "{line.summary()}"',
                    index=index,
                    key="subnet_mask",
                )
            if line.access != lines[0].access:
                raise _error(
                    "mixed_access",
                    f"this line is '{line.access}' but the first line is "
                    f"'{lines[0].access}'; use one mode for all lines (with allowed "
                    "lines every other address is already blocked)",
                    index=index,
                )
            if line.range in seen:
                raise _error("duplicate_ip", f"{line.summary()} is listed twice", index=index)
            seen.add(line.range)
        return sorted(lines, key=IpRestriction.sort_key)

    @field_validator("authentication", mode="before")
    @classmethod
    def _known_authentication(cls, value: Any, info: ValidationInfo) -> Any:
        """One of the three types; a version 1 file has no such key (it is classic)."""
        if value not in ("classic", "hybrid", "oauth"):
            shown = shown_value(value)
            raise _error("bad_choice", f'must be "classic", "hybrid" or "oauth", not {shown}')
        return value

    @field_validator("oauth")
    @classmethod
    def _oauth_matches_authentication(
        cls, value: OAuthSettings | None, info: ValidationInfo
    ) -> OAuthSettings | None:
        """[oauth] is there exactly when apps may sign in with OAuth."""
        authentication = info.data.get("authentication")
        if authentication == "classic" and value is not None:
            raise _error(
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
                        f": '{visible(webhook.url, 120)}' is '{visible(twin, 120)}' "
                        "(a URL's scheme and host ignore case)"
                    )
                raise _error("duplicate_url", message, index=index, key="url")
            seen[redirect_key(webhook.url)] = webhook.url
        return values

    @model_validator(mode="after")
    def _oauth_for_oauth(self) -> AppConnector:
        """Hybrid and oauth need [oauth]: said at the authentication line, as [oauth] is absent."""
        if self.authentication != "classic" and self.oauth is None:
            raise _error(
                "oauth_missing",
                f'"{self.authentication}" needs an [oauth] table (client_type, '
                "flows, client_authentication)",
                key="authentication",
            )
        return self

    @model_validator(mode="before")
    @classmethod
    def _version_keys(cls, data: Any, info: ValidationInfo) -> Any:
        """A version 1 file holds none of version 2's keys.

        Read from a file (context `{"file": True}`), the key itself is the
        error; a version 1 connector dumped and validated again carries them at
        their defaults, which mean what version 1 meant (classic, nothing more).
        """
        from_file = bool(info.context and info.context.get("file"))
        if (
            isinstance(data, dict)
            and data.get("schema_version") == 1
            and type(data.get("schema_version")) is int
        ):
            defaults: dict[str, object] = {
                "authentication": "classic",
                "oauth": None,
                "webhooks": [],
            }
            for name in V2_ONLY_FIELDS:
                if name in data and (from_file or data[name] != defaults[name]):
                    raise _error(
                        "needs_v2",
                        "is a schema_version 2 key: it needs schema_version = 2 (run acwizard "
                        "migrate)",
                        key=name,
                    )
        return data

    @property
    def access_mode(self) -> Access | None:
        """'allowed' or 'disallowed' when IP restrictions exist, else None."""
        return self.ip_restrictions[0].access if self.ip_restrictions else None

    def ip_summary(self) -> str:
        """A short summary of the IP restrictions, for lists and reports."""
        return ip_summary([line.summary() for line in self.ip_restrictions], self.access_mode)

    def to_document(self) -> dict[str, Any]:
        """The plain keys as a TOML document: fixed key order, notes only when set.

        Version 1 writes its own keys only, so `fmt` leaves a v1 file's bytes as
        they were; the tables of version 2 are written by `to_toml`.
        """
        document: dict[str, Any] = {}
        order = FIELD_ORDER_V1 if self.schema_version == 1 else FIELD_ORDER
        for name in order:
            if name in ("oauth", "webhooks"):
                continue
            value = getattr(self, name)
            if name == "notes" and not value:
                continue
            if name == "ip_restrictions":
                value = [line.model_dump(exclude_none=True) for line in value]
            document[name] = value
        return document

    def to_toml(self) -> str:
        """The canonical text of the file: the plain keys, then [oauth], then [[webhooks]].

        The tables are written by hand so that their layout never depends on
        how long a value is (tomli-w turns a list of tables into inline tables
        when they fit on a line).
        """
        text = tomli_w.dumps(self.to_document())
        if self.schema_version == 1:
            return text
        if self.oauth is not None:
            text += "\n[oauth]\n" + self.oauth.to_toml()
        for webhook in self.webhooks:
            text += "\n[[webhooks]]\n" + webhook.to_toml()
        return text

    def migrated(self) -> AppConnector:
        """The same connector as a schema_version 2 file: same meaning, CIDR ranges."""
        if self.schema_version == 2:
            return self
        return self.model_copy(
            update={
                "schema_version": 2,
                "ip_restrictions": [line.as_cidr() for line in self.ip_restrictions],
            }
        )

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
