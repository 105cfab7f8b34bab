"""Textual's Linux drivers, inline and full screen, with a way out that does not wait: `fast_driver`.

Stock Textual (8.2.8) reads keys in a thread that sleeps in `select()` for up to 100 ms at a time, and
leaving joins that thread through two of those sleeps: the one it is in when the key that leaves
arrives, and one more after it stops watching the terminal (a `select()` with nothing registered,
which only sleeps). Between ctrl+q and the end of `coach` that is 200 of about 310 ms; between Esc and
the prompt after the check-in, a lone Esc also waits for the next 100 ms tick after the escape delay.

Here the thread's exit event is a WakingEvent: setting it also makes a pipe readable, and the thread
watches that pipe beside the terminal, so it wakes and ends the moment Textual sets the event (in its
own `disable_input`, which is unchanged). It never needs a timeout to notice leaving, so it blocks
until input arrives; only while a lone Esc may be waiting out the escape delay (ESCDELAY, read by
Textual when it is imported: coach/quick.py sets 50 ms, as in most editors) does it look at the clock
every 20 ms. Everything else is Textual's own driver.

Private parts of Textual, kept for what they buy (10 years, 2 cores, a pty as bench/run.py drives it):
`coach`, ctrl+q to exit, 305 ms with Textual's driver against 107 ms with this one, 21 ms when
gc.freeze() also spares Python's last collections (a minimal full-screen app: 350 ms, Esc to exit);
`coach --quick`, Esc to exit, 320-340 ms against 80-90 ms. The full app asks for this driver through
`App.get_driver_class`, the check-in through `App._build_driver` (Textual hard-wires its inline
driver there). `run_input_thread` below is Textual's loop (LinuxDriver's, which LinuxInlineDriver
repeats with CursorPosition kept for itself) with the parser it uses (textual._xterm_parser,
textual._parser, textual._loop). Textual is pinned, and tests/app/test_quick_driver.py fails if a new
Textual changes what this copies or leans on.
"""

from __future__ import annotations

import os
import selectors
import threading
import time
from codecs import getincrementaldecoder
from functools import cache
from typing import Any

from textual import constants, events
from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver

WAIT = 0.02  # seconds between looks at the clock while a lone Esc may be waiting out the escape delay


class WakingEvent(threading.Event):
    """A threading.Event that a `select()` can wait for: while it is set, `fileno()` is readable."""

    def __init__(self) -> None:
        super().__init__()
        self._read = self._write = -1
        self.open()

    def open(self) -> None:
        """Opens the pipe behind `fileno()`, if it is closed."""
        if self._read < 0:
            self._read, self._write = os.pipe()
            os.set_blocking(self._read, False)
            os.set_blocking(self._write, False)
            if self.is_set():
                self._wake()

    def fileno(self) -> int:
        return self._read

    def set(self) -> None:
        super().set()
        self._wake()

    def _wake(self) -> None:
        if self._write >= 0:
            try:
                os.write(self._write, b"x")
            except BlockingIOError:  # full: it is readable already
                pass

    def clear(self) -> None:
        super().clear()
        if self._read >= 0:
            try:
                while os.read(self._read, 4096):
                    pass
            except BlockingIOError:  # empty
                pass

    def close(self) -> None:
        """Closes the pipe until `open()`; the event still works, without waking anything."""
        for fd in (self._read, self._write):
            if fd >= 0:
                os.close(fd)
        self._read = self._write = -1


class FastExit:
    """The way out of a Linux driver (LinuxDriver or LinuxInlineDriver) without Textual's waits."""

    fileno: int
    exit_event: threading.Event
    _debug: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exit_event = WakingEvent()  # Textual's disable_input sets, joins and clears it

    # Textual closes a driver when the app ends and when it is suspended (ctrl+z), and starts it again
    # on resuming: the pipe is open from start to close.
    def start_application_mode(self) -> None:
        assert isinstance(self.exit_event, WakingEvent)
        self.exit_event.open()
        super().start_application_mode()  # type: ignore[misc]

    def close(self) -> None:
        super().close()  # type: ignore[misc]
        assert isinstance(self.exit_event, WakingEvent)
        self.exit_event.close()

    def run_input_thread(self) -> None:
        """Textual's own loop (LinuxDriver.run_input_thread), watching the exit event beside the terminal."""
        assert isinstance(self, Driver) and isinstance(self.exit_event, WakingEvent)
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(self.exit_event, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        inline = self.is_inline
        # The parser holds a lone Esc until a tick at or after ESCDELAY from the last input; until a tick
        # has come that late, the thread looks at the clock every WAIT, and otherwise waits for input.
        escape_until = last_tick = 0.0

        def dispatch(found: list[events.Event]) -> None:
            for event in found:
                if inline and isinstance(event, events.CursorPosition):  # as LinuxInlineDriver does
                    self.cursor_origin = (event.x, event.y)
                else:
                    self.process_message(event)

        def process(selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            nonlocal escape_until, last_tick
            for last, (key, mask) in loop_last(selector_events):
                if key.fd != self.fileno or not mask & selectors.EVENT_READ:
                    continue
                data = decode(os.read(self.fileno, 1024 * 4), final=final and last)
                if not data:
                    break  # stdin is piped and ended
                dispatch(list(parser.feed(data)))
                escape_until = time.monotonic() + constants.ESCAPE_DELAY
            last_tick = time.monotonic()
            dispatch(list(parser.tick()))

        try:
            while not self.exit_event.is_set():
                process(selector.select(WAIT if last_tick < escape_until else None))
            selector.unregister(self.fileno)
            # Textual looks once more, for 100 ms, with the terminal no longer registered: it can only
            # sleep, then tick. This ticks at once.
            process([], final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass


@cache
def fast_driver(inline: bool) -> type[Driver]:
    """Textual's Linux driver, inline or full screen, with FastExit's way out. Imports only the one asked
    for (the check-in does not load the full-screen driver)."""
    base: type[Driver]
    if inline:
        from textual.drivers.linux_inline_driver import LinuxInlineDriver as base
    else:
        from textual.drivers.linux_driver import LinuxDriver as base
    namespace = {"__module__": __name__, "__doc__": FastExit.__doc__}
    return type(f"Fast{base.__name__}", (FastExit, base), namespace)
