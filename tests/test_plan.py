"""The clicks of `acwizard plan`, on the core (`acwizard.planning`): order, Profit's words,
what differs on purpose between environments, and the one table of labels."""

from __future__ import annotations

import ipaddress
import re
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_output_safety import PARSERS, assert_inert

from acwizard.files.urls_plan_settings import EnvironmentDifferences
from acwizard.model import AppConnector
from acwizard.planning.connector import Context, connector_section, user_group_section
from acwizard.planning.differences import apply_differences
from acwizard.planning.sources import States, build_plan
from acwizard.planning.steps import Section
from acwizard.profit.labels import LANGUAGES, TEXTS
from acwizard.reports.plan import plan_markdown, render

BASE: dict[str, Any] = {
    "schema_version": 2,
    "description": "Expense App",
    "user_group": "Expense App",
    "blocked": True,
    "authentication": "classic",
}


def connector(**fields: Any) -> AppConnector:
    return AppConnector.model_validate({**BASE, **fields})


def oauth(**fields: Any) -> dict[str, Any]:
    return {
        "client_type": "confidential",
        "flows": ["client_credentials"],
        "client_authentication": "private_key_jwt",
        "certificates": [{"key_id": "k-2026", "not_after": date(2027, 1, 31)}],
        **fields,
    }


def steps(section: Section, lang: str = "en") -> list[str]:
    """The section's steps as text, nested ones marked with '  ' and notes with '- '."""
    return [
        "  " * step.level + ("- " if step.note else "") + render(step, lang)  # type: ignore[arg-type]
        for step in section.steps
    ]


def changed(before: AppConnector, after: AppConnector, version: int = 9) -> list[str]:
    return steps(connector_section("x", before, after, Context(version)))


OPEN = [
    "Go to: General / Management / App connector.",
    "Open the properties of the app connector 'Expense App'.",
]


class TestCreating:
    def test_the_documented_flow_then_the_tabs_then_unblock_last(self):
        after = connector(
            blocked=False,
            get_connectors=["Profit_Employees"],
            update_connectors=["KnEmployee"],
            ip_restrictions=[{"address": "203.0.113.7", "access": "allowed"}],
        )
        assert steps(connector_section("x", None, after, Context())) == [
            "Go to: General / Management / App connector.",
            "Click on: New.",
            "Enter the description: 'Expense App'.",
            "Select a user group in User group: 'Expense App'.",
            "Click on: Finish.",
            "  - Profit creates the app connector blocked and opens its properties.",
            "Go to the tab: General.",
            "  Authentication type: choose Classic token.",
            "Go to the tab: GetConnectors.",
            "  Click on: New.",
            "  Select the check boxes of: Profit_Employees.",
            "  Click on: Finish.",
            "Go to the tab: UpdateConnectors.",
            "  Click on: New.",
            "  Select the check boxes of: KnEmployee.",
            "  Click on: Finish.",
            "Go to the tab: IP restrictions.",
            "  Click on: New. Enter 203.0.113.7 and set Access to Allow.",
            "Go to the tab: General.",
            "  Deselect the Blocked check box.",
            "Click on: OK.",
        ]

    def test_a_connector_the_file_keeps_blocked_is_never_unblocked(self):
        after = connector(schema_version=1, get_connectors=["Profit_Employees"])
        found = steps(connector_section("x", None, after, Context()))
        assert "  Deselect the Blocked check box." not in found
        assert "Authentication type" not in "".join(found)  # a version 1 file says nothing
        assert found[-1] == "Click on: OK."


class TestChanging:
    def test_unblock_and_grant_an_update_connector(self):
        before = connector()
        after = connector(blocked=False, update_connectors=["KnEmployee"])
        assert changed(before, after) == [
            *OPEN,
            "Go to the tab: UpdateConnectors.",
            "  Click on: New.",
            "  Select the check boxes of: KnEmployee.",
            "  Click on: Finish.",
            "Go to the tab: General.",
            "  Deselect the Blocked check box.",
            "Click on: OK.",
        ]

    def test_blocking_is_saved_first_when_more_changes(self):
        before = connector(blocked=False, get_connectors=["A", "B"])
        after = connector(blocked=True, get_connectors=["B", "C"])
        assert changed(before, after) == [
            *OPEN,
            "Go to the tab: General.",
            "  Select the Blocked check box.",
            "Click on: OK.",
            (
                "  - This saves the block at once, so the app cannot call Profit while you change "
                "the rest."
            ),
            *OPEN,
            "Go to the tab: GetConnectors.",
            "  Select the lines of A and delete them.",
            "  Click on: New.",
            "  Select the check boxes of: C.",
            "  Click on: Finish.",
            "Click on: OK.",
        ]

    def test_blocking_alone(self):
        assert changed(connector(blocked=False), connector(blocked=True)) == [
            *OPEN,
            "Go to the tab: General.",
            "  Select the Blocked check box.",
            "Click on: OK.",
        ]

    def test_the_connector_is_opened_by_the_description_profit_knows(self):
        after = connector(description="Expenses", user_group="Finance")
        assert changed(connector(), after) == [
            *OPEN,
            "Go to the tab: General.",
            "  Enter the description: 'Expenses'.",
            "  Select a user group in User group: 'Finance'.",
            "Click on: OK.",
        ]

    def test_a_spelling_in_case_only_and_notes_need_no_click(self):
        before = connector(update_connectors=["knemployee"])
        after = connector(update_connectors=["KnEmployee"], notes="Owner: HR")
        assert changed(before, after) == [
            (
                "- Nothing to click: Profit stays as it is (only notes, the spelling of an id in "
                "capitals, or how an address is written changed)."
            )
        ]


