"""Hostile input is answered in time proportional to its size, and as the model would answer it.

The readers scan every TOML file (connector files, acwizard.toml, catalog.toml,
git blobs) and every recovery draft before parsing it. A pattern that reads a
string again from every later quote makes a 60 KB file cost half a minute, so
each test here times a hostile input against a harmless one of the same size,
best of a few runs, with a generous factor: a quadratic scan is thousands of
times slower at these sizes, a linear one about as fast. No absolute timing.
"""

from __future__ import annotations

import json
import math
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from acwizard.app import AcWizardApp
from acwizard.drafts import Draft, parse_draft, read_drafts, write_draft
from acwizard.files.reading import fingerprint
from acwizard.files.toml import parse_toml
from acwizard.model import AppConnector, OAuthSettings
from acwizard.text import unsafe_character
from acwizard.workspace import Workspace

from conftest import PAYROLL, screen_text, shown

FACTOR = 10
"""How much slower than the harmless input of its size a hostile input may be."""


def cpu_time() -> float:
    """Seconds of CPU this thread has used: what work costs, not how long other processes
    kept the CPU from it. Wall-clock timings failed under load (CI runs four workers on
    two CPUs): 2,000 URLs timed in a quiet moment, 16,000 in a busy one, 73 times longer."""
    return time.thread_time()


def best_time(work: Callable[[], object], runs: int = 3) -> float:
    """The shortest of `runs` timings of `work`: noise only ever adds time."""
    best = math.inf
    for _ in range(runs):
        start = cpu_time()
        work()
        best = min(best, cpu_time() - start)
    return best


def assert_as_fast(hostile: Callable[[], object], harmless: Callable[[], object]) -> None:
    """`hostile` costs at most FACTOR times `harmless`, an input of the same size."""
    budget = FACTOR * best_time(harmless)
    taken = math.inf
    for _ in range(3):  # a run within budget passes: a busy machine only slows some runs
        start = cpu_time()
        hostile()
        taken = cpu_time() - start
        if taken <= budget:
            return
    pytest.fail(f"hostile input took {taken:.4f} s; one of its size takes {budget / FACTOR:.4f} s")


# -- TOML files ---------------------------------------------------------------------


def unclosed_escapes(count: int) -> str:
    """The attacker's file: a string of escaped quotes never closed, then 40 brackets."""
    return 'schema_version = 2\ndescription = "' + '\\"' * count + "\n" + "[" * 40 + "\n"


def test_an_unclosed_string_of_escaped_quotes_is_invalid_toml_at_its_line():
    document = parse_toml(Path("slow.toml"), raw=unclosed_escapes(3000).encode())
    assert document.data is None
    assert [problem.format() for problem in document.problems] == [
        "slow.toml:2: error: invalid TOML: illegal character '\\n' (column 6016)"
    ]


def test_an_unclosed_string_of_escaped_quotes_costs_what_a_closed_one_costs():
    count = 8000  # 16 KB: quadratic, this took about 4 s per run
    hostile = unclosed_escapes(count).encode()
    # The same string closed, the brackets in a comment: valid, parsed to the end.
    harmless = (
        'schema_version = 2\ndescription = "' + '\\"' * count + '"\n# ' + "[" * 40 + "\n"
    ).encode()
    assert parse_toml(Path("ok.toml"), raw=harmless).data is not None
    assert_as_fast(
        lambda: parse_toml(Path("slow.toml"), raw=hostile),
        lambda: parse_toml(Path("ok.toml"), raw=harmless),
    )


