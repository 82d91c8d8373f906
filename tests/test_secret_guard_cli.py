"""The secret guard wired in (issue 20): no secret reaches a file, a draft, a log or a message.

A token, a JWT and a PEM key pasted into Notes are each refused by validate (and so
by the hook and CI), never rewritten by fmt or migrate, and never echoed: every
output of every verb is searched for pieces of them. catalog.toml and acwizard.toml
are guarded alike; `not_secret` confirms a guess, leaves a trace, and is said when
it is no longer needed; recovery drafts keep everything typed but a refused value.
Every sample is made here from fresh random bytes, so no live-looking secret is
committed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from secret_samples import KINDS, SAMPLES, a_jwt, afas_token, pieces

from acwizard.cli import main
from acwizard.drafts import Draft, read_drafts, write_draft

from conftest import PAYROLL, PAYROLL_AS_V2, TEST_CATALOG


def with_notes(secret: str) -> str:
    """The example connector with `secret` pasted into its notes (a TOML basic string)."""
    notes = json.dumps(f"Vendor login: {secret}")
    return PAYROLL.replace("blocked = true\n", f"blocked = true\nnotes = {notes}\n")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """The CLI in-process: its status and everything it printed (stdout and stderr)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def assert_never_shown(output: str, secret: str) -> None:
    """No piece of `secret` in `output`."""
    for piece in pieces(secret):
        assert piece not in output, (piece, output[:2000])


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_a_secret_in_notes_is_refused_by_validate_and_never_echoed(
    capsys, workspace, write_connector, kind
):
    # GIVEN a token, a JWT or a PEM key pasted into a connector's notes
    secret = SAMPLES[kind]()
    path = write_connector(with_notes(secret))
    # WHEN validate runs (a hook, CI)
    status, output = run(capsys, "-w", str(workspace), "validate")
    # THEN it fails at the notes line, says what it looks like, and never shows it
    assert status == 1
    assert (
        f"payroll-sync.toml:5: error: notes: {KINDS[kind]}; secrets never go into files" in output
    )
    assert_never_shown(output, secret)
    # AND no other verb shows it either: they find the file invalid, or redact
    every = [
        ["validate", "--no-cache", str(path)],
        ["list"],
        ["list", "--json"],
        ["audit", "--fail-on", "never"],
        ["audit", "--format", "json", "--fail-on", "never"],
        ["audit", "--format", "markdown", "--fail-on", "never"],
        ["fmt", "--check"],
        ["fmt", "--diff"],
        ["migrate", "--diff"],
        ["expiring"],
        ["expiring", "--format", "json"],
        ["diff", str(workspace), str(workspace)],
        ["plan", "--from", str(workspace), "--to", str(workspace)],
        ["urls", "payroll-sync"],
    ]
    for verb in every:
        status, output = run(capsys, "-w", str(workspace), *verb)
        assert_never_shown(output, secret)
    # AND fmt and migrate never rewrite the file
    before = path.read_bytes()
    assert run(capsys, "-w", str(workspace), "fmt")[0] == 1
    assert run(capsys, "-w", str(workspace), "migrate")[0] == 1
    assert path.read_bytes() == before


def test_the_fast_path_refuses_what_the_model_path_refuses(capsys, workspace, write_connector):
    """A plainly valid classic file (the fast path's) and an OAuth one (the model's) are
    refused alike: the guard runs on both paths."""
    token = afas_token()
    write_connector(with_notes(token), "plain.toml")
    oauth = PAYROLL_AS_V2.replace("blocked = true\n", f'blocked = true\nnotes = "{token}"\n')
    write_connector(oauth.replace("Payroll Sync", "Other", 1), "other.toml")
    status, output = run(capsys, "-w", str(workspace), "validate", "--no-cache")
    assert status == 1
    assert output.count("notes: looks like an AFAS token") == 2


def test_a_key_that_is_a_secret_is_refused_at_its_line_and_never_named(
    capsys, workspace, write_connector
):
    secret = a_jwt()
    text = PAYROLL.replace("blocked = true\n", f'blocked = true\n"{secret}" = "x"\n')
    write_connector(text)
    status, output = run(capsys, "-w", str(workspace), "validate")
    assert status == 1
    assert (
        "payroll-sync.toml:5: error: unknown key a value that looks like a JWT (not shown: "
        "secrets never go into files)"
    ) in output
    assert_never_shown(output, secret)


