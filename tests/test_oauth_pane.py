"""The OAuth tab's pane on its own at 80x24: what it shows, and the keys that reach its core.

GIVEN the pane hosted as the properties screen will host it (the host plays
the screen: it validates each proposal through the model and calls `show`),
WHEN the admin uses the keyboard, THEN the pane shows the settings and posts
the whole `[oauth]` table as plain data, or keeps an edit that is not a valid
whole yet as "not applied yet", in the model's words. What the tab proposes,
keeps pending and gives back after a switch is unit-tested on its core
(`acwizard.cores.oauth`) in test_oauth_core.py; these are the flows through keys.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pane_host import PaneHost
from pydantic import ValidationError
from test_oauth_core import JWT, JWT_BOTH_FLOWS, PUBLIC_FROM_BOTH, REDIRECT, SECRET

from acwizard.cores.oauth import CLASSIC_TEXT
from acwizard.model import Certificate, OAuthSettings
from acwizard.widgets.oauth_pane import OAuthPane

from conftest import shown

SIZE = (80, 24)


def accept_oauth(host: PaneHost, pane: Any, message: Any) -> None:
    """The properties screen's part: validate through the model, show what it kept."""
    try:
        accepted = OAuthSettings.model_validate(message.oauth)
    except ValidationError as exc:
        pane.show(pane.core.oauth, pane.core.authentication)
        host.notify(str(exc.errors()[0]["msg"]), title="Not changed", markup=False)
        return
    pane.show(accepted, pane.core.authentication)


def refuse_all(host: PaneHost, pane: Any, message: Any) -> None:
    """A screen that refuses every change (as the editor does for a version Profit lacks)."""
    pane.show(pane.core.oauth, pane.core.authentication)
    host.notify("oauth: public OAuth clients came with Profit 9", title="Not changed")


def oauth_host(
    oauth: OAuthSettings | None, authentication: str = "oauth", version: int = 9, respond=None
) -> PaneHost:
    return PaneHost(
        lambda: OAuthPane(oauth, authentication, version, id="oauth-pane"),
        respond or accept_oauth,
    )


def posted(app: PaneHost) -> dict[str, Any]:
    """The settings the pane asked for last."""
    return app.changes[-1].oauth  # type: ignore[attr-defined]


async def test_a_classic_connector_says_where_oauth_settings_come_from():
    app = oauth_host(None, "classic")
    async with app.run_test(size=SIZE) as pilot:
        text = await shown(pilot)
        assert " ".join(CLASSIC_TEXT.split()) in text
        assert "as Authentication on the General tab" in text
        assert "Client type" not in text
        await pilot.press("tab", "space", "enter")
        assert app.changes == []


async def test_the_settings_show_with_profits_names_and_no_secret_field():
    app = oauth_host(JWT)
    async with app.run_test(size=SIZE) as pilot:
        text = await shown(pilot)
        assert "OAuth: apps sign in with OAuth only." in text
        assert "(*) Confidential ( ) Public" in text
        assert "[X] Client credentials [ ] Authorization code with PKCE" in text
        assert "( ) Client secret (*) Private key JWT" in text
        assert "The private key stays with the app" in text and "never in this file" not in text
        assert "No key is ever in this file." in text
        pane = app.query_one(OAuthPane)
        assert pane.query_one("#oauth-jwks").value == JWT.jwks_url  # type: ignore[attr-defined]
        # No field ever takes a secret: the inputs are these, none a password field.
        inputs = {field.id for field in pane.query("Input")}
        assert inputs == {
            "oauth-validity",
            "oauth-redirect-new",
            "oauth-jwks",
            "oauth-key-id",
            "oauth-not-after",
        }
        assert not any(field.password for field in pane.query("Input"))  # type: ignore[attr-defined]
        pane.scroll_end(animate=False)
        text = await shown(pilot)
        assert "payroll-2026 2027-06-30" in text
        assert "[ ] DPoP: bind tokens to the app's key (optional)" in text


async def test_private_key_jwt_without_keys_waits_for_a_jwks_url():
    # GIVEN a client secret connector
    app = oauth_host(SECRET)
    async with app.run_test(size=SIZE) as pilot:
        # WHEN the admin chooses Private key JWT (no certificate, no JWKS URL yet)
        await pilot.press("tab", "tab", "tab", "right", "enter")
        # THEN nothing is posted; the model's words say what is missing
        text = await shown(pilot)
        assert app.changes == []
        assert (
            "! Not applied yet: client_authentication: private_key_jwt needs certificates or "
            "a jwks_url to check the app's signature (u: undo)"
        ) in text
        assert "u Undo" in text
        # AND once a JWKS URL is entered, the whole table is posted
        app.query_one("#oauth-jwks").focus()
        await pilot.press(*"https://app.example.com/jwks.json", "enter")
        assert posted(app) == {
            **SECRET.model_dump(),
            "client_authentication": "private_key_jwt",
            "jwks_url": "https://app.example.com/jwks.json",
        }
        assert "Not applied yet" not in await shown(pilot)


