"""The clicks that make Profit match the files: `acwizard plan`'s Textual-free core.

AFAS offers no API to change an app connector and no way to copy one from test to
production: every change is clicked by hand in each environment. `plan` turns the
access changes between two states (two revisions, a revision and the working tree,
or two workspaces) into the steps an admin clicks, in Profit's own words and order.

- `steps`: what a step is (a sentence frame of `acwizard.profit.labels` with its
  labels and values), a section per connector, the plan.
- `connector`: the steps of one connector created, changed or deleted, one function
  per kind of change (`CHANGE_STEPS`), so that later kinds plug in.
- `oauth`: authentication type, OAuth settings, certificates, and the place where
  the credentials register's steps go.
- `sources`: the two states, read from git or from two workspaces, and what
  differs on purpose between environments (acwizard.toml's
  `[environment_differences]`).

Renderers live in `acwizard.reports.plan`. Nothing here imports Textual.
"""
