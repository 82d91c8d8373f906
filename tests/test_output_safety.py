"""Text from files reaches the terminal and a pull request comment only as text.

File names, ids, descriptions, user groups, notes, comments and revision names
are chosen by whoever can get a file into the repository. The CLI prints them
(list, audit, diff, fmt --diff) and CI posts the Markdown of audit and diff as
PR comments. These tests build hostile workspaces and check, on the bytes and
on the token stream of a CommonMark parser (markdown-it-py, which comes with
Textual), that user text produced no escape sequence and no heading, link,
image, HTML or mention, and that each user field can still be read.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from acwizard.changes import compare
from acwizard.cli import main
from acwizard.files.saving import dump_connector
from acwizard.history import snapshot
from acwizard.model import AppConnector
from acwizard.reports import markdown
from acwizard.reports.markdown import WORD_JOINER
from acwizard.text import (
    BIDI_CONTROLS,
    Sentence,
    Value,
    encodable,
    escaped,
    quoted,
    say,
    terminal_text,
)

from conftest import PAYROLL, REPO

LINKIFY = importlib.util.find_spec("linkify_it") is not None
"""markdown-it's linkify needs linkify-it; Textual installs it today."""

PARSERS = {
    "commonmark": MarkdownIt("commonmark"),
    # GitHub-like: tables, strikethrough and, when linkify-it-py is there, bare URLs.
    "gfm-like": MarkdownIt("gfm-like", {"linkify": LINKIFY}),
}

HOSTILE_NAMES = [
    "\x1b]0;pwned\x07",  # OSC: retitles the terminal
    "\x1b[2J",  # CSI: clears the screen
    "\x9b2J",  # C1 CSI, the 8-bit form of ESC [
    "a\u202eexe",  # bidi override: shows "exe" reversed
    "a`b``c",  # backticks: leave a code span
    "x\n# heading",  # newline: a heading of its own
    "<!-- hidden",  # unclosed HTML comment: hides the rest of the comment
    "<img src=x onerror=alert(1)>",
    "@octocat and #12",  # mention, issue reference
    "www.evil.example",  # autolink
    "[x](javascript:alert(1))",
    "a|b",  # table cell
    "over\rwrite",  # carriage return: the rest of the line overwrites the start
]
"""Connector file names (without .toml); none is a valid id, so each file is invalid."""

HOSTILE_TEXTS = [
    "`code` ``x",
    "# heading <!-- hidden",
    "<img src=x onerror=alert(1)>",
    "@org/team and a@b.example",
    "https://evil.example www.x.com",
    "see GH-12 and gh-3",
    "fixes a5c3785ed8d6a35868bc169f07e40e889087fd2e, user@a5c3785 and 1234567",
    "[x](javascript:alert(1)) ![i](y)",
    "a | b",
    "&lt;b&gt; &#8238; :smile: #12 $x$ ~~s~~ **b** _i_",
    "> quote",
    "- item",
    "1. item",
    "---",
]
"""Descriptions and user groups: valid for the model, hostile for Markdown."""

HOSTILE_NOTES = "line one\n# heading\n<!--\n@org/team https://evil.example\n[x](y)"

ALLOWED_TOKENS = {
    "heading_open", "heading_close", "paragraph_open", "paragraph_close", "inline", "text",
    "strong_open", "strong_close", "code_inline", "bullet_list_open", "bullet_list_close",
    "list_item_open", "list_item_close", "table_open", "table_close", "thead_open",
    "thead_close", "tbody_open", "tbody_close", "tr_open", "tr_close", "th_open", "th_close",
    "td_open", "td_close", "softbreak",
}  # fmt: skip
"""Everything our renderers make: no link, image, HTML, emphasis, quote, rule or code block.

(Plain CommonMark has no tables: there the audit table is a paragraph of lines.)"""

LINK_LOOKING = re.compile(
    r"(?i)\b(?:https?|ftp|mailto|javascript):[^\s\u2060]|www\.|@[a-z0-9]|#[0-9]|/[/a-z]|\w\.[a-z]"
    r"|\bgh-[0-9]|(?<![0-9a-z_])[0-9a-f]{7,}(?![0-9a-z_])"
)
"""Text GitHub (or linkify) could turn into a link, mention or reference: a scheme, `www.`,
`@name`, `#12`, `//host` or `name.tld` with no word joiner where it would begin, or a word of
7 or more hex digits (GitHub links it to the commit it abbreviates)."""

UNSAFE_FOR_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]"
)
"""What must never reach a terminal raw: C0 but tab and newline, DEL, C1, surrogates, bidi."""


