"""Review rules (audit findings, access changes) that must not depend on spelling or notation.

A reviewer trusts `acwizard audit` to flag personnel writes and AFAS Connect's
test addresses, and `acwizard diff` to say what access changed; a case variant
of an id or a range around an address must not hide either or invent a grant.
"""

from __future__ import annotations

import pytest

from acwizard.catalog import load_catalog
from acwizard.changes import access_changes
from acwizard.model import AppConnector, IpRestriction
from acwizard.rules import (
    afas_connect_addresses_in,
    connector_findings,
    sensitive_writes,
    shared_user_group_findings,
)

ALLOWED = [{"address": "203.0.113.7", "access": "allowed"}]


def connector(**fields) -> AppConnector:
    """An active connector restricted to one address, with the fields given."""
    return AppConnector.model_validate(
        {
            "description": "App",
            "user_group": "Payroll Sync",
            "blocked": False,
            "ip_restrictions": ALLOWED,
            **fields,
        }
    )


def found(item: AppConnector, **options) -> list[tuple[str, str, str]]:
    """(level, code, message) of each finding for `item`, with the built-in catalog."""
    catalog, _ = load_catalog(None)
    catalog.entries["user_groups"]["Payroll Sync"] = "Payroll"
    return [(f.level, f.code, f.message) for f in connector_findings("x", item, catalog, **options)]


# -- case ---------------------------------------------------------------------------


def test_the_issue_example_still_writes_personnel_finance_and_user_data():
    item = connector(update_connectors=["knemployee", "fientries", "knuser"])
    assert found(item) == [
        ("medium", "sensitive-write", "writes finance data: fientries"),
        ("medium", "sensitive-write", "writes personnel data: knemployee"),
        ("medium", "sensitive-write", "writes Profit user accounts: knuser"),
        (
            "low",
            "catalog-spelling",
            (
                "update_connectors spelled otherwise in the catalog: did you mean "
                "FiEntries (not fientries), KnEmployee (not knemployee), KnUser (not knuser)?"
            ),
        ),
    ]


@pytest.mark.parametrize(
    ("written", "what"),
    [
        ("KNEMPLOYEE", "personnel data"),
        ("hrcompmut", "HR and payroll data"),
        ("HRCOMPMUT", "HR and payroll data"),
        ("hRabsence", "HR and payroll data"),
        ("FIENTRIES", "finance data"),
        ("fIsepadirectdebit", "finance data"),
        ("Knuser", "Profit user accounts"),
        ("Hrcompmut", "HR and payroll data"),
        ("Fientries", "finance data"),
    ],
)
def test_risk_rules_ignore_case_with_the_catalog(written, what):
    catalog, _ = load_catalog(None)
    assert sensitive_writes(connector(update_connectors=[written]), catalog) == {what: [written]}


@pytest.mark.parametrize(
    ("written", "what"),
    [
        ("knemployee", "personnel data"),
        ("KNUSER", "Profit user accounts"),
        ("hrmadeup", "HR and payroll data"),
        ("FIMADEUP", "finance data"),
    ],
)
def test_risk_rules_ignore_case_without_the_catalog(written, what):
    """An id the catalog lacks, spelled in another case, still counts: case never hides risk."""
    assert sensitive_writes(connector(update_connectors=[written])) == {what: [written]}


@pytest.mark.parametrize("written", ["Hrx", "FbSales", "KnPerson", "Fi", "Hr1"])
def test_ids_outside_the_sensitive_families_are_not_flagged(written):
    assert sensitive_writes(connector(update_connectors=[written])) == {}


def test_a_case_variant_is_a_spelling_finding_not_a_missing_one():
    item = connector(user_group="payroll sync", connectors=["appconnectorsubject"])
    catalog, _ = load_catalog(None)
    catalog.entries["user_groups"]["Payroll Sync"] = "Payroll"
    findings = [(f.code, f.message) for f in connector_findings("x", item, catalog)]
    assert findings == [
        (
            "catalog-spelling",
            (
                "user group 'payroll sync' is spelled 'Payroll Sync' in the catalog; "
                "did you mean 'Payroll Sync'?"
            ),
        ),
        (
            "catalog-spelling",
            (
                "connectors spelled otherwise in the catalog: did you mean "
                "AppConnectorSubject (not appconnectorsubject)?"
            ),
        ),
    ]


