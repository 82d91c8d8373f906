"""Modal dialogs, one per module: each asks one question and returns its answer.

Screens and widgets push them and get a typed value back through `dismiss()`;
a dialog never changes a file itself. Widgets may import dialogs, never screens.
"""