async def test_u_drops_an_edit_that_was_not_applied():
    app = oauth_host(SECRET)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "tab", "tab", "right", "enter")
        assert "Not applied yet" in await shown(pilot)
        await pilot.press("u")
        text = await shown(pilot)
        assert "Not applied yet" not in text
        assert "(*) Client secret ( ) Private key JWT" in text
        assert app.changes == []


async def test_certificates_are_added_and_removed():
    app = oauth_host(JWT)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#oauth-key-id").focus()
        await pilot.press(*"bad id")
        assert "'bad id' is not a valid key id" in await shown(pilot)
        await pilot.press("ctrl+u", *"payroll-2027", "enter", *"2028-13-01")
        assert "is not a date such as 2027-06-30" in await shown(pilot)
        await pilot.press("ctrl+u", *"2028-01-31", "enter")
        assert posted(app)["certificates"] == [
            {"key_id": "payroll-2026", "not_after": date(2027, 6, 30)},
            {"key_id": "payroll-2027", "not_after": date(2028, 1, 31)},
        ]
        app.query_one("#oauth-certificates").focus()
        await pilot.press("d")
        assert posted(app)["certificates"] == [
            {"key_id": "payroll-2027", "not_after": date(2028, 1, 31)}
        ]


async def test_profit_8_shows_what_needs_profit_9_and_locks_it():
    app = oauth_host(SECRET, version=8)
    async with app.run_test(size=SIZE) as pilot:
        text = await shown(pilot)
        assert "( ) Public (Profit 9)" in text
        assert "( ) Private key JWT (Profit 9)" in text
        assert "need Profit 9 (this workspace: 8)" in text
        assert "Secret validity period: Profit 9 (this workspace: 8)" in text
        pane = app.query_one(OAuthPane)
        assert pane.query_one("#type-public").disabled
        assert pane.query_one("#method-private_key_jwt").disabled
        assert pane.query_one("#oauth-validity").disabled


async def test_a_refused_change_shows_the_old_settings_and_why():
    app = oauth_host(SECRET, respond=refuse_all)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.query_one("#oauth-dpop").focus()
        await pilot.press("space")
        assert posted(app)["dpop"] is True
        text = await shown(pilot)
        assert "public OAuth clients came with Profit 9" in text
        assert "[ ] DPoP" in text


# -- a switch and a switch back: nothing is lost ------------------------------------------


async def jwt_on_screen(app: PaneHost, pilot: Any) -> str:
    """The tab's text with the private key JWT part in view (it is below the fold)."""
    app.query_one(OAuthPane).scroll_end(animate=False)
    return await shown(pilot)


async def test_public_and_back_to_confidential_gives_the_confidential_settings_back():
    # GIVEN a confidential private key JWT client with both flows and DPoP off
    app = oauth_host(JWT_BOTH_FLOWS)
    async with app.run_test(size=SIZE) as pilot:
        # WHEN the admin chooses Public: what a public client cannot have goes
        await pilot.press("right", "enter")
        assert posted(app) == PUBLIC_FROM_BOTH
        assert "None: a public client has no secret." in await shown(pilot)
        # AND then Confidential again
        await pilot.press("left", "enter")
        # THEN the flows, private key JWT with its JWKS URL and certificate, and DPoP
        # off are back, in what the pane asks for and on screen
        assert posted(app) == JWT_BOTH_FLOWS.model_dump()
        text = await shown(pilot)
        assert "(*) Confidential ( ) Public" in text
        assert "[X] Client credentials [X] Authorization code with PKCE" in text
        assert "( ) Client secret (*) Private key JWT" in text
        assert app.query_one("#oauth-jwks").value == JWT.jwks_url  # type: ignore[attr-defined]
        text = await jwt_on_screen(app, pilot)
        assert "payroll-2026 2027-06-30" in text
        assert "[ ] DPoP: bind tokens to the app's key (optional)" in text


# -- refused where it is typed, not first at OK ------------------------------------------


async def test_a_key_id_listed_already_is_refused_where_it_is_typed():
    # GIVEN a certificate with key ID payroll-2026
    app = oauth_host(JWT)
    async with app.run_test(size=SIZE) as pilot:
        bells: list[None] = []
        app.bell = lambda: bells.append(None)  # type: ignore[method-assign]
        app.query_one("#oauth-key-id").focus()
        # WHEN the admin types the same key ID (in another case: Profit does not tell them apart)
        await pilot.press(*"PAYROLL-2026")
        # THEN the message under the field says so, in the model's words
        assert "! key id 'PAYROLL-2026' is listed twice" in await shown(pilot)
        # AND Enter is refused with the bell, in the key ID field and in the date field
        await pilot.press("enter")
        assert len(bells) == 1
        app.query_one("#oauth-not-after").focus()
        await pilot.press(*"2028-01-31")
        # (typing the date does not hide the key ID's problem)
        assert "! key id 'PAYROLL-2026' is listed twice" in await shown(pilot)
        await pilot.press("enter")
        assert len(bells) == 2
        assert app.changes == []
        assert "Not applied yet" not in await shown(pilot)
        assert app.focused is app.query_one("#oauth-key-id")
        # AND another key ID is added
        await pilot.press("ctrl+u", *"payroll-2027", "tab", "enter")
        assert [c["key_id"] for c in posted(app)["certificates"]] == [
            "payroll-2026",
            "payroll-2027",
        ]