def test_a_user_group_in_a_finding_cannot_forge_the_sentence():
    # GIVEN user groups whose names hold a quote and the rest of a finding's sentence
    forged = "Ops' is not in the catalog; user group 'Payroll Sync"
    item = connector(user_group=forged)
    other = connector(user_group=forged)
    catalog, _ = load_catalog(None)
    # WHEN the audit reviews them (the group is missing from the catalog, and shared)
    messages = [f.message for f in connector_findings("x", item, catalog)]
    shared = [f.message for f in shared_user_group_findings({"x": item, "y": other})]
    # THEN the quote inside is escaped: the value ends where its own quote ends
    escaped_group = "'Ops\\' is not in the catalog; user group \\'Payroll Sync'"
    assert f"user group {escaped_group} is not in the catalog" in messages
    assert shared[0].startswith(f"user group {escaped_group} is also used by y;")


def test_exact_spellings_give_no_spelling_finding():
    item = connector(update_connectors=["KnEmployee"])
    assert [code for _, code, _ in found(item)] == ["sensitive-write"]


# -- AFAS Connect addresses -----------------------------------------------------------


def line(address: str, mask: str | None = None, access: str = "allowed") -> dict[str, str]:
    """One IP line as data."""
    data = {"address": address, "access": access}
    if mask:
        data["subnet_mask"] = mask
    return data


@pytest.mark.parametrize(
    ("lines", "messages"),
    [
        (
            [line("52.174.142.0", "255.255.255.0")],
            [
                (
                    "allowed range 52.174.142.0/24 contains the AFAS Connect test addresses "
                    "52.174.142.76, 52.174.142.140"
                )
            ],
        ),
        (
            [line("52.174.142.64", "255.255.255.240")],
            ["allowed range 52.174.142.64/28 contains the AFAS Connect test address 52.174.142.76"],
        ),
        (
            [line("52.174.142.128", "255.255.255.128")],
            [
                "allowed range 52.174.142.128/25 contains the AFAS Connect test address 52.174.142.140"
            ],
        ),
        (
            [line("52.0.0.0", "255.0.0.0")],
            [
                (
                    "allowed range 52.0.0.0/8 contains the AFAS Connect test addresses "
                    "52.174.142.76, 52.174.142.140"
                )
            ],
        ),
        (
            [line("0.0.0.0", "0.0.0.0")],
            [
                (
                    "allowed range 0.0.0.0/0 contains the AFAS Connect test addresses "
                    "52.174.142.76, 52.174.142.140"
                )
            ],
        ),
        (
            # A mask of 255.255.255.255 is one address, as its migrated line writes it.
            [line("52.174.142.76", "255.255.255.255")],
            ["AFAS Connect test address still allowed: 52.174.142.76"],
        ),
        (
            [line("52.174.142.76"), line("52.174.142.128", "255.255.255.192")],
            [
                "AFAS Connect test address still allowed: 52.174.142.76",
                (
                    "allowed range 52.174.142.128/26 contains the AFAS Connect test address "
                    "52.174.142.140"
                ),
            ],
        ),
        ([line("52.174.142.80", "255.255.255.240")], []),
        ([line("52.174.142.0", "255.255.255.0", "disallowed")], []),
    ],
)
def test_an_allowed_range_around_an_afas_connect_address_is_flagged(lines, messages):
    item = connector(get_connectors=["A"], ip_restrictions=lines)
    flagged = [
        (level, message) for level, code, message in found(item) if code == "afas-connect-allowed"
    ]
    assert flagged == [("high", message) for message in messages]


def test_a_blocked_connector_with_such_a_range_is_medium():
    item = connector(blocked=True, ip_restrictions=[line("52.174.142.0", "255.255.255.0")])
    assert [(level, code) for level, code, _ in found(item)] == [("medium", "afas-connect-allowed")]


def test_the_addresses_a_line_covers():
    assert afas_connect_addresses_in(IpRestriction(**line("52.174.142.140"))) == ["52.174.142.140"]
    assert afas_connect_addresses_in(IpRestriction(**line("52.174.142.0", "255.255.255.0"))) == [
        "52.174.142.76",
        "52.174.142.140",
    ]
    assert afas_connect_addresses_in(IpRestriction(**line("203.0.113.7"))) == []


# -- access changes -------------------------------------------------------------------


