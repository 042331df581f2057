"""Widgets of the TUI: the list table, the overview, charts."""
