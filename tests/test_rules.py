"""Each rule a connector file must follow, with the message and line it is reported at."""

from __future__ import annotations

from pathlib import Path

import pytest

from acwizard.files.saving import dump_connector
from acwizard.model import AppConnector, check_url
from acwizard.workspace import Workspace

from conftest import PAYROLL, PAYROLL_V2


def problems_of(workspace: Path, text: str | bytes, name: str = "payroll-sync.toml") -> list[str]:
    """Load one file and return its problems as `line: severity: message`."""
    path = workspace / "connectors" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    loaded = Workspace.open(workspace).load(path)
    return [f"{p.line}: {p.severity}: {p.message}" for p in loaded.problems]


def replace(old: str, new: str) -> str:
    """The example file with one piece of text replaced."""
    assert old in PAYROLL
    return PAYROLL.replace(old, new, 1)


def test_the_example_file_is_valid_and_canonical(workspace):
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(PAYROLL, encoding="utf-8")
    loaded = Workspace.open(workspace).load(path)
    assert loaded.problems == []
    assert loaded.status == "blocked"
    assert loaded.is_canonical


RULES = [
    # description
    (replace('"Payroll Sync"\nuser', '"   "\nuser'), "2: error: description: must not be empty"),
    (
        replace('"Payroll Sync"\nuser', '"Pay\\u202eroll"\nuser'),
        (
            "2: error: description: contains a bidirectional control character "
            "(U+202E RIGHT-TO-LEFT OVERRIDE) at character 4"
        ),
    ),
    (
        replace('"Payroll Sync"\nuser', '"Pay\\u001b[31mroll"\nuser'),
        "2: error: description: contains an invisible or control character (U+001B",
    ),
    (
        replace('"Payroll Sync"\nuser', '"' + "x" * 101 + '"\nuser'),
        "2: error: description: is 101 characters long; the limit is 100",
    ),
    (replace('description = "Payroll Sync"\n', ""), "1: error: description is required"),
    # a description must show something: fillers, blanks and lone marks read as empty
    (
        replace('"Payroll Sync"\nuser', '"\\u3164"\nuser'),
        "2: error: description: contains an invisible or control character (U+3164 HANGUL FILLER) at character 1",
    ),
    (
        replace('"Payroll Sync"\nuser', '"Payroll\\uffa0Sync"\nuser'),
        "2: error: description: contains an invisible or control character (U+FFA0 HALFWIDTH HANGUL FILLER) at character 8",
    ),
    (
        replace('"Payroll Sync"\nuser', '"\\u115f\\u1160"\nuser'),
        "2: error: description: contains an invisible or control character (U+115F HANGUL CHOSEONG FILLER)",
    ),
    (
        replace('"Payroll Sync"\nuser', '"\\u180e"\nuser'),
        "2: error: description: contains an invisible or control character (U+180E MONGOLIAN VOWEL SEPARATOR)",
    ),
    (
        replace('"Payroll Sync"\nuser', '"\\u2800\\u2800"\nuser'),
        "2: error: description: shows no visible character (only spaces, blanks, fillers or combining marks)",
    ),
    (
        replace('"Payroll Sync"\nuser', '"\\u0301\\u20dd\\u0903"\nuser'),
        "2: error: description: shows no visible character",
    ),
    (
        replace('"Payroll Sync"\nuser', '"\\u2800\\u3000\\u0301"\nuser'),
        "2: error: description: shows no visible character",
    ),
    (
        replace('"Payroll Sync"\nuser', '"\\u2000\\u200a\\u3000"\nuser'),
        "2: error: description: must not be empty",
    ),
    (
        replace('description = "Payroll Sync"', "description = 7"),
        "2: error: description: must be a text",
    ),
    # user group
    (replace('user_group = "Payroll Sync"\n', ""), "1: error: user_group is required"),
    (
        replace('user_group = "Payroll Sync"', 'user_group = ""'),
        "3: error: user_group: must not be empty",
    ),
    (
        replace('user_group = "Payroll Sync"', 'user_group = "\\u2800"'),
        "3: error: user_group: shows no visible character",
    ),
    (
        replace('user_group = "Payroll Sync"', 'user_group = "\\u3164"'),
        "3: error: user_group: contains an invisible or control character (U+3164 HANGUL FILLER)",
    ),
    (
        replace('user_group = "Payroll Sync"', 'user_group = "Nobody"'),
        "3: warning: user_group: 'Nobody' is not in the catalog",
    ),
    # blocked
    (replace("blocked = true", 'blocked = "yes"'), "4: error: blocked: must be true or false"),
    # ids
    (
        replace('    "Profit_Employees",\n', '    "Profit_Employees",\n    "",\n'),
        "7: error: get_connectors[1]: a connector id must not be empty",
    ),
    (
        replace('    "HrCompMut",\n', '    "Hr Comp/../Mut",\n'),
        "9: error: update_connectors[0]: 'Hr Comp/../Mut' is not a valid connector id",
    ),
    (
        replace('    "Profit_Employees",\n', '    "Profit_Employees",\n    "profit_employees",\n'),
        "7: error: get_connectors[1]: 'profit_employees' is listed twice (also as 'Profit_Employees')",
    ),
    (
        replace('    "HrCompMut",\n', '    "HrCompMut",\n    "HrCompMut",\n'),
        "10: error: update_connectors[1]: 'HrCompMut' is listed twice",
    ),
    (
        replace('    "Profit_Employees",\n', '    "Profit_Nope",\n'),
        "6: warning: get_connectors: 'Profit_Nope' is not in the catalog",
    ),
    # case: an id has one spelling, the catalog's
    (
        replace('    "HrCompMut",\n', '    "HrCompMut",\n    "knemployee",\n'),
        "10: warning: update_connectors: 'knemployee' is spelled 'KnEmployee' in the catalog; did you mean KnEmployee?",
    ),
    (
        replace('    "HrCompMut",\n', '    "FIENTRIES",\n    "HrCompMut",\n'),
        "9: warning: update_connectors: 'FIENTRIES' is spelled 'FiEntries' in the catalog; did you mean FiEntries?",
    ),
    (
        replace('    "Profit_Employees",\n', '    "profit_employees",\n'),
        "6: warning: get_connectors: 'profit_employees' is spelled 'Profit_Employees' in the catalog; did you mean Profit_Employees?",
    ),
    (
        replace('    "AppConnectorSubject",\n', '    "appconnectorsubject",\n'),
        "12: warning: connectors: 'appconnectorsubject' is spelled 'AppConnectorSubject' in the catalog; did you mean AppConnectorSubject?",
    ),
    (
        replace('user_group = "Payroll Sync"', 'user_group = "payroll SYNC"'),
        "3: warning: user_group: 'payroll SYNC' is spelled 'Payroll Sync' in the catalog; did you mean 'Payroll Sync'?",
    ),
    (
        replace(
            'connectors = [\n    "AppConnectorSubject",\n]', 'connectors = "AppConnectorSubject"'
        ),
        "11: error: connectors: must be a list",
    ),
    # IP restrictions
    (
        replace('"192.168.10.0", subnet_mask', '"192.168.10.5", subnet_mask'),
        (
            "15: error: ip_restrictions[0]: address 192.168.10.5 does not start the range of "
            "subnet mask 255.255.255.0; did you mean 192.168.10.0?"
        ),
    ),
    (
        replace('"255.255.255.0"', '"255.0.255.0"'),
        "15: error: ip_restrictions[0].subnet_mask: '255.0.255.0' is not a contiguous subnet mask",
    ),
    # the stdlib also reads a host mask (0.0.0.255) as /24: a subnet mask is ones first
    (
        replace('"255.255.255.0"', '"0.0.0.255"'),
        "15: error: ip_restrictions[0].subnet_mask: '0.0.0.255' is not a contiguous subnet mask",
    ),
    (
        replace('"203.0.113.7"', '"203.0.113.300"'),
        "16: error: ip_restrictions[1].address: '203.0.113.300' is not a valid IPv4 address",
    ),
    (
        replace('"203.0.113.7"', '"2001:db8::1"'),
        "16: error: ip_restrictions[1].address: '2001:db8::1' is IPv6, which needs schema_version = 2 (run acwizard migrate)",
    ),
    (
        replace('"203.0.113.7"', '"203.0.113.0/24"'),
        "16: error: ip_restrictions[1].address: '203.0.113.0/24' is a CIDR range, which needs schema_version = 2 (run acwizard migrate)",
    ),
    (
        replace('"203.0.113.7", access = "allowed"', '"203.0.113.7", access = "blocked"'),
        '16: error: ip_restrictions[1].access: must be "allowed" or "disallowed", not \'blocked\'',
    ),
    (
        replace('"203.0.113.7", access = "allowed"', '"203.0.113.7", access = "disallowed"'),
        "16: error: ip_restrictions[1]: this line is 'disallowed' but the first line is 'allowed'",
    ),
    (
        replace(
            '{ address = "203.0.113.7", access = "allowed" },',
            '{ address = "203.0.113.7", access = "allowed" },\n    { address = "203.0.113.7", access = "allowed" },',
        ),
        "17: error: ip_restrictions[2]: 203.0.113.7 is listed twice",
    ),
    (
        replace(
            '{ address = "203.0.113.7", access', '{ address = "203.0.113.7", acess = "x", access'
        ),
        "16: error: ip_restrictions[1]: unknown key 'acess'; did you mean 'access'?",
    ),
    (
        replace('{ address = "203.0.113.7", access = "allowed" }', '{ address = "203.0.113.7" }'),
        "16: error: ip_restrictions[1].access is required",
    ),
    (
        replace('{ address = "203.0.113.7", access = "allowed" }', '"203.0.113.7"'),
        "16: error: ip_restrictions[1]: must be a table",
    ),
    # schema and keys
    (
        replace("schema_version = 1", "schema_version = 4"),
        "1: error: schema_version: this file uses schema_version 4, written by a newer acwizard",
    ),
    (
        replace("schema_version = 1", "schema_version = 0"),
        "1: error: schema_version: must be 2, 3 (with the credentials register) or 1",
    ),
    (
        replace("schema_version = 1", "schema_version = true"),
        "1: error: schema_version: must be the whole number 2 (or 1 for a version 1 file; no quotes, no decimal point), not true",
    ),
    (
        replace("schema_version = 1", "schema_version = 1.0"),
        "1: error: schema_version: must be the whole number 2 (or 1 for a version 1 file; no quotes, no decimal point), not 1.0",
    ),
    (
        replace("schema_version = 1", 'schema_version = "1"'),
        "1: error: schema_version: must be the whole number 2 (or 1 for a version 1 file; no quotes, no decimal point), not a text",
    ),
    (
        replace("blocked = true", "blocked = true\nschema_version = 1e0").replace(
            "schema_version = 1\n", "", 1
        ),
        "4: error: schema_version: must be the whole number 2 (or 1 for a version 1 file; no quotes, no decimal point), not 1.0",
    ),
    (replace("schema_version = 1\n", ""), "1: error: schema_version is missing"),
    (
        replace("blocked = true", "blocked = true\nblockd = false"),
        "5: error: unknown key 'blockd'; did you mean 'blocked'?",
    ),
    (
        replace("blocked = true", 'blocked = true\nnotes = "RFC-1234\\u0007"'),
        "5: error: notes: contains an invisible or control character (U+0007",
    ),
]


