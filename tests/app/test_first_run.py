"""A new user's first minutes: the welcome dialog, the themes (coach's own by default), NO_COLOR, and the
milestone told when a step completes the seventh day in a row, in the app and in the check-in."""

from __future__ import annotations

from datetime import timedelta

from textual.content import Content
from textual.filter import Monochrome
from textual.widgets import Input, Label, Static

from coach.app import CoachApp
from coach.quick import DAY_ONE, NEW_HERE, CheckIn, YesterdayLine
from coach.screens.today import StepCard, TodayScreen
from coach.screens.welcome import WelcomeScreen
from coach.themes import DEFAULT_THEME
from habits.milestones import STREAK_MILESTONES
from habits.model import STEP_KEYS
from habits.routine import log_step, set_setting, settings_of

SIZE = (80, 24)


def welcome_app(store, clock) -> CoachApp:
    return CoachApp(store, clock=clock, welcome=True)


def note(app: CoachApp, key: str) -> str:
    return str(app.screen.query_one(f"#welcome-note-{key}", Label).render())


def log_six_days(store, clock) -> None:
    today = clock().date()
    for n in range(6, 0, -1):
        for kind in STEP_KEYS:
            log_step(store, kind, f"{kind} {n}", day=today - timedelta(days=n))


# --- the welcome ------------------------------------------------------------------------------------

async def test_a_first_run_welcomes_and_start_saves_the_three_settings(store, clock):
    app = welcome_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        # It fits 80x24: the dialog, its last line and the Start button are all on screen.
        dialog = screen.query_one("#welcome")
        assert dialog.region.bottom <= 24 and dialog.region.right <= 80
        assert screen.query_one("#welcome-start").region.height == 1
        text = " ".join(str(s.render()) for s in screen.query(".routine"))
        assert "brainstorm one audience" in text and "follower counts" in text
        assert app.focused is screen.query_one("#welcome-genres", Input)

        screen.query_one("#welcome-genres", Input).value = "horror, historical fiction"
        screen.query_one("#welcome-day_start_hour", Input).value = "25"
        await pilot.press("enter")
        await pilot.pause()
        # A refused value saves nothing at all, and says why beside its field, with a mark, not only colour.
        assert isinstance(app.screen, WelcomeScreen)
        assert note(app, "day_start_hour") == "✗ a whole number from 0 to 23, not 25"
        assert not note(app, "genres").startswith("✗")
        assert app.focused is screen.query_one("#welcome-day_start_hour", Input)
        assert store.read().settings == {}

        screen.query_one("#welcome-day_start_hour", Input).value = "6"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        stored = store.read().settings
        assert stored == {"genres": ["horror", "historical fiction"], "day_start_hour": 6}
        # The field left empty stored nothing; nor did the default theme, which was not a choice.


async def test_escape_skips_the_welcome_and_saves_nothing(store, clock):
    app = welcome_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#welcome-genres", Input).value = "horror"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert not store.path.exists()


# --- themes and NO_COLOR ----------------------------------------------------------------------------

async def test_no_welcome_once_anything_is_stored_coachs_theme_is_the_default_and_day_seven_is_told_once(
    store, clock
):
    set_setting(store, "rest_days_per_week", "2")
    log_six_days(store, clock)
    log_step(store, "brainstorm", "teachers")
    log_step(store, "connect", "@jane")
    app = welcome_app(store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.theme == DEFAULT_THEME == "coach"
        assert {"coach", "coach-dark", "textual-light", "nord"} <= set(app.available_themes)
        assert app.theme_variables["boost"] != "#00000000"  # input fields are shaded in it
        app.theme = "textual-light"
        await pilot.pause()
        # Textual leaves $boost clear in a light theme: coach gives its fields a shade anyway.
        assert app.theme_variables["boost"] != "#00000000"
        assert settings_of(store.read())["theme"] == "textual-light"  # kept for the next start

        # The step that completes the seventh day in a row tells the milestone, once.
        share = app.screen.query_one("#step-share", StepCard)
        share.subject_input.value = "@ann"
        share.subject_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        milestones = [n for n in app._notifications if n.title == "Milestone"]
        assert [(n.message, n.severity) for n in milestones] == [(STREAK_MILESTONES[7], "information")]
        share.subject_input.value = "@bo"  # a second share on a complete day: nothing more
        await pilot.press("enter")
        await pilot.pause()
        assert len([n for n in app._notifications if n.title == "Milestone"]) == 1


async def test_with_no_color_the_app_runs_in_monochrome_and_marks_say_what_is_done(store, clock, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    log_step(store, "connect", "@jane")
    app = CoachApp(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color and any(isinstance(f, Monochrome) for f in app._filters)
        titles = [Content.from_markup(card.border_title).plain for card in app.screen.query(StepCard)]
        assert titles == ["○ 1 Brainstorm", "✓ 2 Connect", "○ 3 Share"]
    check_in = CheckIn(store, clock=clock)
    async with check_in.run_test(size=SIZE) as pilot:
        assert check_in.no_color
        labels = [str(label.content) for label in check_in.query(".row .label").results(Static)]
        assert labels == ["○ 1 Brainstorm", "✓ 2 Connect", "○ 3 Share"]


# --- milestones -------------------------------------------------------------------------------------

async def test_the_check_in_says_the_milestone_in_its_hint_and_a_new_user_is_pointed_to_coach(store, clock):
    fresh = CheckIn(store, clock=clock)
    async with fresh.run_test(size=SIZE):
        assert fresh.query_one(YesterdayLine).render().plain == NEW_HERE

    log_six_days(store, clock)
    log_step(store, "brainstorm", "teachers")
    log_step(store, "connect", "@jane")
    app = CheckIn(store, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one("#step-share", Input)
        assert app.focused is field
        field.value = "@ann"
        await pilot.press("enter")
        await pilot.pause()
        assert str(app.query_one("#hint", Static).content) == f"✓ {STREAK_MILESTONES[7]}"
    set_setting(store, "genres", "horror")
    later = CheckIn(store, clock=clock)
    async with later.run_test(size=SIZE):
        assert later.query_one(YesterdayLine).render().plain != DAY_ONE  # not day one any more
