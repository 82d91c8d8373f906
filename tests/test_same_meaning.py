"""Same meaning, same answer (issue 18, item 4).

A version 1 file and its migrated version 2 file, or two spellings of one
address or range, never differ in diff, audit or list; an IPv6 line that
carries IPv4 addresses (IPv4-mapped, NAT64) is judged as those IPv4 addresses
by every audit rule; a dotted or nested key's problem is reported at its own
line; a path in `path:line` output is never cut.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from acwizard.changes import access_changes
from acwizard.checking.load import load_file
from acwizard.model import AppConnector
from acwizard.problems import Problem
from acwizard.reports.listing import list_row
from acwizard.rules import connector_findings
from acwizard.workspace import Workspace


def v1(*lines: tuple[str, str]) -> str:
    """A version 1 file with these (address, subnet mask) lines, all allowed."""
    written = "".join(
        f'    {{ address = "{address}", subnet_mask = "{mask}", access = "allowed" }},\n'
        for address, mask in lines
    )
    return (
        'schema_version = 1\ndescription = "App"\nuser_group = "G"\nblocked = false\n'
        f'get_connectors = [\n    "A",\n]\nip_restrictions = [\n{written}]\n'
    )


def v2(*addresses: str) -> str:
    """A version 2 file with these allowed addresses or ranges."""
    written = "".join(
        f'    {{ address = "{address}", access = "allowed" }},\n' for address in addresses
    )
    return (
        'schema_version = 2\ndescription = "App"\nuser_group = "G"\nblocked = false\n'
        'authentication = "classic"\n'
        f'get_connectors = [\n    "A",\n]\nip_restrictions = [\n{written}]\n'
    )


def loaded(workspace: Path, text: str, name: str):
    """The file as list and audit load it (the fast path where it applies) and as the
    model reads it."""
    path = workspace / "connectors" / name
    path.write_text(text, encoding="utf-8")
    ws = Workspace.open(workspace)
    return load_file(ws, path), ws.load(path)


def findings(connector) -> list[tuple[str, str, str]]:
    return [
        (f.level, f.code, f.message)
        for f in connector_findings("app", connector, today=date(2026, 1, 1))
    ]


SPELLINGS = [
    (v1(("52.174.142.76", "255.255.255.255")), v2("52.174.142.76")),
    (v1(("203.0.113.7", "255.255.255.255")), v2("203.0.113.7")),
    (v1(("10.0.0.0", "255.0.0.0")), v2("10.0.0.0/8")),
    (v2("2001:DB8:0::1/128"), v2("2001:db8::1")),
    (v2("203.0.113.7/32"), v2("203.0.113.7")),
    (v2("::ffff:cb00:7107"), v2("::ffff:203.0.113.7/128")),
]


@pytest.mark.parametrize(("first", "second"), SPELLINGS)
def test_two_spellings_of_one_range_never_differ_in_diff_audit_or_list(workspace, first, second):
    (fast_a, model_a), (fast_b, model_b) = (
        loaded(workspace, first, "app.toml"),
        loaded(workspace, second, "app.toml"),
    )
    for a, b in ((fast_a, fast_b), (model_a, model_b), (fast_a, model_b)):
        assert a.connector is not None and b.connector is not None
        assert access_changes(a.connector, b.connector) == []
        assert access_changes(b.connector, a.connector) == []
        assert findings(a.connector) == findings(b.connector)
        assert list_row(a) == list_row(b)


def test_a_migrated_single_address_is_the_same_address(workspace):
    _, model = loaded(workspace, v1(("203.0.113.7", "255.255.255.255")), "app.toml")
    assert model.connector is not None
    migrated = model.connector.migrated()
    assert access_changes(model.connector, migrated) == []
    assert model.connector.ip_summary() == migrated.ip_summary() == "allow 203.0.113.7"


def test_a_different_range_is_still_a_change(workspace):
    _, before = loaded(workspace, v1(("203.0.113.0", "255.255.255.0")), "app.toml")
    _, after = loaded(workspace, v2("203.0.113.7"), "app.toml")
    assert access_changes(before.connector, after.connector) == [
        "IP line added: 203.0.113.7 allowed",
        "IP line removed: 203.0.113.0/24 allowed",
    ]


def review(*addresses: str) -> list[tuple[str, str, str]]:
    """The IP findings of an active version 2 connector allowing `addresses`."""
    connector = AppConnector.model_validate(
        {
            "schema_version": 2,
            "description": "App",
            "user_group": "G",
            "blocked": False,
            "authentication": "classic",
            "get_connectors": ["A"],
            "ip_restrictions": [{"address": a, "access": "allowed"} for a in addresses],
        }
    )
    return [
        finding
        for finding in findings(connector)
        if finding[1] in ("wide-range", "private-range", "afas-connect-allowed")
    ]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "::ffff:0.0.0.0/96",
            [("high", "wide-range", "allows ::ffff:0.0.0.0/96: every address (IPv4, IPv4-mapped)")],
        ),
        (
            "64:ff9b::/96",
            [("high", "wide-range", "allows 64:ff9b::/96: every address (IPv4, NAT64)")],
        ),
        (
            "::ffff:10.0.0.0/104",
            [
                (
                    "high",
                    "wide-range",
                    "allows ::ffff:10.0.0.0/104: 16,777,216 addresses (IPv4, IPv4-mapped)",
                ),
                (
                    "low",
                    "private-range",
                    (
                        "::ffff:10.0.0.0/104 is a private range: AFAS Online sees the public address "
                        "a call comes from, so this line matches no caller"
                    ),
                ),
            ],
        ),
        (
            "::/80",
            [("high", "wide-range", "allows ::/80: every address (IPv4, IPv4-mapped)")],
        ),
    ],
)
def test_ipv6_lines_are_judged_wide_by_the_ipv4_ranges_they_carry(address, expected):
    # (Each of these also holds AFAS Connect's addresses: that finding is tested below.)
    assert [f for f in review(address) if f[1] != "afas-connect-allowed"] == expected


@pytest.mark.parametrize(
    "address",
    ["::ffff:127.0.0.1", "::ffff:169.254.0.0/112", "64:ff9b::a00:0/112", "64:ff9b::c0a8:1"],
)
def test_ipv6_lines_that_carry_private_ipv4_are_private_ranges(address):
    assert [code for _, code, _ in review(address)] == ["private-range"]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("64:ff9b::34ae:8e4c", "AFAS Connect test address still allowed: 64:ff9b::34ae:8e4c"),
        (
            "64:ff9b::34ae:8e00/120",
            (
                "allowed range 64:ff9b::34ae:8e00/120 contains the AFAS Connect test addresses "
                "52.174.142.76, 52.174.142.140"
            ),
        ),
        (
            "::/64",
            (
                "allowed range ::/64 contains the AFAS Connect test addresses 52.174.142.76, "
                "52.174.142.140"
            ),
        ),
    ],
)
def test_nat64_lines_that_reach_afas_connect_are_flagged(address, message):
    assert ("high", "afas-connect-allowed", message) in review(address)


# -- lines and paths ---------------------------------------------------------------------


NESTED = """\
schema_version = 2
description = "D"
user_group = "G"
blocked = false
authentication = "oauth"

