"""The check-in's own inline driver: in a real terminal, Esc leaves and the summary line follows."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from datetime import datetime
from pathlib import Path

from coach.quick import CheckIn
from coach.quick_driver import QuickInlineDriver
from habits.store import Store

REPO = Path(__file__).resolve().parents[2]


async def test_the_check_in_uses_its_own_driver_only_in_a_terminal(tmp_path):
    app = CheckIn(Store(tmp_path / "coach.json", lambda: datetime(2026, 11, 21, 9, 0).astimezone()))
    driver = app._build_driver(headless=False, inline=True, mouse=False, size=None)
    assert isinstance(driver, QuickInlineDriver)
    driver.close()
    assert not isinstance(app._build_driver(headless=True, inline=True, mouse=False, size=(80, 24)),
                          QuickInlineDriver)


def read_until(fd: int, marker: bytes, seconds: float) -> bytes:
    seen, end = b"", time.monotonic() + seconds
    while marker not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_esc_in_a_real_terminal_leaves_and_prints_where_today_stands(tmp_path):
    env = {**os.environ, "COACH_DB": str(tmp_path / "coach.json"), "COACH_NOW": "2026-11-21T09:00",
           "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
    pid, fd = pty.fork()
    if pid == 0:  # the child: coach --quick in the pseudo-terminal
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "coach", "--quick"], env)
    try:
        assert b"Brainstorm" in read_until(fd, b"Brainstorm", 30)
        os.write(fd, b"\x1b")
        assert b"0 of 3 done" in read_until(fd, b"0 of 3 done", 10)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.close(fd)
