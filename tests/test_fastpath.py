"""The pydantic-free fast path agrees exactly with the model, or declines.

`acwizard.checking.fastpath` checks plainly valid connector files without pydantic.
It may say "ask the model" (None) for any file; what it must never do is
answer differently from the model. These tests generate connector files,
valid and nearly valid, versions 1 and 2, with hostile strings, and compare
the fast path with the model path on each: the connector's values, the
problems `validate` prints (with their lines), the list's row and `list
--json`'s cells, and the audit's findings.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acwizard.audit import audit_report, reviewed
from acwizard.checking.fastpath import PlainConnector, load_plain, plain_connector
from acwizard.checking.load import checked_result, load_file
from acwizard.model import AppConnector
from acwizard.model.format import IP_LINES_MAX
from acwizard.rules import connector_findings
from acwizard.workspace import Workspace

from conftest import PAYROLL, PAYROLL_V2, TEST_CATALOG

CATALOG_IDS = [
    "Profit_Employees",
    "Profit_Debtor",
    "HrCompMut",
    "KnEmployee",
    "AppConnectorSubject",
]
"""Ids the test catalog (and the built-in one) knows, in their catalog spelling."""

TEXTS = st.one_of(
    st.sampled_from(
        [
            "Payroll Sync",
            "BI Export",
            "payroll sync",  # the catalog's user group in other case
            "  Padded  ",
            "",
            "   ",
            "\t Tabbed",
            "Line\nbreak",
            "Evil \u202e override",
            "Zero\u200bwidth",
            "\u200b",
            "\u3164",
            "P\u0430yroll Sync",  # Cyrillic a
            "Caf\u00e9",
            "x" * 100,
            "x" * 101,
            " " + "y" * 100 + " ",
            "Tab\there",
            "Nul\x00",
            "Bell\x07",
            "Del\x7f",
            "{braces} and 'quotes' and \"double\"",
        ]
    ),
    st.text(max_size=12),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=110),
)
"""One-line texts: plain, padded, empty, too long, control, bidirectional, invisible."""

IDS = st.one_of(
    st.sampled_from(
        [
            *CATALOG_IDS,
            "profit_employees",  # catalog id in other case
            "PROFIT_EMPLOYEES",
            "Unknown_Id",
            "unknown_id",
            "",
            "-leading",
            "has space",
            "dot.ted",
            "Ünicode",
            "a" * 100,
            "a" * 101,
            "Id\u202e",
        ]
    ),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,6}", fullmatch=True),
    st.text(max_size=5),
)

IPV4 = st.one_of(
    st.sampled_from(
        [
            "192.168.10.0",
            "192.168.10.5",
            "203.0.113.7",
            "0.0.0.0",
            "255.255.255.255",
            "10.0.0.0",
            "010.0.0.1",
            "1.2.3",
            "256.1.1.1",
            "52.174.142.76",
            "2001:db8::1",
            "::ffff:1.2.3.4",
            "fe80::1%eth0",
            " 1.2.3.4",
            "\u0661.\u0662.\u0663.\u0664",  # Arabic-Indic digits
        ]
    ),
    st.builds(
        lambda a, b, c, d: f"{a}.{b}.{c}.{d}",
        *[st.integers(0, 256)] * 4,
    ),
)
MASKS = st.one_of(
    st.sampled_from(
        ["255.255.255.0", "255.255.0.0", "255.0.255.0", "0.0.0.255", "255.255.255.255", "0.0.0.0"]
    ),
    st.integers(0, 32).map(
        lambda n: ".".join(
            str((((0xFFFFFFFF << (32 - n)) & 0xFFFFFFFF) >> s) & 255) for s in (24, 16, 8, 0)
        )
    ),
)
PREFIXES = st.one_of(st.integers(0, 33).map(str), st.sampled_from(["032", "08", "", "x", "-1"]))


GOOD_TEXTS = st.one_of(
    st.sampled_from(["Payroll Sync", "BI Export", "payroll sync", " Padded ", "x" * 100]),
    st.from_regex(r"[A-Za-z0-9][ -~]{0,30}", fullmatch=True),
)
GOOD_IDS = st.one_of(
    st.sampled_from([*CATALOG_IDS, "profit_employees", "Unknown_Id", "a" * 100]),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,6}", fullmatch=True),
)


def rarely(draw: st.DrawFn, good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> Any:
    """Mostly a good value, one time in eight anything from `bad` (hypothesis draws
    small numbers most often, so the bad choice is the largest)."""
    return draw(bad if draw(st.integers(0, 7)) == 7 else good)


def _mask(length: int) -> str:
    """The dotted subnet mask of a prefix length."""
    number = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
    return ".".join(str((number >> shift) & 255) for shift in (24, 16, 8, 0))


@st.composite
def good_ip_line(draw: st.DrawFn, version: Any, access: str) -> dict[str, Any]:
    """A line the model takes: a range without host bits, in the version's form; one time
    in eight nearly so (a host bit set, or the other version's form)."""
    length = draw(st.sampled_from([32, 32, 24, 16, 0, 31, 8, 28]))
    number = draw(st.integers(0, 0xFFFFFFFF)) & ((0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF)
    slip = draw(
        st.sampled_from(["none", "host bit", "other form", "odd prefix", "none", "none", "none"])
    )
    if slip == "host bit" and length < 32:
        number |= 1 << draw(st.integers(0, 31 - length))
    if slip == "other form":
        version = 3 - version if version in (1, 2) else version  # the other form
    address = ".".join(str((number >> shift) & 255) for shift in (24, 16, 8, 0))
    if slip == "odd prefix":  # /32 is written as the address alone; no leading zero
        return {"address": f"{address}/{length:02d}", "access": access}
    if version == 2 and length < 32:
        return {"address": f"{address}/{length}", "access": access}
    if length < 32 or draw(st.integers(0, 5)) == 0:
        return {"address": address, "subnet_mask": _mask(length), "access": access}
    return {"address": address, "access": access}


@st.composite
def bad_ip_line(draw: st.DrawFn) -> dict[str, Any]:
    """One IP line: v1 address and mask, v2 CIDR, or something wrong."""
    address = draw(IPV4)
    if draw(st.booleans()):
        address = f"{address}/{draw(PREFIXES)}"
    line: dict[str, Any] = {"address": address}
    if draw(st.integers(0, 3)) == 0:
        line["subnet_mask"] = draw(MASKS)
    line["access"] = draw(
        st.sampled_from(["allowed", "allowed", "disallowed", "Allowed", "deny", 1])
    )
    if draw(st.integers(0, 20)) == 0:
        line["colour"] = "red"
    if draw(st.integers(0, 20)) == 0:
        del line["address"]
    return line


OAUTH = {
    "client_type": "confidential",
    "flows": ["client_credentials"],
    "client_authentication": "client_secret",
}


@st.composite
def connector_data(draw: st.DrawFn) -> dict[str, Any]:
    """A connector file's table: mostly valid, often nearly so, sometimes hostile."""
    data: dict[str, Any] = {}
    version = rarely(draw, st.sampled_from([1, 2, 3]), st.sampled_from([4, True, "1", 1.0, None]))
    if version is not None:
        data["schema_version"] = version
    for name in ("description", "user_group"):
        if draw(st.integers(0, 30)) < 30:
            data[name] = rarely(draw, GOOD_TEXTS, TEXTS)
    if draw(st.booleans()):
        data["blocked"] = rarely(draw, st.booleans(), st.sampled_from([1, "true", 0]))
    if draw(st.integers(0, 2)) == 0:
        data["notes"] = rarely(
            draw,
            st.sampled_from(["", "Owner: HR.\nRFC-1.\n", "\tindented\t", "z" * 2000, " ok "]),
            st.one_of(
                st.sampled_from(["z" * 2001, " " + "z" * 2000 + "\n", "\r\n", "a\x0bb"]), TEXTS
            ),
        )
    for name in ("get_connectors", "update_connectors", "connectors"):
        if draw(st.integers(0, 3)):
            data[name] = draw(st.lists(GOOD_IDS, max_size=6, unique_by=str.casefold))
            slip = draw(st.sampled_from(["none", "bad id", "twice", "none", "none", "none"]))
            if slip == "bad id":
                data[name].append(draw(IDS))
            elif slip == "twice" and data[name]:  # the same id in other case
                data[name].append(data[name][0].swapcase())
    if draw(st.booleans()):
        access = rarely(draw, st.just("allowed"), st.just("disallowed"))
        lines = draw(st.lists(good_ip_line(version, access), max_size=4))
        if draw(st.integers(0, 4)) == 4:
            lines.insert(draw(st.integers(0, len(lines))), draw(bad_ip_line()))
        elif len(lines) > 1 and draw(st.integers(0, 7)) == 7:  # mixed access
            lines[-1] = dict(lines[-1], access="disallowed" if access == "allowed" else "allowed")
        data["ip_restrictions"] = lines
    extra = draw(
        st.sampled_from(
            ["none", "authentication", "oauth", "webhooks", "unknown", "secret", "classic"]
            + ["tokens", "tokens", "hatch"]
            + ["none"] * 8
        )
    )
    if extra == "authentication":
        data["authentication"] = draw(st.sampled_from(["classic", "hybrid", "oauth", "Classic"]))
    elif extra == "oauth":
        data["authentication"] = "oauth"
        data["oauth"] = dict(OAUTH)
    elif extra == "webhooks":
        data["webhooks"] = draw(
            st.sampled_from([[], [{"description": "Hook", "url": "https://hooks.example.com/a"}]])
        )
    elif extra == "unknown":
        data["colour"] = "blue"
    elif extra == "secret":
        data["password"] = "hunter2"
    elif extra == "classic":
        data["authentication"] = "classic"
    elif extra == "tokens":
        data["tokens"] = draw(st.lists(token_item(), max_size=3))
    elif extra == "hatch":
        data["not_secret"] = ["notes"]
    return data


DATES = st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2028, 1, 1)))