def test_a_case_only_respelling_is_not_a_revoke_and_a_grant():
    before = connector(update_connectors=["knemployee", "HrCompMut"], user_group="payroll sync")
    after = connector(update_connectors=["KnEmployee", "FiEntries"], user_group="Payroll Sync")
    assert access_changes(before, after) == [
        "spelling of user group 'payroll sync' changed to 'Payroll Sync'",
        "granted UpdateConnector: FiEntries",
        "revoked UpdateConnector: HrCompMut",
        "spelling of UpdateConnector knemployee changed to KnEmployee",
    ]


def test_another_user_group_is_still_a_change_of_user_group():
    before = connector(user_group="Payroll Sync")
    after = connector(user_group="Payroll Team")
    assert access_changes(before, after) == ["user group changed: 'Payroll Sync' -> 'Payroll Team'"]


def test_long_values_are_shown_whole_so_the_two_sides_never_print_alike():
    # GIVEN a user group and a webhook changed far into their text
    group = "Payroll administrators of the shared service centre, second line team "
    old_url = "https://hooks.corp.example." + "x." * 90 + "corp.example/hook"
    new_url = "https://hooks.corp.example." + "x." * 90 + "evil.example/hook"
    hook = {"description": "HR", "blocked": False}
    before = connector(user_group=group + "alpha", webhooks=[{**hook, "url": old_url}])
    after = connector(user_group=group + "omega", webhooks=[{**hook, "url": new_url}])
    # THEN the change shows each side entire
    assert access_changes(before, after) == [
        f"user group changed: '{group}alpha' -> '{group}omega'",
        f"webhook 'HR' re-pointed: {old_url} -> {new_url}",
    ]


# -- Profit 8 and 9: the classic-token deadline, OAuth, IPv6 (issue 13) ----------------

from datetime import date

from acwizard.rules import CERTIFICATE_NEAR_DAYS

OAUTH = {
    "schema_version": 2,
    "connectors": ["AppConnectorSubject"],
    "authentication": "oauth",
    "oauth": {
        "client_type": "confidential",
        "flows": ["client_credentials"],
        "client_authentication": "private_key_jwt",
        "jwks_url": "https://app.example.com/jwks.json",
    },
}


def classic_message(to_expiry: str, to_stop: str, expire: str = "expire") -> str:
    """Both deadlines, with the days left to each, as every place words them."""
    return (
        f"classic tokens {expire} on 1 May 2027 ({to_expiry}); connectors with a classic "
        f"token stop working after 31 August 2027 ({to_stop}): migrate to OAuth"
    )


def deadline(item: AppConnector, today: str) -> list[tuple[str, str, str]]:
    """The classic-token and hybrid findings for `item` on `today`."""
    return [
        f
        for f in found(item, today=date.fromisoformat(today))
        if f[1] in ("classic-token", "hybrid")
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (
            "2026-08-31",
            [("low", "classic-token", classic_message("243 days left", "365 days left"))],
        ),
        (
            "2026-09-01",
            [("medium", "classic-token", classic_message("242 days left", "364 days left"))],
        ),
        (
            "2026-11-24",
            [("medium", "classic-token", classic_message("158 days left", "280 days left"))],
        ),
        (
            "2027-04-30",
            [("medium", "classic-token", classic_message("1 day left", "123 days left"))],
        ),
        ("2027-05-01", [("high", "classic-token", classic_message("today", "122 days left"))]),
        (
            "2027-05-02",
            [("high", "classic-token", classic_message("1 day ago", "121 days left", "expired"))],
        ),
        (
            "2027-08-31",
            [("high", "classic-token", classic_message("122 days ago", "today", "expired"))],
        ),
        (
            "2027-09-01",
            [
                (
                    "high",
                    "classic-token",
                    (
                        "classic token: this connector no longer works: classic tokens expired "
                        "on 1 May 2027 (123 days ago); connectors with a classic token stopped "
                        "working after 31 August 2027 (1 day ago); migrate to OAuth"
                    ),
                )
            ],
        ),
    ],
)
def test_a_classic_connector_is_judged_by_the_date(today, expected):
    assert deadline(connector(), today) == expected
    # a version 2 classic file is the same
    assert deadline(connector(schema_version=2, authentication="classic"), today) == expected


def test_hybrid_means_finish_the_migration_and_oauth_is_done():
    hybrid = connector(**{**OAUTH, "authentication": "hybrid"})
    assert deadline(hybrid, "2027-05-02") == [
        (
            "medium",
            "hybrid",
            (
                "hybrid: apps still on a classic token stop working: classic tokens expired on "
                "1 May 2027 (1 day ago); connectors with a classic token stop working after 31 "
                "August 2027 (121 days left); finish the migration and switch to OAuth"
            ),
        ),
    ]
    assert deadline(hybrid, "2027-09-01")[0][0] == "low"
    assert deadline(connector(**OAUTH), "2027-05-02") == []


