"""The summary beside the data file: the morning commands read it instead of years of history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from habits import routine
from habits.routine import day_status, status_on
from habits.store import Store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0).astimezone()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "coach.json", clock)


def three_weeks(store: Store, clock: Clock) -> None:
    for n in range(21):
        if n % 6 != 5:
            for kind in ("brainstorm", "connect", "share"):
                routine.log_step(store, kind, f"{kind}-{n}")
        else:
            routine.mark_rest(store)
        if n % 3 == 0:
            routine.set_reflection(store, f"day {n}")
        clock.now += timedelta(days=1)


def test_the_summary_gives_the_same_status_as_the_whole_history(store, clock):
    three_weeks(store, clock)
    routine.log_step(store, "connect", "today")
    recent = store.read_recent()
    assert recent is not None
    full = store.read()
    today = clock.now.date()
    for day in (today, today - timedelta(days=1)):
        assert day >= recent.recent_from
        assert status_on(day, recent.days, recent.history) == day_status(full, day)  # as Snapshot.status has it
    assert len(recent.history.entries) < len(full.entries)


def test_a_summary_for_an_older_copy_of_the_file_is_not_used(store, clock, tmp_path):
    three_weeks(store, clock)
    routine.log_step(store, "connect", "today")
    other = Store(tmp_path / "coach.json", clock)
    assert other.read_recent() is not None
    data = store.path.read_bytes()
    store.path.write_bytes(data.replace(b'"today"', b'"TODAY"'))  # another program edits the file
    assert store.read_recent() is None
    store.read(summarise=True)
    assert [e.subject for e in store.read_recent().history.entries][-1] == "TODAY"


def test_a_summary_that_does_not_read_is_not_used(store, clock):
    routine.log_step(store, "connect", "jane")
    store.summary_path.write_text("{not json")
    assert store.read_recent() is None


def test_a_day_before_the_summary_reaches_is_not_answered_from_it(store, clock):
    three_weeks(store, clock)
    routine.log_step(store, "connect", "today")
    assert store.read_recent(since=date(2026, 11, 2)) is None
    assert store.read_recent(since=clock.now.date() - timedelta(days=1)) is not None


def test_status_on_the_command_line_is_the_same_with_and_without_the_summary(tmp_path, monkeypatch, capsys):
    from coach.cli import main

    monkeypatch.setenv("COACH_DB", str(tmp_path / "coach.json"))
    monkeypatch.setenv("COACH_NOW", "2026-11-21T09:00")
    for kind, name in (("brainstorm", "teachers"), ("connect", "jane"), ("share", "sam")):
        main(["log", kind, name])
    monkeypatch.setenv("COACH_NOW", "2026-11-22T09:00")
    main(["log", "connect", "ada"])
    capsys.readouterr()
    for args in (["status", "--json"], ["status"], ["status", "--date", "yesterday", "--json"],
                 ["status", "--date", "2026-11-21"]):
        main(args)
        with_summary = capsys.readouterr().out
        (tmp_path / "coach.json.summary").unlink()
        main(args)
        assert capsys.readouterr().out == with_summary, args


def test_the_summary_holds_the_figures_of_every_year_and_a_write_of_today_opens_no_closed_year(store, clock, monkeypatch):
    from habits import aggregates
    from habits.store import years

    for day, name in ((date(2023, 3, 1), "jane"), (date(2024, 5, 2), "@Jane"), (date(2024, 5, 20), "jane"),
                      (date(2025, 6, 1), "sam"), (date(2026, 10, 30), "jane")):
        routine.log_step(store, "connect", name, day=day, platform="Bluesky" if day.year == 2024 else None)
    routine.log_step(store, "brainstorm", "history teachers", day=date(2023, 3, 1))
    routine.log_heard(store, "jane", day=date(2024, 6, 1), note="asked about letters")
    routine.rename_person(store, "jane", "Jane Reyes")  # a whole change: every year read
    assert len(years.index_of(store.read_raw())) == 2  # 2023 and 2024 are closed years, in files of their own

    def figures():
        recent = store.read_recent()
        assert recent is not None
        return aggregates.figures_of(recent.tally(), recent.history.people)

    whole = aggregates.figures_of_history(store.read())
    assert figures().people == whole.people and figures().tried == whole.tried
    assert figures().find("@jane").stage == "talking" and figures().find("@jane").platforms == ("Bluesky",)
    # Today's step reads no closed year's file: their figures are kept beside the summary, by their names.
    opened = []
    real = years.load_year
    monkeypatch.setattr(years, "load_year", lambda *a, **k: opened.append(a) or real(*a, **k))
    routine.log_step(store, "connect", "kit")
    assert opened == []
    routine.log_heard(store, "@KIT", note="wrote back")
    routine.log_step(store, "share", "jane", work="a poem")  # each added to the summary's figures, not tallied again
    assert opened == []
    whole = aggregates.figures_of_history(store.read())
    assert figures().people == whole.people and figures().steps == aggregates.of_history(store.read())["steps"]
    assert figures().steps["connect"]["count"] == 6 and figures().recent_people[0] == "jane"
    assert figures().find("kit").stage == "talking" and figures().find("jane").last_shared() == clock.now.date()


def test_asking_a_favour_is_weighed_against_the_figures_not_the_closed_years(store, clock, monkeypatch):
    from habits.coach import Coach
    from habits.store import years

    for n, day in enumerate((date(2023, 3, 1), date(2023, 3, 20), date(2024, 5, 2))):
        routine.log_step(store, "connect", "@jane", day=day, note=f"hello {n}")
    routine.log_step(store, "connect", "@sam", day=date(2023, 4, 1))
    routine.log_heard(store, "sam", day=date(2023, 4, 2))
    routine.rename_person(store, "jane", "Jane Reyes")
    assert Coach(store).snapshot().figures.find("jane").given == 3  # the closed years' figures, tallied once
    opened = []
    real = years.load_year
    monkeypatch.setattr(years, "load_year", lambda *a, **k: opened.append(a) or real(*a, **k))
    door = Coach(store)
    asked = door.log("connect", "@JANE", action="ask")
    assert asked.warning == ("Jane Reyes is warming up: early to ask a favour, and not today's Connect. "
                             "Give first next time.")
    assert door.log("connect", "sam", action="ask").warning is None  # they answered: talking
    assert opened == []


def test_the_summary_keeps_the_last_days_answers_so_a_days_prompt_is_the_whole_historys(store, clock):
    """A day's prompt asks who answered only on a day someone did (habits/prompts.py): the summary's
    days must know it, or the check-in and the full read would ask different questions."""
    routine.log_step(store, "connect", "jane", day=date(2026, 10, 20))
    routine.log_heard(store, "jane", day=date(2026, 10, 21), note="old news")
    for day in (date(2026, 10, 31), date(2026, 11, 1)):
        routine.log_heard(store, "jane", day=day, note="thanks!")
        routine.log_step(store, "connect", "jane", day=day)
    recent = store.read_recent()
    assert recent is not None
    assert sorted(h.day for h in recent.history.heard) == [date(2026, 10, 31), date(2026, 11, 1)]  # the last days only
    whole = store.read()
    for day in (date(2026, 10, 31), date(2026, 11, 1)):
        assert status_on(day, recent.days, recent.history).prompt == day_status(whole, day).prompt