def tokens(source: str, parser: str) -> list[Token]:
    """Every token of `source`, inline children flattened in order."""
    flat: list[Token] = []
    for token in PARSERS[parser].parse(source):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def inline_texts(source: str, parser: str) -> list[str]:
    """The rendered text of each inline run (heading, paragraph, cell), our joiners removed."""
    return [
        "".join(child.content for child in token.children or []).replace(WORD_JOINER, "")
        for token in PARSERS[parser].parse(source)
        if token.type == "inline"
    ]


def assert_inert(source: str, parser: str) -> None:
    """User text in `source` made no construct of its own and no link-looking text."""
    found = tokens(source, parser)
    assert {token.type for token in found} <= ALLOWED_TOKENS, source
    for token in found:
        if token.type == "text":
            assert not LINK_LOOKING.search(token.content), token.content
    html = PARSERS[parser].render(source)
    for tag in ("<a ", "<img", "<!--", "<script", "<h1", "<h2", "<blockquote", "<pre"):
        assert tag not in html


def write(path: Path, connector: AppConnector) -> None:
    """Write a connector file in canonical form."""
    path.write_text(dump_connector(connector), encoding="utf-8")


def hostile(text: str, **fields: object) -> AppConnector:
    """An active connector whose description and user group are `text`."""
    values: dict[str, object] = {
        "description": text,
        "user_group": text,
        "blocked": False,
        "notes": HOSTILE_NOTES,
        "get_connectors": ["Profit_Employees"],
        **fields,
    }
    return AppConnector.model_validate(values)


@pytest.fixture
def hostile_workspace(workspace: Path) -> Path:
    """Valid connectors with hostile descriptions, user groups and notes; hostile file names."""
    for index, text in enumerate(HOSTILE_TEXTS):
        write(workspace / "connectors" / f"hostile-{index}.toml", hostile(text))
    for name in HOSTILE_NAMES:
        (workspace / "connectors" / f"{name}.toml").write_text(PAYROLL, encoding="utf-8")
    return workspace


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; (status, stdout, stderr)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- Markdown: audit ------------------------------------------------------------------


@pytest.mark.parametrize("parser", PARSERS)
def test_audit_markdown_is_inert_and_says_what_the_json_says(hostile_workspace, capsys, parser):
    # GIVEN a workspace whose texts and file names are Markdown, HTML, mentions and links
    _, report, _ = run(capsys, "-w", str(hostile_workspace), "audit", "--format", "json")
    findings = json.loads(report)["findings"]
    # WHEN the audit is rendered for a PR comment
    _, source, _ = run(capsys, "-w", str(hostile_workspace), "audit", "--format", "markdown")
    # THEN nothing but our heading and our table came out of it
    assert_inert(source, parser)
    found = [token.type for token in tokens(source, parser)]
    assert found.count("heading_open") == 2  # the findings, and the migration status
    texts = inline_texts(source, parser)
    assert texts[0] == f"acwizard audit: {len(findings)} findings: " + ", ".join(
        f"{count} {level}" for level, count in json.loads(report)["summary"].items() if count
    )
    # AND every hostile name and text is there to read
    shown = "\n".join(texts)
    for text in HOSTILE_NAMES + HOSTILE_TEXTS:
        assert escaped(text) in shown
    if parser == "commonmark":
        return  # no tables in plain CommonMark
    # AND (where tables exist) each finding is one row of four cells that reads as it says
    assert found.count("table_open") == 2
    header, rows = texts[1:5], texts[5 : 5 + 4 * len(findings)]
    assert header == ["Connector", "State", "Severity", "Finding"]
    migration = json.loads(report)["migration"]["connectors"]
    title, migration_header, migration_rows = (
        texts[5 + 4 * len(findings)],
        texts[6 + 4 * len(findings) : 11 + 4 * len(findings)],
        texts[11 + 4 * len(findings) :],
    )
    assert title.startswith("Migration to OAuth: ")
    assert migration_header == [
        "Connector",
        "Authentication",
        "Days to 1 May 2027",
        "Days to 31 August 2027",
        "Classic tokens held by",
    ]
    assert len(migration_rows) == 5 * len(migration)
    for number, row in enumerate(migration):
        connector_id = row["connector_id"]
        name = {f"hostile-{i}": t for i, t in enumerate(HOSTILE_TEXTS)}.get(
            connector_id, connector_id
        )
        done = row["days_left"] is None
        assert migration_rows[5 * number : 5 * number + 5] == [
            f"{escaped(name)} ({escaped(connector_id)})",
            row["authentication"],
            "done" if done else str(row["days_to_token_expiry"]),
            "done" if done else str(row["days_left"]),
            "not recorded" if row["token_holders"] is None else "-",
        ]
    descriptions = {f"hostile-{index}": text for index, text in enumerate(HOSTILE_TEXTS)}
    for number, finding in enumerate(findings):
        cells = rows[4 * number : 4 * number + 4]
        connector_id = finding["connector_id"]
        name = descriptions.get(connector_id, connector_id)
        state = "active" if connector_id in descriptions else "invalid"
        assert cells[0] == f"{escaped(name)} ({escaped(connector_id)})"
        # Free text quoted in the text and JSON forms ('a\'b') is a code span in
        # Markdown, where the span's own backticks say where it starts and ends.
        message = finding["message"]
        for text in HOSTILE_TEXTS:
            message = message.replace(quoted(text), escaped(text))
        assert cells[1:] == [state, finding["level"], message]