def test_client_secrets_certificates_and_redirects():
    secret = connector(
        **{
            **OAUTH,
            "oauth": {
                "client_type": "confidential",
                "flows": ["client_credentials", "authorization_code"],
                "client_authentication": "client_secret",
                "secret_validity_days": 90,
                "redirect_urls": ["http://127.0.0.1:8400/cb", "https://app.example.com/cb"],
            },
        }
    )
    assert found(secret, today=date(2026, 11, 24)) == [
        (
            "low",
            "client-secret",
            (
                "authenticates with a client secret, renewed every 90 days: "
                "prefer private key JWT (no shared secret to leak or renew)"
            ),
        ),
        (
            "low",
            "redirect-not-https",
            (
                "redirect URL http://127.0.0.1:8400/cb is not https "
                "(loopback only, for a native app)"
            ),
        ),
        (
            "low",
            "secret-expiry-unknown",
            (
                "client secrets not recorded: list each with the expiry date Profit shows "
                "([oauth] secrets), so that expiring warns before one runs out"
            ),
        ),
    ]
    certificates = connector(
        **{
            **OAUTH,
            "oauth": {
                "client_type": "confidential",
                "flows": ["client_credentials"],
                "client_authentication": "private_key_jwt",
                "certificates": [
                    {"key_id": "old", "not_after": date(2026, 11, 1)},
                    {
                        "key_id": "soon",
                        "not_after": date(2026, 11, 24 + CERTIFICATE_NEAR_DAYS - 24),
                    },
                    {"key_id": "later", "not_after": date(2027, 11, 1)},
                ],
            },
        }
    )
    assert found(certificates, today=date(2026, 11, 24)) == [
        (
            "high",  # a credential already expired (issue 20), whatever else is left
            "certificate-expired",
            "certificate old expired on 1 November 2026 (23 days ago): remove it",
        ),
        (
            "medium",
            "certificate-ending",
            (
                "certificate soon expires on 30 November 2026 (6 days left): upload its "
                "successor, then remove it once the app signs"
            ),
        ),
    ]
    only_expired = connector(
        **{
            **OAUTH,
            "oauth": {
                "client_type": "confidential",
                "flows": ["client_credentials"],
                "client_authentication": "private_key_jwt",
                "certificates": [{"key_id": "old", "not_after": date(2026, 11, 1)}],
            },
        }
    )
    assert found(only_expired, today=date(2026, 11, 24))[0][:2] == ("high", "certificate-expired")


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "2001:db8::/32",
            [
                (
                    "high",
                    "wide-range",
                    "allows 2001:db8::/32: 2^96 addresses, a whole internet provider's allocation",
                )
            ],
        ),
        (
            "2000::/3",
            [
                (
                    "high",
                    "wide-range",
                    "allows 2000::/3: 2^125 addresses, more than a whole internet provider's /32",
                )
            ],
        ),
        (
            "::/0",
            [
                (
                    "high",
                    "afas-connect-allowed",
                    "allowed range ::/0 contains the AFAS Connect test addresses 52.174.142.76, 52.174.142.140",
                ),
                ("high", "wide-range", "allows ::/0: every IPv6 address"),
            ],
        ),
        ("2001:db8:10::/48", []),
        (
            "::ffff:52.174.142.0/120",
            [
                (
                    "high",
                    "afas-connect-allowed",
                    "allowed range ::ffff:52.174.142.0/120 contains the AFAS Connect test addresses 52.174.142.76, 52.174.142.140",
                )
            ],
        ),
        (
            "52.174.142.0/24",
            [
                (
                    "high",
                    "afas-connect-allowed",
                    "allowed range 52.174.142.0/24 contains the AFAS Connect test addresses 52.174.142.76, 52.174.142.140",
                )
            ],
        ),
        (
            "52.174.142.76",
            [
                (
                    "high",
                    "afas-connect-allowed",
                    "AFAS Connect test address still allowed: 52.174.142.76",
                )
            ],
        ),
    ],
)
def test_ipv6_and_cidr_ranges(address, expected):
    item = connector(schema_version=2, ip_restrictions=[{"address": address, "access": "allowed"}])
    assert [f for f in found(item) if f[1] in ("wide-range", "afas-connect-allowed")] == expected


# -- one finding type, one catalog verdict ------------------------------------------------


