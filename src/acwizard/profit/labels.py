"""Profit's own words, in English and Dutch: the one table `acwizard plan` speaks from.

Most customers run Profit in Dutch, so `plan --lang nl` must say *Algemeen / Beheer /
App connector*, *Nieuw* and *Voltooien* where the English says *General / Management /
App connector*, *New* and *Finish*. Each entry is one label of Profit's screens, or one
sentence frame of AFAS's help pages ("Go to the tab: {}." / "Ga naar het tabblad: {}."),
with `{}` where a label or a value goes.

Sources: AFAS's help pages "Add your own app connector" (App_Apps_Custom_Add), "Add a
user group to your own app connector" (App_Apps_Custom_Auth_Grp; NL 64159) and "Eigen
app connector inrichten in vogelvlucht" (NL 120718) on help.afas.nl, and the markdown
pages of AFASSoftware/OASContent in both languages: app-connector-auditor.md (the IP
restrictions and User tokens tabs, Access = Allow / Toegang = Toestaan), webhooks.md
(the Webhooks tab, step for step), howto-remotecmd.md (the Connectors tab, Dutch),
authentication.md (the authentication types), get-connector-geblokkeerd.md (Vink het
veld Geblokkeerd uit). An entry no page shows in that language is marked unsure
(`en_sure`/`nl_sure` False): plan lists the unsure words it used, so the admin knows
the screen may word them otherwise. Change a wording here and every output follows.
This module never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "nl"]
LANGUAGES: tuple[Lang, ...] = ("en", "nl")


@dataclass(frozen=True, slots=True)
class Words:
    """One label or sentence frame in both languages, and whether AFAS's pages confirm it."""

    en: str
    nl: str
    en_sure: bool = True
    nl_sure: bool = True

    def in_language(self, lang: Lang) -> str:
        """The words in `lang`."""
        return self.en if lang == "en" else self.nl

    def sure(self, lang: Lang) -> bool:
        """Whether AFAS's pages show these words in `lang`."""
        return self.en_sure if lang == "en" else self.nl_sure


def _unsure(en: str, nl: str, en_sure: bool = False) -> Words:
    """Words no page confirms in Dutch (and, unless `en_sure`, in English either)."""
    return Words(en, nl, en_sure, False)


