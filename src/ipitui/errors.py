"""Errors a user can act on. The CLI prints them as one message and exits 2."""


class UserError(Exception):
    """A problem the user can act on: what went wrong, where, and that nothing was changed."""
