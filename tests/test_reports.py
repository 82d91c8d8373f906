"""The command line's renderers on their own: given data, the exact lines the user reads.

`acwizard.reports` holds every renderer of validate, fmt/migrate, list, audit
and diff as a plain function; these tests call them without the CLI, a
workspace or a subprocess. Hostile text (escape sequences, bidi overrides,
Markdown, HTML, mentions, links) must come out as inert text: escaped for the
terminal, escaped and broken by word joiners for a PR comment, `\\uXXXX` in JSON.
The end-to-end checks (exit codes, real workspaces, a CommonMark parser over
the whole output) stay in test_cli.py and test_output_safety.py.
"""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

from acwizard.audit import AuditReport
from acwizard.changes import ConnectorChange
from acwizard.problems import Problem
from acwizard.reports.audit import audit_json, audit_markdown, audit_text
from acwizard.reports.diff import diff_markdown, diff_text
from acwizard.reports.listing import list_json, list_table
from acwizard.reports.markdown import WORD_JOINER as WJ
from acwizard.reports.rewrite import comment_note, rewrite_diff, rewrite_summary
from acwizard.reports.validate import problem_lines, validate_summary
from acwizard.rules import Finding
from acwizard.text import plural

from conftest import REPO

OSC = "\x1b]0;pwned\x07"
"""An escape sequence that retitles the terminal."""


def report(findings: list[Finding] | None = None) -> AuditReport:
    """An audit report of two connectors, one with a hostile description, and an invalid file."""
    return AuditReport(
        today=date(2026, 11, 24),
        findings=[
            Finding("high", "invalid-file", "does not validate: run acwizard validate", OSC),
            Finding("high", "no-ip-restrictions", "active and callable from any address", "pay"),
            Finding(
                "low", "not-in-catalog", "user group '# h <!-- @org' is not in the catalog", "pay"
            ),
        ]
        if findings is None
        else findings,
        migration=[
            {
                "connector_id": "cls",
                "authentication": "classic",
                "days_left": 280,
                "days_to_token_expiry": 158,
                "token_holders": None,
            },
            {
                "connector_id": "pay",
                "authentication": "hybrid",
                "days_left": 280,
                "days_to_token_expiry": 158,
                "token_holders": ["SYS_PAY", "O'Brien `x`"],
            },
            {
                "connector_id": "x|y",
                "authentication": "oauth",
                "days_left": None,
                "days_to_token_expiry": None,
                "token_holders": [],
            },
        ],
        names={"pay": "Pay\u202eroll [x](javascript:1)", "x|y": "`a`"},
        states={"pay": "active", "x|y": "blocked"},
    )


# -- plurals -------------------------------------------------------------------------------


def test_one_plural_rule_for_every_message():
    assert [plural("file", n) for n in (0, 1, 2)] == ["files", "file", "files"]
    assert [plural("address", n) for n in (1, 2)] == ["address", "addresses"]
    assert [plural("entry", n, "entries") for n in (1, 3)] == ["entry", "entries"]


# -- validate ------------------------------------------------------------------------------


def test_validate_prints_paths_relative_to_the_working_directory_and_escaped(tmp_path):
    problems = [
        Problem(tmp_path / "connectors" / "a.toml", 9, "warning", "user_group: x"),
        Problem(Path(f"/elsewhere/{OSC}.toml"), 1, "error", "schema_version: must be 2"),
    ]
    assert problem_lines(problems, tmp_path) == [
        "connectors/a.toml:9: warning: user_group: x",
        "/elsewhere/\\x1b]0;pwned\\x07.toml:1: error: schema_version: must be 2",
    ]


def test_validate_summary_counts_with_plurals(tmp_path):
    error = Problem(tmp_path / "a.toml", 1, "error", "e")
    warning = Problem(tmp_path / "a.toml", 2, "warning", "w")
    assert validate_summary(1, [error, warning]) == "1 file checked: 1 error, 1 warning"
    assert validate_summary(0, []) == "0 files checked: 0 errors, 0 warnings"
    assert (
        validate_summary(6, [error, error, warning, warning])
        == "6 files checked: 2 errors, 2 warnings"
    )


# -- fmt and migrate -----------------------------------------------------------------------


def test_fmt_names_the_comments_a_rewrite_removes():
    assert comment_note([]) == ""
    assert comment_note([3]) == " (removes the comment on line 3)"
    assert comment_note(list(range(1, 13))) == (
        " (removes the comments on lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...)"
    )


def test_fmt_and_migrate_summaries_say_what_was_or_would_be_done():
    assert rewrite_summary(1, 0, False, False) == "1 file checked, 0 reformatted"
    assert rewrite_summary(6, 2, True, False) == "6 files checked, 2 would be reformatted"
    assert rewrite_summary(2, 1, False, True) == ("2 files checked, 1 migrated or reformatted")
    assert rewrite_summary(2, 2, True, True) == (
        "2 files checked, 2 would be migrated or reformatted"
    )


