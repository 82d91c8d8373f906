"""What the TUI says of the last `acwizard verify`: the list's Profit mark and the review's lines.

GIVEN results kept by `store_results` (in the test's own XDG state directory, never the
user's), or a damaged or foreign results file, WHEN the list or the properties' review
reads them, THEN each connector shows what was found, "edited" once its file changed,
and nothing from another workspace; and nothing asks Profit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from acwizard.app import AcWizardApp
from acwizard.cores import verified
from acwizard.cores.listing import Listing
from acwizard.cores.verified import MARK_WIDTH, mark_of, review_lines
from acwizard.files.reading import fingerprint
from acwizard.profit.drift import NOT_SHOWN_NOTE, Drift, Outcome, not_asked
from acwizard.profit.results import StoredResult, read_results, results_path, store_results
from acwizard.screens.properties import PropertiesScreen
from acwizard.widgets.connector_table import ConnectorTable
from acwizard.workspace import Workspace

from conftest import list_checked, screen_text, shown

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
BASE = "http://127.0.0.1:9/ProfitRestServices"
"""A closed port (discard): nothing may ever call it."""
EXTRA = Drift(
    "granted_in_profit",
    "UNREVIEWED ACCESS: GetConnector Salaries_All is granted in Profit but not in the file",
)
GROUP = Drift("user_group", "user group in Profit: 'HR'; in the file: 'Payroll Sync'")


def result(
    status: str = "match",
    kinds: tuple[str, ...] = (),
    fingerprint_: str | None = "abc",
    ago: timedelta = timedelta(days=3),
    messages: list[str] | None = None,
) -> StoredResult:
    """A stored result found `ago` before NOW for a file whose fingerprint was `fingerprint_`."""
    when = (NOW - ago).strftime("%Y-%m-%dT%H:%M:%SZ")
    return StoredResult(
        "payroll-sync",
        when,
        status,
        messages if messages is not None else [f"{kind} said" for kind in kinds],
        "granted_in_profit" in kinds,
        fingerprint_,
        BASE,
        kinds,
    )


class TestTheMark:
    @pytest.mark.parametrize(
        ("stored", "cell", "state"),
        [
            (None, "-", "none"),
            (result(), "ok 3d", "match"),
            (result(ago=timedelta(minutes=5)), "ok <1h", "match"),
            (result(ago=timedelta(hours=5)), "ok 5h", "match"),
            (result(ago=timedelta(days=99)), "ok 99d", "match"),
            (result(ago=timedelta(days=400)), "ok old", "match"),
            (result(ago=timedelta(days=-1)), "ok ?", "match"),  # in the future: not believed
            (result("drift", ("granted_in_profit",)), "EXTRA", "drift"),
            (result("drift", ("granted_in_profit", "user_group")), "EXTRA+", "drift"),
            (result("drift", ("answers_while_blocked", "user_group")), "ACTIVE", "drift"),
            (result("drift", ("environment",)), "ENV", "drift"),
            (result("drift", ("missing_in_profit", "spelling")), "fewer+", "drift"),
            (result("drift", ("user_group",)), "group", "drift"),
            (result("drift", ("description",)), "descr", "drift"),
            (result("drift", ("spelling",)), "case", "drift"),
            (result("not_asked", messages=["no credentials"]), "? 3d", "not_asked"),
            (result("skipped", messages=["blocked in its file"]), "skip", "skipped"),
        ],
    )
    def test_every_state_in_six_cells(self, stored, cell, state):
        mark = mark_of(stored, "abc", NOW)
        assert (mark.cell, mark.state) == (cell, state)
        assert len(mark.cell) <= MARK_WIDTH

    def test_a_drift_of_an_older_acwizard_without_kinds_still_says_unreviewed_access(self):
        old = replace(result("drift", messages=["UNREVIEWED ACCESS: x"]), unreviewed_access=True)
        assert mark_of(old, "abc", NOW).cell == "EXTRA"
        assert mark_of(replace(old, unreviewed_access=False), "abc", NOW).cell == "drift"

    @pytest.mark.parametrize("status", ["match", "drift"])
    @pytest.mark.parametrize(
        ("stored_print", "current"), [("abc", "def"), ("abc", None), (None, "abc"), (None, None)]
    )
    def test_an_old_result_never_vouches_for_other_bytes(self, status, stored_print, current):
        # GIVEN a result of other bytes (or of bytes nobody can name) WHEN marked THEN edited
        kinds = ("granted_in_profit",) if status == "drift" else ()
        mark = mark_of(result(status, kinds, stored_print), current, NOW)
        assert (mark.cell, mark.state) == ("edited", "changed")

    def test_a_time_that_is_no_time_reads_as_unknown(self):
        stored = replace(result(), checked_at="yesterday")
        assert mark_of(stored, "abc", NOW).cell == "ok ?"
        assert "unknown time" in verified.age_words(stored, NOW)
        assert verified.age_words(result(ago=timedelta(seconds=30)), NOW) == (
            "just now (2026-12-08 11:59 UTC)"
        )
        assert verified.age_words(result(ago=timedelta(minutes=1)), NOW).startswith("1 minute ago")


class TestTheReview:
    def test_a_drift_lists_unreviewed_access_first_what_metainfo_cannot_show_and_the_hint(self):
        stored = result(
            "drift", ("granted_in_profit", "user_group"), messages=[EXTRA.message, GROUP.message]
        )
        lines = review_lines("payroll-sync", stored, "abc", NOW)
        assert lines[0] == (
            "! verify  Profit differed from this file 3 days ago (2026-12-05 12:00 UTC), "
            f"asked at {BASE}: 2 differences."
        )
        assert lines[1] == f"! drift   {EXTRA.message}"
        assert lines[2] == f"! drift   {GROUP.message}"
        assert lines[3] == f"  {NOT_SHOWN_NOTE}"
        assert lines[4] == "  acwizard verify payroll-sync asks Profit again."

    def test_a_changed_file_says_the_result_no_longer_applies(self):
        stored = result("drift", ("granted_in_profit",), messages=[EXTRA.message])
        lines = review_lines("payroll-sync", stored, "another", NOW)
        assert lines[0].startswith("! verify  this file changed since Profit")
        assert "it differed then; the result no longer applies." in lines[0]
        assert lines[1] == f"! was     {EXTRA.message}"
        matched = review_lines("payroll-sync", result(), "another", NOW)
        assert "it matched then; the result no longer applies." in matched[0]
        assert not any(line.startswith("  verify  Profit") for line in matched)
        assert NOT_SHOWN_NOTE not in " ".join(matched)  # nothing was compared for this file

    def test_a_match_says_what_it_does_not_cover_and_a_failure_says_why(self):
        lines = review_lines("payroll-sync", result(), "abc", NOW)
        assert lines[0] == (
            "  verify  Profit matched this file 3 days ago (2026-12-05 12:00 UTC), "
            f"asked at {BASE}."
        )
        assert NOT_SHOWN_NOTE in lines[1]
        failed = result("not_asked", messages=["Profit answered 403: an IP restriction"])
        lines = review_lines("payroll-sync", failed, "abc", NOW)
        assert lines[0].endswith(
            f"could not be asked 3 days ago (2026-12-05 12:00 UTC), at {BASE}: "
            "Profit answered 403: an IP restriction"
        )
        assert NOT_SHOWN_NOTE not in " ".join(lines)

    def test_no_result_says_nothing(self):
        assert review_lines("payroll-sync", None, "abc", NOW) == []


# -- the list's core, from results kept by store_results ------------------------------------


def keep(root: Path, outcomes: list[Outcome], changed: dict[str, str | None] | None = None):
    """Store `outcomes` as verify does: with each asked file's fingerprint as it is now."""
    workspace = Workspace.open(root)
    prints = {
        outcome.connector_id: fingerprint(
            workspace.connector_path(outcome.connector_id).read_bytes()
        )
        for outcome in outcomes
    }
    prints.update(changed or {})
    assert store_results(root, outcomes, prints, BASE) is None


