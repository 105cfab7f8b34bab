"""The People screen and a person's page, driven through Pilot; every check reads back the screen or the store."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Label, Static, TextArea

from coach.app import CoachApp, CoachCommands
from coach.screens.people import MergeScreen, PeopleScreen, PersonScreen, RenameScreen
from habits.people import Directory
from habits.routine import log_heard, log_step
from habits.store import Store
from habits.text import person_key

SIZE = (100, 32)


def seed(store: Store) -> None:
    """@jane is warming (3 given over 17 days), Tom is talking (heard once), Ann is new (3 given in 10 days)."""
    for day, action in ((date(2026, 10, 20), "like"), (date(2026, 10, 28), "comment"), (date(2026, 11, 6), "reply")):
        log_step(store, "connect", "@jane", day=day, platform="Bluesky", action=action)
    log_step(store, "share", "Tom", day=date(2026, 11, 10), work="The Tide Clock", platform="blog")
    log_heard(store, "Tom", day=date(2026, 11, 12), note="thanks for sharing!")
    for day in (date(2026, 11, 8), date(2026, 11, 12), date(2026, 11, 18)):
        log_step(store, "connect", "Ann", day=day, platform="Instagram")


def rows(app: CoachApp) -> list[tuple[str, str]]:
    """The table's rows as (name, stage), in screen order."""
    table = app.screen.query_one("#people-table", DataTable)
    return [(str(row[0]), str(row[1])) for row in (table.get_row_at(i) for i in range(table.row_count))]


def names(app: CoachApp) -> list[str]:
    return [name for name, _ in rows(app)]


def text(app: CoachApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def people(pilot) -> PeopleScreen:
    await pilot.press("f3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PeopleScreen)
    return pilot.app.screen


async def open_person(pilot, name: str) -> PersonScreen:
    screen = await people(pilot)
    screen.table.move_cursor(row=[p.key for p in screen.shown].index(person_key(name)))
    screen.table.focus()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PersonScreen)
    return pilot.app.screen


async def test_f3_lists_people_with_their_stage(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await people(pilot)
        # Newest seen first; the stage in words.
        assert rows(app) == [("Ann", "new"), ("Tom", "talking"), ("@jane", "warming")]
        table = app.screen.query_one("#people-table", DataTable)
        assert [str(cell) for cell in table.get_row_at(2)][2:] == ["2 weeks ago", "3", "0", "Bluesky"]
        assert "3 people" in text(app, "#people-count")


async def test_typing_in_the_filter_narrows_the_rows(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await people(pilot)
        screen.filter_input.value = "BLUE"  # a platform, in any case
        await pilot.pause()
        assert names(app) == ["@jane"]
        assert "1 of 3 people" in text(app, "#people-count")
        screen.filter_input.value = "talk"  # a stage
        await pilot.pause()
        assert names(app) == ["Tom"]
        screen.filter_input.value = "nobody like this"
        await pilot.pause()
        assert names(app) == []
        assert app.screen.query_one("#people-empty").display
        await pilot.press("escape")  # leaves the filter, then clears it
        await pilot.press("escape")
        assert names(app) == ["Ann", "Tom", "@jane"]


async def test_s_cycles_the_sort_and_a_header_click_sorts_by_it(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await people(pilot)
        await pilot.press("s")  # from last touch to the next column, given: most first
        assert names(app) == ["Ann", "@jane", "Tom"]
        assert "by given, most first" in text(app, "#people-count")
        await pilot.press("r")
        assert names(app) == ["Tom", "Ann", "@jane"]
        await pilot.click("#people-table", offset=(2, 0))  # the Name header
        await pilot.pause()
        assert names(app) == ["@jane", "Ann", "Tom"]
        assert "by name, A to Z" in text(app, "#people-count")


async def test_enter_opens_the_page_with_the_timeline_and_the_next_step(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, "@jane")
        lines = text(app, "#timeline").splitlines()
        assert [" ".join(line.split()[3:]) for line in lines] == [
            "gave: reply on Bluesky", "gave: comment on Bluesky", "gave: like on Bluesky",
        ]
        assert lines[0].startswith("Fri 6 Nov")
        assert "Next step: leave a thoughtful comment" in text(app, "#next-step")
        assert "3 times over 2 weeks; no reply yet" in text(app, "#stage-meaning")
        await pilot.press("escape")
        assert isinstance(app.screen, PeopleScreen)


@pytest.mark.parametrize(("name", "early"), [("@jane", True), ("Ann", True), ("Tom", False)])
async def test_too_early_to_ask_shows_only_before_they_talk(make_app, store, name, early):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, name)
        line = app.screen.query_one("#ask-early", Label)
        assert line.display is early
        assert "Too early to ask a favour" in str(line.render())


async def test_heard_is_in_the_timeline(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, "Tom")
        assert text(app, "#timeline").splitlines()[0].endswith("heard: thanks for sharing!")
        assert "shared: The Tide Clock on blog" in text(app, "#timeline")


async def test_rename_through_the_modal(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, "@jane")
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, RenameScreen)
        app.screen.query_one(Input).value = "Jane Doe"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        assert text(app, "#person-name") == "Jane Doe"
        directory = Directory(store.read())
        renamed = directory.find("Jane Doe")
        assert renamed is not None and len(renamed.given) == 3
        assert directory.find("@jane") == renamed


async def test_rename_to_someone_else_is_refused_and_the_modal_stays(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, "@jane")
        await pilot.press("ctrl+r")
        app.screen.query_one(Input).value = "tom"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RenameScreen)
        assert [n.message for n in app._notifications if n.severity == "error"] == [
            "Tom is already someone in your history; merge the two instead"
        ]
        await pilot.press("escape")
        assert isinstance(app.screen, PersonScreen)
        assert Directory(store.read()).find("@jane").name == "@jane"


async def test_merge_through_the_modal_keeps_the_picked_name(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, "@jane")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, MergeScreen)
        app.screen.query_one("#merge-filter", Input).value = "to"
        await pilot.pause()
        await pilot.press("enter")  # picks Tom, the one match
        assert "Merge @jane into Tom?" in text(app, "#merge-question")
        await pilot.press("enter")  # on the Merge button
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        directory = Directory(store.read())
        assert [p.name for p in directory.people] == ["Ann", "Tom"]
        tom = directory.find("Tom")
        assert len(tom.given) == 4 and len(tom.heard) == 1
        assert directory.find("@jane") == tom
        assert text(app, "#person-name") == "Tom"
        assert len(text(app, "#timeline").splitlines()) == 5


