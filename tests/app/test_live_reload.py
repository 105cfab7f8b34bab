"""The app picks up changes another process (`coach log` in another terminal) makes to the data file.

The other process is a second Store on the same file. The timer is not waited for: each test calls
app.check_for_changes(), what the timer calls every CHANGE_CHECK_SECONDS.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from textual.timer import Timer
from textual.widgets import DataTable, Input, TextArea

from coach.screens.today import DayHeader
from coach.app import CHANGE_CHECK_SECONDS, CoachApp
from coach.screens.people import PeopleScreen, PersonScreen
from coach.screens.review import ReviewScreen, WeekAnswer
from coach.screens.today import TodayScreen
from coach.widgets.entry_editor import EntryEditor
from habits.routine import log_step
from habits.store import Store

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def slow_saves(monkeypatch) -> None:
    # Typing is saved a moment after it stops; here it waits, so that the only writes are the test's.
    monkeypatch.setattr("coach.widgets.reflection.REFLECTION_SAVE_DELAY", 60)
    monkeypatch.setattr("coach.screens.review.ANSWER_SAVE_DELAY", 60)


def held(app: CoachApp) -> CoachApp:
    """The app with its timer paused: the test makes each check, and knows when."""
    assert app.change_timer is not None
    app.change_timer.pause()
    return app


def elsewhere(store: Store) -> Store:
    """The same data file, as `coach log` in another terminal opens it."""
    return Store(store.path, clock=store.clock)


def logged(app: CoachApp, kind: str) -> list[str]:
    assert isinstance(app.screen, TodayScreen)
    return [entry.subject for entry in app.screen.card(kind).entry_list.entries]


def errors(app: CoachApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


async def test_a_timer_checks_the_file_and_today_and_the_week_answer_keep_what_is_being_typed(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # The file is checked on a timer, and a check with no change does nothing.
        assert isinstance(app.change_timer, Timer)
        assert app.change_timer._interval == CHANGE_CHECK_SECONDS
        assert app.check_for_changes() is False

        # Today shows a step logged elsewhere and keeps what is being typed.
        held(app)
        card = app.screen.card("connect")
        card.subject_input.focus()
        card.subject_input.value = "Half a na"
        card.query_one(".note", Input).value = "met at the"
        card.subject_input.cursor_position = 4
        reflection = app.screen.reflection.text_area
        reflection.text = "Words not saved yet"
        await pilot.pause()

        log_step(elsewhere(store), "connect", "Zed", platform="Bluesky")
        assert logged(app, "connect") == []
        assert app.check_for_changes() is True
        await pilot.pause()

        assert logged(app, "connect") == ["Zed"]
        assert "1 of 3 done" in app.screen.query_one(DayHeader).standing_text
        assert card.subject_input.value == "Half a na"
        assert card.subject_input.cursor_position == 4
        assert card.query_one(".note", Input).value == "met at the"
        assert reflection.text == "Words not saved yet"
        assert app.focused is card.subject_input
        assert app.check_for_changes() is False  # seen: the next check does nothing

        # The week's answer keeps its cursor and the words not saved yet.
        await app.switch_mode("review")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        answer = screen.query_one(WeekAnswer)
        answer.text_area.focus()
        answer.text_area.text = "Saved words "  # habits keeps them without the last space
        screen.save_answer()
        answer.text_area.move_cursor((0, 5))

        log_step(elsewhere(store), "connect", "Yan")
        assert app.check_for_changes() is True
        await pilot.pause()
        assert "Yan" in screen.section("given").text
        assert answer.text_area.text == "Saved words "
        assert answer.text_area.cursor_location == (0, 5)

        answer.text_area.text = "Saved words, then more"  # not saved yet
        log_step(elsewhere(store), "connect", "Bea")
        assert app.check_for_changes() is True
        await pilot.pause()
        assert "Bea" in screen.section("given").text
        assert answer.text_area.text == "Saved words, then more"


async def test_a_place_not_on_show_is_fresh_people_keeps_its_row_and_a_note_being_typed_survives(make_app, store):
    log_step(store, "connect", "Ann", day=date(2026, 11, 18))
    log_step(store, "connect", "Tom", day=date(2026, 11, 20))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        held(app)
        await pilot.press("f3")
        await pilot.press("f2")
        log_step(elsewhere(store), "connect", "Zed")
        app.check_for_changes()  # Today reads it; People is not on show
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        assert [p.name for p in screen.shown] == ["Zed", "Tom", "Ann"]

        # On People, the highlighted person stays highlighted when someone is added above them.
        table = screen.query_one("#people-table", DataTable)
        table.move_cursor(row=2)  # Ann
        await pilot.pause()
        log_step(elsewhere(store), "connect", "Bea")
        assert app.check_for_changes() is True
        await pilot.pause()
        assert sorted(p.name for p in screen.shown) == ["Ann", "Bea", "Tom", "Zed"]
        assert screen.shown[table.cursor_row].name == "Ann"
        assert app.focused is table

        # A person's note being typed survives a change to them elsewhere.
        await app.push_screen(PersonScreen("Ann"))
        page = app.screen
        note = page.query_one("#person-note", TextArea)
        note.focus()
        note.text = "Writes about tide clocks"
        await pilot.pause()

        log_step(elsewhere(store), "connect", "Ann", action="comment")
        assert app.check_for_changes() is True
        await pilot.pause()
        assert app.screen is page
        assert page.person is not None and len(page.person.given) == 2
        assert "2 given" in str(page.query_one("#timeline-box").border_title)
        assert note.text == "Writes about tide clocks"
        assert app.focused is note


async def test_an_unreadable_file_is_told_once_and_an_open_dialog_is_left_alone_until_it_closes(make_app, store):
    entry = log_step(store, "connect", "Ann").entry
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        held(app)
        # An unreadable file is told once, and a mended one is read again.
        good = store.path.read_bytes()
        store.path.write_text("{ not json", encoding="utf-8")
        for _ in range(3):
            app.check_for_changes()
            await pilot.pause()
        assert len(errors(app)) == 1
        assert logged(app, "connect") == ["Ann"]  # what was shown stays

        mended = store.path.with_suffix(".new")
        mended.write_bytes(good)
        os.replace(mended, store.path)  # as the store saves: a new file in its place
        log_step(elsewhere(store), "connect", "Zed")
        assert app.check_for_changes() is True
        await pilot.pause()
        assert logged(app, "connect") == ["Ann", "Zed"]
        assert len(errors(app)) == 1

        # An open dialog is left alone, and the screen catches up when it closes.
        today = app.screen
        await app.push_screen(EntryEditor(entry))
        dialog = app.screen
        dialog.query_one("#edit-note", TextArea).text = "typed in the dialog"

        log_step(elsewhere(store), "connect", "Bea")
        assert app.check_for_changes() is False  # put off while the dialog is open
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#edit-note", TextArea).text == "typed in the dialog"

        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is today
        assert logged(app, "connect") == ["Ann", "Zed", "Bea"]


async def test_a_conflict_copy_synced_in_while_the_app_is_open_is_merged_and_said(make_app, store, tmp_path):
    """A sync tool leaves the other machine's version beside the data file: the next check merges it,
    Today shows what came in, and a notification says from whose copy."""
    import shutil

    from habits.store.device import named

    log_step(store, "connect", "maya")
    laptop = Store(tmp_path / "laptop" / "coach.json", clock=store.clock, device=named("laptop"))
    laptop.path.parent.mkdir()
    shutil.copy(store.path, laptop.path)
    log_step(laptop, "connect", "kit")  # on the laptop, while apart
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        held(app)
        assert logged(app, "connect") == ["maya"]
        copy = store.path.with_name("coach.sync-conflict-20261121-091500-LAPTOPX.json")
        shutil.copy(laptop.path, copy)
        assert app.check_for_changes()
        await pilot.pause()
        assert logged(app, "connect") == ["maya", "kit"]
        synced = [n.message for n in app._notifications if n.title == "Synced"]
        assert len(synced) == 1 and synced[0].startswith("Merged 1 entry and 1 other record from the laptop's copy")
        assert not copy.exists() and errors(app) == []
        assert not app.check_for_changes()  # merged once: nothing more to do


async def test_a_year_file_on_its_way_is_said_once_and_the_rest_is_shown(make_app, store, clock, tmp_path):
    import orjson

    from habits.store import paths

    real = clock.now
    clock.now = real.replace(year=2024)
    log_step(store, "connect", "maya")
    clock.now = real
    log_step(store, "connect", "kit")  # 2024 closes into its own file
    [item] = orjson.loads(store.path.read_bytes())["meta"]["1"]["closed"].values()
    for folder in (paths.years_folder(store.path), paths.backup_years_folder(store.path)):
        (folder / item["file"]).unlink(missing_ok=True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        held(app)
        app.coach.snapshot(whole=True)  # the People and History places read every year
        app.check_for_changes()
        app.check_for_changes()
        await pilot.pause()
        said = [n.message for n in app._notifications if n.title == "Synced"]
        assert said == ["Waiting for 2024's file to sync; nothing is lost"]
        assert [e.subject for e in app.coach.snapshot().history.entries] == ["kit"]


async def test_a_copy_that_cannot_be_merged_is_said_once_not_at_every_check(make_app, store):
    log_step(store, "connect", "maya")
    copy = store.path.with_name("coach.sync-conflict-20261121-091500-LAPTOPX.json")
    copy.write_bytes(b'{"meta": ')  # cut short on its way
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        held(app)
        for _ in range(3):
            assert not app.check_for_changes()  # nothing merged: the screen is not read again
        await pilot.pause()
        said = [n.message for n in app._notifications if n.title == "Synced"]
        assert len(said) == 1 and said[0].startswith(f"Could not merge {copy.name} yet: it is not valid JSON")
        assert logged(app, "connect") == ["maya"] and copy.exists()
