"""What a plan is made of: steps in Profit's words, a section per connector, the plan.

A step is a sentence frame from `acwizard.profit.labels.TEXTS` and what fills its
`{}`: a `Label` (another entry of the table, so it follows `--lang`), a `Value`
(user text: a description, an id, an address, a URL, which renderers make inert) or
`Many` values.
Steps are data, never text, so one plan renders in English or Dutch, as text,
Markdown or JSON. This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from acwizard.problems import Problem

ValueKind = Literal["text", "message", "id", "url", "address", "date", "number"]
SectionKind = Literal["user_group", "created", "changed", "deleted", "invalid"]
PlanMode = Literal["revisions", "workspaces"]


@dataclass(frozen=True, slots=True)
class Label:
    """A word of Profit's screens, by its key in the labels table."""

    key: str


@dataclass(frozen=True, slots=True)
class Value:
    """User text a step names: shown exactly, never interpreted."""

    text: str
    kind: ValueKind = "text"
    """`text`: user text, shown in quotes; `message`: a sentence of acwizard's about user
    text (a finding), shown as it is; the others: shown exactly (code spans in Markdown)."""


@dataclass(frozen=True, slots=True)
class Many:
    """Several values in one place of a frame (`Vink aan: A, B, C.`), each shown as a value."""

    values: tuple[Value, ...]


Arg = Label | Value | Many


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to do (or, with `note`, to know), in the words of `frame`."""

    frame: str
    args: tuple[Arg, ...] = ()
    level: int = 0
    """0: a step of its own; 1: part of the step before it (New, tick, Finish)."""
    note: bool = False
    """A remark, not a step: rendered without a check box."""


def step(frame: str, *args: Arg, level: int = 0) -> Step:
    """A step."""
    return Step(frame, tuple(args), level)


def note(frame: str, *args: Arg, level: int = 1) -> Step:
    """A remark under the step before it."""
    return Step(frame, tuple(args), level, note=True)


def go_to_tab(tab: str) -> Step:
    """`Go to the tab: {tab}.`"""
    return step("go_to_tab", Label(tab))


def click(button: str, level: int = 0) -> Step:
    """`Click on: {button}.`"""
    return step("click", Label(button), level=level)


@dataclass
class Section:
    """The steps for one user group or one connector."""

    kind: SectionKind
    title: Step
    connector_id: str | None
    steps: list[Step] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    """The access changes in diff's words (English): what the steps achieve."""


@dataclass
class Plan:
    """Every section, in the order an admin works through them."""

    before: str
    after: str
    environment: str | None
    """The environment the clicks are made in, when the workspace names it."""
    mode: PlanMode = "revisions"
    """Between two states of one workspace, or from one workspace (`after`) to another."""
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Files that could not be read or do not validate, as diff reports them."""
