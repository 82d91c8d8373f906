"""Deterministic generators for the large inputs: 5,000-connector workspaces, 10,000-entry catalogs.

Files are written through acwizard's own model and `dump_connector`, so they are
canonical and validate without errors, as a real, well-kept workspace does.
As in a real one, some files earn warnings: one connector in ten
(`UNKNOWN_SHARE`) also grants a GetConnector missing from the catalog (one
removed from the environment since), so `validate` prints one warning for
each of those: the cost measured is checking and reporting.

    python -m bench.generate DIR [--connectors 5000] [--catalog 10000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import ipaddress
import random
from pathlib import Path

import tomli_w

from acwizard.catalog import BUILTIN_CATALOG, read_catalog_file
from acwizard.files.ids import slugify
from acwizard.files.layout import CATALOG_FILE, CONNECTORS_DIR, SETTINGS_FILE
from acwizard.files.saving import dump_connector
from acwizard.model import AppConnector, IpRestriction

SEED = 2026
"""The default seed: the same inputs on every run and every machine."""
UNKNOWN_SHARE = 10
"""Every UNKNOWN_SHARE-th connector grants one GetConnector missing from the catalog."""

DOMAINS = {
    "HR": "personnel",
    "Payroll": "payroll",
    "Fin": "finance",
    "CRM": "relations",
    "Logistics": "logistics",
    "Projects": "projects",
    "BI": "BI export",
    "Workflow": "workflow",
    "Sales": "sales",
    "Purchase": "purchasing",
    "Assets": "fixed assets",
    "Portal": "portal",
}
SUBJECTS = (
    "Employees",
    "Employments",
    "Contracts",
    "Absences",
    "Leave_Balances",
    "Salaries",
    "Wage_Components",
    "Cost_Centres",
    "Departments",
    "Functions",
    "Organisations",
    "Persons",
    "Addresses",
    "Contacts",
    "Invoices",
    "Journal_Entries",
    "Ledger_Accounts",
    "Budgets",
    "Projects",
    "Hours",
    "Expenses",
    "Items",
    "Stock",
    "Orders",
    "Deliveries",
    "Subscriptions",
    "Dossier_Items",
    "Workflows",
    "Tasks",
    "Assets",
    "Depreciation",
    "Bank_Statements",
    "Payments",
    "Creditors",
    "Debtors",
    "Vat_Returns",
    "Certificates",
    "Trainings",
    "Competences",
    "Applicants",
    "Vacancies",
    "Badges",
    "Roles",
    "Users",
    "Locations",
    "Vehicles",
    "Mileage",
    "Travel_Claims",
    "Pension_Data",
    "Insurance",
)
VARIANTS = (
    "",
    "Active",
    "Changed",
    "Deleted",
    "History",
    "Today",
    "Per_Period",
    "Detail",
    "Summary",
    "Export",
    "Sync",
    "Archive",
    "Open",
    "Closed",
    "Planned",
    "Future",
    "By_Company",
    "By_Month",
)
VENDORS = (
    "Payroll Sync",
    "HelloID",
    "Visma",
    "Nmbrs",
    "Workday",
    "Topdesk",
    "Planbition",
    "Recruitee",
    "Exact Online",
    "Power BI",
    "Qlik",
    "Tableau",
    "Salesforce",
    "HubSpot",
    "Shopify",
    "Magento",
    "Mollie",
    "Adyen",
    "Expensify",
    "Yuki",
    "Basecone",
    "Twinfield",
    "SharePoint",
    "Azure AD",
    "Okta",
    "Zenya",
    "Intranet",
    "Service Desk",
    "Webshop",
    "Time Registration",
    "Expense App",
    "Fleet Manager",
    "Learning Portal",
    "Badge System",
    "Pension Fund",
    "Health Insurer",
    "Travel Desk",
    "Document Archive",
    "Contract Manager",
    "Planning Tool",
)
PURPOSES = (
    "Sync",
    "Export",
    "Import",
    "Provisioning",
    "Reporting",
    "Integration",
    "Portal",
    "Nightly Job",
    "Dashboard",
    "Archive",
    "Onboarding",
    "Offboarding",
    "Audit",
    "Self Service",
    "Data Warehouse",
    "Notifications",
    "Mobile App",
    "Scheduler",
    "Reconciliation",
    "Migration",
)
REGIONS = ("NL", "BE", "DE", "UK", "Group", "Test", "Pilot")


def catalog_entries(count: int, seed: int = SEED) -> dict[str, str]:
    """`count` GetConnectors with descriptions, as an environment's catalog lists them."""
    rng = random.Random(seed)
    combos = [
        (domain, subject, variant)
        for domain in DOMAINS
        for subject in SUBJECTS
        for variant in VARIANTS
    ]
    rng.shuffle(combos)
    entries: dict[str, str] = {}
    for number in range(count):
        domain, subject, variant = combos[number % len(combos)]
        key = "_".join(part for part in (domain, subject, variant) if part)
        if number >= len(combos):
            key = f"{key}_{number // len(combos) + 1}"
        description = f"{DOMAINS[domain].capitalize()}: {subject.replace('_', ' ').lower()}"
        if variant:
            description += f" ({variant.replace('_', ' ').lower()})"
        entries[key] = description
    return entries