@pytest.mark.parametrize(("text", "expected"), RULES, ids=[r[1][:60] for r in RULES])
def test_each_rule_is_reported_with_its_line_and_message(workspace, text, expected):
    problems = problems_of(workspace, text)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_ip_restrictions_are_an_error_outside_afas_online(workspace):
    (workspace / "acwizard.toml").write_text("online = false\n", encoding="utf-8")
    problems = problems_of(workspace, PAYROLL)
    assert problems == [
        (
            "14: error: ip_restrictions: IP restrictions exist only in AFAS Online, and this "
            "workspace is not AFAS Online (online = false in acwizard.toml)"
        )
    ]


def test_catalog_warnings_do_not_make_a_file_invalid(workspace):
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(replace('    "HrCompMut",\n', '    "HrMadeUp",\n'), encoding="utf-8")
    loaded = Workspace.open(workspace).load(path)
    assert [p.severity for p in loaded.problems] == ["warning"]
    assert loaded.status == "blocked"


BROKEN_FILES = [
    (b'schema_version = 1\ndescription = "x\n', "2: error: invalid TOML: "),
    (
        b"schema_version = 1\nschema_version = 1\n",
        "2: error: invalid TOML: this key is already set earlier in the file (duplicate key)",
    ),
    (
        b'schema_version = 1\ndescription = "caf\xe9"\n',
        "2: error: is not valid UTF-8 (byte 0xe9 at column 19)",
    ),
    (
        b"schema_version = 1\n\x00\x01\x02junk",
        "2: error: is not a text file (it contains NUL bytes)",
    ),
    (b'schema_version = 1\ndescription = "a\x1b[2Jb"\n', "2: error: invalid TOML: "),
    (b"x" * (1024 * 1024 + 1), "1: error: is larger than 1024 KiB"),
]


