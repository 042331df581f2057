from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipitui.errors import UserError
from ipitui.store import accounts
from ipitui.store.paths import Home
from ipitui.store.settings import load_global_settings

HOSTILE = [
    "../../etc",
    "..",
    ".",
    "/",
    "a/b",
    "a\\b",
    "\\\\server\\share",
    "/etc/passwd",
    "CON",
    "con.txt",
    "NUL",
    "Com1",
    "LPT9 store",
    "a\x00b",
    "tab\tand\nnewline",
    "Ünïcödé Shöp",
    "店铺",
    "商店",
    "x" * 5000,
    "~root",
    "$HOME",
    "-rf",
]


def _inside(child: Path, parent: Path) -> bool:
    return child.resolve().parent == parent.resolve()


def test_hostile_names_stay_inside_their_directories(ipitui_home: Home) -> None:
    slugs = set()
    for name in HOSTILE:
        account = accounts.add_account(ipitui_home, name)
        assert accounts.is_safe_slug(account.slug), name
        assert account.slug not in slugs, name
        slugs.add(account.slug)
        assert _inside(ipitui_home.account_settings(account.slug), ipitui_home.accounts_config_dir)
        assert _inside(ipitui_home.account_data(account.slug), ipitui_home.accounts_data_dir)
        assert ipitui_home.account_data(account.slug).is_dir()
    # Nothing was created anywhere else.
    config_entries = {p.name for p in ipitui_home.config_dir.iterdir()}
    data_entries = {p.name for p in ipitui_home.data_dir.iterdir()}
    assert (config_entries, data_entries) == ({"accounts"}, {"accounts"})
    listed = {a.slug: a.name for a in accounts.list_accounts(ipitui_home)}
    assert set(listed) == slugs
    assert listed[accounts.find_account(ipitui_home, "a/b").slug] == "a/b"  # type: ignore[union-attr]
    assert "ab" in listed.values()  # control characters dropped from the display name
    assert "tab and newline" in listed.values()


def test_reserved_device_names_get_a_prefix() -> None:
    assert accounts.slugify("CON") == "account-con"
    assert accounts.slugify("con.txt") == "account-con-txt"
    assert accounts.slugify("lpt1") == "account-lpt1"
    assert accounts.slugify("console") == "console"
    assert accounts.slugify("../../etc") == "etc"
    assert accounts.slugify("\x00") == "account"
    assert len(accounts.slugify("y" * 5000)) == 48


@given(st.text())
def test_every_slug_is_safe(name: str) -> None:
    slug = accounts.slugify(name)
    assert accounts.is_safe_slug(slug)
    assert Path(slug).name == slug and slug not in (".", "..")


def test_names_without_visible_characters_are_refused(ipitui_home: Home) -> None:
    for name in ("\x00", "", "   ", "\x1b\x07"):
        with pytest.raises(UserError, match="at least one visible character"):
            accounts.add_account(ipitui_home, name)
    assert accounts.list_accounts(ipitui_home) == []


def test_colliding_names_get_distinct_slugs(ipitui_home: Home) -> None:
    first = accounts.add_account(ipitui_home, "a/b")
    second = accounts.add_account(ipitui_home, "a-b")
    third = accounts.add_account(ipitui_home, "A B")
    assert [first.slug, second.slug, third.slug] == ["a-b", "a-b-2", "a-b-3"]
    assert accounts.find_account(ipitui_home, "a-b").slug == "a-b-2"  # type: ignore[union-attr]
    assert accounts.find_account(ipitui_home, "a b").slug == "a-b-3"  # type: ignore[union-attr]
    with pytest.raises(UserError, match="already exists"):
        accounts.add_account(ipitui_home, "A/B")


def test_a_leftover_data_directory_is_never_reused(ipitui_home: Home) -> None:
    ipitui_home.account_data("shop").mkdir(parents=True)
    (ipitui_home.account_data("shop") / "decisions.sqlite").write_bytes(b"old")
    assert accounts.add_account(ipitui_home, "Shop").slug == "shop-2"


def test_marketplace_and_currency(ipitui_home: Home) -> None:
    de = accounts.add_account(ipitui_home, "Berlin", "de")
    assert (de.settings.marketplace, de.settings.currency) == ("DE", "EUR")
    us = accounts.add_account(ipitui_home, "Main", "US", "cad")
    assert us.settings.currency == "CAD"
    with pytest.raises(UserError, match="unknown marketplace 'XX'"):
        accounts.add_account(ipitui_home, "Nowhere", "xx")
    with pytest.raises(UserError, match="three-letter code"):
        accounts.add_account(ipitui_home, "Odd", "US", "dollars")
    assert len(accounts.list_accounts(ipitui_home)) == 2


def test_rename_keeps_slug_and_data(ipitui_home: Home) -> None:
    shop = accounts.add_account(ipitui_home, "Shop")
    marker = ipitui_home.account_data(shop.slug) / "decisions.sqlite"
    marker.write_bytes(b"kept")
    renamed = accounts.rename_account(ipitui_home, "shop", "../Shop EU")
    assert renamed.slug == shop.slug and renamed.name == "../Shop EU"
    assert accounts.find_account(ipitui_home, "../Shop EU").slug == "shop"  # type: ignore[union-attr]
    assert marker.read_bytes() == b"kept"
    accounts.add_account(ipitui_home, "Other")
    with pytest.raises(UserError, match="already used"):
        accounts.rename_account(ipitui_home, "Other", "../shop eu")


def test_remove_deletes_settings_data_and_default(ipitui_home: Home) -> None:
    shop = accounts.add_account(ipitui_home, "Shop")
    keep = accounts.add_account(ipitui_home, "Keep")
    (ipitui_home.account_data(keep.slug) / "x").write_text("x")
    accounts.set_default_account(ipitui_home, shop.slug)
    accounts.remove_account(ipitui_home, "Shop")
    assert not ipitui_home.account_settings(shop.slug).exists()
    assert not ipitui_home.account_data(shop.slug).exists()
    assert load_global_settings(ipitui_home)[0].default_account == ""
    assert (ipitui_home.account_data(keep.slug) / "x").read_text() == "x"
    assert [a.name for a in accounts.list_accounts(ipitui_home)] == ["Keep"]


def test_files_ipitui_did_not_name_are_not_accounts(ipitui_home: Home) -> None:
    accounts.add_account(ipitui_home, "Shop")
    for stray in ("..toml", "...toml", "CON.toml", "UPPER.toml", "a b.toml"):
        (ipitui_home.accounts_config_dir / stray).write_text('display_name = "evil"\n')
    assert [a.slug for a in accounts.list_accounts(ipitui_home)] == ["shop"]
    with pytest.raises(UserError, match="no account named"):
        accounts.remove_account(ipitui_home, "evil")
    assert ipitui_home.account_data("shop").is_dir()


def test_resolve_account(ipitui_home: Home) -> None:
    with pytest.raises(UserError, match="no accounts yet"):
        accounts.resolve_account(ipitui_home, None)
    one = accounts.add_account(ipitui_home, "One")
    assert accounts.resolve_account(ipitui_home, None).slug == one.slug
    two = accounts.add_account(ipitui_home, "Two")
    with pytest.raises(UserError, match="several accounts"):
        accounts.resolve_account(ipitui_home, None)
    accounts.set_default_account(ipitui_home, two.slug)
    assert accounts.resolve_account(ipitui_home, None).slug == two.slug
    assert accounts.resolve_account(ipitui_home, "one").slug == one.slug
    with pytest.raises(UserError, match="no account named 'three'"):
        accounts.resolve_account(ipitui_home, "three")
