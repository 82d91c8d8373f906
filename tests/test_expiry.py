"""The expiry calendar: which items are listed, and what each format writes.

The calendar is parsed back with icalendar (a real RFC 5545 reader), the CSV
with the csv module as a spreadsheet reads it, the markdown with a CommonMark
parser, the JSON with json: each test asserts what a user or a program gets.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt

from acwizard.expiry import (
    ALARM_DAYS,
    CLASSIC_STOPS,
    CSV_HEADER,
    DEADLINE_STOP,
    DEADLINE_TOKENS,
    KIND_LABELS,
    PRODID,
    TOKENS_EXPIRE,
    Dated,
    ExpiryItem,
    connector_items,
    inert_cell,
    needs_attention,
    render_csv,
    render_ics,
    render_json,
    render_markdown,
    render_text,
    select,
)

TODAY = date(2026, 12, 7)


def payroll(today: date = TODAY) -> list[ExpiryItem]:
    """A hybrid connector: a token, two client secrets (one expired), a certificate."""
    return connector_items(
        "payroll-sync",
        "Payroll Sync",
        "hybrid",
        today,
        tokens=[Dated("SYS_PAYROLL", date(2027, 5, 1)), Dated("SYS_OLD", None)],
        secrets=[Dated("2026-H2", date(2026, 12, 20)), Dated("2026-H1", date(2026, 12, 1))],
        certificates=[Dated("payroll-2026", date(2027, 6, 30))],
    )


def bi_export(today: date = TODAY) -> list[ExpiryItem]:
    """An OAuth connector whose certificate ends in three days."""
    return connector_items(
        "bi-export",
        "BI Export",
        "oauth",
        today,
        certificates=[Dated("bi-cert", date(2026, 12, 10))],
    )


def workspace(today: date = TODAY) -> list[ExpiryItem]:
    """Both connectors' items, as the command would gather them."""
    return payroll(today) + bi_export(today)


# -- items and the window -------------------------------------------------------------------


def test_classic_and_hybrid_connectors_get_both_deadlines_and_oauth_none() -> None:
    for authentication in ("classic", "hybrid"):
        items = connector_items("x", "X", authentication, TODAY)
        assert [(item.kind, item.holder, item.date) for item in items] == [
            ("deadline", DEADLINE_TOKENS, date(2027, 5, 1)),
            ("deadline", DEADLINE_STOP, date(2027, 8, 31)),
        ]
    assert connector_items("x", "X", "oauth", TODAY) == []


def test_an_undated_credential_is_not_on_the_calendar_and_days_count_from_today() -> None:
    items = {item.holder: item for item in payroll()}
    assert "SYS_OLD" not in items
    assert items["2026-H1"].days_left == -6
    assert items["2026-H1"].expired
    assert items["2026-H2"].days_left == 13
    assert not items["2026-H2"].expired
    assert (items["SYS_PAYROLL"].kind, items["payroll-2026"].kind) == ("token", "certificate")


def test_select_lists_expired_and_inside_the_window_and_every_deadline_soonest_first() -> None:
    chosen = select(workspace(), within=30)
    assert [(item.date.isoformat(), item.connector_id, item.holder) for item in chosen] == [
        ("2026-12-01", "payroll-sync", "2026-H1"),
        ("2026-12-10", "bi-export", "bi-cert"),
        ("2026-12-20", "payroll-sync", "2026-H2"),
        ("2027-05-01", "payroll-sync", DEADLINE_TOKENS),
        ("2027-08-31", "payroll-sync", DEADLINE_STOP),
    ]
    # the token (2027-05-01) and the certificate (2027-06-30) are outside 30 days
    assert select(workspace(), within=13)[-3].holder == "2026-H2"
    assert "2026-H2" not in [item.holder for item in select(workspace(), within=12)]


def test_select_orders_the_same_whatever_the_input_order() -> None:
    items = workspace()
    assert select(items, 400) == select(list(reversed(items)), 400)
    assert [item.kind for item in select(payroll(), 400) if item.date == TOKENS_EXPIRE] == [
        "deadline",
        "token",
    ]


