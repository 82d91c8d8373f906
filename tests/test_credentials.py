"""The credentials register (issue 20): the model's version 3 keys and their rules, the
Auditor's credential findings, group members in the catalog, and what diff and plan say.

Each rule is checked on the core (the model, `rules`, `catalog`, `changes`, `planning`);
the command line's side is in test_expiring.py and test_secret_guard_cli.py.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from pydantic import ValidationError

from acwizard.audit import audit_report, reviewed
from acwizard.catalog import Catalog, read_catalog_file
from acwizard.changes import access_changes
from acwizard.model import AppConnector, errors_by_field
from acwizard.planning.connector import Context, changed_steps
from acwizard.reports.plan import render
from acwizard.rules import (
    CLASSIC_EXPIRY,
    connector_findings,
    deadlines_text,
    earliest_end,
    expiry_mark,
    months_before,
)
from acwizard.workspace import Workspace

from conftest import PAYROLL, PAYROLL_AS_V2

TODAY = date(2026, 12, 7)

OAUTH_SECRET = {
    "client_type": "confidential",
    "flows": ["client_credentials"],
    "client_authentication": "client_secret",
}


def connector(**data: Any) -> AppConnector:
    """A version 3 classic connector with `data` over it, validated as read from a file."""
    base = tomllib.loads(PAYROLL_AS_V2) | {"schema_version": 3}
    return AppConnector.model_validate(base | data, context={"file": True})


def problems_of(workspace: Path, text: str) -> list[str]:
    """`line: severity: message` of one file."""
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(text, encoding="utf-8")
    return [
        f"{p.line}: {p.severity}: {p.message}"
        for p in Workspace.open(workspace).load(path).problems
    ]


def token(user: str = "SYS", description: str = "Prod", **dates: date) -> dict[str, Any]:
    """One token of the register."""
    return {"user": user, "description": description, **dates}


TOKENS = (
    "tokens = [\n"
    '    { user = "SYS_PAYROLL", description = "Payroll server (prod)", issued = 2026-03-01, '
    "expires = 2027-05-01, last_used = 2026-11-30 },\n"
    "]\n"
)
"""The issue's example register: one classic token."""


# -- the model: version 3 ----------------------------------------------------------------------


def test_the_issue_s_example_is_a_valid_canonical_version_3_file(workspace):
    text = PAYROLL_AS_V2.replace("schema_version = 2", "schema_version = 3") + TOKENS
    assert problems_of(workspace, text) == []
    loaded = Workspace.open(workspace).load(workspace / "connectors" / "payroll-sync.toml")
    assert loaded.is_canonical
    assert loaded.connector is not None and loaded.connector.tokens is not None
    assert loaded.connector.tokens[0].last_used == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            PAYROLL_AS_V2 + TOKENS,
            (
                "19: error: tokens: is a schema_version 3 key (the credentials register and "
                "not_secret): set schema_version = 3"
            ),
        ),
        (
            PAYROLL + TOKENS,
            (
                "18: error: tokens: is a schema_version 3 key (the credentials register and "
                "not_secret): run acwizard migrate first, then set schema_version = 3"
            ),
        ),
        (
            PAYROLL_AS_V2.replace('"classic"', '"hybrid"')
            + '\n[oauth]\nclient_type = "confidential"\nflows = ["client_credentials"]\n'
            'client_authentication = "client_secret"\nsecrets = []\n',
            "24: error: oauth.secrets: is a schema_version 3 key",
        ),
        (
            PAYROLL_AS_V2 + 'not_secret = ["notes"]\n',
            "19: error: not_secret: is a schema_version 3",
        ),
    ],
)
def test_a_version_3_key_in_an_older_file_says_which_version_it_needs(workspace, text, expected):
    found = problems_of(workspace, text)
    assert any(problem.startswith(expected) for problem in found), found


