"""The Webhooks tab's pane and the webhook dialog (Profit 8), on their own at 80x24.

GIVEN a pane hosted as the properties screen will host it, WHEN the admin
presses its keys, THEN the table shows what the admin sees and the pane posts
the whole proposed list as plain data; the host plays the properties screen
and validates it through the model.
"""

from __future__ import annotations

from typing import Any

import pytest
from pane_host import PaneHost
from pydantic import ValidationError
from rich.cells import cell_len

from acwizard.dialogs.questions import ConfirmDialog
from acwizard.dialogs.webhook_form import WebhookDialog
from acwizard.model import AppConnector, Webhook
from acwizard.widgets.cells import clip_url
from acwizard.widgets.webhooks_pane import WebhooksPane

from conftest import shown, toasts

SIZE = (80, 24)

DOSSIER = Webhook(description="Dossier changes", url="https://hooks.example.com/afas")
WORKFLOW = Webhook(
    description="Workflow tasks", url="https://flow.example.org/profit", blocked=True
)


def accept_webhooks(host: PaneHost, pane: Any, message: Any) -> None:
    """The properties screen's part: validate through the model, show what it kept."""
    old = pane.webhooks
    try:
        connector = AppConnector.model_validate(
            {
                "schema_version": 2,
                "description": "x",
                "user_group": "x",
                "webhooks": message.webhooks,
            }
        )
    except ValidationError as exc:
        pane.show(old)
        host.notify(str(exc.errors()[0]["msg"]), title="Not changed", markup=False)
        return
    pane.show(connector.webhooks)


def webhooks_host(webhooks: list[Webhook]) -> PaneHost:
    return PaneHost(lambda: WebhooksPane(webhooks, id="webhooks-pane"), accept_webhooks)


def posted(app: PaneHost) -> list[dict[str, Any]]:
    """The list the pane asked for last."""
    return app.changes[-1].webhooks  # type: ignore[attr-defined]


async def test_the_table_shows_description_blocked_and_url():
    app = webhooks_host([DOSSIER, WORKFLOW])
    async with app.run_test(size=SIZE) as pilot:
        text = await shown(pilot)
        assert "2 webhooks, 1 blocked." in text
        assert "Description Blocked URL" in text
        assert "> Dossier changes [ ] https://hooks.example.com/afas" in text
        assert "Workflow tasks [X] https://flow.example.org/profit" in text
        assert "password is set in Profit, never in the file" in text
        assert "n New" in text and "b Block" in text and "d Remove" in text


async def test_an_empty_pane_says_how_to_add_one():
    app = webhooks_host([])
    async with app.run_test(size=SIZE) as pilot:
        assert "No webhooks. Press n to add one." in await shown(pilot)
        await pilot.press("b", "d", "e")
        assert app.changes == []  # nothing to act on


async def test_new_posts_the_whole_list_with_the_new_webhook():
    app = webhooks_host([DOSSIER])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, WebhookDialog)
        text = await shown(pilot)
        assert "New webhook" in text
        assert "set in Profit (the webhook's properties, Actions / Change password)" in text
        assert "[ ] Blocked" in text
        await pilot.press(*"Invoices", "tab", *"https://erp.example.net/hook", "enter")
        assert posted(app) == [
            DOSSIER.model_dump(),
            {"description": "Invoices", "url": "https://erp.example.net/hook", "blocked": False},
        ]
        assert "Invoices [ ] https://erp.example.net/hook" in await shown(pilot)


async def test_the_url_field_says_the_models_rule_as_the_admin_types():
    app = webhooks_host([])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Invoices", "tab", *"http://erp.example.net/hook")
        assert "! must start with https://" in await shown(pilot)
        await pilot.press("ctrl+u", *"https://192.168.1.5/hook")
        assert "! host 192.168.1.5 is not publicly reachable" in await shown(pilot)
        await pilot.press("ctrl+u", *"https://erp.example.net/hook?token=abc")
        assert "which carries a secret; secrets never go into files" in await shown(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, WebhookDialog)  # refused: still open
        assert app.changes == []
        await pilot.press("ctrl+u", *"https://erp.example.net/hook")
        assert "!" not in (await shown(pilot)).split("URL (https")[1].split("Blocked")[0]


async def test_ok_without_a_description_is_refused_at_the_field():
    app = webhooks_host([])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "tab", *"https://erp.example.net/hook", "ctrl+s")
        assert "! must not be empty" in await shown(pilot)
        assert isinstance(app.screen, WebhookDialog)
        assert app.screen.focused is app.screen.query_one("#webhook-description")


