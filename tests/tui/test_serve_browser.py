"""End to end in a browser: `ipitui serve` on a loopback port, opened in headless Chromium.

The test drives Chromium over the Chrome DevTools Protocol (its websocket, with aiohttp's
client, which textual-serve already brings). It loads the page, waits for the app in the
page's terminal (xterm.js), presses 2, waits for the Excess rows, saves a screenshot into the
test's tmp_path, and checks the server listens on loopback only. Skipped when Chromium is not
installed (`.ci/run` installs it).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)

TIMEOUT_S = 60.0

# xterm.js draws on a canvas, so the screen's text is not in the page's DOM. textual-serve's
# page keeps its xterm.js Terminal as the `terminal` property of its session object; this
# script, run before the page's own, notes that object when it is assigned, so the test can
# read the terminal's screen rows (what the browser shows) from its buffer.
CAPTURE_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && value.buffer.active) { window.__ipituiTerminal = value; }
  },
});
"""
SCREEN_ROWS = """
(() => {
  const t = window.__ipituiTerminal;
  if (!t) { return null; }
  const b = t.buffer.active, rows = [];
  for (let y = 0; y < t.rows; y++) {
    const line = b.getLine(b.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows;
})()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the TCP sockets listening on ``port`` (from /proc/net)."""
    found = set()
    for name, width in (("tcp", 8), ("tcp6", 32)):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # /proc/net prints each 32-bit word of the address in host (little-endian) order
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            family = socket.AF_INET if width == 8 else socket.AF_INET6
            found.add(socket.inet_ntop(family, raw))
    return found


def wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "ipitui serve exited early"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("ipitui serve did not start listening")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a process started in its own session, and everything it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@pytest.fixture
def served(demo_home: Path, tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """`ipitui serve` on a free loopback port, with no --host: the defaults are under test."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ipitui", "--home", str(demo_home), "serve", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_listening(port, process)
        yield port, log
    finally:
        stop(process)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[int]:
    """Headless Chromium with its DevTools port; yields that port."""
    profile = tmp_path / "chromium-profile"
    assert CHROMIUM is not None
    process = subprocess.Popen(
        [
            CHROMIUM, "--headless=new", "--no-sandbox", "--no-first-run",
            "--disable-dev-shm-usage", "--window-size=1280,800",
            f"--user-data-dir={profile}", "--remote-debugging-port=0",
            # nothing leaves the machine (the page asks for a web font)
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT_S
        while not (active.exists() and active.read_text().strip()):
            assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
            assert process.poll() is None, "Chromium exited"
            time.sleep(0.1)
        yield int(active.read_text().split()[0])
    finally:
        stop(process)


class DevTools:
    """A minimal Chrome DevTools Protocol client for one page."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.receive_str(), TIMEOUT_S))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                result: dict[str, Any] = message["result"]
                return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def screen(self) -> list[str]:
        return list(await self.evaluate(SCREEN_ROWS) or [])

    async def wait(self, done: Any, what: str) -> list[str]:
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            rows = await self.screen()
            if done(rows):
                return rows
            await asyncio.sleep(0.25)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n" + "\n".join(rows))

    async def press(self, key: str) -> None:
        code = f"Digit{key}" if key.isdigit() else f"Key{key.upper()}"
        common = {"key": key, "code": code, "windowsVirtualKeyCode": ord(key.upper())}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text=key, **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)


def excess_rows(rows: list[str]) -> list[str]:
    """The Excess table's rows under its header row (empty until the list is shown)."""
    start = next((i for i, row in enumerate(rows) if row.lstrip().startswith("SKU")), None)
    if start is None:
        return []
    body = rows[start + 1 : -1]  # the last row is the footer's keys
    return [row for row in body if any(c.isdigit() for c in row)]


async def test_serve_shows_the_app_in_a_browser(
    served: tuple[int, Path], chromium: int, tmp_path: Path
) -> None:
    port, log = served
    url = f"http://127.0.0.1:{port}/"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{chromium}/json/list") as response:
            targets = await response.json()
        page = next(t for t in targets if t["type"] == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            tools = DevTools(ws)
            await tools.call("Page.enable")
            await tools.call("Page.addScriptToEvaluateOnNewDocument", source=CAPTURE_TERMINAL)
            await tools.call("Page.navigate", url=url)
            await tools.wait(lambda rows: any("IPI estimate" in r for r in rows), "the app")
            await tools.evaluate("window.__ipituiTerminal.focus()")
            await tools.press("2")
            rows = await tools.wait(lambda rows: len(excess_rows(rows)) >= 3, "the Excess rows")
            assert any("Excess" in row for row in rows)
            shot = await tools.call("Page.captureScreenshot", format="png")
    png = tmp_path / "ipitui-serve-excess.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    print(f"screenshot: {png}")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000

    assert listening_addresses(port) == {"127.0.0.1"}
    said = log.read_text(errors="replace")
    assert "anyone who can reach this port can use the account" in said
    assert f"http://127.0.0.1:{port}" in said
