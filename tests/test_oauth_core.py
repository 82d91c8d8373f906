"""The OAuth tab's core on its own: what it proposes, keeps pending, puts aside and gives back.

GIVEN an `OAuthEditing` on a connector's settings, WHEN the admin's choices and
typing reach it (as the OAuth pane sends them), THEN it proposes the whole
`[oauth]` table the editor would accept, or keeps an edit that is not a valid
whole yet as pending with the model's words; what a switch takes away comes back
on a switch back where it still fits. `accepted()` plays the editor and the
properties screen: what the core proposes becomes the connector's settings.
The pane's keys and looks are in test_oauth_pane.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from acwizard.cores.oauth import OAuthEditing
from acwizard.model import Certificate, OAuthSettings

JWT = OAuthSettings(
    client_type="confidential",
    flows=["client_credentials"],
    client_authentication="private_key_jwt",
    jwks_url="https://payroll.example.com/.well-known/jwks.json",
    certificates=[Certificate(key_id="payroll-2026", not_after=date(2027, 6, 30))],
)
SECRET = OAuthSettings(
    client_type="confidential",
    flows=["client_credentials"],
    client_authentication="client_secret",
)
REDIRECT = "https://payroll.example.com/callback"
JWT_BOTH_FLOWS = JWT.model_copy(
    update={"flows": ["client_credentials", "authorization_code"], "redirect_urls": [REDIRECT]}
)
SECRET_365 = SECRET.model_copy(
    update={
        "flows": ["client_credentials", "authorization_code"],
        "redirect_urls": [REDIRECT],
        "secret_validity_days": 365,
    }
)
PUBLIC_FROM_BOTH = {
    **JWT_BOTH_FLOWS.model_dump(),
    "client_type": "public",
    "flows": ["authorization_code"],
    "client_authentication": None,
    "jwks_url": None,
    "certificates": [],
    "dpop": True,
}


def editing(oauth: OAuthSettings | None, authentication: str = "oauth", version: int = 9):
    """The core of the OAuth tab of a connector with `oauth`."""
    return OAuthEditing(oauth, authentication, version)


def accepted(core: OAuthEditing, proposal: dict[str, Any] | None) -> dict[str, Any] | None:
    """The editor's part: a proposal becomes the connector's settings, shown again."""
    if proposal is not None:
        core.show(OAuthSettings.model_validate(proposal), core.authentication)
    return proposal


# -- proposing ------------------------------------------------------------------------------


def test_dpop_and_a_flow_propose_the_whole_table():
    core = editing(SECRET.model_copy(update={"redirect_urls": [REDIRECT]}))
    assert accepted(core, core.propose(dpop=True)) == {
        **SECRET.model_dump(),
        "redirect_urls": [REDIRECT],
        "dpop": True,
    }
    flows = ["client_credentials", "authorization_code"]
    assert accepted(core, core.propose(flows=flows))["flows"] == flows  # type: ignore[index]


def test_private_key_jwt_without_keys_is_pending_until_a_jwks_url():
    # GIVEN a client secret connector
    core = editing(SECRET)
    # WHEN the admin chooses private key JWT (no certificate, no JWKS URL yet)
    # THEN nothing is proposed; the model's words say what is missing
    assert core.choose_method(private_key_jwt=True) is None
    assert core.pending_problem == (
        "client_authentication: private_key_jwt needs certificates or a jwks_url to check "
        "the app's signature"
    )
    assert core.shown()["client_authentication"] == "private_key_jwt"  # on screen: pending
    # AND once a JWKS URL is entered, the whole table is proposed
    assert core.apply_jwks("https://app.example.com/jwks.json ") == {
        **SECRET.model_dump(),
        "client_authentication": "private_key_jwt",
        "jwks_url": "https://app.example.com/jwks.json",
    }
    assert core.pending_problem == ""


def test_dropping_a_pending_edit_shows_the_connectors_settings():
    core = editing(SECRET)
    core.choose_method(private_key_jwt=True)
    core.drop_pending()
    assert (core.pending, core.pending_problem) == (None, "")
    assert core.shown() == SECRET.model_dump()


def test_back_to_client_secret_drops_the_keys():
    core = editing(JWT)
    assert core.choose_method(private_key_jwt=False) == {
        **JWT.model_dump(),
        "client_authentication": "client_secret",
        "jwks_url": None,
        "certificates": [],
    }


def test_a_public_client_takes_what_profit_requires_once_it_has_a_redirect_url():
    core = editing(SECRET)
    assert core.choose_client_type(public=True) is None
    assert core.pending_problem == (
        "redirect_urls: the authorization_code flow needs at least one redirect URL"
    )
    assert core.add_redirect("http://127.0.0.1:8400/callback") == {
        **SECRET.model_dump(),
        "client_type": "public",
        "flows": ["authorization_code"],
        "client_authentication": None,
        "redirect_urls": ["http://127.0.0.1:8400/callback"],
        "dpop": True,
    }


def test_certificates_are_added_and_removed():
    core = editing(JWT)
    added = accepted(core, core.add_certificate(" payroll-2027 ", "2028-01-31"))
    assert added is not None and added["certificates"] == [
        {"key_id": "payroll-2026", "not_after": date(2027, 6, 30)},
        {"key_id": "payroll-2027", "not_after": date(2028, 1, 31)},
    ]
    removed = core.remove("certificates", 0)
    assert removed is not None
    assert removed["certificates"] == [{"key_id": "payroll-2027", "not_after": date(2028, 1, 31)}]
    assert editing(SECRET).remove("redirect_urls", 0) is None  # nothing to remove


def test_leaving_a_field_applies_it_only_when_it_means_something_else():
    core = editing(SECRET_365)
    assert not core.applies("validity", "365") and not core.applies("validity", "0365")
    assert core.applies("validity", "") and core.applies("validity", "180")
    jwt = editing(JWT)
    assert not jwt.applies("jwks_url", f" {JWT.jwks_url}")
    assert jwt.applies("jwks_url", "") and jwt.applies("jwks_url", "https://x.example.com/j")


# -- a switch and a switch back: nothing is lost ------------------------------------------


def test_public_and_back_to_confidential_gives_the_confidential_settings_back():
    # GIVEN a confidential private key JWT client with both flows and DPoP off
    core = editing(JWT_BOTH_FLOWS)
    # WHEN the admin chooses Public: what a public client cannot have goes
    assert accepted(core, core.choose_client_type(public=True)) == PUBLIC_FROM_BOTH
    # AND then Confidential again
    # THEN the flows, private key JWT with its JWKS URL and certificate, and DPoP off are back
    assert core.choose_client_type(public=False) == JWT_BOTH_FLOWS.model_dump()


def test_client_secret_and_back_to_private_key_jwt_gives_the_keys_back():
    core = editing(JWT)
    accepted(core, core.choose_method(private_key_jwt=False))
    assert core.choose_method(private_key_jwt=True) == JWT.model_dump()


def test_the_secret_validity_period_comes_back_after_a_round_through_public():
    # GIVEN a client secret with a validity period of 365 days
    core = editing(SECRET_365)
    # WHEN the admin goes Public and back to Confidential: the 365 days are back
    accepted(core, core.choose_client_type(public=True))
    assert accepted(core, core.choose_client_type(public=False)) == SECRET_365.model_dump()
    # AND the same after private key JWT (with a JWKS URL) and back to client secret
    assert core.choose_method(private_key_jwt=True) is None
    with_jwks = accepted(core, core.apply_jwks("https://payroll.example.com/jwks.json"))
    assert with_jwks is not None and with_jwks["secret_validity_days"] is None
    assert core.choose_method(private_key_jwt=False) == SECRET_365.model_dump()


def test_a_choice_that_no_longer_fits_does_not_come_back():
    # GIVEN client secret, both flows; private key JWT chosen without keys (pending), then Public
    start = SECRET_365.model_copy(update={"secret_validity_days": None})
    core = editing(start)
    assert core.choose_method(private_key_jwt=True) is None
    assert accepted(core, core.choose_client_type(public=True))["client_type"] == "public"  # type: ignore[index]
    # WHEN Confidential again: the flows come back, private key JWT without keys does not
    # (the model refuses it), so the client secret the connector had is back instead
    assert core.choose_client_type(public=False) == start.model_dump()
    assert core.pending_problem == ""


def test_a_switch_that_finds_a_setting_empty_keeps_what_was_put_aside_before():
    # GIVEN client secret with 365 days, switched to private key JWT (with a JWKS URL)
    core = editing(SECRET_365)
    core.choose_method(private_key_jwt=True)
    with_jwks = accepted(core, core.apply_jwks("https://payroll.example.com/jwks.json"))
    # WHEN Public (which finds no validity period to put aside) and Confidential again
    accepted(core, core.choose_client_type(public=True))
    assert accepted(core, core.choose_client_type(public=False)) == with_jwks
    # THEN client secret still gives the 365 days back
    assert core.choose_method(private_key_jwt=False) == SECRET_365.model_dump()


def test_what_came_back_and_was_then_removed_does_not_come_back_again():
    # GIVEN the keys came back once (client secret, then private key JWT again)
    core = editing(JWT)
    accepted(core, core.choose_method(private_key_jwt=False))
    assert accepted(core, core.choose_method(private_key_jwt=True)) == JWT.model_dump()
    # AND the admin then cleared the JWKS URL (the certificate stays)
    assert accepted(core, core.apply_jwks(""))["jwks_url"] is None  # type: ignore[index]
    # WHEN client secret and private key JWT again: the certificate comes back, the URL not
    accepted(core, core.choose_method(private_key_jwt=False))
    assert core.choose_method(private_key_jwt=True) == {**JWT.model_dump(), "jwks_url": None}


def test_a_method_comes_back_with_its_own_keys_only():
    # GIVEN private key JWT with both flows, switched to client secret, then Public
    core = editing(JWT_BOTH_FLOWS)
    accepted(core, core.choose_method(private_key_jwt=False))
    accepted(core, core.choose_client_type(public=True))
    # AND the redirect URL removed (pending: a public client needs one)
    assert core.remove("redirect_urls", 0) is None
    # WHEN Confidential again, and a new redirect URL
    assert core.choose_client_type(public=False) is None
    # THEN client secret is back with the flows, without private key JWT's keys
    assert core.add_redirect("https://payroll.example.com/v2/callback") == {
        **JWT_BOTH_FLOWS.model_dump(),
        "client_authentication": "client_secret",
        "redirect_urls": ["https://payroll.example.com/v2/callback"],
        "jwks_url": None,
        "certificates": [],
    }
    assert core.pending_problem == ""


# -- the model's words for what is typed ---------------------------------------------------


def test_each_field_says_the_models_rule():
    core = editing(JWT.model_copy(update={"redirect_urls": [REDIRECT]}))
    assert core.redirect_problem("http://app.example.com/cb").startswith(
        "must start with https:// (http only for a loopback address"
    )
    assert "holds a user name or password" in core.redirect_problem("https://u:p@a.example/cb")
    assert core.redirect_problem(REDIRECT) == "this redirect URL is listed twice"
    assert core.redirect_problem("https://app.example.com/cb") == ""
    assert "is not a valid key id" in core.key_id_problem("bad id")
    # Profit does not tell key IDs apart by case
    assert core.key_id_problem("PAYROLL-2026") == "key id 'PAYROLL-2026' is listed twice"
    assert core.key_id_problem("payroll-2027") == ""
    assert core.date_problem("2028-13-01") == "is not a date such as 2027-06-30 (year-month-day)"
    assert core.date_problem("2028-01-31") == ""
    assert core.jwks_problem("http://keys.example.com/jwks.json").startswith("must start with")
    secret = editing(SECRET)
    assert secret.validity_problem("0") == "must be from 1 to 3650 days, not 0"
    assert secret.validity_problem("x") == "is a whole number of days, such as 180"
    assert secret.validity_problem("365") == ""


def test_what_is_typed_and_not_applied_is_said_where_it_shows():
    core = editing(JWT)
    assert core.not_applied({"jwks_url": JWT.jwks_url or ""}) == ""  # as the field shows it
    assert core.not_applied({"jwks_url": ""}).startswith("OAuth: the JWKS URL typed but not")
    typed = {"key_id": "payroll-2027", "redirect_url": REDIRECT, "jwks_url": JWT.jwks_url or ""}
    assert core.not_applied(typed) == (
        "OAuth: a redirect URL, a certificate typed but not applied: press Enter in the field "
        "to apply it, or clear it."
    )
    # A certificate row hidden under client secret does not hold up OK; the JWKS URL neither
    core.choose_method(private_key_jwt=False)
    assert core.unapplied({"key_id": "payroll-2027", "jwks_url": "https://x.example/j"}) == ""
    # The validity period under client secret does
    assert core.unapplied({"validity": "365"}).startswith("the secret validity period typed")
    # A pending edit is said after what is typed
    pending = editing(SECRET)
    pending.choose_client_type(public=True)
    assert pending.not_applied({"redirect_url": REDIRECT}) == (
        "OAuth: a redirect URL typed but not applied: press Enter in the field to apply it, "
        "or clear it; then not applied yet: redirect_urls: the authorization_code flow needs "
        "at least one redirect URL. Finish the edit, or press u on the OAuth tab to drop it."
    )
    assert editing(None, "classic").not_applied({"redirect_url": REDIRECT}) == ""


def test_the_intro_says_the_type_and_what_the_profit_version_lacks():
    assert (
        editing(SECRET, "hybrid")
        .intro()
        .startswith("Hybrid: apps may still sign in with the classic token")
    )
    profit8 = editing(SECRET, version=8)
    assert profit8.intro().endswith("need Profit 9 (this workspace: 8).")
    assert profit8.choice_lacks("public") and profit8.choice_lacks("private_key_jwt")
    assert not editing(SECRET).choice_lacks("public")
