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

from ipitui.core.settings import AccountSettings
from ipitui.errors import UserError
from ipitui.store.paths import Home
from ipitui.store.settings import (
    load_account_settings,
    load_global_settings,
    save_account_settings,
    save_global_settings,
)

MARKETPLACE_CURRENCY = {
    "US": "USD", "CA": "CAD", "MX": "MXN", "BR": "BRL", "UK": "GBP", "GB": "GBP",
    "DE": "EUR", "FR": "EUR", "IT": "EUR", "ES": "EUR", "NL": "EUR", "BE": "EUR", "IE": "EUR",
    "SE": "SEK", "PL": "PLN", "TR": "TRY", "JP": "JPY", "AU": "AUD", "SG": "SGD", "IN": "INR",
    "AE": "AED", "SA": "SAR", "EG": "EGP",
}  # fmt: skip
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
_MAX_SLUG = 48


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


def list_accounts(home: Home) -> list[Account]:
    if not home.accounts_config_dir.is_dir():
        return []
    accounts = []
    for path in sorted(home.accounts_config_dir.glob("*.toml")):
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
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if not name:
        raise UserError("an account needs a name with at least one visible character")
    if find_account(home, name) is not None:
        raise UserError(f"an account named {name!r} already exists")
    marketplace = marketplace.upper()
    base = slugify(name)
    taken = {a.slug for a in list_accounts(home)}
    slug, n = base, 2
    while slug in taken or home.account_data(slug).exists():
        slug, n = f"{base}-{n}", n + 1
    settings = AccountSettings(
        display_name=name,
        marketplace=marketplace,
        currency=(currency or MARKETPLACE_CURRENCY.get(marketplace, "USD")).upper(),
    )
    save_account_settings(home, slug, settings)
    home.account_data(slug).mkdir(parents=True, exist_ok=True)
    return Account(slug, settings)


def get_or_create_account(home: Home, name: str, marketplace: str = "US") -> Account:
    return find_account(home, name) or add_account(home, name, marketplace)


def rename_account(home: Home, name: str, new_name: str) -> Account:
    account = require_account(home, name)
    new_name = "".join(ch for ch in new_name if ch.isprintable()).strip()
    other = find_account(home, new_name)
    if not new_name or (other is not None and other.slug != account.slug):
        raise UserError(f"cannot rename to {new_name!r}: empty or already used")
    account.settings.display_name = new_name
    save_account_settings(home, account.slug, account.settings)
    return account


def remove_account(home: Home, name: str) -> None:
    account = require_account(home, name)
    shutil.rmtree(home.account_data(account.slug), ignore_errors=True)
    home.account_settings(account.slug).unlink(missing_ok=True)
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