@pytest.mark.parametrize(
    "opening",
    ['"""', "'''", "'", '"'],
    ids=["multi-line basic", "multi-line literal", "literal", "basic"],
)
def test_every_kind_of_unclosed_string_costs_what_a_closed_one_costs(opening):
    count = 8000
    body = ('\\"' if opening.startswith('"') else "x'") * count
    closing = opening if opening in ('"""', "'''") else opening + "x"
    hostile = f"a = {opening}{body}\n{'[' * 40}\n".encode()
    harmless = f"a = {opening}{body}{closing}\n# {'[' * 40}\n".encode()
    assert_as_fast(
        lambda: parse_toml(Path("slow.toml"), raw=hostile),
        lambda: parse_toml(Path("ok.toml"), raw=harmless),
    )


def test_a_dotted_key_of_many_parts_without_equals_is_too_deep_at_once():
    # Python's TOML parser builds a dotted key in time quadratic in its parts, and
    # reaches the missing "=" only after the last one: 40,000 parts took 4 s.
    count = 20_000
    hostile = ("x = 1\n" + "a." * count + "a\n").encode()
    harmless = ('x = 1\nb = "' + "a." * count + '"\n').encode()
    document = parse_toml(Path("keys.toml"), raw=hostile)
    assert [problem.format() for problem in document.problems] == [
        (
            "keys.toml:2: error: is nested 20000 levels deep (arrays, tables and dotted keys); "
            "acwizard reads at most 32 levels"
        )
    ]
    assert_as_fast(
        lambda: parse_toml(Path("keys.toml"), raw=hostile),
        lambda: parse_toml(Path("ok.toml"), raw=harmless),
    )


def test_a_dotted_key_in_an_inline_table_without_equals_is_too_deep_at_once():
    count = 20_000
    hostile = ("x = { " + "a." * count + "a\n").encode()
    harmless = ('x = { b = "' + "a." * count + '" }\n').encode()
    document = parse_toml(Path("keys.toml"), raw=hostile)
    assert [problem.format() for problem in document.problems] == [
        (
            "keys.toml:1: error: is nested 20001 levels deep (arrays, tables and dotted keys); "
            "acwizard reads at most 32 levels"
        )
    ]
    assert_as_fast(
        lambda: parse_toml(Path("keys.toml"), raw=hostile),
        lambda: parse_toml(Path("ok.toml"), raw=harmless),
    )


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("1" * 5000, 2),  # Python's int() refuses more than 4300 digits: a ValueError
        ("-" + "1_2" * 3000, 2),
        ("0x" + "f" * 5000, 2),  # read, but too long to be written out by any message
        ("9223372036854775808", 2),  # one past TOML's 64-bit range
    ],
    ids=["5000 digits", "underscores", "hexadecimal", "int64 + 1"],
)
def test_an_integer_outside_toml_s_range_is_an_error_at_its_line(
    value, line, workspace, write_connector
):
    path = write_connector(f'description = "D"\nschema_version = {value}\nuser_group = "G"\n')
    loaded = Workspace.open(workspace).load(path)  # was a ValueError traceback
    assert loaded.connector is None
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert problem.line == line and problem.is_error
    assert "TOML integers are 64-bit" in problem.message


def test_toml_s_largest_integer_is_still_read():
    document = parse_toml(
        Path("ok.toml"), raw=b"a = 9223372036854775807\nb = -9223372036854775808\n"
    )
    assert document.problems == [] and document.data == {
        "a": 2**63 - 1,
        "b": -(2**63),
    }


# -- recovery drafts ------------------------------------------------------------------


def test_a_draft_of_unclosed_escaped_quotes_costs_what_a_closed_one_costs():
    count = 20_000  # 40 KB: quadratic, this took about 6 s per run
    hostile = ('{"data": "' + '\\"' * count).encode()
    harmless = ('{"data": "' + '\\"' * count + '"}').encode()
    assert parse_draft(hostile, "x.json") is None
    assert_as_fast(lambda: parse_draft(hostile, "x.json"), lambda: parse_draft(harmless, "x.json"))


def test_a_draft_with_brackets_after_an_unclosed_string_is_refused(workspace):
    text = '{"connector_id": "payroll-sync", "x": "\\' + "[" * 5000
    assert parse_draft(text.encode(), "payroll-sync.0123456789abcdef.json") is None


