"""One IP restriction line as the admin types it, and what the lines of a connector mean.

The IP form's address field takes one address or a range as Profit 8 writes it
(`203.0.113.7`, `192.168.10.0/24`, `2001:db8:10::/48`); an IPv4 range may also
be given as an address and a subnet mask, as Profit 5 to 7 asked for it. Either
way a schema_version 2 line comes out: the range in `address`, no `subnet_mask`.
`describe_line` says, as the admin types, what is wrong (the model's
`parse_address` words, "did you mean" included) or what the line covers: how
many addresses, what an access audit will call it (a /8 or an IPv6 /32 is
"high", a range holding an AFAS Connect address) and where it overlaps another
line, in the audit's own words. `mode_text` says what the lines mean together;
`widening` says what removing one opens up. Nothing here imports Textual.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from pydantic import ValidationError

from acwizard.model import Access, AppConnector, IpNetwork, IpRestriction
from acwizard.problems import first_error
from acwizard.rules import AFAS_CONNECT_ADDRESSES, afas_connect_addresses_in, connector_findings

__all__ = [
    "FormError",
    "address_count",
    "address_number",
    "describe_line",
    "line_from_fields",
    "mode_text",
    "widening",
    "written_for",
]


class FormError(ValueError):
    """The form's fields cannot describe one line; the message says why."""


def is_number(text: str) -> bool:
    """Digits 0-9 only: `str.isdigit` also takes superscript, Arabic-Indic and full-width digits, which int() or ipaddress then
    refused with an exception (typed in the form, it ended the TUI)."""
    return text.isascii() and text.isdigit()


def prefix_mask(prefix: str) -> str:
    """The dotted subnet mask for a prefix length such as `24`."""
    if not is_number(prefix) or not 0 <= int(prefix) <= 32:
        raise FormError(f"/{prefix}: a prefix length is a number from 0 to 32")
    return str(ipaddress.IPv4Network(f"0.0.0.0/{prefix}").netmask)


def line_from_fields(address: str, mask: str, access: Access) -> IpRestriction:
    """Build a schema_version 2 line from the form's text.

    People write ranges in several ways; all of these give the same line,
    `10.0.0.0/8`: address `10.0.0.0/8`; address `10.0.0.0` with mask
    `255.0.0.0`, `/8` or `8`. IPv6 ranges are written with their prefix
    (`2001:db8:10::/48`, or `/48` in the mask field). The model checks the
    address and says "did you mean" when the host bits are set.
    """
    address, mask = address.strip(), mask.strip()
    if "/" in address and mask:
        raise FormError(
            "give the range once: either /nn after the address or a subnet mask, not both"
        )
    if mask.startswith("/") or is_number(mask):
        prefix = mask.lstrip("/")
        if ":" not in address:
            prefix_mask(prefix)  # the IPv4 wording for a prefix out of range
        return IpRestriction(address=f"{address}/{prefix}", access=access)
    if mask:
        if ":" in address:
            raise FormError(
                "a subnet mask is IPv4 only: write an IPv6 range with its prefix, "
                "such as 2001:db8:10::/48"
            )
        # Checked as version 1 wrote it (the model's words for a bad mask and for
        # host bits), then written as version 2 does.
        return IpRestriction(address=address, subnet_mask=mask, access=access).as_cidr()
    return IpRestriction(address=address, access=access)


def written_for(line: IpRestriction, schema_version: int) -> dict[str, Any]:
    """`line` as plain data in the form a connector of `schema_version` holds.

    The form makes version 2 lines; a version 1 connector still being edited as
    version 1 writes an IPv4 range as address and subnet mask (an IPv6 line
    stays as it is, and the model says it needs version 2).
    """
    network = line.range
    if schema_version != 1 or network.version != 4 or line.network is None:
        return line.model_dump()
    return IpRestriction(
        address=str(network.network_address),
        subnet_mask=str(network.netmask),
        access=line.access,
    ).model_dump()


def address_number(network: IpNetwork) -> str:
    """How many addresses a range holds: `256`, or `2^80` where the number is too long to read."""
    count = network.num_addresses
    if network.version == 6 and count > 2**32:
        return f"2^{network.max_prefixlen - network.prefixlen}"
    return str(count)


def address_count(network: IpNetwork) -> str:
    """The same with its noun: `1 address`, `256 addresses`, `2^80 addresses`."""
    number = address_number(network)
    return f"{number} address" if number == "1" else f"{number} addresses"


LINE_FINDINGS = frozenset({"wide-range", "afas-connect-allowed"})
"""Audit findings that one IP line causes on its own."""


