"""The key footer: rebuilt when the keys it shows change, kept when they stay the same."""

from __future__ import annotations

from demo_account import TODAY, make_demo_account
from snapshots import settle
from textual.widgets._footer import FooterKey

from ipitui.store.paths import Home
from ipitui.tui.app import IpituiApp
from ipitui.tui.widgets.footer import KeyFooter


def footer_keys(app: IpituiApp) -> list[FooterKey]:
    return list(app.screen.query_one(KeyFooter).query(FooterKey))


async def test_the_footer_follows_the_keys_and_keeps_them_when_unchanged(
    ipitui_home: Home,
) -> None:
    slug = make_demo_account(ipitui_home)
    app = IpituiApp(ipitui_home, slug, today=TODAY)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        on_list = footer_keys(app)
        keys = [k.key for k in on_list]
        assert {"r", "p", "slash", "q"} <= set(keys)

        await pilot.press("3")  # another list: the same keys, the same widgets
        await settle(app, pilot)
        assert footer_keys(app) == on_list

        await pilot.press("slash")  # the filter bar takes letters: r, p, q are typed there
        await settle(app, pilot)
        typing = [k.key for k in footer_keys(app)]
        assert "r" not in typing and "q" not in typing and "escape" not in typing
        await pilot.press("escape")
        await settle(app, pilot)
        assert [k.key for k in footer_keys(app)] == keys
