"""An ask never does the day's Connect step (issue 14): one rule (habits.model.counts_for_day), and every
reader of which steps a day had (the whole history, the summary, the closed years' days) follows it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from habits import model, pitch, routine
from habits.milestones import first_counted, logged_milestones, step_milestones
from habits.model import DAY_RULE, Entry, History, counts_for_day
from habits.routine import day_status, status_on
from habits.store import Store, paths, summary, years
from tests.unit.test_closed_years import TODAY, Clock  # the same day at 09:00, movable

OLD_DAY = date(2022, 3, 1)  # a closed year's day (this year and the last stay in the data file)
STAMP = "2026-11-21T09:00:00+00:00"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "coach.json", clock)


def log_day(store: Store, day: date, *connects: dict[str, str]) -> None:
    """A brainstorm, a share and the connects given (their details) on `day`."""
    routine.log_step(store, "brainstorm", "poets", day=day)
    for details in connects:
        routine.log_step(store, "connect", details.pop("subject", "jane"), day=day, **details)
    routine.log_step(store, "share", "sam", day=day)


def both_reads(store: Store, day: date):
    """The day's status as the summary gives it and as the whole history does; they must agree."""
    recent = store.read_recent()
    assert recent is not None and day >= recent.recent_from
    whole = store.read()
    quick = status_on(day, recent.days, recent.history)
    assert quick == day_status(whole, day)
    assert {d: set(k) for d, k in recent.days.items()} == whole.kinds_by_day()
    return quick


def entry(kind: str, action: str = "", note: str = "", n: int = 0, day: date = TODAY) -> Entry:
    return Entry(id=f"{kind}-{n}", kind=kind, day=day, subject="jane", created=STAMP, updated=STAMP,
                 action=action, note=note)


# --- the rule ------------------------------------------------------------------------------------------

def test_the_rule_asks_habits_pitch_and_counts_every_other_entry_for_its_step():
    assert counts_for_day("connect", "ask", "") is None
    assert counts_for_day("connect", "comment", "loved your thread") == "connect"
    assert counts_for_day("brainstorm", "", "") == "brainstorm"
    assert counts_for_day("share", "", "") == "share"
    assert counts_for_day("dance", "", "") is None
    assert model.record_counts_for_day({"kind": "connect", "action": "ask"}) is None
    assert model.record_counts_for_day({"kind": "connect", "action": None, "note": 3}) == "connect"
    assert model.record_counts_for_day({"kind": 5}) is None


def test_the_rule_is_habits_pitch_is_ask_not_a_copy_of_it(monkeypatch):
    """A note that reads as a pitch is an ask too, as habits.pitch says (whatever its signals are)."""
    monkeypatch.setattr(pitch, "is_ask", lambda kind, action, note: kind == "connect" and "MY BOOK" in note)
    assert counts_for_day("connect", "message", "here is MY BOOK") is None
    assert counts_for_day("connect", "ask", "") == "connect"  # the rule is is_ask's, whatever it says
    history = History(entries=(entry("connect", "message", "here is MY BOOK"), entry("brainstorm", n=1)))
    assert history.kinds_by_day() == {TODAY: {"brainstorm"}}
    assert history.steps_done(TODAY) == {"brainstorm": True, "connect": False, "share": False}


def test_the_history_leaves_out_a_day_with_only_an_ask():
    history = History(entries=(entry("connect", "ask"),))
    assert history.kinds_by_day() == {}
    assert history.steps_done(TODAY)["connect"] is False


# --- a day's steps, read whole and from the summary ----------------------------------------------------

def test_a_day_whose_only_connect_is_an_ask_has_connect_not_done(store):
    log_day(store, TODAY, {"action": "ask"})
    status = both_reads(store, TODAY)
    assert status.steps == {"brainstorm": True, "connect": False, "share": True}
    assert not status.complete and status.streak.current == 0
    assert len(status.entries) == 3  # the ask is still there, shown as it was logged


def test_a_day_with_an_ask_and_a_comment_is_done(store):
    log_day(store, TODAY, {"action": "ask"}, {"action": "comment", "subject": "sam"})
    status = both_reads(store, TODAY)
    assert status.complete and status.streak.current == 1


def test_a_comment_before_an_ask_counts_too(store):
    log_day(store, TODAY, {"action": "comment"}, {"action": "ask", "subject": "sam"})
    assert both_reads(store, TODAY).complete


def test_a_pitchy_note_in_the_summary_and_the_whole_read_alike(store, monkeypatch):
    monkeypatch.setattr(pitch, "is_ask", lambda kind, action, note: kind == "connect" and "buy" in note)
    log_day(store, TODAY, {"action": "message", "note": "please buy my novel"})
    assert both_reads(store, TODAY).steps["connect"] is False


def test_the_streak_and_strength_skip_an_ask_day(store, clock):
    for n in range(3, 0, -1):
        log_day(store, TODAY - timedelta(days=n), {"action": "ask" if n == 2 else "reply"})
    status = both_reads(store, TODAY - timedelta(days=1))
    assert status.streak.current == 1 and status.streak.longest == 1
    assert status.strength < 1.0


def test_the_markdown_journal_and_the_calendar_follow_the_rule(store):
    from habits.calendar import history_facts
    from habits.exchange import to_markdown

    rested = TODAY - timedelta(days=1)
    log_day(store, rested, {"action": "ask"})
    routine.mark_rest(store, day=rested)
    history = store.read()
    assert "Rest day." in to_markdown(history)[0]  # not complete: the rest day is said
    assert history_facts(history).kinds[rested] == {"brainstorm", "share"}


# --- a rest day ----------------------------------------------------------------------------------------