class TestIpLines:
    def lines(self, *pairs: tuple[str, str]) -> list[dict[str, str]]:
        return [{"address": address, "access": access} for address, access in pairs]

    def test_replacing_every_allowed_line_adds_first(self):
        before = connector(ip_restrictions=self.lines(("198.51.100.0/24", "allowed")))
        after = connector(ip_restrictions=self.lines(("203.0.113.0/24", "allowed")))
        assert changed(before, after)[2:-1] == [
            "Go to the tab: IP restrictions.",
            "  Click on: New. Enter 203.0.113.0/24 and set Access to Allow.",
            (
                "  - Add these lines before removing the old ones: with no line left, any address "
                "may call."
            ),
            "  Delete the line 198.51.100.0/24 (Allow).",
        ]

    def test_with_a_line_kept_removing_comes_first(self):
        before = connector(
            ip_restrictions=self.lines(("198.51.100.0/24", "allowed"), ("192.0.2.1", "allowed"))
        )
        after = connector(
            ip_restrictions=self.lines(("203.0.113.0/24", "allowed"), ("192.0.2.1", "allowed"))
        )
        assert changed(before, after)[3:-1] == [
            "  Delete the line 198.51.100.0/24 (Allow).",
            "  Click on: New. Enter 203.0.113.0/24 and set Access to Allow.",
        ]

    def test_from_disallowed_to_allowed_the_allow_list_comes_first(self):
        before = connector(ip_restrictions=self.lines(("192.0.2.0/24", "disallowed")))
        after = connector(ip_restrictions=self.lines(("198.51.100.7", "allowed")))
        assert changed(before, after)[3:-1] == [
            "  Click on: New. Enter 198.51.100.7 and set Access to Allow.",
            "  Delete the line 192.0.2.0/24 (Exclude).",
        ]

    def test_removing_the_last_line_says_what_it_means(self):
        before = connector(ip_restrictions=self.lines(("198.51.100.7", "allowed")))
        assert changed(before, connector())[3:-1] == [
            "  Delete the line 198.51.100.7 (Allow).",
            "  - No IP restriction is left: any address may call.",
        ]

    def test_a_version_1_mask_and_its_cidr_range_are_the_same_line(self):
        before = connector(
            schema_version=1,
            ip_restrictions=[
                {"address": "192.168.10.0", "subnet_mask": "255.255.255.0", "access": "allowed"}
            ],
        )
        after = connector(ip_restrictions=self.lines(("192.168.10.0/24", "allowed")))
        assert changed(before, after) == [
            (
                "- Nothing to click: Profit stays as it is (only notes, the spelling of an id in "
                "capitals, or how an address is written changed)."
            )
        ]

    def test_before_profit_8_a_range_is_an_address_and_a_mask(self):
        after = connector(ip_restrictions=self.lines(("192.168.10.0/24", "allowed")))
        assert changed(connector(), after, version=7)[3] == (
            "  Click on: New. Enter 192.168.10.0/255.255.255.0 and set Access to Allow."
        )


