"""The door's promise, counted: a change is one transaction and nothing reads it back, and the app's
change check notices only what another process wrote.

Every public read of the store (read, read_recent, read_raw, undo_label) and every transaction is
counted while the app or the command runs.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from coach.cli import main
from coach.screens.today import TodayScreen
from habits.store import Store

SIZE = (100, 32)
READS = ("read", "read_recent", "read_raw", "undo_label")


@pytest.fixture
def counted(monkeypatch) -> Counter:
    calls: Counter = Counter()
    for name in (*READS, "transaction"):
        real = getattr(Store, name)

        def counting(self, *args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Store, name, counting)
    return calls


def reads(calls: Counter) -> int:
    return sum(calls[name] for name in READS)


async def test_one_enter_on_today_is_one_transaction_and_no_read(make_app, counted, monkeypatch):
    monkeypatch.setenv("COACH_NOW", "2026-11-21T09:30")  # `coach log` in another terminal, that morning
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.change_timer is not None
        app.change_timer.pause()  # the test makes the check, and knows when
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        counted.clear()
        card = screen.card("connect")
        card.subject_input.value = "@jane"
        card.subject_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [e.subject for e in card.entry_list.entries] == ["@jane"]
        assert counted["transaction"] == 1 and reads(counted) == 0
        # The app's own write is no news to its change check: nothing is read again.
        assert app.check_for_changes() is False
        assert reads(counted) == 0
        # Another process's write is: one read, and it shows.
        assert main(["--db", str(app.coach.store.path), "log", "share", "@sam"]) == 0
        counted.clear()
        assert app.check_for_changes() is True
        await pilot.pause()
        assert reads(counted) == 1
        assert [e.subject for e in screen.card("share").entry_list.entries] == ["@sam"]


def test_coach_log_is_one_transaction_and_reads_nothing_after(tmp_path, counted, monkeypatch, capsys):
    monkeypatch.setenv("COACH_NOW", "2026-11-21T09:00")
    db = str(tmp_path / "coach.json")
    assert main(["--db", db, "log", "brainstorm", "history teachers"]) == 0
    counted.clear()
    assert main(["--db", db, "log", "connect", "@jane", "--action", "comment"]) == 0
    assert "2 of 3 done" in capsys.readouterr().out
    assert counted["transaction"] == 1 and reads(counted) == 0


def test_coach_person_reads_once_and_changes_once(tmp_path, counted, monkeypatch, capsys):
    monkeypatch.setenv("COACH_NOW", "2026-11-21T09:00")
    db = str(tmp_path / "coach.json")
    assert main(["--db", db, "log", "connect", "jane"]) == 0
    counted.clear()
    assert main(["--db", db, "person", "jane", "--rename", "Jane Reyes", "--note", "met at the salon"]) == 0
    out = capsys.readouterr().out
    assert "Renamed: jane is now Jane Reyes." in out and "Note: met at the salon" in out
    assert counted["transaction"] == 1 and reads(counted) == 1
    assert main(["--db", db, "undo"]) == 0  # one change: one undo takes back the name and the note
    assert "Undone: rename jane to Jane Reyes." in capsys.readouterr().out


def test_a_fresh_snapshot_reads_the_summary_only(tmp_path, counted):
    from habits.coach import Coach

    now = datetime(2026, 11, 21, 9, 0).astimezone()
    door = Coach.at(tmp_path / "coach.json", lambda: now)
    door.log("connect", "@jane")
    door.heard("jane")
    counted.clear()
    fresh = Coach.at(tmp_path / "coach.json", lambda: now).snapshot()
    assert (counted["read_recent"], counted["read"]) == (1, 0)
    assert fresh.coaching.first("share").name == "@jane" and fresh.figures.find("jane").stage == "talking"