# -- the model ------------------------------------------------------------------------

OAUTH = {
    "client_type": "confidential",
    "flows": ["authorization_code"],
    "client_authentication": "client_secret",
}


def test_many_redirect_urls_are_checked_in_linear_time():
    def validate(count: int) -> Callable[[], object]:
        urls = [f"https://app{number}.example.com/oauth/callback" for number in range(count)]
        return lambda: OAuthSettings.model_validate({**OAUTH, "redirect_urls": urls})

    # Eight times the URLs: about eight times the time. Quadratic, 16,000 URLs took 3 s.
    small, large = best_time(validate(2000)), best_time(validate(16_000), runs=2)
    assert large <= 3 * 8 * small, f"2,000 URLs: {small:.3f} s; 16,000: {large:.3f} s"


def test_a_redirect_url_differing_only_in_scheme_and_host_case_is_listed_twice(
    workspace, write_connector
):
    path = write_connector(
        PAYROLL.replace("schema_version = 1", "schema_version = 2")
        .replace("ip_restrictions = [", 'authentication = "oauth"\nip_restrictions = [')
        .replace('subnet_mask = "255.255.255.0", ', "")
        .replace('"192.168.10.0"', '"192.168.10.0/24"')
        + '\n[oauth]\nclient_type = "confidential"\nflows = ["authorization_code"]\n'
        'client_authentication = "client_secret"\nredirect_urls = [\n'
        '    "https://expenses.example.com/oauth/callback",\n'
        '    "HTTPS://Expenses.Example.com/oauth/callback",\n]\n'
    )
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index('    "HTTPS://Expenses.Example.com/oauth/callback",')
    )
    loaded = Workspace.open(workspace).load(path)
    assert [problem.format() for problem in loaded.problems if problem.is_error] == [
        (
            f"{path}:{line + 1}: error: oauth.redirect_urls[1]: this redirect URL is listed "
            "twice: 'HTTPS://Expenses.Example.com/oauth/callback' is "
            "'https://expenses.example.com/oauth/callback' (a URL's scheme and host ignore case)"
        )
    ]


def test_a_redirect_url_differing_in_path_case_is_another_url():
    urls = [
        "https://expenses.example.com/oauth/callback",
        "https://expenses.example.com/OAuth/callback",
        "https://expenses.example.com:8443/oauth/callback",
    ]
    settings = OAuthSettings.model_validate({**OAUTH, "redirect_urls": urls})
    assert settings.redirect_urls == sorted(urls)


def test_the_same_redirect_url_twice_keeps_its_words():
    url = "https://expenses.example.com/oauth/callback"
    with pytest.raises(ValidationError) as caught:
        OAuthSettings.model_validate({**OAUTH, "redirect_urls": [url, url]})
    assert caught.value.errors()[0]["msg"] == "this redirect URL is listed twice"


# -- what a draft may hold is what the model may hold --------------------------------

DRAFT_NAME = "payroll-sync.0123456789abcdef.json"
SAMPLES = [
    "Payroll Sync",
    "Lönen \u2013 Café",
    "first line\nsecond line",
    "a\ttab",
    "ticket\r\nPAY-1",
    "bell\x07",
    "escape\x1b[31m",
    "right-to-left\u202eoverride",
    "zero\u200bwidth",
    "line\u2028separator",
    "nul\x00",
    "private\ue000use",
]


def draft_bytes(data: dict[str, object]) -> bytes:
    """The bytes of a draft of ours holding `data`."""
    return json.dumps(
        {
            "connector_id": "payroll-sync",
            "owner": "0123456789abcdef",
            "fingerprint": None,
            "saved_at": 1.0,
            "base": None,
            "data": data,
        }
    ).encode()


