from __future__ import annotations

import tomllib
from datetime import UTC, datetime

from ipitui.core.settings import AccountSettings, GlobalSettings, ReturnAddress, StockSettings
from ipitui.store.paths import Home
from ipitui.store.settings import (
    SCHEMA_VERSION,
    backup,
    key_lines,
    load_account_settings,
    load_global_settings,
    render,
    save_account_settings,
    save_global_settings,
)


def _write(home: Home, text: str, slug: str = "shop") -> bytes:
    path = home.account_settings(slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


def _backups(home: Home, slug: str = "shop") -> list:
    return sorted(home.accounts_config_dir.glob(f"{slug}.toml.bak-*"))


def test_missing_file_gives_defaults_without_problems(ipitui_home: Home) -> None:
    settings, problems = load_account_settings(ipitui_home, "nobody")
    assert settings == AccountSettings()
    assert problems == []
    assert not ipitui_home.config_dir.exists()  # reading never creates anything


def test_round_trip_keeps_every_value(ipitui_home: Home) -> None:
    settings = AccountSettings(
        display_name='Shop "Ä" / 1',
        marketplace="DE",
        currency="EUR",
        stock=StockSettings(lead_time_days=21, safety_days=7, target_cover_days=60),
        return_address=ReturnAddress(name="Jo", line1="1 Main St", city="Berlin"),
        fee_overrides={"removal_standard_0_05": 0.9},
    )
    settings.ipi.excess_pct.weight = 0.5
    assert save_account_settings(ipitui_home, "shop", settings) is None
    loaded, problems = load_account_settings(ipitui_home, "shop")
    assert (loaded, problems) == (settings, [])
    data = tomllib.loads(ipitui_home.account_settings("shop").read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION


def test_the_fitted_mappings_leave_one_out_error_round_trips(ipitui_home: Home) -> None:
    settings = AccountSettings()
    settings.ipi.fitted, settings.ipi.loo_error, settings.ipi.loo_readings = True, 17.625, 4
    save_account_settings(ipitui_home, "shop", settings)
    loaded, problems = load_account_settings(ipitui_home, "shop")
    assert problems == []
    assert (loaded.ipi.loo_error, loaded.ipi.loo_readings) == (17.625, 4)
    assert loaded.ipi.uncertainty == 17.625


def test_a_mapping_fitted_before_its_error_was_kept_reads_without_a_plus_minus(
    ipitui_home: Home,
) -> None:
    _write(
        ipitui_home,
        f"schema_version = {SCHEMA_VERSION}\n[ipi]\nfitted = true\n"
        "[ipi.excess_pct]\nweight = 0.5\nbest = 2.0\nworst = 35.0\n",
    )
    loaded, problems = load_account_settings(ipitui_home, "shop")
    assert problems == []
    assert loaded.ipi.fitted and loaded.ipi.excess_pct.worst == 35.0
    assert loaded.ipi.loo_readings == 0 and loaded.ipi.uncertainty is None


def test_syntax_error_names_path_and_line_keeps_file_and_reads_the_rest(
    ipitui_home: Home,
) -> None:
    original = _write(
        ipitui_home,
        'display_name = "Shop"\n'
        'marketplace = "UK"\n'
        "\n"
        "[stock]\n"
        "lead_time_days = = 12\n"
        "safety_days = 3\n",
    )
    path = ipitui_home.account_settings("shop")
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert problems == [f"{path}:5, column 18: syntax error: Invalid value; line skipped"]
    assert settings.display_name == "Shop"
    assert settings.marketplace == "UK"
    assert settings.stock.lead_time_days == StockSettings().lead_time_days
    assert settings.stock.safety_days == 3
    assert path.read_bytes() == original


def test_broken_table_header_skips_that_table(ipitui_home: Home) -> None:
    _write(ipitui_home, '[stock\nlead_time_days = 5\n[excess]\nexcess_days = 60\nname = "x"\n')
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert settings.stock == StockSettings()
    assert settings.excess.excess_days == 60
    assert "2 lines skipped (a whole table)" in problems[0]
    assert problems[0].startswith(f"{ipitui_home.account_settings('shop')}:1, column 7:")
    assert problems[1].endswith(":5: excess.name: unknown key, ignored")


def test_error_at_end_of_document_is_placed_on_the_last_line(ipitui_home: Home) -> None:
    _write(ipitui_home, 'marketplace = "CA"\ndisplay_name = "unterminated')
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert settings.marketplace == "CA"
    assert settings.display_name == ""
    assert problems == [
        f"{ipitui_home.account_settings('shop')}:2: syntax error: Unterminated string; line skipped"
    ]


def test_wrong_types_name_path_line_and_key_and_use_defaults(ipitui_home: Home) -> None:
    original = _write(
        ipitui_home,
        'display_name = "Shop"\n'
        "[stock]\n"
        'lead_time_days = "thirty"\n'
        "safety_days = 2.5\n"
        "top_sellers = -4\n"
        "[ipi]\n"
        "excess_pct = { weight = true, best = 0, worst = 30 }\n"
        "fitted = 1\n"
        "[fee_overrides]\n"
        'removal = "cheap"\n'
        "disposal = 0.5\n"
        "[return_address]\n"
        "city = 7\n"
        "[capacity]\n"
        "standard = 1000\n"
        "mystery = 1\n",
    )
    path = ipitui_home.account_settings("shop")
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert sorted(problems) == sorted(
        [
            f"{path}:3: stock.lead_time_days: expected an integer, got 'thirty'; using 30",
            f"{path}:4: stock.safety_days: expected an integer, got 2.5; using 14",
            f"{path}:5: stock.top_sellers: must be 0 or more, got -4; using 50",
            f"{path}:7: ipi.excess_pct.weight: expected a number, got True; using 0.4",
            f"{path}:8: ipi.fitted: expected true or false, got 1; using False",
            f"{path}:10: fee_overrides.removal: expected a number, got 'cheap'; ignored",
            f"{path}:13: return_address.city: expected a string, got 7; using ''",
            f"{path}:16: capacity.mystery: unknown key, ignored",
        ]
    )
    assert settings.display_name == "Shop"
    assert settings.stock == StockSettings()
    assert (settings.ipi.excess_pct.weight, settings.ipi.excess_pct.worst) == (0.4, 30.0)
    assert settings.fee_overrides == {"disposal": 0.5}
    assert settings.capacity.standard == 1000.0
    assert path.read_bytes() == original


def test_a_table_where_a_value_belongs_and_the_reverse(ipitui_home: Home) -> None:
    _write(ipitui_home, 'stock = 5\n[display_name]\nx = "y"\n')
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert settings == AccountSettings()
    path = ipitui_home.account_settings("shop")
    assert sorted(problems) == [
        f"{path}:1: stock: expected a table; using the defaults",
        f"{path}:2: display_name: expected a string, got {{'x': 'y'}}; using ''",
    ]


def test_not_utf8_is_reported_with_its_line(ipitui_home: Home) -> None:
    path = ipitui_home.account_settings("shop")
    path.parent.mkdir(parents=True)
    path.write_bytes(b'marketplace = "FR"\ndisplay_name = "Caf\xe9"\n')
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert problems == [f"{path}:2: not UTF-8 text; unreadable characters replaced"]
    assert settings.marketplace == "FR"
    assert settings.display_name == "Caf\ufffd"


def test_rewriting_a_broken_file_backs_it_up_first(ipitui_home: Home) -> None:
    original = _write(ipitui_home, 'display_name = "Shop"\n[stock]\nlead_time_days = "x"\n')
    settings, _ = load_account_settings(ipitui_home, "shop")
    settings.display_name = "Renamed"
    saved = save_account_settings(ipitui_home, "shop", settings)
    assert saved is not None and _backups(ipitui_home) == [saved]
    assert saved.name.startswith("shop.toml.bak-")
    assert saved.read_bytes() == original
    assert load_account_settings(ipitui_home, "shop") == (settings, [])
    # The file is now ipitui's own: the next rewrite needs no backup.
    assert save_account_settings(ipitui_home, "shop", settings) is None
    assert len(_backups(ipitui_home)) == 1


def test_hand_edited_valid_file_is_backed_up_before_a_rewrite(ipitui_home: Home) -> None:
    original = _write(ipitui_home, '# my notes\ndisplay_name = "Shop"\n')
    saved = save_account_settings(ipitui_home, "shop", AccountSettings(display_name="Shop"))
    assert saved is not None and saved.read_bytes() == original


def test_backups_never_overwrite_each_other(ipitui_home: Home) -> None:
    path = ipitui_home.account_settings("shop")
    _write(ipitui_home, "a = 1\n")
    moment = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    first = backup(path, moment)
    path.write_text("a = 2\n")
    second = backup(path, moment)
    assert first != second
    assert (first.read_text(), second.read_text()) == ("a = 1\n", "a = 2\n")
    assert first.name == "shop.toml.bak-20260301T120000000000Z"


def test_version_0_file_migrates_forward(ipitui_home: Home) -> None:
    original = _write(
        ipitui_home,
        'name = "Old shop"\nmarketplace = "UK"\n[stock]\nlead_time = 21\nsafety = "x"\n'
        "target_cover = 50\ntarget_cover_days = 60\n",
    )
    path = ipitui_home.account_settings("shop")
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert settings.display_name == "Old shop"
    assert settings.stock.lead_time_days == 21
    assert settings.stock.target_cover_days == 60
    assert sorted(problems) == [
        f"{path}:5: stock.safety (now stock.safety_days): expected an integer, got 'x'; using 14",
        f"{path}:6: stock.target_cover: replaced by stock.target_cover_days, which is also "
        "set; ignored",
    ]
    assert path.read_bytes() == original  # migrated in memory only
    saved = save_account_settings(ipitui_home, "shop", settings)
    assert saved is not None and saved.read_bytes() == original
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data["display_name"] == "Old shop" and "name" not in data
    assert data["stock"]["lead_time_days"] == 21 and "lead_time" not in data["stock"]


def test_global_version_0_and_keymap(ipitui_home: Home) -> None:
    path = ipitui_home.global_settings
    path.parent.mkdir(parents=True)
    path.write_text(
        'account = "shop"\nmouse = false\n[keys]\nmark-remove = "R"\nundo = 5\n', encoding="utf-8"
    )
    settings, problems = load_global_settings(ipitui_home)
    assert settings == GlobalSettings(
        mouse=False, default_account="shop", keymap={"mark-remove": "R"}
    )
    assert problems == [f"{path}:5: keys.undo (now keymap.undo): expected a string, got 5; ignored"]
    save_global_settings(ipitui_home, settings)
    assert load_global_settings(ipitui_home) == (settings, [])


def test_newer_schema_is_reported_and_read(ipitui_home: Home) -> None:
    _write(ipitui_home, 'schema_version = 7\ndisplay_name = "Future"\n')
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert settings.display_name == "Future"
    assert problems == [
        f"{ipitui_home.account_settings('shop')}:1: schema_version: 7 is newer than this "
        "ipitui understands (1); reading what it can"
    ]


def test_key_lines_handles_quotes_dotted_keys_and_arrays_of_tables() -> None:
    text = 'a = 1\n[ "t" . u ]\nb.c = 2\n"d e" = 3\n[[arr]]\nf = 4\n# g = 5\n[x]\n  \'y\' = 6\n'
    assert key_lines(text) == {
        "a": 1, "t.u": 2, "t.u.b.c": 3, "t.u.d e": 4, "arr": 5, "arr.f": 6, "x": 8, "x.y": 9,
    }  # fmt: skip


def test_render_is_what_is_written(ipitui_home: Home) -> None:
    save_global_settings(ipitui_home, GlobalSettings(theme="ipitui-light"))
    assert ipitui_home.global_settings.read_text(encoding="utf-8") == render(
        GlobalSettings(theme="ipitui-light")
    )


def test_fee_override_names_may_be_quoted_or_dotted(ipitui_home: Home) -> None:
    _write(
        ipitui_home,
        '[fee_overrides]\n"ais.271_300" = 5\nstorage.standard = 0.8\nremoval.standard = "x"\n',
    )
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert settings.fee_overrides == {"ais.271_300": 5.0, "storage.standard": 0.8}
    assert problems == [
        f"{ipitui_home.account_settings('shop')}:4: fee_overrides.removal.standard: "
        "expected a number, got 'x'; ignored"
    ]
    save_account_settings(ipitui_home, "shop", settings)
    assert load_account_settings(ipitui_home, "shop") == (settings, [])


def test_an_unknown_marketplace_is_reported_and_a_known_one_read_in_capitals(
    ipitui_home: Home,
) -> None:
    _write(ipitui_home, 'display_name = "Shop"\nmarketplace = "Narnia"\ncurrency = "EUR"\n')
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert settings.marketplace == "US" and settings.currency == "EUR"
    assert problems == [
        f"{ipitui_home.account_settings('shop')}:2: marketplace: unknown marketplace 'Narnia' "
        "(one of: US, CA, MX, BR, UK, GB, DE, FR, IT, ES, NL, BE, IE, SE, PL, TR, JP, AU, SG, "
        "IN, AE, SA, EG); using 'US'"
    ]
    _write(ipitui_home, 'marketplace = " ca "\n')
    settings, problems = load_account_settings(ipitui_home, "shop")
    assert settings.marketplace == "CA" and problems == []
