"""The review rules of IP restrictions: AFAS Connect's test addresses, wide ranges, private
ranges. Each line is judged by the addresses it covers, however written, and an IPv6
line also by the IPv4 addresses it carries (`model.ip.ipv4_inside`)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

from acwizard.model.format import WIDE_PREFIX, WIDE_PREFIX_V6
from acwizard.model.ip import IpNetwork, ipv4_equivalent, ipv4_inside
from acwizard.model.protocol import IpLineLike
from acwizard.rules.findings import ReviewLevel
from acwizard.text import plural

__all__ = [
    "AFAS_CONNECT_ADDRESSES",
    "WIDE_PREFIX",
    "WIDE_PREFIX_V6",
    "afas_connect_addresses_in",
    "afas_connect_in_range",
    "ip_findings",
    "not_on_the_internet",
    "wide_range",
]

AFAS_CONNECT_ADDRESSES = frozenset({"52.174.142.76", "52.174.142.140"})
"""AFAS Connect, AFAS's testing tool, calls from these; allow them only while testing."""

_AFAS_CONNECT = tuple(sorted(ipaddress.IPv4Address(address) for address in AFAS_CONNECT_ADDRESSES))
"""The same addresses, parsed, in address order."""


def afas_connect_addresses_in(line: IpLineLike) -> list[str]:
    """The AFAS Connect test addresses `line` covers: its own address, or those in its range."""
    return afas_connect_in_range(line.range)


_NOT_ON_THE_INTERNET = tuple(
    ipaddress.ip_network(block)
    for block in (
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  # private (RFC 1918)
        "100.64.0.0/10",  # shared address space behind carrier NAT (RFC 6598)
        "127.0.0.0/8", "169.254.0.0/16",  # loopback, link-local
        "fc00::/7", "fe80::/10", "::1/128",  # IPv6 unique local, link-local, loopback
    )
)  # fmt: skip
"""Ranges no caller reaches AFAS Online from: it sees public addresses only. (Documentation
ranges such as 203.0.113.0/24 are left alone: examples use them on purpose.) IPv6 lines
that carry IPv4 addresses are judged by the IPv4 range they carry (`ipv4_equivalent`)."""


def not_on_the_internet(network: IpNetwork) -> bool:
    """True when `network` lies wholly inside a private, loopback or link-local block, also
    as the IPv4 range an IPv4-mapped or NAT64 line carries."""
    equivalent = ipv4_equivalent(network)
    judged: IpNetwork = network if equivalent is None else equivalent
    return any(
        judged.version == block.version and judged.subnet_of(block)  # type: ignore[arg-type]
        for block in _NOT_ON_THE_INTERNET
    )


def afas_connect_in_range(network: IpNetwork) -> list[str]:
    """The AFAS Connect addresses inside `network`; IPv6 counts the IPv4 it carries
    (IPv4-mapped and NAT64 addresses)."""
    inside = ipv4_inside(network)
    return [str(address) for address in _AFAS_CONNECT if any(address in v4 for v4, _ in inside)]


def wide_range(network: IpNetwork, wide_prefix: int, wide_prefix_v6: int) -> str | None:
    """How many addresses `network` allows when that is too many ("16,777,216 addresses"),
    else None. An IPv6 range is also judged by the IPv4 ranges it carries (`ipv4_inside`)."""
    if network.version == 6 and network.prefixlen <= wide_prefix_v6:
        bits = network.max_prefixlen - network.prefixlen
        if network.prefixlen == 0:
            return "every IPv6 address"
        if network.prefixlen < 32:
            return f"2^{bits} addresses, more than a whole internet provider's /32"
        return f"2^{bits} addresses, a whole internet provider's allocation"
    for v4, how in ipv4_inside(network):
        if v4.prefixlen <= wide_prefix:
            what = "every address" if v4.prefixlen == 0 else f"{v4.num_addresses:,} addresses"
            return what + (f" (IPv4, {how})" if how else "")
    return None


def ip_findings(
    lines: Sequence[IpLineLike],
    connect_level: ReviewLevel,
    online: bool,
    wide: tuple[int, int],
    add: Callable[[ReviewLevel, str, str], None],
) -> None:
    """AFAS Connect's test addresses allowed, wide allowed ranges, private ranges.

    Each line is judged by the addresses it covers, however written (a version
    1 mask of 255.255.255.255 is one address), and an IPv6 line also by the
    IPv4 addresses it carries (IPv4-mapped, NAT64).
    """
    allowed = [line for line in lines if line.access == "allowed"]
    connect = sorted(
        line.summary()
        for line in allowed
        if line.network is None and afas_connect_addresses_in(line)
    )
    if connect:
        add(
            connect_level,
            "afas-connect-allowed",
            f"AFAS Connect test address still allowed: {', '.join(connect)}",
        )
    for line in allowed:
        inside = afas_connect_addresses_in(line) if line.network is not None else []
        if inside:
            add(
                connect_level,
                "afas-connect-allowed",
                f"allowed range {line.summary()} contains the AFAS Connect test "
                f"{plural('address', len(inside))} {', '.join(inside)}",
            )
    for line in allowed:
        what = wide_range(line.range, *wide)
        if what is not None:
            add("high", "wide-range", f"allows {line.summary()}: {what}")
    if online:
        for line in lines:
            if not_on_the_internet(line.range):
                add(
                    "low",
                    "private-range",
                    f"{line.summary()} is a private range: AFAS Online sees the public address "
                    "a call comes from, so this line matches no caller",
                )
