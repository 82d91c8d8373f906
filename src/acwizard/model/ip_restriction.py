"""One line of the IP restrictions tab, as a pydantic model (`IpRestriction`).

The parsing and the address facts are `acwizard.model.ip`'s (shared with the
fast path, which has no pydantic); this module adds the model's own rules:
a version 1 subnet mask, the access word, and a range that starts its block.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from acwizard.model.errors import rule_error, shown_value
from acwizard.model.format import Access
from acwizard.model.ip import MASK_LENGTHS, IpNetwork, ip_text, parse_address, parse_ipv4

__all__ = ["IpRestriction"]


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
        """The mask is a valid, contiguous IPv4 subnet mask (one of `ip.MASK_LENGTHS`, the
        table the fast path reads masks with too)."""
        if value is None:
            return None
        parse_ipv4(value, "subnet mask")
        if value not in MASK_LENGTHS:  # a host mask such as 0.0.0.255 too
            raise rule_error(
                "bad_mask",
                f"{shown_value(value)} is not a contiguous subnet mask (ones then zeros, "
                "such as 255.255.255.0)",
            )
        return value

    @field_validator("access", mode="before")
    @classmethod
    def _valid_access(cls, value: Any) -> Any:
        """Access is exactly `allowed` or `disallowed`."""
        if value not in ("allowed", "disallowed"):
            shown = shown_value(value)
            raise rule_error("bad_access", f'must be "allowed" or "disallowed", not {shown}')
        return value

    @model_validator(mode="after")
    def _mask_fits_address(self) -> IpRestriction:
        """A subnet mask goes with a plain IPv4 address that starts its range."""
        if self.subnet_mask is None:
            return self
        if "/" in self.address or ":" in self.address:
            raise rule_error(
                "mask_and_cidr",
                f"address {self.address} is a range or IPv6 already; remove subnet_mask",
            )
        mask = ipaddress.IPv4Address(self.subnet_mask)
        address = ipaddress.IPv4Address(self.address)
        if int(address) & ~int(mask) & 0xFFFFFFFF:
            start = ipaddress.IPv4Address(int(address) & int(mask))
            raise rule_error(
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