@st.composite
def token_item(draw: st.DrawFn) -> Any:
    """One token of the register: mostly plain, sometimes with dates out of order, a
    date-time, an unknown key, a bad text, or no table at all."""
    item: dict[str, Any] = {
        "user": rarely(draw, st.sampled_from(["SYS_PAYROLL", "sys_payroll", "U2"]), TEXTS),
        "description": rarely(draw, st.sampled_from(["Prod", "prod", "Test server"]), TEXTS),
    }
    for name in ("issued", "expires", "last_used"):
        value = draw(DATES)
        if value is not None:
            item[name] = value
    slip = draw(st.sampled_from(["none"] * 8 + ["datetime", "unknown", "string", "no user"]))
    if slip == "datetime":
        from datetime import datetime

        item["issued"] = datetime(2026, 3, 1, 12, 0)
    elif slip == "unknown":
        item["token"] = "x"
    elif slip == "string":
        return "SYS_PAYROLL"
    elif slip == "no user":
        del item["user"]
    return item


def _line_view(line: Any) -> tuple[Any, ...]:
    """What anyone reads of an IP line."""
    return (
        line.address,
        line.subnet_mask,
        line.access,
        line.range,
        line.network,
        line.prefix_length,
        line.is_v2_only,
        line.sort_key(),
        line.summary(),
    )