def test_validate_and_audit_agree_on_what_the_catalog_lacks_or_spells_otherwise():
    """Both families ask `catalog_mismatches`; each says it in its own words, at its own place."""
    from acwizard.files.settings import Settings
    from acwizard.rules import file_findings

    catalog, _ = load_catalog(None)
    catalog.entries["user_groups"]["Payroll Sync"] = "Payroll"
    item = connector(
        user_group="payroll sync",
        get_connectors=["Nope_X"],
        update_connectors=["knemployee", "Nope.Y"],
    )
    assert [
        (f.loc, f.level, f.code, f.message) for f in file_findings(item, Settings(), catalog)
    ] == [
        (
            ("user_group",),
            "warning",
            "catalog-spelling",
            (
                "user_group: 'payroll sync' is spelled 'Payroll Sync' in the catalog; "
                "did you mean 'Payroll Sync'?"
            ),
        ),
        (
            ("get_connectors", 0),
            "warning",
            "not-in-catalog",
            "get_connectors: 'Nope_X' is not in the catalog",
        ),
        (
            ("update_connectors", 0),
            "warning",
            "catalog-spelling",
            (
                "update_connectors: 'knemployee' is spelled 'KnEmployee' in the catalog; "
                "did you mean KnEmployee?"
            ),
        ),
        (
            ("update_connectors", 1),
            "warning",
            "not-in-catalog",
            "update_connectors: 'Nope.Y' is not in the catalog",
        ),
    ]
    assert [f for f in found(item) if f[1] in ("not-in-catalog", "catalog-spelling")] == [
        (
            "low",
            "catalog-spelling",
            (
                "user group 'payroll sync' is spelled 'Payroll Sync' in the catalog; "
                "did you mean 'Payroll Sync'?"
            ),
        ),
        ("low", "not-in-catalog", "get_connectors not in the catalog: Nope_X"),
        ("low", "not-in-catalog", "update_connectors not in the catalog: Nope.Y"),
        (
            "low",
            "catalog-spelling",
            (
                "update_connectors spelled otherwise in the catalog: did you mean "
                "KnEmployee (not knemployee)?"
            ),
        ),
    ]


def test_a_finding_is_json_with_the_audits_keys_in_order():
    finding = connector_findings("x", connector(blocked=True, ip_restrictions=[]))[0]
    assert list(finding.to_dict().items()) == [
        ("connector_id", "x"),
        ("level", "low"),
        ("code", "no-ip-restrictions"),
        ("message", "no IP restrictions yet (blocked for now)"),
    ]


def test_a_shared_user_group_names_five_others_and_counts_the_rest():
    """Each connector on the group has the finding, so five names are enough; naming all
    made the audit grow with the square of the group (5,000 on one group: 277 MB)."""
    from acwizard.rules import shared_user_group_findings

    connectors = {f"c{n}": connector(user_group="Integrations") for n in range(1, 9)}
    found = {f.connector_id: f.message for f in shared_user_group_findings(connectors)}
    assert found["c1"] == (
        "user group 'Integrations' is also used by c2, c3, c4, c5, c6 and 2 more; "
        "AFAS advises one user group per app"
    )
    assert found["c4"].startswith(
        "user group 'Integrations' is also used by c1, c2, c3, c5, c6 and 2 more;"
    )
    assert len(found) == 8
    big = {f"c{n:04d}": connector(user_group="Integrations") for n in range(2000)}
    longest = max(len(f.message) for f in shared_user_group_findings(big))
    assert longest < 150


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("10.1.0.0/16", True),
        ("172.20.0.0/16", True),
        ("192.168.10.16/28", True),
        ("100.64.0.0/10", True),
        ("fd12:3456::/48", True),
        ("::ffff:192.168.1.0/120", True),
        ("172.32.0.0/16", False),  # just outside 172.16.0.0/12
        ("0.0.0.0/0", False),  # every address: the wide-range rule's, not this one's
        ("::/0", False),
        ("203.0.113.0/24", False),  # documentation: examples use it on purpose
        ("2001:db8::/32", False),
    ],
)
def test_a_private_range_matches_no_caller_of_afas_online(address, private):
    line = {"address": address, "access": "allowed"}
    item = connector(schema_version=2, get_connectors=["A"], ip_restrictions=[line])
    codes = [code for _, code, _ in found(item)]
    assert ("private-range" in codes) is private
    assert "private-range" not in [code for _, code, _ in found(item, online=False)]
