"""The Review screen driven through Pilot, on the week of Saturday 21 November 2026 (ISO week 47)."""

from __future__ import annotations

from datetime import date

from coach.app import CoachApp, CoachCommands
from coach.screens import review as review_screen
from coach.screens.review import DayStrip, ReviewHeader, ReviewScreen, Section, WeekAnswer
from habits.prompts import week_prompt
from habits.routine import log_heard, log_step, mark_rest, set_reflection, set_week_reflection

SIZE = (100, 32)


def nov(day: int) -> date:
    return date(2026, 11, day)


def heading(app: CoachApp) -> str:
    return str(app.screen.query_one("#review-title").render())


def standing(app: CoachApp) -> str:
    return str(app.screen.query_one("#review-standing").render())


def strip(app: CoachApp) -> str:
    return str(app.screen.query_one(DayStrip).render())


def section(app: CoachApp, section_id: str) -> Section:
    return app.screen.query_one(f"#{section_id}", Section)


def shown(app: CoachApp, section_id: str) -> str:
    """What a section shows on screen, read from its widgets (not from the rows it was given)."""
    part = section(app, section_id)
    if not part.display:
        return ""
    return "\n".join(" ".join(str(w.render()) for w in row.children) for row in part.query(".row"))


def seed_week(store) -> None:
    """A week 47 with something in every section; Jane had been warming since the week before."""
    for day in (nov(1), nov(8), nov(15)):
        log_step(store, "connect", "@jane", day=day, action="comment")
    for kind, subject in (("brainstorm", "history teachers"), ("connect", "@jane"), ("share", "@sam")):
        log_step(store, kind, subject, day=nov(16), action="comment" if kind == "connect" else None,
                 work="her debut novel" if kind == "share" else None)
    log_step(store, "connect", "@tom", day=nov(17), action="comment")
    log_step(store, "connect", "@ann", day=nov(18), action="reply")
    log_heard(store, "@jane", day=nov(18), note="loved the map thread")
    mark_rest(store, day=nov(19))
    set_reflection(store, "Jane answered at last.", day=nov(18))


async def open_review(pilot) -> None:
    await pilot.press("f6")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)


async def test_the_palette_offers_it_an_empty_week_says_so_the_answer_saves_and_it_refreshes_on_return(
    make_app, store, monkeypatch
):
    # The save a moment after typing stops must not come first, however slow the machine running the test.
    monkeypatch.setattr(review_screen, "ANSWER_SAVE_DELAY", 600)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        provider = CoachCommands(app.screen)
        assert "Go to Review" in [hit.text async for hit in provider.discover()]
        assert "Go to Review" in [hit.text async for hit in provider.search("review")]

        # F6 opens the review on the current week.
        await open_review(pilot)
        assert heading(app) == "Week 47 · 16–22 November 2026"
        assert standing(app) == "0 days complete · this week"
        assert strip(app).startswith("Mon 16 ○   Tue 17 ○")
        assert strip(app).split("\n")[0].endswith("Sat 21 ○   Sun 22 ·")  # Sunday is still to come
        empty = app.screen.query_one("#review-empty")
        assert empty.display
        assert str(empty.render()) == "Nothing logged this week yet — one person today is a fine start."
        assert not section(app, "given").display
        assert shown(app, "letter") == "One person is enough to begin."  # an empty week: a short kind letter

        # The closing answer is saved on ctrl+s, and on leaving the text.
        answer = app.screen.query_one(WeekAnswer)
        answer.text_area.focus()
        answer.text_area.text = "Keep talking with Jane about maps"
        await pilot.pause()
        assert "2026-W47" not in store.read().week_reflections
        await pilot.press("end", "ctrl+s")
        assert store.read().week_reflections["2026-W47"].text == "Keep talking with Jane about maps"
        assert answer.border_subtitle == "saved"
        answer.text_area.text = "Keep talking with Jane about maps, and ask about her book"
        await pilot.press("escape")  # leaving the text (a blur) saves it too
        assert app.focused is app.screen.query_one("#review-body")
        await pilot.pause()
        assert store.read().week_reflections["2026-W47"].text.endswith("ask about her book")

        # The review refreshes when coming back, and shows what people typed as typed, not as markup.
        await pilot.press("f2")
        log_step(store, "connect", "@jane", action="like")  # as from Today or another terminal
        log_step(store, "share", "[b]Jo[/b]", work="[red]a poem[/red]")
        await open_review(pilot)
        await pilot.pause()
        assert "like 1" in shown(app, "given")
        assert "[b]Jo[/b] — [red]a poem[/red]" in shown(app, "given")