@pytest.mark.parametrize(("raw", "expected"), BROKEN_FILES, ids=[b[1][:40] for b in BROKEN_FILES])
def test_broken_files_are_problems_not_exceptions(workspace, raw, expected):
    problems = problems_of(workspace, raw)
    assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Payroll Sync.toml",
            "1: error: file name 'Payroll Sync.toml' is not a valid connector id: use lowercase letters, digits and single hyphens, such as payroll-sync.toml",
        ),
        ("con.toml", "1: error: file name 'con.toml' is reserved on Windows; rename it"),
    ],
)
def test_file_names_must_be_safe_ids(workspace, name, expected):
    assert problems_of(workspace, PAYROLL, name=name) == [expected]


def test_a_symbolic_link_is_not_followed(workspace, tmp_path):
    target = tmp_path / "elsewhere.toml"
    target.write_text(PAYROLL, encoding="utf-8")
    link = workspace / "connectors" / "payroll-sync.toml"
    link.symlink_to(target)
    loaded = Workspace.open(workspace).load(link)
    assert [p.message for p in loaded.problems] == [
        "is a symbolic link; acwizard does not follow links"
    ]


@pytest.mark.parametrize(
    "description",
    [
        "Cafe\\u0301 Sync",
        "\\uae09\\uc5ec \\uc5f0\\ub3d9",
        "\\u7d66\\u4e0e\\u3000\\u9023\\u643a",
        "\\u0928\\u092e\\u0903",
        "\\u2800x",
    ],
    ids=["combining-acute", "hangul", "ideographic-space", "devanagari", "braille-blank-and-x"],
)
def test_descriptions_that_show_something_pass(workspace, description):
    assert problems_of(workspace, replace('"Payroll Sync"\nuser', f'"{description}"\nuser')) == []


def test_case_variants_of_catalog_ids_are_warnings_that_name_the_catalog_spelling(workspace):
    text = replace('    "HrCompMut",\n', '    "knemployee",\n    "fientries",\n    "knuser",\n')
    assert problems_of(workspace, text) == [
        (
            "9: warning: update_connectors: 'knemployee' is spelled 'KnEmployee' in the catalog; "
            "did you mean KnEmployee?"
        ),
        (
            "10: warning: update_connectors: 'fientries' is spelled 'FiEntries' in the catalog; "
            "did you mean FiEntries?"
        ),
        (
            "11: warning: update_connectors: 'knuser' is spelled 'KnUser' in the catalog; "
            "did you mean KnUser?"
        ),
    ]


def test_a_catalog_cannot_respell_an_id(workspace):
    """GIVEN a catalog.toml that lists a built-in id in other case, and one id twice in two cases."""
    (workspace / "catalog.toml").write_text(
        '[update_connectors]\nknemployee = "Ours"\n\n'
        '[get_connectors]\nProfit_Employees = "Employees"\nPROFIT_EMPLOYEES = "Again"\n\n'
        '[user_groups]\n"Payroll Sync" = "Payroll"\n',
        encoding="utf-8",
    )
    opened = Workspace.open(workspace)
    # THEN the catalog says so at the lines, and the built-in spelling stays the one spelling
    assert [f"{p.line}: {p.severity}: {p.message}" for p in opened.catalog_problems] == [
        (
            "2: warning: update_connectors.knemployee: the built-in catalog spells it "
            "'KnEmployee'; connector files must use that spelling"
        ),
        (
            "6: error: get_connectors.'PROFIT_EMPLOYEES': also listed as 'Profit_Employees'; "
            "an id has one spelling, so list it once"
        ),
    ]
    assert opened.catalog.find("update_connectors", "knemployee") == "KnEmployee"
    assert opened.catalog.describe("update_connectors", "KnEmployee") == "Ours"
    assert "knemployee" not in opened.catalog.section("update_connectors")
    text = replace('    "HrCompMut",\n', '    "knemployee",\n')
    assert problems_of(workspace, text) == [
        (
            "9: warning: update_connectors: 'knemployee' is spelled 'KnEmployee' in the catalog; "
            "did you mean KnEmployee?"
        ),
    ]


