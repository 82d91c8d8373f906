"""The OAuth and Webhooks tabs in the properties screen (Profit 8 and 9), as an admin uses them.

The panes are tested on their own in test_oauth_pane.py and test_webhooks_pane.py;
these are the flows through the screen and the editor down to the file on disk,
and to what `acwizard diff` tells the reviewer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from acwizard.app import AcWizardApp
from acwizard.cli import main

from conftest import PAYROLL, git, screen_text, shown, toasts

SIZE = (80, 24)
PAYROLL_ROW = ("down", "down", "down")
"""Payroll Sync is the fourth row of the demo list: a version 1, classic-token connector."""
AUTHENTICATION = ("tab", "tab", "tab", "tab", "tab")
"""From the tab bar to the Authentication choice on the General tab."""


def run_diff(capsys: pytest.CaptureFixture[str], workspace: Path, *revisions: str) -> str:
    """What `acwizard diff` prints between two revisions of the workspace."""
    capsys.readouterr()
    main(["-w", str(workspace), "diff", *revisions])
    return capsys.readouterr().out


async def test_classic_to_hybrid_to_oauth_through_the_tabs_and_the_diff_says_so(repo, capsys):
    path = repo / "connectors" / "payroll-sync.toml"
    # GIVEN the demo's classic connector, committed as format version 1
    assert path.read_text(encoding="utf-8").startswith("schema_version = 1\n")
    app = AcWizardApp(repo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*PAYROLL_ROW, "enter")
        # WHEN the admin picks Hybrid on the General tab
        await pilot.press(*AUTHENTICATION, "right", "enter")
        # (the line under the choice says what hybrid means for the deadline)
        assert "Both work until 31 August 2027; choose OAuth once the app uses it." in (
            await shown(pilot)
        )
        # THEN the OAuth tab (F7) holds the settings a new integration gets
        await pilot.press("f7")
        text = await shown(pilot)
        assert "(*) Confidential" in text and "[X] Client credentials" in text
        assert "Classic token: this app connector has no OAuth settings" not in text
        await pilot.press("ctrl+s")
        text = await shown(pilot)
        assert "authentication: classic token -> hybrid" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert 'authentication = "hybrid"\n' in path.read_text(encoding="utf-8")
    git(repo, "commit", "-qam", "payroll: hybrid")

    # WHEN, in a later session, the admin moves it on to OAuth with a private key JWT
    app = AcWizardApp(repo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*PAYROLL_ROW, "enter")
        await pilot.press(*AUTHENTICATION, "right", "enter")
        await pilot.press("7")  # outside a text field the digit picks the tab (Webhooks)
        assert "No webhooks. Press n to add one." in await shown(pilot)
        await pilot.press("6")  # and 6 the OAuth tab
        await pilot.press("tab", "tab", "tab", "right", "enter")  # Private key JWT
        assert "! Not applied yet:" in await shown(pilot)
        await pilot.press("tab", "tab")
        await pilot.press(*"https://payroll.example.com/jwks.json", "enter")
        text = await shown(pilot)
        assert "Not applied yet" not in text
        await pilot.press("ctrl+s")
        text = await shown(pilot)
        assert (
            "authentication: hybrid (classic token and OAuth), client credentials, client "
            "secret -> OAuth, client credentials, private key JWT"
        ) in text
        assert "JWKS URL added: https://payroll.example.com/jwks.json" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    written = path.read_text(encoding="utf-8")
    assert 'authentication = "oauth"\n' in written
    assert 'client_authentication = "private_key_jwt"\n' in written
    assert 'jwks_url = "https://payroll.example.com/jwks.json"\n' in written
    git(repo, "commit", "-qam", "payroll: oauth")

    # THEN the reviewer's diff says each step in plain words
    first = run_diff(capsys, repo, "HEAD~2", "HEAD~1")
    assert "authentication: classic token -> hybrid (classic token and OAuth)" in first
    second = run_diff(capsys, repo, "HEAD~1", "HEAD")
    assert (
        "authentication: hybrid (classic token and OAuth), client credentials, client "
        "secret -> OAuth, client credentials, private key JWT"
    ) in " ".join(second.split())
    assert "JWKS URL added: https://payroll.example.com/jwks.json" in second


async def test_ok_refuses_while_an_oauth_edit_is_not_applied_yet(demo_copy):
    path = demo_copy / "connectors" / "payroll-sync.toml"
    before = path.read_text(encoding="utf-8")
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*PAYROLL_ROW, "enter")
        await pilot.press(*AUTHENTICATION, "right", "right", "enter")  # OAuth
        # GIVEN an OAuth edit the model cannot take yet: private key JWT, no JWKS URL
        await pilot.press("f7", "tab", "tab", "tab", "right", "enter")
        assert "! Not applied yet:" in await shown(pilot)
        # WHEN the admin presses OK
        await pilot.press("ctrl+s")
        text = await shown(pilot)
        # THEN nothing is saved and the screen says why, on the OAuth tab
        assert "Not saved" in text and "OAuth: not applied yet:" in text
        assert "Save connectors/payroll-sync.toml?" not in text
        # AND leaving asks first, as for any unsaved change
        await pilot.press("escape")
        assert "Discard changes?" in await shown(pilot)
    assert path.read_text(encoding="utf-8") == before


async def test_a_webhook_added_on_its_tab_lands_in_the_file_after_the_preview(demo_copy):
    path = demo_copy / "connectors" / "payroll-sync.toml"
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*PAYROLL_ROW, "enter")
        # WHEN the admin adds a webhook on the Webhooks tab (F8)
        await pilot.press("f8", "n", *"HR events", "tab", "ctrl+a", "ctrl+k")
        await pilot.press(*"https://hooks.example.com/afas", "ctrl+s")
        assert "HR events" in await shown(pilot)
        await pilot.press("ctrl+s")
        text = await shown(pilot)
        # THEN the preview names it as a grant, ACTIVE, and the file holds it
        assert "webhook added, ACTIVE: 'HR events' -> https://hooks.example.com/afas" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    written = path.read_text(encoding="utf-8")
    assert written.endswith(
        '\n[[webhooks]]\ndescription = "HR events"\nurl = "https://hooks.example.com/afas"\n'
        "blocked = false\n"
    )


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_all_eight_tab_labels_fit_on_one_line(demo_copy, size):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*PAYROLL_ROW, "enter")
        await pilot.pause()
        tab_bar = screen_text(app).splitlines()[1]
        labels = ["General", "Get", "Update", "IP", "OAuth", "Webhooks"]
        labels += ["Connectors", "User tokens"] if size[0] >= 76 else ["Conn.", "Tokens"]
        for label in labels:
            assert f" {label} " in f"{tab_bar} ", (label, tab_bar)


async def test_enter_on_the_authentication_choice_keeps_what_it_shows(demo_copy):
    # GIVEN the demo's hybrid connector (Webshop Integration, the last row)
    path = demo_copy / "connectors" / "webshop-integration.toml"
    before = path.read_text(encoding="utf-8")
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("end", "enter")
        assert "( ) Classic token (*) Hybrid ( ) OAuth" in await shown(pilot)
        # WHEN the admin goes to Authentication and presses Enter, meaning "as it is"
        await pilot.press(*AUTHENTICATION, "enter")
        # THEN Hybrid stays chosen (Textual's highlight started on Classic token) and OK
        # has nothing to save
        assert "( ) Classic token (*) Hybrid ( ) OAuth" in await shown(pilot)
        await pilot.press("ctrl+s")
        assert "Nothing changed; the file was not written." in await shown(pilot)
    assert path.read_text(encoding="utf-8") == before


async def test_tab_brings_the_end_of_the_review_into_view(workspace, write_connector):
    # GIVEN an active classic connector without IP restrictions that writes payroll data
    # and grants ids the catalog lacks: its review runs below the General tab's fold
    write_connector(
        PAYROLL.replace("blocked = true", "blocked = false")
        .replace('    "Profit_Employees",\n', '    "Profit_Employees",\n    "Zz_Unknown",\n')
        .split("ip_restrictions")[0]
        + "ip_restrictions = []\n"
    )
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        review = app.screen.editor.review_lines()
        last = " ".join(review[-1].split())
        assert last not in await shown(pilot), review
        # WHEN the admin tabs past Notes (the General tab itself takes no focus)
        await pilot.press(*["tab"] * 7)
        # THEN the review has the focus and its last finding is on screen
        assert app.focused is not None and app.focused.id == "findings"
        assert last in await shown(pilot)


TIME_REGISTRATION_ROW = ("down", "down", "down", "down")
"""The demo's OAuth connector with a private key JWT and a certificate (fifth row)."""


