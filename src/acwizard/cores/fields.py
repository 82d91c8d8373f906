"""The fields of a connector as the editor holds them: which are typed, which are structured.

The General tab's text fields are held as typed, valid or not; every other field
(the lists, IP restrictions, authentication, OAuth, webhooks) changes only through
the model. Each field has the name its tab or label gives it, for the words an
undo says.
"""

from __future__ import annotations

from typing import Literal

from acwizard.model.format import LIST_FIELDS

__all__ = [
    "AUTHENTICATIONS",
    "FIELD_NAMES",
    "STRUCTURED_FIELDS",
    "TEXT_FIELDS",
    "Authentication",
    "TextField",
]

TextField = Literal["description", "user_group", "notes"]
TEXT_FIELDS: tuple[TextField, ...] = ("description", "user_group", "notes")
"""The General fields held as typed, valid or not."""
STRUCTURED_FIELDS = (
    *LIST_FIELDS,
    "ip_restrictions",
    "authentication",
    "oauth",
    "webhooks",
    "tokens",
)
"""What `propose` changes: only through the model, so it is always valid."""
Authentication = Literal["classic", "hybrid", "oauth"]
AUTHENTICATIONS: tuple[Authentication, ...] = ("classic", "hybrid", "oauth")
"""The authentication types, in Profit's order (from classic to OAuth)."""
FIELD_NAMES = {
    "get_connectors": "GetConnectors",
    "update_connectors": "UpdateConnectors",
    "connectors": "Connectors",
    "ip_restrictions": "IP restrictions",
    "authentication": "Authentication",
    "oauth": "OAuth",
    "webhooks": "Webhooks",
    "tokens": "User tokens",
    "blocked": "Blocked",
    "description": "Description",
    "user_group": "User group",
    "notes": "Notes",
}
"""Each field a step may change, named as its tab or label names it, in the order a step
is said (authentication before OAuth: a switch of authentication is said as that)."""
