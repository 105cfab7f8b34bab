"""Prompts that fit the day: none about who answered when nobody did, none about the day's steps when it
was empty, none about "your book" to a writer whose genres are not books; the rotation keeps its promise."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, strategies as st

from habits import routine
from habits.model import Entry, Heard, History
from habits.prompts import ANSWERED, BOOKS, ENTRIES, IDEAS, NEEDS, PROMPTS, prompt_for, writes_books

START = date(2026, 1, 1)
STAMP = "2026-01-01T09:00:00+00:00"
SIZE = len(PROMPTS)
HALF = SIZE // 2
BY_TEXT = {prompt.text: prompt for prompt in PROMPTS}
EXTRAS = ("Who made me laugh online today?", "What did I read today that I want to pass on?")
maybe = st.sampled_from([True, False, None])
context = st.fixed_dictionaries({"answered": maybe, "entries": maybe, "books": maybe})


def fits(text: str, **held: bool | None) -> bool:
    prompt = BY_TEXT.get(text)
    return prompt is None or prompt.fits(**held)  # the user's own fit every day


def test_needs_are_the_three_known_ones():
    assert set(NEEDS) == {ANSWERED, ENTRIES, BOOKS}
    assert all(prompt.needs <= set(NEEDS) for prompt in PROMPTS)


def test_prompts_that_speak_of_an_answer_need_one():
    said_to_you = re.compile(r"answered you|said to you|say to you|talking with you|\bconversation today|"
                             r"\bexchange today|comment today")
    for prompt in PROMPTS:
        if said_to_you.search(prompt.text):
            assert ANSWERED in prompt.needs, prompt.text


def test_prompts_about_what_the_day_held_need_it():
    # Only one prompt that fits every day speaks of "today", and it asks for no step or person of it.
    plain_today = [p.text for p in PROMPTS if not p.needs and "today" in p.text]
    assert plain_today == ["If today had no numbers at all, what was its best moment?"]
    for prompt in PROMPTS:
        if re.search(r"\b(did you|you wrote|you took|you find|you give|you say)\b", prompt.text) and "today" in prompt.text:
            assert prompt.needs & {ENTRIES, ANSWERED}, prompt.text


def test_only_prompts_for_book_writers_speak_of_a_book_or_characters():
    for prompt in PROMPTS:
        if re.search(r"\b(book|books|characters|novel|story)\b", prompt.text):
            assert BOOKS in prompt.needs, prompt.text


def test_the_library_has_the_ideas_it_lacked():
    texts = " ".join(p.text for p in PROMPTS).lower()
    assert "never answer" in texts and "not personal" in texts  # some never answer, and it is not personal
    assert "run by a team" in texts
    assert "newer writer" in texts and "experience" in texts  # offering your experience back
    assert "patience" in texts
    assert {p.idea for p in PROMPTS} == set(IDEAS)


def test_enough_prompts_fit_every_day_for_a_month_and_to_stand_in():
    plain = [p for p in PROMPTS if not p.needs]
    assert len(plain) >= len(PROMPTS) - len(plain)  # every prompt that needs something has a stand-in
    assert len(plain) > 31  # an empty month, for a poet, goes without a repeat
    assert HALF >= 31


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), context)
def test_the_days_prompt_fits_what_the_day_held(day, held):
    assert fits(prompt_for(day, **held), **held)
    assert fits(prompt_for(day, EXTRAS, **held), **held)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.lists(context, min_size=HALF, max_size=HALF))
def test_no_prompt_comes_back_within_a_month_whatever_the_days_held(start, days):
    # Half the library (over 30 days), whatever each day held; the user's own prompts included.
    shown = [prompt_for(start + timedelta(days=n), **held) for n, held in enumerate(days)]
    assert len(set(shown)) == HALF
    with_own = [prompt_for(start + timedelta(days=n), EXTRAS, **held) for n, held in enumerate(days)]
    assert len(set(with_own)) == HALF


def test_an_empty_stretch_goes_through_the_prompts_that_fit_and_the_users_own():
    empty = {"answered": False, "entries": False, "books": False}
    days = [START + timedelta(days=n) for n in range(SIZE + len(EXTRAS))]
    shown = [prompt_for(day, EXTRAS, **empty) for day in days]
    assert set(EXTRAS) <= set(shown)
    assert all(fits(text, **empty) for text in shown)
    plain = {p.text for p in PROMPTS if not p.needs}
    assert set(shown) == plain | set(EXTRAS)  # every prompt that fits an empty day comes round


def test_a_full_day_keeps_the_whole_rotation():
    full = {"answered": True, "entries": True, "books": True}
    days = [START + timedelta(days=n) for n in range(SIZE)]
    assert [prompt_for(day, **full) for day in days] == [prompt_for(day) for day in days]
    assert {prompt_for(day) for day in days} == set(BY_TEXT)


def test_the_prompt_is_the_same_all_day_for_what_the_day_held():
    day = date(2026, 11, 20)
    for held in ({}, {"answered": False, "entries": True, "books": False}):
        assert prompt_for(day, **held) == prompt_for(date(2026, 11, 20), (), **held)


def test_a_prompt_that_does_not_fit_gives_way_and_one_that_does_stays():
    # A day whose own prompt needs an answer: it is shown when someone answered, not otherwise.
    day = next(START + timedelta(days=n) for n in range(SIZE)
               if BY_TEXT[prompt_for(START + timedelta(days=n))].needs == {ANSWERED})
    own = prompt_for(day)
    assert prompt_for(day, answered=True, entries=False, books=False) == own
    other = prompt_for(day, answered=False, entries=True, books=True)
    assert other != own and not BY_TEXT[other].needs


def test_writes_books_reads_the_genres():
    assert writes_books(["historical fiction"]) and writes_books(["YA fantasy"])
    assert writes_books(["grief memoir"]) and writes_books(["cozy mystery"])
    assert writes_books(["nature poetry", "grief memoir"])  # one book genre is enough
    assert not writes_books(["nature poetry"]) and not writes_books(["Poetry", "haiku"])
    assert not writes_books(["food blog", "newsletter"]) and not writes_books(["flash fiction"])
    assert not writes_books([]) and not writes_books(["", "  "])  # no genres say nothing of books
    assert writes_books(["diverse romance"]) and writes_books(["multiverse sci-fi"])  # "verse" inside a word


# ---- as the faces read it: routine.status_on


def entry(day: date, kind: str = "connect") -> Entry:
    return Entry(id=f"e-{day}-{kind}", kind=kind, day=day, subject="@jane", created=STAMP, updated=STAMP)


def heard(day: date) -> Heard:
    return Heard(id=f"h-{day}", day=day, person="@jane", created=STAMP, updated=STAMP)


def history(days_with_entries=(), days_heard=(), genres=None) -> History:
    settings = {"genres": list(genres)} if genres is not None else {}
    return History(entries=tuple(entry(d) for d in days_with_entries), heard=tuple(heard(d) for d in days_heard),
                   settings=settings)


DAYS = [START + timedelta(days=n) for n in range(SIZE)]


def test_a_day_nobody_answered_is_not_asked_who_answered():
    quiet = history(DAYS, genres=["historical fiction"])
    answered = history(DAYS, DAYS, genres=["historical fiction"])
    quiet_prompts = [routine.day_status(quiet, d).prompt for d in DAYS]
    answered_prompts = [routine.day_status(answered, d).prompt for d in DAYS]
    assert not any(ANSWERED in BY_TEXT[p].needs for p in quiet_prompts)
    assert answered_prompts == [prompt_for(d) for d in DAYS]  # a full day: the whole rotation
    assert any(ANSWERED in BY_TEXT[p].needs for p in answered_prompts)


def test_an_empty_day_is_not_asked_about_its_steps_or_people():
    nothing = history(genres=["historical fiction"])
    prompts = [routine.day_status(nothing, d).prompt for d in DAYS]
    assert all(BY_TEXT[p].needs <= {BOOKS} for p in prompts)
    # Someone answered on a day with no step: asked about it, never about the steps.
    only_heard = history(days_heard=DAYS, genres=["historical fiction"])
    prompts = [routine.day_status(only_heard, d).prompt for d in DAYS]
    assert not any(ENTRIES in BY_TEXT[p].needs for p in prompts)
    assert any(ANSWERED in BY_TEXT[p].needs for p in prompts)


def test_a_poet_is_not_asked_about_her_book():
    poet = history(DAYS, DAYS, genres=["nature poetry"])
    novelist = history(DAYS, DAYS, genres=["historical fiction"])
    assert not any(BOOKS in BY_TEXT[routine.day_status(poet, d).prompt].needs for d in DAYS)
    assert any(BOOKS in BY_TEXT[routine.day_status(novelist, d).prompt].needs for d in DAYS)
    assert not any("book" in routine.day_status(poet, d).prompt for d in DAYS)


# ---- the scripted writers of issue 14 (tests/histories.py)


def test_the_scripted_writers_days_get_prompts_that_fit_them():
    from tests import histories

    for writer in histories.WRITERS:
        whole = histories.history(writer)
        books = writes_books(routine.genres_of(routine.settings_of(whole)))
        assert books == (writer != "poet"), writer
        answered_on = {h.day for h in whole.heard}
        for day in histories.days(histories.START, histories.END):
            prompt = BY_TEXT.get(routine.day_status(whole, day).prompt)
            assert prompt is not None and prompt.fits(day in answered_on, bool(whole.entries_on(day)), books), \
                (writer, day, prompt)
