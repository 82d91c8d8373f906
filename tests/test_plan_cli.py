"""`acwizard plan`: between commits in a real git repository, between two workspaces, in
English and Dutch, its exit codes, and hostile text that stays text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from test_output_safety import PARSERS, UNSAFE_FOR_TERMINAL, assert_inert, git

from acwizard.cli import main
from acwizard.reports.markdown import WORD_JOINER


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(demo_copy: Path) -> Path:
    """The demo in a git repository: commit 1 as shipped, commit 2 unblocks expense-app
    and grants it an UpdateConnector."""
    git(demo_copy, "init", "-q")
    git(demo_copy, "add", "-A")
    git(demo_copy, "commit", "-qm", "demo")
    expense = demo_copy / "connectors" / "expense-app.toml"
    edit(expense, "blocked = true", "blocked = false")
    edit(expense, "update_connectors = []", 'update_connectors = [\n    "KnEmployee",\n]')
    git(demo_copy, "commit", "-qam", "unblock the expense app, grant KnEmployee")
    return demo_copy


EXPENSE_STEPS = [
    "Change the app connector 'Expense App' (expense-app)",
    "  1. Go to: General / Management / App connector.",
    "  2. Open the properties of the app connector 'Expense App'.",
    "  3. Go to the tab: UpdateConnectors.",
    "     3.1 Click on: New.",
    "     3.2 Select the check boxes of: KnEmployee.",
    "     3.3 Click on: Finish.",
    "  4. Go to the tab: General.",
    "     4.1 Deselect the Blocked check box.",
    "  5. Click on: OK.",
]


class TestBetweenCommits:
    def test_a_commit_that_unblocks_and_grants(self, capsys, repo):
        status, out, err = run(capsys, "-w", str(repo), "plan", "HEAD~1", "HEAD")
        assert (status, err) == (0, "")
        assert out.splitlines() == [
            "Clicks in Profit (HEAD~1 -> HEAD)",
            "Environment: O12345AA",
            "",
            *EXPENSE_STEPS,
        ]

    def test_in_dutch(self, capsys, repo):
        status, out, _ = run(capsys, "-w", str(repo), "plan", "HEAD~1", "HEAD", "--lang", "nl")
        assert status == 0
        assert out.splitlines() == [
            "Klikken in Profit (HEAD~1 -> HEAD)",
            "Omgeving: O12345AA",
            "",
            "App connector 'Expense App' wijzigen (expense-app)",
            "  1. Ga naar: Algemeen / Beheer / App connector.",
            "  2. Open de eigenschappen van de app connector 'Expense App'.",
            "  3. Ga naar het tabblad: UpdateConnectoren.",
            "     3.1 Klik op: Nieuw.",
            "     3.2 Vink aan: KnEmployee.",
            "     3.3 Klik op: Voltooien.",
            "  4. Ga naar het tabblad: Algemeen.",
            "     4.1 Vink het veld Geblokkeerd uit.",
            "  5. Klik op: OK.",
            "",
            (
                "Woorden die de Nederlandse helppagina's van AFAS niet tonen (het scherm kan ze "
                "anders noemen): UpdateConnectoren; Vink aan: …"
            ),
        ]

    def test_markdown_has_a_check_box_per_step(self, capsys, repo):
        status, out, _ = run(
            capsys, "-w", str(repo), "plan", "HEAD~1", "HEAD", "--format", "markdown"
        )
        assert status == 0
        assert out.splitlines()[4:15] == [
            "#### Change the app connector 'Expense App' (`expense-app`)",
            "",
            "- [ ] Go to: General / Management / App connector.",
            "- [ ] Open the properties of the app connector 'Expense App'.",
            "- [ ] Go to the tab: UpdateConnectors.",
            "  - [ ] Click on: New.",
            "  - [ ] Select the check boxes of: `KnEmployee`.",
            "  - [ ] Click on: Finish.",
            "- [ ] Go to the tab: General.",
            "  - [ ] Deselect the Blocked check box.",
            "- [ ] Click on: OK.",
        ]

    def test_json_gives_the_same_steps(self, capsys, repo):
        status, out, _ = run(capsys, "-w", str(repo), "plan", "HEAD~1", "HEAD", "--format", "json")
        document = json.loads(out)
        assert status == 0
        assert list(document) == [
            "version", "lang", "mode", "before", "after", "environment", "problems", "sections",
            "unsure",
        ]  # fmt: skip
        [section] = document["sections"]
        assert section["kind"] == "changed" and section["connector_id"] == "expense-app"
        assert section["changes"] == [
            "UNBLOCKED: the app can now call Profit",
            "granted UpdateConnector: KnEmployee",
        ]
        texts = [step["text"] for step in section["steps"]]
        assert texts == [re.sub(r"^ *[0-9.]+ ", "", line) for line in EXPENSE_STEPS[1:]]
        assert section["steps"][4]["values"] == [
            {"kind": "list", "values": [{"kind": "id", "text": "KnEmployee"}]}
        ]

    def test_no_revision_is_head_against_the_working_tree(self, capsys, repo):
        edit(repo / "connectors" / "bi-export.toml", "blocked = false", "blocked = true")
        status, out, _ = run(capsys, "-w", str(repo), "plan")
        assert status == 0
        assert out.splitlines()[3:8] == [
            "Change the app connector 'BI Export' (bi-export)",
            "  1. Go to: General / Management / App connector.",
            "  2. Open the properties of the app connector 'BI Export'.",
            "  3. Go to the tab: General.",
            "     3.1 Select the Blocked check box.",
        ]

    def test_nothing_changed(self, capsys, repo):
        status, out, _ = run(capsys, "-w", str(repo), "plan", "HEAD", "HEAD")
        assert status == 0
        assert out.splitlines()[-1] == "Nothing to click: both grant the same access."

    def test_a_file_that_does_not_validate_gets_no_steps(self, capsys, repo):
        edit(repo / "connectors" / "bi-export.toml", "blocked = false", "blocked = 1")
        status, out, _ = run(capsys, "-w", str(repo), "plan")
        assert status == 0
        assert "bi-export: the file does not validate" in out
        assert "Run acwizard validate and fix the file; plan gives no steps for it." in out

    @pytest.mark.parametrize(
        "argv",
        [
            ["no-such-revision"],
            ["HEAD", "HEAD", "HEAD"],
            ["--from", "."],
            ["HEAD", "--from", ".", "--to", "."],
        ],
    )
    def test_what_cannot_be_read_exits_2(self, capsys, repo, argv):
        status, out, err = run(capsys, "-w", str(repo), "plan", *argv)
        assert (status, out) == (2, "")
        assert err.startswith("acwizard plan: ")


def _two_copies(tmp_path: Path) -> tuple[Path, Path]:
    from conftest import DEMO

    test_side, production = tmp_path / "test", tmp_path / "production"
    shutil.copytree(DEMO, test_side)
    shutil.copytree(DEMO, production)
    return test_side, production


class TestBetweenWorkspaces:
    def test_two_copies_of_the_demo_give_nothing_to_click(self, capsys, tmp_path):
        test_side, production = _two_copies(tmp_path)
        status, out, _ = run(capsys, "plan", "--from", str(test_side), "--to", str(production))
        assert status == 0
        assert out.splitlines()[-1] == "Nothing to click: both grant the same access."

    def test_exactly_their_differences(self, capsys, tmp_path):
        # GIVEN the test environment's copy with three changes production does not have
        test_side, production = _two_copies(tmp_path)
        edit(
            test_side / "connectors" / "payroll-sync.toml",
            '    "Profit_Employees",\n',
            '    "Profit_Employees",\n    "Profit_Projects",\n',
        )
        edit(
            test_side / "connectors" / "time-registration.toml",
            '    { address = "2001:db8:4f00::/48", access = "allowed" },\n',
            "",
        )
        (production / "connectors" / "bi-export.toml").unlink()
        # WHEN plan repeats the test environment's connectors in production
        status, out, _ = run(
            capsys, "plan", "--from", str(test_side), "--to", str(production), "--format", "json"
        )
        document = json.loads(out)
        # THEN exactly those three connectors have steps, and only for what differs
        assert status == 0
        assert [(s["kind"], s["connector_id"]) for s in document["sections"]] == [
            ("created", "bi-export"),
            ("changed", "payroll-sync"),
            ("changed", "time-registration"),
        ]
        payroll, timereg = document["sections"][1:]
        assert [step["text"] for step in payroll["steps"]][2:6] == [
            "Go to the tab: GetConnectors.",
            "Click on: New.",
            "Select the check boxes of: Profit_Projects.",
            "Click on: Finish.",
        ]
        assert [step["text"] for step in timereg["steps"]][2:4] == [
            "Go to the tab: IP restrictions.",
            "Delete the line 2001:db8:4f00::/48 (Allow).",
        ]
        assert document["mode"] == "workspaces"
        assert document["before"] == str(production) and document["after"] == str(test_side)

    def test_what_differs_on_purpose_is_not_proposed(self, capsys, tmp_path):
        # GIVEN test servers' addresses and a test webhook host in the test environment
        test_side, production = _two_copies(tmp_path)
        (test_side / "acwizard.toml").write_text('environment = "T12345AA"\n', encoding="utf-8")
        edit(
            test_side / "connectors" / "time-registration.toml",
            '    { address = "198.51.100.0/24", access = "allowed" },\n',
            '    { address = "10.20.30.0/24", access = "allowed" },\n',
        )
        edit(
            test_side / "connectors" / "webshop-integration.toml",
            "https://hooks.webshop.example.com/",
            "https://hooks-test.webshop.example.com/",
        )
        edit(
            test_side / "connectors" / "webshop-integration.toml",
            "blocked = true",
            "blocked = false",
        )
        # AND production's acwizard.toml marks them as differing on purpose
        (production / "acwizard.toml").write_text(
            'environment = "O12345AA"\n\n[environment_differences]\n'
            'source_environment = "T12345AA"\n'
            'ip_ranges = ["10.20.0.0/16", "198.51.100.0/24"]\n'
            'fields = ["blocked"]\n\n'
            "[environment_differences.url_prefixes]\n"
            '"https://hooks-test.webshop.example.com/" = "https://hooks.webshop.example.com/"\n',
            encoding="utf-8",
        )
        status, out, _ = run(capsys, "plan", "--from", str(test_side), "--to", str(production))
        assert status == 0
        assert out.splitlines()[-1] == "Nothing to click: both grant the same access."

    def test_the_wrong_source_environment_exits_2(self, capsys, tmp_path):
        test_side, production = _two_copies(tmp_path)
        (production / "acwizard.toml").write_text(
            '[environment_differences]\nsource_environment = "T12345AA"\n', encoding="utf-8"
        )
        status, out, err = run(capsys, "plan", "--from", str(test_side), "--to", str(production))
        assert (status, out) == (2, "")
        assert "is O12345AA, but --to's acwizard.toml says it repeats T12345AA" in err

    def test_a_feature_the_target_lacks_cannot_be_repeated(self, capsys, tmp_path):
        test_side, production = _two_copies(tmp_path)
        (production / "acwizard.toml").write_text(
            'environment = "O12345AA"\nprofit_version = 7\n', encoding="utf-8"
        )
        for name in ("time-registration", "webshop-integration"):
            (production / "connectors" / f"{name}.toml").unlink()
        status, out, _ = run(capsys, "plan", "--from", str(test_side), "--to", str(production))
        assert status == 0
        assert "Cannot be repeated in this environment: " in out
        assert "Add the app connector 'Time Registration'" in out
        assert "Click on: New." not in out.split("Time Registration")[1].split("\n\n")[0]

    def test_unreadable_sides_exit_2(self, capsys, tmp_path):
        test_side, production = _two_copies(tmp_path)
        (production / "acwizard.toml").write_text("environment = \n", encoding="utf-8")
        status, _, err = run(capsys, "plan", "--from", str(test_side), "--to", str(production))
        assert status == 2 and "acwizard.toml:1: error: invalid TOML" in err
        status, _, err = run(
            capsys, "plan", "--from", str(tmp_path / "none"), "--to", str(test_side)
        )
        assert status == 2 and "is not a directory" in err


HOSTILE = "<!-- [x](https://evil.example) @org/team #12 `x` | **b** a5c3785ed8d6"


@pytest.fixture
def hostile_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two workspaces in a hostile directory name; the test side adds a connector whose
    description, user group, webhook and redirect URL are hostile, and re-points a webhook."""
    from acwizard.files.saving import dump_connector
    from acwizard.model import AppConnector

    test_side, production = _two_copies(tmp_path / "<!--x`y`@org")
    hostile = AppConnector.model_validate(
        {
            "schema_version": 2,
            "description": HOSTILE,
            "user_group": HOSTILE,
            "blocked": False,
            "authentication": "oauth",
            "get_connectors": ["Profit_Employees"],
            "oauth": {
                "client_type": "public",
                "flows": ["authorization_code"],
                "redirect_urls": ["https://app.example/cb?a=`x`&b=<!--"],
                "dpop": True,
            },
            "webhooks": [{"description": HOSTILE, "url": "https://x.example/a`b`<!--@org"}],
        }
    )
    (test_side / "connectors" / "hostile.toml").write_text(
        dump_connector(hostile), encoding="utf-8"
    )
    edit(
        test_side / "connectors" / "webshop-integration.toml",
        "https://hooks.webshop.example.com/afas/orders",
        "https://hooks.webshop.example.com/`x`@org/#12",
    )
    return test_side, production


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_plan_markdown_is_inert(capsys, hostile_pair, lang, parser):
    test_side, production = hostile_pair
    status, out, err = run(
        capsys, "plan", "--from", str(test_side), "--to", str(production),
        "--format", "markdown", "--lang", lang,
    )  # fmt: skip
    assert status == 0, err
    assert ("Add a user group" if lang == "en" else "Gebruikersgroep toevoegen") in out
    # URLs are code spans, copied exactly
    assert "``https://x.example/a`b`<!--@org``" in out
    assert "``https://hooks.webshop.example.com/`x`@org/#12``" in out
    assert_inert(out, parser)


@pytest.mark.parametrize("output", ["text", "markdown", "json"])
def test_plan_sends_no_control_or_bidi_characters_to_the_terminal(capsys, tmp_path, output):
    test_side, production = _two_copies(tmp_path)
    edit(
        test_side / "connectors" / "bi-export.toml",
        'description = "BI Export"',
        'description = "BI\\u202eExport\\u0085"',
    )
    status, out, err = run(
        capsys, "plan", "--from", str(test_side), "--to", str(production), "--format", output
    )
    # a description with a bidi override does not validate: it is a problem line, escaped
    assert status == 0
    assert not UNSAFE_FOR_TERMINAL.search((out + err).replace(WORD_JOINER, ""))
