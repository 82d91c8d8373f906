"""Talking to AFAS Profit: its hosts and URLs, and (later) the HTTP client and credentials.

Every fact about Profit's web services that acwizard relies on is written in this
package once, with the facts AFAS does not state outright marked unsure
(`acwizard.profit.hosts.UNSURE`). Nothing here imports Textual.
"""
