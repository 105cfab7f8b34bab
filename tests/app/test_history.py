"""The History screen and a day's page, driven through Pilot; every check reads the screen or the store."""

from __future__ import annotations

from datetime import date, timedelta

from rich.style import Style
from textual.widgets import Input, Select, TextArea

from coach.app import CoachApp, CoachCommands
from coach.screens.history import LABEL_WIDTH, MARKS, SELECTED_MARK, TODAY_MARK, DayScreen, HeatMap, HistoryScreen
from coach.widgets.entry_editor import EntryEditor
from habits.routine import log_step, mark_rest
from habits.store import Store

SATURDAY = date(2026, 11, 21)  # the clock's today (conftest)
SIZE = (100, 32)


def seed(store: Store) -> None:
    """Thursday 19 complete, Wednesday 18 two steps, Tuesday 17 a rest day, Friday 20 nothing."""
    for kind, subject in (("brainstorm", "history teachers"), ("connect", "@jane"), ("share", "@ann")):
        log_step(store, kind, subject, day=date(2026, 11, 19))
    log_step(store, "brainstorm", "librarians", day=date(2026, 11, 18))
    log_step(store, "connect", "Tom", day=date(2026, 11, 18), platform="Bluesky", action="reply")
    mark_rest(store, day=date(2026, 11, 17))


async def history(pilot) -> HistoryScreen:
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HistoryScreen)
    return pilot.app.screen


def cell(app: CoachApp, day: date) -> tuple[str, Style]:
    """The character and style drawn for a day in the heat map, as the screen renders it."""
    heat_map = app.screen.query_one(HeatMap)
    column, row = heat_map.grid.position(day)
    strip = heat_map.render_line(1 + row).crop(LABEL_WIDTH + column, LABEL_WIDTH + column + 1)
    [segment] = [s for s in strip if s.text]
    return segment.text, segment.style


def marks_row(app: CoachApp) -> str:
    heat_map = app.screen.query_one(HeatMap)
    return heat_map.render_line(8).text[LABEL_WIDTH:]


def selected(app: CoachApp) -> date:
    return app.screen.selected


async def open_day(pilot, day: date) -> DayScreen:
    screen = await history(pilot)
    screen.select(day)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DayScreen)
    assert pilot.app.screen.day == day
    return pilot.app.screen


async def test_the_calendar_shades_each_day_marks_today_and_the_selection_moves_by_key_and_click_and_fits(
    make_app, store
):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        provider = CoachCommands(app.screen)
        assert "Go to History" in [hit.text async for hit in provider.discover()]
        assert "Go to History" in [hit.text async for hit in provider.search("histo")]

        # F5 shows the year, each day shaded by the steps done.
        screen = await history(pilot)
        assert selected(app) == SATURDAY
        assert cell(app, date(2026, 11, 19))[0] == MARKS[3] == "█"
        assert cell(app, date(2026, 11, 18))[0] == MARKS[2]
        assert cell(app, date(2026, 11, 17))[0] == MARKS["rest"]
        assert cell(app, date(2026, 11, 20))[0] == MARKS[0] == "·"
        assert cell(app, date(2026, 11, 16))[0] == " "  # before the first record
        assert cell(app, date(2026, 12, 1))[0] == " "  # the future
        assert "History · 2026" in str(app.screen.query_one("#history-title").render())
        assert "all 3 done" not in str(app.screen.query_one("#history-day-text").render())

        # Today and the selected day are marked apart.
        grid = app.screen.query_one(HeatMap).grid
        today_column = grid.position(SATURDAY)[0]
        assert marks_row(app)[today_column] == SELECTED_MARK  # today is selected at first
        await pilot.press("left")  # a week before
        assert selected(app) == SATURDAY - timedelta(days=7)
        row = marks_row(app)
        assert row[today_column] == TODAY_MARK and row[today_column - 1] == SELECTED_MARK
        # In the cells too: today and the selected day are drawn bold, unlike a plain day of the same level.
        today_style = cell(app, SATURDAY)[1]
        plain_style = cell(app, date(2026, 11, 20))[1]
        chosen_style = cell(app, SATURDAY - timedelta(days=7))[1]
        assert today_style.bold and not plain_style.bold
        assert today_style.color != plain_style.color
        assert chosen_style.bgcolor is not None and chosen_style != today_style

        # The arrows move the selected day, never past today.
        await pilot.press("t")
        assert selected(app) == SATURDAY
        await pilot.press("right", "down")
        assert selected(app) == SATURDAY  # nothing after today
        await pilot.press("up")
        assert selected(app) == date(2026, 11, 20)
        await pilot.press("left", "left")
        assert selected(app) == date(2026, 11, 6)
        await pilot.press("right", "right", "right")
        assert selected(app) == SATURDAY  # a week after the 13th would be the 27th: held at today
        await pilot.press("up", "up")
        assert "all 3 done" in str(app.screen.query_one("#history-day-text").render())
        assert "Thursday 19 November 2026" in str(app.screen.query_one("#history-day").border_title)

        # The month and year keys move by a month and by a year.
        await pilot.press("t")
        assert selected(app) == SATURDAY
        await pilot.press("[")
        assert selected(app) == date(2026, 10, 21)
        await pilot.press("pageup", "pageup")
        assert selected(app) == date(2026, 8, 21)
        await pilot.press("]", "pagedown", "]", "]")
        assert selected(app) == SATURDAY
        await pilot.press("{")
        assert selected(app) == date(2025, 11, 21)
        assert screen.query_one(HeatMap).grid.year == 2025
        assert "History · 2025" in str(screen.query_one("#history-title").render())
        await pilot.press("{", "{")  # no further back than the year before the first record
        assert selected(app) == date(2025, 1, 1)
        await pilot.press("}", "}")
        assert selected(app) == date(2026, 11, 21)
        await pilot.press("[", "t")
        assert selected(app) == SATURDAY

        # The whole year fits at 80 by 24.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        for selector in ("#heat-map", "#history-legend", "#history-sparkline", "#streak-table"):
            region = screen.query_one(selector).region
            assert region.right <= 80 and region.bottom <= 23, selector  # the footer keeps the last line
            assert region.width and region.height, selector
        assert screen.query_one(HeatMap).region.width == LABEL_WIDTH + 53
        assert "Longest" in str(screen.query_one("#streak-table").render())

        # Clicking a day selects it, and a second click opens it.
        column, row = screen.query_one(HeatMap).grid.position(date(2026, 11, 18))
        await pilot.click(HeatMap, offset=(LABEL_WIDTH + column, 1 + row))
        assert selected(app) == date(2026, 11, 18)
        await pilot.click(HeatMap, offset=(LABEL_WIDTH + column, 1 + row))
        await pilot.pause()
        assert isinstance(app.screen, DayScreen) and app.screen.day == date(2026, 11, 18)


