"""The editor core under the properties screen: every rule the TUI shows, without a terminal.

Each test builds a `ConnectorEditor` on a small workspace on disk, sends it the
admin's intent (a field typed, Blocked ticked, a list proposed, OK) and asserts
what the screen would show or what lands on disk.
"""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from acwizard.cores import review as review_module
from acwizard.cores.editor import UNDO_LIMIT, ConnectorEditor
from acwizard.cores.new_connector import new_connector, new_oauth_settings
from acwizard.cores.review import FieldMessage
from acwizard.cores.save_plan import VERSION_NOTE, Conflict, Saved, SaveFailed, second_look
from acwizard.drafts import Draft, drafts_directory, read_drafts, write_draft
from acwizard.files.reading import fingerprint
from acwizard.model import DESCRIPTION_MAX_LENGTH, AppConnector, IpRestriction, errors_by_field
from acwizard.workspace import SaveConflict, Workspace

from conftest import PAYROLL, PAYROLL_AS_V2, PAYROLL_V2

ACTIVE = PAYROLL.replace("blocked = true", "blocked = false")
NO_IP = PAYROLL.split("ip_restrictions")[0] + "ip_restrictions = []\n"


def open_editor(workspace: Path, name: str = "payroll-sync.toml") -> ConnectorEditor:
    """An editor on `connectors/<name>` of a freshly opened workspace."""
    opened = Workspace.open(workspace)
    return ConnectorEditor(opened, opened.load(workspace / "connectors" / name), {})


# -- messages under the General fields --------------------------------------------------


