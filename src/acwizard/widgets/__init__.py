"""Reusable widgets: the fast check-box list used by the connector picker."""