async def test_the_sections_show_the_week_and_the_heading_the_strip_and_the_answer_fit(make_app, store):
    seed_week(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        assert standing(app) == "1 day complete · this week"
        assert strip(app).startswith("Mon 16 ✓   Tue 17 ◐   Wed 18 ◐   Thu 19 r   Fri 20 ○")
        assert not app.screen.query_one("#review-empty").display
        given = shown(app, "given")
        assert "connected comment 2 · reply 1" in given
        assert "with @jane, @tom, @ann" in given
        assert "shared @sam — her debut novel" in given
        assert shown(app, "heard") == "@jane Wed — loved the map thread"
        assert shown(app, "moved") == "@jane warming → talking"
        assert shown(app, "met") == "@sam · @tom · @ann"
        assert shown(app, "explored") == "history teachers new"
        assert shown(app, "reflections") == "Wed Jane answered at last."
        assert shown(app, "asked") == ""  # no ask this week: no such section
        letter = shown(app, "letter")
        assert letter.startswith("This week @jane answered you.")
        assert "@jane is waiting on you: answer back first." in letter
        assert app.screen.query_one(WeekAnswer).prompt == week_prompt(2026, 47)
        log_step(store, "connect", "@hilary", day=nov(20), action="ask", note="asked her to blurb my novel")
        app.refresh_screen()  # as when the file changes under the app (another terminal)
        await pilot.pause()
        assert shown(app, "asked") == "@hilary Fri — asked her to blurb my novel"
        assert "@hilary" not in shown(app, "given")
        assert "connected comment 2 · reply 1" in shown(app, "given")  # the ask counted nowhere among gifts
        sections = [s.id for s in app.screen.query(Section) if s.display]
        assert sections.index("asked") == sections.index("given") + 1 and sections[-1] == "letter"

        for size in ((80, 24), SIZE):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            screen = app.screen.region
            for widget in (app.screen.query_one(ReviewHeader), app.screen.query_one(DayStrip),
                           app.screen.query_one(WeekAnswer), app.screen.query_one(WeekAnswer).text_area):
                assert screen.contains_region(widget.region), (size, widget)
            assert app.screen.query_one(DayStrip).region.width >= len("Mon 16 ✓   ") * 7 - 3
            assert "Sun 22 ·" in strip(app)  # the whole week, not cut short
            assert app.screen.query_one("#review-body").region.height >= 8
            assert app.screen.query_one(WeekAnswer).text_area.region.height >= 3


async def test_the_week_keys_move_and_stop_at_the_ends_and_the_answer_belongs_to_its_week(make_app, store):
    log_step(store, "connect", "@old", day=date(2026, 11, 2))  # week 45: the earliest with anything
    set_week_reflection(store, 2026, 46, "Last week's words")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("right_square_bracket")  # no week after this one
        assert heading(app) == "Week 47 · 16–22 November 2026"
        await pilot.press("left_square_bracket")
        assert heading(app) == "Week 46 · 9–15 November 2026"
        assert standing(app).endswith("last week")
        assert str(app.screen.query_one("#review-empty").render()).startswith("Nothing was logged this week.")
        await pilot.pause()
        assert not section(app, "given").display
        letter = shown(app, "letter").split("\n")
        assert letter[0] == "The people you met are still there, and one is enough to begin again."
        assert letter[1].startswith("Start with @old: ")
        await pilot.press("left")  # on the sections, the arrows move too
        assert heading(app) == "Week 45 · 2–8 November 2026"
        assert standing(app).endswith("2 weeks ago")
        await pilot.pause()
        assert "@old" in shown(app, "given")
        await pilot.press("left_square_bracket")  # nothing before the first week with activity
        assert heading(app) == "Week 45 · 2–8 November 2026"
        await pilot.press("right", "right_square_bracket", "right_square_bracket")
        assert heading(app) == "Week 47 · 16–22 November 2026"

        # The closing answer is saved on leaving the week, and on leaving the screen, to its own week.
        answer = app.screen.query_one(WeekAnswer)
        assert answer.text_area.text == ""
        answer.text_area.text = "Moving on"
        await pilot.press("left_square_bracket")  # the words go to week 47 before the screen moves
        assert store.read().week_reflections["2026-W47"].text == "Moving on"
        assert answer.text_area.text == "Last week's words"
        answer.text_area.text = "Last week's words, and more"
        await pilot.press("f2")  # leaving the screen saves too
        await pilot.pause()
        assert store.read().week_reflections["2026-W46"].text == "Last week's words, and more"