class TestSigningIn:
    def test_classic_to_hybrid_then_oauth(self):
        hybrid = connector(authentication="hybrid", oauth=oauth())
        assert changed(connector(), hybrid)[2:-1] == [
            "Go to the tab: General.",
            "  Authentication type: choose Hybrid.",
            "Go to the tab: OAuth.",
            "  Client type: choose Confidential.",
            "  Select the Client credentials check box.",
            "  Client authentication: choose Private key JWT.",
            "  Upload the certificate with key id k-2026 (valid until 2027-01-31).",
            (
                "  - Give the client id to the app's vendor; the credentials are handed over "
                "outside acwizard."
            ),
        ]
        final = connector(authentication="oauth", oauth=oauth())
        assert changed(hybrid, final)[2:-1] == [
            "Go to the tab: General.",
            "  Authentication type: choose OAuth.",
            # issue 20: the classic tokens left in Profit go once the app signs in with OAuth
            "Go to the tab: User tokens.",
            (
                "  - OAuth takes no classic token: delete every token left on this tab, once the "
                "app signs in with OAuth."
            ),
        ]

    def test_a_certificate_rotation_uploads_before_it_removes(self):
        old = connector(authentication="oauth", oauth=oauth())
        new = connector(
            authentication="oauth",
            oauth=oauth(
                certificates=[
                    {"key_id": "k-2027", "not_after": date(2028, 1, 31)},
                    {"key_id": "k-2026", "not_after": date(2027, 6, 30)},
                ]
            ),
        )
        rotated = connector(
            authentication="oauth",
            oauth=oauth(certificates=[{"key_id": "k-2027", "not_after": date(2028, 1, 31)}]),
        )
        assert changed(old, new)[3:-1] == [
            "  Upload the certificate with key id k-2026 (valid until 2027-06-30).",
            "  Upload the certificate with key id k-2027 (valid until 2028-01-31).",
            (
                "  Once the app signs with its new key: remove the certificate with key id k-2026 "
                "(valid until 2027-01-31)."
            ),
        ]
        assert changed(new, rotated)[3:-1] == [
            (
                "  Once the app signs with its new key: remove the certificate with key id k-2026 "
                "(valid until 2027-06-30)."
            ),
        ]

    def test_every_oauth_setting_that_changes(self):
        old = connector(
            authentication="oauth",
            oauth=oauth(client_authentication="client_secret", certificates=[]),
        )
        new = connector(
            authentication="oauth",
            oauth=oauth(
                flows=["authorization_code"],
                client_authentication="private_key_jwt",
                certificates=[],
                jwks_url="https://app.example/jwks.json",
                redirect_urls=["https://app.example/cb"],
                dpop=True,
            ),
        )
        assert changed(old, new)[3:-1] == [
            "  Select the Authorization code check box.",
            "  Deselect the Client credentials check box.",
            "  Client authentication: choose Private key JWT.",
            "  Redirect URL: add https://app.example/cb.",
            "  JWKS URL: enter https://app.example/jwks.json.",
            "  Select the DPoP check box.",
        ]


class TestWebhooks:
    def hooks(self, *hooks: tuple[str, str, bool]) -> list[dict[str, Any]]:
        return [{"description": d, "url": u, "blocked": b} for d, u, b in hooks]

    def test_removed_first_blocks_before_edits_new_ones_then_unblocks(self):
        before = connector(
            schema_version=2,
            webhooks=self.hooks(
                ("Gone", "https://a.example/gone", False),
                ("To block", "https://a.example/b", False),
                ("Moved", "https://a.example/old", False),
                ("To unblock", "https://a.example/u", True),
            ),
        )
        after = connector(
            webhooks=self.hooks(
                ("To block", "https://a.example/b", True),
                ("Moved", "https://a.example/new", False),
                ("To unblock", "https://a.example/u", False),
                ("New", "https://a.example/n", False),
            ),
        )
        assert changed(before, after)[2:-1] == [
            "Go to the tab: Webhooks.",
            "  Delete the webhook 'Gone'.",
            "  Open the properties of the webhook 'To block'.",
            "  Select the Blocked check box.",
            "  Click on: OK.",
            "  Open the properties of the webhook 'Moved'.",
            "  Enter the URL of the endpoint: https://a.example/new.",
            "  Click on: OK.",
            "  Click on: New.",
            "  Enter the description of the webhook: 'New'.",
            "  Enter the URL of the endpoint: https://a.example/n.",
            "  Enter the password (agreed with the app's vendor; acwizard never holds it).",
            "  Click on: Finish.",
            "  Open the properties of the webhook 'New'.",
            "  Click on: Actions / Send test message.",
            "  Open the properties of the webhook 'To unblock'.",
            "  Deselect the Blocked check box.",
            "  Click on: OK.",
        ]


class TestUserGroups:
    def states(self, existing: set[str], **after: Any) -> States:
        return States(
            {"old": connector(user_group="Old Group")},
            {"old": connector(user_group="Old Group"), "new": connector(**after)},
            set(),
            existing,
            Context(),
        )

    def test_a_new_group_comes_first_as_its_own_steps(self):
        plan = build_plan(self.states({"old group"}, user_group="Brand New"), "A", "B", None)
        assert [section.kind for section in plan.sections] == ["user_group", "created"]
        assert steps(plan.sections[0]) == [
            (
                "- Neither the catalog nor any other app connector names this group: skip these "
                "steps if it exists."
            ),
            "Go to: General / Management / Authorisation tool.",
            "Go to: Group / New.",
            "Complete the fields (the group's name: 'Brand New').",
            "Click on: Finish.",
            "Go to the tab: Group maintenance.",
            "  Select the new user group.",
            "Go to the tab: Users in group.",
            "  Click on: New and add the app's system user to the group.",
        ]

    def test_a_group_that_exists_gets_no_steps(self):
        plan = build_plan(self.states({"old group"}, user_group="old GROUP"), "A", "B", None)
        assert [section.kind for section in plan.sections] == ["created"]

    def test_the_section_speaks_dutch(self):
        section = user_group_section("Nieuw")
        assert steps(section, "nl")[1:5] == [
            "Ga naar: Algemeen / Beheer / Autorisatie tool.",
            "Ga naar: Groep / Nieuw.",
            "Vul de velden in (naam van de groep: 'Nieuw').",
            "Klik op: Voltooien.",
        ]