def test_audit_markdown_keeps_ids_in_code_spans(hostile_workspace, capsys):
    _, source, _ = run(capsys, "-w", str(hostile_workspace), "audit", "--format", "markdown")
    codes = {t.content for t in tokens(source, "gfm-like") if t.type == "code_inline"}
    assert {escaped(name) for name in HOSTILE_NAMES} <= codes


# -- Markdown: diff -------------------------------------------------------------------


def as_rendered(line: str) -> str:
    """How a change's line reads once its Markdown is rendered: each value as written (in a
    code span, without the quotes the text form puts around free text)."""
    if not isinstance(line, Sentence):
        return escaped(line)
    return "".join(escaped(part.text if isinstance(part, Value) else part) for part in line.parts)


def expected_changes(before: Path, after: Path) -> list[tuple[str, str, str, list[str]]]:
    """(description, id, kind, lines) of each change, as `acwizard.changes` computes them."""
    old, new = snapshot(before, str(before)), snapshot(after, str(after))
    return [
        (change.description, change.connector_id, change.kind, change.lines)
        for change in compare(old.connectors, new.connectors, new.invalid)
    ]


@pytest.fixture
def hostile_pair(tmp_path: Path, workspace: Path) -> tuple[Path, Path]:
    """Two workspace directories with hostile names; the second changes everything."""
    before = tmp_path / "old`<!--@org #1 x\n# h"
    after = tmp_path / "new [x](y) https:x www.y.z |"
    shutil.copytree(workspace, before)
    shutil.copytree(workspace, after)
    for index, text in enumerate(HOSTILE_TEXTS):
        write(before / "connectors" / f"changed-{index}.toml", hostile(f"Plain {index}"))
        write(before / "connectors" / f"deleted-{index}.toml", hostile(text))
        # A changed user group and description, and new notes.
        write(
            after / "connectors" / f"changed-{index}.toml",
            hostile(text, notes=HOSTILE_NOTES + "!", blocked=True),
        )
        write(after / "connectors" / f"created-{index}.toml", hostile(text))
    for name in HOSTILE_NAMES:
        (after / "connectors" / f"{name}.toml").write_text(PAYROLL, encoding="utf-8")
    return before, after


@pytest.mark.parametrize("parser", PARSERS)
def test_diff_markdown_is_inert_and_reads_as_the_changes(hostile_pair, capsys, parser):
    before, after = hostile_pair
    status, source, _ = run(capsys, "-w", str(after), "diff", "--format", "markdown",
                            str(before), str(after))  # fmt: skip
    assert status == 0
    assert_inert(source, parser)
    found = [t.type for t in tokens(source, parser)]
    assert found.count("heading_open") == 1
    texts = inline_texts(source, parser)
    assert texts[0] == f"Access changes ({escaped(str(before))} -> {escaped(str(after))})"
    # Each change: its title paragraph, then one list item per line, in order.
    expected: list[str] = []
    for description, connector_id, kind, lines in expected_changes(before, after):
        path = escaped(f"connectors/{connector_id}.toml")
        expected.append(f"{escaped(description)} ({path}, {kind})")
        expected += [as_rendered(line) for line in lines]
    assert texts[1:] == expected
    assert found.count("list_item_open") == len(expected) - found.count("strong_open")
    shown = "\n".join(texts)
    for text in HOSTILE_NAMES + HOSTILE_TEXTS:
        assert escaped(text) in shown
    assert "notes changed" in shown and "line one" not in shown


def git(repo: Path, *args: str) -> None:
    """Run git in `repo`."""
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        check=True,
    )


@pytest.mark.parametrize("parser", PARSERS)
def test_diff_markdown_of_hostile_revision_names_is_inert(workspace, capsys, parser):
    # GIVEN branches whose names are HTML, a code fence and a mention
    first, second = "<!--`x`@org#1&lt;", "```<img_src=x_onerror=alert(1)>@org/team"
    git(workspace, "init", "-q")
    write(workspace / "connectors" / "a.toml", hostile(HOSTILE_TEXTS[1]))
    git(workspace, "add", "-A")
    git(workspace, "commit", "-qm", "one")
    git(workspace, "branch", first)
    write(workspace / "connectors" / "a.toml", hostile(HOSTILE_TEXTS[3]))
    git(workspace, "commit", "-qam", "two")
    git(workspace, "branch", second)
    # WHEN the change between them is rendered
    status, source, _ = run(capsys, "-w", str(workspace), "diff", "--format", "markdown",
                            first, second)  # fmt: skip
    # THEN the names read as typed, and made nothing
    assert status == 0
    assert_inert(source, parser)
    texts = inline_texts(source, parser)
    assert texts[0] == f"Access changes ({first} -> {second})"
    assert texts[1] == f"{HOSTILE_TEXTS[3]} (connectors/a.toml, changed)"


