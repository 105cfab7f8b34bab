"""The Audiences screen driven through Pilot: every check reads back through the store or the screen."""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import DataTable, Input, OptionList, Static

from coach.app import PLACES, CoachApp, CoachCommands
from coach.screens.audiences import AudiencesScreen, AudienceTable, audience_text
from coach.screens.today import TodayScreen
from habits.audience_map import audience_key, idea, ideas_for_genres
from habits.audiences import Audience
from habits.model import History
from habits.people import Directory
from habits.routine import log_heard, log_step, set_setting

SATURDAY = date(2026, 11, 21)
SIZE = (100, 32)


def table(app: CoachApp) -> AudienceTable:
    return app.screen.query_one(AudienceTable)


def rows(app: CoachApp) -> list[list[str]]:
    shown = table(app)
    return [[cell.plain for cell in shown.get_row_at(i)] for i in range(shown.row_count)]


def detail(app: CoachApp) -> str:
    return str(app.screen.query_one("#detail-text", Static).render())


def detail_title(app: CoachApp) -> str:
    return Content.from_markup(app.screen.query_one("#audience-detail").border_title).plain


def ideas(app: CoachApp) -> OptionList:
    return app.screen.query_one("#ideas", OptionList)


def idea_ids(app: CoachApp) -> list[str]:
    return [option.id for option in ideas(app).options if option.id]


def notes(app: CoachApp, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity is None or n.severity == severity]


async def open_audiences(pilot) -> None:
    await pilot.press("f4")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AudiencesScreen)


async def highlight(pilot, name: str) -> None:
    shown = table(pilot.app)
    shown.focus()
    shown.move_cursor(row=shown.get_row_index(audience_key(name)))
    await pilot.pause()


async def highlight_idea(pilot, name: str) -> None:
    listed = ideas(pilot.app)
    listed.focus()
    listed.highlighted = listed.get_option_index(audience_key(name))
    await pilot.pause()


async def test_f4_lists_the_brainstormed_audiences_with_times(make_app, store):
    log_step(store, "brainstorm", "history teachers", day=date(2026, 11, 1))
    log_step(store, "brainstorm", "History  Teachers", day=date(2026, 11, 8))
    log_step(store, "brainstorm", "people who live for halloween", day=date(2026, 11, 20))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_audiences(pilot)
        assert rows(app) == [
            ["people who live for halloween", "20 Nov", "1", "0"],
            ["history teachers", "1 Nov", "2", "0"],
        ]
        assert app.focused is table(app)
        assert "2 audiences" in str(app.screen.query_one("#audiences-count").render())


async def test_the_palette_goes_to_audiences_empty_at_first_and_read_again_when_you_come_back(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        provider = CoachCommands(app.screen)
        discovered = [hit.text async for hit in provider.discover()]
        assert "Go to Audiences" in discovered
        found = [hit.text async for hit in provider.search("audiences")]
        assert "Go to Audiences" in found
        place = next(p for p in PLACES if p.mode == "audiences")
        assert (place.key, place.screen) == ("f4", AudiencesScreen)
        await pilot.press("ctrl+p")
        await pilot.press(*"go to audiences")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AudiencesScreen)

        assert not table(app).display
        assert "No audiences yet" in str(app.screen.query_one("#audience-empty").render())
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        log_step(store, "brainstorm", "teen writers")  # as `coach log` in another terminal would
        await open_audiences(pilot)
        assert table(app).display
        assert rows(app) == [["teen writers", "21 Nov", "1", "0"]]


async def test_names_show_as_typed_no_genres_is_a_hint_and_where_and_the_note_are_kept(make_app, store):
    log_step(store, "brainstorm", "history teachers", day=date(2026, 11, 20))
    log_step(store, "brainstorm", "[b]bold[/b] readers", note="[red]not red[/red]")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_audiences(pilot)
        # Names are shown as typed, not read as markup.
        assert rows(app)[0][0] == "[b]bold[/b] readers"
        assert detail_title(app) == "[b]bold[/b] readers"
        assert "[red]not red[/red]" in detail(app)

        # Without genres, a line says how to set them.
        hint = app.screen.query_one("#ideas-hint", Static)
        assert hint.display
        assert 'coach config genres "historical fiction, horror"' in str(hint.render())
        assert not ideas(app).display

        # Editing where it gathers and the note keeps them.
        await highlight(pilot, "history teachers")
        await pilot.press("enter")  # on the highlighted audience: into its `where`
        where = app.screen.query_one("#audience-where", Input)
        assert app.focused is where
        where.value = "#histsky and the NCSS conference"
        await pilot.press("enter")
        await pilot.pause()
        note = app.screen.query_one("#audience-note", Input)
        note.value = "met jane at the booth"
        note.focus()
        await pilot.press("enter")
        await pilot.pause()
        [record] = [r for r in store.read().audiences if r.name == "history teachers"]
        assert (record.where, record.note) == ("#histsky and the NCSS conference", "met jane at the booth")
        assert "#histsky and the NCSS conference" in detail(app)
        assert "(ideas)" not in detail(app)
        assert "Saved where history teachers gather." in notes(app)
        await pilot.press("escape")
        assert app.focused is table(app)


