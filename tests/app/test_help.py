"""Help: ? opens it over any screen with that screen's own keys, and Escape, q or ? closes it."""

from __future__ import annotations

from textual.widgets import Input, Static

from coach.app import CoachApp
from coach.screens.help import HelpScreen
from coach.screens.people import PeopleScreen
from coach.screens.today import TodayScreen

SIZE = (80, 24)


def help_text(app: CoachApp) -> str:
    assert isinstance(app.screen, HelpScreen)
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def key_lines(app: CoachApp) -> dict[str, str]:
    """The list of keys as {what it does: key}."""
    lines = str(app.screen.query_one("#help-keys", Static).render()).splitlines()
    return {line.split(None, 1)[1].strip().split("  ")[-1].strip(): line.split()[0]
            for line in lines if line.startswith("  ")}


async def test_help_lists_the_keys_of_the_screen_in_front_closes_by_its_key_and_in_a_text_field_question_mark_is_typed(
    make_app
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # On Today, ? lists Today's keys, and Escape closes it.
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        assert "1 Brainstorm" in text and "2 Connect" in text and "3 Share" in text
        assert "followers" in text  # the ideas behind the routine
        keys = key_lines(app)
        assert keys["People"] == "f3"
        assert keys["Rest day"] == "^r"
        assert keys["Brainstorm"].startswith("1")
        assert "Today" not in keys  # the place you are on is not a key to it
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)

        # On People, People's keys, and q closes it.
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        keys = key_lines(app)
        assert keys["Filter"] == "/"
        assert keys["Sort"] == "s"
        assert keys["Today"] == "f2"
        assert "Rest day" not in keys  # Today's keys are Today's
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)

        # In a text field ? is typed; f1 opens help, and closes it.
        await pilot.press("slash", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        assert app.screen.query_one("#people-filter", Input).value == "?"
        await pilot.press("f1")
        await pilot.pause()
        keys = key_lines(app)
        assert keys["Help"] == "f1"  # ? is text here
        assert "Move cursor left" in keys  # the text field's own keys
        await pilot.press("f1")  # the same key closes it
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
