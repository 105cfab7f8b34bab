"""The inline check-in, `coach --quick`, driven through Pilot (run_test is not inline: the logic is the same)."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from coach.quick import (
    HINT_CONNECT, HINT_STEP, CheckIn, StepRow, YesterdayLine, run_check_in, split_choice, summary_line,
    yesterday_line,
)
from habits.coach import Coach
from habits.model import ACTIONS
from habits.routine import log_heard, log_step, set_reflection, set_setting
from habits.store import Store, StoreError

NOW = datetime(2026, 11, 21, 9, 0).astimezone()
TODAY = date(2026, 11, 21)
YESTERDAY = TODAY - timedelta(days=1)
SIZE = (80, 24)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "coach.json", clock=lambda: NOW)


def log_day(store: Store, day: date, kinds=("brainstorm", "connect", "share")) -> None:
    subjects = {"brainstorm": "history teachers", "connect": "@jane", "share": "Maria Lopez"}
    for kind in kinds:
        log_step(store, kind, subjects[kind], day=day)


def entries(store: Store, kind: str) -> list[str]:
    return [e.subject for e in store.read().entries if e.kind == kind and e.day == TODAY]


def hint(app: CheckIn) -> str:
    return str(app.query_one("#hint", Static).content)


async def test_focus_starts_on_the_first_open_step(store):
    log_day(store, TODAY, kinds=("brainstorm",))
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        assert app.focused is not None and app.focused.id == "step-connect"


async def test_focus_starts_on_today_even_when_yesterday_asks_for_a_reflection(store):
    log_day(store, YESTERDAY)
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        assert app.query("#reflection")
        assert app.focused is not None and app.focused.id == "step-brainstorm"


async def test_enter_logs_the_step_and_moves_to_the_next_open_one(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#step-brainstorm", Input).value = "history teachers"
        await pilot.press("enter")
        await pilot.pause()
        assert entries(store, "brainstorm") == ["history teachers"]
        assert app.focused is not None and app.focused.id == "step-connect"
        row = app.query_one("#row-brainstorm", StepRow)
        assert row.done and not row.query(Input)
        assert "history teachers" in str(row.query_one(".logged", Static).content)
        assert "✓" in str(row.query_one(".label", Static).content)


async def test_connect_is_logged_with_the_default_action(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        app.query_one("#step-connect", Input).value = "@jane"
        await pilot.press("enter")
        await pilot.pause()
    [entry] = [e for e in store.read().entries if e.kind == "connect"]
    assert (entry.subject, entry.action, entry.day) == ("@jane", "other", TODAY)


async def test_share_takes_its_text_and_three_other_keys(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        assert app.focused is not None and app.focused.id == "step-share"
        app.focused.value = "Maria Lopez"
        await pilot.press("enter")
        await pilot.pause()
        assert entries(store, "share") == ["Maria Lopez"]
        # the next open step is found by going round to the first
        assert app.focused is not None and app.focused.id == "step-brainstorm"


async def test_up_and_shift_tab_reach_yesterdays_reflection(store):
    log_day(store, YESTERDAY)
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up")
        assert app.focused is not None and app.focused.id == "reflection"
        await pilot.press("tab")
        assert app.focused.id == "step-brainstorm"
        await pilot.press("shift+tab")
        assert app.focused.id == "reflection"


async def test_escape_leaves(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_ctrl_c_leaves_even_from_an_input(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running


async def test_an_empty_step_stores_nothing_and_says_why(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert store.read().entries == ()
        assert not store.path.exists()
        assert hint(app).startswith("! ") and "empty" in hint(app)
        assert app.query_one("#hint").has_class("-error")
        assert app.focused is not None and app.focused.id == "step-brainstorm"
        # typing again puts the usual hint back
        await pilot.press("a")
        assert not hint(app).startswith("! ")


async def test_yesterdays_prompt_shows_when_yesterday_has_no_reflection(store):
    log_day(store, YESTERDAY, kinds=("connect",))
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        question = str(app.query_one("#question", Static).content)
        from habits.prompts import prompt_for

        # Fitted to what yesterday held: a step, nobody heard from, no genres (not known to write books).
        assert prompt_for(YESTERDAY, answered=False, entries=True, books=False) in question
        assert app.query("#reflection")


async def test_an_empty_yesterday_is_not_asked_about_and_one_with_steps_is(store):
    log_day(store, YESTERDAY - timedelta(days=1))  # not day one: the day before yesterday had its steps
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        assert not app.query("#question") and not app.query("#reflection")  # nothing to reflect on
        assert "○ Brainstorm" in str(app.query_one(YesterdayLine).render())
        assert app.focused is not None and app.focused.id == "step-brainstorm"
    log_day(store, YESTERDAY, kinds=("share",))
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        assert app.query("#question") and app.query("#reflection")
        assert app.query_one("#question", Static).content == Coach(store).snapshot().status(YESTERDAY).prompt


async def test_back_after_a_gap_the_check_in_welcomes_and_names_who_answered(store):
    log_day(store, TODAY - timedelta(days=21))
    log_heard(store, "@jane", day=TODAY - timedelta(days=9), note="loved the map")
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        welcome = str(app.query_one("#welcome", Static).content)
        assert welcome.startswith("Welcome back after 3 weeks.")
        assert "@jane answered you" in welcome
        # Under the first line, above yesterday's; an empty yesterday asks for no reflection.
        order = [w.id for w in app.screen.children]
        assert order[:3] == ["header", "welcome", "yesterday"]
        assert not app.query("#reflection")


async def test_no_welcome_line_without_a_gap(store):
    log_day(store, YESTERDAY)
    log_heard(store, "@jane", day=YESTERDAY)
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.query("#welcome")


async def test_yesterdays_prompt_is_not_shown_when_it_has_a_reflection(store):
    log_day(store, YESTERDAY, kinds=("connect",))
    set_reflection(store, "Jane answered.", day=YESTERDAY)
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        assert not app.query("#question")
        assert not app.query("#reflection")


async def test_answering_the_prompt_stores_it_on_yesterday(store):
    log_day(store, YESTERDAY, kinds=("connect",))
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up")
        app.query_one("#reflection", Input).value = "Jane answered my question about her map."
        await pilot.press("enter")
        await pilot.pause()
        assert not app.query("#reflection")
        assert app.focused is not None and app.focused.id == "step-brainstorm"
    reflections = store.read().reflections
    assert list(reflections) == [YESTERDAY]
    assert reflections[YESTERDAY].text == "Jane answered my question about her map."


async def test_an_empty_reflection_is_skipped_without_storing(store):
    log_day(store, YESTERDAY, kinds=("connect",))
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up", "enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "step-brainstorm"
        assert not hint(app).startswith("! ")
    assert store.read().reflections == {}


async def test_yesterdays_steps_show_what_was_logged(store):
    log_day(store, YESTERDAY, kinds=("brainstorm", "connect"))
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        line = str(app.query_one(YesterdayLine).render())
        assert "✓ Brainstorm history teachers" in line
        assert "✓ Connect @jane" in line
        assert "○ Share" in line


async def test_an_empty_history_says_day_one(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        assert "Day one" in str(app.query_one(YesterdayLine).render())
        assert not app.query("#reflection")


async def test_a_complete_day_shows_every_step_done(store):
    log_day(store, YESTERDAY)
    log_day(store, TODAY)
    set_reflection(store, "a good day", day=YESTERDAY)
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        rows = list(app.query(StepRow))
        assert [r.done for r in rows] == [True, True, True]
        assert all("✓" in str(r.query_one(".label", Static).content) for r in rows)
        assert not app.query(Input)
        assert app.focused is None
        assert "All three done" in hint(app)
        assert "streak 2 days" in str(app.query_one("#header", Static).content)
        await pilot.press("down", "enter")  # nothing to move to or log, and nothing breaks
        assert app.is_running


async def test_logging_the_last_step_completes_the_day(store):
    log_day(store, YESTERDAY)
    log_day(store, TODAY, kinds=("brainstorm", "connect"))
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is not None and app.focused.id == "step-share"
        app.focused.value = "Maria Lopez"
        await pilot.press("enter")
        await pilot.pause()
        assert not app.query("StepRow Input")
        assert "All three done" in hint(app)
        assert "streak 2 days" in str(app.query_one("#header", Static).content)


async def test_a_name_with_markup_is_shown_as_typed(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#step-brainstorm", Input).value = "fans of [b]noir[/b]"
        await pilot.press("enter")
        await pilot.pause()
        shown = str(app.query_one("#row-brainstorm .logged", Static).render())
        assert "fans of [b]noir[/b]" in shown


async def test_suggestions_come_from_the_users_own_history(store):
    log_step(store, "connect", "@jane", day=YESTERDAY)
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        app.query_one("#step-connect", Input).value = "@J"
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
    assert entries(store, "connect") == ["@jane"]


async def test_the_suggestions_are_read_a_person_at_a_time_on_the_apps_own_thread(store, monkeypatch):
    """The check-in paints from the summary, then offers the coach's picks from the figures read a person at
    a time (store/summary.py: Recent.lean): no figures of everyone, no year's records, no whole read, and
    no thread of its own (nothing to wait for on the way out)."""
    import threading

    from habits import aggregates
    from habits.store import Store as StoreClass, years

    for day, name in ((date(2022, 3, 1), "@jane"), (date(2023, 5, 2), "@sam"), (TODAY - timedelta(days=9), "@jane")):
        log_step(store, "connect", name, day=day)
    log_heard(store, "jane", day=date(2022, 4, 1))
    Coach(store).snapshot().lean  # noqa: B018 (the closed years' figures file, tallied once, as on the year's first day)
    asked: list[str] = []
    for module, name in ((aggregates, "figures_of_people"), (aggregates, "figures_of"), (years, "load_year")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: asked.append(_name) or _real(*a, **k))
    real_read = StoreClass.read
    monkeypatch.setattr(StoreClass, "read", lambda self, *a, **k: asked.append("read") or real_read(self, *a, **k))
    before = set(threading.enumerate())
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        row = app.query_one("#row-connect", StepRow)
        assert row.suggestion is not None and row.suggestion.name == "@jane"
        assert row.names == ["@jane", "@sam"]
        assert set(threading.enumerate()) <= before
    assert asked == []


async def test_started_without_the_collector_it_collects_from_its_first_frame_on(store, monkeypatch):
    """`coach --quick` starts with the cyclic collector off (coach/cli.py): what the start made is frozen
    out of later collections once the first frame is painted, and collecting starts then."""
    import gc

    import coach.quick

    log_day(store, YESTERDAY)
    frozen: list[bool] = []
    monkeypatch.setattr(coach.quick.gc, "freeze", lambda: frozen.append(gc.isenabled()))
    gc.disable()
    try:
        app = CheckIn(store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert frozen == [False] and gc.isenabled()
    finally:
        gc.enable()
    app = CheckIn(store)  # started with it on (a test, an embedding): nothing is frozen, nothing changes
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert frozen == [False] and gc.isenabled()


async def test_the_summary_line_reads_like_a_sentence(store):
    log_day(store, YESTERDAY)
    log_day(store, TODAY, kinds=("brainstorm", "connect"))
    assert summary_line(Coach(store)) == "2 of 3 done · streak 1 day"
    log_day(store, YESTERDAY - timedelta(days=1))
    assert summary_line(Coach(store)) == "2 of 3 done · streak 2 days"


def test_run_check_in_prints_the_summary_after_the_app(store, monkeypatch, capsys):
    import coach.quick

    log_day(store, YESTERDAY)
    ran, frozen = [], []
    monkeypatch.setattr(CheckIn, "run", lambda self, **kw: ran.append(kw))
    # the way out is left its objects (not this test process's)
    monkeypatch.setattr(coach.quick.gc, "freeze", lambda: frozen.append(capsys.readouterr().out))
    assert run_check_in(store) == 0
    assert ran == [{"inline": True, "inline_no_clear": True}]
    assert frozen == ["0 of 3 done · streak 1 day\n"]


def count_reads(store: Store, monkeypatch) -> list[str]:
    """Every read of the data file or its summary, by name."""
    reads: list[str] = []
    for name in ("read", "read_recent"):
        real = getattr(store, name)
        monkeypatch.setattr(store, name, lambda *a, _real=real, _name=name, **kw: reads.append(_name) or _real(*a, **kw))
    return reads


async def test_leaving_prints_today_as_shown_without_reading_again_unless_the_file_changed(store, monkeypatch):
    log_day(store, YESTERDAY)
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is not None and app.focused.id == "step-brainstorm"
        app.focused.value = "history teachers"
        await pilot.press("enter")
        await pilot.pause()
    # What the log handed back is what leaving prints (the door's own tests hold it to no read back).
    reads = count_reads(store, monkeypatch)
    assert app.summary_at_exit() == "1 of 3 done · streak 1 day" and reads == []
    log_step(store, "share", "Maria Lopez")  # another terminal, meanwhile
    assert app.summary_at_exit() == "2 of 3 done · streak 1 day" and reads


async def test_a_complete_day_with_yesterday_open_starts_on_the_reflection(store):
    log_day(store, YESTERDAY)
    log_day(store, TODAY)
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        assert app.focused is not None and app.focused.id == "reflection"
        assert "All three done" in hint(app)


async def test_the_last_step_hands_focus_to_an_open_reflection(store):
    log_day(store, YESTERDAY)
    log_day(store, TODAY, kinds=("brainstorm", "share"))
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is not None and app.focused.id == "step-connect"
        app.focused.value = "@jane"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "reflection"


async def test_a_store_error_shows_in_the_hint_and_changes_nothing(store, monkeypatch):
    def busy(*args, **kwargs):
        raise StoreError(f"{store.path} is busy: another coach has held its lock for 10 s")

    app = CheckIn(store)
    monkeypatch.setattr(app.coach, "log", busy)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#step-brainstorm", Input).value = "history teachers"
        await pilot.press("enter")
        await pilot.pause()
        assert hint(app).startswith("! ") and "is busy" in hint(app)
        assert not app.query_one("#row-brainstorm", StepRow).done
        assert app.focused is not None and app.focused.id == "step-brainstorm"
        assert app.focused.value == "history teachers"  # kept, to try again
    assert store.read().entries == ()


async def test_the_first_line_shows_streak_longest_and_strength(store):
    for back in (4, 3, 1):
        log_day(store, TODAY - timedelta(days=back))
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        header = str(app.query_one("#header", Static).content)
        assert "streak 1 day " in header and "longest 2" in header
        assert "strength" in header and "%" in header


def test_a_damaged_data_file_fails_before_the_app_starts(store):
    store.path.write_text("not json")
    with pytest.raises(StoreError):
        run_check_in(store)
    assert store.path.read_text() == "not json"


async def test_ctrl_q_leaves_too(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


def test_yesterdays_row_fits_its_width_by_shortening_names(store):
    log_day(store, YESTERDAY)  # history teachers, @jane, Maria Lopez
    status = Coach(store).snapshot().status(YESTERDAY)
    wide = str(yesterday_line(status, 78))
    assert wide == "Yesterday  ✓ Brainstorm history teachers  ✓ Connect @jane  ✓ Share Maria Lopez"
    narrow = str(yesterday_line(status, 70))
    assert len(narrow) <= 70
    # a short name stays whole; the long ones share what is left
    assert narrow == "Yesterday  ✓ Brainstorm history t…  ✓ Connect @jane  ✓ Share Maria Lo…"


# ---- the coach's suggestions


def seed_talking(store: Store, name: str = "Jane Reyes") -> None:
    """Someone who answered, last touched 9 days ago: the coach suggests reconnecting."""
    log_step(store, "connect", name, day=TODAY - timedelta(days=19), action="comment")
    log_heard(store, name, day=TODAY - timedelta(days=9))


def connect_entries(store: Store) -> list[tuple[str, str]]:
    return [(e.subject, e.action) for e in store.read().entries if e.kind == "connect" and e.day == TODAY]


async def test_an_open_step_offers_the_suggestion_and_enter_on_empty_logs_it(store):
    seed_talking(store)
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one("#step-connect", Input)
        await pilot.pause()  # the suggestions come right after the first frame
        assert field.placeholder.startswith("↵ Jane Reyes — answer back")  # she answered: she waits on you
        await pilot.press("down")
        assert app.focused is field
        await pilot.press("enter")
        await pilot.pause()
        assert connect_entries(store) == [("Jane Reyes", "reply")]
        assert app.query_one("#row-connect", StepRow).done
        assert not hint(app).startswith("! ")


async def test_an_accepted_audience_keeps_where_it_gathers(store):
    set_setting(store, "genres", "horror")
    idea = Coach(store).snapshot(whole=True).coaching.first("brainstorm")
    assert idea is not None
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the suggestions come right after the first frame
        assert app.query_one("#step-brainstorm", Input).placeholder.startswith(f"↵ {idea.name} — gathers: ")
        await pilot.press("enter")
        await pilot.pause()
    [entry] = [e for e in store.read().entries if e.kind == "brainstorm"]
    assert (entry.subject, entry.note) == (idea.name, "gathers: " + " · ".join(idea.where))


async def test_without_a_suggestion_enter_on_empty_still_says_why(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one("#step-connect", Input)
        assert field.placeholder == "a person, e.g. @jane"
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert hint(app) == "! the person is empty"
        assert store.read().entries == ()


async def test_name_slash_action_logs_the_action_and_an_early_ask_warns(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        app.query_one("#step-connect", Input).value = "jane / ask"
        await pilot.press("enter")
        await pilot.pause()
        assert connect_entries(store) == [("jane", "ask")]
        # The warning stays, marked by "!" and not by colour alone; the ask is not the day's Connect,
        # so the cursor stays on it.
        assert app.focused is not None and app.focused.id == "step-connect"
        assert hint(app).startswith("! jane is new to you: early to ask a favour")
        assert app.query_one("#hint").has_class("-warning") and not app.query_one("#hint").has_class("-error")
        await pilot.press("a")  # typing again puts the usual hint back
        assert hint(app) == HINT_CONNECT


async def test_a_slash_without_an_action_is_part_of_the_name(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        app.query_one("#step-connect", Input).value = "jane / nonsense"
        await pilot.press("enter")
        await pilot.pause()
    assert connect_entries(store) == [("jane / nonsense", "other")]


def test_split_choice_takes_an_action_after_the_last_slash():
    assert split_choice("jane / comment", ACTIONS) == ("jane", "comment")
    assert split_choice("Ann / Bo / Reply ", ACTIONS) == ("Ann / Bo", "reply")
    assert split_choice("jane/ask", ACTIONS) == ("jane/ask", None)
    assert split_choice("AC/DC fans / like", ACTIONS) == ("AC/DC fans", "like")


@pytest.mark.parametrize(("width", "expected"), [(80, HINT_CONNECT), (60, HINT_STEP)])
async def test_the_connect_hint_mentions_the_action_only_when_it_fits(store, width, expected):
    app = CheckIn(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("down")
        assert hint(app) == expected
        await pilot.press("down")
        assert hint(app) == HINT_STEP


async def test_the_connect_hint_shows_when_the_check_in_starts_on_connect(store):
    log_day(store, TODAY, kinds=("brainstorm",))
    app = CheckIn(store)
    async with app.run_test(size=SIZE):
        assert app.focused is not None and app.focused.id == "step-connect"
        assert hint(app) == HINT_CONNECT


@pytest.mark.parametrize(("subject", "kept"), [("newbie / ask", True), ("newbie / like", False)])
async def test_a_warning_stays_in_the_last_frame_and_key_hints_do_not(store, subject, kept):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        hint_line = app.query_one("#hint", Static)
        await pilot.press("down")
        app.query_one("#step-connect", Input).value = subject
        await pilot.press("enter")
        await pilot.pause()
        app.action_leave()
        assert hint_line.display is kept
        assert str(hint_line.content).startswith("! newbie is new to you") is kept


# ---- in a real terminal


def read_until(fd: int, marker: bytes, seconds: float) -> bytes:
    seen, end = b"", time.monotonic() + seconds
    while marker not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_esc_in_a_real_terminal_leaves_promptly_and_prints_where_today_stands(tmp_path):
    """Textual's own inline driver, in a pseudo-terminal: Esc leaves and the summary line follows at once
    (about 0.4 s on an idle machine, most of it Textual's input thread waking up; 2 s is a loaded one)."""
    env = {**os.environ, "COACH_DB": str(tmp_path / "coach.json"), "COACH_NOW": "2026-11-21T09:00",
           "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
    pid, fd = pty.fork()
    if pid == 0:  # the child: coach --quick in the pseudo-terminal
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "coach", "--quick"], env)
    try:
        assert b"Brainstorm" in read_until(fd, b"Brainstorm", 30)
        read_until(fd, b"never", 0.3)  # a person reads the screen
        os.write(fd, b"\x1b")
        sent = time.monotonic()
        assert b"0 of 3 done" in read_until(fd, b"0 of 3 done", 10)
        _, status = os.waitpid(pid, 0)
        left = time.monotonic() - sent
        pid = 0
        assert os.waitstatus_to_exitcode(status) == 0
        assert left < 2, f"{left:.2f} s from Esc to the shell"
    finally:
        if pid:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)


