"""Which connectors and user groups exist: the built-in catalog plus the environment's own.

The built-in catalog (`builtin_catalog.toml`, shipped in the package) holds the
standard UpdateConnectors AFAS publishes and the special connectors.
GetConnectors and user groups are made per environment, so a workspace's
`catalog.toml` adds them, and may override any built-in description.
Catalogs are often incomplete, so an id missing from the catalog is a warning,
never an error.

A user group may also list its members, the Profit users in it, so that audit can
tell a token holder who is not in the group and a group of more than one user:

    [user_groups]
    "Payroll Sync" = "System users of the payroll synchronisation"
    "BI Export" = { description = "Reporting", members = ["SYS_BI"] }

The short form stays valid and means "members not recorded"; `members = []` means
the group has none. Both are read as hostile input (`_group_entry`).

Case: each id and user group has one spelling, the catalog's. `find` matches
ignoring case and returns that spelling; `correct_spelling` tells when a
connector file spells a known id differently, which the rules report as a
"did you mean" warning. So that the spelling is well defined, a catalog may not
list one id twice in different case, and `catalog.toml` may not respell an id
of the built-in catalog. This module never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from acwizard.checking.secrets import secret_problems
from acwizard.files.layout import CATALOG_FILE
from acwizard.files.quicktoml import parse as parse_toml  # tomllib for all but plain TOML
from acwizard.files.reading import MAX_CATALOG_BYTES
from acwizard.guard import HATCH_KEY, REDACTED, secret_kind
from acwizard.model.format import ID_PATTERN, USER_MAX_LENGTH
from acwizard.problems import PROBLEMS_PER_FILE, Problem, Severity, more_problems
from acwizard.text import invisible_only, unsafe_character, visible

BUILTIN_CATALOG = Path(__file__).with_name("builtin_catalog.toml")
"""The catalog shipped with acwizard."""

SECTIONS = ("get_connectors", "update_connectors", "connectors", "user_groups")
"""The tables of a catalog file, in the order of Profit's tabs."""
GROUP_KEYS = ("description", "members")
"""The keys of a user group written as a table."""
MEMBERS_MAX = 1000
"""Most members listed for one user group: an app's group holds a system user or two."""


@dataclass
class Catalog:
    """For each section, a mapping of id (or user group name) to its description."""

    entries: dict[str, dict[str, str]] = field(
        default_factory=lambda: {section: {} for section in SECTIONS}
    )
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The members of each user group that lists them, by the group's spelling."""
    _folded: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def section(self, name: str) -> dict[str, str]:
        """The entries of one section."""
        return self.entries[name]

    def find(self, section: str, key: str) -> str | None:
        """The catalog's spelling of `key`, matching case-insensitively; None if absent."""
        entries = self.entries[section]
        if key in entries:
            return key
        folded = self._folded.get(section)
        if folded is None:
            folded = {name.casefold(): name for name in entries}
            self._folded[section] = folded
        return folded.get(key.casefold())

    def correct_spelling(self, section: str, key: str) -> str | None:
        """The catalog's spelling when `key` matches an entry only if case is ignored, else None.

        None both when `key` is spelled exactly as in the catalog and when the
        catalog does not have it at all.
        """
        found = self.find(section, key)
        return None if found is None or found == key else found

    def describe(self, section: str, key: str) -> str | None:
        """The description of `key` in `section`, or None when it is not in the catalog."""
        found = self.find(section, key)
        return None if found is None else self.entries[section][found]

    def members_of(self, group: str) -> tuple[str, ...] | None:
        """The members the catalog lists for `group` (any case), or None: not recorded."""
        found = self.find("user_groups", group)
        return None if found is None else self.members.get(found)

    def merge(self, other: Catalog) -> None:
        """Add `other`'s entries, its descriptions and members winning over ours; our
        spelling wins."""
        for section in SECTIONS:
            for key, description in other.entries[section].items():
                spelled = self.find(section, key) or key
                self.entries[section][spelled] = description
                if section == "user_groups" and key in other.members:
                    self.members[spelled] = other.members[key]
            self._folded.clear()


@cache
def _builtin_spellings() -> dict[str, dict[str, str]]:
    """For each section of the built-in catalog, its ids by their case-folded form."""
    builtin, _ = read_catalog_file(BUILTIN_CATALOG)
    return {
        section: {key.casefold(): key for key in builtin.entries[section]} for section in SECTIONS
    }


