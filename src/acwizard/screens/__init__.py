"""The full screens of the TUI, one module each: the connector list, the New wizard, the
properties and help. Modal questions live in `acwizard.dialogs`."""
