"""`acwizard expiring` on real workspaces: the calendar a daily job and Outlook read.

The renderers are tested on their own in test_expiry.py; here the verb reads the
demo workspace (some credentials expiring soon, one expired), writes iCalendar and
CSV byte for byte, and exits as a daily job needs: 1 when something has expired or
falls inside the window, 2 when a file cannot be read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date

import pytest
from icalendar import Calendar

from acwizard.cli import main

from conftest import DEMO, PAYROLL

TODAY = "2026-12-07"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The CLI in-process: status, stdout, stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def process(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """The CLI as a process, its stdout as bytes (a calendar, a spreadsheet)."""
    return subprocess.run(
        [sys.executable, "-m", "acwizard", *argv],
        capture_output=True,
        check=False,
        env=dict(os.environ, PYTHONIOENCODING="ascii"),  # the bytes must not depend on it
    )


def test_the_demo_lists_what_runs_out_soonest_first_and_alerts(capsys):
    status, out, _ = run(capsys, "-w", str(DEMO), "expiring", "--today", TODAY)
    assert status == 1  # a client secret expired on 27 November 2026
    lines = out.splitlines()
    assert lines[:3] == [
        (
            "2026-11-27  expired 10 days ago     webshop-integration ('Webshop Integration', "
            "hybrid): client secret '2026-H1'"
        ),
        (
            "2026-12-20  in 13 days              bi-export ('BI Export', classic): classic token "
            "'SYS_BI_TEST'"
        ),
        (
            "2026-12-31  in 24 days              time-registration ('Time Registration', oauth): "
            "certificate 'timereg-2026'"
        ),
    ]
    # the two deadlines for each of the five classic and hybrid connectors follow
    assert sum("classic tokens expire" in line for line in lines) == 5
    assert sum("connectors with a classic token stop working" in line for line in lines) == 5
    assert not any("timereg-2027" in line or "'SYS_BI'" in line for line in lines)  # not due


@pytest.mark.parametrize(
    ("within", "today", "status"),
    [
        ("0", "2026-11-20", 0),  # nothing expired, nothing today
        ("7", "2026-11-20", 1),  # 2026-H1 ends on the 27th: inside the window
        ("0", "2027-09-10", 1),  # the deadlines passed while classic connectors remain
    ],
)
def test_the_exit_status_is_what_a_daily_job_needs(capsys, demo_copy, within, today, status):
    if today == "2026-11-20":  # only the secret and the certificates: no classic connector
        for name in ("bi-export", "expense-app", "helloid-provisioning", "payroll-sync"):
            (demo_copy / "connectors" / f"{name}.toml").unlink()
        webshop = demo_copy / "connectors" / "webshop-integration.toml"
        text = webshop.read_text(encoding="utf-8").replace('"hybrid"', '"oauth"')
        webshop.write_text(
            text.replace(text[text.index("tokens = [") : text.index("]\n\n[oauth]") + 2], "")
        )
    argv = ["-w", str(demo_copy), "expiring", "--within", within, "--today", today]
    assert run(capsys, *argv)[0] == status


def test_a_file_that_cannot_be_read_is_exit_2_and_said(capsys, demo_copy):
    (demo_copy / "connectors" / "broken.toml").write_text("schema_version = 1\nblocked = 1\n")
    status, out, err = run(capsys, "-w", str(demo_copy), "expiring", "--today", TODAY)
    assert status == 2
    assert "2026-11-27" in out  # what could be read is still listed
    assert "broken.toml:2: error: blocked: must be true or false" in err
    assert "1 connector file(s) could not be read; their credentials are not listed" in err


def test_broken_settings_and_bad_arguments_are_exit_2(capsys, demo_copy):
    (demo_copy / "acwizard.toml").write_text("online = 3\n", encoding="utf-8")
    status, _, err = run(capsys, "-w", str(demo_copy), "expiring")
    assert status == 2 and "acwizard.toml:1: error: online" in err
    for bad in (["--today", "2026-13-01"], ["--within", "-1"], ["--within", "x"]):
        with pytest.raises(SystemExit) as stopped:
            main(["-w", str(DEMO), "expiring", *bad])
        assert stopped.value.code == 2
    capsys.readouterr()


def test_ics_imports_into_any_calendar_with_stable_uids_and_a_reminder(demo_copy):
    first = process("-w", str(demo_copy), "expiring", "--today", TODAY, "--format", "ics")
    second = process("-w", str(demo_copy), "expiring", "--today", TODAY, "--format", "ics")
    assert first.returncode == 1 and first.stdout == second.stdout  # no clock in the bytes
    assert first.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    events = list(Calendar.from_ical(first.stdout).walk("VEVENT"))
    assert len(events) == 13  # 3 credentials, and 2 deadlines for each of 5 connectors
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids) and all(uid.endswith("@acwizard.invalid") for uid in uids)
    secret = next(event for event in events if "2026-H1" in str(event["SUMMARY"]))
    assert secret.decoded("DTSTART") == date(2026, 11, 27)
    (alarm,) = list(secret.walk("VALARM"))
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER").days == -14
    # AND a renewed secret keeps its UID: re-importing moves the event instead of adding one
    path = demo_copy / "connectors" / "webshop-integration.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-11-27", "2026-12-27"))
    renewed = process("-w", str(demo_copy), "expiring", "--today", TODAY, "--format", "ics")
    moved = next(
        event
        for event in Calendar.from_ical(renewed.stdout).walk("VEVENT")
        if "2026-H1" in str(event["SUMMARY"])
    )
    assert str(moved["UID"]) == str(secret["UID"])
    assert moved.decoded("DTSTART") == date(2026, 12, 27)


def test_csv_opens_as_a_spreadsheet_with_a_byte_order_mark(demo_copy):
    # GIVEN a description a spreadsheet would run as a formula
    path = demo_copy / "connectors" / "bi-export.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"BI Export"\nuser', '"=HYPERLINK(1)"\nuser'),
        encoding="utf-8",
    )
    done = process("-w", str(demo_copy), "expiring", "--today", TODAY, "--format", "csv")
    assert done.returncode == 1
    assert done.stdout.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, raw: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "connector", "description", "authentication", "kind", "holder", "date", "days_left",
        "days_to_token_expiry", "days_to_connector_stop",
    ]  # fmt: skip
    bi = [row for row in rows if row[0] == "bi-export"]
    assert bi and all(row[1] == "'=HYPERLINK(1)" for row in bi)  # inert
    token = next(row for row in bi if row[3] == "token")
    assert token[4:] == ["SYS_BI_TEST", "2026-12-20", "13", "145", "267"]


def test_json_has_stable_keys(capsys):
    status, out, _ = run(capsys, "-w", str(DEMO), "expiring", "--today", TODAY, "--format", "json")
    document = json.loads(out)
    assert status == 1 and document["today"] == TODAY and document["within_days"] == 30
    first = document["items"][0]
    assert first == {
        "connector": "webshop-integration",
        "description": "Webshop Integration",
        "authentication": "hybrid",
        "kind": "client_secret",
        "holder": "2026-H1",
        "date": "2026-11-27",
        "days_left": -10,
        "expired": True,
    }


def test_markdown_is_a_table_and_a_workspace_without_credentials_lists_the_deadlines(
    capsys, workspace, write_connector
):
    write_connector(PAYROLL)
    status, out, _ = run(capsys, "-w", str(workspace), "expiring", "--format", "markdown")
    assert status == 0  # the deadlines are months away
    assert out.startswith("### Expiring within 30 days of ")
    assert out.count("| `payroll-sync` |") == 2