class _Found:
    """A catalog file's problems: the first `PROBLEMS_PER_FILE` placed at their lines, the
    rest only counted (a 32 MB catalog of bad entries took 67 s and 1.4 GB to report)."""

    def __init__(self, path: Path, line_of: Callable[[tuple[str | int, ...]], int]) -> None:
        self.path = path
        self.line_of = line_of
        self.problems: list[Problem] = []
        self.hidden = {"error": 0, "warning": 0}
        self.members: dict[str, tuple[str, ...]] = {}
        """The members of the groups read so far (see `Catalog.members`)."""

    def add(
        self, key: tuple[str | int, ...], severity: Severity, message: Callable[[], str]
    ) -> None:
        """One problem at `key`'s line; its message is made only when it is listed."""
        if len(self.problems) >= PROBLEMS_PER_FILE:
            self.hidden[severity] += 1
        else:
            self.problems.append(Problem(self.path, self.line_of(key), severity, message()))

    def add_problem(self, problem: Problem) -> None:
        """A problem found elsewhere (the secret guard), counted as `add` counts."""
        if len(self.problems) >= PROBLEMS_PER_FILE:
            self.hidden[problem.severity] += 1
        else:
            self.problems.append(problem)

    def listed(self) -> list[Problem]:
        """The problems, with one that counts those left out."""
        errors, warnings = self.hidden["error"], self.hidden["warning"]
        if errors or warnings:
            line = max(problem.line for problem in self.problems)
            return [*self.problems, more_problems(self.path, line, errors, warnings)]
        return self.problems


def read_catalog_file(path: Path) -> tuple[Catalog, list[Problem]]:
    """Read one catalog file; bad entries are skipped and reported at their line."""
    builtin = {} if path == BUILTIN_CATALOG else _builtin_spellings()
    catalog = Catalog()
    document = parse_toml(path, MAX_CATALOG_BYTES)
    if document.data is None:
        return catalog, document.problems
    found = _Found(path, document.positions.line_of)
    if path != BUILTIN_CATALOG:  # ours, in the package: nothing pasted there
        for problem in secret_problems(path, document.data, document.positions):
            found.add_problem(problem)
    spellings: dict[str, dict[str, str]] = {}  # per section, the ids so far by folded form
    for section, table in document.data.items():
        if section == HATCH_KEY:  # the guard's hatch: checked above
            continue
        if section not in SECTIONS:
            found.add((section,), "error", partial(_unknown_table, section))
            continue
        if not isinstance(table, dict):
            found.add((section,), "error", partial("{}: must be a table".format, section))
            continue
        folded = spellings.setdefault(section, {})
        _read_section(found, catalog.entries[section], section, table, folded, builtin)
    catalog.members = found.members
    return catalog, found.listed()


def _unknown_table(section: str) -> str:
    """What a table a catalog does not have is told."""
    return f"unknown table {_shown(section, quoted=True)}; a catalog has " + ", ".join(
        f"[{name}]" for name in SECTIONS
    )


def _read_section(
    found: _Found,
    entries: dict[str, str],
    section: str,
    table: dict[str, object],
    folded: dict[str, str],
    builtin: dict[str, dict[str, str]],
) -> None:
    """Add a table's entries to `entries`, saying why any is skipped; warn of a respelled
    built-in id. One call per table, not per entry: a catalog holds tens of thousands."""
    official_spellings = builtin.get(section, {})
    for key, description in table.items():
        members: tuple[str, ...] | None = None
        if section == "user_groups" and isinstance(description, dict):
            group = _group_entry(found, key, description)
            if group is None:
                continue
            description, members = group
        reason = _entry_problem(section, key, description)
        if reason:
            found.add((section, key), "error", partial("{}.{}".format, section, reason))
            continue
        twin = folded.get(key.casefold())
        if twin is not None:
            found.add((section, key), "error", partial(_listed_twice, section, key, twin))
            continue
        official = official_spellings.get(key.casefold())
        if official is not None and official != key:
            found.add((section, key), "warning", partial(_respelled, section, key, official))
        entries[key] = str(description)
        folded[key.casefold()] = key
        if members is not None:
            found.members[key] = members


