"""Screens pushed over the panes: detail, forms, confirmation, help, import, export, accounts."""
