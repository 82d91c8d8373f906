"""What the list knows of each connector file: its typed row, its problems, its status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from acwizard.checking.cache import ROW_CELL_NAMES, ROW_CELLS, list_entry
from acwizard.problems import Problem, has_errors
from acwizard.rules.credentials import ExpiryMark, expiry_mark
from acwizard.workspace import ConnectorFile, QuickRow, Workspace

if TYPE_CHECKING:
    from acwizard.cores.verified import VerifyMark
    from acwizard.model import AppConnector

Status = Literal["active", "blocked", "invalid", "unchecked"]
Kind = Literal["start", "back", "reload"]
"""Why the list reads the workspace: its first read, back from a screen, or `r`."""
Stamp = tuple[int, int, int, int]
"""A file's lstat as the list compares it: modification and change times, size, inode."""

RACY_NS = 2_000_000_000
"""A file changed less than this long (ns) before its stamp was taken may change again
within the same tick of a coarse file-system clock, leaving the stamp as it was: such a
file is compared by its bytes the next time (as git does with "racily clean" entries)."""


def clock_today() -> date:
    """The day the list judges expiries at (tests fix it, as the editor's)."""
    return date.today()


class ListRow(NamedTuple):
    """What the list shows of a valid connector (validate remembers it as the strings of
    `checking.cache.ROW_CELL_NAMES`, in that order)."""

    description: str
    user_group: str
    blocked: bool
    authentication: str
    """classic, hybrid or oauth; '…' while a first look could not tell."""
    get_connectors: int
    update_connectors: int
    connectors: int
    ip: str
    """How many IP lines and their access ('2 allowed'), or 'none'."""
    granted: str = ""
    """Every granted id, separated by tabs: what the filter searches besides the cells."""
    earliest_end: date | None = None
    """The first day a token, client secret or certificate of its register ends
    (`rules.earliest_end`); the list marks the row with `rules.expiry_mark` of it."""

    @classmethod
    def of(cls, connector: AppConnector) -> ListRow:
        """The row of a valid connector: the cells validate remembers, typed."""
        row = cls.from_cells(list_entry(connector))
        assert row is not None  # list_entry writes what from_cells reads
        return row

    @classmethod
    def from_cells(cls, cells: Sequence[object]) -> ListRow | None:
        """A row from `checking.cache.list_entry`'s strings (named by `ROW_CELL_NAMES`), or
        None when they are damaged."""
        if len(cells) != ROW_CELLS or not all(isinstance(cell, str) for cell in cells):
            return None
        named = dict(zip(ROW_CELL_NAMES, (str(cell) for cell in cells), strict=True))
        counts = [named[name] for name in ("get_connectors", "update_connectors", "connectors")]
        if named["state"] not in ("Active", "Blocked") or not all(
            count.isascii() and count.isdigit() for count in counts
        ):
            return None
        end = named["earliest_end"]
        try:
            earliest = date.fromisoformat(end) if end else None
        except ValueError:
            return None
        get, update, special = (int(count) for count in counts)
        return cls(
            named["description"],
            named["user_group"],
            named["state"] == "Blocked",
            named["authentication"],
            get,
            update,
            special,
            named["ip"],
            named["granted"],
            earliest,
        )

    def expiry(self, today: date) -> ExpiryMark | None:
        """'expired' or 'expiring' (within the window) on `today`, else None."""
        return expiry_mark(self.earliest_end, today)

    @classmethod
    def quick(cls, row: QuickRow) -> ListRow:
        """The row of a file read with tomllib alone, before it is validated."""
        lines = f"{row.ip_lines} {row.ip_access}".strip() if row.ip_lines else "none"
        return cls(
            row.description,
            row.user_group,
            bool(row.blocked),
            row.authentication,
            *row.counts,
            lines,
        )

    @property
    def state(self) -> str:
        """'Blocked' or 'Active', as the Status column says."""
        return "Blocked" if self.blocked else "Active"


