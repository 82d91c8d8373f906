"""One `[[webhooks]]` table: where Profit posts, and whether it does.

The webhook's password signs the messages: it never goes into a file, so it has
no key. The URL must be https and public (`urls.check_url(public=True)`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from acwizard.model.fields import one_line_text, toml_value, url_field
from acwizard.model.format import DESCRIPTION_MAX_LENGTH, WEBHOOK_FIELD_ORDER

__all__ = ["Webhook"]


class Webhook(BaseModel):
    """One line of the Webhooks tab. Its password signs the messages: it has no key here."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    description: Annotated[str, one_line_text(DESCRIPTION_MAX_LENGTH)] = Field(
        description="What the webhook is for, as the Webhooks tab shows it."
    )
    url: Annotated[str, url_field(public=True)] = Field(
        description="Where Profit posts: https and publicly reachable."
    )
    blocked: bool = Field(default=False, description="A blocked webhook receives nothing.")

    def to_toml(self) -> str:
        """The `[[webhooks]]` table's lines."""
        return "".join(
            f"{name} = {toml_value(getattr(self, name))}\n" for name in WEBHOOK_FIELD_ORDER
        )