async def test_an_audience_shows_the_people_found_there_and_ideas_come_next_to_where_someone_talks_with_you(
    make_app, store
):
    log_step(store, "brainstorm", "history teachers", note="they run book clubs", day=date(2026, 11, 1))
    log_step(store, "brainstorm", "knitting circles", day=date(2026, 11, 15))
    log_step(store, "connect", "jane", audience="history teachers", day=date(2026, 11, 2))
    # Seen before history teachers, so listed after them.
    log_step(store, "connect", "bo", audience="horror film buffs", day=date(2026, 10, 31))
    log_heard(store, "jane", day=date(2026, 11, 5))  # jane talks with you; bo has not answered yet
    log_step(store, "connect", "@ann", audience="history teachers", day=date(2026, 11, 10))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_audiences(pilot)
        titles = [str(o.prompt) for o in ideas(app).options if o.disabled]
        assert titles == ["Next to history teachers, where you met jane"]
        assert idea_ids(app)[:2] == ["teachers and students", "history enthusiasts"]
        assert "people who live for halloween" not in idea_ids(app)

        assert detail_title(app) == "knitting circles"
        await highlight(pilot, "history teachers")
        shown = detail(app)
        assert "they run book clubs" in shown
        assert "jane — talking with you" in shown
        assert "@ann — new" in shown
        # Not set by hand: where it gathers comes from the built-in map, marked as ideas.
        assert "Where they gather (ideas)" in shown
        assert "#HistoryTeacher and #sschat teacher chats · social studies" in shown
        assert rows(app)[1][3] == "2"


async def test_a_click_on_an_idea_only_highlights_it_ctrl_b_logs_it_with_its_milestone_and_it_leaves_the_ideas(
    make_app, store
):
    from datetime import timedelta

    from habits.milestones import STREAK_MILESTONES
    from habits.model import STEP_KEYS

    for n in range(6, 0, -1):
        for kind in STEP_KEYS:
            log_step(store, kind, f"{kind} {n}", day=SATURDAY - timedelta(days=n))
    log_step(store, "connect", "@jane", audience="history teachers")
    log_step(store, "share", "@ann")
    set_setting(store, "genres", "horror")
    before = store.read().entries
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_audiences(pilot)
        # No follower counts anywhere.
        texts = [str(w.render()) for w in app.screen.query("Static, Label")]
        texts += [column.label.plain for column in app.screen.query_one(DataTable).columns.values()]
        assert not any("follower" in t.lower() for t in texts)

        # A click on an idea only highlights it.
        await pilot.click("#ideas", offset=(6, 2))
        await pilot.pause()
        assert ideas(app).highlighted == 2
        assert detail_title(app) == ideas(app).highlighted_option.id
        assert store.read().entries == before

        # An idea that completes the seventh day tells the milestone.
        await highlight_idea(pilot, "horror film buffs")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert [n.message for n in app._notifications if n.title == "Milestone"] == [STREAK_MILESTONES[7]]

        # The genre's ideas leave out what you brainstormed.
        horror = [audience_key(i.name) for i in ideas_for_genres(["horror"])]
        assert "horror film buffs" in horror
        assert idea_ids(app) == [key for key in horror if key != "horror film buffs"]
        assert not app.screen.query_one("#ideas-hint").display
        await highlight_idea(pilot, "people who live for halloween")
        assert "#Halloween and #SpookySeason tags" in detail(app)
        assert "horror film buffs (yours)" in detail(app)


async def test_ctrl_b_logs_the_highlighted_idea_as_todays_brainstorm(make_app, store):
    set_setting(store, "genres", "historical fiction, horror")
    log_step(store, "brainstorm", "knitting circles", day=date(2026, 11, 15))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_audiences(pilot)
        assert app.focused is table(app)
        await pilot.press("ctrl+b")  # from the list: to the ideas
        assert app.focused is ideas(app)
        await highlight_idea(pilot, "renaissance faire goers")
        await pilot.press("ctrl+b")
        await pilot.pause()
        [_, entry] = store.read().entries
        assert (entry.kind, entry.day, entry.subject) == ("brainstorm", SATURDAY, "renaissance faire goers")
        assert entry.note == "gathers: " + " · ".join(idea("renaissance faire goers").where)
        assert "Logged today's Brainstorm: renaissance faire goers." in notes(app)
        assert "renaissance faire goers" not in idea_ids(app)
        assert rows(app)[0][:3] == ["renaissance faire goers", "21 Nov", "1"]
        # The next idea takes the place of the one logged, and Enter logs it too.
        next_one = ideas(app).highlighted_option.id
        await pilot.press("enter")
        await pilot.pause()
        assert [e.subject for e in store.read().entries][1:] == ["renaissance faire goers", next_one]


async def test_everything_fits_on_screen_at_100x32_and_80x24(make_app, store):
    set_setting(store, "genres", "historical fiction")
    for name in ("history teachers", "museum and heritage volunteers", "people who live for halloween"):
        log_step(store, "brainstorm", name, note="a note")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await open_audiences(pilot)
        for size in ((100, 32), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            screen = app.screen.region
            for selector in ("#audience-list", "#audience-detail", "#ideas-panel", "#audience-where", "#audience-note"):
                assert screen.contains_region(app.screen.query_one(selector).region), (size, selector)
            shown = table(app)
            assert screen.contains_region(shown.region)
            assert len(rows(app)) == 3
            assert shown.region.height >= 4  # the header and the three rows
            assert ideas(app).region.height >= 5
            # The numbers stay whole; a long name is cut short rather than pushing them off.
            assert shown.virtual_size.width <= shown.size.width


def test_every_shown_text_goes_through_printable():
    sneaky = Audience(name="bad\x1b[31m", record=None, first_seen=SATURDAY, times=1,
                      notes=("a \x1b]note",), people=("\x07jane",))
    text = audience_text(sneaky, Directory(History())).plain
    assert "\x1b" not in text and "\x07" not in text
    assert "a ?]note" in text and "?jane" in text
