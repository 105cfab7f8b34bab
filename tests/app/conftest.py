"""Apps for Pilot tests: a data file in tmp_path and a clock that stands still until a test moves it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from coach.app import CoachApp
from habits.store import Store

# A Saturday morning, well past the default day start (04:00).
SATURDAY_MORNING = datetime(2026, 11, 21, 9, 0)


class Clock:
    """The app's and the store's 'now': fixed, and moved forward only by the test."""

    def __init__(self, start: datetime) -> None:
        self.now = start.astimezone()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(SATURDAY_MORNING)


@pytest.fixture
def store(tmp_path, clock: Clock) -> Store:
    return Store(tmp_path / "coach.json", clock=clock)


@pytest.fixture
def make_app(store: Store, clock: Clock) -> Callable[[], CoachApp]:
    return lambda: CoachApp(store, clock=clock)