# -- Markdown helpers, for any text -------------------------------------------------------

SPECIAL = [
    *string.punctuation,
    " ", "  ", "\n", "\t", "\r", "\x1b", "\x07", "\x85", "\x9b", "\u202e", "\u2060", "\u00a0",
    "é", "\u3000", "https://", "www.", "@org/team", "<!--", "```", "#12", "a@b.c", "1.", "&#64;",
    "a5c3785", "deadbeef0",
]  # fmt: skip
TEXTS = st.lists(st.one_of(st.sampled_from(SPECIAL), st.characters()), min_size=1, max_size=12).map(
    "".join
)
"""Any text, weighted towards what Markdown, GitHub and terminals treat specially."""


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_inline_text_is_inert_and_reads_as_written(text):
    shown = escaped(text)
    for parser in PARSERS:
        for source, expected in [
            (f"A {markdown.inline(text)} Z", [f"A {shown} Z"]),
            (f"- {markdown.inline(text)}", [shown]),
            (f"### {markdown.inline(text)}", [shown]),
            (f"| h |\n|---|\n| {markdown.inline(text)} |", ["h", shown]),
        ]:
            if source.startswith("|") and parser == "commonmark":
                continue  # no tables in plain CommonMark
            assert_inert(source, parser)
            assert inline_texts(source, parser) == expected, source


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_code_spans_are_inert_and_read_as_written(text):
    shown = escaped(text)
    for parser in PARSERS:
        for source in [
            f"A {markdown.code(text)} Z",
            f"| h |\n|---|\n| {markdown.code(text, in_table=True)} |",
        ]:
            if source.startswith("|") and parser == "commonmark":
                continue
            found = tokens(source, parser)
            assert {t.type for t in found} <= ALLOWED_TOKENS, source
            assert [t.content for t in found if t.type == "code_inline"] == [shown], source


# -- Terminal ---------------------------------------------------------------------------

VERBS = [
    ["list"],
    ["list", "--json"],
    ["validate"],
    ["audit"],
    ["audit", "--format", "markdown"],
    ["audit", "--format", "json"],
    ["fmt", "--check"],
]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b]0;pwned\x07b", "a\\x1b]0;pwned\\x07b"),  # C0: OSC, BEL
        ("a\x7fb", "a\\x7fb"),  # DEL
        ("a\x85b\x9b2J", "a\\x85b\\x9b2J"),  # C1: NEL, CSI
        ("a\u202eb\u2066c", "a\\u202eb\\u2066c"),  # bidi
        ("a\u200bb\u2060c\u2028d", "a\\u200bb\\u2060c\\u2028d"),  # invisible, line separator
        ("a\udcffb", "a\\udcffb"),  # a byte that was not UTF-8, from a file name
        ("over\rwrite", "over\\x0dwrite"),  # a lone carriage return overwrites the line
        ("one\ttwo\nthree\r\n", "one\ttwo\nthree\r\n"),  # line structure is kept
        ("Déclarations café ✓", "Déclarations café ✓"),  # readable text is left alone
    ],
)
def test_terminal_text_escapes_every_unsafe_character_and_keeps_lines(raw, shown):
    assert terminal_text(raw) == shown


@pytest.mark.parametrize("verb", VERBS, ids=" ".join)
def test_no_verb_sends_control_or_bidi_characters_to_the_terminal(hostile_workspace, capsys, verb):
    status, out, err = run(capsys, "-w", str(hostile_workspace), *verb)
    assert status in (0, 1)
    assert not UNSAFE_FOR_TERMINAL.search(out + err)
    # The names are there, as escapes (JSON's own in JSON).
    if "--json" in verb or "json" in verb:
        assert "\\u001b]0;pwned\\u0007" in out and "\\u009b2J" in out
    else:
        assert "\\x1b]0;pwned\\x07" in out + err and "\\x9b2J" in out + err
        # A newline in a name is shown, not obeyed: the line stays one line.
        assert "x\\x0a# heading" in out + err


@pytest.mark.parametrize("output", ["text", "markdown"])
def test_diff_sends_no_control_or_bidi_characters_to_the_terminal(hostile_pair, capsys, output):
    before, after = hostile_pair
    status, out, err = run(capsys, "-w", str(after), "diff", "--format", output,
                           str(before), str(after))  # fmt: skip
    assert status == 0
    assert not UNSAFE_FOR_TERMINAL.search(out + err)
    assert "\\u202eexe" in out
    if output == "text":
        # Each hostile file is one line, its name shown with escapes.
        lines = out.splitlines()
        for name in HOSTILE_NAMES:
            assert f"{escaped(name)} ({quoted(name)}): invalid" in lines, name