def test_a_newer_version_is_refused_for_its_version_before_any_key_is_judged(workspace):
    """What keeps a release from reading a newer release's keys as secrets' names: the
    version is judged first (acwizard 0.x said it for version 3 files: checked by hand)."""
    text = PAYROLL.replace("schema_version = 1", "schema_version = 4") + TOKENS
    text += 'client_secret_token = "x"\n'
    assert problems_of(workspace, text) == [
        (
            "1: error: schema_version: this file uses schema_version 4, written by a newer "
            "acwizard; this version reads 1 to 3. Upgrade acwizard."
        )
    ]


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (
            {
                "authentication": "oauth",
                "oauth": OAUTH_SECRET,
                "tokens": [{"user": "U", "description": "D"}],
            },
            "tokens: ",
            "an OAuth connector accepts no classic token",
        ),
        (
            {
                "authentication": "oauth",
                "oauth": OAUTH_SECRET
                | {
                    "client_authentication": "private_key_jwt",
                    "jwks_url": "https://app.example.com/jwks.json",
                    "secrets": [{"label": "a"}],
                },
            },
            "oauth.secrets: ",
            'only client_authentication = "client_secret" has',
        ),
        (
            {"tokens": [token(issued=date(2026, 3, 1), expires=date(2026, 2, 1))]},
            "tokens[0].expires: ",
            "is before issued",
        ),
        (
            {"tokens": [token(issued=date(2026, 3, 1), last_used=date(2026, 2, 1))]},
            "tokens[0].last_used: ",
            "is before issued",
        ),
        (
            {"tokens": [token(description="Prod"), token(user="V", description="prod")]},
            "tokens[1].description: ",
            "Profit keeps each token's description unique",
        ),
        (
            {"tokens": [token() | {"token": "x"}]},
            "tokens[0]: unknown key 'token': ",
            "secrets (client secrets, private keys, tokens, passwords) never go into files",
        ),
        (
            {"tokens": [token(description=f"D{n}") for n in range(1001)]},
            "tokens: ",
            "limit is 1,000",
        ),
        ({"not_secret": ["notes", "notes"]}, "not_secret[1]: ", "names the same field twice"),
        ({"not_secret": ["no such thing!"]}, "not_secret[0]: ", "must name a field"),
    ],
)
def test_the_register_s_rules(workspace, data, where, message):
    """Each rule as validate says it: at the key it is about, in the file's words."""
    document = tomllib.loads(PAYROLL_AS_V2) | {"schema_version": 3, "notes": "n"} | data
    found = [
        problem.split(": ", 2)[2]
        for problem in problems_of(workspace, tomli_w.dumps(document))
        if problem.split(": ", 2)[1] == "error"
    ]
    assert any(line.startswith(where) and message in line for line in found), found


def test_a_secret_s_label_is_listed_once_and_secrets_sort_by_expiry():
    hybrid = connector(
        authentication="hybrid",
        oauth=OAUTH_SECRET
        | {
            "secrets": [
                {"label": "later", "expires": date(2027, 6, 1)},
                {"label": "unknown"},
                {"label": "sooner", "expires": date(2027, 1, 1)},
            ]
        },
    )
    assert hybrid.oauth is not None and hybrid.oauth.secrets is not None
    assert [s.label for s in hybrid.oauth.secrets] == ["sooner", "later", "unknown"]
    with pytest.raises(ValidationError, match="listed twice"):
        connector(
            authentication="hybrid",
            oauth=OAUTH_SECRET | {"secrets": [{"label": "A"}, {"label": "a"}]},
        )


def test_a_client_id_hint_is_a_name_never_a_secret():
    hint = {"authentication": "hybrid", "oauth": OAUTH_SECRET | {"client_id_hint": "payroll-2026"}}
    assert connector(**hint).oauth.client_id_hint == "payroll-2026"  # type: ignore[union-attr]
    pasted = "q8Zt3vLw9Kd2Xr7Bn5Hm1Yp4Gc6Fs0Ja"  # a client secret pasted as the hint
    with pytest.raises(ValidationError) as raised:
        connector(authentication="hybrid", oauth=OAUTH_SECRET | {"client_id_hint": pasted})
    message = errors_by_field(raised.value)["oauth"]
    assert "looks like a client secret" in message and pasted not in message
    assert pasted[:8] not in message


def test_every_writer_writes_the_lowest_version_that_holds_the_connector():
    recorded = connector(tokens=[])
    assert recorded.to_toml().startswith("schema_version = 3\n")
    assert "tokens = []\n" in recorded.to_toml()
    # a version 3 file without the register is written as version 2
    plain = connector()
    assert plain.schema_version == 3 and plain.to_toml().startswith("schema_version = 2\n")
    # built in code as version 2 (the TUI), a register moves it to 3 when written
    built = AppConnector.model_validate(
        tomllib.loads(PAYROLL_AS_V2) | {"tokens": [{"user": "U", "description": "D"}]}
    )
    assert built.schema_version == 2 and built.to_toml().startswith("schema_version = 3\n")
    # a version 1 file stays 1 for fmt; migrate moves it to 2, or 3 with a register
    v1 = AppConnector.model_validate(tomllib.loads(PAYROLL), context={"file": True})
    assert v1.settled().schema_version == 1 and v1.migrated().schema_version == 2
    with_tokens = v1.model_copy(update={"tokens": []}).settled()
    assert with_tokens.schema_version == 3
    assert with_tokens.ip_restrictions[0].address == "192.168.10.0/24"