def demo_outcomes() -> list[Outcome]:
    """EXTRA for payroll-sync, a match for bi-export, a failure for time-registration."""
    return [
        Outcome("payroll-sync", "Payroll Sync", "drift", [EXTRA, GROUP]),
        Outcome("bi-export", "BI Export", "match"),
        not_asked("time-registration", "Time", "ip_restricted", "Profit answered 403"),
    ]


def cells(listing: Listing) -> dict[str, str]:
    """Each connector's mark as the list shows it."""
    from acwizard.widgets.connector_table import connector_row

    return {file.id: connector_row(file, listing.mark(file)).cells[3] for file in listing.files}


def read(listing: Listing, kind: str) -> None:
    look = listing.read(kind)  # type: ignore[arg-type]
    assert look is not None
    listing.apply(look)


class TestTheListsMarks:
    def test_marks_from_stored_results_and_edited_once_the_file_changes(self, demo_copy):
        keep(demo_copy, demo_outcomes())
        listing = Listing(Workspace.open(demo_copy))
        read(listing, "start")
        assert cells(listing) == {
            "bi-export": "ok <1h",
            "expense-app": "-",
            "helloid-provisioning": "-",
            "payroll-sync": "EXTRA+",
            "time-registration": "? <1h",
            "webshop-integration": "-",
        }
        # WHEN the matched file is edited (a git pull, another pane) THEN its ok goes
        path = demo_copy / "connectors" / "bi-export.toml"
        path.write_text(
            path.read_text().replace('"BI Export"', '"BI Export 2"', 1), encoding="utf-8"
        )
        read(listing, "reload")
        assert cells(listing)["bi-export"] == "edited"
        # WHEN verify runs again in another pane THEN `r` shows it
        keep(demo_copy, [Outcome("bi-export", "BI Export", "match")])
        read(listing, "reload")
        assert cells(listing)["bi-export"] == "ok <1h"

    @pytest.mark.parametrize(
        "junk",
        [
            b"",
            b"\xff\xfe\x00",
            b"[" * 100_000,
            b'{"format": 1, "results": []}',
            b'{"format": 2, "results": {}}',
            b"not json",
        ],
    )
    def test_a_damaged_results_file_reads_as_not_verified(self, demo_copy, junk):
        keep(demo_copy, demo_outcomes())
        path = results_path(demo_copy)
        assert path is not None
        path.write_bytes(junk)
        listing = Listing(Workspace.open(demo_copy))
        read(listing, "start")
        assert set(cells(listing).values()) == {"-"}

    def test_a_hand_edited_entry_is_dropped_not_shown(self, demo_copy):
        keep(demo_copy, demo_outcomes())
        path = results_path(demo_copy)
        assert path is not None
        document = json.loads(path.read_text())
        entries = document["results"]
        entries["payroll-sync"]["messages"] = ["\x1b]52;c;bad\x07 UNREVIEWED"]  # a terminal escape
        entries["bi-export"]["checked_at"] = 7
        entries["time-registration"]["kinds"] = ["granted_in_profit", {"x": 1}]
        entries["time-registration"]["status"] = "drift"
        path.write_text(json.dumps(document))
        listing = Listing(Workspace.open(demo_copy))
        read(listing, "start")
        found = cells(listing)
        assert found["payroll-sync"] == "-" and found["bi-export"] == "-"
        assert found["time-registration"] == "drift"  # wrong kinds: the kind is not guessed

    def test_another_workspaces_results_are_never_shown_for_this_one(self, demo_copy, tmp_path):
        # GIVEN results kept for another workspace, copied to where this one's would be
        other = tmp_path / "other"
        import shutil

        shutil.copytree(demo_copy, other)
        keep(other, [Outcome("bi-export", "BI Export", "match")])
        source, target = results_path(other), results_path(demo_copy)
        assert source is not None and target is not None and source != target
        target.write_bytes(source.read_bytes())
        # THEN this workspace reads none of them (the files are byte for byte the same:
        # without the check "ok" would vouch for them)
        assert read_results(demo_copy) == {}
        listing = Listing(Workspace.open(demo_copy))
        read(listing, "start")
        assert cells(listing)["bi-export"] == "-"
        # and a run of verify here does not carry the other's entries over
        keep(demo_copy, [Outcome("payroll-sync", "Payroll Sync", "match")])
        assert set(read_results(demo_copy)) == {"payroll-sync"}

    def test_results_through_a_link_to_another_directory_are_never_read(self, demo_copy, tmp_path):
        # GIVEN the results kept, then their directory replaced by a link to one that
        # someone else could fill (a shared XDG_STATE_HOME): they could fake "no drift"
        keep(demo_copy, demo_outcomes())
        path = results_path(demo_copy)
        assert path is not None and read_results(demo_copy) != {}
        shared = tmp_path / "shared"
        path.parent.rename(shared)
        path.parent.symlink_to(shared, target_is_directory=True)
        # THEN nothing is read from there, and the list says "not verified"
        assert read_results(demo_copy) == {}
        listing = Listing(Workspace.open(demo_copy))
        read(listing, "start")
        assert set(cells(listing).values()) == {"-"}

    def test_the_results_live_in_the_state_directory_not_the_workspace(self, demo_copy):
        keep(demo_copy, demo_outcomes())
        path = results_path(demo_copy)
        assert path is not None
        assert demo_copy.resolve() not in path.resolve().parents


