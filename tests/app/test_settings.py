"""The Settings screen, driven through Pilot: every check reads the setting back from the data file."""

from __future__ import annotations

from textual.widgets import Input, Label, Select, TextArea

from coach.app import CoachApp, CoachCommands
from coach.screens.settings import SettingsScreen
from habits.routine import set_setting, settings_of
from habits.store import Store

SIZE = (80, 24)


def stored(app: CoachApp) -> dict[str, object]:
    """The settings as the data file holds them (read straight from the store behind the app's door)."""
    return settings_of(app.coach.store.read())


def note(app: CoachApp, key: str) -> str:
    return str(app.screen.query_one(f"#note-{key}", Label).render())


async def settings_screen(pilot) -> SettingsScreen:
    await pilot.press("f7")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def enter(pilot, key: str, value: str) -> Input:
    """Puts a value in a field and presses Enter there, as a person would after typing it."""
    field = pilot.app.screen.query_one(f"#field-{key}", Input)
    field.focus()
    field.value = value
    await pilot.press("enter")
    await pilot.pause()
    return field


async def test_every_setting_changed_on_the_screen_is_stored(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # A place like the others: in the footer's Places group, and in the palette.
        places = app.screen.active_bindings["f7"].binding
        assert places.description == "Settings" and places.group and places.group.description == "Places"
        titles = [name for name, _, _ in CoachCommands(app.screen).commands()]
        assert "Go to Settings" in titles and "Help" in titles

        screen = await settings_screen(pilot)
        assert "f7" not in app.screen.active_bindings  # the place you are on is not offered
        assert screen.query_one("#field-day_start_hour", Input).value == "4"  # the default, shown

        await enter(pilot, "day_start_hour", "6")
        assert stored(app)["day_start_hour"] == 6
        assert "Saved" in note(app, "day_start_hour")
        await enter(pilot, "rest_days_per_week", " 0 ")
        assert stored(app)["rest_days_per_week"] == 0

        # Leaving a field saves it too; the field then shows what was stored, repeats dropped.
        genres = screen.query_one("#field-genres", Input)
        genres.focus()
        genres.value = "horror, YA,horror"
        platforms = screen.query_one("#field-platforms", Input)
        platforms.focus()
        await pilot.pause()
        assert stored(app)["genres"] == ["horror", "YA"]
        assert genres.value == "horror, YA"
        platforms.value = "Bluesky, blog"
        await pilot.press("enter")
        assert stored(app)["platforms"] == ["Bluesky", "blog"]

        # The theme applies at once and is kept.
        screen.query_one("#field-theme", Select).value = "textual-light"
        await pilot.pause()
        assert app.theme == "textual-light"
        assert stored(app)["theme"] == "textual-light"

        # Your own prompts: one a line, blank lines dropped; ctrl+s saves them.
        prompts = screen.query_one("#field-prompts", TextArea)
        prompts.focus()
        prompts.text = "Who made you laugh today?\n\n   Whose book did you finish?  \n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert stored(app)["prompts"] == ["Who made you laugh today?", "Whose book did you finish?"]
        assert "Saved" in note(app, "prompts")
        assert "2 yours" in str(screen.query_one("#prompt-count", Label).render())


async def test_a_refused_value_shows_why_beside_the_field_stores_nothing_and_outlives_a_reload(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settings_screen(pilot)
        field = await enter(pilot, "day_start_hour", "25")
        assert "Not saved" in note(app, "day_start_hour")
        assert "0 to 23" in note(app, "day_start_hour")
        assert app.coach.store.read().settings == {}
        assert field.value == "25"  # kept, to be mended
        # Leaving the field tries again, and is refused again, without a crash.
        app.screen.query_one("#field-genres", Input).focus()
        await pilot.pause()
        assert "0 to 23" in note(app, "day_start_hour")
        assert app.coach.store.read().settings == {}

        # A change made elsewhere (`coach config` in another terminal) shows in the other fields, never
        # over the one being typed in.
        hour = field
        hour.focus()
        await pilot.pause()
        set_setting(Store(store.path, clock=store.clock), "genres", "horror")
        assert app.check_for_changes()
        await pilot.pause()
        assert app.screen.query_one("#field-genres", Input).value == "horror"
        assert hour.value == "25"
        await enter(pilot, "day_start_hour", "5")
        assert stored(app)["day_start_hour"] == 5
        assert "Not saved" not in note(app, "day_start_hour")