def _view(connector: Any) -> tuple[Any, ...]:
    """What the rules, the list and the audit read of a connector."""
    return (
        connector.schema_version,
        connector.description,
        connector.user_group,
        connector.blocked,
        connector.authentication,
        connector.notes,
        connector.get_connectors,
        connector.update_connectors,
        connector.connectors,
        [_line_view(line) for line in connector.ip_restrictions],
        None
        if connector.tokens is None
        else [
            (token.user, token.description, token.issued, token.expires, token.last_used)
            for token in connector.tokens
        ],
        connector.oauth,
        connector.webhooks,
        connector.access_mode,
        connector.ip_summary(),
    )


def _model(data: dict[str, Any]) -> AppConnector | None:
    """The model's verdict on `data`: the validated connector, or None."""
    from pydantic import ValidationError

    try:
        return AppConnector.model_validate(data, context={"file": True})
    except ValidationError:
        return None


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(connector_data())
def test_the_fast_path_accepts_only_what_the_model_accepts_with_the_same_values(
    data: dict[str, Any],
) -> None:
    plain = plain_connector(data)
    if plain is None:
        return
    model = _model(data)
    assert model is not None, f"the fast path accepted what the model refuses: {data!r}"
    assert _view(plain) == _view(model)
    assert plain.authentication_summary() == model.authentication_summary()
    assert plain.model == model  # what the plain connector hands over for anything else


