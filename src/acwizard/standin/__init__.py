"""A stand-in Profit for trying `acwizard verify` and `acwizard import --live` without Profit.

`server` is the HTTP server (tests start it in a thread); `fromworkspace` makes
one from a workspace's connector files, with made-up credentials that its
credential helper (`python -m acwizard.standin helper get ENV ID`) serves.
`python -m acwizard.standin --help` starts it by hand (see the README). It lives
in the package, not in tests/, so that an admin who installed acwizard can try
the live verbs on the demo workspace, and the benchmark and the tests share one
copy. It listens on loopback addresses only and never sees a real credential.
This package never imports Textual.
"""
