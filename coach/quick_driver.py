"""An inline driver that leaves at once: the check-in's way out without Textual's two waits.

Private parts of Textual, kept because bench/run.py shows what they buy: `coach --quick`, Esc to exit,
80-90 ms with this driver against 320-340 ms with Textual's own (10 years, 2 cores); the check-in is a
few keystrokes, and a third of a second between Esc and the prompt is most of its time. It leans on
`App._build_driver` (coach/quick.py) and copies LinuxInlineDriver.run_input_thread with the parser it
uses (textual._xterm_parser, textual._parser, textual._loop): Textual is pinned, and
tests/app/test_quick_driver.py fails if a new Textual changes what it copies.

Stock Textual (8.2.8) reads keys in a thread that sleeps in `select()` for up to 100 ms at a time.
A lone Esc is only known to be Esc (not the start of an escape sequence) at the next wake after the
escape delay, and on exit the app joins that thread through two more 100 ms waits. Here the thread
also watches a pipe of its own: leaving writes one byte to it, so the thread wakes and ends at
once; and its waits are short (20 ms), so a lone Esc is read after the escape delay (50 ms here, as
in most editors, set through Textual's own ESCDELAY variable before Textual is imported: see
coach/quick.py) rather than after the next 100 ms tick. Everything else is Textual's own driver.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from typing import Any

from textual import events
from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_inline_driver import LinuxInlineDriver

WAIT = 0.02  # seconds the input thread sleeps between looks at the clock


class QuickInlineDriver(LinuxInlineDriver):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wake_read, self._wake_write = os.pipe()

    def disable_input(self) -> None:
        if not self.exit_event.is_set():
            try:
                os.write(self._wake_write, b"x")  # the input thread wakes now, not at its next tick
            except OSError:
                pass
        super().disable_input()

    def close(self) -> None:
        super().close()
        for fd in (self._wake_read, self._wake_write):
            try:
                os.close(fd)
            except OSError:
                pass

    def run_input_thread(self) -> None:
        """Textual's own loop (LinuxInlineDriver.run_input_thread), with the wake pipe and short waits."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(self._wake_read, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def dispatch(found: list[events.Event]) -> None:
            for event in found:
                if isinstance(event, events.CursorPosition):
                    self.cursor_origin = (event.x, event.y)
                else:
                    self.process_message(event)

        def process(selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for last, (key, mask) in loop_last(selector_events):
                if key.fd != self.fileno or not mask & selectors.EVENT_READ:
                    continue
                data = decode(os.read(self.fileno, 1024 * 4), final=final and last)
                if not data:
                    break
                dispatch(list(parser.feed(data)))
            dispatch(list(parser.tick()))

        try:
            while not self.exit_event.is_set():
                process(selector.select(WAIT))
            selector.unregister(self.fileno)
            process(selector.select(0), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except ParseError:
                pass