def test_descriptions_that_read_alike_are_warned_with_the_reason(workspace):
    """The README promises a warning for two descriptions with the same slug; look-alikes too."""
    for name, description in [
        ("a.toml", "Payroll Sync"),
        ("b.toml", "P\\u0430yroll Sync"),  # Cyrillic a
        ("c.toml", "PAYROLL-SYNC!"),
        ("d.toml", "payroll sync"),
        ("e.toml", "Payroll Sink"),
        ("f.toml", "\\u7d66\\u4e0e"),
        ("g.toml", "\\u4eba\\u4e8b"),
    ]:
        text = replace('"Payroll Sync"\nuser', f'"{description}"\nuser')
        (workspace / "connectors" / name).write_text(text, encoding="utf-8")
    opened = Workspace.open(workspace)
    files = opened.load_all()
    tail = "; users cannot tell their one-time-password e-mails apart"
    assert [
        f"{p.path.name}:{p.line}: {p.severity}: {p.message}"
        for p in opened.duplicate_description_problems(files)
    ] == [
        "b.toml:2: warning: description: 'P\u0430yroll Sync' looks the same as 'Payroll Sync', "
        "the description of a.toml (character 2 is U+0430 CYRILLIC SMALL LETTER A)" + tail,
        "c.toml:2: warning: description: 'PAYROLL-SYNC!' has the same file name slug "
        "(payroll-sync) as 'Payroll Sync', the description of a.toml" + tail,
        "d.toml:2: warning: description: 'payroll sync' is also the description of a.toml" + tail,
    ]


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Payroll Sync", "'Payroll Sync' is also the description of a.toml"),
        ("\uff30\uff41yroll sync", "'\uff30\uff41yroll sync' is also the description of a.toml"),
        ("Payroll\u3000Sync", "'Payroll\u3000Sync' is also the description of a.toml"),
        (
            "\u0420\u0430yr\u03bfll Sync",
            (
                "'\u0420\u0430yr\u03bfll Sync' looks the same as 'Payroll Sync', the "
                "description of a.toml (character 1 is U+0420 CYRILLIC CAPITAL LETTER ER)"
            ),
        ),
        (
            "PAYROLL SYN\u03f9",
            (
                "'PAYROLL SYN\u03f9' looks the same as 'Payroll Sync', the description of a.toml "
                "(character 12 is U+03F9 GREEK CAPITAL LUNATE SIGMA SYMBOL)"
            ),
        ),
        (
            "Payroll   Sync",
            "'Payroll   Sync' looks the same as 'Payroll Sync', the description of a.toml",
        ),
        (
            "Payroll\u2800Sync",
            (
                "'Payroll\u2800Sync' looks the same as 'Payroll Sync', the description of a.toml "
                "(character 8 is U+2800 BRAILLE PATTERN BLANK)"
            ),
        ),
        (
            "payroll_sync",
            (
                "'payroll_sync' has the same file name slug (payroll-sync) as 'Payroll Sync', "
                "the description of a.toml"
            ),
        ),
        ("Payroll Sink", None),
        ("Payroll Sync 2", None),
        ("\u7d66\u4e0e", None),
    ],
)
def test_description_clash_says_why(description, expected):
    from acwizard.workspace import description_clash

    others = [("a.toml", "Payroll Sync"), ("b.toml", "\u4eba\u4e8b")]
    assert description_clash(description, others) == expected


# -- schema_version 2 (issue 13) ----------------------------------------------------


def replace_v2(old: str, new: str) -> str:
    """The version 2 example with one piece of text replaced."""
    assert old in PAYROLL_V2, old
    return PAYROLL_V2.replace(old, new, 1)


PUBLIC = replace_v2(
    'client_type = "confidential"\nflows = [\n    "client_credentials",\n]\n'
    'client_authentication = "private_key_jwt"\nredirect_urls = []\n'
    'jwks_url = "https://payroll.example.com/.well-known/jwks.json"\n'
    'certificates = [\n    { key_id = "payroll-2026", not_after = 2027-06-30 },\n]\ndpop = false\n',
    'client_type = "public"\nflows = [\n    "authorization_code",\n]\n'
    'redirect_urls = [\n    "http://127.0.0.1:8400/callback",\n]\ndpop = true\n',
)
"""A valid public client: authorization code, a loopback redirect, DPoP (lines 20-27)."""
SECRET = replace_v2(
    'client_authentication = "private_key_jwt"\nredirect_urls = []\n'
    'jwks_url = "https://payroll.example.com/.well-known/jwks.json"\n'
    'certificates = [\n    { key_id = "payroll-2026", not_after = 2027-06-30 },\n]\n',
    'client_authentication = "client_secret"\nredirect_urls = []\nsecret_validity_days = 180\n',
)
"""A valid confidential client with a client secret."""

