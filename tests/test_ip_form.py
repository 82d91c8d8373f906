"""The IP form and the IP pane with CIDR and IPv6 (Profit 8), on their own at 80x24.

The form takes one address or a range, IPv4 or IPv6, and returns a
schema_version 2 line (the range in `address`, no `subnet_mask`); the pane
shows every line in CIDR, whatever form the file had.
"""

from __future__ import annotations

from typing import Any

import pytest
from pane_host import PaneHost
from pydantic import ValidationError

from acwizard.cores.ip_lines import (
    FormError,
    describe_line,
    line_from_fields,
    mode_text,
    widening,
    written_for,
)
from acwizard.dialogs.ip_form import IpRestrictionForm
from acwizard.model import AppConnector, IpRestriction
from acwizard.widgets.grant_panes import IpRestrictionsPane

from conftest import shown

SIZE = (80, 24)

V1_RANGE = IpRestriction(address="192.168.10.0", subnet_mask="255.255.255.0", access="allowed")
"""A line as a schema_version 1 file holds it."""
V6_RANGE = IpRestriction(address="2001:db8:10::/48", access="allowed")


# -- the fields as people write them --------------------------------------------------


@pytest.mark.parametrize(
    ("address", "mask", "expected"),
    [
        ("10.0.0.0/8", "", "10.0.0.0/8"),
        ("10.0.0.0", "255.0.0.0", "10.0.0.0/8"),
        ("10.0.0.0", "/8", "10.0.0.0/8"),
        ("10.0.0.0", "8", "10.0.0.0/8"),
        ("203.0.113.7", "255.255.255.255", "203.0.113.7"),
        ("203.0.113.7/32", "", "203.0.113.7"),
        ("2001:db8:10::/48", "", "2001:db8:10::/48"),
        ("2001:db8:10::", "/48", "2001:db8:10::/48"),
        ("2001:DB8::7", "", "2001:db8::7"),
    ],
)
def test_every_way_of_writing_a_range_gives_one_version_2_line(address, mask, expected):
    line = line_from_fields(address, mask, "allowed")
    assert (line.address, line.subnet_mask) == (expected, None)


def test_host_bits_say_did_you_mean_for_ipv6_too():
    with pytest.raises(ValidationError, match=r"did you mean 2001:db8:10::/48\?"):
        line_from_fields("2001:db8:10::1/48", "", "allowed")
    with pytest.raises(ValidationError, match=r"did you mean 10\.0\.0\.0\?"):
        line_from_fields("10.0.0.5", "255.0.0.0", "allowed")


@pytest.mark.parametrize(
    ("address", "mask"),
    [
        ("10.9.0.0", "\u00b2"),  # superscript two: AltGr+2 on many European layouts
        ("10.9.0.0", "\u0662\u0664"),  # Arabic-Indic 24
        ("10.9.0.0", "/\uff12\uff14"),  # full-width 24
        ("2001:db8:10::", "/\u0664\u0668"),
        ("10.9.0.0/\u0662\u0664", ""),
    ],
)
def test_digits_other_than_0_to_9_are_a_form_error_not_a_crash(address, mask):
    # str.isdigit takes them; int() or ipaddress then raised, and the TUI exited
    with pytest.raises((FormError, ValidationError)):
        line_from_fields(address, mask, "allowed")


def test_a_subnet_mask_is_refused_for_ipv6_with_the_prefix_form_named():
    with pytest.raises(FormError, match="write an IPv6 range with its prefix"):
        line_from_fields("2001:db8:10::", "255.255.0.0", "allowed")


def test_a_version_1_connector_gets_its_ipv4_ranges_as_address_and_mask():
    line = line_from_fields("10.0.0.0/8", "", "allowed")
    assert written_for(line, 1) == {
        "address": "10.0.0.0",
        "subnet_mask": "255.0.0.0",
        "access": "allowed",
    }
    assert written_for(line, 2) == {
        "address": "10.0.0.0/8",
        "subnet_mask": None,
        "access": "allowed",
    }
    assert written_for(V6_RANGE, 1)["address"] == "2001:db8:10::/48"  # the model refuses it there


# -- what the form says as the admin types, and what the lines mean (the core) ----------


def test_a_line_says_its_size_its_audit_finding_and_its_overlaps():
    others = [IpRestriction(address="10.1.0.0/16", access="allowed")]
    line, message = describe_line("10.0.0.0/8", "", "allowed", others)
    assert line is not None and line.summary() == "10.0.0.0/8"
    assert message.splitlines() == [
        "10.0.0.0/8 allowed: 16777216 addresses",
        "! 10.0.0.0/8 already holds 10.1.0.0/16, which is listed too",
        "! Audit (high): allows 10.0.0.0/8: 16,777,216 addresses",
    ]
    assert describe_line("", "", "allowed", others) == (None, "")
    assert describe_line("10.1.0.0", "/16", "allowed", others) == (
        None,
        "! 10.1.0.0/16 is already listed",
    )
    refused = describe_line("10.0.0.5/8", "", "allowed", [])
    assert refused[0] is None and "did you mean 10.0.0.0/8?" in refused[1]
    assert describe_line("::/0", "", "allowed", [])[1].startswith(
        "Warning: this allows every IPv6 address. ::/0 allowed: 2^128 addresses"
    )


