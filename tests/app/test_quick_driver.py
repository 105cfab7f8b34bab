"""The check-in's own inline driver: in a real terminal, Esc leaves and the summary line follows."""

from __future__ import annotations

import hashlib
import inspect
from datetime import datetime

from coach.quick import CheckIn
from coach.quick_driver import QuickInlineDriver
from habits.store import Store



async def test_the_check_in_uses_its_own_driver_only_in_a_terminal(tmp_path):
    app = CheckIn(Store(tmp_path / "coach.json", lambda: datetime(2026, 11, 21, 9, 0).astimezone()))
    driver = app._build_driver(headless=False, inline=True, mouse=False, size=None)
    assert isinstance(driver, QuickInlineDriver)
    driver.close()
    assert not isinstance(app._build_driver(headless=True, inline=True, mouse=False, size=(80, 24)),
                          QuickInlineDriver)


# The run_input_thread of Textual's LinuxInlineDriver that coach/quick_driver.py copies, as of the pinned
# Textual: a new Textual that changes it fails here, and the copy is looked at again (or dropped).
COPIED = "5b80c98a823ac83422ee1ce2491f20b0e506c3639d01314b9f82c979aa96e7db"


def test_the_input_loop_it_copies_is_still_textuals():
    from textual.drivers.linux_inline_driver import LinuxInlineDriver

    source = inspect.getsource(LinuxInlineDriver.run_input_thread)
    assert hashlib.sha256(source.encode()).hexdigest() == COPIED