# -- the screens ------------------------------------------------------------------------------


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """The review's clock a day after the results were kept (they say "1 day ago")."""
    monkeypatch.setattr(verified, "clock_now", lambda: datetime.now(UTC) + timedelta(days=1))


async def test_the_list_shows_the_marks_at_80x24(demo_copy):
    keep(demo_copy, demo_outcomes())
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await list_checked(pilot)
        lines = screen_text(app).splitlines()
        titles = lines[3].split()
        assert titles[:4] == ["Description", "Status", "Profit", "Auth"]
        assert "IP" in titles  # every column but the group still shows at 80
        rows = {line[1:].split()[0]: line for line in lines[4:] if line.strip()}
        assert "EXTRA+" in rows["Payroll"] and "ok <1h" in rows["BI"]
        assert "? <1h" in rows["Time"] and " - " in rows["Expense"]
        assert all(len(line.rstrip()) <= 80 for line in lines)


async def test_the_list_shows_the_mark_at_60x20(demo_copy):
    keep(demo_copy, demo_outcomes())
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(60, 20)) as pilot:
        await list_checked(pilot)
        text = screen_text(app)
        assert "Profit" in text.splitlines()[3] and "EXTRA+" in text


async def test_the_review_shows_the_last_result_and_edited_after_a_change(demo_copy, fixed_now):
    keep(demo_copy, demo_outcomes())
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await list_checked(pilot)
        table = app.screen.query_one(ConnectorTable)
        assert table.select_key("payroll-sync")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PropertiesScreen)
        review = str(app.screen.query_one("#findings").render())
        assert "! verify  Profit differed from this file 1 day ago" in review
        assert f"! drift   {EXTRA.message}" in review
        assert "acwizard verify payroll-sync asks Profit again." in review
        await pilot.press("tab")  # to Description
        for _ in range(12):
            await pilot.press("tab")
            if app.focused is not None and app.focused.id == "findings":
                break
        assert "UNREVIEWED ACCESS: GetConnector Salaries_All" in await shown(pilot)
        await pilot.press("escape")
        # WHEN the file changes on disk THEN the next opening says the result no longer applies
        path = demo_copy / "connectors" / "payroll-sync.toml"
        path.write_text(path.read_text() + "\n", encoding="utf-8")
        await pilot.press("r")
        await list_checked(pilot)
        await pilot.pause()
        assert table.select_key("payroll-sync")
        await pilot.press("enter")
        await pilot.pause()
        review = str(app.screen.query_one("#findings").render())
        assert "! verify  this file changed since Profit" in review