async def back_to_the_calendar(pilot) -> None:
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HistoryScreen)


async def test_a_days_page_fills_in_a_forgotten_day_and_edits_moves_deletes_and_undoes_its_entries(make_app, store):
    seed(store)
    friday, thursday, wednesday, tuesday = (date(2026, 11, day) for day in (20, 19, 18, 17))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # A forgotten day: nothing logged, and the page says so, ready to fill in.
        day = await open_day(pilot, friday)
        assert not day.entry_list.display  # nothing logged: the page says so
        assert app.focused is day.form("brainstorm").subject_input  # ready to fill in

        # An empty step is an error and logs nothing.
        day.form("share").subject_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [n.message for n in app._notifications if n.severity == "error"] == ["The person is empty"]
        assert store.read().entries_on(friday) == []

        # The forgotten day is filled in with a step and a reflection.
        connect = day.form("connect")
        subject = connect.subject_input
        await pilot.pause()  # the form's inputs take the place of its picture
        subject.value = "@sam"
        # A past day's connect has every field Today's has: where, what was done, the audience.
        connect.query_one(".platform", Input).value = "Mastodon"
        connect.query_one(".action", Select).value = "reply"
        connect.query_one(".audience", Input).value = "map collectors"
        connect.query_one(".note", Input).value = "asked about her maps"
        subject.focus()
        await pilot.press("enter")
        await pilot.pause()
        [entry] = store.read().entries_on(friday)
        assert (entry.kind, entry.subject, entry.note) == ("connect", "@sam", "asked about her maps")
        assert (entry.platform, entry.action, entry.audience) == ("Mastodon", "reply", "map collectors")
        assert subject.value == "" and connect.query_one(".action", Select).value == "other"
        assert day.entry_list.option_count == 1
        assert "Logged Connect on Fri 20 Nov 2026: @sam" in [n.message for n in app._notifications]

        area = day.reflection.text_area
        area.focus()
        area.text = "Sam answered on Friday after all."
        await pilot.press("escape")  # leaves the text, which saves it
        await pilot.pause()
        assert store.read().reflections[friday].text == "Sam answered on Friday after all."
        await pilot.press("escape")  # back to the calendar, which shows the day filled in
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert cell(app, friday)[0] == MARKS[1]
        assert "reflection written" in str(app.screen.query_one("#history-day-text").render())

        # Escape on the edit dialog changes nothing.
        await open_day(pilot, thursday)
        before = store.read().entries
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#edit-subject", Input).value = "someone else"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        assert store.read().entries == before
        await back_to_the_calendar(pilot)

        # An entry is deleted from the day, and undo brings it back.
        day = await open_day(pilot, wednesday)
        first = day.entries[0]
        await pilot.press("d")
        await pilot.pause()
        assert first.id not in [e.id for e in store.read().entries]
        assert day.entry_list.option_count == 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert first.id in [e.id for e in store.read().entries]
        assert day.entry_list.option_count == 2

        # An entry is edited from the day.
        tom = next(e for e in store.read().entries_on(wednesday) if e.subject == "Tom")
        assert app.focused is day.entry_list
        day.entry_list.highlighted = [e.id for e in day.entries].index(tom.id)
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EntryEditor)
        assert dialog.query_one("#edit-platform", Input).value == "Bluesky"
        assert dialog.query_one("#edit-action", Select).value == "reply"
        assert dialog.query_one("#edit-audience", Input).value == ""
        dialog.query_one("#edit-subject", Input).value = "Tom Reyes"
        dialog.query_one("#edit-action", Select).value = "question"
        dialog.query_one("#edit-note", TextArea).text = "replied about his zine\nand his maps"
        dialog.query_one("#edit-subject", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is day
        edited = next(e for e in store.read().entries if e.id == tom.id)
        assert (edited.subject, edited.note, edited.platform, edited.action) == (
            "Tom Reyes", "replied about his zine\nand his maps", "Bluesky", "question",
        )
        assert "Tom Reyes" in str(day.entry_list.get_option(tom.id).prompt)
        await back_to_the_calendar(pilot)

        # An entry moved to another day leaves this one.
        day = await open_day(pilot, wednesday)
        await pilot.press("enter")
        await pilot.pause()
        moved = app.screen.entry
        app.screen.query_one("#edit-day", Input).value = "2026-11-17"
        app.screen.query_one("#edit-day", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert next(e for e in store.read().entries if e.id == moved.id).day == tuesday
        assert moved.id not in [e.id for e in day.entries]
