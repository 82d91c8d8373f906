"""Placeholder TUI until the wizard lands."""

from pathlib import Path


def run(root: Path) -> int:
    """Open the TUI on `root`."""
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Placeholder(App[None]):
        def compose(self):
            yield Header()
            yield Static(f"acwizard: workspace {root}")
            yield Footer()

    Placeholder().run()
    return 0
