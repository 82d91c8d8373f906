"""A webhook being added or edited: the model's words for its fields, as they are typed.

The description is checked by the model's own field validators; the URL by the
model's URL rule for a public URL (https, reachable from the internet: Profit
calls it), then by the connector's rule for its list of webhooks (no two share a
URL), asked of a connector holding only that list. A URL refused only by the list
is said at the URL field, before the form closes on a list the model refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from acwizard.cores.checks import field_check, message_of
from acwizard.model import AppConnector, Webhook, check_url
from acwizard.problems import first_error

__all__ = ["WebhookRules"]

LIST_ONLY: dict[str, Any] = {"schema_version": 2, "description": "-", "user_group": "-"}
"""The least a connector holds, to ask the model's rule for its list of webhooks."""
DESCRIPTION_CHECK = field_check(Webhook, "description")
"""The model's rule for a webhook's description on its own."""


class WebhookRules:
    """The rules of one webhook among the connector's `others`."""

    def __init__(self, others: Sequence[Webhook] = ()) -> None:
        self.others = list(others)
        """The connector's other webhooks: a URL one of them has is refused at the field."""

    @staticmethod
    def description_problem(text: str) -> str:
        """The model's rule for a webhook's description."""
        return message_of(DESCRIPTION_CHECK, text)

    def url_problem(self, text: str) -> str:
        """The model's rules for the URL: https and public, and not another webhook's."""
        problem = message_of(lambda value: check_url(value, public=True), text)
        if problem:
            return problem
        webhooks = [other.model_dump() for other in self.others]
        webhooks.append({"description": "-", "url": text, "blocked": False})
        try:
            # The list rule is the connector's: asked of a connector holding only the list.
            AppConnector.model_validate({**LIST_ONLY, "webhooks": webhooks})
        except ValidationError as exc:
            errors = [error for error in exc.errors() if error["loc"][:1] == ("webhooks",)]
            if errors:
                return first_error(errors)[1]
        return ""

    @staticmethod
    def webhook(data: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
        """The webhook `data` describes, as plain data, or None and `field: what is wrong`."""
        try:
            return Webhook.model_validate(data).model_dump(), ""
        except ValidationError as exc:
            field, text = first_error(exc.errors())
            return None, f"{field or 'webhook'}: {text}"
