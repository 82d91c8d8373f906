"""Reviewing access in git: audit findings and access-level diffs, on real repositories."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest

from acwizard.audit import audit_report, reviewed
from acwizard.cli import main
from acwizard.files.saving import dump_connector
from acwizard.model import AppConnector
from acwizard.rules import connector_findings

from conftest import DEMO, PAYROLL, PAYROLL_V2, git


def connector(**fields) -> AppConnector:
    """A connector with sensible defaults for the fields not given."""
    return AppConnector.model_validate(
        {"description": "App", "user_group": "Payroll Sync", "blocked": False, **fields}
    )


def codes(found) -> list[tuple[str, str]]:
    """(level, code) of each finding."""
    return [(finding.level, finding.code) for finding in found]


ALLOWED = [{"address": "203.0.113.7", "access": "allowed"}]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"get_connectors": ["A"]}, [("high", "no-ip-restrictions")]),
        ({"blocked": True}, [("low", "no-ip-restrictions")]),
        (
            {
                "get_connectors": ["A"],
                "ip_restrictions": [{"address": "52.174.142.76", "access": "allowed"}],
            },
            [("high", "afas-connect-allowed")],
        ),
        (
            {
                "blocked": True,
                "ip_restrictions": [{"address": "52.174.142.140", "access": "allowed"}],
            },
            [("medium", "afas-connect-allowed")],
        ),
        (
            {
                "get_connectors": ["A"],
                "ip_restrictions": [
                    {"address": "16.0.0.0", "subnet_mask": "255.0.0.0", "access": "allowed"}
                ],
            },
            [("high", "wide-range")],
        ),
        (
            {
                "get_connectors": ["A"],
                "ip_restrictions": [
                    {"address": "0.0.0.0", "subnet_mask": "0.0.0.0", "access": "allowed"}
                ],
            },
            [("high", "afas-connect-allowed"), ("high", "wide-range")],
        ),
        (
            {
                "get_connectors": ["A"],
                "ip_restrictions": [
                    {"address": "16.0.0.0", "subnet_mask": "255.128.0.0", "access": "allowed"}
                ],
            },
            [],
        ),
        (
            {
                "get_connectors": ["A"],
                "ip_restrictions": [
                    {"address": "192.168.10.0", "subnet_mask": "255.255.255.0", "access": "allowed"}
                ],
            },
            [("low", "private-range")],
        ),
        (
            {
                "get_connectors": ["A"],
                "ip_restrictions": [
                    {"address": "192.0.2.0", "subnet_mask": "255.255.255.0", "access": "disallowed"}
                ],
            },
            [("medium", "deny-list")],
        ),
        (
            {
                "update_connectors": [
                    "HrCompMut",
                    "FiEntries",
                    "KnEmployee",
                    "KnUser",
                    "Hrx",
                    "FbSales",
                ],
                "ip_restrictions": ALLOWED,
            },
            [("medium", "sensitive-write")] * 4,
        ),
        ({"ip_restrictions": ALLOWED}, [("low", "grants-nothing")]),
        ({"blocked": True, "ip_restrictions": ALLOWED}, []),
    ],
)
def test_each_finding(fields, expected):
    assert codes(connector_findings("x", connector(**fields))) == expected


def test_sensitive_writes_name_what_they_write():
    found = connector_findings(
        "x", connector(update_connectors=["HrCompMut", "KnEmployee"], ip_restrictions=ALLOWED)
    )
    assert [f.message for f in found] == [
        "writes HR and payroll data: HrCompMut",
        "writes personnel data: KnEmployee",
    ]


def test_no_ip_findings_outside_afas_online():
    assert codes(connector_findings("x", connector(get_connectors=["A"]), online=False)) == []


def test_shared_user_groups_and_catalog_gaps():
    from acwizard.catalog import load_catalog

    catalog, _ = load_catalog(DEMO)
    connectors = {
        "b": connector(description="B", ip_restrictions=ALLOWED, get_connectors=["Employees"]),
        "a": connector(description="A", ip_restrictions=ALLOWED, get_connectors=["Nope"]),
    }
    report = audit_report(
        [
            reviewed(key, value, connector_findings(key, value, catalog))
            for key, value in connectors.items()
        ],
        date(2026, 11, 24),
    )
    found = [f for f in report.findings if f.code != "classic-token"]
    assert [(f.connector_id, f.code, f.message) for f in found] == [
        (
            "a",
            "shared-user-group",
            "user group 'Payroll Sync' is also used by b; AFAS advises one user group per app",
        ),
        ("a", "not-in-catalog", "get_connectors not in the catalog: Nope"),
        (
            "b",
            "shared-user-group",
            "user group 'Payroll Sync' is also used by a; AFAS advises one user group per app",
        ),
    ]


class TestAuditCommand:
    def test_demo_findings_and_exit_status(self, capsys):
        assert main(["-w", str(DEMO), "audit", "--today", "2026-11-24"]) == 1
        out = capsys.readouterr().out
        assert "bi-export ('BI Export', active)\n  high    no-ip-restrictions" in out
        assert "AFAS Connect test address still allowed: 52.174.142.76" in out
        assert "8 findings" not in out
        assert "22 findings: 2 high, 17 medium, 3 low\n\nMigration to OAuth: 5 of 6" in out

    @pytest.mark.parametrize(
        ("today", "level", "status"),
        [("2026-11-24", "medium", 0), ("2027-05-02", "high", 1), ("2027-09-01", "high", 1)],
    )
    def test_the_classic_token_deadline_follows_the_date(
        self, capsys, workspace, write_connector, today, level, status
    ):
        # GIVEN one blocked classic connector with IP restrictions (no other high finding)
        write_connector(PAYROLL)
        # WHEN audit runs on a given day
        assert main(["-w", str(workspace), "audit", "--today", today, "--format", "json"]) == status
        report = json.loads(capsys.readouterr().out)
        # THEN the deadline finding has the level of that day, and the plan shows the days left
        assert [
            (f["level"], f["code"]) for f in report["findings"] if f["code"] == "classic-token"
        ] == [(level, "classic-token")]
        left = max((date(2027, 8, 31) - date.fromisoformat(today)).days, 0)
        to_expiry = max((date(2027, 5, 1) - date.fromisoformat(today)).days, 0)
        assert report["migration"]["connectors"] == [
            {
                "connector_id": "payroll-sync",
                "authentication": "classic",
                "days_left": left,
                "days_to_token_expiry": to_expiry,
                "token_holders": None,  # a version 1 file: its tokens are not recorded
            }
        ]

    @pytest.mark.parametrize(
        ("today", "finding", "title", "days", "cells"),
        [
            (
                "2026-11-24",
                (
                    "medium  classic-token         classic tokens expire on 1 May 2027 (158 days "
                    "left); connectors with a classic token stop working after 31 August 2027 "
                    "(280 days left): migrate to OAuth"
                ),
                (
                    "classic tokens expire on 1 May 2027 (158 days left); connectors with a "
                    "classic token stop working after 31 August 2027 (280 days left) (on 2026-11-24)"
                ),
                ["158 days to 1 May 2027, 280 days to 31 August 2027"] * 2,
                [["158", "280"]] * 2,
            ),
            (
                "2027-05-01",
                (
                    "high    classic-token         classic tokens expire on 1 May 2027 (today); "
                    "connectors with a classic token stop working after 31 August 2027 (122 days "
                    "left): migrate to OAuth"
                ),
                (
                    "classic tokens expire on 1 May 2027 (today); connectors with a classic token "
                    "stop working after 31 August 2027 (122 days left) (on 2027-05-01)"
                ),
                ["tokens expired, 122 days to 31 August 2027"] * 2,
                [["tokens expired", "122"]] * 2,
            ),
            (
                "2027-09-01",
                (
                    "high    classic-token         classic token: this connector no longer works: "
                    "classic tokens expired on 1 May 2027 (123 days ago); connectors with a "
                    "classic token stopped working after 31 August 2027 (1 day ago); migrate to "
                    "OAuth"
                ),
                (
                    "classic tokens expired on 1 May 2027 (123 days ago); connectors with a "
                    "classic token stopped working after 31 August 2027 (1 day ago) (on 2027-09-01)"
                ),
                ["tokens expired, stopped", "tokens expired, classic tokens stopped"],
                [["tokens expired", "stopped"], ["tokens expired", "classic tokens stopped"]],
            ),
        ],
    )
    def test_the_deadline_is_worded_for_the_day_of_the_audit(
        self, capsys, workspace, write_connector, today, finding, title, days, cells
    ):
        # GIVEN a classic and a hybrid connector
        write_connector(PAYROLL, "a.toml")
        write_connector(
            PAYROLL_V2.replace('"oauth"', '"hybrid"').replace('"Payroll Sync"\nuser', '"B"\nuser'),
            "b.toml",
        )
        # WHEN audit runs as text and as Markdown on that day
        main(["-w", str(workspace), "audit", "--today", today])
        text = capsys.readouterr().out
        main(["-w", str(workspace), "audit", "--today", today, "--format", "markdown"])
        markdown = capsys.readouterr().out
        # THEN the classic finding and the migration status say both deadlines as true that day
        assert f"  {finding}\n" in text  # level, code, message
        assert f"2 of 2 connectors still to move; {title}\n" in text
        rows = [line.split(maxsplit=2)[2] for line in text.splitlines()[-2:]]
        assert rows == [f"{each}; tokens not recorded" for each in days]
        assert not re.search(r"\b0 days left", text + markdown)
        assert [line.split(" | ")[2:4] for line in markdown.splitlines()[-2:]] == cells

    @pytest.mark.parametrize("today", ["2026-13-01", "tomorrow", "2026-1-5", "20261124"])
    def test_a_bad_date_is_a_usage_error(self, capsys, workspace, today):
        with pytest.raises(SystemExit) as stopped:
            main(["-w", str(workspace), "audit", "--today", today])
        assert stopped.value.code == 2
        assert "argument --today: " in capsys.readouterr().err

    def test_fail_on_levels(self, capsys):
        assert main(["-w", str(DEMO), "audit", "--fail-on", "never"]) == 0
        assert main(["-w", str(DEMO), "audit", "--fail-on", "low"]) == 1

    def test_json_and_markdown(self, capsys):
        main(["-w", str(DEMO), "audit", "--format", "json", "--today", "2026-11-24"])
        report = json.loads(capsys.readouterr().out)
        assert report["summary"] == {"high": 2, "medium": 17, "low": 3, "info": 0}
        main(["-w", str(DEMO), "audit", "--format", "markdown", "--today", "2026-11-24"])
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "### acwizard audit: 22 findings: 2 high, 17 medium, 3 low"
        assert lines[2] == "| Connector | State | Severity | Finding |"
        assert (
            "| **BI Export** (`bi-export`) | active | high | active and callable from any address |"
            in lines
        )

    def test_markdown_escapes_user_text(self, capsys, workspace, write_connector):
        text = dump_connector(connector(description="a | b *c* [x](y)", get_connectors=["A"]))
        write_connector(text, "odd.toml")
        main(["-w", str(workspace), "audit", "--format", "markdown"])
        assert "**a \\| b \\*c\\* \\[x\\]\\(y\\)**" in capsys.readouterr().out

    def test_invalid_files_are_high_findings(self, capsys, workspace, write_connector):
        write_connector("nonsense", "broken.toml")
        assert main(["-w", str(workspace), "audit"]) == 1
        assert "high    invalid-file" in capsys.readouterr().out


def edit(path: Path, **changes) -> None:
    """Change a connector file through the model, as the TUI would."""
    from acwizard.workspace import Workspace

    current = Workspace.open(path.parent.parent).load(path).connector
    path.write_text(
        dump_connector(AppConnector.model_validate({**current.model_dump(), **changes})),
        encoding="utf-8",
    )


class TestDiffCommand:
    def test_unblocking_and_granting_kn_employee_between_commits(self, repo, capsys, monkeypatch):
        # GIVEN a commit that unblocks Expense App and grants it KnEmployee
        edit(
            repo / "connectors" / "expense-app.toml",
            blocked=False,
            update_connectors=["KnEmployee"],
        )
        git(repo, "commit", "-qam", "unblock")
        monkeypatch.chdir(repo)
        # WHEN the reviewer asks what changed
        assert main(["diff", "HEAD~1", "HEAD"]) == 0
        # THEN it says exactly that, and nothing about the others
        assert capsys.readouterr().out == (
            "expense-app ('Expense App'): changed\n"
            "  UNBLOCKED: the app can now call Profit\n"
            "  granted UpdateConnector: KnEmployee\n"
        )

    def test_every_kind_of_change(self, repo, capsys):
        connectors = repo / "connectors"
        edit(
            connectors / "payroll-sync.toml",
            blocked=True,
            user_group="Payroll Team",
            get_connectors=["Employment_data"],
            connectors=[],
            ip_restrictions=[
                {"address": "192.168.10.0", "subnet_mask": "255.255.255.0", "access": "allowed"},
                {"address": "198.51.100.9", "access": "allowed"},
            ],
        )
        (connectors / "bi-export.toml").unlink()
        (connectors / "fleet.toml").write_text(
            dump_connector(connector(description="Fleet", get_connectors=["Employees"])),
            encoding="utf-8",
        )
        assert main(["-w", str(repo), "diff"]) == 0
        assert capsys.readouterr().out == (
            "bi-export ('BI Export'): deleted\n"
            "  deleted (it was ACTIVE and granted 6 connectors)\n"
            "fleet ('Fleet'): created\n"
            "  created, ACTIVE, for user group 'Payroll Sync'\n"
            "  granted GetConnector: Employees\n"
            "payroll-sync ('Payroll Sync'): changed\n"
            "  blocked: the app can no longer call Profit\n"
            "  user group changed: 'Payroll Sync' -> 'Payroll Team'\n"
            "  revoked GetConnectors: Profit_CostCentre, Profit_Employees\n"
            "  revoked special connector: AppConnectorSubject\n"
            "  IP line added: 198.51.100.9 allowed\n"
            "  IP line removed: 203.0.113.7 allowed\n"
        )

    def test_formatting_only_changes_are_not_mentioned(self, repo, capsys):
        path = repo / "connectors" / "payroll-sync.toml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("blocked = false", "blocked  =  false")
        )
        main(["-w", str(repo), "diff"])
        assert capsys.readouterr().out == "No access changes (HEAD -> working tree).\n"

    def test_markdown_for_a_pull_request(self, repo, capsys):
        edit(repo / "connectors" / "expense-app.toml", blocked=False)
        main(["-w", str(repo), "diff", "--format", "markdown"])
        assert capsys.readouterr().out == (
            "### Access changes (HEAD -\\> working tree)\n\n"
            "**Expense App** (`connectors/expense-app.toml`, changed)\n"
            "- UNBLOCKED\\: the app can now call Profit\n\n"
        )

    def test_two_directories(self, tmp_path, capsys):
        before, after = tmp_path / "a", tmp_path / "b"
        shutil.copytree(DEMO, before)
        shutil.copytree(DEMO, after)
        edit(after / "connectors" / "bi-export.toml", blocked=True)
        assert main(["-w", str(after), "diff", str(before), str(after)]) == 0
        assert (
            "bi-export ('BI Export'): changed\n  blocked: the app can no longer call Profit\n"
            in (capsys.readouterr().out)
        )

    def test_an_invalid_file_is_named(self, repo, capsys):
        (repo / "connectors" / "bi-export.toml").write_text("oops", encoding="utf-8")
        main(["-w", str(repo), "diff"])
        assert (
            "bi-export ('BI Export'): invalid\n  the file does not validate"
            in capsys.readouterr().out
        )

    def test_unknown_revision_is_a_clear_error(self, repo, capsys):
        assert main(["-w", str(repo), "diff", "no-such-rev"]) == 2
        assert capsys.readouterr().err == (
            "acwizard diff: 'no-such-rev' is not a commit of this repository\n"
        )

    def test_a_revision_before_the_workspace_existed(self, tmp_path, capsys):
        git(tmp_path, "init", "-q")
        git(tmp_path, "commit", "-q", "--allow-empty", "-m", "empty")
        shutil.copytree(DEMO, tmp_path / "workspace")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-qm", "add the workspace")
        assert main(["-w", str(tmp_path / "workspace"), "diff", "HEAD~1", "HEAD"]) == 0
        out = capsys.readouterr().out
        assert out.count(": created\n") == 6
        assert "helloid-provisioning ('HelloID Provisioning'): created\n" in out


def test_the_pre_commit_hooks_select_the_right_files_and_run(capsys):
    import re

    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (DEMO.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("- id: "):
            current = hooks.setdefault(line[6:], {})
        elif line.startswith("  ") and ": " in line and current is not None:
            key, value = line.strip().split(": ", 1)
            current[key] = value
    assert set(hooks) == {"acwizard-validate", "acwizard-fmt"}
    validate = re.compile(hooks["acwizard-validate"]["files"])
    assert validate.search("infra/afas/connectors/payroll-sync.toml")
    assert validate.search("catalog.toml") and validate.search("x/acwizard.toml")
    assert not validate.search("connectors/.payroll-sync.toml.acwizard-tmp-1234")
    assert not validate.search("connectors/nested/x.toml")
    files = [str(path) for path in sorted((DEMO / "connectors").glob("*.toml"))]
    for hook in hooks.values():
        entry = hook["entry"].split()
        assert entry[0] == "acwizard"
        assert main(entry[1:] + files) == 0


def test_the_validate_hook_sees_what_a_settings_change_does_to_other_files(
    capsys, workspace, write_connector, monkeypatch
):
    """Committing only acwizard.toml with online = false breaks every connector with IP lines."""
    write_connector(PAYROLL)
    settings = workspace / "acwizard.toml"
    settings.write_text(settings.read_text() + "online = false\n")
    monkeypatch.chdir(workspace.parent)
    named = f"{workspace.name}/acwizard.toml"
    assert main(["validate", named]) == 0  # the named file alone is fine
    capsys.readouterr()
    hooks = (DEMO.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entry = hooks.split("entry: ", 1)[1].splitlines()[0].split()
    assert entry[:2] == ["acwizard", "validate"]
    assert main([*entry[1:], named]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        f"{workspace.name}/connectors/payroll-sync.toml:14: error: ip_restrictions:"
    )


class TestVersion2Diff:
    """diff compares meanings: the format version alone is no access change (issue 13)."""

    OAUTH: ClassVar[dict[str, object]] = {
        "schema_version": 2,
        "authentication": "oauth",
        "oauth": {
            "client_type": "confidential",
            "flows": ["client_credentials"],
            "client_authentication": "private_key_jwt",
            "jwks_url": "https://payroll.example.com/jwks.json",
        },
    }

    def test_a_migrated_file_is_no_access_change(self, repo, capsys):
        # GIVEN every file of the committed demo migrated to version 2
        assert main(["-w", str(repo), "migrate"]) == 0
        capsys.readouterr()
        # THEN diff says nothing changed in access
        assert main(["-w", str(repo), "diff"]) == 0
        assert capsys.readouterr().out == "No access changes (HEAD -> working tree).\n"

    def test_classic_to_oauth_is_said_in_plain_words(self, repo, capsys):
        path = repo / "connectors" / "expense-app.toml"
        assert main(["-w", str(repo), "migrate", str(path)]) == 0
        git(repo, "commit", "-qam", "migrate")
        edit(path, **self.OAUTH)
        capsys.readouterr()
        assert main(["-w", str(repo), "diff"]) == 0
        assert capsys.readouterr().out == (
            "expense-app ('Expense App'): changed\n"
            "  authentication: classic token -> OAuth, client credentials, private key JWT\n"
            "  JWKS URL added: https://payroll.example.com/jwks.json\n"
        )

    def test_turning_oauth_on_states_its_settings_as_an_oauth_change_would(self, repo, capsys):
        # GIVEN a committed classic connector
        path = repo / "connectors" / "expense-app.toml"
        assert main(["-w", str(repo), "migrate", str(path)]) == 0
        git(repo, "commit", "-qam", "migrate")
        # WHEN it moves straight to OAuth with DPoP and its own secret validity
        oauth = {
            "client_type": "confidential",
            "flows": ["client_credentials"],
            "client_authentication": "client_secret",
            "secret_validity_days": 90,
            "dpop": True,
        }
        edit(path, authentication="oauth", oauth=oauth)
        capsys.readouterr()
        # THEN diff says DPoP and the validity, as it does between two OAuth connectors
        assert main(["-w", str(repo), "diff"]) == 0
        assert capsys.readouterr().out == (
            "expense-app ('Expense App'): changed\n"
            "  authentication: classic token -> OAuth, client credentials, client secret\n"
            "  DPoP turned on\n"
            "  client secret validity: 90 days\n"
        )
        # AND a new connector with those settings says the same (the save preview's words)
        from acwizard.changes import access_changes

        created = access_changes(None, connector(**{**self.OAUTH, "oauth": oauth}))
        assert created[-2:] == ["DPoP turned on", "client secret validity: 90 days"]

    def test_redirect_urls_and_webhooks(self, tmp_path, capsys):
        before = connector(
            **{
                **self.OAUTH,
                "authentication": "hybrid",
                "oauth": {
                    "client_type": "confidential",
                    "flows": ["client_credentials", "authorization_code"],
                    "client_authentication": "client_secret",
                    "redirect_urls": ["https://app.example.com/a"],
                    "secret_validity_days": 180,
                },
                "webhooks": [
                    {
                        "description": "Dossier",
                        "url": "https://hooks.example.com/d",
                        "blocked": True,
                    },
                    {"description": "Tasks", "url": "https://hooks.example.com/t"},
                    {"description": "Old", "url": "https://hooks.example.com/o"},
                ],
            }
        )
        after = before.model_copy(
            update={
                "oauth": before.oauth.model_copy(
                    update={
                        "redirect_urls": ["https://evil.example.net/b"],
                        "secret_validity_days": 90,
                    }
                ),
                "webhooks": [
                    before.webhooks[0].model_copy(update={"blocked": False}),
                    before.webhooks[1].model_copy(
                        update={"url": "https://elsewhere.example.net/t"}
                    ),
                    AppConnector.model_validate(
                        {
                            **self.OAUTH,
                            "description": "x",
                            "user_group": "x",
                            "webhooks": [
                                {"description": "New", "url": "https://hooks.example.com/n"}
                            ],
                        }
                    ).webhooks[0],
                ],
            }
        )
        from acwizard.changes import access_changes

        assert access_changes(before, after) == [
            "redirect URL added: https://evil.example.net/b",
            "redirect URL removed: https://app.example.com/a",
            "client secret validity: 180 days -> 90 days",
            "webhook 'Tasks' re-pointed: https://hooks.example.com/t -> https://elsewhere.example.net/t",
            "webhook added, ACTIVE: 'New' -> https://hooks.example.com/n",
            "webhook removed: 'Old' (https://hooks.example.com/o)",
            "webhook 'Dossier' UNBLOCKED: Profit posts to it again",
        ]

    def test_hybrid_to_oauth_and_back_to_classic(self):
        from acwizard.changes import access_changes

        hybrid = connector(**{**self.OAUTH, "authentication": "hybrid"})
        oauth = connector(**self.OAUTH)
        classic = connector(schema_version=2, authentication="classic")
        assert access_changes(hybrid, oauth) == [
            (
                "authentication: hybrid (classic token and OAuth), client credentials, private key JWT"
                " -> OAuth, client credentials, private key JWT"
            )
        ]
        assert access_changes(oauth, classic) == [
            "authentication: OAuth, client credentials, private key JWT -> classic token",
            "JWKS URL removed: https://payroll.example.com/jwks.json",
        ]


def test_a_finding_crosses_to_another_process_whole():
    """The audit's second process sends its findings pickled, each as its five values."""
    import pickle

    from acwizard.rules import Finding

    sent = [
        Finding("error", "bad-id", "an 'ID'", "c1", ("get_connectors", 3)),
        Finding("low", "x", "y"),
    ]
    assert pickle.loads(pickle.dumps(sent, pickle.HIGHEST_PROTOCOL)) == sent
