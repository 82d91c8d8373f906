"""The field validators the model's parts share: one-line texts, notes, connector ids, URLs.

Each is an `Annotated` validator or a function pydantic calls; the messages
are the model's own (`errors.rule_error`). This module imports pydantic.
"""

from __future__ import annotations

from typing import Annotated, Any

import tomli_w
from pydantic import AfterValidator

from acwizard.model.errors import rule_error, shown_value
from acwizard.model.format import ID_MAX_LENGTH, ID_PATTERN, NOTES_MAX_LENGTH
from acwizard.model.urls import check_url
from acwizard.text import invisible_only, unsafe_character


def one_line_text(max_length: int) -> Any:
    """A validator for a required one-line text: trimmed, bounded, printable, visible."""

    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise rule_error("required_text", "must not be empty")
        problem = unsafe_character(value)
        if problem:
            raise rule_error("unsafe_text", problem)
        # After the unsafe check, so a lone U+200B is named as the character it is.
        problem = invisible_only(value)
        if problem:
            raise rule_error("invisible_text", problem)
        if len(value) > max_length:
            raise rule_error(
                "too_long",
                f"is {len(value)} characters long; the limit is {max_length}",
            )
        return value

    return AfterValidator(check)


def check_notes(value: str) -> str:
    """Notes may span lines but hold no control or bidirectional characters."""
    value = value.strip()
    problem = unsafe_character(value, allow_newlines=True)
    if problem:
        raise rule_error("unsafe_text", problem)
    if len(value) > NOTES_MAX_LENGTH:
        raise rule_error(
            "too_long", f"is {len(value)} characters long; the limit is {NOTES_MAX_LENGTH}"
        )
    return value


def check_connector_id(value: str) -> str:
    """A connector id: non-empty, safe characters only, bounded length."""
    if not value:
        raise rule_error("empty_id", "a connector id must not be empty")
    if len(value) > ID_MAX_LENGTH:
        raise rule_error("too_long", f"a connector id is at most {ID_MAX_LENGTH} characters long")
    if not ID_PATTERN.fullmatch(value):
        raise rule_error(
            "unsafe_id",
            f"{shown_value(value)} is not a valid connector id: use only letters, digits, "
            "'_', '.' and '-', starting with a letter or digit",
        )
    return value


ConnectorId = Annotated[str, AfterValidator(check_connector_id)]
"""The id of a GetConnector, UpdateConnector or special connector."""


def id_sort_key(value: str) -> tuple[str, str]:
    """Sort ids as people read them: ignoring case first, then by case."""
    return (value.casefold(), value)


def url_field(*, loopback_http: bool = False, public: bool = False) -> Any:
    """A validator for a URL field."""
    return AfterValidator(
        lambda value: check_url(value, loopback_http=loopback_http, public=public)
    )


def toml_value(value: Any) -> str:
    """A value as tomli-w writes it (lists one item per line)."""
    return tomli_w.dumps({"v": value})[len("v = ") : -1]