async def test_removing_the_one_listed_lets_the_typed_duplicate_in():
    # GIVEN a duplicate redirect URL typed, refused
    with_redirect = SECRET.model_copy(update={"redirect_urls": [REDIRECT]})
    app = oauth_host(with_redirect)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#oauth-redirect-new").focus()
        await pilot.press(*REDIRECT)
        assert "listed twice" in await shown(pilot)
        # WHEN the listed one is removed: the message goes at once
        app.query_one("#oauth-redirects").focus()
        await pilot.press("d")
        assert posted(app)["redirect_urls"] == []
        assert "listed twice" not in await shown(pilot)


# -- at 60x20: what is cut says so ---------------------------------------------------------

LONG_CALLBACK = "https://login.payroll-cloud.example.com/oauth2/afas-profit/tenant-o12345/callback"
LONG_JWKS = "https://keys.payroll-cloud.example.com/tenants/o12345aa/.well-known/jwks.json"
LONG = OAuthSettings(
    client_type="confidential",
    flows=["client_credentials", "authorization_code"],
    client_authentication="private_key_jwt",
    redirect_urls=[f"{LONG_CALLBACK}/v2", f"{LONG_CALLBACK}/v3"],
    jwks_url=LONG_JWKS,
    certificates=[
        Certificate(key_id="3A5F0C7D9E1B2A4C6D8E0F1A2B3C4D5E6F7A8B9C", not_after=date(2027, 6, 30))
    ],
)


async def test_at_60x20_long_redirect_urls_and_the_jwks_url_are_cut_with_an_ellipsis():
    app = oauth_host(LONG)
    async with app.run_test(size=(60, 20)) as pilot:
        pane = app.query_one(OAuthPane)
        pane.scroll_to_widget(pane.query_one("#oauth-redirects"), animate=False, top=True)
        text = await shown(pilot)
        # THEN the two redirect URLs keep their host and their (different) ends; the
        # usual https:// makes room for more of the end
        assert "> login.payroll-cloud.example.com/…2345/callback/v2" in text
        assert "login.payroll-cloud.example.com/…2345/callback/v3" in text
        # AND the JWKS URL, not being edited, shows its host and a marked cut
        assert "keys.payroll-cloud.example.com/…/.well-known/jwks.json" in text
        pane.scroll_end(animate=False)
        text = await shown(pilot)
        # AND a key ID too long for the column is cut with an ellipsis, its date whole
        assert "3A5F0C7D9E1B2A4C6D8E0F1A2B3C4D5E6F7… 2027-06-30" in text
        # AND editing the JWKS URL shows the ordinary field, the cursor at its end
        pane.query_one("#oauth-jwks").focus()
        text = await shown(pilot)
        assert "/.well-known/jwks.json" in text and "https://keys.payroll" not in text
        # AND leaving it shows the host again, not the end the cursor was at
        await pilot.press("end", "tab")
        assert "keys.payroll-cloud.example.com/…/.well-known/jwks.json" in await shown(pilot)


async def test_at_60x20_a_placeholder_wider_than_its_field_is_cut_with_an_ellipsis():
    app = oauth_host(JWT)
    async with app.run_test(size=(60, 20)) as pilot:
        app.query_one(OAuthPane).scroll_end(animate=False)
        text = await shown(pilot)
        # "valid until 2027-06-30, Enter" does not fit its half of the row: the cut says so
        assert "valid until 2027-06-30, E…" in text
        assert "add: key ID" in text  # what fits is whole


async def test_a_certificate_typed_under_a_hidden_row_does_not_hold_up_ok():
    # GIVEN a key ID typed, not added, and then client secret chosen (the row hides)
    app = oauth_host(JWT)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(OAuthPane)
        pane.query_one("#oauth-key-id").focus()
        await pilot.press(*"payroll-2027")
        assert pane.unapplied().startswith("OAuth: a certificate typed but not applied")
        pane.query_one("#oauth-method").focus()
        await pilot.press("left", "enter")
        assert "Key ID" not in await shown(pilot)
        # THEN OK is not refused over a field the admin cannot see
        assert pane.unapplied() == ""
        # AND back on private key JWT the typing is there, and counts again
        await pilot.press("right", "enter")
        assert pane.query_one("#oauth-key-id").value == "payroll-2027"  # type: ignore[attr-defined]
        assert pane.unapplied().startswith("OAuth: a certificate typed but not applied")
