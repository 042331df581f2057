"""Seller accounts: a display name (any text) and a safe file name (the slug).

An account is its settings file ``config/accounts/<slug>.toml`` plus its data directory
``data/accounts/<slug>/``. The slug is made from the display name so that no name can
escape those directories or collide with another account or a reserved device name.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass

from ipitui.core.marketplaces import MARKETPLACE_CURRENCY
from ipitui.core.settings import AccountSettings
from ipitui.errors import UserError
from ipitui.store.paths import Home
from ipitui.store.settings import (
    create_settings_file,
    load_account_settings,
    load_global_settings,
    save_account_settings,
    save_global_settings,
)

_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
_MAX_SLUG = 48
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Account:
    slug: str
    settings: AccountSettings

    @property
    def name(self) -> str:
        return self.settings.display_name or self.slug


def slugify(name: str) -> str:
    """A lowercase ASCII file name made of ``a-z0-9-`` that is never empty or reserved."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:_MAX_SLUG].strip("-")
    if not slug or slug.split("-")[0] in _RESERVED:
        slug = f"account-{slug}" if slug else "account"
    return slug


def is_safe_slug(slug: str) -> bool:
    """True for the names ``slugify`` makes (and so for nothing that can leave a directory)."""
    return (
        len(slug) <= _MAX_SLUG + 16
        and _SLUG.fullmatch(slug) is not None
        and slug.split("-")[0] not in _RESERVED
    )


def clean_name(name: str) -> str:
    """A display name without control characters (other white space becomes a space)."""
    kept = (ch if ch.isprintable() else " " if ch.isspace() else "" for ch in name)
    return " ".join("".join(kept).split())


def list_accounts(home: Home) -> list[Account]:
    if not home.accounts_config_dir.is_dir():
        return []
    accounts = []
    for path in sorted(home.accounts_config_dir.glob("*.toml")):
        if not is_safe_slug(path.stem):
            continue  # not a file ipitui made (it would not be safe to use as a directory name)
        settings, _ = load_account_settings(home, path.stem)
        accounts.append(Account(path.stem, settings))
    return accounts


def find_account(home: Home, name: str) -> Account | None:
    """By display name (exact, then case-insensitive) or by slug."""
    accounts = list_accounts(home)
    for match in (
        lambda a: a.name == name,
        lambda a: a.name.casefold() == name.casefold(),
        lambda a: a.slug == name,
    ):
        found = [a for a in accounts if match(a)]
        if found:
            return found[0]
    return None


def add_account(
    home: Home, name: str, marketplace: str = "US", currency: str | None = None
) -> Account:
    name = clean_name(name)
    if not name:
        raise UserError("an account needs a name with at least one visible character")
    if any(a.name.casefold() == name.casefold() for a in list_accounts(home)):
        raise UserError(f"an account named {name!r} already exists")
    marketplace = marketplace.strip().upper()
    if marketplace not in MARKETPLACE_CURRENCY:
        known = ", ".join(MARKETPLACE_CURRENCY)
        raise UserError(f"unknown marketplace {marketplace!r}; one of: {known}")
    currency = (currency or MARKETPLACE_CURRENCY[marketplace]).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise UserError(f"currency {currency!r} is not a three-letter code such as USD or EUR")
    settings = AccountSettings(display_name=name, marketplace=marketplace, currency=currency)
    base = slugify(name)
    slug, n = base, 2
    while True:
        # Creating the settings file claims the slug: two processes never get the same one.
        if not home.account_data(slug).exists():
            try:
                create_settings_file(home.account_settings(slug), settings)
                break
            except FileExistsError:
                pass
        slug, n = f"{base}-{n}", n + 1
    home.account_data(slug).mkdir(parents=True, exist_ok=True)
    return Account(slug, settings)


def get_or_create_account(home: Home, name: str, marketplace: str = "US") -> Account:
    return find_account(home, name) or add_account(home, name, marketplace)


def rename_account(home: Home, name: str, new_name: str) -> Account:
    account = require_account(home, name)
    new_name = clean_name(new_name)
    other = find_account(home, new_name)
    if not new_name or (other is not None and other.slug != account.slug):
        raise UserError(f"cannot rename to {new_name!r}: empty or already used")
    account.settings.display_name = new_name
    save_account_settings(home, account.slug, account.settings)
    return account


def remove_account(home: Home, name: str) -> None:
    account = require_account(home, name)
    if not is_safe_slug(account.slug):  # list_accounts never returns one; kept as a guard
        raise UserError(f"refusing to remove {account.slug!r}: not an ipitui account name")
    # The settings file goes first: once it is gone the account is gone for every process.
    home.account_settings(account.slug).unlink(missing_ok=True)
    shutil.rmtree(home.account_data(account.slug), ignore_errors=True)
    settings, _ = load_global_settings(home)
    if settings.default_account == account.slug:
        settings.default_account = ""
        save_global_settings(home, settings)


def require_account(home: Home, name: str) -> Account:
    account = find_account(home, name)
    if account is None:
        known = ", ".join(repr(a.name) for a in list_accounts(home)) or "none yet"
        raise UserError(f"no account named {name!r} (accounts: {known})")
    return account


def set_default_account(home: Home, slug: str) -> None:
    settings, _ = load_global_settings(home)
    if settings.default_account != slug:
        settings.default_account = slug
        save_global_settings(home, settings)


def resolve_account(home: Home, name: str | None) -> Account:
    """The account a command works on: the one named, else the default, else the only one."""
    if name:
        return require_account(home, name)
    settings, _ = load_global_settings(home)
    if settings.default_account:
        found = find_account(home, settings.default_account)
        if found is not None:
            return found
    accounts = list_accounts(home)
    if len(accounts) == 1:
        return accounts[0]
    if not accounts:
        raise UserError("no accounts yet: run 'ipitui demo' or 'ipitui import FILE --account NAME'")
    names = ", ".join(repr(a.name) for a in accounts)
    raise UserError(f"several accounts ({names}): choose one with --account NAME")
