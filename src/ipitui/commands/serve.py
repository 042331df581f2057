"""`ipitui serve`: the same TUI in a web browser, through textual-serve.

textual-serve runs a small web server; each browser tab that opens the page starts its own
``ipitui`` process (this interpreter, ``-m ipitui``) on the chosen home and account and shows
it in a terminal emulator in the page. It has no login: anyone who can reach the port can use
the account, so it listens on 127.0.0.1 unless ``--host`` says otherwise.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ipitui.store.accounts import resolve_account
from ipitui.store.paths import Home

# Hosts that mean "every address of this machine": the page cannot tell a browser to use them.
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def app_command(args: argparse.Namespace, slug: str) -> list[str]:
    """The command each browser session runs: this ipitui on the same home and account."""
    command = [sys.executable, "-m", "ipitui"]
    if args.home is not None:
        command += ["--home", str(Path(args.home).expanduser().resolve())]
    command += ["--account", slug]
    if getattr(args, "theme", None):
        command += ["--theme", args.theme]
    if getattr(args, "no_mouse", False):
        command.append("--no-mouse")
    return command


def public_url(host: str, port: int) -> str:
    """The address a browser opens (and the page's websocket connects back to)."""
    if host in WILDCARD_HOSTS:
        import socket

        host = socket.getfqdn()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


def warning(host: str, url: str) -> str:
    where = (
        "only programs on this machine can reach it"
        if host in ("127.0.0.1", "localhost", "::1")
        else f"it listens on {host}"
    )
    return (
        f"ipitui serve: anyone who can reach this port can use the account with your rights "
        f"(there is no login); {where}.\nOpen {url} in a browser. Ctrl+C stops the server."
    )


def run(args: argparse.Namespace, home: Home) -> int:
    """Serve the account in a browser until Ctrl+C."""
    account = resolve_account(home, getattr(args, "account", None))
    from textual_serve.server import Server

    url = args.public_url or public_url(args.host, args.port)
    command = shlex.join(app_command(args, account.slug))
    server = Server(command, host=args.host, port=args.port, title="ipitui", public_url=url)
    print(warning(args.host, url), file=sys.stderr, flush=True)
    server.serve()
    return 0