V2_RULES = [
    # authentication
    (
        replace_v2('authentication = "oauth"', 'authentication = "token"'),
        '5: error: authentication: must be "classic", "hybrid" or "oauth", not \'token\'',
    ),
    (
        replace_v2('authentication = "oauth"', 'authentication = "classic"'),
        "20: error: oauth: a classic-token connector has no OAuth settings",
    ),
    (
        PAYROLL_V2.split("\n[oauth]")[0] + "\n",
        '5: error: authentication: "oauth" needs an [oauth] table',
    ),
    # IP lines: CIDR and IPv6, host bits with "did you mean"
    (
        replace_v2('"192.168.10.0/24"', '"192.168.10.5/24"'),
        "15: error: ip_restrictions[0].address: address 192.168.10.5 does not start the range /24 (it has host bits set); did you mean 192.168.10.0/24?",
    ),
    (
        replace_v2('"2001:db8:10::/48"', '"2001:db8:10::1/48"'),
        "17: error: ip_restrictions[2].address: address 2001:db8:10::1 does not start the range /48 (it has host bits set); did you mean 2001:db8:10::/48?",
    ),
    (
        replace_v2('"2001:db8:10::/48"', '"2001:db8:10::/129"'),
        "17: error: ip_restrictions[2].address: '2001:db8:10::/129' needs a prefix length from 0 to 128",
    ),
    (
        replace_v2('"192.168.10.0/24"', '"192.168.10.0/255.255.255.0"'),
        "15: error: ip_restrictions[0].address: '192.168.10.0/255.255.255.0' needs a prefix length from 0 to 32 after the slash (for 255.255.255.0 write /24)",
    ),
    (
        replace_v2('"2001:db8:10::/48"', '"2001:db8:10::g/48"'),
        "17: error: ip_restrictions[2].address: '2001:db8:10::g/48' is not a valid IPv6 address",
    ),
    (
        replace_v2('"2001:db8:10::/48"', '"fe80::1%eth0"'),
        "17: error: ip_restrictions[2].address: 'fe80::1%eth0' has an IPv6 zone",
    ),
    (
        replace_v2(
            '{ address = "203.0.113.7", access = "allowed" },',
            '{ address = "203.0.113.7", access = "allowed" },\n    { address = "203.0.113.7/32", access = "allowed" },',
        ),
        "17: error: ip_restrictions[2]: 203.0.113.7 is listed twice",
    ),
    (
        replace_v2(
            '{ address = "2001:db8:10::/48", access = "allowed" }',
            '{ address = "2001:db8:10::/48", access = "disallowed" }',
        ),
        "17: error: ip_restrictions[2]: this line is 'disallowed' but the first line is 'allowed'",
    ),
    (
        replace_v2(
            '{ address = "192.168.10.0/24", access',
            '{ address = "192.168.10.0", subnet_mask = "255.255.255.0", access',
        ),
        '15: error: ip_restrictions[0].subnet_mask: subnet_mask is schema_version 1; in version 2 write the range in address: address = "192.168.10.0/24"',
    ),
    # OAuth: the combinations Profit refuses
    (
        replace_v2('client_type = "confidential"', 'client_type = "secret"'),
        '21: error: oauth.client_type: must be "confidential" or "public", not \'secret\'',
    ),
    (
        replace_v2('    "client_credentials",\n', '    "implicit",\n'),
        '23: error: oauth.flows[0]: must be "client_credentials" or "authorization_code", not \'implicit\'',
    ),
    (
        replace_v2('flows = [\n    "client_credentials",\n]', "flows = []"),
        "22: error: oauth.flows: list at least one flow",
    ),
    (
        PUBLIC.replace('"public"\n', '"public"\nclient_authentication = "client_secret"\n'),
        '22: error: oauth.client_authentication: a public client cannot keep a secret, so it has no client authentication (remove client_authentication = "client_secret")',
    ),
    (
        PUBLIC.replace('    "authorization_code",\n', '    "client_credentials",\n'),
        '22: error: oauth.flows: a public client uses only "authorization_code" (with PKCE)',
    ),
    (
        PUBLIC.replace("dpop = true", "dpop = false"),
        "28: error: oauth.dpop: a public client must use DPoP: set dpop = true",
    ),
    (
        replace_v2('client_authentication = "private_key_jwt"\n', ""),
        '20: error: oauth.client_authentication: a confidential client needs client_authentication = "client_secret" or "private_key_jwt"',
    ),
    (
        replace_v2('    "client_credentials",\n', '    "authorization_code",\n'),
        "26: error: oauth.redirect_urls: the authorization_code flow needs at least one redirect URL",
    ),
    (
        replace_v2(
            'jwks_url = "https://payroll.example.com/.well-known/jwks.json"\ncertificates = [\n    { key_id = "payroll-2026", not_after = 2027-06-30 },\n]\n',
            "",
        ),
        "25: error: oauth.client_authentication: private_key_jwt needs certificates or a jwks_url",
    ),
    (
        replace_v2("dpop = false", "secret_validity_days = 90\ndpop = false"),
        '31: error: oauth.secret_validity_days: is for client_authentication = "client_secret" only',
    ),
    (
        SECRET.replace(
            "redirect_urls = []", 'redirect_urls = []\njwks_url = "https://a.example.com/jwks"'
        ),
        '27: error: oauth.jwks_url: is used only with client_authentication = "private_key_jwt"',
    ),
    (
        SECRET.replace("= 180", "= 0"),
        "27: error: oauth.secret_validity_days: must be from 1 to 3650 days, not 0",
    ),
    (
        replace_v2("not_after = 2027-06-30", 'not_after = "2027-06-30"'),
        "29: error: oauth.certificates[0].not_after: must be a date without quotes, such as 2027-06-30",
    ),
    (
        replace_v2('key_id = "payroll-2026"', 'key_id = "pay roll"'),
        "29: error: oauth.certificates[0].key_id: 'pay roll' is not a valid key id",
    ),
    # URLs: https, loopback http for redirects only, no credentials, no secrets in queries
    (
        replace_v2(
            '"https://payroll.example.com/.well-known/jwks.json"',
            '"http://payroll.example.com/jwks"',
        ),
        "27: error: oauth.jwks_url: must start with https://",
    ),
    (
        PUBLIC.replace("http://127.0.0.1:8400", "http://app.example.com"),
        "26: error: oauth.redirect_urls[0]: must start with https:// (http only for a loopback address: 127.0.0.1, ::1, localhost)",
    ),
    (
        replace_v2(
            '"https://payroll.example.com/.well-known/jwks.json"',
            '"https://payroll.example.com/jwks?client_secret=hunter2"',
        ),
        "27: error: oauth.jwks_url: has a parameter named 'client_secret', which carries a secret; secrets never go into files",
    ),
    (
        PUBLIC.replace(
            "http://127.0.0.1:8400/callback", "https://app.example.com/cb#access_token=abc"
        ),
        "26: error: oauth.redirect_urls[0]: has a parameter named 'access_token'",
    ),
    (
        replace_v2(
            '"https://hooks.example.com/afas"', '"https://afas:hunter2@hooks.example.com/afas"'
        ),
        "35: error: webhooks[0].url: holds a user name or password (user:password@); secrets never go into files",
    ),
    (
        replace_v2(
            '"https://hooks.example.com/afas"', '"https://hooks.example.com/afas?token=abc"'
        ),
        "35: error: webhooks[0].url: has a parameter named 'token'",
    ),
    # webhooks: https and public
    (
        replace_v2('"https://hooks.example.com/afas"', '"http://hooks.example.com/afas"'),
        "35: error: webhooks[0].url: must start with https://",
    ),
    (
        replace_v2('"https://hooks.example.com/afas"', '"https://10.1.2.3/afas"'),
        "35: error: webhooks[0].url: host 10.1.2.3 is not publicly reachable",
    ),
    (
        replace_v2('"https://hooks.example.com/afas"', '"https://[::1]/afas"'),
        "35: error: webhooks[0].url: host ::1 is not publicly reachable",
    ),
    (
        replace_v2('"https://hooks.example.com/afas"', '"https://169.254.169.254/latest"'),
        "35: error: webhooks[0].url: host 169.254.169.254 is not publicly reachable",
    ),
    (
        replace_v2('"https://hooks.example.com/afas"', '"https://localhost/afas"'),
        "35: error: webhooks[0].url: host localhost is not publicly reachable",
    ),
    (
        replace_v2('"https://hooks.example.com/afas"', '""'),
        (
            "35: error: webhooks[0].url: is required: an https URL, such as "
            "https://app.example.com/path"
        ),
    ),
    # an IPv4 host that is not a.b.c.d (127.1, 2130706433, 0x7f000001 are all 127.0.0.1
    # to a resolver) is refused for every kind of URL; a dotted quad is checked as one
    *[
        (
            replace_v2('"https://hooks.example.com/afas"', f'"https://{host}/afas"'),
            (
                "35: error: webhooks[0].url: has an IPv4 address in a short or numeric form as "
                "its host (such as 127.1 or 2130706433), which systems read differently: write "
                "the address as four numbers, a.b.c.d"
            ),
        )
        for host in ("127.1", "2130706433", "0x7f000001", "0177.0.0.1", "10.1.2")
    ],
    (
        replace_v2('"https://hooks.example.com/afas"', '"https://127.0.0.1./afas"'),
        "35: error: webhooks[0].url: host 127.0.0.1. is not publicly reachable",
    ),
    (
        replace_v2(
            '"https://payroll.example.com/.well-known/jwks.json"', '"https://0x7f000001/jwks"'
        ),
        "27: error: oauth.jwks_url: has an IPv4 address in a short or numeric form",
    ),
    (
        PUBLIC.replace("http://127.0.0.1:8400", "http://127.1:8400"),
        "26: error: oauth.redirect_urls[0]: has an IPv4 address in a short or numeric form",
    ),
    # redirect URLs Profit refuses: a fragment (OAuth 2.1), a wildcard (matched exactly)
    (
        PUBLIC.replace("http://127.0.0.1:8400/callback", "https://app.example.com/cb#frag"),
        (
            "26: error: oauth.redirect_urls[0]: a redirect URL has no fragment (#...): OAuth 2.1 "
            "forbids it and Profit refuses it"
        ),
    ),
    (
        PUBLIC.replace("http://127.0.0.1:8400/callback", "https://*.example.com/cb"),
        (
            "26: error: oauth.redirect_urls[0]: has a wildcard (*) in its host; Profit matches "
            "URLs exactly, so a wildcard never matches: write the full host name"
        ),
    ),
    (
        replace_v2('"https://hooks.example.com/afas"', '"https://*.example.com/afas"'),
        "35: error: webhooks[0].url: has a wildcard (*) in its host",
    ),
    (
        replace_v2('description = "Dossier changes"', 'description = ""'),
        "34: error: webhooks[0].description: must not be empty",
    ),
    (
        PAYROLL_V2
        + '\n[[webhooks]]\ndescription = "Again"\nurl = "https://hooks.example.com/afas"\n',
        "40: error: webhooks[1].url: this webhook URL is listed twice",
    ),
    (
        PAYROLL_V2
        + '\n[[webhooks]]\ndescription = "Again"\nurl = "HTTPS://Hooks.Example.com/afas"\n',
        (
            "40: error: webhooks[1].url: this webhook URL is listed twice: "
            "'HTTPS://Hooks.Example.com/afas' is 'https://hooks.example.com/afas' (a URL's "
            "scheme and host ignore case)"
        ),
    ),
    (
        PAYROLL_V2 + 'password = "x"\n',
        "37: error: webhooks[0]: unknown key 'password': secrets (client secrets, private keys, tokens, passwords) never go into files",
    ),
    # a version 1 file holds no version 2 key
    (
        replace("blocked = true", 'blocked = true\nauthentication = "classic"'),
        "5: error: authentication: is a schema_version 2 key: it needs schema_version = 2 (run acwizard migrate)",
    ),
    (
        PAYROLL + '\n[[webhooks]]\ndescription = "x"\nurl = "https://hooks.example.com/x"\n',
        "19: error: webhooks: is a schema_version 2 key: it needs schema_version = 2 (run acwizard migrate)",
    ),
]


