"""The list's core without a terminal: rows, reads, what changed since, and what it says.

`acwizard.cores.listing` decides what the TUI's list shows; these tests drive it as the
screen does (`first_look`, `read`, `apply`) and check each file's status, problems and
row, which files are loaded again, and the sentences the list shows.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from acwizard.checking.cache import ROW_CELL_NAMES, ROW_CELLS, list_entry
from acwizard.cli import main
from acwizard.cores.listing import Listing, ListRow, state
from acwizard.cores.listing.rows import Kind, Look
from acwizard.cores.listing.texts import (
    all_problems_report,
    delete_question,
    empty_text,
    info_line,
    problems_report,
    reload_notice,
)
from acwizard.text import visible
from acwizard.workspace import Workspace

from conftest import PAYROLL, PAYROLL_V2

INVALID = PAYROLL.replace("blocked = true", "blocked = 1")


def counted_loads(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files `workspace` loads from now on, in order."""
    loads: list[str] = []
    original = workspace.load

    def counted(path, raw=None):  # type: ignore[no-untyped-def]
        loads.append(path.name)
        return original(path, raw)

    monkeypatch.setattr(workspace, "load", counted)
    return loads


def read(listing: Listing, kind: Kind) -> Look:
    """`listing.read(kind)`, applied as the screen applies it."""
    look = listing.read(kind)
    assert look is not None
    listing.apply(look)
    return look


def started(root: Path) -> Listing:
    """A listing of the workspace at `root` after its first read."""
    listing = Listing(Workspace.open(root))
    listing.first_look()
    read(listing, "start")
    return listing


def seen(listing: Listing) -> list[tuple[str, str, ListRow | None, list[str]]]:
    """Each file's name, status, row and problems, as the list shows them."""
    return [
        (
            file.path.name,
            file.status,
            file.row,
            [p.format(listing.workspace.root) for p in file.problems],
        )
        for file in listing.files
    ]


