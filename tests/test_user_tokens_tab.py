"""Issue 20 in the TUI, at 80x24: the User tokens tab, the OAuth tab's expiries, the list's mark,
and the secret guard on OK, on typed text before it reaches a draft, and in the wizard.

The demo is judged on 2026-11-24 (conftest's `fixed_today`): BI Export's test-run token
expires on 2026-12-20 and Webshop Integration's first client secret on 2026-11-27, both
inside the 30-day window. Every secret is made afresh (`secret_samples`); what the admin
typed stays in the field being typed in, and nothing else on screen may hold a piece of it.
"""

from __future__ import annotations

import pytest
from secret_samples import KINDS, SAMPLES, pieces

from acwizard.app import AcWizardApp
from acwizard.drafts import read_drafts, write_draft
from acwizard.screens.properties import PropertiesScreen

from conftest import list_checked, screen_text, shown, toasts

SIZE = (80, 24)
BI_ROW: tuple[str, ...] = ()
"""BI Export is the first row of the demo list."""
WEBSHOP_ROW = ("end",)
"""Webshop Integration (hybrid, client secret) is the last."""


def without(text: str, secret: str) -> bool:
    """True when no piece of `secret` is in `text`."""
    return not any(piece in text for piece in pieces(secret))


def messages(app: AcWizardApp) -> str:
    """Everything the screens say besides the fields themselves: titles, the messages under
    fields, the lines above tables (the field being typed in shows what was typed)."""
    texts = [str(app.screen.title), str(app.screen.sub_title)]
    for screen in app.screen_stack:
        for widget in screen.query(".field-message, .pane-count, .field-help, .dialog-title"):
            texts.append(str(widget.render()))
    return " ".join(texts)


def written_draft(app: AcWizardApp, screen: PropertiesScreen) -> object:
    """The draft a hang-up would write now (held with the typed text, through the one write
    path), as read back from the state directory."""
    held = screen.hold_recovery()
    assert held is not None
    write_draft(app.workspace.root, held)
    [draft] = read_drafts(app.workspace.root)
    return draft


async def test_the_user_tokens_tab_lists_the_register_in_profit_s_words(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*BI_ROW, "enter", "8")
        text = await shown(pilot)
        assert "User Description Issued Expires Date last used" in text
        assert "SYS_BI BI warehouse (nig… 2025-09-15 2027-05-01 2026-12-06" in text
        assert "2026-12-20 soon" in text  # the test run's token, inside the window
        assert "2 tokens, 1 expiring within 30 days (all end by 1 May 2027)." in text
        assert "never stored in the file" in text
        # F9 reaches it from a text field too, and F1 lists both keys
        await pilot.press("f2", "tab", "f9")
        assert "2 tokens, 1 expiring" in await shown(pilot)
        await pilot.press("f1")
        help_text = await shown(pilot)
        assert "User tokens tab" in help_text and "1-8" in help_text and "F2-F9" in help_text


async def test_a_token_is_added_edited_and_removed_with_the_keyboard_and_saved(demo_copy):
    path = demo_copy / "connectors" / "bi-export.toml"
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*BI_ROW, "enter", "8")
        # WHEN the admin records a new token (n), field by field, Enter accepts
        await pilot.press("n", *"SYS_BI", "tab", *"Ad-hoc reports", "tab", *"2026-11-01")
        await pilot.press("tab", *"2027-05-01", "tab", "enter")
        text = await shown(pilot)
        assert "SYS_BI Ad-hoc reports 2026-11-01 2027-05-01 -" in text
        assert "User tokens: 'Ad-hoc reports' of SYS_BI recorded. ctrl+z undoes this." in text
        # AND edits the test run's token (the second row after sorting by user, description)
        await pilot.press("down", "down", "e", "tab", "tab", "tab", "ctrl+a", "ctrl+k")
        await pilot.press(*"2026-12-10", "enter")
        assert "2026-12-10 soon" in await shown(pilot)
        # AND removes the nightly load (d), which says to revoke it in Profit too
        await pilot.press("up", "d")
        text = await shown(pilot)
        assert "Revoke the token of SYS_BI in Profit too" in text
        assert "'BI warehouse (nightly load)' of SYS_BI removed. ctrl+z undoes this." in text
        assert "BI warehouse (nig…" not in text  # its row
        # THEN OK shows the change and writes the register
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+s")
        await pilot.pause()
    written = path.read_text(encoding="utf-8")
    assert written.count("{ user = ") == 2
    assert '{ user = "SYS_BI", description = "Ad-hoc reports", issued = 2026-11-01' in written
    assert "expires = 2026-12-10" in written and "nightly load" not in written