async def test_escape_in_the_merge_modal_goes_back_then_cancels(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, "@jane")
        await pilot.press("ctrl+o", "enter")  # picks the first: Ann
        assert app.screen.chosen.name == "Ann"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, PersonScreen)
        assert len(Directory(store.read()).people) == 3


async def test_note_and_platforms_are_saved(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_person(pilot, "@jane")
        note = app.screen.query_one("#person-note", TextArea)
        note.focus()
        note.text = "Draws maps of old Rome."
        await pilot.press("ctrl+s")
        assert Directory(store.read()).find("@jane").note == "Draws maps of old Rome."
        platforms = app.screen.query_one("#person-platforms", Input)
        platforms.focus()  # and the note loses the focus: nothing new to save
        platforms.value = "Bluesky, her blog"
        await pilot.press("enter")
        assert Directory(store.read()).find("@jane").platforms == ("Bluesky", "her blog")
        note.focus()
        note.text = "Draws maps of old Rome. Likes Lisbon."
        await pilot.press("escape", "escape")  # out of the note, then back to the table: saved on the way
        assert isinstance(app.screen, PeopleScreen)
        assert Directory(store.read()).find("@jane").note == "Draws maps of old Rome. Likes Lisbon."
        assert names(app) == ["Ann", "Tom", "@jane"]
        assert str(app.screen.table.get_row_at(2)[5]) == "Bluesky, her blog"


async def test_entries_logged_elsewhere_show_when_the_screen_returns(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await people(pilot)
        await pilot.press("f2")
        log_step(store, "connect", "Priya")  # as Today or `coach log` would
        await people(pilot)
        assert names(app) == ["Priya", "Ann", "Tom", "@jane"]


async def test_a_control_character_in_the_file_is_shown_harmless(make_app, store):
    log_step(store, "connect", "Eve")
    with store.transaction() as tx:  # a hand-edited file: nothing typed (nor imported) can hold this
        (entry,) = tx.live("entries")
        tx.put("entries", {**entry, "subject": "Eve\x1b[2J"}, replay=True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await people(pilot)
        assert names(app) == ["Eve?[2J"]


async def test_go_to_people_is_in_the_command_palette(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        provider = CoachCommands(app.screen)
        assert "Go to People" in [hit.text async for hit in provider.discover()]
        found = [hit async for hit in provider.search("people")]
        assert [hit.text for hit in found] == ["Go to People"]
        await found[0].command()
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_everything_fits_on_screen(make_app, store, size):
    seed(store)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await people(pilot)
        region = app.screen.region
        assert region.contains_region(screen.filter_input.region)
        assert region.contains_region(screen.table.region)
        assert screen.table.region.height >= 4
        await open_person(pilot, "@jane")
        for selector in ("#stage-meaning", "#ask-early", "#next-step", "#person-platforms", "#person-note"):
            assert region.contains_region(app.screen.query_one(selector).region), selector
        timeline = app.screen.query_one("#timeline-box")
        assert region.contains_region(timeline.region)
        assert timeline.content_region.height >= 3
        assert isinstance(app.screen.query_one("#timeline"), Static)


async def test_an_empty_history_says_where_people_come_from(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await people(pilot)
        assert names(app) == []
        assert "Nobody yet" in text(app, "#people-empty")