def test_list_shows_hostile_names_escaped_in_its_table(hostile_workspace, capsys):
    _, out, _ = run(capsys, "-w", str(hostile_workspace), "list")
    table, _, deadlines = out.partition("\n\n")  # the deadlines line below the table
    lines = table.splitlines()
    assert len(lines) == 1 + len(HOSTILE_TEXTS) + len(HOSTILE_NAMES)
    assert re.match(r"[0-9]+ classic: classic tokens expire on 1 May 2027", deadlines)
    for name in HOSTILE_NAMES:
        row = re.compile(re.escape(escaped(name)) + r" +invalid +- +- +- +- +- +- +1 error\(s\)$")
        assert [line for line in lines if row.match(line)], name


def test_audit_shows_hostile_names_escaped_one_line_each(hostile_workspace, capsys):
    _, out, _ = run(capsys, "-w", str(hostile_workspace), "audit")
    lines = out.splitlines()
    for name in HOSTILE_NAMES:
        shown = escaped(name)
        index = lines.index(f"{shown} ({quoted(name)}, invalid)")
        assert lines[index + 1].startswith("  high    invalid-file ")


def test_json_escapes_what_json_dumps_leaves_raw_and_nothing_else(workspace, capsys):
    # GIVEN a description with accents, and files named with C1, bidi and DEL characters
    write(workspace / "connectors" / "cafe.toml", hostile("Déclarations café"))
    names = ["\x85", "\x9b2J", "a\u202eb", "\x7f", "tag\U000e0041"]
    for name in names:
        (workspace / "connectors" / f"{name}.toml").write_text(PAYROLL, encoding="utf-8")
    # WHEN listed as JSON
    _, out, _ = run(capsys, "-w", str(workspace), "list", "--json")
    # THEN those characters are JSON escapes, and the data reads back exactly
    assert not UNSAFE_FOR_TERMINAL.search(out)
    assert "\\u0085" in out and "\\u009b2J" in out and "a\\u202eb" in out and "\\u007f" in out
    assert "tag\\udb40\\udc41" in out  # a format character beyond U+FFFF: a surrogate pair
    rows = json.loads(out)
    assert {row["id"] for row in rows} == {"cafe", *names}
    # AND readable text is left as it is (not \u00e9)
    assert '"description": "Déclarations café"' in out


COMMENTED = PAYROLL.replace("blocked = true", "blocked = true # \u202eevil\x85 next \x9b2J ok")
"""A valid, non-canonical file whose comment holds bidi and C1 characters (TOML allows them)."""


def test_fmt_diff_shows_comment_controls_as_escapes_on_their_own_line(
    workspace, write_connector, capsys
):
    write_connector(COMMENTED)
    status, out, _ = run(capsys, "-w", str(workspace), "fmt", "--diff")
    assert status == 0
    assert not UNSAFE_FOR_TERMINAL.search(out)
    # U+0085 is a line break to str.splitlines, not to TOML: one file line, one diff line.
    assert "-blocked = true # \\u202eevil\\x85 next \\x9b2J ok\n+blocked = true\n" in out


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_fmt_diff_of_an_ordinary_file_is_unchanged(workspace, write_connector, capsys, newline):
    import difflib

    text = PAYROLL.replace("blocked = true", "blocked = true # until go-live")
    text = text.replace("\n", newline)
    write_connector(text.encode("utf-8"))
    _, out, _ = run(capsys, "-w", str(workspace), "fmt", "--diff")
    shown = str(workspace / "connectors" / "payroll-sync.toml")
    assert out == "".join(
        difflib.unified_diff(
            text.splitlines(keepends=True),
            PAYROLL.splitlines(keepends=True),
            fromfile=f"{shown} (on disk)",
            tofile=f"{shown} (canonical)",
        )
    )


def test_the_installed_command_writes_no_control_bytes_for_any_file_name(workspace):
    # GIVEN file names with an OSC sequence, and bytes that are not UTF-8 (0x9b is C1 CSI)
    connectors = os.fsencode(workspace / "connectors")
    for name in (b"\x1b]0;pwned\x07.toml", b"\x9b2J\xff.toml", b"\xe2\x80\xae.toml"):
        with open(os.path.join(connectors, name), "w", encoding="utf-8") as file:
            file.write(PAYROLL)
    for verb in (["list"], ["audit"], ["validate"], ["list", "--json"]):
        # WHEN a verb prints them to a terminal-like byte stream
        result = subprocess.run(
            [sys.executable, "-m", "acwizard", "-w", str(workspace), *verb],
            capture_output=True,
            cwd=REPO,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            check=False,  # the exit code is asserted below, after the output
        )
        # THEN it works, and no escape, C1 or bidi byte sequence is written
        output = result.stdout + result.stderr
        assert b"Traceback" not in output, output
        assert result.returncode in (0, 1)
        for raw in (b"\x1b", b"\x07", b"\x9b", b"\xff", "\x9b".encode(), "\u202e".encode()):
            assert raw not in output, (verb, output)