def test_catalog_and_settings_are_guarded_too(capsys, workspace):
    # GIVEN a JWT pasted into a catalog description and a token into acwizard.toml
    secret, token = a_jwt(), afas_token()
    (workspace / "catalog.toml").write_text(
        TEST_CATALOG + f'\n[update_connectors]\nKnEmployee = "see {secret}"\n', encoding="utf-8"
    )
    (workspace / "acwizard.toml").write_text(
        f'environment = "T12345AA"\n\n[environment_differences]\nfields = ["{token}"]\n',
        encoding="utf-8",
    )
    # WHEN validate, list and audit run
    status, output = run(capsys, "-w", str(workspace), "validate")
    # THEN each is an error at its line, and nothing shows either value
    assert status == 1
    assert "catalog.toml:10: error: update_connectors.KnEmployee: looks like a JWT" in output
    assert (
        "acwizard.toml:4: error: environment_differences.fields[0]: a value that looks like an "
        "AFAS token (not shown: secrets never go into files) is not a setting plan knows"
    ) in output
    for verb in (["list"], ["audit"], ["expiring"]):
        status, output = run(capsys, "-w", str(workspace), *verb)
        assert status == 2  # the settings and catalog are broken: no answer with defaults
        assert_never_shown(output, secret)
        assert_never_shown(output, token)


def test_not_secret_confirms_a_guess_and_says_when_it_is_no_longer_needed(
    capsys, workspace, write_connector
):
    # GIVEN a note with a URL whose parameter the guard reads as a session id
    note = "Vendor ticket: https://vendor.example.com/t?session=support-desk-7"
    text = PAYROLL_AS_V2.replace("blocked = true\n", f'blocked = true\nnotes = "{note}"\n')
    path = write_connector(text)
    status, output = run(capsys, "-w", str(workspace), "validate")
    assert status == 1
    assert "notes: looks like a URL with a credential in it" in output
    assert 'a reviewer confirms that with not_secret = ["notes"]' in output
    # WHEN a reviewer confirms it in the file (version 3)
    confirmed = text.replace("schema_version = 2", "schema_version = 3").replace(
        f'notes = "{note}"\n', f'notes = "{note}"\nnot_secret = [\n    "notes",\n]\n'
    )
    path.write_text(confirmed, encoding="utf-8")
    # THEN it validates, and diff says the confirmation for every later reviewer
    assert run(capsys, "-w", str(workspace), "validate") == (
        0,
        "1 file checked: 0 errors, 0 warnings\n",
    )
    # AND once the value changes, the entry is a warning to remove, named by position
    path.write_text(confirmed.replace("session=support-desk-7", "ticket=7"), encoding="utf-8")
    status, output = run(capsys, "-w", str(workspace), "validate")
    assert status == 0
    assert (
        "warning: not_secret[0]: confirms a field whose value no longer looks like a secret"
        in output
    )
    # AND a certain kind is refused even in a confirmed field
    path.write_text(confirmed.replace(note, a_jwt()), encoding="utf-8")
    assert run(capsys, "-w", str(workspace), "validate")[0] == 1


def test_values_that_reached_git_anyway_are_redacted_where_they_are_printed(capsys, tmp_path):
    """A value the guard would refuse, confirmed with not_secret (or from before the guard),
    is printed as `[secret removed]` by diff, in text and Markdown."""
    before, after = tmp_path / "before", tmp_path / "after"
    for root in (before, after):
        (root / "connectors").mkdir(parents=True)
        (root / "catalog.toml").write_text(TEST_CATALOG, encoding="utf-8")
    (before / "connectors" / "payroll-sync.toml").write_text(PAYROLL_AS_V2, encoding="utf-8")
    hint = "https://vendor.example.com/t?session=abcdef0123456789"
    confirmed = (
        PAYROLL_AS_V2.replace("schema_version = 2", "schema_version = 3")
        .replace('"Payroll Sync"\nuser', f'"Payroll {hint}"\nuser', 1)
        .replace("blocked = true\n", 'blocked = true\nnot_secret = [\n    "description",\n]\n')
    )
    (after / "connectors" / "payroll-sync.toml").write_text(confirmed, encoding="utf-8")
    assert run(capsys, "-w", str(after), "validate")[0] == 0
    for output in ("text", "markdown"):
        status, shown = run(capsys, "diff", str(before), str(after), "--format", output)
        assert status == 0 and "abcdef0123456789" not in shown
        assert "secret removed" in shown