async def test_enter_on_the_oauth_choices_keeps_what_they_show(demo_copy):
    path = demo_copy / "connectors" / "time-registration.toml"
    before = path.read_text(encoding="utf-8")
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*TIME_REGISTRATION_ROW, "enter", "f7")
        assert "( ) Client secret (*) Private key JWT" in await shown(pilot)
        # WHEN the admin goes to Client authentication and presses Enter, and on the
        # client type too
        await pilot.press("tab", "tab", "tab", "enter", "shift+tab", "shift+tab")
        await pilot.press("shift+tab", "enter")
        # THEN nothing changed: the pane set its buttons without the set knowing, and the
        # highlight (and Enter) went to the first button, dropping the certificate
        text = await shown(pilot)
        assert "( ) Client secret (*) Private key JWT" in text
        assert "(*) Confidential ( ) Public" in text
        await pilot.press("ctrl+s")
        assert "Nothing changed; the file was not written." in await shown(pilot)
    assert path.read_text(encoding="utf-8") == before


async def test_a_typed_jwks_url_is_applied_on_leaving_the_field_or_ok_refuses(demo_copy):
    path = demo_copy / "connectors" / "time-registration.toml"
    url = "https://timereg.example.com/jwks.json"
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*TIME_REGISTRATION_ROW, "enter", "f7")
        # GIVEN a new JWKS URL typed over the old one, without Enter
        await pilot.press("tab", "tab", "tab", "tab", "tab", "ctrl+u", *url)
        assert app.focused is not None and app.focused.id == "oauth-jwks"
        # WHEN OK is pressed in the field: refused, saying what is not applied
        await pilot.press("ctrl+s")
        assert "OAuth: the JWKS URL typed but not applied" in await toasts(pilot)
        assert "Save connectors/time-registration.toml?" not in await shown(pilot)
        # WHEN the admin leaves the field: applied, and OK shows it
        await pilot.press("tab", "ctrl+s")
        text = await shown(pilot)
        assert f"JWKS URL added: {url}" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert f'jwks_url = "{url}"\n' in path.read_text(encoding="utf-8")


