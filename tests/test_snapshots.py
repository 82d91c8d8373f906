"""The look of every screen at 80x24 (and the main ones narrower), as SVG snapshots.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and review the SVGs in the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

from acwizard.app import AcWizardApp

from conftest import PAYROLL, list_checked

OPEN_PAYROLL = ("down", "down", "down", "enter")
"""From the demo list, open Payroll Sync (the fourth row)."""

SNAPSHOTS = Path(__file__).parent / "__snapshots__" / Path(__file__).stem


class TestConnectorList:
    def test_list(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), run_before=list_checked)

    def test_list_filtered(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["slash", *"sync"])

    def test_list_with_an_invalid_file(self, snap_compare, demo_copy):
        (demo_copy / "connectors" / "broken.toml").write_text(
            PAYROLL.replace("blocked = true", "blocked = maybe"), encoding="utf-8"
        )
        assert snap_compare(AcWizardApp(demo_copy), run_before=list_checked)

    def test_problems_dialog(self, snap_compare, demo_copy):
        (demo_copy / "connectors" / "broken.toml").write_text(
            PAYROLL.replace("blocked = true", "blocked = maybe"), encoding="utf-8"
        )
        assert snap_compare(AcWizardApp(demo_copy), press=["down", "p"])

    def test_help(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["f1"], run_before=list_checked)

    def test_delete_confirmation(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["d"])

    def test_list_narrow(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), terminal_size=(60, 20), run_before=list_checked)

    def test_list_narrow_scrolled_right(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["down", "right"], terminal_size=(60, 20))

    def test_invalid_file_opened(self, snap_compare, demo_copy):
        (demo_copy / "connectors" / "broken.toml").write_text(
            PAYROLL.replace("blocked = true", "blocked = maybe"), encoding="utf-8"
        )
        assert snap_compare(AcWizardApp(demo_copy), press=["down", "enter"])


class TestNewWizard:
    def test_step_description(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["n", *"Payroll Sync"])

    def test_step_description_error(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["n", *"Pay\x1b", "space", "enter"])

    def test_step_user_group(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["n", *"Fleet Manager", "enter"])

    def test_step_user_group_filtered(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["n", *"Fleet Manager", "enter", *"plan"])

    def test_step_description_narrow(self, snap_compare, demo_copy):
        assert snap_compare(
            AcWizardApp(demo_copy), press=["n", *"Payroll Sync"], terminal_size=(60, 20)
        )

    def test_step_user_group_narrow(self, snap_compare, demo_copy):
        assert snap_compare(
            AcWizardApp(demo_copy),
            press=["n", *"Fleet Manager", "enter", "down", "down"],
            terminal_size=(60, 20),
        )

    def test_help(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=["n", "f1"])


class TestProperties:
    def test_general(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_PAYROLL])

    def test_general_with_errors(self, snap_compare, demo_copy):
        assert snap_compare(
            AcWizardApp(demo_copy),
            press=[*OPEN_PAYROLL, "tab", "ctrl+u", "tab", "ctrl+u", *"Unknown group"],
        )

    def test_get_connectors(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_PAYROLL, "ctrl+t"])

    def test_update_connectors(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_PAYROLL, "ctrl+t", "ctrl+t"])

    def test_special_connectors(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_PAYROLL, *["ctrl+t"] * 3])

    def test_ip_restrictions(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_PAYROLL, *["ctrl+t"] * 4])

    def test_picker(self, snap_compare, demo_copy):
        assert snap_compare(
            AcWizardApp(demo_copy),
            press=[*OPEN_PAYROLL, "ctrl+t", "n", *"helloid", "down", "space", "down"],
        )

    def test_ip_form_with_error(self, snap_compare, demo_copy):
        assert snap_compare(
            AcWizardApp(demo_copy),
            press=[*OPEN_PAYROLL, *["ctrl+t"] * 4, "n", *"10.1.2.3", "tab", *"255.255.0.0"],
        )

    def test_save_preview(self, snap_compare, demo_copy):
        async def without_toasts(pilot) -> None:  # the removal's toast lasts 5 s: not the look
            await pilot.press(
                *OPEN_PAYROLL, "ctrl+t", "ctrl+t", "d", "ctrl+t", "ctrl+t", "ctrl+t", "ctrl+s"
            )
            pilot.app.clear_notifications()
            await pilot.pause()

        assert snap_compare(AcWizardApp(demo_copy), run_before=without_toasts)

    def test_discard_confirmation(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_PAYROLL, "tab", "x", "escape"])

    def test_not_afas_online(self, snap_compare, demo_copy):
        (demo_copy / "acwizard.toml").write_text(
            'environment = "T12345AA"\nonline = false\n', encoding="utf-8"
        )
        assert snap_compare(AcWizardApp(demo_copy), press=["down", "enter"])

    def test_general_narrow(self, snap_compare, demo_copy):
        assert snap_compare(AcWizardApp(demo_copy), press=[*OPEN_PAYROLL], terminal_size=(60, 20))

    def test_ip_form_narrow(self, snap_compare, demo_copy):
        """At 60x20 the form scrolls its fields and keeps OK and Cancel on screen."""
        assert snap_compare(
            AcWizardApp(demo_copy),
            press=[*OPEN_PAYROLL, "5", "n", *"0.0.0.0/0"],
            terminal_size=(60, 20),
        )

    def test_oauth_tab(self, snap_compare, demo_copy):
        """The demo's OAuth connector (Time Registration, fifth row) on its OAuth tab."""
        assert snap_compare(
            AcWizardApp(demo_copy), press=["down", "down", "down", "down", "enter", "f7"]
        )

    def test_webhooks_tab(self, snap_compare, demo_copy):
        """The demo's hybrid connector (Webshop Integration, last row) and its webhook."""
        assert snap_compare(AcWizardApp(demo_copy), press=["end", "enter", "f8"])

    def test_webhooks_tab_narrow(self, snap_compare, demo_copy):
        """At 60x20 the eight tab labels fit and the footer keeps OK, Cancel and Help."""
        assert snap_compare(
            AcWizardApp(demo_copy), press=["end", "enter", "7"], terminal_size=(60, 20)
        )

    def test_ip_restrictions_narrow(self, snap_compare, demo_copy):
        """At 60x20 every tab label reads whole, and the cursor row is marked `>`."""
        assert snap_compare(
            AcWizardApp(demo_copy), press=[*OPEN_PAYROLL, "5"], terminal_size=(60, 20)
        )

    def test_user_tokens_tab(self, snap_compare, demo_copy):
        """BI Export's register (first row): Profit's columns, the test run's token "soon"."""
        assert snap_compare(AcWizardApp(demo_copy), press=["enter", "8"])

    def test_user_tokens_tab_narrow(self, snap_compare, demo_copy):
        """At 60x20: eight tab labels; Issued left out so that every other column reads."""
        assert snap_compare(AcWizardApp(demo_copy), press=["enter", "f9"], terminal_size=(60, 20))

    def test_token_form_narrow(self, snap_compare, demo_copy):
        """Editing a token at 60x20: one line a field, OK and Cancel in view."""
        assert snap_compare(
            AcWizardApp(demo_copy), press=["enter", "8", "e"], terminal_size=(60, 20)
        )

    def test_oauth_tab_client_secrets(self, snap_compare, demo_copy):
        """Webshop Integration (hybrid, client secret): its secrets, the first ending soon."""
        assert snap_compare(AcWizardApp(demo_copy), press=["end", "enter", "6"])


def test_every_snapshot_file_belongs_to_a_test():
    """A snapshot left behind by a renamed or removed test fails the suite.

    syrupy checks this itself, but only in a serial run: under pytest-xdist each worker
    sees part of the tests and syrupy skips the check (its `finish` says so).
    """
    module = sys.modules[__name__]
    tests = {
        f"{name}.{method}"
        for name, cls in vars(module).items()
        if name.startswith("Test") and isinstance(cls, type)
        for method in vars(cls)
        if method.startswith("test_")
    }
    files = {path.name.removesuffix(".svg") for path in SNAPSHOTS.iterdir()}
    assert tests and files  # both found: the comparison below is not of two empty sets
    assert sorted(files - tests) == []
