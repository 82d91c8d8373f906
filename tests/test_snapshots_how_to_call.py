"""The look of How to call and of the clicks after a save, at 80x24 and 60x20 (issue 21).

Update after an intended change with
`pytest tests/test_snapshots_how_to_call.py --snapshot-update` and review the SVGs.
"""

from __future__ import annotations

from acwizard.app import AcWizardApp

OPEN_WEBSHOP_HOW_TO_CALL = ("down",) * 5 + ("ctrl+o",)
"""From the demo list, How to call of Webshop Integration (hybrid: both ways in)."""
SAVE_PAYROLL = ("down", "down", "down", "enter", "2", "d", "ctrl+s", "ctrl+s")
"""Open Payroll Sync, remove its first GetConnector, save."""


class TestHowToCall:
    def test_hybrid(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_WEBSHOP_HOW_TO_CALL])

    def test_hybrid_oauth_command_selected(self, snap_compare, demo_copy):
        assert snap_compare(
            AcWizardApp(demo_copy), press=[*OPEN_WEBSHOP_HOW_TO_CALL, "down", "down"]
        )

    def test_narrow(self, snap_compare, demo_copy):
        assert snap_compare(
            AcWizardApp(demo_copy),
            press=[*OPEN_WEBSHOP_HOW_TO_CALL, "down"],
            terminal_size=(60, 20),
        )

    def test_help(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_WEBSHOP_HOW_TO_CALL, "f1"])


class TestClicksAfterSave:
    def test_steps(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*SAVE_PAYROLL, "ctrl+p"])

    def test_steps_narrow(self, snap_compare, demo_copy):
        assert snap_compare(
            AcWizardApp(demo_copy), press=[*SAVE_PAYROLL, "ctrl+p"], terminal_size=(60, 20)
        )

    def test_list_footer_offers_clicks(self, snap_compare, demo_copy):
        # `^p Clicks` once the session has saved; the filter's key makes room for it
        assert snap_compare(AcWizardApp(demo_copy), press=list(SAVE_PAYROLL))

    def test_list_footer_offers_clicks_narrow(self, snap_compare, demo_copy):
        # at 60 columns the key drops, and "f1 Help +3" counts it
        assert snap_compare(
            AcWizardApp(demo_copy), press=list(SAVE_PAYROLL), terminal_size=(60, 20)
        )