@pytest.mark.parametrize(
    "url",
    [
        "https://8.8.8.8/afas",
        "https://8.8.8.8./afas",
        "https://123.example.com/afas",
        "https://hooks.example.com/a*b?x=*",
    ],
)
def test_hosts_written_in_full_stay_valid_webhooks(url):
    """The shorthand and wildcard checks refuse only what they name."""
    assert check_url(url, public=True) == url


@pytest.mark.parametrize(("text", "expected"), V2_RULES, ids=[r[1][:70] for r in V2_RULES])
def test_each_version_2_rule_is_reported_with_its_line_and_message(workspace, text, expected):
    problems = problems_of(workspace, text)
    assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.parametrize("text", [PAYROLL_V2, PUBLIC, SECRET], ids=["jwt", "public", "secret"])
def test_version_2_examples_are_valid_canonical_and_round_trip(workspace, text):
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(text, encoding="utf-8")
    loaded = Workspace.open(workspace).load(path)
    assert [p for p in loaded.problems if p.is_error] == []
    assert loaded.is_canonical, loaded.canonical_text
    again = AppConnector.model_validate(loaded.connector.model_dump())
    assert dump_connector(again) == text


def test_version_2_canonical_form_sorts_and_normalises(workspace):
    """GIVEN a v2 file in any order, upper-case IPv6, a /32, tables in a different layout."""
    text = (
        'schema_version = 2\ndescription = "Payroll Sync"\nuser_group = "Payroll Sync"\n'
        'blocked = false\nauthentication = "hybrid"\n'
        'ip_restrictions = [{ address = "2001:DB8:10::/48", access = "allowed" },'
        ' { address = "203.0.113.7/32", access = "allowed" }]\n'
        'webhooks = [{ url = "https://hooks.example.com/b", description = "B" }]\n'
        '[oauth]\ndpop = true\nsecret_validity_days = 90\nclient_authentication = "client_secret"\n'
        'flows = ["authorization_code", "client_credentials"]\n'
        'redirect_urls = ["https://b.example.com/cb", "https://a.example.com/cb"]\n'
        'client_type = "confidential"\n'
    )
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(text, encoding="utf-8")
    loaded = Workspace.open(workspace).load(path)
    # THEN the canonical text is in the layout
    assert loaded.canonical_text == (
        'schema_version = 2\ndescription = "Payroll Sync"\nuser_group = "Payroll Sync"\n'
        'blocked = false\nauthentication = "hybrid"\nget_connectors = []\n'
        "update_connectors = []\nconnectors = []\nip_restrictions = [\n"
        '    { address = "203.0.113.7", access = "allowed" },\n'
        '    { address = "2001:db8:10::/48", access = "allowed" },\n]\n\n'
        '[oauth]\nclient_type = "confidential"\nflows = [\n    "client_credentials",\n'
        '    "authorization_code",\n]\nclient_authentication = "client_secret"\n'
        'redirect_urls = [\n    "https://a.example.com/cb",\n    "https://b.example.com/cb",\n]\n'
        "secret_validity_days = 90\ndpop = true\n\n"
        '[[webhooks]]\ndescription = "B"\nurl = "https://hooks.example.com/b"\nblocked = false\n'
    )