def test_the_deadlines_alert_inside_the_window_and_after_they_passed() -> None:
    far = date(2026, 1, 5)
    assert not needs_attention(select(connector_items("x", "X", "classic", far), 30), 30)
    near = TOKENS_EXPIRE - timedelta(days=30)
    assert needs_attention(select(connector_items("x", "X", "classic", near), 30), 30)
    after = CLASSIC_STOPS + timedelta(days=400)
    items = select(connector_items("x", "X", "hybrid", after), 30)
    assert [item.days_left for item in items] == [-522, -400]
    assert needs_attention(items, 30)
    assert not needs_attention(select(connector_items("x", "X", "oauth", after), 30), 30)


def test_an_expired_credential_alerts() -> None:
    assert needs_attention(select(bi_export(date(2026, 12, 11)), 0), 0)
    assert not needs_attention(select(bi_export(date(2026, 11, 1)), 30), 30)


# -- text, markdown, JSON --------------------------------------------------------------------


def test_text_says_when_and_what() -> None:
    assert render_text(select(workspace(), 30), TODAY, 30) == (
        "2026-12-01  expired 6 days ago      payroll-sync ('Payroll Sync', hybrid): "
        "client secret '2026-H1'\n"
        "2026-12-10  in 3 days               bi-export ('BI Export', oauth): certificate "
        "'bi-cert'\n"
        "2026-12-20  in 13 days              payroll-sync ('Payroll Sync', hybrid): "
        "client secret '2026-H2'\n"
        "2027-05-01  in 145 days             payroll-sync ('Payroll Sync', hybrid): "
        "classic tokens expire\n"
        "2027-08-31  in 267 days             payroll-sync ('Payroll Sync', hybrid): "
        "connectors with a classic token stop working\n"
    )
    assert render_text([], TODAY, 30) == "nothing expires within 30 days of 2026-12-07\n"


def test_text_shows_control_and_bidi_characters_as_escapes() -> None:
    items = connector_items(
        "x", "Pay\x1b[31mroll", "oauth", TODAY, secrets=[Dated("a\u202eb", date(2026, 12, 8))]
    )
    shown = render_text(select(items, 30), TODAY, 30)
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "Pay\\x1b[31mroll" in shown and "a\\u202eb" in shown


HOSTILE_TEXT = "[click](https://evil.example) <b>x</b> @admin #12 ![i](x.png) | cell"


def test_markdown_is_a_table_whose_user_text_is_inert() -> None:
    items = connector_items(
        "evil", HOSTILE_TEXT, "classic", TODAY, tokens=[Dated(HOSTILE_TEXT, date(2026, 12, 9))]
    )
    document = render_markdown(select(items, 30), TODAY, 30)
    tokens = MarkdownIt("commonmark").enable("table").parse(document)
    kinds = {token.type for token in tokens} | {
        child.type for token in tokens for child in token.children or []
    }
    assert not kinds & {"link_open", "image", "html_inline", "html_block"}
    cells = [token.content for token in tokens if token.type == "inline"]
    assert cells[0] == "Expiring within 30 days of 2026-12-07"
    rows = [cells[index : index + 7] for index in range(1 + 7, len(cells), 7)]
    assert len(rows) == 3  # the token and the two deadlines
    assert rows[0][0] == "2026-12-09"
    assert rows[0][5] == "classic token"


def test_markdown_without_items_says_so() -> None:
    assert render_markdown([], TODAY, 30).endswith("Nothing expires.\n")


def test_json_has_the_documented_keys() -> None:
    document = json.loads(render_json(select(workspace(), 30), TODAY, 30))
    assert document["today"] == "2026-12-07"
    assert document["within_days"] == 30
    assert document["items"][0] == {
        "connector": "payroll-sync",
        "description": "Payroll Sync",
        "authentication": "hybrid",
        "kind": "client_secret",
        "holder": "2026-H1",
        "date": "2026-12-01",
        "days_left": -6,
        "expired": True,
    }
    assert [item["kind"] for item in document["items"]] == [
        "client_secret", "certificate", "client_secret", "deadline", "deadline",
    ]  # fmt: skip


