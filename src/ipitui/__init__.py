"""ipitui: keyboard-driven triage of the FBA inventory that drags down the IPI."""

__version__ = "0.1.0"
