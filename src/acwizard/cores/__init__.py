"""Textual-free state behind the screens: what a screen shows and what the admin's keys do.

A screen, dialog or widget sends a core the admin's intent and shows what it
answers; every rule it applies is the model's or the rules', asked here once and
unit-tested without a terminal. No module of this package imports Textual or Rich.
"""
