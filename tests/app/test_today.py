"""The Today screen driven through Pilot: every check reads back through the store or the screen."""

from __future__ import annotations

import inspect
import os
from datetime import date

import pytest
from textual.content import Content
from textual.widgets import Input, Select, TextArea

from coach.app import PLACES, CoachApp, CoachCommands, run_app
from coach.screens.today import DayHeader, StepCard, TodayScreen, suggestion_line
from coach.widgets.entries import EntryList
from coach.widgets.entry_editor import EntryEditor
from coach.widgets.reflection import ReflectionPanel
from coach.widgets.step_form import columns
from habits.coaching import Suggestion
from habits.fields import FIELDS
from habits.routine import coaching_for, log_heard, log_step, set_reflection, set_setting
from habits.store import StoreError

SATURDAY = date(2026, 11, 21)
SUNDAY = date(2026, 11, 22)
SIZE = (100, 32)


def card(app: CoachApp, kind: str) -> StepCard:
    return app.screen.query_one(f"#step-{kind}", StepCard)


def title(app: CoachApp, kind: str) -> str:
    return Content.from_markup(card(app, kind).border_title).plain


def header(app: CoachApp) -> str:
    day = app.screen.query_one(DayHeader)
    return f"{day.date_text} {day.standing_text}"


def field(app: CoachApp, kind: str, name: str):
    """A step's input for one of its fields (the form puts its inputs in place when asked)."""
    return card(app, kind).open_form().input_of(FIELDS[name])


def reflection_area(app: CoachApp) -> TextArea:
    return app.screen.reflection.text_area


def notes(app: CoachApp, severity: str | None = None) -> list[str]:
    return [n.message for n in app._notifications if severity is None or n.severity == severity]


async def log_through_screen(pilot, kind: str, subject: str, **details: str) -> None:
    """Fills a step's inputs as a person would leave them, then presses Enter in the subject input."""
    step_card = card(pilot.app, kind)
    step_card.open_form()
    await pilot.pause()  # the form's inputs take the place of its picture
    step_card.subject_input.value = subject
    for name, value in details.items():
        step_card.open_form().input_of(FIELDS[name]).value = value
    step_card.subject_input.focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_shows_the_three_steps_and_the_day(make_app):
    app = make_app()
    async with app.run_test(size=SIZE):
        assert isinstance(app.screen, TodayScreen)
        assert [title(app, k) for k in ("brainstorm", "connect", "share")] == [
            "○ 1 Brainstorm", "○ 2 Connect", "○ 3 Share",
        ]
        assert "Saturday 21 November" in header(app)
        assert "0 of 3 done" in header(app)
        connect = card(app, "connect")
        assert connect.placeholder == "a person, e.g. @jane"
        assert connect.form.details()["action"] == "other"