def test_a_day_with_only_an_ask_can_still_be_rested(store):
    log_day(store, TODAY, {"action": "ask"})
    assert routine.mark_rest(store).result == "rested"
    assert both_reads(store, TODAY).rest


def test_a_day_done_with_a_comment_is_complete_and_not_rested(store):
    log_day(store, TODAY, {"action": "ask"}, {"action": "comment"})
    assert routine.mark_rest(store).result == "complete"


# --- milestones ----------------------------------------------------------------------------------------

def test_an_ask_reaches_no_milestone_and_the_comment_after_it_does(store):
    for n in range(6, 0, -1):
        log_day(store, TODAY - timedelta(days=n), {"action": "reply"})
    log_day(store, TODAY, {"action": "ask"})
    history = store.read()
    ask = next(e for e in history.entries_on(TODAY) if e.action == "ask")
    assert first_counted(history.entries_on(TODAY), ask) is False
    assert logged_milestones(history, ask, TODAY) == []
    assert step_milestones(history.kinds_by_day(), history.rest_days, ask, True, TODAY) == []
    comment = routine.log_step(store, "connect", "sam", action="comment").entry
    history = store.read()
    assert first_counted(history.entries_on(TODAY), comment) is True
    assert [m.value for m in logged_milestones(history, comment, TODAY)] == [7]


# --- the closed years ----------------------------------------------------------------------------------

def closed_years_store(store: Store, clock: Clock) -> None:
    clock.day = OLD_DAY
    log_day(store, OLD_DAY, {"action": "ask"})
    clock.day = OLD_DAY + timedelta(days=1)
    log_day(store, OLD_DAY + timedelta(days=1), {"action": "comment"})
    clock.day = TODAY
    routine.log_step(store, "brainstorm", "memoirists")  # moves 2022 out


def index_of(store: Store) -> years.Index:
    return years.index_of(orjson.loads(store.path.read_bytes()))


def as_09_wrote_it(store: Store) -> None:
    """The data file as 0.9 left it: the closed years' days made by the old rule (every entry counted)."""
    data = orjson.loads(store.path.read_bytes())
    item = data["meta"]["1"]["closed"]["2022"]
    del item["rule"]
    item["days"][OLD_DAY.isoformat()] = "123"
    store.path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def test_a_closed_year_keeps_its_days_by_the_new_rule(store, clock):
    closed_years_store(store, clock)
    item = index_of(store)["2022"]
    assert item["rule"] == DAY_RULE
    assert item["days"] == {"2022-03-01": "13", "2022-03-02": "123"}
    assert store.read_recent().days[OLD_DAY] == {"brainstorm", "share"}
    assert store.read().kinds_by_day()[OLD_DAY] == {"brainstorm", "share"}


def test_days_of_a_year_leave_out_asks():
    record = {"id": "a", "kind": "connect", "day": "2022-03-01", "subject": "jane", "action": "ask",
              "created": STAMP, "updated": STAMP}
    assert years.days_of({"entries": {"a": record}}) == {}
    record = {**record, "action": "reply"}
    assert years.days_of({"entries": {"a": record}}) == {"2022-03-01": "2"}


def test_a_closed_year_indexed_by_the_old_rule_is_made_again_by_the_next_write(store, clock):
    closed_years_store(store, clock)
    files = {item["file"] for item in index_of(store).values()}
    as_09_wrote_it(store)
    # Until a write, a reader uses the days as stored (the whole read counts from the entries themselves).
    assert index_of(store)["2022"]["days"][OLD_DAY.isoformat()] == "123"
    routine.log_step(store, "connect", "ola")  # a change of today only: it reads 2022's file once, for its days
    item = index_of(store)["2022"]
    assert item["rule"] == DAY_RULE and item["days"][OLD_DAY.isoformat()] == "13"
    assert {i["file"] for i in index_of(store).values()} == files  # the year's file itself is as it was
    recent = store.read_recent()
    assert recent is not None and recent.days[OLD_DAY] == {"brainstorm", "share"}
    assert {d: set(k) for d, k in recent.days.items()} == store.read().kinds_by_day()
    assert status_on(TODAY, recent.days, recent.history) == day_status(store.read(), TODAY)


def test_a_closed_year_of_the_current_rule_is_not_read_by_a_write_of_today(store, clock, monkeypatch):
    closed_years_store(store, clock)
    read: list[object] = []
    monkeypatch.setattr(years, "load_year", lambda *a, **k: read.append(a))
    logged = routine.log_step(store, "connect", "ola")
    assert read == []  # no closed year was read
    assert logged.entry.subject == "ola" and index_of(store)["2022"]["rule"] == DAY_RULE


def test_a_closed_year_that_cannot_be_read_keeps_its_stored_days_for_now(store, clock):
    closed_years_store(store, clock)
    as_09_wrote_it(store)
    target = paths.years_folder(store.path) / index_of(store)["2022"]["file"]
    good = target.read_bytes()
    target.write_bytes(b"{}")  # damaged: it no longer matches its checksum
    routine.log_step(store, "connect", "ola")  # the change of today is written all the same
    assert "rule" not in index_of(store)["2022"]
    target.write_bytes(good)
    routine.log_step(store, "connect", "ivy")  # the next write tries again
    assert index_of(store)["2022"]["rule"] == DAY_RULE


def test_a_change_of_the_rule_comes_with_a_new_summary_version():
    """The summary's days and the figures' gifts follow the rule: a new DAY_RULE bumps SUMMARY_VERSION
    (the summary and the closed years' figures file are then made again). Add the pair when you bump."""
    first_version_of_rule = {2: 5}
    assert summary.SUMMARY_VERSION >= first_version_of_rule[DAY_RULE]