async def test_enter_edits_the_webhook_under_the_cursor():
    app = webhooks_host([DOSSIER, WORKFLOW])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        text = await shown(pilot)
        assert "Edit webhook" in text and "[X] Blocked" in text
        await pilot.press("tab", "ctrl+u", *"https://flow.example.org/v2", "tab", "space")
        await pilot.press("ctrl+s")
        assert posted(app)[1] == {
            "description": "Workflow tasks",
            "url": "https://flow.example.org/v2",
            "blocked": False,
        }
        assert posted(app)[0] == DOSSIER.model_dump()


async def test_b_blocks_and_unblocks():
    app = webhooks_host([DOSSIER])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert posted(app) == [{**DOSSIER.model_dump(), "blocked": True}]
        assert "Dossier changes [X]" in await shown(pilot)
        await pilot.press("b")
        assert posted(app) == [DOSSIER.model_dump()]
        assert "Dossier changes [ ]" in await shown(pilot)


async def test_remove_asks_first_and_keep_is_the_default():
    app = webhooks_host([DOSSIER, WORKFLOW])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        text = await shown(pilot)
        assert "Remove webhook 'Dossier changes'?" in text
        assert "> Keep <" in text
        await pilot.press("enter")
        assert app.changes == []
        await pilot.press("d", "left", "enter")
        assert posted(app) == [WORKFLOW.model_dump()]
        assert "Dossier changes" not in (await shown(pilot)).split("Removed webhook")[0]


async def test_a_refused_list_keeps_the_old_one_on_screen():
    # GIVEN two webhooks; WHEN the second is edited to the first one's URL
    app = webhooks_host([DOSSIER, WORKFLOW])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("down", "enter", "tab", "ctrl+u", *DOSSIER.url, "enter")
        # THEN the model's list rule refuses it at the URL field: the form stays open
        # with what was typed (closing it on a refused list lost the edit)
        text = await shown(pilot)
        assert "! this webhook URL is listed twice" in text
        assert isinstance(app.screen, WebhookDialog)
        assert app.screen.query_one("#webhook-url").value == DOSSIER.url  # type: ignore[attr-defined]
        assert app.changes == []
        # AND Cancel (asked first: something was typed) leaves the table as it was
        await pilot.press("escape")
        assert "Discard what you typed?" in await shown(pilot)
        await pilot.press("left", "enter")
        text = await shown(pilot)
        assert "Workflow tasks [X] https://flow.example.org/profit" in text
        assert app.changes == []


async def test_a_new_webhook_with_a_url_listed_already_is_refused_at_the_field():
    app = webhooks_host([DOSSIER])
    async with app.run_test(size=SIZE) as pilot:
        bells: list[None] = []
        app.bell = lambda: bells.append(None)  # type: ignore[method-assign]
        await pilot.press("n", *"Invoices", "tab", *DOSSIER.url)
        assert "! this webhook URL is listed twice" in await shown(pilot)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, WebhookDialog) and bells
        assert app.screen.query_one("#webhook-description").value == "Invoices"  # type: ignore[attr-defined]
        # AND its own URL is no problem when a webhook is edited
        await pilot.press("escape", "left", "enter")  # discard the typed one (asked first)
        await pilot.press("enter", "tab", "ctrl+s")
        assert posted(app) == [DOSSIER.model_dump()]


async def test_a_long_url_left_in_the_form_shows_its_host():
    app = webhooks_host([])
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n", *"Stock", "tab", *LONG_V1.url, "tab")
        text = await shown(pilot)
        assert "https://hooks.webshop.example.com/…hooks/stock-levels/v1" in text


async def test_user_text_is_never_read_as_markup():
    odd = Webhook(description="[bold]Payroll[/bold] hooks", url="https://hooks.example.com/a")
    app = webhooks_host([odd])
    async with app.run_test(size=SIZE) as pilot:
        assert "[bold]Payroll[/bold] hooks" in await shown(pilot)
        await pilot.press("enter")
        assert app.screen.query_one("#webhook-description").value == odd.description  # type: ignore[attr-defined]


async def test_an_older_profit_says_webhooks_are_not_there_yet():
    app = PaneHost(lambda: WebhooksPane([], id="webhooks-pane", profit_version=7))
    async with app.run_test(size=SIZE) as pilot:
        assert "Not available: webhooks came with Profit 8; this workspace is Profit 7" in (
            await shown(pilot)
        )


LONG_V1 = Webhook(
    description="Stock levels for the warehouse dashboard",
    url="https://hooks.webshop.example.com/afas/profit/webhooks/stock-levels/v1",
)
LONG_V2 = Webhook(
    description="Stock levels for the warehouse dashboard (new)",
    url="https://hooks.webshop.example.com/afas/profit/webhooks/stock-levels/v2",
    blocked=True,
)


