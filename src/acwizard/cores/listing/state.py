"""`Listing`, the list's state: reading the workspace, applying what was read, one file.

See the package's docstring (`acwizard.cores.listing`) for how files are read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from acwizard.checking.cache import ValidationCache
from acwizard.cores.listing.git import UNDO_NOTES, git_state
from acwizard.cores.listing.reads import (
    checked_file,
    digest_of,
    file_stamp,
    never,
    remember_checked,
    remembered_files,
    with_duplicates,
)
from acwizard.cores.listing.rows import RACY_NS, Kind, ListedFile, ListRow, Look, Stamp
from acwizard.drafts import Draft, read_drafts, remove_draft
from acwizard.files.layout import connectors_dir
from acwizard.files.reading import read_bytes
from acwizard.problems import Problem
from acwizard.text import visible
from acwizard.workspace import ConnectorFile, KnownConnector, SaveConflict, Workspace, quick_rows

QUICK_PAINT_LIMIT = 500
"""Above this many files the first paint shows no rows: reading a large workspace with
tomllib first costs more than it saves (the statuses follow soon after)."""


class Listing:
    """Every connector file of a workspace, as the list shows them (see the module)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.files: list[ListedFile] = []
        self.checked = False
        """True once every file was checked or its result remembered (not just read)."""
        self.remembered_catalog_problems: list[Problem] | None = None
        """The catalog's problems as remembered, while the catalog itself is not read."""
        self.listing_problems: list[Problem] = []
        self._folder: tuple[Stamp | None, int, list[Path]] | None = None

    # -- reading -----------------------------------------------------------------------

    def first_look(self) -> list[ListedFile]:
        """The files read with tomllib alone, for the first paint (none past the limit)."""
        paths = self.workspace.connector_paths()
        if len(paths) > QUICK_PAINT_LIMIT:
            return []
        self.files = [
            ListedFile(path, ListRow.quick(row), [], checked=False)
            for path, row in zip(paths, quick_rows(paths), strict=True)
        ]
        return self.files

    def read(self, kind: Kind, cancelled: Callable[[], bool] = never) -> Look | None:
        """Read the workspace for `kind` (see the module's docstring); None when cancelled.

        Changes nothing the list shows (only the stamps of files found unchanged), so
        it may run on another thread than the one that shows the list; `apply` takes
        what it found.
        """
        workspace = self.workspace
        replaced = False
        if kind != "start":
            fresh = workspace.reopened()
            if fresh is not None:
                workspace, replaced = fresh, True
        folder, listing_problems = self._list(workspace, reuse=not replaced)
        paths = folder[2]
        if kind == "start" or replaced or not self.checked:
            return self._read_all(workspace, paths, folder, listing_problems, cancelled)
        # By name: hashing 5,000 freshly listed paths cost more than reading their names.
        earlier = {file.path.name: file for file in self.files}
        files: list[ListedFile] = []
        for path in paths:
            if cancelled():
                return None
            files.append(self._again(workspace, path, earlier.get(path.name), kind == "reload"))
        changed = len(files) != len(self.files) or any(
            file is not before for file, before in zip(files, self.files, strict=False)
        )
        if changed:
            files = with_duplicates(files)
        return Look(files, workspace, changed, listing_problems, folder)

    def _list(
        self, workspace: Workspace, reuse: bool
    ) -> tuple[tuple[Stamp | None, int, list[Path]], list[Problem]]:
        """connectors/'s files: as listed last time when `reuse` and its stamp is the same
        (adding, removing or renaming a file changes it; listing 5,000 names cost 40 ms)."""
        folder = connectors_dir(workspace.root)
        now = time.time_ns()
        stamp = file_stamp(folder)
        last = self._folder
        if reuse and last is not None and stamp is not None and stamp == last[0]:  # noqa: SIM102
            if max(stamp[0], stamp[1]) < last[1] - RACY_NS:
                return last, self.listing_problems
        paths = workspace.connector_paths()
        return (stamp, now, paths), workspace.listing_problems

    def _read_all(
        self,
        workspace: Workspace,
        paths: list[Path],
        folder: tuple[Stamp | None, int, list[Path]],
        listing_problems: list[Problem],
        cancelled: Callable[[], bool],
    ) -> Look | None:
        """Every file afresh: validate's remembered results if it has all, else checked."""
        remembered = None if listing_problems else remembered_files(workspace, paths, cancelled)
        if remembered is not None:
            files, catalog = remembered
            return Look(
                with_duplicates(files),
                workspace,
                True,
                listing_problems,
                folder,
                catalog,
                full=True,
            )
        # The first check of a fresh workspace is remembered for the next start (and for
        # validate): the cache's fingerprint is taken before the catalog is read.
        cache = None if workspace.catalog_read else ValidationCache.open(workspace.root)
        files = []
        for path in paths:
            if cancelled():
                return None
            files.append(checked_file(workspace, path))
        if cache is not None:
            remember_checked(cache, workspace, [file.loaded for file in files if file.loaded])
        files = with_duplicates([file.light() for file in files])
        return Look(files, workspace, True, listing_problems, folder, full=True)

    def _again(
        self, workspace: Workspace, path: Path, earlier: ListedFile | None, thorough: bool
    ) -> ListedFile:
        """`earlier` (this file as read last time) if the file did not change, else read anew.

        Unchanged means the same stamp (when not `thorough` and not racy), or else the
        same bytes.
        """
        if earlier is None or not earlier.checked:
            return checked_file(workspace, path).light()
        now = time.time_ns()
        stamp = None if thorough and not earlier.racy else file_stamp(path)
        if not thorough and stamp is not None and stamp == earlier.stamp and not earlier.racy:
            return earlier
        raw, _ = read_bytes(path)
        if raw is not None and digest_of(raw) == earlier.digest:
            if stamp is not None and stamp != earlier.stamp:
                # The same bytes under a new stamp (touched, or racy): remember the new one.
                earlier.stamp, earlier.looked_at = stamp, now
            return earlier
        if stamp is None:  # changed: read it again, its stamp first, as a first read does
            return checked_file(workspace, path).light()
        return checked_file(workspace, path, raw, stamp, now).light()

    def apply(self, look: Look) -> None:
        """Make what `read` found the state, and tell the workspace who the others are."""
        self.workspace = look.workspace
        self.files = look.files
        self.listing_problems = look.listing_problems
        self._folder = look.folder
        if look.full:
            self.remembered_catalog_problems = look.remembered_catalog_problems
        self.checked = True
        if look.changed or look.full:
            self.workspace.use_listed(self.known())

    def known(self) -> list[KnownConnector]:
        """Every valid connector: what a connector being edited is compared with."""
        return [
            KnownConnector(
                file.id, file.path.name, row.description, row.user_group, row.authentication
            )
            for file in self.files
            if (row := file.row) is not None
        ]

    # -- one file ------------------------------------------------------------------------

    def file(self, connector_id: str | None) -> ListedFile | None:
        """The file of `connector_id`, if listed."""
        return next((file for file in self.files if file.id == connector_id), None)

    def load(self, listed: ListedFile) -> ConnectorFile:
        """The file as loaded (now, the first time), duplicate warnings included."""
        loaded = listed.loaded
        if loaded is None:
            loaded = listed.loaded = self.workspace.load(listed.path)
        if not listed.duplicates:
            return loaded
        return replace(loaded, problems=[*loaded.problems, *listed.duplicates])

    def changed_on_disk(self, listed: ListedFile) -> bool:
        """Whether the file's bytes changed (or it went) since the list read it.

        A file that could not be read then (a link, a FIFO) shows its problems as read:
        `r` reads it again.
        """
        if listed.digest is None:
            return False
        raw, _ = read_bytes(listed.path)
        return raw is None or digest_of(raw) != listed.digest

    def next_invalid(self, after: str | None) -> ListedFile | None:
        """The first invalid file after the row `after`, wrapping round to the top."""
        invalid = [file for file in self.files if file.status == "invalid"]
        ids = [file.id for file in self.files]
        here = ids.index(after) if after in ids else -1
        later = [file for file in invalid if ids.index(file.id) > here]
        found = later or invalid
        return found[0] if found else None

    def delete(self, loaded: ConnectorFile) -> str | None:
        """Remove the file, unless it changed since `loaded` was read; why not, or None."""
        try:
            self.workspace.delete(loaded.path, loaded.fingerprint)
        except (OSError, SaveConflict) as exc:
            return visible(str(exc), 500)
        return None

    def undo_note(self, listed: ListedFile) -> str:
        """What git keeps of the file, for the delete question (runs git)."""
        return UNDO_NOTES[git_state(listed.path)]

    # -- recovery drafts -----------------------------------------------------------------

    def recovery_drafts(self) -> list[Draft]:
        """Unsaved edits that earlier sessions left, oldest first."""
        return read_drafts(self.workspace.root)

    def draft_file(self, draft: Draft) -> Path:
        """The connector file a draft belongs to."""
        return self.workspace.connector_path(draft.connector_id)

    def discard(self, draft: Draft) -> None:
        """Forget a draft for good."""
        remove_draft(self.workspace.root, draft.connector_id, draft.owner)

    def restorable(self, draft: Draft) -> ConnectorFile | None:
        """The file a draft's edits go on from, or None when it is missing or invalid."""
        loaded = self.workspace.load(self.draft_file(draft))
        return None if loaded.status == "invalid" else loaded

    def workspace_problems(self) -> list[Problem]:
        """Problems in acwizard.toml and catalog.toml (validate reports them too)."""
        workspace = self.workspace
        if self.remembered_catalog_problems is not None:  # the catalog is not read until needed
            return [*workspace.settings_problems, *self.remembered_catalog_problems]
        return [*workspace.settings_problems, *workspace.catalog_problems]
