"""The People screen and a person's page, driven through Pilot; every check reads back the screen or the store."""

from __future__ import annotations

from datetime import date

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


def list_fits(app: CoachApp, screen: PeopleScreen) -> None:
    region = app.screen.region
    assert region.contains_region(screen.filter_input.region)
    assert region.contains_region(screen.table.region)
    assert screen.table.region.height >= 4


def page_fits(app: CoachApp) -> None:
    region = app.screen.region
    for selector in ("#stage-meaning", "#ask-early", "#next-step", "#person-platforms", "#person-note"):
        assert region.contains_region(app.screen.query_one(selector).region), selector
    timeline = app.screen.query_one("#timeline-box")
    assert region.contains_region(timeline.region)
    assert timeline.content_region.height >= 3
    assert isinstance(app.screen.query_one("#timeline"), Static)


async def test_the_list_comes_from_the_palette_shows_each_stage_filters_sorts_and_fits(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Go to People is in the command palette.
        provider = CoachCommands(app.screen)
        assert "Go to People" in [hit.text async for hit in provider.discover()]
        found = [hit async for hit in provider.search("people")]
        assert [hit.text for hit in found] == ["Go to People"]
        await found[0].command()
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        screen = app.screen

        # Newest seen first; the stage in words.
        assert rows(app) == [("Ann", "new"), ("Tom", "talking"), ("@jane", "warming")]
        table = app.screen.query_one("#people-table", DataTable)
        assert [str(cell) for cell in table.get_row_at(2)][2:] == ["2 weeks ago", "3", "0", "Bluesky"]
        assert "3 people" in text(app, "#people-count")
        list_fits(app, screen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        list_fits(app, screen)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()

        # Typing in the filter narrows the rows.
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

        # s cycles the sort, r reverses it, and a header click sorts by its column.
        await pilot.press("s")  # from last touch to the next column, given: most first
        assert names(app) == ["Ann", "@jane", "Tom"]
        assert "by given, most first" in text(app, "#people-count")
        await pilot.press("r")
        assert names(app) == ["Tom", "Ann", "@jane"]
        await pilot.click("#people-table", offset=(2, 0))  # the Name header
        await pilot.pause()
        assert names(app) == ["@jane", "Ann", "Tom"]
        assert "by name, A to Z" in text(app, "#people-count")


async def test_a_persons_page_shows_the_timeline_the_next_step_and_when_to_ask_and_keeps_notes_and_merges(
    make_app, store
):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Enter opens the page with the timeline and the next step; Escape goes back.
        await open_person(pilot, "@jane")
        lines = text(app, "#timeline").splitlines()
        assert [" ".join(line.split()[3:]) for line in lines] == [
            "gave: reply on Bluesky", "gave: comment on Bluesky", "gave: like on Bluesky",
        ]
        assert lines[0].startswith("Fri 6 Nov")
        assert "Next step: leave a thoughtful comment" in text(app, "#next-step")
        assert "3 times over 2 weeks; no reply yet" in text(app, "#stage-meaning")
        page_fits(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        page_fits(app)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.screen, PeopleScreen)

        # Too early to ask a favour shows only before they talk; heard-backs are in the timeline.
        for name, early in (("@jane", True), ("Ann", True), ("Tom", False)):
            await open_person(pilot, name)
            line = app.screen.query_one("#ask-early", Label)
            assert line.display is early, name
            assert "Too early to ask a favour" in str(line.render())
            if name == "Tom":
                assert text(app, "#timeline").splitlines()[0].endswith("heard: thanks for sharing!")
                assert "shared: The Tide Clock on blog" in text(app, "#timeline")
            await pilot.press("escape")
            assert isinstance(app.screen, PeopleScreen)

        # The note and the platforms are saved: on ctrl+s, on Enter, and on the way out.
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

        # A rename to someone else's name is refused, and the modal stays.
        await open_person(pilot, "@jane")
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, RenameScreen)
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

        # Escape in the merge modal goes back from the question, then cancels.
        await pilot.press("ctrl+o", "enter")  # picks the first: Ann
        assert app.screen.chosen.name == "Ann"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, PersonScreen)
        assert len(Directory(store.read()).people) == 3

        # A merge through the modal keeps the picked name.
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


async def test_entries_logged_elsewhere_show_when_the_list_returns_and_a_rename_keeps_the_history(make_app, store):
    seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await people(pilot)
        await pilot.press("f2")
        log_step(store, "connect", "Priya")  # as Today or `coach log` would
        await people(pilot)
        assert names(app) == ["Priya", "Ann", "Tom", "@jane"]

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


async def test_an_empty_history_says_where_people_come_from_and_a_control_character_is_shown_harmless(
    make_app, store
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await people(pilot)
        assert names(app) == []
        assert "Nobody yet" in text(app, "#people-empty")
        await pilot.press("f2")
        log_step(store, "connect", "Eve")
        with store.transaction() as tx:  # a hand-edited file: nothing typed (nor imported) can hold this
            (entry,) = tx.live("entries")
            tx.put("entries", {**entry, "subject": "Eve\x1b[2J"}, replay=True)
        await people(pilot)
        assert names(app) == ["Eve?[2J"]