# -- recovery drafts ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_no_recovery_draft_ever_holds_a_secret(workspace, private_state, kind):
    # GIVEN unsaved edits where a secret was pasted into notes, a token's description and a
    # webhook's URL, beside ordinary typing
    secret = SAMPLES[kind]()
    data = {
        "description": "Payroll Sync (typed)",
        "user_group": "Payroll Sync",
        "notes": f"pasted: {secret}",
        "get_connectors": ["Profit_Employees"],
        "tokens": [
            {"user": "SYS", "description": secret, "issued": None, "expires": None},
            {"user": "SYS2", "description": "kept", "issued": None, "expires": None},
        ],
        "webhooks": [{"description": "Hook", "url": f"https://hooks.example.com/?t={secret}"}],
    }
    # WHEN the draft is written (a timer, SIGHUP and SIGTERM all write through here)
    write_draft(workspace, Draft("payroll-sync", data, None, time.time()))
    # THEN no file in the state directory holds any piece of it
    written = "\n".join(path.read_text(encoding="utf-8") for path in private_state.rglob("*.json"))
    assert written
    assert_never_shown(written, secret)
    # AND everything else typed is kept, and the draft is offered again
    (draft,) = read_drafts(workspace)
    assert draft.data["description"] == "Payroll Sync (typed)"
    assert "notes" not in draft.data  # the field stays as the file had it
    assert [token["user"] for token in draft.data["tokens"]] == ["SYS2"]
    assert draft.data["webhooks"] == [{"description": "Hook"}]
    assert data["notes"].endswith(secret)  # the editor's own data is not changed


def test_a_draft_keeps_the_register_s_dates_and_a_confirmed_guess(workspace):
    from datetime import date

    note = "Vendor ticket: https://vendor.example.com/t?session=support-desk-7"
    data = {
        "description": "Payroll Sync",
        "notes": note,
        "not_secret": ["notes"],
        "tokens": [{"user": "SYS", "description": "Prod", "expires": date(2027, 5, 1)}],
        "oauth": {"secrets": [{"label": "2026-H2", "expires": date(2027, 2, 28)}]},
    }
    write_draft(workspace, Draft("payroll-sync", data, None, time.time()))
    (draft,) = read_drafts(workspace)
    assert draft.data["notes"] == note
    assert draft.data["tokens"][0]["expires"] == date(2027, 5, 1)
    assert draft.data["oauth"]["secrets"][0]["expires"] == date(2027, 2, 28)


def test_import_never_adopts_a_secret_from_an_answer(capsys, workspace, tmp_path):
    """An answer of Profit's is hostile: a description that is a token is refused by name,
    never written into a file nor printed."""
    token = afas_token()
    answer = {
        "getConnectors": [{"id": "Profit_Employees", "description": f"Employees {token}"}],
        "updateConnectors": [],
        "info": {"envid": "T12345AA", "appName": token, "group": "Payroll Sync"},
    }
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    status, output = run(
        capsys, "-w", str(workspace), "import", str(path), "--write", "--write-catalog"
    )
    assert status == 2
    assert "cannot be adopted: the description looks like an AFAS token" in output
    assert_never_shown(output, token)
    on_disk = "".join(p.read_text(encoding="utf-8") for p in workspace.rglob("*.toml"))
    assert_never_shown(on_disk, token)
    assert list((workspace / "connectors").iterdir()) == []


def test_every_verb_reads_a_demo_free_of_secrets(capsys):
    """The demo holds none: validate passes it (the guard's false positives would show here)."""
    demo = Path(__file__).resolve().parent.parent / "data"
    assert run(capsys, "-w", str(demo), "validate", "--no-cache")[0] == 0
