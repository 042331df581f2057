"""Switch seller account, or add one by name."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from ipitui.errors import UserError
from ipitui.store.accounts import Account, add_account, list_accounts
from ipitui.store.paths import Home
from ipitui.tui.screens.dialog import Dialog
from ipitui.tui.text import literal


def account_line(account: Account, current: bool) -> Text:
    line = Text("* " if current else "  ", style="bold")
    line.append_text(literal(account.name, style="bold" if current else ""))
    line.append(f"  {account.settings.marketplace}, {account.settings.currency}", style="dim")
    if current:
        line.append("  (open)", style="dim")
    return line


class AccountSwitcher(Dialog[str | None]):
    """Dismisses with the chosen account's slug (enter), or ``None`` (esc).

    ``a`` asks for a name and adds an account (marketplace US; change it with
    ``ipitui accounts``), then dismisses with the new account's slug.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="accounts.close"),
        Binding("a", "add", "Add an account", id="accounts.add"),
    ]

    DEFAULT_CSS = """
    AccountSwitcher OptionList {
        height: auto;
        max-height: 14;
        margin: 1 0;
    }
    AccountSwitcher #new-name, AccountSwitcher #add-error {
        display: none;
    }
    AccountSwitcher.-adding #new-name, AccountSwitcher.-adding #add-error {
        display: block;
    }
    """

    def __init__(self, home: Home, current_slug: str | None) -> None:
        super().__init__()
        self.home = home
        self.current_slug = current_slug
        self.accounts = list_accounts(home)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as box:
            box.border_title = "Accounts"
            options = [
                Option(account_line(a, a.slug == self.current_slug), id=a.slug)
                for a in self.accounts
            ]
            yield OptionList(*options, id="accounts")
            if not self.accounts:
                yield Label("No accounts yet: press a to add one.", classes="hint")
            yield Input(placeholder="name of the new account, then enter", id="new-name")
            yield Label("", id="add-error", classes="problem", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        listing = self.query_one("#accounts", OptionList)
        for i, account in enumerate(self.accounts):
            if account.slug == self.current_slug:
                listing.highlighted = i
        listing.focus()

    @on(OptionList.OptionSelected, "#accounts")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_add(self) -> None:
        self.add_class("-adding")
        self.query_one("#new-name", Input).focus()

    @on(Input.Submitted, "#new-name")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            account = add_account(self.home, event.value)
        except UserError as exc:
            self.query_one("#add-error", Label).update(str(exc))
            return
        self.dismiss(account.slug)

    def action_cancel(self) -> None:
        if self.has_class("-adding"):
            self.remove_class("-adding")
            self.query_one("#new-name", Input).value = ""
            self.query_one("#accounts", OptionList).focus()
            return
        self.dismiss(None)
