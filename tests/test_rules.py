"""Each rule a connector file must follow, with the message and line it is reported at."""

from __future__ import annotations

from pathlib import Path

import pytest

from acwizard.workspace import Workspace

from conftest import PAYROLL


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
    (replace('"Payroll Sync"\nuser', '"\\u115f\\u1160"\nuser'), "2: error: description: contains an invisible or control character (U+115F HANGUL CHOSEONG FILLER)"),
    (replace('"Payroll Sync"\nuser', '"\\u180e"\nuser'), "2: error: description: contains an invisible or control character (U+180E MONGOLIAN VOWEL SEPARATOR)"),
    (replace('"Payroll Sync"\nuser', '"\\u2800\\u2800"\nuser'), "2: error: description: shows no visible character (only spaces, blanks, fillers or combining marks)"),
    (replace('"Payroll Sync"\nuser', '"\\u0301\\u20dd\\u0903"\nuser'), "2: error: description: shows no visible character"),
    (replace('"Payroll Sync"\nuser', '"\\u2800\\u3000\\u0301"\nuser'), "2: error: description: shows no visible character"),
    (replace('"Payroll Sync"\nuser', '"\\u2000\\u200a\\u3000"\nuser'), "2: error: description: must not be empty"),
    (replace('description = "Payroll Sync"', "description = 7"), "2: error: description: must be a text"),
    # user group
    (replace('user_group = "Payroll Sync"\n', ""), "1: error: user_group is required"),
    (replace('user_group = "Payroll Sync"', 'user_group = ""'), "3: error: user_group: must not be empty"),
    (replace('user_group = "Payroll Sync"', 'user_group = "\\u2800"'), "3: error: user_group: shows no visible character"),
    (replace('user_group = "Payroll Sync"', 'user_group = "\\u3164"'), "3: error: user_group: contains an invisible or control character (U+3164 HANGUL FILLER)"),
    (replace('user_group = "Payroll Sync"', 'user_group = "Nobody"'), "3: warning: user_group: 'Nobody' is not in the catalog"),
    # blocked
    (replace("blocked = true", 'blocked = "yes"'), "4: error: blocked: must be true or false"),
    # ids
    (replace('    "Profit_Employees",\n', '    "Profit_Employees",\n    "",\n'), "7: error: get_connectors[1]: a connector id must not be empty"),
    (replace('    "HrCompMut",\n', '    "Hr Comp/../Mut",\n'), "9: error: update_connectors[0]: 'Hr Comp/../Mut' is not a valid connector id"),
    (
        replace('    "Profit_Employees",\n', '    "Profit_Employees",\n    "profit_employees",\n'),
        "7: error: get_connectors[1]: 'profit_employees' is listed twice (also as 'Profit_Employees')",
    ),
    (replace('    "HrCompMut",\n', '    "HrCompMut",\n    "HrCompMut",\n'), "10: error: update_connectors[1]: 'HrCompMut' is listed twice"),
    (replace('    "Profit_Employees",\n', '    "Profit_Nope",\n'), "6: warning: get_connectors: 'Profit_Nope' is not in the catalog"),
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
        "3: warning: user_group: 'payroll SYNC' is spelled 'Payroll Sync' in the catalog; did you mean Payroll Sync?",
    ),
    (replace('connectors = [\n    "AppConnectorSubject",\n]', 'connectors = "AppConnectorSubject"'), "11: error: connectors: must be a list"),
    # IP restrictions
    (
        replace('"192.168.10.0", subnet_mask', '"192.168.10.5", subnet_mask'),
        (
            "15: error: ip_restrictions[0]: address 192.168.10.5 does not start the range of "
            "subnet mask 255.255.255.0; did you mean 192.168.10.0?"
        ),
    ),
    (replace('"255.255.255.0"', '"255.0.255.0"'), "15: error: ip_restrictions[0].subnet_mask: '255.0.255.0' is not a contiguous subnet mask"),
    (replace('"203.0.113.7"', '"203.0.113.300"'), "16: error: ip_restrictions[1].address: '203.0.113.300' is not a valid IPv4 address"),
    (replace('"203.0.113.7"', '"2001:db8::1"'), "16: error: ip_restrictions[1].address: '2001:db8::1' is an IPv6 address"),
    (replace('"203.0.113.7"', '"203.0.113.0/24"'), "16: error: ip_restrictions[1].address: '203.0.113.0/24' is not a plain address"),
    (replace('"203.0.113.7", access = "allowed"', '"203.0.113.7", access = "blocked"'), '16: error: ip_restrictions[1].access: must be "allowed" or "disallowed", not \'blocked\''),
    (
        replace('"203.0.113.7", access = "allowed"', '"203.0.113.7", access = "disallowed"'),
        "16: error: ip_restrictions[1]: this line is 'disallowed' but the first line is 'allowed'",
    ),
    (
        replace('{ address = "203.0.113.7", access = "allowed" },', '{ address = "203.0.113.7", access = "allowed" },\n    { address = "203.0.113.7", access = "allowed" },'),
        "17: error: ip_restrictions[2]: 203.0.113.7 is listed twice",
    ),
    (replace('{ address = "203.0.113.7", access', '{ address = "203.0.113.7", acess = "x", access'), "16: error: ip_restrictions[1]: unknown key 'acess'; did you mean 'access'?"),
    (replace('{ address = "203.0.113.7", access = "allowed" }', '{ address = "203.0.113.7" }'), "1: error: ip_restrictions[1].access is required"),
    (replace('{ address = "203.0.113.7", access = "allowed" }', '"203.0.113.7"'), "16: error: ip_restrictions[1]: must be a table"),
    # schema and keys
    (replace("schema_version = 1", "schema_version = 2"), "1: error: schema_version: this file uses schema_version 2, written by a newer acwizard"),
    (replace("schema_version = 1", "schema_version = 0"), "1: error: schema_version: must be 1"),
    (replace("schema_version = 1", "schema_version = true"), "1: error: schema_version: must be the whole number 1 (no quotes, no decimal point), not true"),
    (replace("schema_version = 1", "schema_version = 1.0"), "1: error: schema_version: must be the whole number 1 (no quotes, no decimal point), not 1.0"),
    (replace("schema_version = 1", 'schema_version = "1"'), "1: error: schema_version: must be the whole number 1 (no quotes, no decimal point), not a text"),
    (replace("blocked = true", "blocked = true\nschema_version = 1e0").replace("schema_version = 1\n", "", 1), "4: error: schema_version: must be the whole number 1 (no quotes, no decimal point), not 1.0"),
    (replace("schema_version = 1\n", ""), "1: error: schema_version is missing"),
    (replace("blocked = true", "blocked = true\nblockd = false"), "5: error: unknown key 'blockd'; did you mean 'blocked'?"),
    (replace("blocked = true", "blocked = true\nnotes = \"RFC-1234\\u0007\""), "5: error: notes: contains an invisible or control character (U+0007"),
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
    (b"schema_version = 1\nschema_version = 1\n", "2: error: invalid TOML: this key is already set earlier in the file (duplicate key)"),
    (b'schema_version = 1\ndescription = "caf\xe9"\n', "2: error: is not valid UTF-8 (byte 0xe9 at column 19)"),
    (b"schema_version = 1\n\x00\x01\x02junk", "2: error: is not a text file (it contains NUL bytes)"),
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
        ("Payroll Sync.toml", "1: error: file name 'Payroll Sync.toml' is not a valid connector id: use lowercase letters, digits and single hyphens, such as payroll-sync.toml"),
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
    ["Cafe\\u0301 Sync", "\\uae09\\uc5ec \\uc5f0\\ub3d9", "\\u7d66\\u4e0e\\u3000\\u9023\\u643a", "\\u0928\\u092e\\u0903", "\\u2800x"],
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
        ("Payroll   Sync", "'Payroll   Sync' looks the same as 'Payroll Sync', the description of a.toml"),
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