@pytest.mark.parametrize("count", [IP_LINES_MAX, IP_LINES_MAX + 1])
def test_both_paths_take_ip_lines_up_to_the_limit_and_refuse_more(count: int) -> None:
    import tomllib

    lines = [
        {"address": f"198.51.{index // 250}.{index % 250 + 1}", "access": "allowed"}
        for index in range(count)
    ]
    data = dict(tomllib.loads(PAYROLL), ip_restrictions=lines)
    model = _model(data)
    plain = plain_connector(data)
    if count <= IP_LINES_MAX:
        assert model is not None and plain is not None
        assert len(plain.ip_restrictions) == count
    else:
        assert model is None and plain is None  # the model says why, at the key's line
        with pytest.raises(Exception, match=f"has {count} lines; the limit is {IP_LINES_MAX}"):
            AppConnector.model_validate(data, context={"file": True})


def test_plainly_valid_files_of_every_version_take_the_fast_path() -> None:
    """The point of it: the usual files do not go to pydantic (or the test above is empty)."""
    import tomllib

    v1 = tomllib.loads(PAYROLL)
    v2 = dict(v1, schema_version=2, authentication="classic")
    v2["ip_restrictions"] = [
        {"address": "192.168.10.0/24", "access": "allowed"},
        {"address": "203.0.113.7", "access": "allowed"},
    ]
    v3 = dict(v2, schema_version=3, tokens=[{"user": "SYS", "description": "Prod"}])
    for data in (v1, v2, v3, dict(v3, tokens=[])):
        plain = plain_connector(data)
        assert plain is not None
        assert _view(plain) == _view(_model(data))
    # Declined, left to the model: version 2's OAuth, IPv6, an unknown key.
    assert plain_connector(dict(v2, authentication="oauth", oauth=dict(OAUTH))) is None
    assert (
        plain_connector(dict(v2, ip_restrictions=[{"address": "2001:db8::1", "access": "allowed"}]))
        is None
    )
    assert plain_connector(dict(v1, colour="blue")) is None
    # Version 3's tokens only in version 3; its other keys are the model's.
    assert plain_connector(dict(v2, tokens=[])) is None
    assert plain_connector(dict(v3, not_secret=["notes"])) is None


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> list[Workspace]:
    """Two workspaces with the test catalog: AFAS Online and not."""
    opened = []
    for online in (True, False):
        root = tmp_path_factory.mktemp("online" if online else "offline")
        (root / "connectors").mkdir()
        (root / "catalog.toml").write_text(TEST_CATALOG, encoding="utf-8")
        (root / "acwizard.toml").write_text(
            f'environment = "T12345AA"\nonline = {"true" if online else "false"}\n',
            encoding="utf-8",
        )
        opened.append(Workspace.open(root))
    return opened