async def test_at_60x20_a_long_url_is_cut_with_an_ellipsis_and_keeps_its_host():
    # GIVEN two webhooks whose URLs differ only at their end, too long for 60 columns
    app = webhooks_host([LONG_V1, LONG_V2])
    async with app.run_test(size=(60, 20)) as pilot:
        text = await shown(pilot)
        # THEN each URL shows its whole host and its end, the cut marked with an ellipsis
        # (the usual https:// makes room for the host)
        assert "Description Blocked URL" in text
        assert "> Stock leve… [ ] hooks.webshop.example.com/…v1" in text
        assert "Stock leve… [X] hooks.webshop.example.com/…v2" in text
        # AND nothing is cut by the edge without a sign: no sideways scroll bar
        assert app.query_one(WebhooksPane).query_one("FittedTable").max_scroll_x == 0  # type: ignore[attr-defined]
        # AND when the terminal grows to 80x24, the cells are fitted to the room again
        await pilot.resize_terminal(80, 24)
        app.fit()
        text = await shown(pilot)
        assert "> Stock levels f… [ ] hooks.webshop.example.com/…ks/stock-levels/v1" in text
        assert "Stock levels f… [X] hooks.webshop.example.com/…ks/stock-levels/v2" in text


async def test_a_long_host_keeps_its_end_where_the_domain_is():
    spoof = Webhook(
        description="Orders",
        url="https://hooks.example.com.integration-gateway.attacker.example.net/afas/orders",
    )
    app = webhooks_host([spoof])
    async with app.run_test(size=(60, 20)) as pilot:
        text = await shown(pilot)
        # THEN its start goes: the domain it really goes to stays in view
        assert "> Orders [ ] …teway.attacker.example.net/…" in text
        assert "hooks.example.com" not in text


# -- clip_url on its own ----------------------------------------------------------------

CUT_URLS = [
    "https://hooks.webshop.example.com/afas/profit/webhooks/stock-levels/v1",
    "https://hooks.example.com.integration-gateway.attacker.example.net/afas/orders",
    "http://127.0.0.1:8400/callback/native/app",
    "https://hooks.example.com?event=order&format=json",
    "https://xn--bcher-kva.example/über/straße/日本語/callback",
]


@pytest.mark.parametrize("url", CUT_URLS)
def test_clip_url_fits_every_width_and_marks_every_cut(url: str):
    for width in range(5, cell_len(url) + 3):
        shown = clip_url(url, width)
        assert cell_len(shown) <= width, (width, shown)
        if cell_len(url) <= width:
            assert shown == url
        else:
            assert "…" in shown, (width, shown)


@pytest.mark.parametrize(
    ("url", "width", "shown"),
    [
        # the host whole, the end of the path: two URLs differing at the end stay apart
        (CUT_URLS[0], 54, "https://hooks.webshop.example.com/…oks/stock-levels/v1"),
        # the usual https:// goes for a longer end of the path (URL_TAIL)
        (CUT_URLS[0], 45, "hooks.webshop.example.com/…ks/stock-levels/v1"),
        # the usual https:// goes before the host is cut
        (CUT_URLS[0], 30, "hooks.webshop.example.com/…/v1"),
        # ...but not where the whole path would then show: "…" marks only a real cut
        ("https://hooks.example.com/afas", 29, "https://hooks.example.com/…as"),
        # a long host keeps its end, where the registered domain is
        (CUT_URLS[1], 30, "…ateway.attacker.example.net/…"),
        # http (a native app's loopback redirect) keeps its scheme: it is the odd one
        (CUT_URLS[2], 30, "http://127.0.0.1:8400/…ive/app"),
    ],
)
def test_clip_url_keeps_the_host_in_view(url: str, width: int, shown: str):
    assert clip_url(url, width) == shown


async def test_b_says_what_it_did_so_a_stray_b_is_seen():
    app = webhooks_host([DOSSIER, WORKFLOW])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("b")
        assert [hook["blocked"] for hook in posted(app)] == [True, True]
        assert "Webhook 'Dossier changes' blocked: Profit stops posting to it" in await toasts(
            pilot
        )


async def test_without_webhooks_only_new_is_offered():
    app = webhooks_host([])
    async with app.run_test(size=SIZE) as pilot:
        text = await shown(pilot)
        assert "n New" in text
        assert "b Block" not in text and "d Remove" not in text and "e Edit" not in text
        await pilot.press("b", "d", "e")
        assert app.changes == []
