"""The look of the Profit 8 and 9 panes and dialogs on their own, at 80x24 and 60x20.

Each pane is hosted in the room a properties tab gives it (tests/pane_host.py).
Update after an intended change with
`pytest tests/test_snapshots_profit8.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from datetime import date

import pytest
from pane_host import PaneHost

from acwizard.model import Certificate, OAuthSettings, Webhook
from acwizard.widgets.oauth_pane import OAuthPane
from acwizard.widgets.webhooks_pane import WebhooksPane

SIZES = {"wide": (80, 24), "narrow": (60, 20)}

OAUTH = OAuthSettings(
    client_type="confidential",
    flows=["client_credentials", "authorization_code"],
    client_authentication="private_key_jwt",
    redirect_urls=["https://payroll.example.com/callback"],
    jwks_url="https://payroll.example.com/.well-known/jwks.json",
    certificates=[Certificate(key_id="payroll-2026", not_after=date(2027, 6, 30))],
)
WEBHOOKS = [
    Webhook(description="Dossier changes", url="https://hooks.example.com/afas"),
    Webhook(
        description="Workflow tasks", url="https://flow.example.org/profit/tasks", blocked=True
    ),
]


def oauth_app(oauth: OAuthSettings | None = OAUTH, authentication: str = "oauth") -> PaneHost:
    return PaneHost(lambda: OAuthPane(oauth, authentication, 9, id="oauth-pane"))


def webhooks_app() -> PaneHost:
    return PaneHost(lambda: WebhooksPane(WEBHOOKS, id="webhooks-pane"))


@pytest.mark.parametrize("size", SIZES)
class TestOAuthPane:
    def test_private_key_jwt(self, snap_compare, size):
        assert snap_compare(oauth_app(), terminal_size=SIZES[size])

    def test_scrolled_to_the_certificates(self, snap_compare, size):
        """Tab by Tab to DPoP: the pane scrolls with the focus."""
        assert snap_compare(oauth_app(), press=["tab"] * 9, terminal_size=SIZES[size])

    def test_classic_token(self, snap_compare, size):
        assert snap_compare(oauth_app(None, "classic"), terminal_size=SIZES[size])

    def test_not_applied_yet(self, snap_compare, size):
        """Public chosen without a redirect URL: the model's words, and u to undo."""
        secret = OAuthSettings(
            client_type="confidential",
            flows=["client_credentials"],
            client_authentication="client_secret",
        )
        assert snap_compare(oauth_app(secret), press=["right", "enter"], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
class TestWebhooks:
    def test_pane(self, snap_compare, size):
        assert snap_compare(webhooks_app(), terminal_size=SIZES[size])

    def test_dialog_with_an_error(self, snap_compare, size):
        assert snap_compare(
            webhooks_app(),
            press=["down", "enter", "tab", "ctrl+u", *"http://10.0.0.1/hook"],
            terminal_size=SIZES[size],
        )

    def test_remove_question(self, snap_compare, size):
        assert snap_compare(webhooks_app(), press=["d"], terminal_size=SIZES[size])
