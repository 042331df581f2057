"""Theme files: the shipped four, the seller's own, and bad files that are skipped."""

from __future__ import annotations

import tomllib

import pytest
from textual.app import App, ComposeResult
from textual.theme import BUILTIN_THEMES
from textual.widgets import Label

from ipitui.store.paths import Home
from ipitui.tui.themes import DEFAULT_THEME, load_themes, shipped_themes_dir, theme_from_dict

SHIPPED = {"ipitui-dark", "ipitui-light", "ipitui-high-contrast", "ipitui-ansi"}
COLOUR_KEYS = ("primary", "secondary", "warning", "error", "success", "accent")
COLOUR_KEYS += ("foreground", "background", "surface", "panel", "boost")


def test_shipped_themes_load_without_problems(ipitui_home: Home):
    themes, problems = load_themes(ipitui_home)
    assert problems == []
    assert {t.name for t in themes} == SHIPPED
    assert DEFAULT_THEME in SHIPPED
    # the files live in the repository's top-level themes/ folder (shipped in the wheel)
    assert shipped_themes_dir().name == "themes"
    assert {p.stem for p in shipped_themes_dir().glob("*.toml")} == SHIPPED


def test_the_ansi_theme_uses_only_the_terminals_16_colours():
    data = tomllib.loads((shipped_themes_dir() / "ipitui-ansi.toml").read_text())
    assert data["ansi"] is True
    values = [data[k] for k in COLOUR_KEYS if k in data]
    values += [v for k, v in data["variables"].items() if not k.endswith("text-style")]
    assert values and all(v.startswith("ansi_") for v in values), values


def test_light_theme_is_light_and_dark_themes_are_dark(ipitui_home: Home):
    themes = {t.name: t for t in load_themes(ipitui_home)[0]}
    assert themes["ipitui-light"].dark is False
    assert themes["ipitui-dark"].dark and themes["ipitui-high-contrast"].dark


def test_user_theme_is_added_and_replaces_a_shipped_one_of_the_same_name(ipitui_home: Home):
    ipitui_home.user_themes_dir.mkdir(parents=True)
    (ipitui_home.user_themes_dir / "mine.toml").write_text(
        'name = "my-green"\nprimary = "#00aa00"\n[variables]\nborder = "#00ff00"\n'
    )
    (ipitui_home.user_themes_dir / "dark.toml").write_text(
        'name = "ipitui-dark"\nprimary = "#ff0000"\n'
    )
    themes, problems = load_themes(ipitui_home)
    by_name = {t.name: t for t in themes}
    assert problems == []
    assert by_name["my-green"].variables == {"border": "#00ff00"}
    assert by_name["ipitui-dark"].primary == "#ff0000"
    assert len(themes) == len(SHIPPED) + 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('name = "x"\nprimary = \n', "line 2"),
        ('name = "bad"\nprimary = "blu"\n', "'primary' is not a colour: 'blu'"),
        ('name = "bad"\nprimary = "#fff"\nshade = 1\n', "unknown key 'shade'"),
        ('primary = "#ffffff"\n', "'name' must be"),
        ('name = "Bad Name"\nprimary = "#ffffff"\n', "'name' must be"),
        ('name = "bad"\n', "'primary' is required"),
        ('name = "bad"\nprimary = "#fff"\ndark = "yes"\n', "'dark' must be true or false"),
        ('name = "bad"\nprimary = "#fff"\ntext_alpha = "x"\n', "'text_alpha' must be a number"),
        ('name = "bad"\nprimary = "#fff"\nvariables = 3\n', "[variables] must map"),
        ('name = "bad"\nprimary = 5\n', "'primary' must be a colour in quotes"),
    ],
)
def test_bad_theme_file_is_reported_with_its_path_and_skipped(
    ipitui_home: Home, content: str, expected: str
):
    ipitui_home.user_themes_dir.mkdir(parents=True)
    path = ipitui_home.user_themes_dir / "broken.toml"
    path.write_text(content)
    themes, problems = load_themes(ipitui_home)
    assert {t.name for t in themes} == SHIPPED
    assert len(problems) == 1
    assert str(path) in problems[0] and expected in problems[0], problems[0]


def test_undecodable_theme_file_is_skipped(ipitui_home: Home):
    ipitui_home.user_themes_dir.mkdir(parents=True)
    (ipitui_home.user_themes_dir / "latin1.toml").write_bytes(b'name = "caf\xe9"\n')
    themes, problems = load_themes(ipitui_home)
    assert len(themes) == len(SHIPPED)
    assert "cannot be read" in problems[0]


def test_theme_from_dict_builds_a_textual_theme():
    theme = theme_from_dict({"name": "t", "primary": "#123456", "dark": False, "text_alpha": 1})
    assert theme.name == "t" and theme.dark is False and theme.text_alpha == 1.0


class ThemedApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("[bold]x[/]", markup=False)


async def test_every_theme_applies_in_an_app_and_textuals_ansi_themes_stay(ipitui_home: Home):
    app = ThemedApp()
    async with app.run_test(size=(40, 5)) as pilot:
        for theme in load_themes(ipitui_home)[0]:
            app.register_theme(theme)
        for name in (*sorted(SHIPPED), "ansi-dark", "ansi-light"):
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name
            assert "[bold]x[/]" in app.export_screenshot()
        assert {"ansi-dark", "ansi-light"} <= set(app.available_themes)
        assert set(BUILTIN_THEMES) <= set(app.available_themes)
