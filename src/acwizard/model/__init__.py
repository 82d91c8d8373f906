"""The connector file's model: what a connector file holds and allows, one file per part.

- `format`: the key names, their order and the limits (no pydantic)
- `ip`: reading addresses and ranges, and which are not on the internet (no pydantic)
- `hosts`, `urls`: a URL's host as clients resolve it, and the URL rules (no pydantic)
- `fields`: the validators the parts share (one-line texts, ids, URL fields)
- `ip_restriction`, `oauth`, `webhooks`, `credentials`, `connector`: the pydantic models
  (`credentials`: the register of classic user tokens and client secrets, version 3)
- `protocol`: `ConnectorLike`, what readers need of a connector (the model or the
  fast path's plain connector)

`acwizard.model` re-exports the public names. The parts are imported on
first use of one of their names (PEP 562), so that `import acwizard.model.format`
(the fast path, the first paint) never loads pydantic or any other part; mypy
sees every name through the imports under TYPE_CHECKING.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from acwizard.model.format import (
    DESCRIPTION_MAX_LENGTH,
    FIELD_ORDER,
    ID_MAX_LENGTH,
    ID_PATTERN,
    LATEST_SCHEMA_VERSION,
    LIST_FIELDS,
    NOTES_MAX_LENGTH,
    SCHEMA_VERSION,
    SUPPORTS_IPV6,
    USER_GROUP_MAX_LENGTH,
    Access,
)

if TYPE_CHECKING:
    from acwizard.model.connector import AppConnector, errors_by_field, json_schema
    from acwizard.model.credentials import ClientSecret, UserToken
    from acwizard.model.fields import ConnectorId, check_connector_id, id_sort_key
    from acwizard.model.hosts import host_lookalike
    from acwizard.model.ip import IpNetwork, ip_text, parse_address, parse_ipv4
    from acwizard.model.ip_restriction import IpRestriction
    from acwizard.model.oauth import Certificate, OAuthSettings
    from acwizard.model.protocol import ConnectorLike, IpLineLike
    from acwizard.model.urls import check_jwks_url, check_redirect_url, check_url
    from acwizard.model.webhooks import Webhook

__all__ = [
    "DESCRIPTION_MAX_LENGTH",
    "FIELD_ORDER",
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "LATEST_SCHEMA_VERSION",
    "LIST_FIELDS",
    "NOTES_MAX_LENGTH",
    "SCHEMA_VERSION",
    "SUPPORTS_IPV6",
    "USER_GROUP_MAX_LENGTH",
    "Access",
    "AppConnector",
    "Certificate",
    "ClientSecret",
    "ConnectorId",
    "ConnectorLike",
    "IpLineLike",
    "IpNetwork",
    "IpRestriction",
    "OAuthSettings",
    "UserToken",
    "Webhook",
    "check_connector_id",
    "check_jwks_url",
    "check_redirect_url",
    "check_url",
    "errors_by_field",
    "host_lookalike",
    "id_sort_key",
    "ip_text",
    "json_schema",
    "parse_address",
    "parse_ipv4",
]

_LAZY = {
    "AppConnector": "connector",
    "errors_by_field": "connector",
    "json_schema": "connector",
    "ConnectorId": "fields",
    "check_connector_id": "fields",
    "id_sort_key": "fields",
    "IpRestriction": "ip_restriction",
    "Certificate": "oauth",
    "ClientSecret": "credentials",
    "UserToken": "credentials",
    "OAuthSettings": "oauth",
    "Webhook": "webhooks",
    "host_lookalike": "hosts",
    "IpNetwork": "ip",
    "ip_text": "ip",
    "parse_address": "ip",
    "parse_ipv4": "ip",
    "ConnectorLike": "protocol",
    "IpLineLike": "protocol",
    "check_jwks_url": "urls",
    "check_redirect_url": "urls",
    "check_url": "urls",
}
"""Each name of a part, and the part it comes from: imported on first use, so that
importing one part (the fast path's `format`) loads no other."""


def __getattr__(name: str) -> Any:
    """A part's name, imported on first use and kept (PEP 562)."""
    part = _LAZY.get(name)
    if part is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{part}"), name)
    globals()[name] = value
    return value
