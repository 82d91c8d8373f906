"""What one key typed in a General field costs the properties screen: only what it changed.

Speed itself is measured by the benchmark (`python -m bench --only editing`); these
tests pin the work a key must not cause, so that a change that brings it back
fails here and not only in a figure: the footer rebuilt, the review redrawn, a
message drawn again that says what it said. Pilot at 80x24.
"""

from __future__ import annotations

from textual.widgets import Static

from acwizard.app import AcWizardApp
from acwizard.screens import properties as properties_module
from acwizard.screens.properties import PropertiesScreen
from acwizard.widgets.key_footer import KeyFooter

from conftest import PAYROLL_AS_V2, shown

SIZE = (80, 24)


async def test_typing_in_the_description_redraws_only_what_the_keys_changed(
    workspace, write_connector, monkeypatch
):
    # GIVEN a connector open, the cursor at the end of Description: no Undo in the footer
    write_connector(PAYROLL_AS_V2)
    app = AcWizardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "tab", "end")
        screen = app.screen
        assert isinstance(screen, PropertiesScreen)
        assert "Undo" not in (await shown(pilot)).splitlines()[-1]
        # WHEN the first key makes something to undo
        await pilot.press("x")
        # THEN the footer offers Undo once the typing pauses (it is rebuilt then, not
        # on the key: test_properties_undo has ctrl+z working at once anyway)
        await pilot.pause(properties_module.FOOTER_PAUSE + 0.3)
        assert "Undo" in (await shown(pilot)).splitlines()[-1]
        rebuilt: list[str] = []
        drawn: list[str] = []
        recompose = KeyFooter.recompose
        update = Static.update

        async def counted_recompose(footer: KeyFooter) -> None:
            rebuilt.append("footer")
            await recompose(footer)

        def counted_update(widget: Static, *args: object, **kwargs: object) -> None:
            drawn.append(widget.id or "")
            update(widget, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(KeyFooter, "recompose", counted_recompose)
        monkeypatch.setattr(Static, "update", counted_update)
        # WHEN the admin types a word and deletes it again
        await pilot.press(*" pay", *["backspace"] * 4)
        # THEN the field holds it, and no key rebuilt the footer or redrew a message
        assert screen.description_input.value == "Payroll Syncx"
        assert rebuilt == []
        assert "findings" not in drawn and "description-message" not in drawn
        # AND what a key does change still shows: the length, once near the limit
        screen.description_input.value = "x" * 85
        await pilot.press("y")
        assert "86 of at most 100 characters" in await shown(pilot)
        assert "description-message" in drawn