async def test_a_stray_d_never_lets_more_addresses_call_without_a_yes(demo_copy):
    path = demo_copy / "connectors" / "webshop-integration.toml"
    before = path.read_text(encoding="utf-8")
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # GIVEN the demo's connector with one disallowed line, on its IP tab
        await pilot.press("end", "enter", "f6")
        # WHEN d is pressed (as a key typed after a dialog closed would be)
        await pilot.press("d")
        # THEN it asks, saying what the removal opens, and Enter keeps the line
        text = await shown(pilot)
        assert "is blocked now; without this line it may call again." in text
        await pilot.press("enter")
        assert "1 disallowed" in await shown(pilot)
        await pilot.press("escape")
        assert "Discard changes?" not in await shown(pilot)
    assert path.read_text(encoding="utf-8") == before


async def test_ok_names_a_typed_value_before_the_edit_it_would_complete(demo_copy):
    """The JWKS URL typed (not applied) is what the pending private key JWT lacks: OK says
    so first, not only that the edit "needs a JWKS URL" while one is on screen."""
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press(*PAYROLL_ROW, "enter")
        await pilot.press(*AUTHENTICATION, "right", "right", "enter")  # OAuth
        await pilot.press("f7", "tab", "tab", "tab", "right", "enter")  # private key JWT
        assert "! Not applied yet:" in await shown(pilot)
        app.screen.query_one("#oauth-jwks").focus()
        await pilot.press(*"https://payroll.example.com/jwks.json", "ctrl+s")
        said = await toasts(pilot)
        assert "OAuth: the JWKS URL typed but not applied" in said
        assert said.index("typed but not applied") < said.index("not applied yet")
