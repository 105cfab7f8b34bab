"""The empty brainstorm box's example fits the writer's genres, on Today and in the check-in (issue 14)."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input

from coach.app import CoachApp
from coach.quick import CheckIn
from coach.screens.today import StepCard
from habits.audience_map import ideas_for_genres
from habits.routine import coaching_for, log_step, set_setting
SIZE = (100, 32)
SATURDAY = date(2026, 11, 21)
POET = "nature poetry"
POETS_EXAMPLE = "an audience, e.g. nature walkers and birders"
DEFAULT = "an audience, e.g. history teachers"


def card(app: CoachApp, kind: str) -> StepCard:
    return app.screen.query_one(f"#step-{kind}", StepCard)


def poet_who_tried_every_idea(store) -> None:
    """A nature poet who has brainstormed every idea coach has for her: nothing left to suggest, so the
    empty box shows its example."""
    set_setting(store, "genres", POET)
    for back, item in enumerate(ideas_for_genres([POET]), start=1):
        log_step(store, "brainstorm", item.name, day=SATURDAY - timedelta(days=back))
    assert coaching_for(store.read(), SATURDAY).first("brainstorm") is None


async def test_today_shows_a_poets_example_in_the_empty_brainstorm_box(make_app, store):
    poet_who_tried_every_idea(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        brainstorm = card(app, "brainstorm")
        assert brainstorm.placeholder == POETS_EXAMPLE
        assert POETS_EXAMPLE in str(brainstorm.render())  # the form's picture, as the card draws it
        brainstorm.focus_first()
        await pilot.pause()
        assert brainstorm.subject_input.placeholder == POETS_EXAMPLE  # and in its input
        assert card(app, "connect").placeholder == "a person, e.g. @jane"  # the other boxes as they were


async def test_today_keeps_history_teachers_without_genres(make_app, store):
    log_step(store, "brainstorm", "history teachers", day=SATURDAY - timedelta(days=1))
    app = make_app()
    async with app.run_test(size=SIZE):
        assert card(app, "brainstorm").placeholder == DEFAULT


async def test_the_check_in_shows_a_poets_example_in_the_empty_brainstorm_input(store):
    poet_who_tried_every_idea(store)
    app = CheckIn(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one("#step-brainstorm", Input).placeholder == POETS_EXAMPLE


async def test_a_narrow_check_in_shows_the_short_placeholder_not_history_teachers(store):
    poet_who_tried_every_idea(store)
    app = CheckIn(store)
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.pause()
        assert app.query_one("#step-brainstorm", Input).placeholder == "an audience"
