"""The drivers that leave at once (coach/driver.py): keys still arrive, a lone Esc too, and leaving
wakes the input thread, which otherwise waits for input without a timeout."""

from __future__ import annotations

import hashlib
import inspect
import os
import queue
import select
import signal
import subprocess
import sys
import threading
from datetime import datetime

import pytest
from textual import events
from textual.drivers.linux_driver import LinuxDriver
from textual.drivers.linux_inline_driver import LinuxInlineDriver

from coach.driver import FastExit, WakingEvent, fast_driver
from coach.quick import CheckIn
from coach.quick_driver import QuickInlineDriver
from habits.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Textual's Linux drivers")

LIVELY = 5  # seconds: a thread that has not done its part by then never will (not a speed target)


async def test_the_check_in_uses_its_own_driver_only_in_a_terminal(tmp_path):
    app = CheckIn(Store(tmp_path / "coach.json", lambda: datetime(2026, 11, 21, 9, 0).astimezone()))
    driver = app._build_driver(headless=False, inline=True, mouse=False, size=None)
    assert isinstance(driver, QuickInlineDriver) and isinstance(driver, LinuxInlineDriver)
    driver.close()
    assert not isinstance(app._build_driver(headless=True, inline=True, mouse=False, size=(80, 24)), FastExit)


def test_one_driver_for_each_way_of_running():
    assert issubclass(fast_driver(inline=True), LinuxInlineDriver)
    assert issubclass(fast_driver(inline=False), LinuxDriver)
    assert not issubclass(fast_driver(inline=False), LinuxInlineDriver)
    assert fast_driver(inline=True) is QuickInlineDriver  # one class, however it is asked for


def test_the_check_ins_driver_leaves_the_full_screen_one_unimported():
    code = ("import sys, coach.quick, coach.quick_driver; "
            "print('textual.drivers.linux_driver' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_waking_event_is_readable_while_set():
    event = WakingEvent()
    try:
        assert not select.select([event], [], [], 0)[0]
        event.set()
        event.set()
        assert event.is_set() and select.select([event], [], [], 0)[0]
        event.clear()
        assert not event.is_set() and not select.select([event], [], [], 0)[0]
    finally:
        event.close()
    event.set()  # closed: still an event, waking nothing
    assert event.is_set()


@pytest.fixture
def keep_signals():
    """LinuxDriver handles ctrl+z (SIGTSTP, SIGCONT) and disable_input resets SIGWINCH: put them back."""
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT, signal.SIGWINCH)}
    yield
    for sig, handler in kept.items():
        signal.signal(sig, handler)


@pytest.mark.parametrize("inline", [True, False], ids=["inline", "full screen"])
async def test_keys_arrive_and_leaving_ends_the_input_thread_at_once(inline, keep_signals, monkeypatch):
    got: queue.Queue[events.Event] = queue.Queue()
    terminal, keyboard = os.pipe()
    textuals = LinuxInlineDriver if inline else LinuxDriver

    # Textual's start and stop without a terminal to set up: the input thread alone, and disable_input.
    def start_application_mode(driver) -> None:
        driver.fileno = terminal
        driver._key_thread = threading.Thread(target=driver._run_input_thread, daemon=True)
        driver._key_thread.start()

    monkeypatch.setattr(textuals, "start_application_mode", start_application_mode)
    monkeypatch.setattr(textuals, "stop_application_mode", textuals.disable_input)

    class Recording(fast_driver(inline)):  # type: ignore[misc]
        def process_message(self, message):
            got.put(message)

    driver = Recording(object(), mouse=False)  # type: ignore[arg-type]

    def leave(how) -> None:
        # Textual's own ways out join the input thread. Were the thread not woken, a key typed LIVELY
        # seconds later would be what ends it.
        nudged = threading.Event()
        nudge = threading.Timer(LIVELY, lambda: (nudged.set(), os.write(keyboard, b"z")))
        nudge.start()
        how()
        nudge.cancel()
        assert not nudged.is_set(), "the input thread did not wake to leave"
        assert not driver._key_thread.is_alive()

    def key() -> str:
        event = got.get(timeout=LIVELY)
        assert isinstance(event, events.Key)
        return event.key

    try:
        driver.start_application_mode()
        os.write(keyboard, b"\x11")
        assert key() == "ctrl+q"
        os.write(keyboard, b"\x1b[A")
        assert key() == "up"
        os.write(keyboard, b"\x1b[5;10Rb")  # the terminal says where the cursor is: the inline driver keeps it
        if not inline:
            assert isinstance(got.get(timeout=LIVELY), events.CursorPosition)
        assert key() == "b"
        assert driver.cursor_origin == ((9, 4) if inline else None)
        os.write(keyboard, b"\x1b")  # a lone Esc: known to be Esc only once the escape delay has passed
        assert key() == "escape"
        # ctrl+z and back (Textual stops and closes the driver, then starts it again), then the app's end.
        leave(driver.suspend_application_mode)
        driver.resume_application_mode()
        os.write(keyboard, b"a")
        assert key() == "a"
        leave(driver.stop_application_mode)
        driver.disable_input()
        driver.close()
        assert got.empty()
    finally:
        driver.close()
        os.close(terminal)
        os.close(keyboard)


# What coach/driver.py copies (run_input_thread) and leans on (disable_input sets, joins and clears the
# exit event) in Textual's Linux drivers, as of the pinned Textual: a new Textual that changes any of
# them fails here, and the copy is looked at again (or dropped).
COPIED = {
    (LinuxDriver, "run_input_thread"): "d796af6d69db337d6fa6bd463984f7d17188d991dbb22f60efb92a8a9619507c",
    (LinuxDriver, "disable_input"): "6154c5a7c1743fe9dd03887bbfaf63e4c55ab314c8e8cc9077e85ba125551a04",
    (LinuxInlineDriver, "run_input_thread"): "5b80c98a823ac83422ee1ce2491f20b0e506c3639d01314b9f82c979aa96e7db",
    (LinuxInlineDriver, "disable_input"): "963120dc0b07f376714fb7185178493a240f187ab59e879b8d54ceea92985346",
}


@pytest.mark.parametrize(("driver", "method"), list(COPIED), ids=lambda x: getattr(x, "__name__", x))
def test_what_it_copies_is_still_textuals(driver, method):
    source = inspect.getsource(getattr(driver, method))
    assert hashlib.sha256(source.encode()).hexdigest() == COPIED[driver, method]
