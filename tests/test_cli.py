"""The command-line verbs: what they print and the exit status CI sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from acwizard.cli import main
from acwizard.problems import is_secret_key

from conftest import DEMO, PAYROLL, PAYROLL_V2


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (status, stdout, stderr)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


class TestValidate:
    def test_the_demo_workspace_is_valid(self, capsys):
        status, out, err = run(capsys, "--workspace", str(DEMO), "validate")
        assert (status, out) == (0, "")
        assert err == "6 files checked: 0 errors, 0 warnings\n"

    def test_errors_and_warnings_print_path_line_severity_message(
        self, capsys, workspace, write_connector, monkeypatch
    ):
        write_connector(PAYROLL.replace('"HrCompMut"', '"HrUnknown"'), "a.toml")
        write_connector(PAYROLL.replace("blocked = true", "blocked = 1"), "b.toml")
        monkeypatch.chdir(workspace)
        status, out, err = run(capsys, "validate")
        assert status == 1
        assert out.splitlines() == [
            "connectors/a.toml:9: warning: update_connectors: 'HrUnknown' is not in the catalog",
            "connectors/b.toml:4: error: blocked: must be true or false (without quotes)",
        ]
        assert err == "2 files checked: 1 error, 1 warning\n"

    def test_warnings_alone_exit_zero(self, capsys, workspace, write_connector):
        write_connector(PAYROLL.replace('"Payroll Sync"\nblocked', '"Nobody"\nblocked'))
        status, out, _ = run(capsys, "-w", str(workspace), "validate")
        assert status == 0
        assert out.endswith(":3: warning: user_group: 'Nobody' is not in the catalog\n")

    def test_named_files_are_checked_in_their_own_workspace(
        self, capsys, workspace, write_connector, tmp_path, monkeypatch
    ):
        path = write_connector(PAYROLL.replace("schema_version = 1", "schema_version = 9"))
        monkeypatch.chdir(tmp_path)
        status, out, _ = run(capsys, "validate", str(path))
        assert status == 1
        assert out.startswith(f"{path.relative_to(tmp_path)}:1: error: schema_version: this file")

    @pytest.mark.parametrize(
        "environment", ["T\u0661\u0662\u0663\u0664\u0665AA", "O\uff11\uff12\uff13\uff14\uff15AA"]
    )
    def test_an_environment_id_of_other_digits_is_refused(self, capsys, workspace, environment):
        # Arabic-Indic or full-width digits look like an environment id in the title
        (workspace / "acwizard.toml").write_text(
            f'environment = "{environment}"\n', encoding="utf-8"
        )
        status, out, _ = run(capsys, "-w", str(workspace), "validate")
        assert status == 1
        assert "acwizard.toml:1: error: environment: must be an environment id" in out

    def test_broken_catalog_and_settings_are_reported(self, capsys, workspace):
        (workspace / "catalog.toml").write_text(
            '[get_connectors]\n"bad id" = "x"\n[colours]\n', encoding="utf-8"
        )
        (workspace / "acwizard.toml").write_text('environment = "prod"\n', encoding="utf-8")
        status, out, _ = run(capsys, "-w", str(workspace), "validate")
        assert status == 1
        lines = sorted(line.split(str(workspace) + "/")[-1] for line in out.splitlines())
        assert lines == [
            (
                "acwizard.toml:1: error: environment: must be an environment id such as "
                "O12345AA (O production, T test, A accept)"
            ),
            (
                "catalog.toml:2: error: get_connectors.'bad id': not a valid connector id "
                "(letters, digits, '_', '.', '-')"
            ),
            (
                "catalog.toml:3: error: unknown table 'colours'; a catalog has [get_connectors], "
                "[update_connectors], [connectors], [user_groups]"
            ),
        ]

    def test_duplicate_descriptions_are_a_warning(self, capsys, workspace, write_connector):
        write_connector(PAYROLL, "a.toml")
        write_connector(PAYROLL.replace('"Payroll Sync"\nuser', '"payroll sync"\nuser'), "b.toml")
        status, out, _ = run(capsys, "-w", str(workspace), "validate")
        assert status == 0
        assert out.splitlines()[-1].endswith(
            "b.toml:2: warning: description: 'payroll sync' is also the description of "
            "a.toml; users cannot tell their one-time-password e-mails apart"
        )

    def test_escape_sequences_in_files_never_reach_the_terminal(
        self, capsys, workspace, write_connector
    ):
        write_connector(
            PAYROLL.replace(
                "blocked = true", 'blocked = true\n"\\u001b[2J\\u001b]0;pwned\\u0007" = 1'
            )
        )
        status, out, _ = run(capsys, "-w", str(workspace), "validate")
        assert status == 1
        assert "\x1b" not in out and "\x07" not in out
        assert "unknown key '\\x1b[2J\\x1b]0;pwned\\x07'" in out


class TestFmt:
    UNSORTED = PAYROLL.replace(
        '    "Profit_Employees",\n', '    "Profit_Employees",\n    "Profit_Debtor",\n'
    ).replace("blocked = true", "blocked = true # until go-live")

    def test_check_reports_and_changes_nothing(self, capsys, workspace, write_connector):
        path = write_connector(self.UNSORTED)
        status, out, err = run(capsys, "-w", str(workspace), "fmt", "--check")
        assert status == 1
        assert out == f"{path}: not in canonical form (removes the comment on line 4)\n"
        assert err == "1 file checked, 1 would be reformatted\n"
        assert path.read_text(encoding="utf-8") == self.UNSORTED

    def test_diff_shows_the_change_and_changes_nothing(self, capsys, workspace, write_connector):
        path = write_connector(self.UNSORTED)
        status, out, _ = run(capsys, "-w", str(workspace), "fmt", "--diff")
        assert status == 0
        assert "-blocked = true # until go-live\n+blocked = true\n" in out
        assert '+    "Profit_Debtor",\n     "Profit_Employees",\n-    "Profit_Debtor",\n' in out
        assert path.read_text(encoding="utf-8") == self.UNSORTED

    def test_fmt_rewrites_into_canonical_form_and_says_what_it_removed(
        self, capsys, workspace, write_connector
    ):
        path = write_connector(self.UNSORTED)
        status, out, _ = run(capsys, "-w", str(workspace), "fmt")
        assert status == 0
        assert out == f"{path}: reformatted (removes the comment on line 4)\n"
        expected = PAYROLL.replace(
            '    "Profit_Employees",\n', '    "Profit_Debtor",\n    "Profit_Employees",\n'
        )
        assert path.read_text(encoding="utf-8") == expected
        assert run(capsys, "-w", str(workspace), "fmt", "--check")[0] == 0

    def test_a_file_that_does_not_validate_is_never_rewritten(
        self, capsys, workspace, write_connector
    ):
        broken = self.UNSORTED.replace("blocked = true", "blocked = 'maybe'")
        path = write_connector(broken)
        status, out, err = run(capsys, "-w", str(workspace), "fmt")
        assert status == 1
        assert out == f"{path}:4: error: blocked: must be true or false (without quotes)\n"
        assert "not formatted: fix the errors first" in err
        assert path.read_text(encoding="utf-8") == broken

    def test_canonical_files_are_left_alone(self, capsys, workspace, write_connector):
        path = write_connector(PAYROLL)
        before = path.stat().st_mtime_ns
        assert run(capsys, "-w", str(workspace), "fmt")[0] == 0
        assert path.stat().st_mtime_ns == before


class TestIpv4MappedRanges:
    """An IPv4-mapped IPv6 range is written ::ffff:a.b.c.d/len everywhere, never in hex."""

    MIXED = PAYROLL_V2.replace('"2001:db8:10::/48"', '"::ffff:52.174.142.0/120"')
    """Canonical: the AFAS Connect range as people read it."""
    HEX = MIXED.replace("::ffff:52.174.142.0/120", "::ffff:34ae:8e00/120")

    def test_fmt_keeps_the_mixed_form_canonical(self, capsys, workspace, write_connector):
        path = write_connector(self.MIXED)
        assert run(capsys, "-w", str(workspace), "fmt", "--check")[0] == 0
        assert run(capsys, "-w", str(workspace), "migrate", "--check")[0] == 0
        assert run(capsys, "-w", str(workspace), "fmt")[0] == 0
        assert path.read_text(encoding="utf-8") == self.MIXED

    def test_fmt_writes_a_hex_range_in_the_mixed_form_once(
        self, capsys, workspace, write_connector
    ):
        path = write_connector(self.HEX)
        status, out, _ = run(capsys, "-w", str(workspace), "fmt")
        assert (status, out) == (0, f"{path}: reformatted\n")
        assert path.read_text(encoding="utf-8") == self.MIXED
        assert run(capsys, "-w", str(workspace), "fmt", "--check")[0] == 0

    def test_audit_and_diff_quote_the_range_as_the_file_has_it(
        self, capsys, workspace, write_connector, tmp_path
    ):
        write_connector(self.MIXED)
        status, out, _ = run(capsys, "-w", str(workspace), "audit", "--today", "2026-11-24")
        assert (
            "allowed range ::ffff:52.174.142.0/120 contains the AFAS Connect test addresses "
            "52.174.142.76, 52.174.142.140"
        ) in out
        before = tmp_path / "before"
        (before / "connectors").mkdir(parents=True)
        (before / "connectors" / "payroll-sync.toml").write_text(PAYROLL_V2, encoding="utf-8")
        status, out, _ = run(capsys, "diff", str(before), str(workspace))
        assert status == 0
        assert "  IP line added: ::ffff:52.174.142.0/120 allowed\n" in out
        assert "  IP line removed: 2001:db8:10::/48 allowed\n" in out
        assert "34ae" not in out


class TestMigrate:
    """`acwizard migrate` rewrites version 1 files as version 2 with the same meaning."""

    V2 = (
        PAYROLL.replace("schema_version = 1", "schema_version = 2")
        .replace("blocked = true\n", 'blocked = true\nauthentication = "classic"\n')
        .replace('"192.168.10.0", subnet_mask = "255.255.255.0"', '"192.168.10.0/24"')
    )

    def test_migrate_rewrites_a_copy_of_the_demo_and_validate_still_passes(self, capsys, demo_copy):
        # GIVEN a copy of the demo workspace, whose version 1 files validate
        before = {
            p.name: p.read_text(encoding="utf-8") for p in (demo_copy / "connectors").iterdir()
        }
        v1 = sorted(name for name, text in before.items() if text.startswith("schema_version = 1"))
        assert v1, "the demo keeps at least one version 1 file"
        audit = ["-w", str(demo_copy), "audit", "--format", "json", "--today", "2026-11-24"]
        findings_before = json.loads(run(capsys, *audit)[1])
        # WHEN migrate runs
        status, out, _err = run(capsys, "-w", str(demo_copy), "migrate")
        # THEN each version 1 file says so and is now canonical version 2
        assert status == 0
        assert sorted(Path(line.split(": ")[0]).name for line in out.splitlines()) == v1
        assert all(line.endswith(": migrated to schema_version 2") for line in out.splitlines())
        after = {
            p.name: p.read_text(encoding="utf-8") for p in (demo_copy / "connectors").iterdir()
        }
        # (each at the lowest version that holds it: 3 where the register is recorded)
        assert all(
            text.startswith(
                "schema_version = 3\n" if "tokens = [" in text else "schema_version = 2\n"
            )
            for text in after.values()
        )
        assert all(after[name] == before[name] for name in before if name not in v1)
        assert run(capsys, "-w", str(demo_copy), "validate")[0] == 0
        assert run(capsys, "-w", str(demo_copy), "fmt", "--check")[0] == 0
        assert run(capsys, "-w", str(demo_copy), "migrate", "--check")[0] == 0
        # AND audit finds the same
        assert json.loads(run(capsys, *audit)[1]) == findings_before
        # AND diff between the two directories sees no access change
        status, out, _ = run(capsys, "diff", str(DEMO), str(demo_copy))
        assert status == 0 and out.startswith("No access changes")

    def test_migrate_writes_the_same_meaning_in_version_2(self, capsys, workspace, write_connector):
        path = write_connector(PAYROLL)
        status, out, err = run(capsys, "-w", str(workspace), "migrate")
        assert (status, out) == (0, f"{path}: migrated to schema_version 2\n")
        assert err == "1 file checked, 1 migrated or reformatted\n"
        assert path.read_text(encoding="utf-8") == self.V2

    def test_check_and_diff_change_nothing(self, capsys, workspace, write_connector):
        path = write_connector(PAYROLL.replace("blocked = true", "blocked = true # go-live"))
        status, out, _ = run(capsys, "-w", str(workspace), "migrate", "--check")
        assert status == 1
        assert out == f"{path}: still schema_version 1 (removes the comment on line 4)\n"
        status, out, _ = run(capsys, "-w", str(workspace), "migrate", "--diff")
        assert status == 0
        assert "-schema_version = 1\n+schema_version = 2\n" in out
        assert '+    { address = "192.168.10.0/24", access = "allowed" },\n' in out
        assert path.read_text(encoding="utf-8").startswith("schema_version = 1\n")

    def test_a_file_with_errors_is_never_migrated(self, capsys, workspace, write_connector):
        broken = PAYROLL.replace("blocked = true", "blocked = 'maybe'")
        path = write_connector(broken)
        status, _out, err = run(capsys, "-w", str(workspace), "migrate")
        assert status == 1
        assert "not migrated: fix the errors first" in err
        assert path.read_text(encoding="utf-8") == broken

    def test_fmt_keeps_a_version_1_file_version_1(self, capsys, workspace, write_connector):
        path = write_connector(PAYROLL)
        assert run(capsys, "-w", str(workspace), "fmt", "--check")[0] == 0
        assert run(capsys, "-w", str(workspace), "fmt")[0] == 0
        assert path.read_text(encoding="utf-8") == PAYROLL


class TestSchemaAndList:
    def test_schema_describes_the_file(self, capsys):
        status, out, _ = run(capsys, "schema")
        schema = json.loads(out)
        assert status == 0
        assert schema["additionalProperties"] is False
        assert schema["required"] == ["description", "user_group"]
        assert list(schema["properties"]) == [
            "schema_version",
            "description",
            "user_group",
            "blocked",
            "authentication",
            "notes",
            "not_secret",
            "get_connectors",
            "update_connectors",
            "connectors",
            "ip_restrictions",
            "tokens",
            "oauth",
            "webhooks",
        ]
        assert schema["properties"]["schema_version"]["enum"] == [1, 2, 3]
        assert set(schema["$defs"]["OAuthSettings"]["properties"]) == {
            "client_type",
            "flows",
            "client_authentication",
            "client_id_hint",
            "redirect_urls",
            "jwks_url",
            "certificates",
            "secret_validity_days",
            "secrets",
            "dpop",
        }
        assert list(schema["$defs"]["UserToken"]["properties"]) == [
            "user", "description", "issued", "expires", "last_used"
        ]  # fmt: skip
        assert list(schema["$defs"]["ClientSecret"]["properties"]) == [
            "label",
            "created",
            "expires",
        ]
        # no key anywhere holds a secret (secret_validity_days is a number of days; the
        # register's tokens, secrets and client_id_hint, and not_secret, are metadata)
        places = {"": (), "OAuthSettings": ("oauth",)}
        keys = [
            (key, places.get(name, ("elsewhere",)))
            for name, part in [("", schema), *schema["$defs"].items()]
            for key in part["properties"]
        ]
        assert "client_secret" not in dict(keys) and "password" not in dict(keys)
        assert [key for key, place in keys if is_secret_key(key, place)] == []
        ip_line = schema["$defs"]["IpRestriction"]
        assert ip_line["properties"]["access"]["enum"] == ["allowed", "disallowed"]

    def test_list_shows_each_connector_and_its_status(self, capsys):
        status, out, _ = run(capsys, "-w", str(DEMO), "list")
        assert status == 0
        lines = out.splitlines()
        assert lines[0].split() == [
            "ID", "STATUS", "AUTH", "GET", "UPD", "CONN", "IP", "EXPIRY", "DESCRIPTION"
        ]  # fmt: skip
        assert lines[4].split() == [
            "payroll-sync",
            "active",
            "classic",  # where its migration stands
            "3",
            "3",
            "1",
            "allow",
            "192.168.10.0/24",
            "+1",
            "-",  # nothing of its register expires soon (tokens not recorded)
            "Payroll",
            "Sync",
        ]
        assert lines[6].split()[:2] == ["webshop-integration", "blocked"]

    def test_list_json_marks_invalid_files(self, capsys, workspace, write_connector):
        write_connector(PAYROLL, "good.toml")
        write_connector("not toml at all", "bad.toml")
        status, out, _ = run(capsys, "-w", str(workspace), "list", "--json")
        rows = {row["id"]: row for row in json.loads(out)}
        assert status == 0
        assert rows["bad"]["status"] == "invalid" and rows["bad"]["errors"] == 1
        assert rows["good"]["status"] == "blocked"
        assert rows["good"]["ip_restrictions"] == "allow 192.168.10.0/24 +1"
        assert rows["good"]["authentication"] == "classic"
        assert rows["bad"]["authentication"] is None


def test_the_installed_command_prints_no_traceback_on_broken_input(workspace, write_connector):
    write_connector(b"\xff\xfe garbage \x00 \x1b[31m", "junk.toml")
    result = subprocess.run(
        [sys.executable, "-m", "acwizard", "-w", str(workspace), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.endswith(
        "junk.toml:1: error: is not a text file (it contains NUL bytes)\n"
    )


@pytest.mark.parametrize(
    "modules",
    [
        ["acwizard.model", "acwizard.files.saving", "acwizard.catalog", "acwizard.workspace"],
        ["acwizard.cli"],
    ],
)
def test_model_store_and_cli_do_not_import_textual(modules):
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in modules)
        + "from acwizard.cli import main\n"
        + "main(['--workspace', sys.argv[1], 'validate'])\n"
        + "main(['--workspace', sys.argv[1], 'list'])\n"
        + "main(['schema'])\n"
        + "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(DEMO)], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_the_demo_workspace_ships_the_current_schema(capsys):
    main(["schema"])
    committed = (DEMO / "connector.schema.json").read_text(encoding="utf-8")
    assert committed == capsys.readouterr().out


class TestNotAWorkspace:
    """A check pointed at the wrong directory must fail, never pass by finding nothing."""

    @pytest.mark.parametrize("verb", ["validate", "fmt", "migrate", "list", "audit", None])
    def test_a_missing_directory_is_refused(self, capsys, tmp_path, verb):
        missing = tmp_path / "typo"
        status, out, err = run(capsys, "--workspace", str(missing), *([verb] if verb else []))
        assert (status, out) == (2, "")
        assert err == f"acwizard: {missing}: no such directory (use --workspace DIR)\n"

    @pytest.mark.parametrize("verb", ["validate", "fmt", "migrate", "list", "audit"])
    def test_a_directory_without_workspace_parts_is_refused(self, capsys, tmp_path, verb):
        status, out, err = run(capsys, "--workspace", str(tmp_path), verb)
        assert (status, out) == (2, "")
        assert "is not an acwizard workspace: it has no connectors/, acwizard.toml" in err

    def test_a_new_workspace_with_settings_but_no_connectors_is_fine(self, capsys, tmp_path):
        (tmp_path / "acwizard.toml").write_text('environment = "T12345AA"\n')
        status, out, err = run(capsys, "--workspace", str(tmp_path), "validate")
        assert (status, out, err) == (0, "", "0 files checked: 0 errors, 0 warnings\n")


def test_migrate_never_rewrites_a_file_with_workspace_errors(capsys, workspace, write_connector):
    """online = false makes IP lines an error: such a file is not migrated either."""
    (workspace / "acwizard.toml").write_text("online = false\n", encoding="utf-8")
    path = write_connector(PAYROLL)
    status, out, err = main(["-w", str(workspace), "migrate"]), *capsys.readouterr()
    assert status == 1
    assert ":14: error: ip_restrictions: IP restrictions exist only in AFAS Online" in out
    assert "not migrated: fix the errors first" in err
    assert path.read_text(encoding="utf-8") == PAYROLL


class TestVerbsReadTheirSettings:
    """Issue 18, item 3: a verb whose answer depends on acwizard.toml or catalog.toml never
    answers with the defaults when they are broken."""

    BROKEN: ClassVar[dict[str, tuple[str, str]]] = {
        "acwizard.toml": ('online = "no"\n', "acwizard.toml:1: error: online: must be true"),
        "catalog.toml": ("[get_connectors\n", "catalog.toml:1: error: invalid TOML"),
    }

    @pytest.mark.parametrize("name", BROKEN)
    @pytest.mark.parametrize(
        ("verb", "status"),
        [
            (["list"], 2),
            (["list", "--json"], 2),
            (["audit", "--fail-on", "never"], 2),
            (["audit", "--format", "markdown"], 2),
            (["fmt", "--check"], 1),
            (["migrate"], 1),
            (["validate"], 1),
        ],
        ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
    )
    def test_a_broken_settings_file_stops_the_verb_with_its_line(
        self, capsys, workspace, write_connector, monkeypatch, name, verb, status
    ):
        # GIVEN a valid connector, and a broken acwizard.toml or catalog.toml
        path = write_connector(PAYROLL)
        text, expected = self.BROKEN[name]
        (workspace / name).write_text(text, encoding="utf-8")
        monkeypatch.chdir(workspace)
        # WHEN a verb that depends on it runs
        code, out, err = run(capsys, *verb)
        # THEN it says where the file is wrong and exits with its error status
        assert code == status
        assert expected in out + err
        if verb[0] != "validate":
            assert out == ""  # no answer given with the defaults
            assert f"{name} has errors, and the answer depends on it" in err
        assert path.read_text(encoding="utf-8") == PAYROLL  # migrate rewrote nothing

    def test_settings_with_only_a_warning_do_not_stop_the_verbs(self, capsys, workspace):
        (workspace / "acwizard.toml").write_text("profit_version = 99\n", encoding="utf-8")
        for verb in (["list"], ["audit", "--fail-on", "never"]):
            assert run(capsys, "-w", str(workspace), *verb)[0] == 0

    def test_diff_of_the_working_tree_stops_at_broken_settings(
        self, capsys, workspace, write_connector, tmp_path
    ):
        import shutil

        before = tmp_path / "before"
        shutil.copytree(workspace, before)
        write_connector(PAYROLL)
        (workspace / "acwizard.toml").write_text('online = "no"\n', encoding="utf-8")
        status, out, err = run(capsys, "-w", str(workspace), "diff", str(before), str(workspace))
        assert (status, out) == (2, "")
        assert f"{workspace}/acwizard.toml:1: error: online: must be true or false" in err
        assert "acwizard.toml has errors, and the answer depends on it" in err
        # A revision's settings do not matter, nor do those of a workspace that is fine.
        status, _, _ = run(capsys, "-w", str(workspace), "diff", str(workspace), str(before))
        assert status == 2

    def test_whole_workspace_of_a_file_outside_any_workspace_is_an_error(
        self, capsys, tmp_path, monkeypatch
    ):
        # GIVEN a connector file in a directory that is no workspace
        stray = tmp_path / "elsewhere" / "x.toml"
        stray.parent.mkdir()
        stray.write_text(PAYROLL, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        # WHEN its whole workspace is validated
        status, out, err = run(capsys, "validate", "--whole-workspace", "elsewhere/x.toml")
        # THEN that is refused, instead of "0 files checked"
        assert (status, out) == (2, "")
        assert err.startswith("acwizard validate: elsewhere/x.toml: ")
        assert "is not an acwizard workspace" in err
        # (The file alone is checked as before.)
        assert run(capsys, "validate", "elsewhere/x.toml")[0] == 0

    def test_fmt_of_a_file_outside_connectors_takes_no_lock_above_it(
        self, capsys, tmp_path, monkeypatch
    ):
        # GIVEN an untidy connector file in a directory of its own, inside a larger tree
        stray = tmp_path / "tree" / "x.toml"
        stray.parent.mkdir()
        stray.write_text(PAYROLL.replace("blocked = true", "blocked   =  true"), encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        # WHEN fmt rewrites it
        status, out, _ = run(capsys, "fmt", "tree/x.toml")
        # THEN it is rewritten, said with the path as given, and no .acwizard/ appeared
        assert (status, out) == (0, "tree/x.toml: reformatted\n")
        assert stray.read_text(encoding="utf-8") == PAYROLL
        assert not (tmp_path / ".acwizard").exists()
        assert not (tmp_path / "tree" / ".acwizard").exists()

    def test_fmt_and_migrate_print_workspace_relative_paths(
        self, capsys, workspace, write_connector, monkeypatch
    ):
        write_connector(PAYROLL.replace("blocked = true", "blocked   =  true"))
        monkeypatch.chdir(workspace)
        _, out, _ = run(capsys, "-w", str(workspace), "fmt", "--check")
        assert out == "connectors/payroll-sync.toml: not in canonical form\n"
        _, out, _ = run(capsys, "-w", str(workspace), "migrate")
        assert out == "connectors/payroll-sync.toml: migrated to schema_version 2\n"

    def test_fmt_check_of_an_invalid_file_says_why(self, capsys, workspace, write_connector):
        write_connector(PAYROLL.replace("blocked = true", "blocked = 1"))
        status, out, err = run(capsys, "-w", str(workspace), "fmt", "--check")
        assert status == 1
        assert ":4: error: blocked: must be true or false" in out
        assert err.endswith(
            "1 file checked, 0 would be reformatted, 1 not checked: it has errors\n"
        )


def test_every_command_module_is_a_verb_of_the_same_shape():
    """A verb is one module in acwizard.commands and one line in cli.VERBS (issue 19)."""
    import importlib
    import pkgutil

    import acwizard.commands
    from acwizard.cli import VERBS

    helpers = {"output", "checks"}
    modules = [
        importlib.import_module(f"acwizard.commands.{info.name}")
        for info in pkgutil.iter_modules(acwizard.commands.__path__)
        if info.name not in helpers
    ]
    assert len(modules) >= 6
    runs = {verb.run for verb in VERBS.values()}
    for module in modules:
        assert isinstance(module.HELP, str) and isinstance(module.DESCRIPTION, str), module
        assert callable(module.add_arguments) and callable(module.run), module
        assert module.run in runs, f"{module.__name__} is in no line of cli.VERBS"