TODAY = date(2026, 11, 29)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=connector_data(),
    name=st.sampled_from(["payroll-sync.toml", "Bad Name.toml", "con.toml", "x.toml"]),
    online=st.booleans(),
    comment=st.booleans(),
)
def test_a_file_gives_the_same_problems_row_and_findings_either_way(
    workspaces: list[Workspace], data: dict[str, Any], name: str, online: bool, comment: bool
) -> None:
    workspace = workspaces[0 if online else 1]
    path = workspace.root / "connectors" / name
    text = tomli_w.dumps(data)
    if comment:  # lines move: problems must be placed where the model path places them
        text = "# reviewed\n\n" + text.replace("\n", "  # note\n", 1)
    path.write_text(text, encoding="utf-8")
    expected = workspace.load(path)
    fast = load_plain(workspace, path)
    got = load_file(workspace, path)
    assert got.problems == expected.problems
    assert got.status == expected.status
    assert checked_result(got) == checked_result(expected)  # validate's result and list row
    if fast is None:
        return
    assert isinstance(fast.connector, PlainConnector)
    assert expected.connector is not None
    assert fast.problems == expected.problems
    assert _view(fast.connector) == _view(expected.connector)
    args = (workspace.catalog, online, 8, TODAY, 32)
    assert connector_findings("x", fast.connector, *args) == connector_findings(
        "x", expected.connector, *args
    )

    def report(connector: Any) -> Any:  # two sharing a user group
        return audit_report(
            [reviewed(key, connector, connector_findings(key, connector, *args)) for key in "xy"],
            TODAY,
        )

    assert report(fast.connector) == report(expected.connector)


def test_list_json_reads_the_same_from_a_plain_connector(workspace: Path) -> None:
    """`load_file` (list) hands out plain connectors; list --json reads the same cells."""
    path = workspace / "connectors" / "payroll-sync.toml"
    path.write_text(PAYROLL, encoding="utf-8")
    loaded = load_file(Workspace.open(workspace), path)
    (expected,) = Workspace.open(workspace).load_all()
    assert isinstance(loaded.connector, PlainConnector)
    assert expected.connector is not None
    assert (
        loaded.connector.ip_summary()
        == expected.connector.ip_summary()
        == "allow 192.168.10.0/24 +1"
    )
    assert loaded.problems == expected.problems
    assert loaded.connector.model.model_dump() == expected.connector.model_dump()


def _mixed_workspace(workspace: Path) -> None:
    """Plain files of both versions, warnings, errors, OAuth, a bad name, duplicates."""
    connectors = workspace / "connectors"
    v2 = PAYROLL.replace("schema_version = 1", "schema_version = 2").replace(
        '{ address = "192.168.10.0", subnet_mask = "255.255.255.0",',
        '{ address = "192.168.10.0/24",',
    )
    texts = {
        "plain-v1": PAYROLL.replace('Payroll Sync"\nuser', 'Plain One"\nuser'),
        "plain-v2": v2.replace('Payroll Sync"\nuser', 'Plain Two"\nuser'),
        "oauth": PAYROLL_V2,
        "case": PAYROLL.replace("Profit_Employees", "profit_employees").replace(
            'user_group = "Payroll Sync"', 'user_group = "payroll sync"'
        ),
        "unknown": PAYROLL.replace('"HrCompMut"', '"HrUnknown"').replace(
            'Payroll Sync"\nuser', 'Unknown"\nuser'
        ),
        "invalid": PAYROLL.replace("blocked = true", "blocked = 1"),
        "hostbits": PAYROLL.replace("192.168.10.0", "192.168.10.5"),
        "Bad_Name": PAYROLL.replace('Payroll Sync"\nuser', 'Bad"\nuser'),
        "broken": 'schema_version = 1\ndescription = "Broken\n',
    }
    for number in range(3):
        for name, text in texts.items():
            (connectors / f"{name}-{number}.toml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "verb",
    [
        ["validate", "--no-cache"],
        ["validate"],
        ["list"],
        ["list", "--json"],
        ["audit", "--today", "2026-11-29"],
        ["audit", "--format", "json", "--today", "2026-11-29"],
        ["audit", "--format", "markdown", "--today", "2027-09-01"],
    ],
)
def test_the_command_line_says_the_same_with_and_without_the_fast_path(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    workspace: Path,
    verb: list[str],
) -> None:
    """Whole verbs, split over two processes as in CI, against the model alone."""
    from acwizard.checking import fastpath, parallel
    from acwizard.cli import main

    _mixed_workspace(workspace)
    monkeypatch.chdir(workspace)
    monkeypatch.setattr(parallel, "_cpus", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 2)

    def run() -> tuple[int, str, str]:
        status = main(["--workspace", str(workspace), *verb])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    fast = run()
    monkeypatch.setattr(fastpath, "plain_connector", lambda data: None)
    assert run() == fast
    assert "plain-v2-1" in fast[1] or verb[0] == "validate"
    assert "case-1" in fast[1]  # a file with warnings, among them