def test_json_escapes_what_a_terminal_must_not_receive() -> None:
    items = connector_items("x", "a\u202eb\x85", "classic", TODAY)
    written = render_json(items, TODAY, 30)
    assert "\u202e" not in written and "\x85" not in written
    assert json.loads(written)["items"][0]["description"] == "a\u202eb\x85"


# -- CSV ---------------------------------------------------------------------------------------


def read_csv(written: str) -> list[list[str]]:
    """The rows a spreadsheet reads, after checking the byte-order mark and line ends."""
    assert written.startswith("\ufeff")
    assert written.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert "\n" not in written.replace("\r\n", "")
    return list(csv.reader(io.StringIO(written[1:], newline="")))


def test_csv_is_the_migration_spreadsheet() -> None:
    rows = read_csv(render_csv(select(workspace(), 30), TODAY))
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[1] == [
        "payroll-sync", "Payroll Sync", "hybrid", "client_secret", "2026-H1", "2026-12-01",
        "-6", "145", "267",
    ]  # fmt: skip
    assert rows[2] == [
        "bi-export", "BI Export", "oauth", "certificate", "bi-cert", "2026-12-10", "3", "", "",
    ]  # fmt: skip
    assert len(rows) == 6


FORMULAS = [
    '=HYPERLINK("https://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "  =1+1",
    "\t=1+1",
    "\r=1+1",
    "\t\t@x",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_makes_a_formula_in_any_text_cell_inert(formula: str) -> None:
    items = connector_items(
        formula, formula, "oauth", TODAY, secrets=[Dated(formula, date(2026, 12, 8))]
    )
    row = read_csv(render_csv(items, TODAY))[1]
    for cell in (row[0], row[1], row[4]):
        assert cell.startswith("'"), repr(cell)
        assert cell[1:].lstrip(" ").startswith(("=", "+", "-", "@", "\\"))


def test_inert_cell_leaves_ordinary_text_and_numbers_alone() -> None:
    assert inert_cell("Payroll Sync") == "Payroll Sync"
    assert inert_cell("2026-H2") == "2026-H2"
    assert inert_cell("a=b") == "a=b"
    row = read_csv(render_csv(select(workspace(), 30), TODAY))[1]
    assert row[6] == "-6"  # a number acwizard computed stays a number


# -- iCalendar ----------------------------------------------------------------------------------


def events(written: bytes) -> list[Calendar]:
    """The VEVENTs of a calendar, parsed by icalendar."""
    return list(Calendar.from_ical(written).walk("VEVENT"))


def test_the_calendar_parses_with_one_all_day_event_per_item_and_a_reminder() -> None:
    items = select(workspace(), 30)
    written = render_ics(items)
    calendar = Calendar.from_ical(written)
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    found = events(written)
    assert len(found) == len(items)
    for event, item in zip(found, items, strict=True):
        start = event.decoded("DTSTART")
        assert type(start) is date and start == item.date  # all-day: a date, not a time
        assert event.decoded("DTEND") == item.date + timedelta(days=1)
        assert event.decoded("DTSTAMP") == datetime.combine(item.date, datetime.min.time(), UTC)
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(days=-ALARM_DAYS)
    assert str(found[0]["SUMMARY"]) == "Payroll Sync: client secret 2026-H1 expires"
    assert str(found[-1]["SUMMARY"]) == (
        "Payroll Sync: classic token stops working (migrate to OAuth)"
    )
    uids = [str(event["UID"]) for event in found]
    assert len(set(uids)) == len(uids)


def test_the_calendar_is_the_same_bytes_every_run_and_in_any_input_order() -> None:
    items = select(workspace(), 400)
    assert render_ics(items) == render_ics(list(reversed(items)))
    assert render_ics(select(workspace(date(2026, 12, 8)), 400)) == render_ics(items)


def test_a_renewed_credential_keeps_its_uid_so_reimporting_moves_the_event() -> None:
    before = events(render_ics(bi_export()))
    renewed = connector_items(
        "bi-export",
        "BI Export",
        "oauth",
        TODAY,
        certificates=[Dated("bi-cert", date(2027, 12, 10))],
    )
    after = events(render_ics(renewed))
    assert str(after[0]["UID"]) == str(before[0]["UID"])
    assert after[0].decoded("DTSTART") == date(2027, 12, 10)
    assert after[0].decoded("DTSTAMP") > before[0].decoded("DTSTAMP")  # newer for the client


def test_two_items_alike_get_two_uids() -> None:
    items = connector_items(
        "x", "X", "classic", TODAY,
        tokens=[Dated("SYS", date(2027, 1, 1)), Dated("SYS", date(2027, 2, 1))],
    )  # fmt: skip
    uids = [str(event["UID"]) for event in events(render_ics(items))]
    assert len(set(uids)) == len(uids) == 4


def test_the_calendar_has_crlf_lines_folded_at_75_octets_and_escaped_text() -> None:
    description = "Payroll, Sync; with a very long description that does not fit on one line\nx"
    items = connector_items(
        "payroll-sync", description, "classic", TODAY, tokens=[Dated("SYS", date(2027, 1, 1))]
    )
    written = render_ics(items)
    assert written.endswith(b"\r\n")
    lines = written.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # a folded continuation line
    summaries = [str(event["SUMMARY"]) for event in events(written)]
    assert summaries[0] == (
        "Payroll, Sync; with a very long description that does not fit on one line\\x0ax: "
        "classic token SYS expires"
    )


def _icalendar_writes(items: list[ExpiryItem]) -> bytes:
    """The same calendar built with icalendar's objects (what render_ics wrote until it
    became too slow at 5,000 connectors): the reference for its bytes."""
    from icalendar import Alarm, Event

    from acwizard.expiry import _order, _summary, _uids, _what
    from acwizard.text import escaped

    ordered = sorted(items, key=_order)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "App connector expiries")
    for item, uid in zip(ordered, _uids(ordered), strict=True):
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", datetime.combine(item.date, datetime.min.time(), UTC))
        event.add("dtstart", item.date)
        event.add("dtend", item.date + timedelta(days=1))
        event.add("summary", _summary(item))
        event.add(
            "description",
            f"App connector {escaped(item.connector_id)} ({escaped(item.description)}), "
            f"authentication {item.authentication}: {_what(item)}, {item.date.isoformat()}.",
        )
        event.add("categories", ["acwizard", KIND_LABELS[item.kind]])
        event.add("transp", "TRANSPARENT")
        event.add("x-microsoft-cdo-alldayevent", "TRUE")
        event.add("x-microsoft-cdo-busystatus", "FREE")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _summary(item))
        alarm.add("trigger", timedelta(days=-ALARM_DAYS))
        event.add_component(alarm)
        calendar.add_component(event)
    written: bytes = calendar.to_ical()
    return written