def test_long_webhooks_and_key_ids_keep_the_table_layout(workspace):
    """tomli-w would turn short tables into inline ones: the layout must not depend on length."""
    long_description = "D" * 100
    text = replace_v2('description = "Dossier changes"', f'description = "{long_description}"')
    text = text.replace('key_id = "payroll-2026"', 'key_id = "' + "a" * 64 + '"')
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(text, encoding="utf-8")
    loaded = Workspace.open(workspace).load(path)
    assert loaded.is_canonical, loaded.canonical_text


def test_a_version_1_file_stays_version_1(workspace):
    """fmt keeps a v1 file's bytes: only migrate writes version 2."""
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(PAYROLL, encoding="utf-8")
    loaded = Workspace.open(workspace).load(path)
    assert loaded.connector.authentication == "classic"
    assert loaded.canonical_text == PAYROLL
    # and the same connector migrated is version 2 with CIDR lines, same ranges
    migrated = loaded.connector.migrated()
    assert dump_connector(migrated) == PAYROLL.replace(
        "schema_version = 1", "schema_version = 2"
    ).replace("blocked = true\n", 'blocked = true\nauthentication = "classic"\n').replace(
        '"192.168.10.0", subnet_mask = "255.255.255.0"', '"192.168.10.0/24"'
    )
    assert [line.range for line in migrated.ip_restrictions] == [
        line.range for line in loaded.connector.ip_restrictions
    ]


@pytest.mark.parametrize(
    "key",
    [
        "client_secret",
        "private_key",
        "token",
        "password",
        "api_key",
        "webhook_password",
        "Client-Secret",
    ],
)
@pytest.mark.parametrize("where", ["top", "oauth"])
def test_keys_for_secrets_are_refused_and_never_suggested(workspace, key, where):
    """No key of the format holds a secret; a file that tries is told why, not 'did you mean'."""
    if where == "top":
        text = replace_v2('notes = "Owner', f'{key} = "s3cr3t-value"\nnotes = "Owner')
    else:
        text = replace_v2("dpop = false", f'{key} = "s3cr3t-value"\ndpop = false')
    problems = problems_of(workspace, text)
    assert len(problems) == 1, problems
    assert (
        "secrets (client secrets, private keys, tokens, passwords) never go into files"
        in problems[0]
    )
    assert "did you mean" not in problems[0]
    assert "s3cr3t-value" not in problems[0]


def test_a_secret_in_a_url_is_never_repeated_in_the_message(workspace):
    text = replace_v2(
        '"https://hooks.example.com/afas"', '"https://afas:hunter2@hooks.example.com/afas"'
    )
    text = text.replace(
        '"https://payroll.example.com/.well-known/jwks.json"',
        '"https://p.example.com/j?secret=hunter3"',
    )
    problems = problems_of(workspace, text)
    assert len(problems) == 2 and not any("hunter" in p for p in problems), problems


