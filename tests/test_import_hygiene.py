"""Static import contracts between acwizard's layers (issue 11, item 6).

- The core (every module outside `screens/`, `dialogs/`, `widgets/` and `app.py`) never loads
  Textual or Rich: the CLI verbs run in git hooks and CI, where start-up time counts and
  no terminal UI is wanted. Modules are discovered, so a new one is covered at once.
- Widgets never import screens, not even lazily inside a function: a widget is a part a
  screen is built from, and the dependency goes one way.

Both are checked without import-linter (not in the package index this project installs
from), by a fresh interpreter and by reading the source.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import acwizard

PACKAGE = Path(acwizard.__file__).resolve().parent
UI = (
    "acwizard.screens",
    "acwizard.dialogs",
    "acwizard.widgets",
    "acwizard.app",
    "acwizard.textual_compat",
)
"""The modules that may use Textual: the package's UI layer."""
FORBIDDEN = ("textual", "rich")


def core_modules() -> list[str]:
    """Every module of acwizard outside the UI layer, found on disk without importing any."""
    found: list[str] = []

    def walk(path: Path, prefix: str) -> None:
        for module in pkgutil.iter_modules([str(path)], prefix):
            if module.name in UI:
                continue
            found.append(module.name)
            if module.ispkg:
                walk(path / module.name.rsplit(".", 1)[-1], module.name + ".")

    walk(PACKAGE, "acwizard.")
    return sorted(found)


PROBE = """
import importlib, json, sys
loaded = {}
for name in sys.argv[1:]:
    before = set(sys.modules)
    importlib.import_module(name)
    new = sorted(m for m in set(sys.modules) - before if m.split(".")[0] in ("textual", "rich"))
    if new:
        loaded[name] = new[:5]
print(json.dumps(loaded))
"""
"""Imports each module in turn in one fresh interpreter; says which one loaded what."""


def test_the_core_modules_are_all_found():
    # A discovery that found nothing would make the next test pass vacuously.
    modules = core_modules()
    for expected in ("acwizard.model", "acwizard.files.toml", "acwizard.cli", "acwizard.workspace"):
        assert expected in modules
    assert not any(name.startswith(UI) for name in modules)
    assert len(modules) >= 15


def test_no_core_module_loads_textual_or_rich():
    # GIVEN every core module, imported one after another in a fresh interpreter
    # (acwizard.__main__ runs the CLI when imported; it imports acwizard.cli, checked here.)
    modules = [name for name in core_modules() if name != "acwizard.__main__"]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, check=True
    )
    # THEN none of them loaded Textual or Rich
    assert json.loads(result.stdout) == {}


def screen_imports(text: str, package: str) -> list[tuple[int, str]]:
    """(line, module) of every `acwizard.screens` import in `text`, a module of `package`,
    at any depth: lazy imports inside functions count too."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's own package
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        hits = [name for name in names if f"{name}.".startswith("acwizard.screens.")]
        if hits:
            found.append((node.lineno, hits[0]))
    return sorted(found)


KNOWN_WIDGET_TO_SCREEN: list[tuple[str, str]] = []
"""Widgets that import a screen: none. The panes' picker and IP form are dialogs
(`acwizard.dialogs`), which widgets may use."""


def test_widgets_do_not_import_screens():
    found = [
        (source.name, module)
        for source in sorted((PACKAGE / "widgets").rglob("*.py"))
        for _, module in screen_imports(source.read_text(encoding="utf-8"), "acwizard.widgets")
    ]
    assert found == KNOWN_WIDGET_TO_SCREEN


def test_the_screen_import_check_sees_lazy_relative_and_package_imports():
    text = (
        "def f():\n"
        "    from acwizard.screens.help import HelpScreen\n"
        "from ..screens import dialogs\n"
        "import acwizard.screens.properties\n"
        "from acwizard import screens\n"
        "from . import cells\n"
        "from acwizard.screens_of_another_kind import x\n"
        "from acwizard.dialogs.ip_form import IpRestrictionForm\n"  # dialogs are allowed
    )
    assert screen_imports(text, "acwizard.widgets") == [
        (2, "acwizard.screens.help"),
        (3, "acwizard.screens"),
        (4, "acwizard.screens.properties"),
        (5, "acwizard.screens"),
    ]


VIEWS = ("screens", "dialogs", "widgets")
"""The packages of the UI layer whose modules show a core's state (app.py excepted)."""
BELOW_THE_CORES = (
    "acwizard.files",
    "acwizard.checking",
    "acwizard.rules",
    "acwizard.workspace",
)
"""What a view never imports (issue 19): bytes on disk, the cache and the fast path, the
rules, the workspace. It asks a core (`acwizard.cores`) and uses the model's types."""
KNOWN_VIEW_IMPORTS: list[tuple[str, str]] = []
"""Views that still import below the cores: none since the list's core landed (issue 19)."""


def imports_of(text: str, package: str) -> list[str]:
    """Every module `text` (a module of `package`) imports, at any depth, relative ones
    resolved; `from a import b` names both `a` and `a.b` (b may be a module)."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            found += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return found


def below_the_cores(text: str, package: str) -> list[str]:
    """The modules of `BELOW_THE_CORES` that `text` imports, each once, in order."""
    hits: list[str] = []
    for name in imports_of(text, package):
        for forbidden in BELOW_THE_CORES:
            if f"{name}.".startswith(f"{forbidden}.") and forbidden not in hits:
                hits.append(forbidden)
    return hits


def test_views_ask_a_core_and_never_import_files_checking_rules_or_the_workspace():
    found = [
        (str(source.relative_to(PACKAGE)), module)
        for view in VIEWS
        for source in sorted((PACKAGE / view).rglob("*.py"))
        for module in below_the_cores(source.read_text(encoding="utf-8"), f"acwizard.{view}")
    ]
    assert found == KNOWN_VIEW_IMPORTS


def test_the_view_import_check_sees_every_form_of_import():
    text = (
        "def f():\n"
        "    from acwizard.rules import NOT_IN_CATALOG\n"
        "from acwizard import store\n"
        "import acwizard.checking.cache\n"
        "from ..workspace import Workspace\n"
        "from acwizard.files.lock import Lock\n"
        "from acwizard.cores.editor import ConnectorEditor\n"  # a core: allowed
        "from acwizard.model import AppConnector\n"  # the model's types: allowed
        "from acwizard.rulesets import x\n"  # another module whose name starts alike
    )
    assert sorted(below_the_cores(text, "acwizard.screens")) == [
        "acwizard.checking",
        "acwizard.files",
        "acwizard.rules",
        "acwizard.workspace",
    ]
