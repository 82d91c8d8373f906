"""Pilot tests wait until the app is done, also on a loaded machine (conftest's `settle`).

Pilot guesses that the app is done when the test process used little CPU time while it
slept. On a loaded CI machine the process often gets no CPU at all for that while, the
guess says "done" too early and the test reads a half-drawn screen (CI once read the
Webhooks tab before its footer had drawn its keys). These tests fool the guess that way
every time; they pass only because every key press and pause also waits for the app.
"""

from __future__ import annotations

import pytest
import textual._wait
from test_webhooks_pane import DOSSIER, SIZE, posted, webhooks_host

from acwizard.dialogs.webhook_form import WebhookDialog

from conftest import shown


@pytest.fixture
def starved(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's idle guess always says idle, as when the process got no CPU while it slept."""
    monkeypatch.setattr(textual._wait, "process_time", lambda: 0.0)


async def test_the_screen_is_read_once_drawn_on_a_starved_machine(starved: None) -> None:
    app = webhooks_host([DOSSIER])
    async with app.run_test(size=SIZE) as pilot:
        text = await shown(pilot)
        assert "1 webhook" in text
        assert "n New" in text and "b Block" in text and "d Remove" in text


async def test_keys_are_handled_one_by_one_on_a_starved_machine(starved: None) -> None:
    app = webhooks_host([DOSSIER])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, WebhookDialog)
        await pilot.press(*"Invoices", "tab", *"https://erp.example.net/hook", "enter")
        assert not isinstance(app.screen, WebhookDialog)
        assert posted(app)[-1] == {
            "description": "Invoices",
            "url": "https://erp.example.net/hook",
            "blocked": False,
        }
