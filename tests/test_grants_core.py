"""A grant list as its tab shows it (the core under the GetConnectors, UpdateConnectors and
Connectors panes): descriptions from the catalog, the count, what the picker offers."""

from __future__ import annotations

from acwizard.catalog import Catalog
from acwizard.cores.grants import MISSING_MARK, Grants, is_connector_id


def catalog() -> Catalog:
    """A catalog with two GetConnectors and one UpdateConnector."""
    found = Catalog()
    found.entries["get_connectors"].update(
        {"Profit_Employees": "Employees", "Profit_Debtor": "Debtors"}
    )
    found.entries["update_connectors"]["HrCompMut"] = "Payroll mutations"
    return found


def test_the_count_says_how_many_and_how_many_the_catalog_lacks():
    grants = Grants("get_connectors", catalog())
    assert grants.count_text([]) == "No GetConnectors granted. Press n to add."
    assert grants.count_text(["profit_employees", "Gone"]) == (
        "2 GetConnectors granted (1 not in the catalog)"
    )
    assert grants.describe("PROFIT_EMPLOYEES") == "Employees"
    assert grants.unknown(["Profit_Debtor", "Gone"]) == ["Gone"]


def test_the_picker_offers_what_is_not_granted_and_names_an_id_of_another_list():
    grants = Grants("get_connectors", catalog())
    assert grants.offered(["profit_employees"]) == [("Profit_Debtor", "Debtors")]
    assert grants.unknown_note("hrcompmut") == "! not here: one of the UpdateConnectors"
    assert grants.unknown_note("Nowhere") == MISSING_MARK
    assert is_connector_id("Profit_Employees") and not is_connector_id("two words")


def test_the_count_says_one_grant_in_the_singular():
    # "1 UpdateConnectors granted", "1 special connectors granted" (issue 18)
    assert Grants("update_connectors", catalog()).count_text(["HrCompMut"]) == (
        "1 UpdateConnector granted"
    )
    assert Grants("connectors", catalog()).count_text(["AppConnectorSubject"]) == (
        "1 special connector granted (1 not in the catalog)"
    )


def test_the_built_in_catalog_says_what_is_unsure_in_an_admins_words():
    # "name unsure" stood in the picker, in the words of whoever wrote the catalog
    from acwizard.catalog import BUILTIN_CATALOG, read_catalog_file

    builtin, _ = read_catalog_file(BUILTIN_CATALOG)
    descriptions = [text for section in builtin.entries.values() for text in section.values()]
    assert not [text for text in descriptions if "unsure" in text]
    assert builtin.describe("connectors", "AppConnectorReport") == (
        "Report connector (/reportconnector); AFAS does not publish this name: check it in Profit"
    )