TEXTS: dict[str, Words] = {
    # -- where: menus and tabs ---------------------------------------------------------
    "menu_app_connector": Words(
        "General / Management / App connector", "Algemeen / Beheer / App connector"
    ),
    "menu_authorisation_tool": Words(
        "General / Management / Authorisation tool", "Algemeen / Beheer / Autorisatie tool"
    ),
    "menu_group_new": Words("Group / New", "Groep / Nieuw"),
    "tab_general": Words("General", "Algemeen"),
    "tab_get_connectors": Words("GetConnectors", "GetConnectoren", nl_sure=False),
    "tab_update_connectors": Words("UpdateConnectors", "UpdateConnectoren", nl_sure=False),
    "tab_connectors": Words("Connectors", "Connectoren"),
    "tab_ip_restrictions": Words("IP restrictions", "IP-restricties"),
    "tab_oauth": _unsure("OAuth", "OAuth"),
    "tab_webhooks": Words("Webhooks", "Webhooks"),
    "tab_user_tokens": Words("User tokens", "Gebruikerstokens"),
    "tab_group_maintenance": Words("Group maintenance", "Onderhoud groepen"),
    "tab_users_in_group": Words("Users in group", "Gebruikers in groep"),
    # -- buttons and fields ------------------------------------------------------------
    "new": Words("New", "Nieuw"),
    "finish": Words("Finish", "Voltooien"),
    "ok": Words("OK", "OK"),
    "blocked": Words("Blocked", "Geblokkeerd"),
    "user_group": Words("User group", "Gebruikersgroep", nl_sure=False),
    "access_allowed": Words("Allow", "Toestaan"),
    "access_disallowed": _unsure("Exclude", "Uitsluiten"),
    "authentication_type": _unsure("Authentication type", "Authenticatietype", en_sure=True),
    "authentication_classic": Words("Classic token", "Classic token"),
    "authentication_hybrid": Words("Hybrid", "Hybride", nl_sure=False),
    "authentication_oauth": Words("OAuth", "OAuth"),
    "client_type": _unsure("Client type", "Clienttype"),
    "client_type_confidential": _unsure("Confidential", "Vertrouwelijk"),
    "client_type_public": _unsure("Public", "Publiek"),
    "flow_client_credentials": _unsure("Client credentials", "Client credentials"),
    "flow_authorization_code": _unsure("Authorization code", "Authorization code"),
    "client_authentication": _unsure("Client authentication", "Clientauthenticatie"),
    "client_authentication_client_secret": _unsure("Client secret", "Client secret"),
    "client_authentication_private_key_jwt": _unsure("Private key JWT", "Private key JWT"),
    "redirect_url": _unsure("Redirect URL", "Redirect-URL"),
    "jwks_url": _unsure("JWKS URL", "JWKS-URL"),
    "dpop": _unsure("DPoP", "DPoP"),
    "secret_validity": _unsure("Validity period (days)", "Geldigheidsduur (dagen)"),
    # -- sentence frames of the help pages -----------------------------------------------
    "go_to": Words("Go to: {}.", "Ga naar: {}."),
    "go_to_tab": Words("Go to the tab: {}.", "Ga naar het tabblad: {}."),
    "click": Words("Click on: {}.", "Klik op: {}."),
    "enter_description": Words("Enter the description: {}.", "Vul de omschrijving in: {}."),
    "select_user_group": Words(
        "Select a user group in User group: {}.", "Selecteer de gebruikersgroep: {}."
    ),
    "open_properties": Words(
        "Open the properties of the app connector {}.",
        "Open de eigenschappen van de app connector {}.",
    ),
    "tick": Words("Select the check boxes of: {}.", "Vink aan: {}.", nl_sure=False),
    "tick_field": Words("Select the {} check box.", "Vink het veld {} aan."),
    "untick_field": Words("Deselect the {} check box.", "Vink het veld {} uit."),
    "delete_lines": _unsure(
        "Select the lines of {} and delete them.", "Selecteer de regels van {} en verwijder ze."
    ),
    "choose": _unsure("{}: choose {}.", "{}: kies {}."),
    "ip_add": _unsure(
        "Click on: New. Enter {} and set Access to {}.",
        "Klik op: Nieuw. Vul {} in en zet Toegang op {}.",
    ),
    "ip_remove": _unsure("Delete the line {} ({}).", "Verwijder de regel {} ({})."),
    "enter_value": _unsure("{}: enter {}.", "{}: vul {} in."),
    "clear_value": _unsure("{}: clear it (was {}).", "{}: maak leeg (was {})."),
    "add_redirect_url": _unsure("{}: add {}.", "{}: voeg {} toe."),
    "remove_redirect_url": _unsure("{}: remove {}.", "{}: verwijder {}."),
    "upload_certificate": _unsure(
        "Upload the certificate with key id {} (valid until {}).",
        "Upload het certificaat met sleutel-ID {} (geldig tot en met {}).",
    ),
    "remove_certificate": _unsure(
        "Once the app signs with its new key: remove the certificate with key id {} (valid "
        "until {}).",
        "Zodra de app met de nieuwe sleutel ondertekent: verwijder het certificaat met "
        "sleutel-ID {} (geldig tot en met {}).",
    ),
    "delete_token": _unsure(
        "Select the token {} of {} and delete it.",
        "Selecteer de token {} van {} en verwijder deze.",
    ),
    "add_token": _unsure(
        "Click on: New. Select the user {} and enter the description {}; hand the token to the "
        "app outside acwizard.",
        "Klik op: Nieuw. Selecteer de gebruiker {} en vul de omschrijving {} in; geef de token "
        "buiten acwizard aan de app.",
    ),
    "add_client_secret": _unsure(
        "Add a client secret ({}); hand it to the app's vendor outside acwizard.",
        "Voeg een client secret toe ({}); geef het buiten acwizard aan de leverancier van de app.",
    ),
    "revoke_client_secret": _unsure(
        "Once the app uses its new secret: revoke the client secret {}.",
        "Zodra de app het nieuwe secret gebruikt: trek het client secret {} in.",
    ),
    "note_tokens_after_oauth": _unsure(
        "OAuth takes no classic token: delete every token left on this tab, once the app "
        "signs in with OAuth.",
        "OAuth gebruikt geen classic token: verwijder elke token die hier nog staat, zodra de "
        "app met OAuth inlogt.",
    ),
    "webhook_description": Words(
        "Enter the description of the webhook: {}.", "Vul de omschrijving van de webhook in: {}."
    ),
    "webhook_url": Words(
        "Enter the URL of the endpoint: {}.", "Vul de URL van de endpoint in: {}."
    ),
    "webhook_password": Words(
        "Enter the password (agreed with the app's vendor; acwizard never holds it).",
        "Vul het wachtwoord in (afgesproken met de leverancier van de app; acwizard bewaart "
        "het nooit).",
    ),
    "open_webhook": Words(
        "Open the properties of the webhook {}.", "Open de eigenschappen van de webhook {}."
    ),
    "delete_webhook": _unsure("Delete the webhook {}.", "Verwijder de webhook {}."),
    "send_test_message": Words(
        "Click on: Actions / Send test message.", "Klik op: Acties / Verstuur testbericht."
    ),
    "delete_connector": _unsure(
        "Select the app connector {} and delete it.",
        "Selecteer de app connector {} en verwijder deze.",
    ),
    "complete_group_fields": Words(
        "Complete the fields (the group's name: {}).", "Vul de velden in (naam van de groep: {})."
    ),
    "select_new_group": Words("Select the new user group.", "Selecteer de nieuwe gebruikersgroep."),
    "add_group_users": Words(
        "Click on: New and add the app's system user to the group.",
        "Klik op Nieuw en voeg de systeemgebruiker van de app aan de groep toe.",
    ),
    # -- acwizard's own words around them ------------------------------------------------
    "section_user_group": Words("Add a user group: {}", "Gebruikersgroep toevoegen: {}"),
    "section_created": Words("Add the app connector {}", "App connector {} toevoegen"),
    "section_changed": Words("Change the app connector {}", "App connector {} wijzigen"),
    "section_deleted": Words("Delete the app connector {}", "App connector {} verwijderen"),
    "section_invalid": Words("{}: the file does not validate", "{}: het bestand is ongeldig"),
    "note_invalid": Words(
        "Run acwizard validate and fix the file; plan gives no steps for it.",
        "Voer acwizard validate uit en herstel het bestand; plan geeft er geen stappen voor.",
    ),
    "note_created_blocked": Words(
        "Profit creates the app connector blocked and opens its properties.",
        "Profit maakt de app connector geblokkeerd aan en opent de eigenschappen.",
    ),
    "note_group_not_in_catalog": Words(
        "Neither the catalog nor any other app connector names this group: skip these steps "
        "if it exists.",
        "De catalogus en de andere app connectoren kennen deze groep niet: sla deze stappen "
        "over als hij al bestaat.",
    ),
    "note_block_first": Words(
        "This saves the block at once, so the app cannot call Profit while you change the rest.",
        "Zo geldt de blokkade meteen en kan de app Profit niet aanroepen terwijl je de rest wijzigt.",
    ),
    "note_add_before_remove": Words(
        "Add these lines before removing the old ones: with no line left, any address may call.",
        "Voeg deze regels toe voordat je de oude verwijdert: zonder regels mag elk adres aanroepen.",
    ),
    "note_no_ip_left": Words(
        "No IP restriction is left: any address may call.",
        "Er is geen IP-restrictie meer: elk adres mag aanroepen.",
    ),
    "note_nothing_in_profit": Words(
        "Nothing to click: Profit stays as it is (only notes, the spelling of an id in "
        "capitals, or how an address is written changed).",
        "Niets te doen in Profit: het blijft zoals het is (alleen notities, hoofdletters in "
        "een id of de schrijfwijze van een adres zijn gewijzigd).",
    ),
    "note_target_finding": Words("Check first: {}", "Controleer eerst: {}"),
    "note_cannot_repeat": Words(
        "Cannot be repeated in this environment: {}", "Kan in deze omgeving niet: {}"
    ),
    "note_secret_by_vendor": Words(
        "Give the client id to the app's vendor; the credentials are handed over outside acwizard.",
        "Geef de client-id aan de leverancier van de app; inloggegevens gaan buiten acwizard om.",
    ),
    "title_revisions": Words("Clicks in Profit ({} -> {})", "Klikken in Profit ({} -> {})"),
    "title_workspaces": Words(
        "Clicks in Profit for {}, to match {}", "Klikken in Profit voor {}, gelijk aan {}"
    ),
    "environment": Words("Environment: {}", "Omgeving: {}"),
    "no_changes": Words(
        "Nothing to click: both grant the same access.",
        "Niets te doen: beide geven dezelfde toegang.",
    ),
    "problems_heading": Words("Files that do not validate:", "Bestanden die niet valideren:"),
    "unsure_footer": Words(
        "Words AFAS's help pages do not show in English (the screen may word them otherwise): {}",
        "Woorden die de Nederlandse helppagina's van AFAS niet tonen (het scherm kan ze anders "
        "noemen): {}",
    ),
}
"""Every label and sentence frame plan prints, by key."""


def words(key: str, lang: Lang) -> str:
    """The label or frame `key` in `lang`."""
    return TEXTS[key].in_language(lang)
