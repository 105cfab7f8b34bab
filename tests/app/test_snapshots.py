"""How the screens look, guarded: every screen at 100x32, Today and the check-in also at 80x24.

Fixed clock and data. After a deliberate change of look: `pytest tests/app/test_snapshots.py
--snapshot-update`, then look at the new pictures (the report pytest writes) before committing them.
"""

from __future__ import annotations

from datetime import date

import pytest

from coach.app import CoachApp
from coach.quick import CheckIn
from habits.routine import (
    describe_audience, log_heard, log_step, set_reflection, set_setting, set_week_reflection,
)

WIDE, SMALL = (100, 32), (80, 24)


@pytest.fixture
def seeded(store):
    """A fortnight of the routine: people at every stage, audiences, reflections, a week's answer."""
    set_setting(store, "genres", "historical fiction")
    set_setting(store, "platforms", "Bluesky, Mastodon")
    for n in range(8, 21):
        day = date(2026, 11, n)
        log_step(store, "brainstorm", ["history teachers", "map collectors", "museum volunteers"][n % 3], day=day)
        log_step(store, "connect", ["@jane_writes", "Sam Haddad", "Ada", "Lena Reyes"][n % 4], day=day,
                 action=["comment", "reply", "question", "like"][n % 4], platform="Bluesky")
        if n % 5:
            log_step(store, "share", ["Sam Haddad", "@jane_writes", "Ola"][n % 3], day=day, work="The Long Tide")
        if n % 2:
            set_reflection(store, f"Day {n}: a reply from someone I had only followed.", day=day)
    for n in (10, 13, 16, 19):
        log_heard(store, "@jane_writes", day=date(2026, 11, n), note="thanked me")
    log_heard(store, "Sam Haddad", day=date(2026, 11, 18))
    describe_audience(store, "history teachers", where="#historyteacher, Bluesky starter packs")
    set_week_reflection(store, 2026, 46, "Depth beats breadth: Jane again.")
    log_step(store, "brainstorm", "map collectors")  # today, one of three
    return store


async def still(app, pilot) -> None:
    """No blinking cursor: a picture must not depend on the moment it is taken."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def app_at(make_app, mode: str) -> CoachApp:
    app = make_app()

    async def go(pilot) -> None:
        await app.switch_mode(mode)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await still(app, pilot)

    app._go = go  # type: ignore[attr-defined]
    return app


@pytest.mark.parametrize("mode", ["today", "people", "audiences", "history", "review", "settings"])
def test_each_place_at_100x32(snap_compare, seeded, make_app, mode):
    app = app_at(make_app, mode)
    assert snap_compare(app, terminal_size=WIDE, run_before=app._go)


def test_today_at_80x24(snap_compare, seeded, make_app):
    app = app_at(make_app, "today")
    assert snap_compare(app, terminal_size=SMALL, run_before=app._go)


def test_help_at_100x32(snap_compare, seeded, make_app):
    app = app_at(make_app, "today")

    async def go(pilot) -> None:
        await app._go(pilot)
        app.action_help()
        await still(app, pilot)

    assert snap_compare(app, terminal_size=WIDE, run_before=go)


def test_welcome_at_100x32(snap_compare, store, clock):
    app = CoachApp(store, clock=clock, welcome=True)
    assert snap_compare(app, terminal_size=WIDE, run_before=lambda pilot: still(app, pilot))


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["100x32", "80x24"])
def test_check_in(snap_compare, seeded, clock, size):
    app = CheckIn(seeded, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: still(app, pilot))
