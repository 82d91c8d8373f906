"""A new app connector, as AFAS sets up new integrations: blocked, OAuth with a client secret.

The one place of these defaults: the New wizard makes a connector with them, and
the editor gives a classic-token connector switched to hybrid or OAuth the same
settings (unless it put its own aside earlier in the session).
"""

from __future__ import annotations

from acwizard.model import AppConnector, OAuthSettings
from acwizard.versions import missing

__all__ = ["new_connector", "new_oauth_settings"]


def new_oauth_settings() -> OAuthSettings:
    """The OAuth settings AFAS gives new integrations: a confidential client with client
    credentials and a client secret (a private key JWT needs a certificate the wizard does
    not ask for). The one place of these defaults: the wizard and the editor use them."""
    return OAuthSettings(
        client_type="confidential",
        flows=["client_credentials"],
        client_authentication="client_secret",
    )


def new_connector(description: str, user_group: str, profit_version: int) -> AppConnector:
    """A new connector as AFAS sets up new integrations: blocked, schema_version 2, OAuth
    with `new_oauth_settings`. A Profit without OAuth gets a classic-token connector."""
    if missing("oauth", profit_version):
        return AppConnector(schema_version=2, description=description, user_group=user_group)
    return AppConnector(
        schema_version=2,
        description=description,
        user_group=user_group,
        authentication="oauth",
        oauth=new_oauth_settings(),
    )
