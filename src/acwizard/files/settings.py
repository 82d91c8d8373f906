"""The workspace settings, `acwizard.toml`, read as hostile input.

Absent, the defaults hold (AFAS Online, the newest Profit acwizard knows).
Present, every key is checked and each problem is reported at its line; a verb
whose answer depends on the settings refuses to answer when they have an
error (`settings_refusal` says why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from acwizard.checking.secrets import not_said_twice, secret_problems
from acwizard.files.layout import SETTINGS_FILE
from acwizard.files.reading import problem_at
from acwizard.files.toml import parse_toml
from acwizard.files.urls_plan_settings import UrlsPlanSettings, read_urls_plan_settings
from acwizard.guard import HATCH_KEY
from acwizard.model.errors import shown_value
from acwizard.problems import Problem
from acwizard.text import visible
from acwizard.versions import NEWEST_PROFIT_VERSION, OLDEST_PROFIT_VERSION

_ENVIRONMENT_PATTERN = re.compile(r"[OTA][0-9]{5}[A-Z]{2}")


@dataclass(frozen=True)
class Settings:
    """The workspace settings from `acwizard.toml`."""

    environment: str | None = None
    """The Profit environment, such as O12345AA (O production, T test, A accept)."""
    online: bool = True
    """AFAS Online: IP restrictions exist only there."""
    profit_version: int = NEWEST_PROFIT_VERSION
    """The Profit version of the environment: which app-connector features exist."""
    urls_plan: UrlsPlanSettings = field(default_factory=UrlsPlanSettings)
    """What `urls` prints and what `plan --from` leaves alone (acwizard.files.urls_plan_settings)."""

    @property
    def environment_kind(self) -> str | None:
        """'production', 'test' or 'accept', from the environment id's first letter."""
        if not self.environment:
            return None
        return {"O": "production", "T": "test", "A": "accept"}.get(self.environment[0])


def load_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """The workspace's settings; defaults when `acwizard.toml` is absent."""
    path = root / SETTINGS_FILE
    if not path.exists() and not path.is_symlink():
        return Settings(), []
    document = parse_toml(path)
    if document.data is None:
        return Settings(), document.problems
    guarded = secret_problems(path, document.data, document.positions)
    problems: list[Problem] = []
    data = dict(document.data)
    data.pop(HATCH_KEY, None)  # the guard's hatch: checked with the values it confirms
    environment = data.pop("environment", None)
    online = data.pop("online", True)
    profit_version = data.pop("profit_version", NEWEST_PROFIT_VERSION)
    line_of = document.positions.line_of
    if environment is not None and not (
        isinstance(environment, str) and _ENVIRONMENT_PATTERN.fullmatch(environment)
    ):
        problems.append(
            problem_at(
                path,
                line_of(("environment",)),
                "environment: must be an environment id such as O12345AA "
                "(O production, T test, A accept)",
            )
        )
        environment = None
    if not isinstance(online, bool):
        problems.append(
            problem_at(path, line_of(("online",)), "online: must be true or false (without quotes)")
        )
        online = True
    if type(profit_version) is not int or profit_version < OLDEST_PROFIT_VERSION:
        problems.append(
            problem_at(
                path,
                line_of(("profit_version",)),
                f"profit_version: must be a whole number from {OLDEST_PROFIT_VERSION} to "
                f"{NEWEST_PROFIT_VERSION}, such as profit_version = {NEWEST_PROFIT_VERSION}",
            )
        )
        profit_version = NEWEST_PROFIT_VERSION
    elif profit_version > NEWEST_PROFIT_VERSION:
        problems.append(
            Problem(
                path,
                line_of(("profit_version",)),
                "warning",
                f"profit_version: acwizard knows Profit up to {NEWEST_PROFIT_VERSION}; "
                f"Profit {profit_version} is checked as {NEWEST_PROFIT_VERSION}",
            )
        )
        profit_version = NEWEST_PROFIT_VERSION
    urls_plan, urls_plan_problems = read_urls_plan_settings(path, data, line_of)
    problems += urls_plan_problems
    for key in data:
        problems.append(
            problem_at(path, line_of((key,)), f"unknown key {shown_value(key, limit=60)}")
        )
    problems += not_said_twice(guarded, problems)
    return (
        Settings(
            environment=environment,
            online=online,
            profit_version=profit_version,
            urls_plan=urls_plan,
        ),
        problems,
    )


def settings_refusal(errors: list[Problem]) -> str:
    """Why a verb whose answer depends on `acwizard.toml` and `catalog.toml` gives none:
    `errors` are theirs. Answering with the defaults (AFAS Online, the newest Profit, the
    built-in catalog) would pass what validate fails."""
    names = sorted({problem.path.name for problem in errors})
    files = " and ".join(visible(name, 60) for name in names)
    return (
        f"{files} {'has' if len(names) == 1 else 'have'} errors, and the answer depends "
        f"on {'it' if len(names) == 1 else 'them'}: fix them first (acwizard validate)"
    )
