"""Textual-free state behind each screen: what it shows, and what the admin's keys ask of it.

A screen only shows a core's state and sends it the admin's intent; the rules, the
files and git stay behind the core, and the core is tested without a terminal.
"""