def test_every_line_the_cli_prints_goes_through_out():
    """A verb added later cannot forget the terminal-safe writer: `out` is the only one."""
    package = REPO / "src" / "acwizard"
    sources = [package / "cli.py", *sorted((package / "commands").glob("*.py"))]
    assert len(sources) >= 8
    writers = []
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                called = node.func
                prints = isinstance(called, ast.Name) and called.id == "print"
                writes = isinstance(called, ast.Attribute) and called.attr in (
                    "write",
                    "writelines",
                )
                if prints or writes:
                    writers.append(f"{source.name}:{function.name}")
    # The writer and the progress line beside it (digits only), nothing else.
    assert writers and all(writer.startswith("output.py:") for writer in writers), writers


@pytest.mark.parametrize("parser", PARSERS)
def test_urls_in_markdown_are_code_spans_copied_exactly(workspace, tmp_path, capsys, parser):
    """Profit compares redirect URLs exactly: a reviewer copying one from the PR comment
    must get it without the word joiners that keep running text from linking."""
    # GIVEN a change that adds a webhook and a JWKS URL and moves a webhook
    from conftest import PAYROLL_V2

    before, after = tmp_path / "before", tmp_path / "after"
    for side in (before, after):
        (side / "connectors").mkdir(parents=True)
    old = PAYROLL_V2.replace(
        "https://payroll.example.com/.well-known/jwks.json", "https://a.example/k"
    )
    new = PAYROLL_V2 + (
        '\n[[webhooks]]\ndescription = "Orders (EU)"\nurl = "https://hooks.example.com/o?x=1&y=2"\n'
        "blocked = false\n"
    )
    (before / "connectors" / "payroll-sync.toml").write_text(old, encoding="utf-8")
    (after / "connectors" / "payroll-sync.toml").write_text(new, encoding="utf-8")
    # WHEN the diff is rendered for a PR comment
    status, source, _ = run(capsys, "-w", str(after), "diff", "--format", "markdown",
                            str(before), str(after))  # fmt: skip
    # THEN it is inert, and each URL is one code span holding the URL as written
    assert status == 0
    assert_inert(source, parser)
    spans = [t.content for t in tokens(source, parser) if t.type == "code_inline"]
    for url in (
        "https://hooks.example.com/o?x=1&y=2",
        "https://a.example/k",
        "https://payroll.example.com/.well-known/jwks.json",
    ):
        assert url in spans, source
    assert all(WORD_JOINER not in span for span in spans)
    texts = inline_texts(source, parser)
    assert "webhook added, ACTIVE: Orders (EU) -> https://hooks.example.com/o?x=1&y=2" in texts
    assert "Orders (EU)" in spans  # the description too: a value, shown whole


def test_a_url_in_an_audit_finding_is_a_code_span_in_its_table_cell(capsys, workspace):
    from conftest import PAYROLL_V2

    # GIVEN a native app's loopback redirect URL, which the audit names in a finding
    url = "http://127.0.0.1:8400/callback"
    text = PAYROLL_V2.replace("redirect_urls = []", f'redirect_urls = [\n    "{url}",\n]').replace(
        '"client_credentials",', '"authorization_code",\n    "client_credentials",'
    )
    (workspace / "connectors" / "payroll-sync.toml").write_text(text, encoding="utf-8")
    status, source, err = run(capsys, "-w", str(workspace), "audit", "--format", "markdown",
                              "--fail-on", "never")  # fmt: skip
    assert status == 0, err
    # THEN the table cell holds it as one code span, copied exactly, and nothing else links
    assert f"redirect URL `{url}` is not https" in source
    for parser in PARSERS:
        assert_inert(source, parser)


# -- Output encodings (issue 18, item 2) ---------------------------------------------------

WIDE = "Lohn 工资 🚀 Ωmega ÿ"
"""A description cp1252 cannot carry whole (CJK, an emoji, Greek), with ÿ, which it can."""