def test_an_invalid_field_shows_its_error_and_is_kept_as_typed(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_field("description", "")
    editor.set_field("notes", "line\x1b[2J")
    messages = editor.field_messages()
    assert messages["description"] == FieldMessage("! must not be empty", error=True)
    assert messages["notes"].error and messages["notes"].text.startswith("! contains")
    assert editor.text["description"] == ""  # as typed, though invalid
    assert set(editor.problems) == {"description", "notes"}
    assert editor.connector is None


def test_the_paste_note_stands_under_the_description_with_or_without_an_error(
    workspace, write_connector
):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_field("description", "Payroll", paste_note="Pasted: joined 2 lines.")
    assert editor.field_messages()["description"] == FieldMessage("Pasted: joined 2 lines.")
    editor.set_field("description", " ", paste_note="Pasted: cut.")
    assert editor.field_messages()["description"] == FieldMessage(
        "! must not be empty\nPasted: cut.", error=True
    )


def test_a_description_another_connector_has_is_an_error_and_its_own_is_not(
    workspace, write_connector
):
    write_connector(PAYROLL.replace("Payroll Sync", "BI Export"), "bi-export.toml")
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    assert editor.field_messages()["description"] == FieldMessage("")  # its own: no clash
    editor.set_field("description", "Payroll Syn")
    editor.set_field("description", "Payroll Sync")  # typed back: still its own
    assert editor.field_messages()["description"] == FieldMessage("")
    editor.set_field("description", "bi export")
    assert editor.field_messages()["description"] == FieldMessage(
        "! 'bi export' is also the description of bi-export.toml", error=True
    )


def test_the_length_is_counted_near_the_limit(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_field("description", "x" * (DESCRIPTION_MAX_LENGTH - 20))
    assert editor.field_messages()["description"].text == ""
    editor.set_field("description", "x" * (DESCRIPTION_MAX_LENGTH - 19))
    assert editor.field_messages()["description"] == FieldMessage(
        f"{DESCRIPTION_MAX_LENGTH - 19} of at most {DESCRIPTION_MAX_LENGTH} characters"
    )


def test_the_user_group_is_described_from_the_catalog_or_flagged(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    assert editor.field_messages()["user_group"] == FieldMessage(
        "System users of the payroll synchronisation"
    )
    editor.set_field("user_group", "Nobody")
    assert editor.field_messages()["user_group"] == FieldMessage(
        "! not in the catalog: check that it exists in Profit"
    )


TYPED = [
    "Payroll Sync",
    "  Payroll Sync  ",
    "",
    "   ",
    "\u3164",
    "a\u202eb",
    "line\nbreak",
    "line\x1b[2J",
    "x" * 101,
    "x" * 300,
    "Payr\u043ell",
]
"""Texts an admin may type or paste: valid, trimmed, empty, invisible, unsafe, too long."""


@pytest.mark.parametrize("field", ["description", "user_group", "notes"])
def test_a_key_checks_its_field_alone_and_answers_as_the_whole_model(
    workspace, write_connector, field
):
    # GIVEN a connector with OAuth, IP lines and grants
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    for text in TYPED:
        # WHEN a text is typed in one field
        editor.set_field(field, text)
        # THEN the editor's answer is the model's answer for the whole candidate
        try:
            whole, errors = AppConnector.model_validate(editor.candidate_data()), {}
        except ValidationError as exc:
            whole, errors = None, errors_by_field(exc)
        assert editor.validated() == (whole, errors), repr(text)
        assert editor.is_modified() == (whole != editor.original)


def test_a_key_in_the_description_or_notes_reuses_the_review(
    workspace, write_connector, monkeypatch
):
    write_connector(ACTIVE)
    editor = open_editor(workspace)
    reviewed: list[str] = []
    review = editor.review.findings
    monkeypatch.setattr(
        editor.review, "findings", lambda connector: reviewed.append("x") or review(connector)
    )
    lines = editor.review_lines()
    for key in "Payroll Sync two":
        editor.set_field("description", editor.text["description"] + key)
        editor.set_field("notes", editor.text["notes"] + key)
        assert editor.review_lines() == lines
    assert len(reviewed) == 1  # no rule of the review reads them
    editor.set_field("user_group", "BI Export")
    editor.review_lines()
    editor.set_blocked(True)
    assert "! low     no IP restrictions yet (blocked for now)" not in editor.review_lines()
    assert len(reviewed) == 3


def test_the_shared_group_rule_walks_the_workspace_once_not_per_key(
    workspace, write_connector, monkeypatch
):
    write_connector(ACTIVE.replace("Payroll Sync", "Payroll Two", 1), "payroll-two.toml")
    write_connector(ACTIVE.replace("Payroll Sync", "BI", 2), "bi.toml")
    write_connector(ACTIVE)
    editor = open_editor(workspace)

    class Walked(list):  # type: ignore[type-arg]
        walks = 0

        def __iter__(self):  # type: ignore[no-untyped-def]
            Walked.walks += 1
            return super().__iter__()

    known = Walked(editor.workspace.known())
    monkeypatch.setattr(editor.workspace, "known", lambda: known)
    given: list[list[str]] = []
    shared = review_module.shared_user_group_findings
    monkeypatch.setattr(
        review_module,
        "shared_user_group_findings",
        lambda connectors: given.append(sorted(connectors)) or shared(connectors),
    )
    for group in ("Payroll Sync", "BI", "payroll sync"):
        editor.set_field("user_group", group)
        editor.review_lines()
    ours = ["payroll-sync", "payroll-two"]
    assert given == [ours, ["bi", "payroll-sync"], ours]
    assert Walked.walks == 1  # (a key in User group at 5,000 connectors walked all 5,000)


# -- findings, title, modified ------------------------------------------------------------


def test_the_review_names_other_connectors_sharing_the_user_group_first(workspace, write_connector):
    write_connector(ACTIVE.replace("Payroll Sync", "Payroll Two", 1), "payroll-two.toml")
    write_connector(ACTIVE)
    editor = open_editor(workspace)
    lines = editor.review_lines()
    shared = (
        "! medium  user group 'Payroll Sync' is also used by payroll-two; "
        "AFAS advises one user group per app"
    )
    assert lines[0] == shared
    assert "! medium  writes HR and payroll data: HrCompMut" in lines
    editor.set_field("user_group", "payroll sync")  # any case
    assert editor.review_lines()[0] == shared.replace("'Payroll Sync'", "'payroll sync'")
    editor.set_field("user_group", "BI Export")
    assert not any("also used by" in line for line in editor.review_lines())


def test_the_review_follows_blocked_while_a_field_is_invalid(workspace, write_connector):
    write_connector(NO_IP)
    editor = open_editor(workspace)
    assert "! low     no IP restrictions yet (blocked for now)" in editor.review_lines()
    editor.set_field("description", "")  # invalid from here on
    editor.set_blocked(False)
    assert "! high    active and callable from any address" in editor.review_lines()
    assert not any("blocked for now" in line for line in editor.review_lines())
    editor.set_field("description", "Payroll")  # valid again: still as on screen
    assert "! high    active and callable from any address" in editor.review_lines()


def test_the_title_says_blocked_or_active_then_modified(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    assert (editor.title(), editor.is_modified()) == ("Blocked", False)
    editor.set_blocked(False)
    assert editor.title() == "Active · modified"
    editor.set_blocked(True)
    assert (editor.title(), editor.is_modified()) == ("Blocked", False)
    editor.set_field("description", "")
    assert editor.title() == "Blocked · modified"  # an invalid field is unsaved work


def test_each_change_moves_the_revision_and_a_no_op_does_not(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    start = editor.revision
    editor.set_field("description", "Payroll Sync")
    editor.set_blocked(True)
    assert editor.propose(get_connectors=["Profit_Employees"]) is None
    assert editor.revision == start
    editor.set_field("notes", "RFC-1")
    assert editor.revision == start + 1


def test_a_refused_change_leaves_the_candidate_as_it_was(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    refused = editor.propose(get_connectors=["Profit_Employees", "profit_employees"])
    assert refused == (
        "get_connectors: 'profit_employees' is listed twice (also as 'Profit_Employees')"
    )
    assert editor.accepted.get_connectors == ["Profit_Employees"]
    assert not editor.is_modified()
    with pytest.raises(ValueError):
        editor.propose(description="not through propose")


# -- version 1 files ---------------------------------------------------------------------


def test_a_version_1_file_opened_and_not_changed_has_nothing_to_save(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    assert editor.accepted.schema_version == 2  # edited as version 2
    assert editor.save_plan() is None  # "Nothing changed": not rewritten as version 2


def test_saving_a_version_1_file_says_so_first_and_writes_version_2(workspace, write_connector):
    path = write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_field("notes", "RFC-1")
    plan = editor.save_plan()
    assert plan is not None
    assert plan.note == VERSION_NOTE
    assert (
        "format version 1 (a classic-token connector); saving writes format version 2" in plan.note
    )
    assert plan.changes == ["notes changed"]
    assert "-schema_version = 1" in plan.diff and "+schema_version = 2" in plan.diff
    assert editor.save(plan.connector) == Saved("connectors/payroll-sync.toml")
    assert path.read_text(encoding="utf-8") == PAYROLL_AS_V2.replace(
        'authentication = "classic"\n', 'authentication = "classic"\nnotes = "RFC-1"\n'
    )


def test_a_version_2_file_has_no_format_note(workspace, write_connector):
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    editor.set_field("notes", "RFC-1")
    plan = editor.save_plan()
    assert plan is not None and plan.note is None


# -- the save plan -------------------------------------------------------------------------


def test_the_save_plan_warns_of_new_high_risks_only(workspace, write_connector):
    write_connector(ACTIVE)
    editor = open_editor(workspace)
    assert editor.propose(ip_restrictions=[]) is None
    plan = editor.save_plan()
    assert plan is not None
    assert plan.warnings == ["HIGH RISK (audit): active and callable from any address"]
    # a risk the file already had is not news
    write_connector(NO_IP.replace("blocked = true", "blocked = false"))
    editor = open_editor(workspace)
    editor.set_field("notes", "RFC-1")
    plan = editor.save_plan()
    assert plan is not None and plan.warnings == []


def test_the_save_plan_warns_of_a_description_clash(workspace, write_connector):
    write_connector(PAYROLL.replace("Payroll Sync", "BI Export"), "bi-export.toml")
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_field("description", "BI Export")
    plan = editor.save_plan()
    assert plan is not None
    assert plan.warnings == ["Description: 'BI Export' is also the description of bi-export.toml"]


def test_the_save_plan_names_the_comment_lines_saving_drops(workspace, write_connector):
    write_connector("# owner: HR\n" + PAYROLL_AS_V2)
    editor = open_editor(workspace)
    editor.set_blocked(False)
    plan = editor.save_plan()
    assert plan is not None and plan.comment_lines == [1]
    assert plan.changes == ["UNBLOCKED: the app can now call Profit"]


def test_the_preview_defaults_to_back_when_a_save_widens_access_or_stops_sign_ins(
    workspace, write_connector
):
    write_connector(PAYROLL_V2)  # active, OAuth with private key JWT, a webhook
    editor = open_editor(workspace)

    def careful(**changes: object) -> str:
        candidate = editor.original.model_copy(update=changes)
        return second_look(editor.original, candidate)

    original = editor.original
    assert careful(get_connectors=[]) == ""  # revoked: narrower
    assert careful(description="Payroll") == ""
    assert careful(get_connectors=["Profit_Debtor", "Profit_Employees"]) == (
        "it grants more connectors"
    )
    assert careful(get_connectors=["profit_employees"]) == ""  # respelled: the same grant
    assert careful(blocked=True) == "apps stop signing in"
    assert careful(user_group="BI Export") == "the user group changes"
    lines = original.ip_restrictions
    assert careful(ip_restrictions=lines[1:]) == ""  # an allowed line less: narrower
    assert careful(ip_restrictions=[]) == "more addresses may call"
    wide = IpRestriction(address="10.0.0.0/8", access="allowed")
    assert careful(ip_restrictions=[*lines, wide]) == "more addresses may call"
    assert original.oauth is not None
    more_urls = original.oauth.model_copy(update={"redirect_urls": ["https://a.example/cb"]})
    assert careful(oauth=more_urls) == "apps may sign in more ways"
    assert careful(authentication="hybrid") == "apps may sign in more ways"
    hook = original.webhooks[0].model_copy(update={"url": "https://elsewhere.example/h"})
    assert careful(webhooks=[hook]) == "it sends data to more places"
    assert careful(webhooks=[]) == ""
    hybrid = original.model_copy(update={"authentication": "hybrid"})
    assert second_look(hybrid, original) == "apps stop signing in"
    # and the plan carries it to the preview
    editor.set_blocked(True)
    plan = editor.save_plan()
    assert plan is not None and plan.careful == "apps stop signing in"


def test_an_invalid_candidate_has_no_save_plan(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_field("user_group", "")
    with pytest.raises(ValueError):
        editor.save_plan()


# -- saving and conflicts ------------------------------------------------------------------


def test_a_file_changed_on_disk_is_a_conflict_and_overwrite_replaces_it(workspace, write_connector):
    path = write_connector(PAYROLL_AS_V2)
    editor = open_editor(workspace)
    editor.set_field("description", "Payroll Sync 2")
    theirs = PAYROLL_AS_V2.replace("blocked = true", "blocked = false")
    path.write_text(theirs, encoding="utf-8")
    plan = editor.save_plan()
    assert plan is not None
    result = editor.save(plan.connector)
    assert isinstance(result, Conflict) and not result.deleted
    assert result.on_disk == fingerprint(theirs) and result.disk_text == theirs
    assert "-blocked = false" in result.diff and "+blocked = true" in result.diff
    assert "--- connectors/payroll-sync.toml: on disk now (a colleague's change)" in result.diff
    assert path.read_text(encoding="utf-8") == theirs  # nothing written
    assert editor.overwrite(result) == Saved("connectors/payroll-sync.toml")
    assert path.read_text(encoding="utf-8") == PAYROLL_AS_V2.replace(
        '"Payroll Sync"\nuser', '"Payroll Sync 2"\nuser'
    )


def test_a_file_deleted_on_disk_is_a_conflict_and_overwrite_writes_it_again(
    workspace, write_connector
):
    path = write_connector(PAYROLL_AS_V2)
    editor = open_editor(workspace)
    editor.set_blocked(False)
    path.unlink()
    plan = editor.save_plan()
    assert plan is not None
    result = editor.save(plan.connector)
    assert isinstance(result, Conflict) and result.deleted and result.diff == []
    assert not path.exists()
    assert isinstance(editor.overwrite(result), Saved)
    assert path.read_text(encoding="utf-8") == PAYROLL_AS_V2.replace(
        "blocked = true", "blocked = false"
    )


def test_a_conflict_never_reads_through_a_link_swapped_in(workspace, write_connector, tmp_path):
    path = write_connector(PAYROLL_AS_V2)
    editor = open_editor(workspace)
    editor.set_blocked(False)
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("token = 'SECRET'\n", encoding="utf-8")
    path.unlink()
    path.symlink_to(secret)
    plan = editor.save_plan()
    assert plan is not None
    result = editor.save(plan.connector)
    assert isinstance(result, Conflict) and not result.deleted
    assert result.disk_text == "" and not any("SECRET" in line for line in result.diff)
    assert path.is_symlink() and secret.read_text(encoding="utf-8") == "token = 'SECRET'\n"


def test_a_failed_write_says_why_and_that_nothing_changed(workspace, write_connector, monkeypatch):
    path = write_connector(PAYROLL_AS_V2)
    editor = open_editor(workspace)
    editor.set_blocked(False)

    def refuse(*args: object) -> bool:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(editor.workspace, "save", refuse)
    plan = editor.save_plan()
    assert plan is not None
    assert editor.save(plan.connector) == SaveFailed(
        "Could not save: Permission denied. Nothing was changed on disk."
    )
    assert path.read_text(encoding="utf-8") == PAYROLL_AS_V2


# -- authentication ------------------------------------------------------------------------


def test_classic_to_hybrid_gets_new_oauth_settings_and_back_keeps_them_aside(
    workspace, write_connector
):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    assert editor.set_authentication("hybrid") is None
    assert editor.accepted.oauth == new_oauth_settings()
    assert editor.set_authentication("oauth") is None
    assert editor.accepted.oauth == new_oauth_settings()
    assert editor.set_authentication("classic") is None
    assert editor.accepted.oauth is None
    assert editor.save_plan() is None  # back where it started


def test_settings_put_aside_by_classic_come_back(workspace, write_connector):
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    had = editor.accepted.oauth
    assert had is not None and had.client_authentication == "private_key_jwt"
    assert editor.set_authentication("classic") is None
    plan = editor.save_plan()
    assert plan is not None and "[oauth]" not in plan.connector.to_toml()
    assert editor.set_authentication("hybrid") is None
    assert editor.accepted.oauth == had


def test_a_profit_without_oauth_refuses_hybrid_and_oauth_naming_the_version(
    workspace, write_connector
):
    (workspace / "acwizard.toml").write_text("profit_version = 7\n", encoding="utf-8")
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    refused = editor.set_authentication("oauth")
    assert refused is not None and "Profit 7" in refused and "came with Profit 8" in refused
    assert editor.accepted.authentication == "classic" and not editor.is_modified()


def test_panes_propose_the_whole_oauth_table_and_webhook_list(workspace, write_connector):
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    oauth = editor.accepted.oauth
    assert oauth is not None
    table = {**oauth.model_dump(), "dpop": True}
    assert editor.propose(oauth=table) is None
    assert editor.accepted.oauth is not None and editor.accepted.oauth.dpop
    hooks = [{"description": "Dossier", "url": "https://hooks.example.com/b", "blocked": True}]
    assert editor.propose(webhooks=hooks) is None
    assert [hook.url for hook in editor.accepted.webhooks] == ["https://hooks.example.com/b"]
    refused = editor.propose(webhooks=[{**hooks[0], "url": "http://hooks.example.com/b"}])
    assert refused is not None and refused.startswith("webhooks:")
    assert editor.propose(oauth={**table, "client_type": "public"}) is not None
    assert editor.accepted.oauth.client_type == "confidential"


def test_the_wizard_and_the_editor_share_the_oauth_defaults():
    made = new_connector("Fleet", "Fleet", 9)
    assert made.oauth == new_oauth_settings()
    assert new_oauth_settings().summary() == "client credentials, client secret"


# -- recovery drafts -----------------------------------------------------------------------


def test_a_draft_is_written_while_modified_and_removed_when_not(workspace, write_connector):
    write_connector(PAYROLL)
    held: dict[str, Draft] = {}
    opened = Workspace.open(workspace)
    editor = ConnectorEditor(opened, opened.load(workspace / "connectors/payroll-sync.toml"), held)
    editor.set_field("description", "")  # invalid: still kept
    editor.keep_draft()
    [draft] = read_drafts(workspace)
    assert (draft.connector_id, draft.owner, draft.data["description"]) == (
        "payroll-sync",
        editor.owner,
        "",
    )
    assert held[editor.owner].data["description"] == ""
    assert draft.fingerprint == fingerprint(PAYROLL) and draft.base == PAYROLL
    editor.set_field("description", "Payroll Sync")
    editor.keep_draft()
    assert read_drafts(workspace) == [] and held == {}


def test_forgetting_removes_only_this_sessions_draft(workspace, write_connector):
    write_connector(PAYROLL)
    other = Draft("payroll-sync", {"description": "theirs"}, None, 1.0, None, "1" * 16)
    write_draft(workspace, other)
    editor = open_editor(workspace)
    editor.set_blocked(False)
    editor.keep_draft()
    assert len(read_drafts(workspace)) == 2
    editor.forget_draft()
    assert [draft.owner for draft in read_drafts(workspace)] == ["1" * 16]


def test_a_restored_draft_is_the_candidate_and_belongs_to_this_editor(workspace, write_connector):
    write_connector(PAYROLL_V2)
    first = open_editor(workspace)
    first.set_field("description", "")  # invalid text survives
    first.set_blocked(True)
    assert first.set_authentication("classic") is None
    assert first.propose(get_connectors=[]) is None
    first.keep_draft()
    [draft] = read_drafts(workspace)

    editor = open_editor(workspace)
    assert editor.restore(draft) is True
    assert editor.owner == draft.owner
    assert editor.text["description"] == "" and editor.blocked
    assert (editor.accepted.authentication, editor.accepted.get_connectors) == ("classic", [])
    assert editor.accepted.webhooks == first.accepted.webhooks
    editor.forget_draft()
    assert read_drafts(workspace) == []


def test_a_draft_with_an_invalid_oauth_table_keeps_its_lists(workspace, write_connector):
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    data = {**editor.candidate_data(), "get_connectors": []}
    data["oauth"] = {**data["oauth"], "client_type": "public"}  # public with a JWT: refused
    restored = editor.restore(Draft("payroll-sync", data, None, 1.0, None, "2" * 16))
    assert restored is False
    assert editor.accepted.get_connectors == []
    assert editor.accepted.oauth is not None and editor.accepted.oauth.client_type == "confidential"


def test_a_draft_of_a_version_1_file_holds_version_2_data(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_blocked(False)
    editor.keep_draft()
    path = next(drafts_directory(workspace).iterdir())
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    assert data["schema_version"] == 2
    assert data["ip_restrictions"][0]["address"] == "192.168.10.0/24"


# -- undo and redo -----------------------------------------------------------------------


def test_undo_puts_a_removed_grant_back_exactly_and_says_so(workspace, write_connector):
    # GIVEN an UpdateConnector removed (one `d`)
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    before = editor.state()
    assert editor.propose(update_connectors=[]) is None
    said = editor.last_change()
    assert said is not None and said.text == "UpdateConnectors: HrCompMut removed"
    # WHEN it is undone
    undone = editor.undo()
    # THEN the candidate is exactly as before, nothing is left to save, and it says what came back
    assert editor.state() == before
    assert not editor.is_modified() and editor.save_plan() is None
    assert undone is not None
    assert (undone.text, undone.field, undone.select) == (
        "UpdateConnectors: HrCompMut back",
        "update_connectors",
        "HrCompMut",
    )
    # AND redo removes it again; undo with nothing left does nothing
    redone = editor.redo()
    assert redone is not None and redone.text == "UpdateConnectors: HrCompMut removed"
    assert editor.accepted.update_connectors == []
    assert editor.undo() is not None and editor.undo() is None
    assert editor.state() == before


def test_undo_with_nothing_to_undo_changes_nothing(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    revision = editor.revision
    assert editor.undo() is None and editor.redo() is None
    assert editor.revision == revision and editor.state().accepted == editor.original


IP_BACK = (
    "IP restrictions: 192.168.10.0/24 allowed, 203.0.113.7 allowed, 2001:db8:10::/48 allowed back"
)


def test_undo_goes_back_one_change_at_a_time_in_order(workspace, write_connector):
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    assert editor.propose(get_connectors=["Profit_Employees", "Profit_Debtor"]) is None
    assert editor.propose(ip_restrictions=[]) is None
    editor.set_blocked(True)
    said = [editor.undo(), editor.undo(), editor.undo()]
    assert [(s.text, s.field) for s in said if s is not None] == [
        ("Blocked: unticked (ACTIVE)", "blocked"),
        (IP_BACK, "ip_restrictions"),
        ("GetConnectors: Profit_Debtor removed", "get_connectors"),
    ]
    assert said[1] is not None and said[1].select == "192.168.10.0/24"
    assert editor.connector == editor.original


def test_a_switch_to_classic_is_one_step_and_undo_gives_oauth_back(workspace, write_connector):
    # GIVEN OAuth with a private key JWT, switched to a classic token (OAuth put aside)
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    had = editor.accepted.oauth
    assert editor.set_authentication("classic") is None
    assert editor.kept_oauth == had and len(editor.undo_steps) == 1
    # WHEN undone
    undone = editor.undo()
    # THEN OAuth and its settings are back, nothing is put aside, and it is said as a switch
    assert editor.accepted.authentication == "oauth" and editor.accepted.oauth == had
    assert editor.kept_oauth is None
    assert undone is not None and undone.field == "authentication"
    assert undone.text.startswith("Authentication: OAuth, client credentials, private key JWT")
    # AND redo puts them aside again: a switch back still finds them
    assert editor.redo() is not None and editor.accepted.oauth is None
    assert editor.set_authentication("hybrid") is None and editor.accepted.oauth == had


def test_webhooks_and_oauth_changes_are_undone_and_said(workspace, write_connector):
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    hooks = [hook.model_dump() for hook in editor.accepted.webhooks]
    assert editor.propose(webhooks=[{**hooks[0], "blocked": True}]) is None
    said = editor.last_change()
    assert said is not None and said.text == "Webhooks: 'Dossier changes' blocked"
    oauth = editor.accepted.oauth
    assert oauth is not None
    assert editor.propose(oauth={**oauth.model_dump(), "dpop": True}) is None
    assert editor.propose(oauth={**oauth.model_dump(), "dpop": True, "certificates": []}) is None
    undone = editor.undo()
    assert undone is not None and undone.text == "OAuth: certificate payroll-2026 back"
    undone = editor.undo()
    assert undone is not None and undone.text == "OAuth: settings as they were"
    assert editor.accepted.oauth == oauth
    undone = editor.undo()
    assert undone is not None and undone.text == "Webhooks: 'Dossier changes' unblocked"
    assert editor.connector == editor.original


def test_a_run_of_typing_is_one_step_and_a_wipe_its_own(workspace, write_connector):
    # GIVEN "XY" typed after the description, one key at a time, then ctrl+u (a wipe)
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_field("description", "Payroll SyncX")
    editor.set_field("description", "Payroll SyncXY")
    editor.set_field("description", "")
    # WHEN undone twice
    first, second = editor.undo(), editor.undo()
    # THEN the wipe comes back first, then the whole run of typing
    assert first is not None and first.text == "Description: back to 'Payroll SyncXY'"
    assert second is not None and second.text == "Description: back to 'Payroll Sync'"
    assert editor.text["description"] == "Payroll Sync" and editor.undo() is None


def test_typing_in_another_field_or_after_another_change_is_a_new_step(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_field("notes", "a")
    editor.set_blocked(False)
    editor.set_field("notes", "ab")
    editor.set_field("user_group", "Payroll Sync2")
    assert len(editor.undo_steps) == 4
    assert [s.text for s in (editor.undo(), editor.undo()) if s is not None] == [
        "User group: back to 'Payroll Sync'",
        "Notes: back to 'a'",
    ]


def test_a_new_change_after_undo_clears_redo(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    editor.set_blocked(False)
    assert editor.undo() is not None and editor.redo_steps
    assert editor.propose(connectors=[]) is None
    assert editor.redo() is None and editor.accepted.connectors == []


def test_a_refused_change_or_a_no_op_is_no_step(workspace, write_connector):
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    assert editor.propose(webhooks=[{"description": "x", "url": "http://a.example"}]) is not None
    assert editor.propose(get_connectors=["Profit_Employees"]) is None  # as it is
    editor.set_blocked(False)  # as it is
    assert editor.set_authentication("oauth") is None  # as it is
    assert editor.undo_steps == [] and editor.undo() is None


def test_undo_says_ids_and_descriptions_only_as_inert_escapes(workspace, write_connector):
    write_connector(PAYROLL_V2)
    editor = open_editor(workspace)
    hooks = [hook.model_dump() for hook in editor.accepted.webhooks]
    assert editor.propose(webhooks=[]) is None
    editor.set_field("notes", "evil\x1b[2J\u202e")
    editor.set_field("notes", "")
    said = [editor.undo(), editor.undo(), editor.undo()]
    assert [s.text for s in said if s is not None] == [
        "Notes: back to 'evil\\x1b[2J\\u202e'",
        "Notes: back to 'Owner: HR systems. RFC-2291.'",
        "Webhooks: 'Dossier changes' back",
    ]
    assert [hook.model_dump() for hook in editor.accepted.webhooks] == hooks


def test_undo_keeps_the_last_hundred_steps(workspace, write_connector):
    write_connector(PAYROLL)
    editor = open_editor(workspace)
    for count in range(UNDO_LIMIT + 5):
        editor.set_blocked(count % 2 == 0)
    assert len(editor.undo_steps) == UNDO_LIMIT


def test_a_restored_draft_is_where_undo_stops(workspace, write_connector):
    write_connector(PAYROLL_V2)
    first = open_editor(workspace)
    assert first.propose(get_connectors=[]) is None
    first.keep_draft()
    [draft] = read_drafts(workspace)
    editor = open_editor(workspace)
    assert editor.restore(draft) is True
    assert editor.undo() is None and editor.accepted.get_connectors == []


# -- the workspace owns the writes -----------------------------------------------------------


def test_the_workspace_creates_under_a_fresh_id_and_deletes_only_what_it_read(workspace):
    opened = Workspace.open(workspace)
    connector = new_connector("Payroll Sync", "Payroll Sync", 9)
    assert opened.new_id("Payroll Sync") == "payroll-sync"
    first = opened.create(connector)
    second = opened.create(connector)
    assert (first.name, second.name) == ("payroll-sync.toml", "payroll-sync-2.toml")
    loaded = opened.load(first)
    first.write_text(first.read_text(encoding="utf-8") + "# later\n", encoding="utf-8")
    with pytest.raises(SaveConflict):
        opened.delete(first, loaded.fingerprint)
    assert first.exists()
    opened.delete(second, opened.load(second).fingerprint)
    assert not second.exists()


def test_the_workspace_says_when_settings_or_catalog_changed(workspace):
    opened = Workspace.open(workspace)
    assert opened.reopened() is None
    (workspace / "acwizard.toml").write_text("online = false\n", encoding="utf-8")
    fresh = opened.reopened()
    assert fresh is not None and fresh.settings.online is False


SRC = Path(__file__).resolve().parent.parent / "src" / "acwizard"


def store_imports(text: str) -> list[int]:
    """Lines of `text` that import acwizard.files (the store; any form, at any depth)."""
    lines = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        if any(f"{name}.".startswith("acwizard.files.") for name in names):
            lines.append(node.lineno)
    return sorted(lines)


def test_no_screen_dialog_or_widget_imports_the_store():
    sources = [
        path for part in ("screens", "dialogs", "widgets") for path in (SRC / part).glob("*.py")
    ]
    assert len(sources) > 10
    found = [
        (path.name, line)
        for path in sources
        for line in store_imports(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert store_imports(
        "def f():\n    from acwizard.files import x\nimport acwizard.files.toml\n"
    ) == [
        2,
        3,
    ]
    assert store_imports("from acwizard import files\n") == [1]


@pytest.mark.parametrize(
    ("today", "line"),
    [
        (
            date(2026, 11, 24),
            (
                "! medium  classic tokens expire on 1 May 2027 (158 days left); connectors with a "
                "classic token stop working after 31 August 2027 (280 days left): migrate to OAuth"
            ),
        ),
        (
            date(2027, 5, 2),
            (
                "! high    classic tokens expired on 1 May 2027 (1 day ago); connectors with a "
                "classic token stop working after 31 August 2027 (121 days left): migrate to OAuth"
            ),
        ),
        (
            date(2027, 9, 1),
            (
                "! high    classic token: this connector no longer works: classic tokens expired on "
                "1 May 2027 (123 days ago); connectors with a classic token stopped working after "
                "31 August 2027 (1 day ago); migrate to OAuth"
            ),
        ),
    ],
)
def test_the_review_dates_the_classic_token_deadline_as_audit_does(
    workspace, write_connector, today, line
):
    write_connector(PAYROLL)
    opened = Workspace.open(workspace)
    loaded = opened.load(workspace / "connectors" / "payroll-sync.toml")
    editor = ConnectorEditor(opened, loaded, {}, today=today)
    assert line in editor.review_lines()
    # and once the admin picks OAuth, the deadline is no longer the review's concern
    editor.set_authentication("oauth")
    assert not any("classic token" in text for text in editor.review_lines())


@pytest.mark.parametrize(
    ("start", "to", "blocked", "warned"),
    [
        ("hybrid", "oauth", False, "classic"),  # the migration's last step
        ("classic", "oauth", False, "classic"),
        ("oauth", "classic", False, "oauth"),
        ("hybrid", "classic", False, "oauth"),
        ("classic", "hybrid", False, None),  # accepts both: nothing stops
        ("hybrid", "oauth", True, None),  # blocked: Profit refuses every call anyway
    ],
)
def test_the_save_plan_says_which_apps_an_authentication_switch_stops(
    workspace, write_connector, start, to, blocked, warned
):
    text = PAYROLL_V2.replace('authentication = "oauth"', f'authentication = "{start}"')
    if start == "classic":
        text = text.split("\n[oauth]")[0] + "\n"
    write_connector(text.replace("blocked = false", f"blocked = {str(blocked).lower()}"))
    editor = open_editor(workspace)
    assert editor.set_authentication(to) is None
    plan = editor.save_plan()
    assert plan is not None
    said = [w for w in plan.warnings if w.startswith("SIGN-IN")]
    if warned == "classic":
        assert said == [
            (
                "SIGN-IN: apps still on a classic token stop working once this is in Profit: "
                "move every app to OAuth first (hybrid accepts both meanwhile)"
            )
        ]
    elif warned == "oauth":
        assert said == ["SIGN-IN: apps signing in with OAuth stop working once this is in Profit"]
    else:
        assert said == []