@pytest.mark.parametrize(
    "description",
    [
        "Payroll Sync",
        "Payroll, Sync; \\ with commas, semicolons and a backslash",
        "Zeiterfassung für Mitarbeiter und Führungskräfte in der Schweiz " * 2,
        "給与の同期" * 30,
        "x" * 60 + "\\" + "y" * 60,
        "Caret ^ and emoji 🚀 near the fold " + "é" * 40,
    ],
)
def test_the_calendar_is_byte_for_byte_what_icalendar_writes(description: str) -> None:
    items = connector_items(
        "payroll-sync",
        description,
        "hybrid",
        TODAY,
        tokens=[Dated("SYS, PAYROLL;" + "ü" * 30, date(2027, 1, 1))],
        secrets=[Dated("2026-H2", date(2026, 12, 20))],
        certificates=[Dated("payroll-2026", date(2027, 6, 30))],
    )
    assert render_ics(items) == _icalendar_writes(items)


def test_the_folds_fall_where_icalendar_puts_them_at_every_offset() -> None:
    # an escape (backslash, comma, semicolon) or a caret on each side of every fold
    for offset in range(80):
        for ascii_only in (True, False):
            text = ("a" if ascii_only else "ä") * offset + "\\,;^" * 30
            items = connector_items(
                "x", text, "classic", TODAY, tokens=[Dated("SYS", date(2027, 1, 1))]
            )
            assert render_ics(items) == _icalendar_writes(items), (offset, ascii_only)