async def test_logging_each_step_stores_it_and_marks_it_done(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await log_through_screen(pilot, "brainstorm", "history teachers", note="they love maps")
        assert title(app, "brainstorm") == "✓ 1 Brainstorm"
        assert title(app, "connect") == "○ 2 Connect"
        await log_through_screen(pilot, "connect", "@jane", platform="Bluesky", action="reply")
        assert title(app, "connect") == "✓ 2 Connect"
        assert "Logged Connect: @jane" in notes(app)
        assert "streak 0 days" in header(app)
        await log_through_screen(pilot, "share", "@ann", work="her novel")
        assert title(app, "share") == "✓ 3 Share"

        entries = store.read().entries
        assert [(e.kind, e.day, e.subject) for e in entries] == [
            ("brainstorm", SATURDAY, "history teachers"),
            ("connect", SATURDAY, "@jane"),
            ("share", SATURDAY, "@ann"),
        ]
        assert entries[0].note == "they love maps"
        assert (entries[1].platform, entries[1].action) == ("Bluesky", "reply")
        assert entries[2].work == "her novel"
        assert "3 of 3 done" in header(app)
        assert "streak 1 day " in header(app)
        # The inputs are emptied for the next one, and the entry is listed under its step.
        connect = card(app, "connect")
        assert connect.form.parent is None  # emptied, and drawn by the card again
        assert connect.form.details()["action"] == "other"
        assert "· @jane · reply · Bluesky" in connect.entry_list.lines
        # The entries sit under the card's lines and its form's picture, not over them.
        top = connect.content_region.y
        assert connect.entry_list.region.y == top + connect.drawn_lines + 1


async def test_digits_jump_to_a_step_when_focus_is_outside_the_inputs(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is card(app, "brainstorm")  # the first open step, not its input
        await pilot.press("2")
        assert app.focused is card(app, "connect").subject_input
        await pilot.press("3")  # inside an input a digit is text
        assert app.focused is card(app, "connect").subject_input
        assert card(app, "connect").subject_input.value == "3"
        await pilot.press("escape")
        assert app.focused is card(app, "connect")
        await pilot.press("3")
        assert app.focused is card(app, "share").subject_input
        await pilot.press("escape", "1")
        assert app.focused is card(app, "brainstorm").subject_input
        field(app, "connect", "action").focus()  # a Select is not a text input
        await pilot.press("3")
        assert app.focused is card(app, "share").subject_input
        app.screen.query_one(ReflectionPanel).focus()
        await pilot.press("2")
        assert app.focused is card(app, "connect").subject_input


async def test_alt_digit_and_ctrl_arrows_move_from_inside_an_input(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        card(app, "brainstorm").subject_input.focus()
        await pilot.press("alt+3")
        assert app.focused is card(app, "share").subject_input
        assert card(app, "share").subject_input.value == ""
        await pilot.press("alt+2")
        assert app.focused is card(app, "connect").subject_input
        await pilot.press("ctrl+down")
        assert app.focused is card(app, "share").subject_input
        await pilot.press("ctrl+down")
        assert app.focused is reflection_area(app)
        await pilot.press("ctrl+up")
        assert app.focused is card(app, "share").subject_input


async def test_an_empty_subject_is_an_error_and_stores_nothing(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await log_through_screen(pilot, "connect", "   ", platform="Bluesky")
        assert notes(app, "error") == ["The person is empty"]
        assert store.read().entries == ()
        assert title(app, "connect") == "○ 2 Connect"
        assert field(app, "connect", "platform").value == "Bluesky"  # nothing lost


async def test_reflection_is_saved_when_it_loses_focus(make_app, store, monkeypatch):
    monkeypatch.setattr("coach.widgets.reflection.REFLECTION_SAVE_DELAY", 60)  # only the blur can save it here
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        area = reflection_area(app)
        area.focus()
        area.text = "Jane answered my question about maps"
        await pilot.pause()
        assert store.read().reflections == {}
        await pilot.press("end", "!")  # inside the reflection a digit or a letter is text
        card(app, "brainstorm").focus()
        await pilot.pause()
        assert store.read().reflections[SATURDAY].text == "Jane answered my question about maps!"
        assert app.screen.query_one(ReflectionPanel).border_subtitle == "saved"


async def test_reflection_is_saved_a_moment_after_typing_stops(make_app, store, monkeypatch):
    monkeypatch.setattr("coach.widgets.reflection.REFLECTION_SAVE_DELAY", 0.001)  # the timer, hardly a wait
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(ReflectionPanel)
        panel.action_edit()
        await pilot.press("H", "i")
        await pilot.pause()
        assert store.read().reflections[SATURDAY].text == "Hi"
        assert app.focused is reflection_area(app)  # saved without leaving the text
        assert panel.border_subtitle == "saved"


async def test_reflection_is_saved_on_ctrl_s(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        area = reflection_area(app)
        area.focus()
        area.text = "Ann thanked me for sharing her novel."
        await pilot.press("ctrl+s")
        assert store.read().reflections[SATURDAY].text == "Ann thanked me for sharing her novel."
        assert app.focused is area


async def test_reflection_is_saved_when_the_app_quits(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        area = reflection_area(app)
        area.focus()
        area.text = "Written just before quitting."
        await pilot.press("ctrl+q")
    assert store.read().reflections[SATURDAY].text == "Written just before quitting."


async def test_the_stored_reflection_is_shown_and_added_to(make_app, store):
    set_reflection(store, "From the command line.")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert reflection_area(app).text == "From the command line."
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down", "space", "A", "ctrl+s")  # from Brainstorm
        assert app.focused is reflection_area(app)
        assert store.read().reflections[SATURDAY].text == "From the command line. A"


async def test_ctrl_r_marks_today_as_rest(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        assert SATURDAY in store.read().rest_days
        assert "rest day" in header(app)
        assert notes(app) == ["Sat 21 Nov is a rest day. Your streak carries over it."]
        await pilot.press("ctrl+r")
        assert notes(app)[-1] == "Sat 21 Nov was already a rest day."


async def test_rollover_moves_to_the_new_day(make_app, store, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await log_through_screen(pilot, "brainstorm", "history teachers")
        area = reflection_area(app)
        area.text = "Not saved yet when the day turns."
        clock.advance(hours=19, minutes=1)  # Sunday 04:01, one minute into the next routine day
        app.screen.check_rollover()
        await pilot.pause()
        assert "Sunday 22 November" in header(app)
        assert "0 of 3 done" in header(app)
        assert title(app, "brainstorm") == "○ 1 Brainstorm"
        assert not card(app, "brainstorm").entry_list.display
        assert area.text == ""
        # The old day's words went to the old day.
        assert store.read().reflections[SATURDAY].text == "Not saved yet when the day turns."
        assert SUNDAY not in store.read().reflections
        await log_through_screen(pilot, "connect", "@jane")
        assert store.read().entries[-1].day == SUNDAY


async def test_before_the_day_start_it_is_still_the_same_day(make_app, clock):
    app = make_app()
    async with app.run_test(size=SIZE):
        clock.advance(hours=18, minutes=59)  # Sunday 03:59 still belongs to Saturday
        app.screen.check_rollover()
        assert "Saturday 21 November" in header(app)


async def test_an_entry_logged_elsewhere_appears_on_the_next_check(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE):
        log_step(store, "share", "@ann")  # as `coach log share @ann` in another terminal would
        assert app.check_for_changes() is True
        assert title(app, "share") == "✓ 3 Share"


async def test_command_palette_lists_places_and_the_days_actions(make_app):
    app = make_app()
    async with app.run_test(size=SIZE):
        provider = CoachCommands(app.screen)
        discovered = [hit.text async for hit in provider.discover()]
        assert [f"Go to {p.title}" for p in PLACES] == [t for t in discovered if t.startswith("Go to")]
        assert "Go to Today" in discovered
        for name in ("Log a Brainstorm", "Log a Connect", "Log a Share", "Mark today as a rest day", "Quit"):
            assert name in discovered
        found = [hit.text async for hit in provider.search("today")]
        assert "Go to Today" in found


async def test_command_palette_log_a_step_focuses_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"log a share")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.focused is card(app, "share").subject_input


async def test_ctrl_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        card(app, "brainstorm").subject_input.focus()  # even from inside an input
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running


async def test_footer_keys_come_from_the_places_table(make_app):
    app = make_app()
    async with app.run_test(size=SIZE):
        keys = {binding.key: binding for binding in app.screen.active_bindings.values()
                for binding in [binding.binding]}
        for place in PLACES:
            if place.mode == app.current_mode:
                assert place.key not in keys  # the footer offers the other places
                continue
            assert keys[place.key].description == place.title
            assert keys[place.key].id == f"app.go.{place.mode}"
            assert keys[place.key].group is not None and keys[place.key].group.description == "Places"
        assert set(CoachApp.MODES) == {place.mode for place in PLACES}
        assert len(PLACES) > 1


async def test_theme_setting_is_applied_on_start(make_app, store):
    set_setting(store, "theme", "nord")
    app = make_app()
    async with app.run_test(size=SIZE):
        assert app.theme == "nord"


async def test_a_theme_picked_in_the_app_is_kept(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "gruvbox"
        await pilot.pause()
    assert store.read().settings["theme"] == "gruvbox"


async def test_an_unknown_theme_is_ignored(make_app, store):
    set_setting(store, "theme", "no-such-theme")
    app = make_app()
    async with app.run_test(size=SIZE):
        assert app.theme == "coach"  # coach's own, as when none is set
    assert store.read().settings["theme"] == "no-such-theme"  # starting did not overwrite it


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_everything_fits_on_screen(make_app, store, size):
    for kind, subject in (("brainstorm", "history teachers"), ("connect", "@jane"), ("share", "@ann")):
        log_step(store, kind, subject)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = app.screen.region
        for kind in ("brainstorm", "connect", "share"):
            step_card = card(app, kind)
            assert screen.contains_region(step_card.region), kind
            step_card.open_form()
        await pilot.pause()
        for kind in ("brainstorm", "connect", "share"):  # the inputs take the picture's place exactly
            form = card(app, kind).form
            assert screen.contains_region(form.region) and form.region.height == 1, kind
            assert [(w.region.x - form.region.x, w.region.width) for w in form.children] == [
                (x, width) for _, x, width in columns(form.kind, form.region.width)]
        assert screen.contains_region(app.screen.query_one(ReflectionPanel).region)
        box = app.screen.reflection.query_one("#reflection-picture").region
        assert screen.contains_region(box) and box.height >= 3
        reflection_area(app).focus()
        await pilot.pause()
        assert reflection_area(app).region == box  # the text box takes its picture's place


def test_run_app_reports_a_damaged_file_before_opening(store):
    store.path.write_text("not json")
    with pytest.raises(StoreError):
        run_app(store)


async def test_tab_walks_through_cards_and_their_inputs(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        brainstorm = card(app, "brainstorm")
        await pilot.press("tab")
        assert app.focused is brainstorm.subject_input
        await pilot.press("tab")
        assert app.focused is brainstorm.open_form().input_of(FIELDS["note"])
        await pilot.press("tab")
        assert app.focused is card(app, "connect")
        await pilot.pause()
        assert brainstorm.form.parent is None  # left empty: the card draws its picture again
        await pilot.press("shift+tab")
        assert app.focused is brainstorm
        brainstorm.subject_input.value = "history"  # a form with something typed stays as it is
        await pilot.press("tab", "tab", "tab")
        assert app.focused is card(app, "connect")
        await pilot.pause()
        assert brainstorm.form.parent is brainstorm and brainstorm.subject_input.value == "history"


async def test_focus_starts_on_the_first_step_not_done(make_app, store):
    log_step(store, "brainstorm", "history teachers")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is card(app, "connect")
        await pilot.press("enter")
        assert app.focused is card(app, "connect").subject_input


async def test_typing_on_a_card_starts_the_name_in_its_input(make_app, store):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("2")
        await pilot.press("escape")
        assert isinstance(app.focused, StepCard)
        await pilot.press("r", "a", "enter")
        entries = store.read().entries
        assert [(e.kind, e.subject) for e in entries] == [("connect", "ra")]
        assert not store.read().rest_days


# ---- the coach's suggestions on the cards


def suggestion_shown(app: CoachApp, kind: str) -> str:
    lines = card(app, kind).lines
    return lines[1] if len(lines) > 1 else ""


def seed_talking(store, name: str, given: date, heard: date) -> None:
    """Someone you gave to, who answered: "talking", and waiting since the later of the two days."""
    log_step(store, "connect", name, day=given, action="comment")
    log_heard(store, name, day=heard)


async def test_a_talking_person_waiting_on_you_is_suggested_and_enter_logs_them(make_app, store):
    seed_talking(store, "Jane Reyes", date(2026, 11, 2), date(2026, 11, 12))  # she answered 9 days ago
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        connect = card(app, "connect")
        assert suggestion_shown(app, "connect").startswith(
            "Suggested: Jane Reyes — answer back: that is the conversation"
        )
        assert connect.placeholder == "enter to log: Jane Reyes"
        assert connect.border_subtitle == "Jane Reyes answered you on 12 Nov"
        connect.subject_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        [entry] = [e for e in store.read().entries if e.day == SATURDAY]
        assert (entry.kind, entry.subject, entry.action) == ("connect", "Jane Reyes", "reply")
        assert "Logged Connect: Jane Reyes" in notes(app)
        assert title(app, "connect") == "✓ 2 Connect"
        # Touched today, she is not suggested again; a done card keeps quiet.
        assert suggestion_shown(app, "connect") == "" and not connect.border_subtitle
        assert connect.placeholder == "a person, e.g. @jane"


async def test_in_a_terminal_the_suggestions_follow_the_first_frame(make_app, store, monkeypatch):
    """The first frame shows the day without the suggestions, which weigh everyone you know; they follow
    Textual's Ready (the frame is on the terminal). Headless, as in the other tests, they come at once."""
    import coach.app

    monkeypatch.setattr(coach.app, "SUGGESTIONS_AFTER_FIRST_FRAME", 0.2)
    seed_talking(store, "Jane Reyes", date(2026, 11, 2), date(2026, 11, 12))
    app = make_app()
    app.defer_suggestions = True  # as in a terminal
    async with app.run_test(size=SIZE) as pilot:
        assert app.first_frame_shown
        assert suggestion_shown(app, "connect") == ""  # the day is there, the suggestion not yet
        assert "0 of 3 done" in header(app)
        await pilot.pause(0.3)
        assert suggestion_shown(app, "connect").startswith("Suggested: Jane Reyes")
        assert card(app, "connect").placeholder == "enter to log: Jane Reyes"


async def test_a_burst_of_keys_typed_on_a_card_keeps_its_order(make_app, store):
    # A browser's keys (coach serve), or a fast typist's, arrive while the card's form is still opening:
    # the first ones wait on the card, and the field must not take the next ones first.
    import asyncio

    from textual import events

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for character in "birdwatchers":
            app.post_message(events.Key(character, character))
            await asyncio.sleep(0)  # one turn of the loop between keys: the card is still opening its form
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == "birdwatchers"


async def test_a_typed_name_wins_over_the_suggestion(make_app, store):
    seed_talking(store, "Jane Reyes", date(2026, 11, 2), date(2026, 11, 12))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await log_through_screen(pilot, "connect", "@ann", action="like")
        entry = store.read().entries[-1]
        assert (entry.subject, entry.action) == ("@ann", "like")


async def test_ctrl_y_accepts_and_the_next_suggestion_takes_its_place(make_app, store):
    seed_talking(store, "Jane Reyes", date(2026, 11, 2), date(2026, 11, 5))  # both waiting on an answer
    seed_talking(store, "Tom Okafor", date(2026, 11, 2), date(2026, 11, 10))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        first = app.coach.snapshot().coaching.connect  # the two, as they take turns today
        assert sorted(s.name for s in first) == ["Jane Reyes", "Tom Okafor"]
        connect = card(app, "connect")
        connect.focus()  # the card, not its input: plain letters would start a name
        connect.open_form().input_of(FIELDS["platform"]).value = "Bluesky"  # details filled in go with it
        await pilot.press("ctrl+y")
        await pilot.pause()
        entry = store.read().entries[-1]
        assert (entry.subject, entry.action, entry.platform) == (first[0].name, "reply", "Bluesky")
        assert connect.placeholder == f"enter to log: {first[1].name}"
        connect.subject_input.focus()
        await pilot.press("ctrl+y")  # from inside the input too
        await pilot.pause()
        assert [e.subject for e in store.read().entries if e.day == SATURDAY] == [first[0].name, first[1].name]


async def test_ctrl_y_is_offered_only_where_there_is_a_suggestion(make_app, store):
    seed_talking(store, "Jane Reyes", date(2026, 11, 2), date(2026, 11, 12))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:

        def accept_enabled() -> bool:
            return any(b.binding.key == "ctrl+y" and b.enabled for b in app.screen.active_bindings.values())

        card(app, "connect").focus()
        await pilot.pause()
        assert accept_enabled()
        card(app, "brainstorm").focus()  # no genres set, nothing brainstormed: no idea to offer
        await pilot.pause()
        assert suggestion_shown(app, "brainstorm") == ""
        assert not accept_enabled()
        await pilot.press("ctrl+y")
        assert store.read().entries[-1].day != SATURDAY  # nothing logged


async def test_asking_a_favour_of_someone_new_warns_gently(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await log_through_screen(pilot, "connect", "@newbie", action="ask")
        entry = store.read().entries[-1]
        assert (entry.subject, entry.action) == ("@newbie", "ask")  # logged anyway
        [warning] = notes(app, "warning")
        assert warning.startswith("@newbie is new to you: early to ask a favour")


async def test_the_brainstorm_card_suggests_an_audience_for_the_genres(make_app, store):
    set_setting(store, "genres", "horror")
    idea = coaching_for(store.read(), SATURDAY).first("brainstorm")
    assert idea is not None and idea.where
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert suggestion_shown(app, "brainstorm").startswith(f"Suggested: {idea.name} — gathers: {idea.where[0]}")
        assert not app.screen.query("#coach-notes")  # genres set: nothing to tell, and no line for it
        await pilot.press("1", "enter")
        await pilot.pause()
        entry = store.read().entries[-1]
        assert (entry.kind, entry.subject) == ("brainstorm", idea.name)
        assert entry.note == "gathers: " + " · ".join(idea.where)


async def test_the_coachs_notes_show_under_the_date(make_app, store):
    for name in ("Ann", "Bo", "Cy", "Di", "Ed"):
        log_step(store, "connect", name)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        line = app.screen.query_one("#coach-notes")
        assert str(line.render()).startswith("Tell coach what you write")  # no genres yet
        assert notes(app) == []  # what was there on opening is not told twice
        await log_through_screen(pilot, "connect", "Flo")  # the sixth new person today
        assert str(line.render()).startswith("6 new people today. Depth beats breadth")
        assert any(n.startswith("6 new people today.") for n in notes(app))
        await log_through_screen(pilot, "connect", "Gus")  # told once: not again for the seventh
        assert not any(n.startswith("7 new people today.") for n in notes(app))


def test_a_suggestion_line_fits_its_width():
    pick = Suggestion("connect", "Jane Reyes", "you are talking; reconnect — last touch 9 days ago",
                      "ask a follow-up question about something they said", action="question", stage="talking")
    assert str(suggestion_line(pick, 90)) == (
        "Suggested: Jane Reyes — ask a follow-up question about something they said"
    )
    narrow = str(suggestion_line(pick, 40))
    assert len(narrow) == 40 and narrow.endswith("…")
    idea = Suggestion("brainstorm", "horror film buffs", "an audience next to what you write",
                      "find one place where they gather", where=("Letterboxd lists", "horror podcasts"))
    assert str(suggestion_line(idea, 60)) == "Suggested: horror film buffs — gathers: Letterboxd lists"


async def test_a_suggestion_shows_stored_names_as_typed(make_app, store):
    seed_talking(store, "[b]Jo[/b]", date(2026, 11, 2), date(2026, 11, 12))
    app = make_app()
    async with app.run_test(size=SIZE):
        assert suggestion_shown(app, "connect").startswith("Suggested: [b]Jo[/b] — ")
        assert card(app, "connect").placeholder == "enter to log: [b]Jo[/b]"


# ---- editing and deleting what is logged today


def entry_list(app: CoachApp, kind: str) -> EntryList:
    return card(app, kind).entry_list


async def test_entries_are_listed_one_line_each_under_their_step(make_app, store):
    log_step(store, "connect", "@jane", platform="Bluesky", action="reply", note="about maps\nand more")
    log_step(store, "connect", "@tom")
    app = make_app()
    async with app.run_test(size=SIZE):
        listed = entry_list(app, "connect")
        assert [str(option.prompt) for option in listed.options] == [
            "· @jane · reply · Bluesky — about maps", "· @tom",
        ]
        assert listed.region.height == 2
        assert not entry_list(app, "brainstorm").display  # nothing logged: no list, and no stop for Tab


async def test_down_reaches_the_entries_and_up_or_escape_goes_back_to_the_card(make_app, store):
    log_step(store, "connect", "@jane")
    log_step(store, "connect", "@tom")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        connect = card(app, "connect")
        connect.focus()
        await pilot.press("down")
        assert app.focused is entry_list(app, "connect")
        assert entry_list(app, "connect").entry.subject == "@jane"
        await pilot.press("down")
        assert entry_list(app, "connect").entry.subject == "@tom"
        await pilot.press("escape")
        assert app.focused is connect
        await pilot.press("down", "up")  # up from the first entry: back on the card
        assert app.focused is connect
        await pilot.press("x")  # and typing there still starts a name
        assert app.focused is connect.subject_input and connect.subject_input.value == "x"
        await pilot.press("down")  # down from the name input too
        assert app.focused is entry_list(app, "connect")
        await pilot.press("3")  # the jumps work from the list
        assert app.focused is card(app, "share").subject_input
        connect.open_form().input_of(FIELDS["note"]).focus()
        await pilot.press("tab")  # Tab reaches the list after the card's inputs
        assert app.focused is entry_list(app, "connect")


async def test_down_on_a_card_without_entries_leaves_the_focus_there(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        brainstorm = card(app, "brainstorm")
        assert app.focused is brainstorm
        await pilot.press("down")
        assert app.focused is brainstorm


async def open_editor(pilot, kind: str, index: int = 0, key: str = "e") -> EntryEditor:
    listed = entry_list(pilot.app, kind)
    listed.focus()
    listed.highlighted = index
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, EntryEditor)
    return pilot.app.screen


async def test_an_entry_is_edited_in_a_dialog_with_its_steps_fields(make_app, store):
    log_step(store, "connect", "@jane", platform="Bluesky", action="reply")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, "connect")
        # Prefilled with what is stored, and only the fields the step has.
        assert editor.query_one("#edit-subject", Input).value == "@jane"
        assert editor.query_one("#edit-platform", Input).value == "Bluesky"
        assert editor.query_one("#edit-action", Select).value == "reply"
        assert not editor.query("#edit-work")
        assert app.focused is editor.query_one("#edit-subject", Input)
        editor.query_one("#edit-subject", Input).value = "@janet"
        editor.query_one("#edit-action", Select).value = "comment"
        assert not editor.query("#edit-day")  # today's entry stays today's
        editor.query_one("#edit-note", TextArea).text = "asked about her maps"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        [entry] = store.read().entries
        assert (entry.subject, entry.action, entry.platform, entry.note) == (
            "@janet", "comment", "Bluesky", "asked about her maps",
        )
        assert "Saved Connect: @janet" in notes(app)
        assert entry_list(app, "connect").lines == ["· @janet · comment · Bluesky — asked about her maps"]
        assert app.focused is entry_list(app, "connect")  # back where the edit started


async def test_ctrl_s_saves_from_the_action_select_and_escape_cancels(make_app, store):
    log_step(store, "share", "@ann", work="her novel")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, "share", key="enter")
        assert editor.query_one("#edit-work", Input).value == "her novel"
        editor.query_one("#edit-work", Input).value = "her short story"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert store.read().entries[0].work == "her novel"  # cancelled: nothing stored

        log_step(store, "connect", "@jane")
        assert app.check_for_changes() is True
        editor = await open_editor(pilot, "connect")
        editor.query_one("#edit-action", Select).focus()
        editor.query_one("#edit-action", Select).value = "like"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [(e.subject, e.action) for e in store.read().entries if e.kind == "connect"] == [("@jane", "like")]


async def test_a_bad_edit_is_refused_and_the_dialog_stays(make_app, store):
    log_step(store, "brainstorm", "history teachers")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, "brainstorm")
        assert [w.id for w in editor.query("Input, Select, TextArea")] == ["edit-subject", "edit-note"]  # no more
        editor.query_one("#edit-subject", Input).value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is editor
        assert notes(app, "error") == ["The audience is empty"]
        assert store.read().entries[0].subject == "history teachers"


async def test_saving_an_unchanged_entry_stores_nothing(make_app, store):
    log_step(store, "connect", "@jane")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot, "connect")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert store.undo_label() == ("log Connect: @jane", None)  # no empty edit to undo


async def test_d_or_delete_deletes_the_highlighted_entry(make_app, store):
    log_step(store, "connect", "@jane")
    log_step(store, "connect", "@tom")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        listed = entry_list(app, "connect")
        listed.focus()
        listed.highlighted = 1
        await pilot.press("delete")
        await pilot.pause()
        assert [e.subject for e in store.read().entries] == ["@jane"]
        assert listed.lines == ["· @jane"]
        assert "Deleted Connect: @tom — ctrl+z brings it back" in notes(app)
        assert app.focused is listed and listed.entry.subject == "@jane"
        await pilot.press("d")
        await pilot.pause()
        assert store.read().entries == ()
        assert not listed.display
        assert title(app, "connect") == "○ 2 Connect"
        assert app.focused is card(app, "connect")  # the list went away: the card keeps the focus


@pytest.mark.parametrize("size", [(80, 24), (100, 32)])
async def test_the_entry_editor_fits_on_screen(make_app, store, size):
    log_step(store, "share", "@ann", work="her novel", platform="blog", audience="teachers", note="lovely")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        editor = await open_editor(pilot, "share")
        screen = editor.region
        for field in editor.query(".edit-field"):
            assert screen.contains_region(field.region)
        assert screen.contains_region(editor.query_one(".edit-keys").region)


def in_a_write() -> bool:
    """Whether the store is called by a change through the door, building the snapshot it returns (until
    the store hands that over, it may read after itself: the door's business, not a screen's)."""
    return any(frame.function == "_written" and frame.filename.endswith(os.path.join("habits", "coach.py"))
               for frame in inspect.stack())


async def test_one_enter_is_one_transaction_and_no_other_read(make_app, store, monkeypatch):
    seed_talking(store, "Jane Reyes", date(2026, 11, 2), date(2026, 11, 12))
    log_step(store, "brainstorm", "history teachers")
    reads: list[str] = []
    transactions: list[str] = []

    def counted(name: str, method):
        def call(*args, **kwargs):
            if not in_a_write():
                reads.append(name)
            return method(*args, **kwargs)
        return call

    for name in ("read", "read_recent"):
        monkeypatch.setattr(store, name, counted(name, getattr(store, name)))
    transaction = store.transaction
    monkeypatch.setattr(store, "transaction", lambda *a, **k: transactions.append(a[0]) or transaction(*a, **k))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Today's entries and the coach's suggestions come with the first frame.
        assert card(app, "brainstorm").done
        assert suggestion_shown(app, "connect").startswith("Suggested: Jane Reyes")
        reads.clear()
        await log_through_screen(pilot, "connect", "@ann")
        assert title(app, "connect") == "✓ 2 Connect"
        assert transactions == ["log Connect: @ann"]
        assert app.check_for_changes() is False  # the app does not read back its own write
        await pilot.press("f1", "f1")  # nor does Today, shown again when help closes
        await pilot.pause()
    assert reads == []


async def test_after_a_step_is_logged_the_next_open_step_has_the_focus_and_a_digit_jumps(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        connect = card(app, "connect")
        connect.subject_input.focus()
        connect.subject_input.value = "maya_writes"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is card(app, "share")  # the card itself, not its input
        await pilot.press("1")  # a digit jumps; it is not taken as the next name
        await pilot.pause()
        assert app.focused is not None and card(app, "brainstorm") in (app.focused, *app.focused.ancestors)
        assert [e.subject for e in store.read().entries] == ["maya_writes"]


async def test_typing_on_the_reflection_panel_starts_the_text(make_app, store, monkeypatch):
    monkeypatch.setattr("coach.widgets.reflection.REFLECTION_SAVE_DELAY", 60)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(ReflectionPanel)
        panel.focus()
        await pilot.press("M", "a", "y", "a")
        card(app, "brainstorm").focus()  # leaving saves it
        await pilot.pause()
        assert store.read().reflections[SATURDAY].text == "Maya"


async def test_the_collector_started_off_is_on_after_the_first_frame(make_app):
    """`coach` starts as a plain command does, without the cyclic collector (coach/cli.py); the app, which
    lives on, turns it on once its first frame is out, what the start made frozen out of its way."""
    import gc

    gc.disable()
    try:
        app = make_app()
        async with app.run_test(size=SIZE):
            assert app.first_frame_shown
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_a_click_on_a_cards_form_picture_goes_into_the_input_under_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        connect = card(app, "connect")
        _, x, _ = next(column for column in columns(connect.kind, connect.size.width) if column[0] == "platform")
        await pilot.click(connect, offset=(connect.gutter.left + x + 1, connect.gutter.top + connect.drawn_lines))
        await pilot.pause()
        assert app.focused is connect.form.input_of(FIELDS["platform"])


async def test_back_after_a_gap_today_welcomes_above_the_notes(make_app, store):
    log_step(store, "connect", "@jane", day=date(2026, 10, 31))  # three weeks before Saturday
    log_heard(store, "@jane", day=date(2026, 11, 12), note="loved the map")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#coach-notes")
        first, *rest = str(line.render()).splitlines()
        assert first.startswith("Welcome back after 3 weeks.") and "@jane" in first
        told = coaching_for(store.read(), SATURDAY).notes  # (no genres yet: there is one)
        assert told and rest == [" ".join(told)]  # the notes on the line under it
        assert line.size.height == 2
        assert notes(app) == []  # on the screen, not told again as a toast


async def test_no_welcome_without_a_gap(make_app, store):
    set_setting(store, "genres", "horror")
    log_step(store, "connect", "@jane", day=date(2026, 11, 20))
    log_heard(store, "@jane", day=date(2026, 11, 20))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query("#coach-notes")  # no welcome and nothing to tell: no line


async def test_a_pitchy_connect_is_logged_with_the_guards_words_and_leaves_connect_open(make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await log_through_screen(pilot, "connect", "@stranger", action="message",
                                 note="DMed my whole family backstory and my book link")
        [entry] = store.read().entries
        assert (entry.subject, entry.action) == ("@stranger", "message")
        assert title(app, "connect") == "○ 2 Connect"  # asking is not today's Connect
        [warning] = notes(app, "warning")
        assert warning.startswith("@stranger is new to you:") and "Give first" in warning
        await log_through_screen(pilot, "connect", "@kind.one", action="comment",
                                 note="loved your essay on her grandmother's letters")
        assert title(app, "connect") == "✓ 2 Connect"
        assert len(notes(app, "warning")) == 1  # a kind note: not a word
