"""Reusable widgets: the tables with a `>` cursor (connector list, check list), the grant
panes, the description field, plain check boxes and buttons, the footer for narrow
terminals. Widgets may push dialogs; they never import screens."""