def test_the_list_with_marks(snap_compare, demo_copy):
    keep(demo_copy, demo_outcomes())
    assert snap_compare(AcWizardApp(demo_copy), run_before=list_checked)


NO_CALLS = """
import asyncio, socket, sys
from pathlib import Path
calls = []
real = socket.socket.connect
def connect(self, address):
    calls.append(address)
    return real(self, address)
socket.socket.connect = connect
from acwizard.app import AcWizardApp
from acwizard.screens.properties import PropertiesScreen

async def main():
    app = AcWizardApp(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if getattr(app.screen, "checked", False):
                break
        await pilot.press("r")
        await pilot.pause(0.2)
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, PropertiesScreen), app.screen
        assert "differed" in str(app.screen.query_one("#findings").render())
asyncio.run(main())
print(calls, sorted(name for name in sys.modules if name.split(".")[0] in ("httpx", "httpcore")))
"""


def test_the_tui_never_asks_profit(demo_copy):
    # GIVEN results whose base is a closed port on 127.0.0.1, WHEN the list and the
    # review show them, THEN no connection is made and no HTTP client is even loaded.
    keep(demo_copy, demo_outcomes())
    done = subprocess.run(
        [sys.executable, "-c", NO_CALLS, str(demo_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[] []"


async def test_f1_says_what_the_marks_mean(demo_copy):
    app = AcWizardApp(demo_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await list_checked(pilot)
        await pilot.press("f1", "end")
        text = await shown(pilot)
        assert "Profit Column: the last acwizard verify run" in text
        assert "edited: the file changed since, the result no longer applies" in text


def test_a_file_saved_with_a_byte_order_mark_still_reads_as_verified(demo_copy):
    # verify's fingerprint leaves the BOM out (as the text loaded does); the list's digest
    # of the bytes does not, so the mark takes the fingerprint itself for such a file
    path = demo_copy / "connectors" / "bi-export.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    keep(demo_copy, [Outcome("bi-export", "BI Export", "match")])
    listing = Listing(Workspace.open(demo_copy))
    read(listing, "start")
    assert cells(listing)["bi-export"] == "ok <1h"