class TestDifferencesOnPurpose:
    def test_ip_lines_in_own_ranges_are_left_out_on_both_sides(self):
        differences = EnvironmentDifferences(ip_ranges=(ipaddress.ip_network("10.20.0.0/16"),))
        test_side = connector(
            ip_restrictions=[
                {"address": "10.20.5.0/24", "access": "allowed"},
                {"address": "203.0.113.7", "access": "allowed"},
            ]
        )
        production = connector(ip_restrictions=[{"address": "203.0.113.7", "access": "allowed"}])
        wanted, current = apply_differences(test_side, production, differences)
        assert wanted == current

    def test_urls_are_rewritten_and_kept_fields_follow_the_target(self):
        differences = EnvironmentDifferences(
            url_prefixes=(("https://hooks-test.example/", "https://hooks.example/"),),
            fields=frozenset({"blocked", "certificates"}),
        )
        test_side = connector(
            blocked=False,
            authentication="oauth",
            oauth=oauth(certificates=[{"key_id": "test-key", "not_after": date(2027, 1, 1)}]),
            webhooks=[{"description": "W", "url": "https://hooks-test.example/afas"}],
        )
        production = connector(
            blocked=True,
            authentication="oauth",
            oauth=oauth(),
            webhooks=[{"description": "W", "url": "https://hooks.example/afas"}],
        )
        wanted, current = apply_differences(test_side, production, differences)
        assert wanted == current
        created, _ = apply_differences(test_side, None, differences)
        assert created.blocked and created.oauth.certificates == []
        assert created.webhooks[0].url == "https://hooks.example/afas"


class TestLabels:
    def test_both_languages_have_the_same_places(self):
        for key, words in TEXTS.items():
            assert words.en.count("{}") == words.nl.count("{}"), key
            assert words.en.strip() and words.nl.strip(), key

    def test_every_key_the_planner_uses_is_in_the_table(self):
        source = "".join(
            path.read_text(encoding="utf-8")
            for path in Path(__file__).parent.parent.joinpath("src/acwizard/planning").glob("*.py")
        )
        used = set(re.findall(r'(?:step|note|Label|click|go_to_tab)\(\s*"([a-z_]+)"', source))
        used |= set(re.findall(r'Step\(\s*"([a-z_]+)"', source))
        assert len(used) > 30
        assert used - TEXTS.keys() == set()

    def test_the_unsure_ones_are_marked_and_the_confirmed_dutch_ones_are_not(self):
        assert TEXTS["tab_user_tokens"].sure("nl")
        assert TEXTS["finish"].nl == "Voltooien" and TEXTS["finish"].sure("nl")
        assert TEXTS["menu_app_connector"].nl == "Algemeen / Beheer / App connector"
        assert not TEXTS["access_disallowed"].sure("en")
        assert not TEXTS["tab_get_connectors"].sure("nl")

    @pytest.mark.parametrize("lang", LANGUAGES)
    @pytest.mark.parametrize("parser", sorted(PARSERS))
    def test_every_frame_renders_inert_markdown(self, lang, parser):
        # GIVEN every entry of the table as a step, its places filled with hostile text
        from acwizard.planning.steps import Plan, Step, Value

        hostile = Value("<!-- [x](https://e.example) @org #1 `c` *e*", "text")
        code = Value("a`b``c <b>", "id")
        section = Section("changed", Step("section_changed", (hostile,)), "x")
        for key, words in TEXTS.items():
            places = words.en.count("{}")
            section.steps.append(
                Step(key, tuple([hostile, code][index % 2] for index in range(places)))
            )
        plan = Plan("A", "B", None, sections=[section])
        # THEN the Markdown is inert
        assert_inert("\n".join(plan_markdown(plan, lang)), parser)


def test_our_words_hold_no_markdown_of_their_own():
    for key, words in TEXTS.items():
        for text in (words.en, words.nl):
            # `>` of "A -> B" is escaped by the renderer; nothing else needs escaping
            assert not set(text) & set("`*_[]<#|~!&\\"), key
            assert all(ch in string.printable or ch in "…éë" for ch in text), key