def model_refuses_characters(field: str, value: str) -> bool:
    """True when the model refuses `value` in `field` for an unsafe character."""
    data = {"description": "D", "user_group": "G", field: value}
    try:
        AppConnector.model_validate(data)
    except ValidationError as error:
        return any(
            found["loc"] == (field,) and found["type"] == "unsafe_text" for found in error.errors()
        )
    return False


@pytest.mark.parametrize("field", ["description", "user_group", "notes"])
@pytest.mark.parametrize("value", SAMPLES, ids=[repr(sample) for sample in SAMPLES])
def test_a_draft_text_is_offered_exactly_when_the_model_takes_its_characters(field, value):
    offered = parse_draft(draft_bytes({field: value}), DRAFT_NAME) is not None
    assert offered == (not model_refuses_characters(field, value))
    if offered:  # and what is offered is safe to show
        assert unsafe_character(value, allow_newlines=field == "notes") is None


def test_a_draft_with_multi_line_notes_is_kept_and_read_back(workspace):
    notes = "Ticket PAY-1\n\tOwner: payroll team\nReview yearly"
    write_draft(workspace, Draft("c1", {"description": "D", "notes": notes}, None, time.time()))
    [draft] = read_drafts(workspace)
    assert draft.data == {"description": "D", "notes": notes}


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ({"address": "203.0.113.7", "subnet_mask": None, "access": "allowed"}, True),
        ({"address": "203.0.113.0/24", "access": "disallowed"}, True),
        ({"address": "203.0.113.7", "access": "allowed", "\x1b[2Jcomment": "x"}, False),
        ({"address": "203.0.113.7", "token": "abc"}, False),
        ({"address": "203.0.113.7\x1b[2J", "access": "allowed"}, False),
    ],
    ids=["version 1 line", "version 2 line", "unsafe key", "unknown key", "unsafe value"],
)
def test_a_draft_ip_line_holds_the_model_s_keys_only(line, offered):
    assert (parse_draft(draft_bytes({"ip_restrictions": [line]}), DRAFT_NAME) is not None) == (
        offered
    )


async def test_a_draft_with_multi_line_notes_is_offered_restored_and_saved(
    workspace, write_connector
):
    path = write_connector(PAYROLL)
    notes = "Ticket PAY-1\nOwner: payroll team"
    data = {"description": "Payroll Sync", "user_group": "Payroll Sync", "notes": notes}
    write_draft(workspace, Draft("payroll-sync", data, fingerprint(PAYROLL), time.time() - 120))
    app = AcWizardApp(workspace)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        text = await shown(pilot)
        assert "Unsaved changes found" in text
        await pilot.press("enter")  # restore
        assert "Ticket PAY-1" in await shown(pilot)
        await pilot.press("ctrl+s", "ctrl+s")  # review, then save
        await pilot.pause()
    assert tomllib.loads(path.read_text(encoding="utf-8"))["notes"] == notes
    assert read_drafts(workspace) == []