[oauth]
client_type = "confidential"
client_authentication = "client_secret"

[[webhooks]]
description = "x"
"""

DOTTED = """\
schema_version = 2
description = "E"
user_group = "G"
blocked = false
authentication = "oauth"
oauth."client_type" = "confidential"
oauth . flows = ["client_credentials"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            NESTED,
            [
                "7: error: oauth.flows is required",
                "11: error: webhooks[0].url is required",
            ],
        ),
        (
            DOTTED,
            [
                (
                    "6: error: oauth.client_authentication: a confidential client needs "
                    'client_authentication = "client_secret" or "private_key_jwt"'
                )
            ],
        ),
    ],
    ids=["nested", "dotted"],
)
def test_a_nested_or_dotted_keys_problem_is_at_its_own_line(workspace, text, expected):
    _, model = loaded(workspace, text, "app.toml")
    assert [f"{p.line}: {p.severity}: {p.message}" for p in model.problems] == expected


def test_a_dotted_catalog_key_is_reported_at_its_line(workspace):
    from acwizard.catalog import load_catalog

    (workspace / "catalog.toml").write_text(
        'user_groups.G = "g"\nget_connectors."bad id" = "x"\n', encoding="utf-8"
    )
    _, problems = load_catalog(workspace)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(2, "get_connectors.'bad id'")]


def test_a_long_path_is_never_cut(tmp_path):
    deep = tmp_path.joinpath(*(["a-rather-long-directory-name"] * 12), "connectors", "x.toml")
    problem = Problem(deep, 3, "error", "description: must not be empty")
    assert problem.format() == f"{deep}:3: error: description: must not be empty"
    assert len(str(deep)) > 300