def test_rewrite_diff_splits_lines_only_at_newlines():
    # U+2028 in a comment is one line of the file, not two (the writer escapes it later).
    diff = rewrite_diff("a.toml", "x = 1 # \u2028 c\n", "x = 1\n", migrate=True)
    assert diff == (
        "--- a.toml (on disk)\n+++ a.toml (version 2)\n@@ -1 +1 @@\n-x = 1 # \u2028 c\n+x = 1\n"
    )
    assert rewrite_diff("a.toml", "x = 1\n", "x = 1\n", migrate=False) == ""


# -- list ----------------------------------------------------------------------------------


ROWS = [
    {
        "id": "payroll-sync",
        "path": "connectors/payroll-sync.toml",
        "status": "active",
        "authentication": "hybrid",
        "description": "Pay\u202eroll\x1b[2J",
        "user_group": "Payroll",
        "get_connectors": 1,
        "update_connectors": 12,
        "connectors": 0,
        "ip_restrictions": "2 allowed",
        "tokens": 1,
        "expires": "2026-12-01",
        "expiry": "expired",
        "errors": 0,
    },
    {
        "id": f"{OSC}",
        "path": f"connectors/{OSC}.toml",
        "status": "invalid",
        "authentication": None,
        "description": None,
        "user_group": None,
        "get_connectors": None,
        "update_connectors": None,
        "connectors": None,
        "ip_restrictions": None,
        "tokens": None,
        "expires": None,
        "expiry": None,
        "errors": 3,
    },
]


def test_list_table_aligns_columns_and_escapes_ids_and_descriptions(tmp_path):
    today = date(2026, 12, 7)
    assert list_table(ROWS, tmp_path, today) == [
        "ID                STATUS   AUTH    GET  UPD  CONN  IP         EXPIRY              DESCRIPTION",
        (
            "payroll-sync      active   hybrid  1    12   0     2 allowed  expired 6 days ago  "
            "Pay\\u202eroll\\x1b[2J"
        ),
        "\\x1b]0;pwned\\x07  invalid  -       -    -    -     -          -                   3 error(s)",
        "",
        (
            "1 hybrid: classic tokens expire on 1 May 2027 (145 days left); connectors with a "
            "classic token stop working after 31 August 2027 (267 days left)"
        ),
    ]


def test_list_table_of_no_connectors_names_the_directory(tmp_path):
    root = tmp_path / "a\u202eb"
    assert list_table([], root) == [f"no connectors in {tmp_path}/a\\u202eb/connectors"]


def test_list_json_keeps_every_value_and_escapes_what_a_terminal_would_run():
    document = list_json(ROWS)
    assert json.loads(document) == ROWS
    assert "\u202e" not in document and "\x1b" not in document
    assert '"description": "Pay\\u202eroll\\u001b[2J"' in document


# -- audit ---------------------------------------------------------------------------------


def test_audit_text_groups_findings_by_connector_then_the_migration():
    assert audit_text(report()) == [
        "\\x1b]0;pwned\\x07 ('\\x1b]0;pwned\\x07', invalid)",
        "  high    invalid-file          does not validate: run acwizard validate",
        "pay ('Pay\\u202eroll [x](javascript:1)', active)",
        "  high    no-ip-restrictions    active and callable from any address",
        "  low     not-in-catalog        user group '# h <!-- @org' is not in the catalog",
        "3 findings: 2 high, 1 low",
        "",
        (
            "Migration to OAuth: 2 of 3 connectors still to move; classic tokens expire on "
            "1 May 2027 (158 days left); connectors with a classic token stop working after "
            "31 August 2027 (280 days left) (on 2026-11-24)"
        ),
        (
            "  cls                            classic  158 days to 1 May 2027, 280 days to "
            "31 August 2027; tokens not recorded"
        ),
        (
            "  pay                            hybrid   158 days to 1 May 2027, 280 days to "
            "31 August 2027; classic tokens held by 'SYS_PAY', 'O\\'Brien `x`'"
        ),
        "  x|y                            oauth    done",
    ]


def test_audit_text_without_findings_or_connectors_is_one_summary_line():
    empty = AuditReport(date(2027, 9, 1), [], [], {}, {})
    assert audit_text(empty) == ["0 findings"]
    assert audit_markdown(empty) == ["### acwizard audit: 0 findings\n"]


