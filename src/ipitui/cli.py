"""The ``ipitui`` command line: every capability, scriptable without the TUI.

This module only parses arguments; each subcommand's work lives in ``ipitui.commands``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from ipitui import __version__
from ipitui.core.decisions import ACTIONS, FIELDS
from ipitui.errors import UserError, fault
from ipitui.store.leftovers import sweep_leftovers
from ipitui.store.paths import HOME_ENV, resolve_home

LIST_NAMES = ("excess", "stranded", "aging", "stock_risk")
EXPORT_KINDS = ("removal", "liquidation", "promotions", "decisions")
# a decision field's kind -> the type and metavar of its `ipitui mark` flag
MARK_FLAG_KINDS = {"whole": (int, "N"), "number": (float, "PCT"), "date": (str, "YYYY-MM-DD"),
                   "text": (str, "TEXT")}  # fmt: skip


def _account_arg(p: argparse.ArgumentParser, *, top: bool = False) -> None:
    # Subcommands accept --account too; SUPPRESS keeps their default from hiding the global one.
    p.add_argument(
        "--account",
        "-a",
        metavar="NAME",
        default=None if top else argparse.SUPPRESS,
        help="seller account (default: the last one used)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipitui",
        description="Triage the FBA inventory that drags down your Inventory Performance "
        "Index. With no command, opens the TUI on the last-used account.",
    )
    parser.add_argument("--version", action="version", version=f"ipitui {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help=f"keep all settings and data under DIR (also ${HOME_ENV}); "
        "default: the platform's user config and data directories",
    )
    _account_arg(parser, top=True)
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    parser.add_argument("--theme", metavar="NAME", help="theme for this run")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "demo",
        help="create the demo seller account and open it",
        description="Write a realistic fictional US seller's Seller Central reports. Without "
        "--write: write them into the account 'demo', import them and open the TUI.",
    )
    p.add_argument("--write", metavar="DIR", help="only write the report files into DIR")
    p.add_argument("--skus", type=int, default=300, help="catalog size (default 300)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument(
        "--date", metavar="YYYY-MM-DD", help="snapshot date of the newest report (default today)"
    )
    p.add_argument("--no-open", action="store_true", help="import but do not open the TUI")

    p = sub.add_parser(
        "import",
        help="import report files into an account",
        description="Import Seller Central report files. The kind of each file is recognised "
        "from its header. A file with bad rows is refused as a whole unless --skip-bad-rows.",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    _account_arg(p)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="snapshot date for files that carry none")
    p.add_argument("--encoding", help="text encoding (default: detected)")
    p.add_argument(
        "--skip-bad-rows", action="store_true", help="import the good rows, report the bad"
    )

    p = sub.add_parser(
        "score",
        help="print the IPI factors, estimate, lists and fees",
        description="Score the account's newest snapshot with its settings and decisions.",
    )
    _account_arg(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--list", choices=LIST_NAMES, help="print one list's rows")
    p.add_argument("--top", type=int, metavar="N", help="with --list: only the first N rows")

    p = sub.add_parser(
        "mark",
        help="record a decision for SKUs",
        description="Record a decision for one or more SKUs in the account's journal.",
    )
    p.add_argument("skus", nargs="+", metavar="SKU")
    _account_arg(p)
    acts = p.add_mutually_exclusive_group(required=True)
    for action, spec in ACTIONS.items():
        acts.add_argument(
            f"--{action.value}",
            dest="action",
            action="store_const",
            const=action.value,
            help=f"{spec.verb}, mark {spec.letter}; takes "
            + ", ".join(f"--{FIELDS[name].flag}" for name in spec.fields),
        )
    acts.add_argument(
        "--clear", dest="action", action="store_const", const="clear", help="clear the decision"
    )
    for field in FIELDS.values():  # the decisions' parameters (checked by Decision.problems)
        kind = MARK_FLAG_KINDS[field.kind]
        p.add_argument(
            f"--{field.flag}",
            type=kind[0],
            metavar=kind[1],
            default="" if field.kind == "text" else None,
            help=field.help or None,
        )

    p = sub.add_parser(
        "plan",
        help="propose the least-cost decisions that reach a target IPI",
        description="Propose decisions whose what-if estimate reaches the target at the least "
        "cost (fees, liquidation's loss, a promotion's discount, minus the storage and "
        "surcharge saved over [plan] horizon_months). Prints the plan and its cost curve.",
    )
    _account_arg(p)
    p.add_argument("--target", type=int, required=True, metavar="N", help="IPI to reach (0-1000)")
    p.add_argument("--budget", type=float, metavar="AMOUNT", help="the most the plan may cost")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--apply", action="store_true", help="record the plan's decisions (one undo step)"
    )

    p = sub.add_parser("marks", help="list the current decisions")
    _account_arg(p)
    p.add_argument("--json", action="store_true")

    for name, what in (("undo", "undo the last decision"), ("redo", "redo what was undone")):
        p = sub.add_parser(name, help=what, description=what.capitalize() + ".")
        _account_arg(p)

    p = sub.add_parser(
        "export",
        help="write Amazon upload files from the decisions",
        description="Write removal orders, liquidation orders, promotions or the decisions CSV.",
    )
    _account_arg(p)
    p.add_argument("--kind", choices=EXPORT_KINDS, default="decisions")
    p.add_argument("-o", "--output", metavar="PATH", help="file to write")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    p = sub.add_parser("accounts", help="list, add, rename or remove seller accounts")
    asub = p.add_subparsers(dest="accounts_command", metavar="ACTION")
    asub.add_parser("list", help="list accounts")
    a = asub.add_parser("add", help="add an account")
    a.add_argument("name")
    a.add_argument("--marketplace", default="US", help="marketplace code (default US)")
    a.add_argument("--currency", help="currency code (default: the marketplace's)")
    a = asub.add_parser("rename", help="change an account's display name")
    a.add_argument("name")
    a.add_argument("new_name")
    a = asub.add_parser("remove", help="remove an account and its data")
    a.add_argument("name")
    a.add_argument("--yes", action="store_true", help="do not ask")
    a = asub.add_parser("use", help="make an account the default")
    a.add_argument("name")

    p = sub.add_parser(
        "serve",
        help="serve the TUI in a web browser (no login: see --host)",
        description="Serve the TUI to web browsers with textual-serve: each page opened starts "
        "ipitui on the account. There is no login: anyone who can reach the port can use the "
        "account, so it listens on 127.0.0.1 (this machine only) unless --host says otherwise.",
    )
    _account_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the URL browsers use, when it differs from http://HOST:PORT (a proxy)",
    )

    p = sub.add_parser(
        "ipi",
        help="record and compare actual IPI readings",
        description="List recorded IPI readings from Seller Central beside ipitui's estimate.",
    )
    _account_arg(p)
    isub = p.add_subparsers(dest="ipi_command", metavar="ACTION")
    a = isub.add_parser("add", help="record an actual IPI reading")
    a.add_argument("date", metavar="YYYY-MM-DD")
    a.add_argument("score", type=int, metavar="SCORE")
    _account_arg(a)
    a = isub.add_parser("remove", help="forget the reading of a date")
    a.add_argument("date", metavar="YYYY-MM-DD")
    _account_arg(a)
    p.add_argument("--json", action="store_true")
    return parser


# subcommand -> module in ipitui.commands with ``run(args, home) -> int``
HANDLERS = {
    None: "tui",
    "demo": "demo",
    "import": "imports",
    "score": "score",
    "mark": "marks",
    "marks": "marks",
    "plan": "plan",
    "undo": "marks",
    "redo": "marks",
    "export": "export",
    "accounts": "accounts",
    "ipi": "ipi",
    "serve": "serve",
}


def _refuse_blank_account(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    name = getattr(args, "account", None)
    if name is not None and not name.strip():
        parser.error("--account needs an account's name (it was empty)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _refuse_blank_account(parser, args)
    home = resolve_home(args.home)
    try:
        sweep_leftovers(home)  # what a killed import or write left behind
        module = importlib.import_module(f"ipitui.commands.{HANDLERS[args.command]}")
        return int(module.run(args, home) or 0)
    except UserError as exc:
        print(f"ipitui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader of the output went away (``ipitui plan ... | head``): nothing to say,
        # and Python's own flush of stdout at exit must not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command ended by SIGPIPE
    except Exception as exc:
        # the machine's refusal (a read-only or full disk, permissions, open files), said
        # like bad input; anything else is a bug and keeps its traceback
        said = fault(exc, home.data_dir)
        if said is None:
            raise
        print(f"ipitui: {said}", file=sys.stderr)
        return 2