def touch_later(path: Path, text: str) -> None:
    """Write `text` to `path` with a modification time a second later (a stamp that
    differs even on a coarse clock)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


# -- rows ---------------------------------------------------------------------------


def test_a_row_is_the_cache_s_cells_typed() -> None:
    workspace_root = Path(__file__).resolve().parent.parent / "data"
    loaded = Workspace.open(workspace_root).load(workspace_root / "connectors/payroll-sync.toml")
    assert loaded.connector is not None
    cells = list_entry(loaded.connector)
    row = ListRow.of(loaded.connector)
    assert row == ListRow.from_cells(cells)
    assert (row.description, row.user_group, row.state, row.authentication) == (
        "Payroll Sync", "Payroll Sync", "Active", "classic",
    )  # fmt: skip
    assert (row.get_connectors, row.update_connectors, row.connectors, row.ip) == (
        3, 3, 1, "2 allowed",
    )  # fmt: skip
    assert row.granted == cells[8]
    assert len(cells) == len(ROW_CELL_NAMES) == ROW_CELLS
    assert row.earliest_end is None and cells[ROW_CELL_NAMES.index("earliest_end")] == ""


def test_a_row_carries_the_register_s_earliest_end_and_marks_it_by_the_day() -> None:
    workspace_root = Path(__file__).resolve().parent.parent / "data"
    loaded = Workspace.open(workspace_root).load(workspace_root / "connectors/bi-export.toml")
    assert loaded.connector is not None
    row = ListRow.of(loaded.connector)
    assert row.earliest_end == date(2026, 12, 20)  # SYS_BI_TEST's token
    assert row.expiry(date(2026, 11, 1)) is None
    assert row.expiry(date(2026, 12, 7)) == "expiring"
    assert row.expiry(date(2026, 12, 21)) == "expired"


@pytest.mark.parametrize(
    "cells",
    [
        ["a", "b", "Active", "classic", "1", "2", "3", "none"],  # eight: an older cache
        ["a", "b", "Active", "classic", "1", "2", "3", "none", ""],  # nine: format 3
        ["a", "b", "Active", "classic", "1", "2", "3", "none", "", "2026-02-30"],  # no day
        ["a", "b", "Open", "classic", "1", "2", "3", "none", "", ""],
        ["a", "b", "Active", "classic", "1", "٣", "3", "none", "", ""],  # not an ASCII digit
        ["a", "b", "Active", "classic", "1", "2", 3, "none", "", ""],
    ],
)
def test_damaged_remembered_cells_make_no_row(cells: list[object]) -> None:
    assert ListRow.from_cells(cells) is None


# -- reads --------------------------------------------------------------------------


def test_the_first_check_is_remembered_and_the_next_start_shows_the_same(mixed) -> None:
    checked = started(mixed)
    assert not any(file.remembered for file in checked.files)  # every file checked
    remembered = started(mixed)
    assert all(file.remembered for file in remembered.files)  # none parsed
    assert seen(remembered) == seen(checked)
    statuses = {name: status for name, status, _, _ in seen(remembered)}
    assert statuses == {
        "broken.toml": "invalid",
        "invalid.toml": "invalid",
        "live.toml": "active",
        "payroll-again.toml": "blocked",
        "payroll-sync.toml": "blocked",
        "warned.toml": "blocked",
    }
    problems = {name: " ".join(found) for name, _, _, found in seen(remembered)}
    assert "same file name slug" in problems["payroll-sync.toml"]
    assert "HrUnknown" in problems["warned.toml"]


def test_after_a_check_the_list_keeps_rows_not_whole_files(mixed) -> None:
    # 5,000 loaded connectors (models, texts, positions) made every garbage collection
    # walk them: single filter keys took 240-300 ms (bench figure 4) until the collector
    # was frozen while typing. The rows are all the list needs; a file opened is loaded.
    listing = started(mixed)
    assert all(file.loaded is None for file in listing.files)
    live = listing.file("live")
    assert live is not None and listing.load(live).connector is not None


def test_validate_s_results_are_those_of_the_list_s_own_check(mixed, private_cache) -> None:
    checked = started(mixed)
    for path in private_cache.glob("validate-*.json"):
        path.unlink()
    main(["--workspace", str(mixed), "validate"])
    remembered = started(mixed)
    assert all(file.remembered for file in remembered.files)
    assert seen(remembered) == seen(checked)


def test_a_file_changed_since_validate_makes_the_start_a_check(mixed, write_connector) -> None:
    main(["--workspace", str(mixed), "validate"])
    write_connector(PAYROLL.replace("blocked = true", "blocked = 2"), "live.toml")
    listing = started(mixed)
    assert not any(file.remembered for file in listing.files)
    assert listing.file("live") is not None and listing.file("live").status == "invalid"  # type: ignore[union-attr]


def test_a_check_under_rules_that_changed_meanwhile_is_not_remembered(
    mixed, monkeypatch, capsys
) -> None:
    """catalog.toml changes after the list took the cache's fingerprint and before it read
    the catalog, and is then changed back: validate must not reuse what the list found."""
    original = (mixed / "catalog.toml").read_bytes()
    real_check = state.checked_file

    def checked_under_other_rules(*args: object) -> object:
        (mixed / "catalog.toml").write_text(
            original.decode() + '\n[update_connectors]\nHrUnknown = "Known for a moment"\n',
            encoding="utf-8",
        )
        return real_check(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(state, "checked_file", checked_under_other_rules)
    started(mixed)
    monkeypatch.setattr(state, "checked_file", real_check)
    (mixed / "catalog.toml").write_bytes(original)
    capsys.readouterr()
    main(["--workspace", str(mixed), "validate", "--no-cache"])
    checked = capsys.readouterr()
    main(["--workspace", str(mixed), "validate"])
    assert capsys.readouterr() == checked
    assert "HrUnknown" in checked.out


def test_back_with_nothing_changed_loads_and_lists_nothing(mixed, monkeypatch) -> None:
    listing = started(mixed)
    workspace = listing.workspace
    loads = counted_loads(workspace, monkeypatch)
    listed: list[Path] = []
    real_paths = workspace.connector_paths
    monkeypatch.setattr(workspace, "connector_paths", lambda: listed.append(mixed) or real_paths())
    # The files were written just now: their stamps cannot vouch for them yet (RACY_NS).
    monkeypatch.setattr(state, "RACY_NS", 0)
    monkeypatch.setattr("acwizard.cores.listing.rows.RACY_NS", 0)
    before = seen(listing)
    look = read(listing, "back")
    assert not look.changed
    assert loads == [] and listed == []  # nor connectors/ listed again: its stamp is the same
    assert seen(listing) == before


def test_back_reads_only_the_files_whose_stamp_changed(mixed, monkeypatch) -> None:
    listing = started(mixed)
    loads = counted_loads(listing.workspace, monkeypatch)
    monkeypatch.setattr("acwizard.cores.listing.rows.RACY_NS", 0)
    touch_later(mixed / "connectors/live.toml", INVALID.replace("Payroll Sync", "Live"))
    look = read(listing, "back")
    assert look.changed and loads == ["live.toml"]
    assert listing.file("live").status == "invalid"  # type: ignore[union-attr]


def test_back_sees_files_created_and_deleted(mixed, write_connector, monkeypatch) -> None:
    listing = started(mixed)
    loads = counted_loads(listing.workspace, monkeypatch)
    write_connector(PAYROLL_V2.replace("Payroll Sync", "Brand New", 1), "brand-new.toml")
    (mixed / "connectors/broken.toml").unlink()
    read(listing, "back")
    assert loads == ["brand-new.toml"]
    names = [file.path.name for file in listing.files]
    assert "brand-new.toml" in names and "broken.toml" not in names
    assert [name for name in names if name == "brand-new.toml"] == ["brand-new.toml"]


def test_a_file_whose_stamp_cannot_vouch_for_it_is_compared_by_its_bytes(
    mixed, monkeypatch
) -> None:
    # Two writes within one tick of a coarse clock leave the same stamp: a stamp taken
    # that close to the file's last change is checked against the bytes next time.
    import time

    recent = time.time_ns()
    monkeypatch.setattr(state, "file_stamp", lambda path: (recent, recent, 1, 1))
    monkeypatch.setattr(
        "acwizard.cores.listing.reads.file_stamp", lambda path: (recent, recent, 1, 1)
    )
    listing = started(mixed)
    (mixed / "connectors/live.toml").write_text(INVALID.replace("Payroll Sync", "Live"), "utf-8")
    read(listing, "back")
    assert listing.file("live").status == "invalid"  # type: ignore[union-attr]


def test_an_old_stamp_is_trusted_on_the_way_back_and_r_still_compares_bytes(
    mixed, monkeypatch
) -> None:
    monkeypatch.setattr(state, "file_stamp", lambda path: (1, 1, 1, 1))
    monkeypatch.setattr("acwizard.cores.listing.reads.file_stamp", lambda path: (1, 1, 1, 1))
    listing = started(mixed)
    (mixed / "connectors/live.toml").write_text(INVALID.replace("Payroll Sync", "Live"), "utf-8")
    read(listing, "back")  # the same (old) stamp: trusted
    assert listing.file("live").status == "active"  # type: ignore[union-attr]
    read(listing, "reload")  # r reads every file's bytes
    assert listing.file("live").status == "invalid"  # type: ignore[union-attr]


def test_r_after_online_false_checks_every_file_under_the_new_settings(mixed) -> None:
    listing = started(mixed)
    old = listing.workspace
    (mixed / "acwizard.toml").write_text('environment = "T12345AA"\nonline = false\n', "utf-8")
    look = read(listing, "reload")
    assert listing.workspace is not old and look.workspace is listing.workspace
    assert listing.file("live").status == "invalid"  # type: ignore[union-attr]
    assert "not AFAS Online" in info_line(listing, len(listing.files))


def test_r_loads_only_the_files_whose_bytes_changed(mixed, monkeypatch) -> None:
    listing = started(mixed)
    loads = counted_loads(listing.workspace, monkeypatch)
    read(listing, "reload")
    read(listing, "reload")
    assert loads == []  # nothing changed on disk: nothing validated again
    (mixed / "connectors/live.toml").write_text(INVALID, encoding="utf-8")
    read(listing, "reload")
    assert loads == ["live.toml"]


def test_duplicate_warnings_are_recomputed_not_added_up(mixed, monkeypatch) -> None:
    listing = started(mixed)
    for _ in range(3):
        read(listing, "reload")
    (_, _, _, problems) = next(entry for entry in seen(listing) if entry[0] == "payroll-sync.toml")
    assert sum("same file name slug" in problem for problem in problems) == 1


def test_a_cancelled_read_changes_nothing(mixed) -> None:
    listing = started(mixed)
    before = listing.files
    assert listing.read("reload", cancelled=lambda: True) is None
    assert listing.files is before


def test_the_workspace_compares_an_edited_connector_with_the_listed_ones(
    mixed, monkeypatch
) -> None:
    main(["--workspace", str(mixed), "validate"])
    listing = started(mixed)
    loads = counted_loads(listing.workspace, monkeypatch)
    clash = listing.workspace.description_clash("live")
    assert clash is not None and "live.toml" in clash
    assert loads == []  # answered from the list's rows, no file loaded


def test_the_next_invalid_file_wraps_round(mixed) -> None:
    listing = started(mixed)
    assert listing.next_invalid(None).id == "broken"  # type: ignore[union-attr]
    assert listing.next_invalid("broken").id == "invalid"  # type: ignore[union-attr]
    assert listing.next_invalid("invalid").id == "broken"  # type: ignore[union-attr]


# -- what the list says -------------------------------------------------------------


def test_the_info_line_counts_and_says_where(mixed) -> None:
    listing = Listing(Workspace.open(mixed))
    listing.first_look()
    assert info_line(listing, 6) == "checking the connector files…"
    read(listing, "start")
    assert info_line(listing, 2) == (
        "2 INVALID: press p to go to the next · 6 connectors · 2 shown · AFAS Online · "
        f"workspace {visible(mixed.resolve().name, 20)}"
    )


def test_an_empty_table_says_why(mixed, monkeypatch) -> None:
    monkeypatch.setattr(state, "QUICK_PAINT_LIMIT", 3)  # six files: no first paint
    listing = Listing(Workspace.open(mixed))
    assert listing.first_look() == []
    # Not "No app connectors yet" while 5,000 files are being read.
    assert empty_text(listing) == "Reading the connector files…"
    read(listing, "start")
    assert empty_text(listing) == "No connector matches the filter: Esc shows them all."
    for path in (mixed / "connectors").iterdir():
        path.unlink()
    read(listing, "reload")
    assert empty_text(listing) == "No app connectors yet: press n to create the first."


def test_an_invalid_file_s_problems_say_what_can_be_done(mixed) -> None:
    listing = started(mixed)
    title, text = problems_report(listing, listing.file("invalid"))  # type: ignore[arg-type]
    assert title == "Problems in connectors/invalid.toml"
    assert "connectors/invalid.toml:4: error: blocked:" in text
    assert "press d in the list, on this row, to delete the file." in text
    report = all_problems_report(listing)
    assert report is not None and "connectors/warned.toml (blocked)" in report[1]


def test_the_delete_question_says_what_the_connector_grants(mixed) -> None:
    listing = started(mixed)
    question = delete_question(listing.file("live"), "Git keeps it.")  # type: ignore[arg-type]
    assert question == (
        "Delete 'Live'?\n\nIt is ACTIVE and grants 1 GetConnector, 1 UpdateConnector and "
        "1 special connector. This removes connectors/live.toml. Git keeps it. Profit is not "
        "changed by this: the app connector stays there, active, with this access."
    )
    broken = delete_question(listing.file("broken"), "Gone.")  # type: ignore[arg-type]
    assert broken == (
        "Delete 'broken.toml'?\n\nThis removes connectors/broken.toml. Gone. "
        "Profit is not changed by this."
    )


def test_r_says_when_the_settings_have_problems(mixed) -> None:
    listing = started(mixed)
    assert reload_notice(listing) == ("Reloaded from disk.", False)
    (mixed / "acwizard.toml").write_text('online = "no"\n', encoding="utf-8")
    read(listing, "reload")
    notice, warning = reload_notice(listing)
    assert warning and "have 1 problem: press p to see them" in notice