@pytest.mark.parametrize(
    ("version", "edit", "expected"),
    [
        (
            7,
            None,
            [
                "5: error: authentication: OAuth (authentication hybrid or oauth) came with Profit 8; this workspace is Profit 7 (profit_version in acwizard.toml)",
                "17: error: ip_restrictions: 2001:db8:10::/48: IPv6 IP restrictions came with Profit 8; this workspace is Profit 7 (profit_version in acwizard.toml)",
                "25: error: oauth.client_authentication: private key JWT client authentication came with Profit 9; this workspace is Profit 7 (profit_version in acwizard.toml)",
                "33: error: webhooks: webhooks came with Profit 8; this workspace is Profit 7 (profit_version in acwizard.toml)",
            ],
        ),
        (
            8,
            None,
            [
                "25: error: oauth.client_authentication: private key JWT client authentication came with Profit 9; this workspace is Profit 8 (profit_version in acwizard.toml)",
            ],
        ),
        (
            8,
            ("PUBLIC", None),
            [
                "21: error: oauth.client_type: public OAuth clients came with Profit 9; this workspace is Profit 8 (profit_version in acwizard.toml)",
            ],
        ),
        (
            8,
            ("SECRET", None),
            [
                "27: error: oauth.secret_validity_days: a validity period for client secrets came with Profit 9; this workspace is Profit 8 (profit_version in acwizard.toml)",
            ],
        ),
        (9, None, []),
    ],
)
def test_a_feature_the_profit_version_lacks_is_an_error_naming_the_version(
    workspace, version, edit, expected
):
    settings = workspace / "acwizard.toml"
    settings.write_text(settings.read_text() + f"profit_version = {version}\n", encoding="utf-8")
    text = {None: PAYROLL_V2, ("PUBLIC", None): PUBLIC, ("SECRET", None): SECRET}[edit]
    problems = [p for p in problems_of(workspace, text) if ": error: " in p]
    assert problems == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("profit_version = 4", "1: error: profit_version: must be a whole number from 5 to 9"),
        ('profit_version = "9"', "1: error: profit_version: must be a whole number from 5 to 9"),
        ("profit_version = true", "1: error: profit_version: must be a whole number from 5 to 9"),
        (
            "profit_version = 10",
            "1: warning: profit_version: acwizard knows Profit up to 9; Profit 10 is checked as 9",
        ),
    ],
)
def test_profit_version_settings(tmp_path, line, expected):
    from acwizard.files.settings import load_settings

    (tmp_path / "acwizard.toml").write_text(line + "\n", encoding="utf-8")
    settings, problems = load_settings(tmp_path)
    assert settings.profit_version == 9
    assert next(f"{p.line}: {p.severity}: {p.message}" for p in problems).startswith(expected)


def test_a_version_1_file_is_fine_on_profit_5(workspace):
    settings = workspace / "acwizard.toml"
    settings.write_text(settings.read_text() + "profit_version = 5\n", encoding="utf-8")
    assert [p for p in problems_of(workspace, PAYROLL) if "error" in p] == []


def test_the_built_in_catalog_has_the_reviewed_corrections():
    """DOMAIN.md's corrections: one misspelt id, three missing ones, a removed API, CommSvcConnector."""
    from acwizard.catalog import load_catalog

    catalog, problems = load_catalog(None)
    assert problems == []
    updates = catalog.section("update_connectors")
    assert "HrEmployeeducationScope" in updates and "HrEmployeducationScope" not in updates
    assert {"HrPopFormAppointment", "KnEmpCompetenceScores", "KnEmployeeCompetence"} <= set(updates)
    assert "KnProfile" not in updates and "KnProfileContactRole" in updates
    assert "CommSvcConnector" in catalog.section("connectors")
    assert len(updates) == 217  # the count the README gives


def test_a_finding_on_a_sorted_ip_line_is_placed_at_its_line_in_the_file(workspace):
    """The model sorts IP lines (IPv4 first); a finding must still name the line as written."""
    settings = workspace / "acwizard.toml"
    settings.write_text(settings.read_text() + "profit_version = 8\n", encoding="utf-8")
    text = replace_v2(
        '    { address = "192.168.10.0/24", access = "allowed" },\n',
        '    { address = "2001:db8:20::/48", access = "allowed" },\n'
        '    { address = "192.168.10.0/24", access = "allowed" },\n',
    )
    settings.write_text(settings.read_text().replace("profit_version = 8", "profit_version = 7"))
    problems = [p for p in problems_of(workspace, text) if "IPv6" in p]
    assert problems == [
        "15: error: ip_restrictions: 2001:db8:20::/48: IPv6 IP restrictions came with Profit 8; this workspace is Profit 7 (profit_version in acwizard.toml)",
        "18: error: ip_restrictions: 2001:db8:10::/48: IPv6 IP restrictions came with Profit 8; this workspace is Profit 7 (profit_version in acwizard.toml)",
    ]


def test_a_field_beside_an_input_is_worded_as_validate_words_it(workspace):
    """One wording of pydantic's errors: the TUI's field messages are validate's, minus where."""
    from pydantic import ValidationError

    from acwizard.model import errors_by_field

    with pytest.raises(ValidationError) as raised:
        AppConnector.model_validate(
            {"description": " ", "user_group": "y", "blocked": "maybe", "get_connectors": "a"}
        )
    assert errors_by_field(raised.value) == {
        "description": "must not be empty",
        "blocked": "must be true or false (without quotes)",
        "get_connectors": 'must be a list, such as ["..."]',
    }
    assert problems_of(workspace, replace("blocked = true", 'blocked = "maybe"')) == [
        "4: error: blocked: must be true or false (without quotes)"
    ]