@dataclass
class ListedFile:
    """One connector file as the list knows it."""

    path: Path
    row: ListRow | None
    """Its connector's row; None when the file holds no valid connector."""
    own_problems: list[Problem]
    """Its problems by itself: syntax, model, settings, catalog."""
    duplicates: list[Problem] = field(default_factory=list)
    """Warnings that another file's description reads the same (they depend on the others)."""
    checked: bool = True
    """False for the first paint's read with tomllib alone: the status is not known yet."""
    loaded: ConnectorFile | None = None
    """The file as loaded once opened (the list keeps rows, not whole files: loading one
    on opening takes a millisecond, keeping 5,000 took memory and garbage collections)."""
    stamp: Stamp | None = None
    """Its lstat when read (None: it could not be taken)."""
    digest: bytes | None = None
    """A digest of the bytes read (None: unreadable)."""
    looked_at: int = 0
    """`time.time_ns()` just before the stamp was taken."""
    remembered: bool = False
    """True when its result is validate's remembered one (the file was not parsed)."""

    @property
    def id(self) -> str:
        """The connector id: the file name without `.toml`."""
        return self.path.name.removesuffix(".toml")

    @property
    def search_text(self) -> str:
        """What the filter searches, case-folded: the id, description, user group,
        authentication (the Auth column's word: "classic" finds those still to migrate)
        and granted ids."""
        row = self.row
        if row is None:
            return self.id.casefold()
        fields = (self.id, row.description, row.user_group, row.authentication, row.granted)
        return "\t".join(fields).casefold()

    def expiry(self) -> ExpiryMark | None:
        """'expired' or 'expiring' when something of a valid connector's register has ended or
        ends within the window today (`ListRow.expiry`), else None."""
        if self.row is None or self.status == "invalid":
            return None
        return self.row.expiry(clock_today())

    @property
    def problems(self) -> list[Problem]:
        """Its own problems, then the duplicate-description warnings (as validate prints them)."""
        return [*self.own_problems, *self.duplicates] if self.duplicates else self.own_problems

    @property
    def status(self) -> Status:
        """'invalid' with an error, else 'blocked' or 'active'; 'unchecked' before the check."""
        if not self.checked:
            return "unchecked"
        if self.row is None or has_errors(self.own_problems):
            return "invalid"
        return "blocked" if self.row.blocked else "active"

    def light(self) -> ListedFile:
        """This file without the file as loaded (see `loaded`)."""
        return self if self.loaded is None else replace(self, loaded=None)

    @property
    def racy(self) -> bool:
        """True when its stamp cannot vouch for its bytes (see `RACY_NS`)."""
        if self.stamp is None:
            return True
        return max(self.stamp[0], self.stamp[1]) >= self.looked_at - RACY_NS


@dataclass
class Look:
    """What one read of the workspace found (`Listing.read`), for `Listing.apply`."""

    files: list[ListedFile]
    workspace: Workspace
    """The workspace the files were checked under (a fresh one when its rules changed)."""
    changed: bool
    """True when the rows differ from those of the files before."""
    listing_problems: list[Problem]
    """Why `connectors/` could not be listed."""
    folder: tuple[Stamp | None, int, list[Path]]
    """connectors/'s stamp, when it was taken, and the paths it listed."""
    remembered_catalog_problems: list[Problem] | None = None
    """The catalog's problems as remembered, when the files are remembered results."""
    full: bool = False
    """True when every file was read afresh (remembered or checked), none kept."""
    marks: dict[str, VerifyMark] | None = None
    """Each connector's mark from the last `acwizard verify` (`cores.verified`), by id."""


@dataclass
class AfterRead:
    """Where the cursor goes once a read is shown."""

    select: str | None = None
    """The row to put the cursor on (None: where it is)."""
    cursor: int | None = None
    """A position to put the cursor at instead (after a deletion: the next row)."""
    reveal: str | None = None
    """A row to show even if the filter hides it (a connector just created)."""