async def test_the_poet_back_after_three_weeks_is_welcomed_not_asked_about_an_empty_yesterday(tmp_path):
    from tests import histories

    data = histories.write("poet", tmp_path / "poet.json")
    app = CheckIn(Store(data, clock=lambda: histories.MORNING))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.query("#question") and not app.query("#reflection")
        welcome = str(app.query_one("#welcome", Static).content)
        assert welcome.startswith("Welcome back after 3 weeks.")
        assert "@the.wren.review" in welcome and "@fern.and.feather" in welcome


async def test_the_hint_under_an_offered_step_says_why_the_coach_picked_it(store):
    seed_talking(store)
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the suggestions come right after the first frame
        app.query_one("#step-connect", Input).focus()
        await pilot.pause()
        assert hint(app).startswith("Jane Reyes answered you on 12 Nov · enter log")
        app.query_one("#step-connect", Input).value = "sam"  # typing: the keys for a name and an action
        await pilot.pause()
        assert hint(app).startswith("enter log · name / action")


async def test_an_ask_is_logged_with_its_warning_and_leaves_the_connect_step_open(store):
    app = CheckIn(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one("#step-connect", Input)
        field.focus()
        field.value = "@hilary / ask"
        await pilot.press("enter")
        await pilot.pause()
        assert connect_entries(store) == [("@hilary", "ask")]
        row = app.query_one("#row-connect", StepRow)
        assert not row.done and app.focused is field and field.value == ""  # asking is not today's Connect
        assert hint(app).startswith("! @hilary is new to you")
        field.value = "@hilary / comment"
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#row-connect", StepRow).done
