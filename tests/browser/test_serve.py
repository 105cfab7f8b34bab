"""`coach serve` in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
chromedriver (no driver is downloaded at run time). Two tabs open the served app on one data file; a step
typed in the first is logged (`coach status --json` says so) and shows in the second through its change
check. On failure each tab's screenshot is kept (the path is in the failure's message).

`pytest -m browser` runs it (the default run leaves it out). Where Chromium or its driver is missing it
skips, unless COACH_REQUIRE_BROWSER=1 (as .ci/run sets, after installing them): then it fails.
COACH_SCREENSHOT=FILE.png keeps a picture of the first tab once the step is logged (the README's).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.ports import free_port

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SIZE = (1280, 820)

# Wraps the page's WebSocket before textual.js runs: what the served app writes to the tab (its terminal
# output, as bytes) is kept as text, for the test to read what the tab shows.
KEEP_FRAMES = """
window.__coachScreen = [];
const Original = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new Original(...args);
  const decoder = new TextDecoder("utf-8");
  socket.addEventListener("message", (event) => {
    const data = event.data;
    window.__coachScreen.push(typeof data === "string" ? data : decoder.decode(data, {stream: true}));
  });
  return socket;
};
window.WebSocket.prototype = Original.prototype;
Object.assign(window.WebSocket, Original);
"""
_CONTROL = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[PX^_].*?\x1b\\|\x1b\][^\x07]*\x07|\x1b.")


def _missing() -> str | None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            return f"{path} is missing (Debian's {package}; .ci/run installs it)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser_ready() -> None:
    missing = _missing()
    if missing:
        if os.environ.get("COACH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"COACH_REQUIRE_BROWSER=1, and {missing}")
        pytest.skip(missing)


def _wait(what: str, ready: Callable[[], object], seconds: float = 30.0) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = ready()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds:.0f} s for {what}")


@pytest.fixture
def served(tmp_path: Path, browser_ready: None) -> Iterator[tuple[str, Path]]:
    """`coach serve` on a free loopback port, over a data file of its own; stopped after the test."""
    data = tmp_path / "coach.json"
    port = free_port()
    env = {**os.environ, "COACH_DB": str(data)}
    env.pop("TEXTUAL_DRIVER", None)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "coach", "serve", "--port", str(port)], env=env,
                              stdout=log, stderr=subprocess.STDOUT)

    def listening() -> bool:
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        _wait("coach serve to listen", listening)
        yield f"http://127.0.0.1:{port}/", data
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def chromium(tmp_path: Path, browser_ready: None) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--window-size={SIZE[0]},{SIZE[1]}",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}",
                 # The page asks Google for a font: nothing but this machine is reached, at once.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    keep_frames(driver)
    try:
        yield driver
    finally:
        driver.quit()


def keep_frames(driver: object) -> None:
    """Has the tab in front keep what the app writes to it, from its next page on."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_FRAMES})  # type: ignore[attr-defined]


def screen_text(driver: object) -> str:
    """What the served app has written to the tab in front, as plain text (its escape codes left out)."""
    written = driver.execute_script("return (window.__coachScreen || []).join('')")  # type: ignore[attr-defined]
    return _CONTROL.sub(" ", written)


def status(data: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "coach", "--db", str(data), "status", "--json"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_step_typed_in_the_browser_is_logged_and_shows_in_a_second_tab(served, chromium, tmp_path, request):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    url, data = served
    driver = chromium
    tabs: list[str] = []
    try:
        for n in range(2):
            if n:
                driver.switch_to.new_window("tab")
                keep_frames(driver)  # the script is the tab's own
            driver.get(url)
            tabs.append(driver.current_window_handle)
            # Today, drawn: its three steps and the footer's keys; over it, a first run's welcome, skipped.
            _wait(f"Today to render in tab {n + 1}",
                  lambda: all(word in screen_text(driver) for word in ("Brainstorm", "Connect", "Share", "Rest day",
                                                                       "Welcome to coach")))
            driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(Keys.ESCAPE)
            time.sleep(1)  # the welcome closes: Textual tells an Escape key from the start of a sequence
        assert status(data)["steps"] == {"brainstorm": False, "connect": False, "share": False}

        driver.switch_to.window(tabs[0])
        # The first card has the focus: letters start the audience's name, Enter logs it.
        typing = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        typing.send_keys("birdwatchers")
        typing.send_keys(Keys.ENTER)
        _wait("coach status to show the step", lambda: status(data)["steps"]["brainstorm"])
        assert status(data)["steps"] == {"brainstorm": True, "connect": False, "share": False}

        # The second tab is a second app on the same file: its change check draws the new step.
        driver.switch_to.window(tabs[1])
        _wait("the second tab to show the step", lambda: "birdwatchers" in screen_text(driver), seconds=15)

        if picture := os.environ.get("COACH_SCREENSHOT"):
            driver.switch_to.window(tabs[0])
            time.sleep(0.5)
            driver.save_screenshot(picture)
    except BaseException:
        kept = []
        for n, handle in enumerate(tabs, 1):
            driver.switch_to.window(handle)
            path = tmp_path / f"tab-{n}.png"
            driver.save_screenshot(str(path))
            kept.append(str(path))
        print(f"screenshots of the tabs: {', '.join(kept)}; the server's log: {tmp_path / 'serve.log'}")
        raise