def audit_notes(line: IpRestriction) -> list[str]:
    """What `acwizard audit` will say about `line`, in its words, for an active connector."""
    probe = AppConnector(
        schema_version=2,
        description="probe",
        user_group="probe",
        blocked=False,
        ip_restrictions=[line],
    )
    return [
        f"Audit ({finding.level}): {finding.message}"
        for finding in connector_findings("", probe)
        if finding.code in LINE_FINDINGS
    ]


def overlap_notes(line: IpRestriction, others: list[IpRestriction]) -> list[str]:
    """Where `line` lies inside another line's range, or holds another line inside its own."""
    mine = line.range
    notes = []
    for other in others:
        theirs = other.range
        if mine == theirs or mine.version != theirs.version:
            continue
        if _inside(mine, theirs):
            notes.append(
                f"{line.summary()} is already inside {other.summary()}: this line adds nothing"
            )
        elif _inside(theirs, mine):
            notes.append(f"{line.summary()} already holds {other.summary()}, which is listed too")
    return notes


def _inside(inner: IpNetwork, outer: IpNetwork) -> bool:
    """True when every address of `inner` is in `outer` (both of one IP version)."""
    return int(outer.network_address) <= int(inner.network_address) and int(
        inner.broadcast_address
    ) <= int(outer.broadcast_address)


def error_text(exc: ValidationError) -> str:
    """The first validation error, with the field it belongs to."""
    field, text = first_error(exc.errors())
    return f"{field}: {text}" if field else text


def describe_line(
    address: str, mask: str, access: Access, others: list[IpRestriction]
) -> tuple[IpRestriction | None, str]:
    """The line the form's fields describe, or None, and what to say about it.

    `others` are the connector's other lines. Nothing typed says nothing; a line
    the model refuses or another line already has says why (`! ...`); a line it
    accepts says how many addresses it holds, and warns (`! ...` lines) of what an
    audit will call it and of overlaps.
    """
    if not address.strip():
        return None, ""
    try:
        line = line_from_fields(address, mask, access)
    except ValidationError as exc:
        return None, f"! {error_text(exc)}"
    except FormError as exc:
        return None, f"! {exc}"
    for other in others:
        # Compared as ranges: a version 1 line (address + mask) is the same range.
        if other.range == line.range:
            return None, f"! {line.summary()} is already listed"
    note = ""
    if line.access == "allowed" and line.network is None and afas_connect_addresses_in(line):
        note = "Note: an AFAS Connect test address; remove it once testing is done. "
    if line.prefix_length == 0 and line.access == "allowed":
        note = (
            "Warning: this allows every address, the same as no restriction. "
            if line.range.version == 4
            else "Warning: this allows every IPv6 address. "
        )
    warnings = overlap_notes(line, others)
    if line.access == "allowed":
        warnings += audit_notes(line)
    text = f"{note}{line.summary()} {line.access}: {address_count(line.range)}"
    return line, "\n".join([text, *(f"! {warning}" for warning in warnings)])


def mode_text(lines: list[IpRestriction]) -> str:
    """What the lines mean together, in one or two sentences."""
    if not lines:
        return "No IP restrictions: any address may call. Press n to add a line."
    everything = {line.range.version for line in lines if line.prefix_length == 0}
    if 4 in everything and lines[0].access == "allowed":
        mode = (
            f"{len(lines)} allowed, one of them 0.0.0.0/0: every address may call, the "
            "same as no restriction."
        )
    elif 4 in everything:
        mode = f"{len(lines)} disallowed, one of them 0.0.0.0/0: no address may call."
    elif everything and lines[0].access == "allowed":
        mode = f"{len(lines)} allowed, one of them ::/0: every IPv6 address may call."
    elif everything:
        mode = f"{len(lines)} disallowed, one of them ::/0: no IPv6 address may call."
    elif lines[0].access == "allowed":
        mode = f"{len(lines)} allowed: only these may call; every other address is blocked."
    else:
        mode = f"{len(lines)} disallowed: these are blocked; every other address may call."
    if any(line.address in AFAS_CONNECT_ADDRESSES for line in lines):
        mode += " AFAS Connect test addresses are listed: remove them after testing."
    elif any(afas_connect_addresses_in(line) for line in lines if line.access == "allowed"):
        mode += " An allowed range holds an AFAS Connect test address: narrow it."
    return mode


def widening(removed: IpRestriction, kept: list[IpRestriction]) -> str | None:
    """What removing line `removed` lets call that could not before, or None when it
    narrows access: without a disallowed line that address may call again, and
    without the last allowed line every address may."""
    if removed.access == "disallowed":
        return f"{removed.summary()} is blocked now; without this line it may call again."
    if not kept:
        return (
            f"{removed.summary()} is the only allowed line; without it EVERY address "
            "may call this connector."
        )
    return None
