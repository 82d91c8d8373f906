"""The saves of one session, combined per connector: the clicks from its first before to
its last after (issue 21, the clicks after a save)."""

from __future__ import annotations

import pytest

from acwizard.cores.after_save import FALLBACK, clicks_text, heading
from acwizard.cores.session_saves import SessionSaves
from acwizard.model import AppConnector
from acwizard.workspace import Workspace

from conftest import DEMO


@pytest.fixture(scope="module")
def demo() -> Workspace:
    """The demo workspace, read once (nothing here writes)."""
    return Workspace.open(DEMO)


def opened(demo: Workspace, connector_id: str) -> AppConnector:
    """A demo connector as the properties screen opens it."""
    connector = demo.load(demo.connector_path(connector_id)).connector
    assert connector is not None
    return connector.migrated()


def text(demo: Workspace, session: SessionSaves, connector_id: str | None = None) -> str:
    """The clicks of one connector's saves, or of the whole session, as one text."""
    saves = session.all() if connector_id is None else [session.get(connector_id)]
    return "\n".join(clicks_text([s for s in saves if s], demo.settings, demo.catalog))


def test_two_saves_of_one_connector_give_both_changes_removal_first(demo):
    session = SessionSaves()
    start = opened(demo, "payroll-sync")
    revoked = start.model_copy(update={"update_connectors": ["HrVarValue", "KnEmployee"]})
    granted = revoked.model_copy(
        update={"get_connectors": [*revoked.get_connectors, "Profit_Debtors"]}
    )
    # WHEN the revoke is saved, then the grant
    session.saved("payroll-sync", start, revoked)
    combined = session.saved("payroll-sync", revoked, granted)
    # THEN the saves add up from the first before to the last after
    assert combined.before == start and combined.after == granted and combined.saves == 2
    clicks = text(demo, session, "payroll-sync")
    assert "HrCompMut" in clicks and "Profit_Debtors" in clicks
    assert clicks.index("HrCompMut") < clicks.index("Profit_Debtors")  # removal before grant


def test_a_save_that_undoes_the_earlier_one_leaves_nothing_to_click(demo):
    session = SessionSaves()
    start = opened(demo, "payroll-sync")
    blocked = start.model_copy(update={"blocked": True})
    session.saved("payroll-sync", start, blocked)
    saved = session.saved("payroll-sync", blocked, start.model_copy())
    assert saved.unchanged
    assert text(demo, session, "payroll-sync") == (
        "Nothing to click in Profit: the 2 saves of this session end where they began "
        "(the last undid the earlier ones)."
    )


def test_two_connectors_are_kept_apart(demo):
    session = SessionSaves()
    bi, time = opened(demo, "bi-export"), opened(demo, "time-registration")
    session.saved("bi-export", bi, bi.model_copy(update={"blocked": True}))
    session.saved("time-registration", time, time.model_copy(update={"blocked": True}))
    # THEN each connector's clicks are its own
    bi_clicks = text(demo, session, "bi-export")
    assert "'BI Export'" in bi_clicks and "Time Registration" not in bi_clicks
    assert "BI Export" not in text(demo, session, "time-registration")
    # AND the whole session has both, in the order first saved
    both = text(demo, session)
    assert both.index("'BI Export'") < both.index("'Time Registration'")
    assert [saved.connector_id for saved in session.all()] == ["bi-export", "time-registration"]


def test_a_deleted_connector_gets_plans_removal_steps_from_what_profit_had(demo):
    session = SessionSaves()
    start = opened(demo, "bi-export")
    session.saved("bi-export", start, start.model_copy(update={"description": "BI Export 2"}))
    deleted = session.deleted("bi-export", start.model_copy(update={"description": "BI Export 2"}))
    assert deleted is not None and deleted.deleted and deleted.before == start
    clicks = text(demo, session, "bi-export")
    # Profit knows it by the description it had before the session
    assert "Delete the app connector 'BI Export' (bi-export)" in clicks
    assert "Select the app connector 'BI Export' and delete it." in clicks
    assert "connectors/bi-export.toml is deleted; Profit has not changed" in heading([deleted])


def test_an_invalid_file_deleted_unsaved_leaves_nothing_known():
    assert SessionSaves().deleted("broken", None) is None


def test_a_created_connector_gets_the_create_flow_and_deleting_it_leaves_nothing(demo):
    session = SessionSaves()
    new = opened(demo, "expense-app").model_copy(update={"blocked": True})
    session.created("expense-claims", new)
    session.saved("expense-claims", new, new.model_copy(update={"blocked": False}))
    clicks = text(demo, session, "expense-claims")
    assert "Add the app connector 'Expense App'" in clicks
    assert clicks.index("Click on: Finish.") < clicks.index("Deselect the Blocked check box")
    # WHEN it is deleted again, Profit never had it: nothing to click
    session.deleted("expense-claims", new)
    assert text(demo, session, "expense-claims") == (
        "Nothing to click in Profit: it was created and deleted in this session; "
        "Profit never had it."
    )


def test_the_heading_says_which_saves_and_names_the_honest_fallback(demo):
    session = SessionSaves()
    start = opened(demo, "payroll-sync")
    session.saved("payroll-sync", start, start.model_copy(update={"blocked": True}))
    one = heading(session.all())
    assert "The clicks for the 1 save of this session, combined." in one
    assert "`acwizard plan` between the commits (in a git workspace)" in FALLBACK
    assert FALLBACK in one
    other = heading(session.all(), "BI Export")
    assert other.startswith("'BI Export' has no save in this session.")
    assert FALLBACK in other