def test_the_lines_together_and_what_removing_one_opens():
    allowed = [IpRestriction(address="203.0.113.7", access="allowed")]
    denied = [IpRestriction(address="203.0.113.7", access="disallowed")]
    assert mode_text([]) == "No IP restrictions: any address may call. Press n to add a line."
    assert mode_text(allowed).startswith("1 allowed: only these may call")
    assert mode_text(denied).startswith("1 disallowed: these are blocked")
    connect = [IpRestriction(address="52.174.142.0/24", access="allowed")]
    assert mode_text(connect).endswith(
        "An allowed range holds an AFAS Connect test address: narrow it."
    )
    assert widening(denied[0], []) == (
        "203.0.113.7 is blocked now; without this line it may call again."
    )
    assert widening(allowed[0], []) == (
        "203.0.113.7 is the only allowed line; without it EVERY address may call this connector."
    )
    assert widening(allowed[0], connect) is None  # narrows access: no question


# -- the pane and its form ----------------------------------------------------------------


def accept_lines(host: PaneHost, pane: Any, message: Any) -> None:
    """The properties screen's part: validate through the model, show what it kept."""
    try:
        connector = AppConnector.model_validate(
            {
                "schema_version": 2,
                "description": "x",
                "user_group": "x",
                "ip_restrictions": [line.model_dump() for line in message.lines],
            }
        )
    except ValidationError as exc:
        pane.show(pane.lines)
        host.notify(str(exc.errors()[0]["msg"]), severity="error", markup=False)
        return
    pane.show(connector.ip_restrictions)


def ip_host(lines: list[IpRestriction]) -> PaneHost:
    return PaneHost(lambda: IpRestrictionsPane(lines, id="ip-pane"), accept_lines)


async def test_the_pane_shows_every_line_in_cidr_with_its_ip_version_and_size():
    app = ip_host([V1_RANGE, V6_RANGE])
    async with app.run_test(size=SIZE) as pilot:
        text = await shown(pilot)
        assert "Address or range IP Addresses Access" in text
        assert "> 192.168.10.0/24 v4 256 allowed" in text
        assert "2001:db8:10::/48 v6 2^80 allowed" in text
        assert "255.255.255.0" not in text
        assert "2 allowed: only these may call" in text


async def test_a_new_ipv6_range_is_posted_as_a_version_2_line():
    app = ip_host([V1_RANGE])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"2001:db8:20::/48")
        assert "2001:db8:20::/48 allowed: 2^80 addresses" in await shown(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, type(app.screen))  # the form closed
        lines = app.changes[-1].lines  # type: ignore[attr-defined]
        assert [line.model_dump() for line in lines][-1] == {
            "address": "2001:db8:20::/48",
            "subnet_mask": None,
            "access": "allowed",
        }
        assert "2001:db8:20::/48 v6 2^80 allowed" in await shown(pilot)


async def test_editing_a_version_1_line_shows_it_in_cidr_and_returns_it_in_cidr():
    app = ip_host([V1_RANGE])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, IpRestrictionForm)
        assert app.screen.query_one("#ip-address").value == "192.168.10.0/24"  # type: ignore[attr-defined]
        await pilot.press("end", "backspace", "backspace", *"23", "enter")
        lines = app.changes[-1].lines  # type: ignore[attr-defined]
        assert [(line.address, line.subnet_mask) for line in lines] == [("192.168.10.0/23", None)]


async def test_a_range_already_listed_in_version_1_form_is_refused():
    app = ip_host([V1_RANGE, IpRestriction(address="203.0.113.7", access="allowed")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"192.168.10.0/24")
        assert "! 192.168.10.0/24 is already listed" in await shown(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, IpRestrictionForm)  # refused: still open
        assert app.changes == []


async def test_ipv6_overlaps_and_the_wide_range_audit_note_show_while_typing():
    app = ip_host([V6_RANGE])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"2001:db8:10:5::/64")
        assert "! 2001:db8:10:5::/64 is already inside 2001:db8:10::/48" in await shown(pilot)
        await pilot.press("ctrl+u", *"2001:db8::/32")
        text = await shown(pilot)
        assert "! 2001:db8::/32 already holds 2001:db8:10::/48" in text
        assert "! Audit (high): allows 2001:db8::/32: 2^96 addresses" in text
        await pilot.press("ctrl+u", *"2001:db8:10::1/48")
        assert "did you mean 2001:db8:10::/48?" in await shown(pilot)


async def test_all_of_ipv6_is_a_warning_and_the_pane_says_what_it_means():
    app = ip_host([V6_RANGE])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"::/0")
        text = await shown(pilot)
        assert "Warning: this allows every IPv6 address." in text
        assert "Audit (high): allows ::/0: every IPv6 address" in text
        await pilot.press("enter")
        assert "2 allowed, one of them ::/0: every IPv6 address may call." in await shown(pilot)


async def test_a_range_holding_an_afas_connect_address_is_named_in_form_and_pane():
    app = ip_host([])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"52.174.142.0/24")
        assert "contains the AFAS Connect test addresses 52.174.142.76, 52.174.142.140" in (
            await shown(pilot)
        )
        await pilot.press("enter")
        assert "An allowed range holds an AFAS Connect test address" in await shown(pilot)


async def test_the_model_refusing_a_line_keeps_the_old_lines_on_screen():
    # A disallowed line next to allowed ones is refused by the model (one access mode).
    mixed = IpRestriction(address="198.51.100.0/24", access="disallowed")
    app = ip_host([V1_RANGE])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        pane = app.query_one(IpRestrictionsPane)
        pane.post_message(IpRestrictionsPane.Changed([V1_RANGE, mixed]))
        text = await shown(pilot)
        assert "use one mode for all lines" in text
        assert "198.51.100.0/24" not in text
        assert "1 allowed: only these may call" in text