def test_fmt_rewrites_a_version_3_file_without_the_register_as_version_2(workspace, capsys):
    from acwizard.cli import main

    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(PAYROLL_AS_V2.replace("schema_version = 2", "schema_version = 3"))
    assert main(["-w", str(workspace), "fmt"]) == 0
    assert path.read_text() == PAYROLL_AS_V2


def test_model_errors_describe_a_secret_instead_of_repeating_it():
    token = "PHRva2VuPjx2ZXJzaW9uPjE8L3ZlcnNpb24+PGRhdGE+" + "QUJD" * 20
    for data in (
        {"authentication": "hybrid", "oauth": OAUTH_SECRET | {"client_authentication": token}},
        {"authentication": [token, "x"]},
        {"get_connectors": ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"] * 2},
    ):
        with pytest.raises(ValidationError) as raised:
            connector(**data)
        shown = "\n".join(errors_by_field(raised.value).values())
        assert token[:40] not in shown and "eyJhbGciOiJIUzI1NiJ9" not in shown, shown
        assert "(not shown: secrets never go into files)" in shown, shown


# -- the Auditor's questions -------------------------------------------------------------------


def findings(
    item: AppConnector, catalog: Catalog | None = None, today: date = TODAY
) -> list[tuple[str, str]]:
    """(level, code) of the register's findings."""
    skip = {"classic-token", "hybrid", "no-ip-restrictions", "client-secret", "not-in-catalog"}
    return [
        (f.level, f.code)
        for f in connector_findings("x", item, catalog, True, today=today)
        if f.code not in skip and not f.code.startswith(("private", "sensitive", "deny"))
    ]


def members(group: str, *users: str) -> Catalog:
    """A catalog whose `group` lists `users`."""
    catalog = Catalog()
    catalog.entries["user_groups"][group] = "g"
    catalog.members[group] = users
    return catalog


def test_no_token_and_more_than_one_on_a_classic_connector():
    assert findings(connector(tokens=[])) == [("low", "no-token")]
    two = connector(tokens=[token(description="A"), token(description="B")])
    assert findings(two) == [("medium", "more-than-one-token")]
    assert findings(connector()) == []  # not recorded: nothing to say about it


def test_a_token_issued_over_a_year_ago_or_unused_for_three_months():
    old = connector(tokens=[token(issued=date(2025, 12, 6))])
    assert findings(old) == [("medium", "token-old")]
    assert findings(connector(tokens=[token(issued=date(2025, 12, 7))])) == []
    unused = connector(tokens=[token(last_used=date(2026, 9, 6))])
    assert findings(unused) == [("medium", "token-unused")]
    assert findings(connector(tokens=[token(last_used=date(2026, 9, 7))])) == []


def test_high_only_for_what_has_expired():
    expiring = connector(tokens=[token(expires=TODAY)])
    assert findings(expiring) == [("medium", "token-expiry")]
    expired = connector(tokens=[token(expires=date(2026, 12, 6))])
    assert findings(expired) == [("high", "token-expiry")]
    far = connector(tokens=[token(expires=date(2027, 1, 7))])
    assert findings(far) == [] and findings(far, today=date(2026, 12, 8)) == [
        ("medium", "token-expiry")
    ]
    secret = connector(
        authentication="hybrid",
        oauth=OAUTH_SECRET | {"secrets": [{"label": "old", "expires": date(2026, 12, 1)}]},
    )
    assert ("high", "secret-expiry") in findings(secret)


def test_holders_outside_the_group_and_groups_of_more_than_one_user():
    item = connector(tokens=[token(user="SYS_PAYROLL"), token(user="SYS_OTHER", description="B")])
    catalog = members("Payroll Sync", "sys_payroll", "SYS_SECOND")
    assert sorted(findings(item, catalog)) == [
        ("medium", "group-members"),
        ("medium", "holder-not-in-group"),
        ("medium", "more-than-one-token"),
    ]
    message = next(
        f.message
        for f in connector_findings("x", item, catalog, True, today=TODAY)
        if f.code == "holder-not-in-group"
    )
    assert "'SYS_OTHER' is not a member of user group 'Payroll Sync'" in message
    assert (
        findings(
            connector(tokens=[token(user="SYS_PAYROLL")]), members("Payroll Sync", "SYS_PAYROLL")
        )
        == []
    )


def test_a_hybrid_connector_holding_classic_tokens_after_1_may_2027_is_high():
    item = connector(
        authentication="hybrid", oauth=OAUTH_SECRET | {"secrets": []}, tokens=[token()]
    )
    assert ("high", "hybrid-classic-tokens") not in findings(item, today=date(2027, 4, 30))
    assert ("high", "hybrid-classic-tokens") in findings(item, today=CLASSIC_EXPIRY)
    done = item.model_copy(update={"tokens": []})
    assert ("high", "hybrid-classic-tokens") not in findings(done, today=date(2027, 6, 1))


def test_client_secrets_without_an_expiry_or_against_their_validity():
    def secret(**data: Any) -> AppConnector:
        return connector(authentication="hybrid", oauth=OAUTH_SECRET | data)

    assert findings(secret()) == [("low", "secret-expiry-unknown")]
    assert findings(secret(secrets=[{"label": "a"}])) == [("low", "secret-expiry-unknown")]
    agreeing = secret(
        secret_validity_days=90,
        secrets=[{"label": "a", "created": date(2027, 1, 1), "expires": date(2027, 4, 1)}],
    )
    assert findings(agreeing) == []
    default = secret(
        secrets=[{"label": "a", "created": date(2027, 1, 1), "expires": date(2027, 4, 1)}]
    )
    assert findings(default) == [("low", "secret-validity")]  # Profit's default is 180 days


def test_an_expired_certificate_is_high_and_the_window_is_medium():
    item = connector(
        authentication="oauth",
        oauth={
            "client_type": "confidential",
            "flows": ["client_credentials"],
            "client_authentication": "private_key_jwt",
            "certificates": [
                {"key_id": "old", "not_after": date(2026, 12, 6)},
                {"key_id": "soon", "not_after": date(2027, 1, 6)},
                {"key_id": "later", "not_after": date(2027, 1, 7)},
            ],
        },
    )
    assert findings(item) == [("high", "certificate-expired"), ("medium", "certificate-ending")]


def test_the_earliest_end_and_the_list_s_mark():
    item = connector(
        tokens=[token(expires=date(2027, 5, 1)), token(description="B", expires=date(2026, 12, 20))]
    )
    assert earliest_end(item) == date(2026, 12, 20)
    assert earliest_end(connector()) is None
    assert expiry_mark(date(2026, 12, 20), TODAY) == "expiring"
    assert expiry_mark(date(2026, 12, 6), TODAY) == "expired"
    assert expiry_mark(date(2027, 1, 7), TODAY) is None and expiry_mark(None, TODAY) is None


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (date(2026, 12, 7), 12, date(2025, 12, 7)),
        (date(2026, 5, 31), 3, date(2026, 2, 28)),
        (date(2028, 5, 31), 3, date(2028, 2, 29)),
        (date(2026, 1, 15), 3, date(2025, 10, 15)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_month_s_last(today, months, expected):
    assert months_before(today, months) == expected


def test_the_migration_section_names_who_holds_classic_tokens():
    items = {
        "a": connector(tokens=[token(user="SYS_B"), token(user="sys_a", description="X")]),
        "b": connector(),
        "c": connector(tokens=[]),
    }
    report = audit_report([reviewed(key, item, []) for key, item in items.items()], TODAY)
    assert [row["token_holders"] for row in report.migration] == [["sys_a", "SYS_B"], None, []]
    assert deadlines_text(TODAY) in report.migration_title


# -- group members in the catalog --------------------------------------------------------------


def catalog_of(tmp_path: Path, text: str) -> tuple[Catalog, list[str]]:
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    catalog, problems = read_catalog_file(path)
    return catalog, [f"{p.line}: {p.severity}: {p.message}" for p in problems]


def test_a_group_may_list_its_members_and_the_short_form_stays(tmp_path):
    catalog, problems = catalog_of(
        tmp_path,
        '[user_groups]\n"Payroll Sync" = "Payroll"\n'
        '"BI Export" = { description = "BI", members = ["SYS_BI", "SYS_BI_2"] }\n'
        '"Empty" = { members = [] }\n',
    )
    assert problems == []
    assert catalog.describe("user_groups", "bi export") == "BI"
    assert catalog.members_of("BI EXPORT") == ("SYS_BI", "SYS_BI_2")
    assert catalog.members_of("Payroll Sync") is None  # not recorded
    assert catalog.members_of("Empty") == () and catalog.describe("user_groups", "Empty") == ""


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            '{ description = "x", colour = "red" }',
            "unknown key 'colour'; a user group has description and members",
        ),
        ("{ description = 3 }", "the description must be a text in double quotes"),
        ('{ members = "SYS" }', "members must be a list of user ids"),
        ("{ members = [1] }", "members[0]: must be a user id in double quotes"),
        ('{ members = ["A", "a"] }', "members[1]: is listed twice"),
        ('{ members = [" A"] }', "members[0]: is empty or padded"),
        ('{ members = ["A\\u202eB"] }', "members[0]: contains a bidirectional control character"),
        ('{ members = ["' + "x" * 101 + '"] }', "members[0]: is 101 characters long"),
        (
            "{ members = [" + ", ".join(f'"U{n}"' for n in range(1001)) + "] }",
            "lists 1,001 members",
        ),
    ],
)
def test_a_hostile_group_entry_is_an_error_at_its_line_and_skipped(tmp_path, entry, expected):
    catalog, problems = catalog_of(tmp_path, f'[user_groups]\n"Ops" = "ok"\n"G" = {entry}\n')
    assert len(problems) == 1 and problems[0].startswith("3: error: user_groups.G"), problems
    assert expected in problems[0]
    assert catalog.find("user_groups", "G") is None and catalog.find("user_groups", "Ops") == "Ops"