async def test_multi_line_notes_show_their_newlines_and_draw_nothing_below(
    workspace, write_connector
):
    # A note whose later lines would be drawn over the Review panel below the field: a
    # fake "no findings" over the real high finding.
    fake = "\u258a! info    checked by security: no findings"
    notes = f"RFC-2291\n\n\n  {fake}"
    write_connector(
        PAYROLL.replace(
            '"Payroll Sync"\nuser', f'"Payroll Sync"\nnotes = {json.dumps(notes)}\nuser', 1
        )
    )
    app = AcWizardApp(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        app.screen.query_one("#notes").focus()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        # THEN the screen keeps its 24 lines: nothing of the note lands on another one,
        assert len(lines) == 24
        field = [line for line in lines if "RFC-2291" in line]
        assert not [line for line in lines if "no findings" in line and line not in field]
        # AND the field shows the note on one line, each newline as a visible mark
        assert len(field) == 1
        assert f"RFC-2291\u23ce\u23ce\u23ce  {fake[:20]}" in field[0]
        await pilot.press("end", *" x")
        assert app.screen.editor.text["notes"] == f"{notes} x"


@pytest.mark.parametrize(
    "line",
    [
        "authentication = [" + ", ".join(["0"] * 10_000) + "]",
        'authentication = "hybrid"\n[oauth]\nclient_type = [' + ", ".join(['"x"'] * 10_000) + "]",
        'ip_restrictions = [{ address = "192.0.2.1", access = ['
        + ", ".join(["1"] * 10_000)
        + "] }]",
    ],
)
def test_a_huge_refused_value_is_named_in_a_short_error(workspace, write_connector, line):
    # The model names the value it refuses; a list of 300,000 items made a 900 KB error
    # line (and a PR comment GitHub refuses to post).
    v2 = PAYROLL.replace("schema_version = 1", "schema_version = 2").split("ip_restrictions")[0]
    path = write_connector(v2.replace("blocked = true\n", f"blocked = true\n{line}\n", 1))
    errors = [problem for problem in Workspace(workspace).load(path).problems if problem.is_error]
    assert errors
    assert all(len(problem.message) < 300 for problem in errors), errors
    assert any("..." in problem.message for problem in errors), errors


# -- many problems in one file (issue 18, item 6) -------------------------------------------


def unknown_tables(count: int) -> str:
    """A connector file of `count` unknown table headers (a 0.9 MB file holds 100,000)."""
    head = 'schema_version = 2\ndescription = "H"\nuser_group = "G"\n'
    return head + "".join(f"[t{number:06d}]\n" for number in range(count))


def test_a_file_of_many_unknown_tables_lists_a_thousand_problems_and_counts_the_rest(
    workspace, write_connector, monkeypatch
):
    import acwizard.problems as problems_module

    searched: list[str] = []
    real = problems_module.difflib.get_close_matches

    def counted(word, *args, **kwargs):  # type: ignore[no-untyped-def]
        searched.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(problems_module.difflib, "get_close_matches", counted)
    path = write_connector(unknown_tables(5_000))
    problems = Workspace.open(workspace).load(path).problems
    assert len(problems) == 1_001
    assert problems[0].message == "unknown key 't000000'"
    assert problems[999].message == "unknown key 't000999'"
    assert problems[-1].message == (
        "4,000 more problems not listed (4,000 errors, 0 warnings): fix those above first"
    )
    assert problems[-1].severity == "error" and problems[-1].line == problems[999].line
    assert len(searched) == 100  # "did you mean" is looked for in the first 100 only


def test_many_catalog_warnings_of_one_file_are_counted_past_a_thousand(workspace, write_connector):
    ids = "".join(f'    "Missing{n:05d}",\n' for n in range(1_500))
    path = write_connector(
        f'schema_version = 1\ndescription = "Many"\nuser_group = "Payroll Sync"\n'
        f"get_connectors = [\n{ids}]\n"
    )
    problems = Workspace.open(workspace).load(path).problems
    assert len(problems) == 1_001
    assert problems[-1].severity == "warning"
    assert problems[-1].message == (
        "500 more problems not listed (0 errors, 500 warnings): fix those above first"
    )


def test_a_catalog_of_many_bad_entries_lists_a_thousand_and_counts_the_rest(workspace):
    from acwizard.catalog import load_catalog

    entries = "".join(f'"bad id {n}" = "x"\nGood{n} = "y"\n' for n in range(1_200))
    (workspace / "catalog.toml").write_text(f"[get_connectors]\n{entries}", encoding="utf-8")
    catalog, problems = load_catalog(workspace)
    assert len(problems) == 1_001
    assert problems[999].line == 2 + 2 * 999
    assert problems[-1].message == (
        "200 more problems not listed (200 errors, 0 warnings): fix those above first"
    )
    assert catalog.find("get_connectors", "good1199") == "Good1199"