def test_plain_workspaces_are_checked_without_pydantic(workspace: Path) -> None:
    """The cold path's gain: validate, list and audit of plainly valid files (split over
    two processes) never import pydantic; the model's errors still do."""
    import os
    import subprocess
    import sys

    connectors = workspace / "connectors"
    for number in range(6):
        text = PAYROLL.replace('Payroll Sync"\nuser', f'Sync {number}"\nuser')
        if number % 2:  # a warning: an id missing from the catalog
            text = text.replace('"HrCompMut"', '"HrUnknown"')
        (connectors / f"sync-{number}.toml").write_text(text, encoding="utf-8")
    code = (
        "import sys; from acwizard.checking import parallel; parallel.PARALLEL_MIN = 2; "
        "parallel._cpus = lambda: 2; from acwizard.cli import main; "
        "status = main(['--workspace', sys.argv[1], *sys.argv[2:]]); "
        "print('pydantic' in sys.modules, status)"
    )

    def run(*verb: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, str(workspace), *verb],
            capture_output=True,
            text=True,
            env=dict(os.environ),
            check=True,
        )
        return done.stdout.splitlines()[-1]

    assert run("validate", "--no-cache") == "False 0"
    assert run("list", "--json") == "False 0"
    assert run("audit", "--fail-on", "never") == "False 0"
    (connectors / "sync-0.toml").write_text(PAYROLL.replace("blocked = true", "blocked = 1"))
    assert run("validate", "--no-cache") == "True 1"


# -- the quick TOML reader ----------------------------------------------------------