ALL_VERBS = [
    (["list"], 0),
    (["list", "--json"], 0),
    (["validate"], 1),  # the file name that is no id is an error
    (["audit", "--fail-on", "never"], 0),
    (["audit", "--format", "markdown", "--fail-on", "never"], 0),
    (["audit", "--format", "json", "--fail-on", "never"], 0),
    (["fmt", "--check"], 1),
    (["fmt", "--diff"], 1),
    (["migrate", "--check"], 1),
    (["schema"], 0),
    (["diff", "BEFORE", "AFTER"], 0),
    (["diff", "--format", "markdown", "BEFORE", "AFTER"], 0),
    (["validate", "NO-SUCH-FILE"], 1),
]
"""Every verb with what it exits with on `narrow_workspace`; BEFORE and AFTER are directories."""

RUN_ALL = """
import sys
from acwizard.cli import main
for argv in __import__("json").loads(sys.argv[1]):
    status = main(argv)
    sys.stdout.flush(); sys.stderr.flush()
    print(f"== {status}", flush=True)
    print(f"== {status}", file=sys.stderr, flush=True)
"""
"""Runs each verb in one interpreter (start-up is most of a verb's time); `== status` after each."""


@pytest.fixture
def narrow_workspace(workspace: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A workspace whose texts and file names cp1252 and ASCII cannot carry, and its earlier
    state (a directory), for diff."""
    before = tmp_path / "before"
    shutil.copytree(workspace, before)
    write(before / "connectors" / "lohn.toml", hostile("Plain", user_group="Plain"))
    write(workspace / "connectors" / "lohn.toml", hostile(WIDE, user_group=WIDE))
    (workspace / "connectors" / "Ωmega 工.toml").write_text(PAYROLL, encoding="utf-8")
    (workspace / "connectors" / "payroll-sync.toml").write_text(
        PAYROLL.replace("blocked = true", "blocked = true # commentaire: ÿ 工"),
        encoding="utf-8",
    )
    return workspace, before


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_every_verb_writes_what_the_output_encoding_carries(narrow_workspace, encoding):
    # GIVEN a workspace full of text outside the encoding of stdout and stderr (a Windows
    # runner redirecting to a file writes cp1252)
    workspace, before = narrow_workspace
    verbs = [
        [
            str(before) if arg == "BEFORE" else str(workspace) if arg == "AFTER" else arg
            for arg in argv
        ]
        for argv, _ in ALL_VERBS
    ]
    verbs = [["-w", str(workspace), *argv] for argv in verbs]
    # WHEN every verb writes to files in that encoding
    result = subprocess.run(
        [sys.executable, "-c", RUN_ALL, json.dumps(verbs)],
        capture_output=True,
        cwd=workspace,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        check=False,
    )
    # THEN none crashed, each kept the exit status it has in UTF-8
    out, err = result.stdout.decode(encoding), result.stderr.decode(encoding)  # it all decodes
    assert "Traceback" not in err, err
    assert result.returncode == 0
    statuses = [int(line[3:]) for line in out.splitlines() if line.startswith("== ")]
    assert statuses == [status for _, status in ALL_VERBS]
    # AND what the encoding cannot carry is an escape, what it can is as it is
    assert "\\u5de5" in out and "\\U0001f680" in out and "\\u03a9" in out
    assert ("ÿ" if encoding == "cp1252" else "\\xff") in out
    assert "\\u5de5" in err  # the invalid file's name, in validate's summary of fmt's refusal


def test_the_escapes_of_a_narrow_encoding_are_the_unsafe_characters_escapes():
    # One form for every escape: 8 hex digits beyond U+FFFF, so none reads as two characters.
    assert encodable("a\u00e9\u5de5\U0001f680", "ascii") == "a\\xe9\\u5de5\\U0001f680"
    assert encodable("a\u00e9\u5de5", "cp1252") == "a\u00e9\\u5de5"
    assert encodable("a\u5de5", "UTF-8") == "a\u5de5"
    assert encodable("a\u5de5", "no-such-codec") == "a\\u5de5"
    assert escaped("tag\U000e0041") == "tag\\U000e0041"


# -- Values in Markdown: code spans, nothing added (issue 18, item 2) ------------------------


def code_spans(source: str) -> list[str]:
    """The content of every code span in `source` (GFM-like)."""
    return [t.content for t in tokens(source, "gfm-like") if t.type == "code_inline"]


def test_addresses_and_ids_in_markdown_are_code_spans_without_word_joiners(
    workspace, tmp_path, capsys
):
    # GIVEN a change that adds IPv6 and IPv4 lines and grants a dotted id
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(workspace, before)
    shutil.copytree(workspace, after)
    lines = [
        {"address": "2001:db8:10::/48", "access": "allowed"},
        {"address": "2001:db8::1", "access": "allowed"},
        {"address": "203.0.113.7", "access": "allowed"},
    ]
    old = hostile(
        "Pay",
        schema_version=2,
        authentication="classic",
        ip_restrictions=[{"address": "10.1.0.0/16", "access": "allowed"}],
    )
    new = hostile(
        "Pay",
        schema_version=2,
        authentication="classic",
        get_connectors=["Profit_Employees", "Profit.Debtor"],
        ip_restrictions=lines,
    )
    write(before / "connectors" / "pay.toml", old)
    write(after / "connectors" / "pay.toml", new)
    # WHEN the diff and the audit are rendered for a PR comment
    _, diff, _ = run(capsys, "-w", str(after), "diff", "--format", "markdown",
                     str(before), str(after))  # fmt: skip
    _, audit, _ = run(capsys, "-w", str(after), "audit", "--format", "markdown",
                      "--wide-prefix-v6", "48", "--fail-on", "never")  # fmt: skip
    # THEN every address and the id are code spans holding exactly what the file says
    spans = code_spans(diff)
    for value in ("2001:db8:10::/48", "2001:db8::1", "203.0.113.7", "10.1.0.0/16"):
        assert value in spans, diff
    assert "Profit.Debtor" in spans
    assert "2001:db8:10::/48" in code_spans(audit), audit
    # AND no word joiner is inside any of them, nor anywhere inside an address
    for source in (diff, audit):
        assert all(WORD_JOINER not in span for span in code_spans(source))
        assert not re.search(rf"[0-9a-f.:]{WORD_JOINER}[0-9a-f.:]", source), source
        for parser in PARSERS:
            assert_inert(source, parser)


# -- Sentences that cannot be forged (issue 18, item 2) --------------------------------------

FORGED = "Pay' -> 'Payroll Team"
"""A description that, unquoted, reads as a whole change of its own."""

QUOTED_VALUE = re.compile(r"'((?:[^'\\]|\\.)*)'")
"""The quoting rule, as a reader applies it: from a quote to the next quote not after a
backslash, `\\'` and `\\\\` standing for a quote and a backslash."""


def unquote(text: str) -> list[str]:
    """Every quoted value of a text line, by the rule."""
    return [re.sub(r"\\(['\\])", r"\1", found.group(1)) for found in QUOTED_VALUE.finditer(text)]


def test_quoted_values_cannot_end_early_whatever_they_hold():
    for value in [FORGED, "a\\", "\\'", "'", "x' -> 'y' -> 'z", "back\\slash"]:
        assert unquote(f"changed: {quoted(value)} -> {quoted('b')}") == [value, "b"]


@pytest.mark.parametrize("output", ["text", "markdown"])
def test_a_description_holding_quotes_and_arrows_cannot_forge_a_change(
    workspace, tmp_path, capsys, output
):
    # GIVEN a description and a user group written to read like changes of their own
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(workspace, before)
    shutil.copytree(workspace, after)
    group = "Sync' -> 'Admins"
    hook = {"description": "Hook' -> https://evil.example/x", "url": "https://ok.example/h"}
    write(before / "connectors" / "pay.toml", hostile("Pay", user_group="Sync"))
    write(
        after / "connectors" / "pay.toml",
        hostile(
            FORGED, user_group=group, schema_version=2, authentication="classic", webhooks=[hook]
        ),
    )
    # WHEN the diff is printed
    status, out, _ = run(capsys, "-w", str(after), "diff", "--format", output,
                         str(before), str(after))  # fmt: skip
    assert status == 0
    lines = out.splitlines()
    if output == "text":
        # THEN each value reads back whole by the quoting rule, and only as itself
        assert unquote(lines[0]) == [FORGED]
        assert unquote(next(x for x in lines if "user group changed" in x)) == ["Sync", group]
        assert unquote(next(x for x in lines if "description changed" in x)) == ["Pay", FORGED]
        assert unquote(next(x for x in lines if "webhook added" in x)) == [hook["description"]]
        assert "  user group changed: 'Sync' -> 'Sync\\' -> \\'Admins'" in lines
    else:
        # THEN each value is one code span holding it exactly
        spans = code_spans(out)
        for value in ("Pay", FORGED, "Sync", group, hook["description"], hook["url"]):
            assert value in spans, out
        for parser in PARSERS:
            assert_inert(out, parser)


def test_audit_text_quotes_each_connector_name(workspace, capsys):
    write(workspace / "connectors" / "pay.toml", hostile("Pay, blocked) (x"))
    _, out, _ = run(capsys, "-w", str(workspace), "audit", "--fail-on", "never")
    assert "pay ('Pay, blocked) (x', active)" in out.splitlines()


def test_a_sentence_keeps_its_values_through_a_second_process():
    import pickle

    sentence = say("user group changed: {a!q} -> {b!v}", a="x' y", b="Id.1")
    copy = pickle.loads(pickle.dumps(sentence))
    assert copy == "user group changed: 'x\\' y' -> Id.1"
    assert isinstance(copy, Sentence) and copy.parts == sentence.parts
    assert markdown.prose(copy) == "user group changed\\: `x' y` \\-\\> `Id.1`"
