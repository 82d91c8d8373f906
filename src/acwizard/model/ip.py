"""IP addresses and ranges as acwizard reads and writes them: one parser, shared by the
model and the fast path, and the facts about addresses no server on the internet has.

`ipv4_number` is the one reader of a dotted IPv4 address (no leading zeros,
as the stdlib reads it and writes it back); `parse_address` reads a line's
address or CIDR range with the words the model says when it is wrong.
IPv6 addresses that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are
judged as that IPv4 address wherever it matters (`embedded_ipv4`,
`ipv4_inside`). Pure: no pydantic until an error is raised.
"""

from __future__ import annotations

import ipaddress
import re

from acwizard.model.errors import rule_error, shown_value

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
_IPV4 = re.compile(rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}")
"""A dotted IPv4 address as the stdlib reads it (no leading zeros) and writes it back."""


def ipv4_number(value: str) -> int | None:
    """The number of a dotted IPv4 address (four numbers 0-255 without leading zeros), or
    None: the one IPv4 reader of the model (`parse_ipv4`) and of the fast path."""
    if _IPV4.fullmatch(value) is None:
        return None
    a, b, c, d = value.split(".")  # the fast path reads thousands: no groups, no generator
    return int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d)


MASK_LENGTHS = {
    str(ipaddress.IPv4Address((0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF)): length
    for length in range(33)
}
"""The 33 contiguous subnet masks as written, and their prefix lengths (255.255.255.0: 24)."""


def parse_ipv4(value: str, what: str) -> ipaddress.IPv4Address:
    """Parse a dotted IPv4 address (v1's address and subnet mask), explaining what is wrong."""
    number = ipv4_number(value)
    if number is not None:
        return ipaddress.IPv4Address(number)
    example = "255.255.255.0" if what == "subnet mask" else "192.168.10.1"
    raise rule_error(
        "bad_address",
        f"{shown_value(value)} is not a valid IPv4 {what} (four numbers 0-255 without "
        f"leading zeros, such as {example})",
    )


_PREFIX = re.compile(r"0|[1-9][0-9]{0,2}")
"""A prefix length as people write it: no leading zeros, no netmask form."""

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


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
        raise rule_error(
            "bad_address",
            f"{shown_value(value)} has an IPv6 zone (%...); IP restrictions take plain addresses",
        )
    try:
        if ":" in address:
            parsed: IpAddress = ipaddress.IPv6Address(address)
        else:  # the one IPv4 reader, the fast path's too
            number = ipv4_number(address)
            if number is None:
                raise ValueError(address)
            parsed = ipaddress.IPv4Address(number)
    except ValueError:
        if ":" in address:
            raise rule_error(
                "bad_address",
                f"{shown_value(value)} is not a valid IPv6 address (such as 2001:db8::7 or, "
                "for a range, 2001:db8:10::/48)",
            ) from None
        raise rule_error(
            "bad_address",
            f"{shown_value(value)} is not a valid IPv4 address (four numbers 0-255 without "
            "leading zeros, such as 192.168.10.1; a range is written 192.168.10.0/24)",
        ) from None
    if not slash:
        return ipaddress.ip_network(parsed)
    if not _PREFIX.fullmatch(prefix) or int(prefix) > parsed.max_prefixlen:
        raise rule_error(
            "bad_prefix",
            f"{shown_value(value)} needs a prefix length from 0 to {parsed.max_prefixlen} after "
            "the slash (for 255.255.255.0 write /24)",
        )
    try:
        return ipaddress.ip_network(f"{parsed}/{prefix}")
    except ValueError:
        start = ipaddress.ip_network(f"{parsed}/{prefix}", strict=False)
        raise rule_error(
            "host_bits",
            f"address {ip_text(parsed)} does not start the range /{prefix} (it has host bits "
            f"set); did you mean {ip_text(start)}?",
        ) from None


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


_IPV4_CARRIERS = (
    (ipaddress.IPv6Network("::ffff:0:0/96"), "IPv4-mapped"),
    (ipaddress.IPv6Network("64:ff9b::/96"), "NAT64"),
)
"""IPv6 blocks whose addresses reach an IPv4 address (the last 32 bits): IPv4-mapped
addresses reach it on the host itself, NAT64's well-known prefix is translated to it."""


def ipv4_equivalent(network: IpNetwork) -> ipaddress.IPv4Network | None:
    """The IPv4 range `network` is: itself, or the IPv4 range an IPv4-mapped or NAT64 IPv6
    range carries (::ffff:10.0.0.0/104 is 10.0.0.0/8); None for any other IPv6 range."""
    if isinstance(network, ipaddress.IPv4Network):
        return network
    for block, _ in _IPV4_CARRIERS:
        if network.subnet_of(block):
            number = int(network.network_address) & 0xFFFFFFFF
            return ipaddress.IPv4Network((number, network.prefixlen - 96))
    return None


def ipv4_inside(network: IpNetwork) -> list[tuple[ipaddress.IPv4Network, str]]:
    """The IPv4 ranges `network` lets in, and how ("" for an IPv4 range itself).

    An IPv6 range inside an IPv4-mapped or NAT64 block carries the IPv4 range
    of its last 32 bits; one that holds a whole such block (::/80 holds
    ::ffff:0:0/96) lets in every IPv4 address through it.
    """
    if isinstance(network, ipaddress.IPv4Network):
        return [(network, "")]
    inside = []
    for block, how in _IPV4_CARRIERS:
        if network.subnet_of(block):
            number = int(network.network_address) & 0xFFFFFFFF
            inside.append((ipaddress.IPv4Network((number, network.prefixlen - 96)), how))
        elif block.subnet_of(network):
            inside.append((ipaddress.IPv4Network("0.0.0.0/0"), how))
    return inside