def _group_entry(
    found: _Found, key: str, table: dict[str, object]
) -> tuple[str, tuple[str, ...]] | None:
    """A user group written as a table: its description and members, or None when the
    entry is unusable (each reason an error at its line).

    Members are Profit user ids as the User tokens tab shows a token's user: one line,
    visible, not padded, listed once ignoring case, at most MEMBERS_MAX.
    """
    where = ("user_groups", key)
    name = _shown(key)
    unknown = [item for item in table if item not in GROUP_KEYS]
    for item in unknown:
        found.add(
            (*where, item),
            "error",
            partial(
                "user_groups.{}: unknown key {}; a user group has description and members".format,
                name,
                _shown(item, quoted=True),
            ),
        )
    description = table.get("description", "")
    members = table.get("members", [])
    problem = None
    if not isinstance(description, str):
        problem = ("description",), "the description must be a text in double quotes"
    elif not isinstance(members, list):
        problem = ("members",), 'members must be a list of user ids, such as ["SYS_PAYROLL"]'
    elif len(members) > MEMBERS_MAX:
        problem = ("members",), f"lists {len(members):,} members; the limit is {MEMBERS_MAX:,}"
    if problem is not None:
        found.add(
            (*where, *problem[0]), "error", partial("user_groups.{}: {}".format, name, problem[1])
        )
        return None
    checked = _members(found, where, name, members) if isinstance(members, list) else None
    if unknown or checked is None or not isinstance(description, str):
        return None
    return description, checked


def _members(
    found: _Found, where: tuple[str, ...], name: str, members: list[object]
) -> tuple[str, ...] | None:
    """The members of a group as written, or None when one is unusable (said at its line)."""
    seen: set[str] = set()
    good = True
    for index, member in enumerate(members):
        reason = None
        if not isinstance(member, str):
            reason = "must be a user id in double quotes"
        elif not member or member.strip() != member:
            reason = "is empty or padded"
        elif len(member) > USER_MAX_LENGTH:
            reason = f"is {len(member)} characters long; the limit is {USER_MAX_LENGTH}"
        else:
            reason = unsafe_character(member) or invisible_only(member)
            if reason is None and member.casefold() in seen:
                reason = "is listed twice"
        if reason is not None:
            good = False
            message = partial("user_groups.{}.members[{}]: {}".format, name, index, reason)
            found.add((*where, "members", index), "error", message)
        elif isinstance(member, str):
            seen.add(member.casefold())
    return tuple(item for item in members if isinstance(item, str)) if good else None


def _shown(key: str, quoted: bool = False) -> str:
    """A catalog key as messages name it: made visible, or `[secret removed]` when the
    secret guard recognises it (it says so at the key's line itself)."""
    if secret_kind(key):
        return REDACTED
    shown = visible(key, 60)
    return f"'{shown}'" if quoted else shown


def _listed_twice(section: str, key: str, twin: str) -> str:
    """What an id listed again in another case is told."""
    return (
        f"{section}.{_shown(key, quoted=True)}: also listed as {_shown(twin, quoted=True)}; "
        "an id has one spelling, so list it once"
    )


def _respelled(section: str, key: str, official: str) -> str:
    """What an id the built-in catalog spells otherwise is told."""
    return (
        f"{section}.{_shown(key)}: the built-in catalog spells it "
        f"'{official}'; connector files must use that spelling"
    )


def _entry_problem(section: str, key: str, description: object) -> str | None:
    """Why one catalog entry is unusable, or None."""
    shown = _shown(key)
    if section == "user_groups":
        reason = unsafe_character(key) if key.strip() == key and key else "is empty or padded"
        reason = reason or invisible_only(key)
        if reason:
            return f"'{shown}': the user group name {reason}"
    elif not ID_PATTERN.fullmatch(key):
        return f"'{shown}': not a valid connector id (letters, digits, '_', '.', '-')"
    if not isinstance(description, str):
        return f"{shown}: the description must be a text in double quotes"
    reason = unsafe_character(description)
    if reason:
        return f"{shown}: the description {reason}"
    return None


def load_catalog(root: Path | None) -> tuple[Catalog, list[Problem]]:
    """The built-in catalog merged with the workspace's `catalog.toml`, if any."""
    catalog, problems = read_catalog_file(BUILTIN_CATALOG)
    if root is not None:
        path = root / CATALOG_FILE
        if path.exists() or path.is_symlink():
            own, own_problems = read_catalog_file(path)
            catalog.merge(own)
            problems += own_problems
    return catalog, problems
