"""People, a person's page, Audiences, Review and Settings change the data through the app's door and then
show the snapshot the change handed back: none of them asks for the data again after its own write."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, TextArea

from coach.app import CoachApp
from coach.screens.audiences import AudiencesScreen
from coach.screens.people import PersonScreen
from coach.screens.review import ReviewScreen, WeekAnswer
from coach.screens.settings import SettingsScreen
from coach.widgets import CoachScreen
from habits.people import Directory
from habits.routine import log_step

SIZE = (100, 32)


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Every time a screen asks the door for the data as it is now (opening, coming back, a change elsewhere)."""
    calls: list[str] = []
    current = CoachScreen.current

    def counted(self: CoachScreen):
        calls.append(type(self).__name__)
        return current(self)

    monkeypatch.setattr(CoachScreen, "current", counted)
    return calls


async def test_settings_audiences_the_review_and_a_persons_page_show_what_their_save_returned(make_app, store, asked):
    log_step(store, "brainstorm", "history teachers")
    log_step(store, "connect", "@jane", day=date(2026, 11, 20), platform="Bluesky")
    app: CoachApp = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Settings.
        await app.switch_mode("settings")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen) and screen.WHOLE is False
        asked.clear()
        genres = screen.query_one("#field-genres", Input)
        genres.focus()
        genres.value = "horror,  horror, YA"
        screen.query_one("#field-platforms", Input).focus()  # leaving the field saves it
        await pilot.pause()
        assert genres.value == "horror, YA"  # as stored, from the change's own snapshot
        assert asked == []

        # Audiences.
        await app.switch_mode("audiences")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AudiencesScreen) and screen.WHOLE is True
        asked.clear()
        where = screen.query_one("#audience-where", Input)
        where.focus()
        where.value = "#histsky"
        await pilot.press("enter")
        await pilot.pause()
        assert "#histsky" in str(screen.query_one("#detail-text").render())
        assert asked == []

        # The review's answer.
        await app.switch_mode("review")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.WHOLE is True
        asked.clear()
        answer = screen.query_one(WeekAnswer)
        answer.text_area.focus()
        answer.text_area.text = "A good week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.read().week_reflections["2026-W47"].text == "A good week"
        assert screen.snapshot is not None and screen.snapshot.review(2026, 47).answer == "A good week"
        assert asked == []

        # A person's note and platforms: one change.
        await app.push_screen(PersonScreen("@jane"))
        await pilot.pause()
        page = app.screen
        assert isinstance(page, PersonScreen) and page.WHOLE is True
        asked.clear()
        page.query_one("#person-platforms", Input).value = "Bluesky, her blog"
        note = page.query_one("#person-note", TextArea)
        note.text = "Draws maps."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert asked == []
        assert page.person is not None and page.person.note == "Draws maps."
        jane = Directory(store.read()).find("@jane")
        assert (jane.note, jane.platforms) == ("Draws maps.", ("Bluesky", "her blog"))
        # One change: one undo takes back both.
        assert app.coach.undo_labels()[0] == "describe @jane"
        app.coach.undo()
        jane = Directory(store.read()).find("@jane")
        assert (jane.note, jane.platforms) == ("", ("Bluesky",))
