"""What the rules, the list and the audit read of a connector: one Protocol that both the
pydantic model (`AppConnector`) and the fast path's `PlainConnector` satisfy.

The fast path builds connectors without pydantic; mypy checks here that it
offers every attribute the readers use, with the model's types, so neither
can drift from the other unseen. Everything is read-only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from acwizard.model.ip import IpNetwork
    from acwizard.model.oauth import OAuthSettings
    from acwizard.model.webhooks import Webhook

__all__ = ["ConnectorLike", "IpLineLike", "TokenLike"]


class IpLineLike(Protocol):
    """One IP restriction line, as `model.IpRestriction` answers of it."""

    @property
    def address(self) -> str: ...

    @property
    def subnet_mask(self) -> str | None: ...

    @property
    def access(self) -> str: ...

    @property
    def range(self) -> IpNetwork:
        """The addresses the line covers (a /32 or /128 for one address)."""
        ...

    @property
    def network(self) -> IpNetwork | None:
        """The range, or None for a single address, however written."""
        ...

    @property
    def prefix_length(self) -> int: ...

    @property
    def is_v2_only(self) -> bool: ...

    def sort_key(self) -> tuple[int, int, int, str]: ...

    def summary(self) -> str:
        """`192.168.10.0/24` or `203.0.113.7`."""
        ...


class TokenLike(Protocol):
    """One classic user token of the register, as `model.UserToken` answers of it."""

    @property
    def user(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def issued(self) -> date | None: ...

    @property
    def expires(self) -> date | None: ...

    @property
    def last_used(self) -> date | None: ...


class ConnectorLike(Protocol):
    """A valid connector as the rules, the list, the audit and the cache read it."""

    @property
    def schema_version(self) -> int: ...

    @property
    def description(self) -> str: ...

    @property
    def user_group(self) -> str: ...

    @property
    def blocked(self) -> bool: ...

    @property
    def authentication(self) -> str: ...

    @property
    def notes(self) -> str: ...

    @property
    def not_secret(self) -> Sequence[str]:
        """The fields a reviewer confirmed hold no secret (the secret guard's hatch)."""
        ...

    @property
    def get_connectors(self) -> Sequence[str]: ...

    @property
    def update_connectors(self) -> Sequence[str]: ...

    @property
    def connectors(self) -> Sequence[str]: ...

    @property
    def ip_restrictions(self) -> Sequence[IpLineLike]: ...

    @property
    def tokens(self) -> Sequence[TokenLike] | None:
        """The classic user tokens recorded (None: not recorded; empty: none)."""
        ...

    @property
    def oauth(self) -> OAuthSettings | None: ...

    @property
    def webhooks(self) -> Sequence[Webhook]: ...

    @property
    def access_mode(self) -> str | None: ...

    def ip_summary(self) -> str:
        """`allow 192.168.10.0/24 +1`, or `none`."""
        ...

    def authentication_summary(self) -> str:
        """`OAuth, client credentials, private key JWT`."""
        ...