@pytest.mark.parametrize("kind", sorted(SAMPLES))
async def test_a_secret_typed_into_a_token_field_is_refused_there_and_kept_from_the_draft(
    demo_copy, kind
):
    secret = SAMPLES[kind]().replace("\n", "")
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*BI_ROW, "enter", "8", "n", *"SYS_BI", "tab")
        screen = next(s for s in app.screen_stack if isinstance(s, PropertiesScreen))
        app.screen.query_one("#token-description").value = secret  # type: ignore[attr-defined]
        await pilot.press("enter")
        text = await shown(pilot)
        # THEN the form stays open and says what the value looks like, never the value
        assert f"! {KINDS[kind]}; secrets never go into files" in text
        assert "New user token" in text
        assert without(messages(app), secret) and without(await toasts(pilot), secret)
        # AND a session cut off now keeps the user typed, not the secret
        draft = written_draft(app, screen)
        assert draft.typed["token_form"]["token-user"] == "SYS_BI"  # type: ignore[attr-defined]
        assert "token-description" not in draft.typed["token_form"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", sorted(SAMPLES))
async def test_ok_refuses_a_secret_in_notes_without_echoing_it_and_no_draft_holds_it(
    demo_copy, kind
):
    secret = SAMPLES[kind]().replace("\n", "")
    path = demo_copy / "connectors" / "bi-export.toml"
    before = path.read_text(encoding="utf-8")
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*BI_ROW, "enter")
        screen = app.screen
        assert isinstance(screen, PropertiesScreen)
        screen.notes_input.value = f"Vendor login: {secret}"
        await pilot.pause()
        text = await shown(pilot)
        assert f"! {KINDS[kind]}; secrets never go into files" in text
        # WHEN the admin presses OK
        await pilot.press("ctrl+s")
        said = await toasts(pilot)
        # THEN it is not saved, and neither the toast nor any message repeats the value
        assert f"notes: {KINDS[kind]}; secrets never go into files" in said
        assert without(said, secret) and without(messages(app), secret)
        # AND the draft a hang-up writes keeps the other edits but not the notes
        screen.description_input.value = "BI Export (nightly)"
        await pilot.pause()
        draft = written_draft(app, screen)
        assert draft.data["description"] == "BI Export (nightly)"  # type: ignore[attr-defined]
        assert without(repr(draft.data) + repr(draft.typed), secret)  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == before


async def test_the_wizard_refuses_a_secret_as_a_description_before_it_is_a_file_name(demo_copy):
    secret = SAMPLES["AFAS token"]()
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await list_checked(pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#description").value = secret  # type: ignore[attr-defined]
        await pilot.pause()
        text = await shown(pilot)
        assert "! looks like an AFAS token; secrets never go into files" in text
        assert "It will be saved as" not in text  # no would-be file name from it
        await pilot.press("enter")
        assert "! looks like an AFAS token" in await shown(pilot)  # still step 1
        assert without(messages(app), secret) and without(await toasts(pilot), secret)
    assert sorted(p.name for p in (demo_copy / "connectors").iterdir()) == [
        "bi-export.toml", "expense-app.toml", "helloid-provisioning.toml",
        "payroll-sync.toml", "time-registration.toml", "webshop-integration.toml",
    ]  # fmt: skip


async def test_the_list_marks_what_has_expired_or_ends_within_the_window(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await list_checked(pilot)
        text = screen_text(app)
        assert "! 2 expiring · 6 connectors" in text
        rows = {line[1:].split("  ")[0]: line for line in text.splitlines()[4:10]}
        for name, marked in [("BI Export", True), ("Webshop Integration", True),
                             ("Payroll Sync", False), ("Time Registration", False)]:  # fmt: skip
            after = rows[name][1 + len(name) :].lstrip()
            assert after.startswith("! ") == marked, rows[name]
        # AND once the certificate of Time Registration ends within 30 days, it is marked too
        path = demo_copy / "connectors" / "time-registration.toml"
        path.write_text(path.read_text(encoding="utf-8").replace("2026-12-31", "2026-12-01"))
        await pilot.press("r")
        await list_checked(pilot)
        assert "! 3 expiring" in screen_text(app)


async def test_the_oauth_tab_shows_client_secrets_and_certificates_with_their_expiry(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*WEBSHOP_ROW, "enter", "6")
        text = await shown(pilot)
        assert "Client secrets (label, created, expires" in text
        assert "Label Created Expires" in text
        assert "2026-H1 2026-05-31 2026-11-27 soon" in text
        assert "2026-H2 2026-11-20 2027-05-19" in text


async def test_at_60x20_the_table_leaves_out_issued_and_edits_the_row_under_the_cursor(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press(*BI_ROW, "enter", "f9")
        text = await shown(pilot)
        assert "User Description Expires Date last used" in text  # every column whole
        assert "2026-12-20 soon 2026-07-02" in text
        await pilot.press("down", "e")
        assert "Edit user token" in await shown(pilot)
        assert app.screen.query_one("#token-user").value == "SYS_BI_TEST"  # type: ignore[attr-defined]