SLIPS = [
    lambda text: text,
    lambda text: re.sub(r"= ([0-9])", r"= 0\1", text, count=1),  # a leading zero
    lambda text: text.replace("\n", "\r\n", 1),  # another line break
    lambda text: text.replace(" = ", "  = ", 1),
    lambda text: text.replace("\n", "  \n", 1),  # trailing blanks
    lambda text: text.replace("\n", " # note\n", 1),  # a comment after a value
    lambda text: "# top\n\n" + text,
    lambda text: text.replace("\n", "\n# between\n\n", 2),
    lambda text: text.rstrip("\n"),  # no final line break
    lambda text: text + text.split("\n", 1)[0] + "\n",  # the first key twice
    lambda text: text.replace('"', "'", 2),  # a literal string
    lambda text: text.replace(",\n]", "\n]", 1),  # no trailing comma
    lambda text: text.replace("[\n    ", "[ ", 1),
    lambda text: text.replace('= "', '= "\\u00e9', 1),  # an escape
    lambda text: text.replace('= "', '= """', 1),
    lambda text: text.replace("true", "True", 1),
    lambda text: text.replace("= 1\n", "= +1\n", 1),
    lambda text: text.replace("= 2\n", "= 2.0\n", 1),
    lambda text: text + '\n[oauth]\nclient_type = "public"\n',
    lambda text: text + "\n[oauth]\na = 1\n[oauth]\nb = 2\n",  # a table twice
    lambda text: text + "\n[get_connectors]\nx = 1\n",  # a table over a key
    lambda text: text + '"description" = "again"\n',  # a quoted key given twice
    lambda text: text.replace("access = ", "access=", 1),
    lambda text: text.replace(
        'access = "allowed" }', 'access = "allowed", access = "allowed" }', 1
    ),
    lambda text: text.replace(" },", ", },", 1),
    lambda text: text.replace("\n]", "\n\n]", 1),
    lambda text: text.replace("a", "\u00e4", 1),
    lambda text: text.replace("\n", "\x00\n", 1),
    lambda text: text.replace("\n", "\t\n", 1),
    lambda text: "\ufeff" + text,
    lambda text: text + "x = [",  # an array never closed
    lambda text: text + "x = [\n",
    lambda text: "# bad \x7f\n" + text,  # a control character in a comment
    lambda text: "# caf\u00e9\n" + text,
    lambda text: re.sub(r"(= [0-9]{4}-[0-9]{2}-)[0-9]{2}", r"\g<1>31", text, count=1),  # no day
    lambda text: re.sub(r"(= [0-9]{4}-[0-9]{2}-[0-9]{2})", r"\1T10:00:00", text, count=1),
    lambda text: re.sub(r"(= [0-9]{4}-[0-9]{2}-[0-9]{2})", r"\1 10:00:00Z", text, count=1),
    lambda text: re.sub(r"= ([0-9]{4})-0", r"= \1-", text, count=1),  # a month of one digit
    # a catalog's user group with its members, as an inline table, and its near misses
    lambda text: text + '\n[groups]\n"G" = { description = "d", members = ["A", "B"] }\n',
    lambda text: text + '\n[groups]\n"G" = { members = [] }\n',
    lambda text: text + '\n[groups]\n"G" = { members = ["A",] }\n',
    lambda text: text + '\n[groups]\n"G" = { members = ["A"], members = [] }\n',
    lambda text: text + '\n[groups]\n"G" = {members = ["A"]}\n',
    lambda text: text + '\n[groups]\n"G" = { }\n',
    lambda text: text + '\n[groups]\n"G" = { a = { b = "c" } }\n',
    lambda text: text + '\n[groups]\n"G" = { a = ["x, y", "z"] }\n',
]
"""Ways a document leaves (or may leave) the plain part of TOML the quick reader takes."""


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=connector_data(),
    slips=st.lists(st.sampled_from(range(len(SLIPS))), min_size=1, max_size=2),
    catalog=st.booleans(),
)
def test_the_quick_toml_reader_reads_what_tomllib_reads_or_declines(
    data: dict[str, Any], slips: list[int], catalog: bool
) -> None:
    import tomllib

    from acwizard.files import quicktoml
    from acwizard.files.positions import scan

    text = tomli_w.dumps(
        {
            "get_connectors": {"A_b": "x", "c": data.get("description", "")},
            "user_groups": {"Payroll Sync": "y"},
        }
        if catalog
        else data
    )
    for slip in slips:
        text = SLIPS[slip](text)
    quick = quicktoml.loads(text)
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert quick is None, f"read what tomllib refuses: {text!r}"
        return
    assert quick is None or quick == expected, text
    if quick is not None:  # same types too (True is 1 for ==), and the same lines
        assert repr(quick) == repr(expected)
        document = quicktoml.parse(Path("x.toml"), raw=text.encode("ascii"))
        assert isinstance(document.positions, quicktoml.KnownPositions)
        scanned = scan(text)
        assert document.positions.lines == scanned.lines
        assert document.positions.comment_lines == scanned.comment_lines


def test_the_quick_toml_reader_takes_what_acwizard_writes() -> None:
    """The files acwizard writes and the demo's catalog take the quick way (or the test above
    compares nothing)."""
    from acwizard.files import quicktoml

    from conftest import DEMO

    paths = [DEMO / "catalog.toml", *sorted((DEMO / "connectors").glob("*.toml"))]
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    plain = [path for path, text in texts.items() if "[oauth]" not in text]
    assert len(plain) >= 5
    for path in plain:
        assert quicktoml.loads(texts[path]) is not None, path
    assert quicktoml.loads(PAYROLL_V2) is None  # [oauth] has a date and tables: tomllib's