def test_members_follow_the_workspace_catalog_over_the_built_in_one(tmp_path):
    first, second = Catalog(), Catalog()
    first.entries["user_groups"]["Ops"] = "a"
    second.entries["user_groups"]["ops"] = "b"
    second.members["ops"] = ("SYS",)
    first.merge(second)
    assert first.entries["user_groups"] == {"Ops": "b"} and first.members_of("OPS") == ("SYS",)


# -- diff and plan -----------------------------------------------------------------------------


def hybrid(**data: Any) -> AppConnector:
    """A hybrid connector with a client secret."""
    oauth = OAUTH_SECRET | data.pop("oauth", {})
    return connector(authentication="hybrid", oauth=oauth, **data)


def test_diff_says_what_changed_in_the_register():
    before = hybrid(
        tokens=[
            token(description="Prod", expires=date(2027, 5, 1)),
            token(user="U2", description="Old"),
        ],
        oauth={
            "secrets": [{"label": "2026-H1", "expires": date(2026, 12, 1)}],
            "client_id_hint": "pay-1",
        },
    )
    after = hybrid(
        tokens=[
            token(description="Prod", expires=date(2027, 8, 1)),
            token(user="U3", description="New"),
        ],
        oauth={
            "secrets": [
                {"label": "2026-H1", "expires": date(2026, 12, 1)},
                {"label": "2026-H2", "expires": date(2027, 6, 1)},
            ],
            "client_id_hint": "pay-2",
        },
        notes="see the vendor's portal",
        not_secret=["notes"],
    )
    assert access_changes(before, after) == [
        "classic token 'Prod' renewed: expires 2027-05-01 -> expires 2027-08-01",
        "classic token added: 'New' held by 'U3'",
        "classic token removed: 'Old'",
        "client secret added: '2026-H2' (expires 2027-06-01)",
        "client id hint: 'pay-1' -> 'pay-2'",
        "notes changed",
        "not_secret: field notes confirmed to hold no secret (the guard's guesses are silenced there)",
    ]
    assert access_changes(hybrid(), hybrid(tokens=[])) == ["classic tokens now recorded: none"]
    assert access_changes(hybrid(tokens=[token()]), hybrid()) == [
        "classic tokens no longer recorded"
    ]


def test_plan_adds_a_secret_before_revoking_the_old_one_and_deletes_tokens_after_oauth():
    before = hybrid(tokens=[token()], oauth={"secrets": [{"label": "2026-H1"}]})
    after = connector(
        authentication="oauth", oauth=OAUTH_SECRET | {"secrets": [{"label": "2026-H2"}]}, tokens=[]
    )
    lines = [render(step, "en") for step in changed_steps(before, after, Context())]
    assert lines[lines.index("Go to the tab: OAuth.") :] == [
        "Go to the tab: OAuth.",
        "Add a client secret ('2026-H2'); hand it to the app's vendor outside acwizard.",
        "Once the app uses its new secret: revoke the client secret '2026-H1'.",
        "Go to the tab: User tokens.",
        "Select the token 'Prod' of 'SYS' and delete it.",
        (
            "OAuth takes no classic token: delete every token left on this tab, once the app "
            "signs in with OAuth."
        ),
        "Click on: OK.",
    ]
    nothing = [render(step, "en") for step in changed_steps(before, before, Context())]
    assert nothing == []