def user_groups(count: int = 60) -> dict[str, str]:
    """System user groups, one per vendor and a few shared ones."""
    groups = {f"{vendor}": f"System user of the {vendor} integration" for vendor in VENDORS}
    for index in range(count - len(groups)):
        groups[f"Integration Group {index + 1:02d}"] = "Shared system users of integrations"
    return groups


def write_catalog(path: Path, count: int, seed: int = SEED) -> dict[str, str]:
    """Write a catalog file with `count` GetConnectors and the user groups; return the entries."""
    entries = catalog_entries(count, seed)
    document = {"get_connectors": entries, "user_groups": user_groups()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Generated by bench/generate.py: a large environment's catalog.\n\n"
        + tomli_w.dumps(document),
        encoding="utf-8",
    )
    return entries


def _ip_lines(rng: random.Random) -> list[IpRestriction]:
    """Zero to three allowed addresses or ranges; most connectors have none or one."""
    count = rng.choices((0, 1, 2, 3), weights=(5, 3, 1, 1))[0]
    lines: dict[tuple[str, str | None], IpRestriction] = {}
    while len(lines) < count:
        if rng.random() < 0.5:
            address = str(ipaddress.IPv4Address(rng.randrange(0x0B000000, 0xDF000000)))
            mask = None
        else:
            prefix = rng.choice((16, 24, 28))
            network = ipaddress.IPv4Network(
                (rng.randrange(0x0B000000, 0xDF000000) >> (32 - prefix) << (32 - prefix), prefix)
            )
            address, mask = str(network.network_address), str(network.netmask)
        lines[(address, mask)] = IpRestriction(address=address, subnet_mask=mask, access="allowed")
    return list(lines.values())


def connectors(count: int, get_ids: list[str], seed: int = SEED) -> list[AppConnector]:
    """`count` valid connectors with unique descriptions, granting catalog entries."""
    rng = random.Random(seed + 1)
    builtin, _ = read_catalog_file(BUILTIN_CATALOG)
    update_ids = sorted(builtin.section("update_connectors"))
    special_ids = sorted(builtin.section("connectors"))
    groups = list(user_groups())
    made: list[AppConnector] = []
    seen: set[str] = set()
    serial = 0
    while len(made) < count:
        granted = rng.sample(get_ids, rng.randrange(1, 16))
        if len(made) % UNKNOWN_SHARE == 0:  # removed from the environment since: a warning
            granted.append(f"{granted[0]}_Retired_{len(made)}")
        description = f"{rng.choice(VENDORS)} {rng.choice(PURPOSES)} {rng.choice(REGIONS)}"
        if description.casefold() in seen:
            serial += 1
            description = f"{description} {serial}"
        seen.add(description.casefold())
        made.append(
            AppConnector(
                description=description,
                user_group=rng.choice(groups),
                blocked=rng.random() < 0.3,
                notes=(
                    f"Owner: {rng.choice(VENDORS)} team. Approved in RFC-{rng.randrange(1000, 9999)}."
                    if rng.random() < 0.5
                    else ""
                ),
                get_connectors=granted,
                update_connectors=rng.sample(update_ids, rng.choice((0, 0, 1, 2, 3, 5))),
                connectors=rng.sample(special_ids, rng.choice((0, 0, 0, 1))),
                ip_restrictions=_ip_lines(rng),
            )
        )
    return made


def write_workspace(root: Path, count: int, catalog_size: int = 10_000, seed: int = SEED) -> Path:
    """A workspace at `root` with `count` connector files and a `catalog_size` catalog."""
    root = Path(root)
    directory = root / CONNECTORS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    (root / SETTINGS_FILE).write_text(
        '# Generated by bench/generate.py.\nenvironment = "O99999ZZ"\nonline = true\n',
        encoding="utf-8",
    )
    entries = write_catalog(root / CATALOG_FILE, catalog_size, seed)
    get_ids = list(entries)
    taken: set[str] = set()
    for connector in connectors(count, get_ids, seed):
        slug = slugify(connector.description)
        name, number = slug, 1
        while name in taken:
            number += 1
            name = f"{slug}-{number}"
        taken.add(name)
        (directory / f"{name}.toml").write_text(dump_connector(connector), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    """Write a workspace for trying the large inputs by hand."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--connectors", type=int, default=5_000)
    parser.add_argument("--catalog", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    write_workspace(args.directory, args.connectors, args.catalog, args.seed)
    print(f"{args.directory}: {args.connectors} connectors, {args.catalog} GetConnectors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