def test_audit_markdown_is_a_table_whose_user_text_is_inert():
    assert audit_markdown(report()) == [
        "### acwizard audit: 3 findings: 2 high, 1 low\n",
        "| Connector | State | Severity | Finding |",
        "|---|---|---|---|",
        (
            "| **\\\\x1b\\]0\\;pwned\\\\x07** (`\\x1b]0;pwned\\x07`) | invalid | high | "
            "does not validate\\: run acwizard validate |"
        ),
        (
            f"| **Pay\\\\u202eroll \\[x\\]\\(javascript\\:{WJ}1\\)** (`pay`) | active | high | "
            "active and callable from any address |"
        ),
        (
            f"| **Pay\\\\u202eroll \\[x\\]\\(javascript\\:{WJ}1\\)** (`pay`) | active | low | "
            f"user group \\'\\# h \\<\\!\\-\\- \\@{WJ}org\\' is not in the catalog |"
        ),
        (
            "\n### Migration to OAuth\\: 2 of 3 connectors still to move\\; classic tokens expire "
            "on 1 May 2027 \\(158 days left\\)\\; connectors with a classic token stop working "
            "after 31 August 2027 \\(280 days left\\) \\(on 2026\\-11\\-24\\)\n"
        ),
        (
            "| Connector | Authentication | Days to 1 May 2027 | Days to 31 August 2027 | "
            "Classic tokens held by |"
        ),
        "|---|---|---|---|---|",
        "| **cls** (`cls`) | classic | 158 | 280 | not recorded |",
        (
            f"| **Pay\\\\u202eroll \\[x\\]\\(javascript\\:{WJ}1\\)** (`pay`) | hybrid | 158 | 280 | "
            "`SYS_PAY`, `` O'Brien `x` `` |"
        ),
        "| **\\`a\\`** (`x\\|y`) | oauth | done | done | - |",
    ]


def test_audit_json_has_the_documented_keys_and_escapes_ids():
    hostile = Finding("medium", "deny-list", "disallowed lines only", "a\u202eb")
    document = audit_json(report([hostile]))
    assert "\u202e" not in document and '"connector_id": "a\\u202eb"' in document
    assert json.loads(document) == {
        "summary": {"high": 0, "medium": 1, "low": 0, "info": 0},
        "findings": [
            {
                "connector_id": "a\u202eb",
                "level": "medium",
                "code": "deny-list",
                "message": "disallowed lines only",
            }
        ],
        "migration": {
            "today": "2026-11-24",
            "deadline": "2027-08-31",
            "days_left": 280,
            "token_expiry": "2027-05-01",
            "days_to_token_expiry": 158,
            "connectors": [
                {
                    "connector_id": "cls",
                    "authentication": "classic",
                    "days_left": 280,
                    "days_to_token_expiry": 158,
                    "token_holders": None,
                },
                {
                    "connector_id": "pay",
                    "authentication": "hybrid",
                    "days_left": 280,
                    "days_to_token_expiry": 158,
                    "token_holders": ["SYS_PAY", "O'Brien `x`"],
                },
                {
                    "connector_id": "x|y",
                    "authentication": "oauth",
                    "days_left": None,
                    "days_to_token_expiry": None,
                    "token_holders": [],
                },
            ],
        },
    }


def test_audit_report_fails_at_or_above_the_chosen_level():
    assert report().fails("high") and report().fails("low")
    only_low = report([Finding("low", "grants-nothing", "g", "pay")])
    assert not only_low.fails("medium") and only_low.fails("info")
    assert not report().fails("never")


# -- diff ----------------------------------------------------------------------------------

CHANGES = [
    ConnectorChange("a\x1b[2J", "Desc @team", "changed", ["blocked", "user group: 'x' -> 'y'"])
]
PROBLEMS = [Problem(Path("HEAD:connectors/b\u202e.toml"), 3, "error", "blocked: must be true")]


def test_diff_text_puts_unreadable_files_first_then_each_change():
    assert diff_text("HEAD", "working tree", CHANGES, PROBLEMS) == [
        "HEAD:connectors/b\\u202e.toml:3: error: blocked: must be true",
        "a\\x1b[2J ('Desc @team'): changed",
        "  blocked",
        "  user group: 'x' -> 'y'",
    ]
    assert diff_text("a\nb", "c", [], []) == ["No access changes (a\\x0ab -> c)."]


def test_diff_markdown_lists_each_change_and_keeps_labels_inert():
    assert diff_markdown("HEAD", "working tree", CHANGES, PROBLEMS) == [
        "### Access changes (HEAD -\\> working tree)\n",
        "Files that do not validate:\n",
        (
            f"- HEAD\\:{WJ}connectors\\/{WJ}b\\\\u202e\\.{WJ}toml\\:{WJ}3\\: error\\: blocked\\: "
            "must be true"
        ),
        "",
        f"**Desc \\@{WJ}team** (`connectors/a\\x1b[2J.toml`, changed)",
        "- blocked",
        "- user group\\: \\'x\\' \\-\\> \\'y\\'",
        "",
    ]
    assert diff_markdown("a\n# b", "c", [], []) == [
        "### Access changes (a\\\\x0a\\# b -\\> c)\n",
        "No access changes.",
    ]


# -- the module ----------------------------------------------------------------------------


def test_renderers_only_return_text():
    """A renderer that printed itself would bypass `commands.output.out`, the terminal-safe writer."""
    sources = sorted((REPO / "src" / "acwizard" / "reports").glob("*.py"))
    assert len(sources) >= 6
    trees = [ast.parse(source.read_text(encoding="utf-8")) for source in sources]
    calls = [node.func for tree in trees for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert not [f for f in calls if isinstance(f, ast.Name) and f.id in ("print", "open")]
    assert not [f for f in calls if isinstance(f, ast.Attribute) and "write" in f.attr]
