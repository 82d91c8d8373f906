"""The screens of the wizard, one module each: list, new wizard, properties, dialogs."""
