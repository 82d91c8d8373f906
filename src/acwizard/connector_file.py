"""One connector file as loaded: its text, its connector if valid, its problems.

`LoadedFile[ConnectorLike]` (`CheckedFile`) is what checking gives
(`acwizard.checking.load`), whose connector may be the fast path's plain one;
`ConnectorFile` is one loaded by the model, the kind that is edited and
written back. This module never imports Textual, nor pydantic at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from acwizard.files.positions import Positions
from acwizard.files.reading import UTF8_BOM, fingerprint
from acwizard.files.saving import dump_connector
from acwizard.model.protocol import ConnectorLike
from acwizard.problems import Problem, has_errors

if TYPE_CHECKING:
    # Named in a string (a base class): pydantic is imported only when a file is validated.
    from acwizard.model import AppConnector  # noqa: F401

__all__ = ["CheckedFile", "ConnectorFile", "DiskState", "LoadedFile", "Status"]

Status = Literal["active", "blocked", "invalid"]

C_co = TypeVar("C_co", bound=ConnectorLike, covariant=True)
"""What a loaded file's connector is: the model, or anything that reads like it."""


@dataclass
class LoadedFile(Generic[C_co]):
    """One connector file as loaded: its text, its connector if valid, its problems.

    `LoadedFile[ConnectorLike]` (`CheckedFile`) is what checking gives, whose
    connector may be the fast path's plain one; `ConnectorFile` is one loaded
    by the model, the kind that is edited and written back.
    """

    path: Path
    text: str | None
    connector: C_co | None
    problems: list[Problem] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)
    """Where keys and comments are in the text as loaded."""

    @property
    def id(self) -> str:
        """The connector id: the file name without `.toml`."""
        return self.path.name.removesuffix(".toml")

    @property
    def status(self) -> Status:
        """'invalid' when the file has errors, else 'blocked' or 'active'."""
        if self.connector is None or has_errors(self.problems):
            return "invalid"
        return "blocked" if self.connector.blocked else "active"

    @property
    def fingerprint(self) -> str | None:
        """The hash of the text as loaded, to notice changes made on disk since."""
        return fingerprint(self.text)

    def read_from(self, raw: bytes | None) -> bool:
        """Whether `raw` are the bytes this file was loaded from (a byte-order mark aside:
        the text as loaded has none, as with `fingerprint`)."""
        return (
            raw is not None
            and self.text is not None
            and raw.removeprefix(UTF8_BOM) == self.text.encode("utf-8")
        )


CheckedFile = LoadedFile[ConnectorLike]
"""A file as checking loads it (`acwizard.checking.load`): the fast path's or the model's."""


@dataclass
class ConnectorFile(LoadedFile["AppConnector"]):
    """A connector file loaded by the model: its canonical text can be written back."""

    @property
    def canonical_text(self) -> str | None:
        """The canonical text of this connector, or None when it does not validate."""
        if self.connector is None or has_errors(self.problems):
            return None
        return dump_connector(self.connector)

    @property
    def is_canonical(self) -> bool:
        """True when the file on disk is byte for byte its canonical form."""
        return self.canonical_text is not None and self.canonical_text == self.text


@dataclass(frozen=True)
class DiskState:
    """A connector file as it is on disk now, when a save found it changed."""

    fingerprint: str | None
    """Its fingerprint (None: the file is gone), what an Overwrite may replace."""
    text: str
    """Its text; empty when it is gone or cannot be read as text."""
