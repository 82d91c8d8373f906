"""acwizard: manage AFAS Profit app connectors as reviewable TOML files."""

__version__ = "0.1.0"
