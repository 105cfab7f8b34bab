"""The weekly review, built from a real Store in a temp folder with a fixed clock (Saturday of ISO week 47)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from habits import routine
from habits.prompts import week_prompt
from habits.review import (
    Met, Moved, shift_week, week_days, week_of, week_review, week_span, weeks_with_activity,
)
from habits.store import Store

SATURDAY = date(2026, 11, 21)  # ISO week 47 runs Monday 16 to Sunday 22 November 2026


def nov(day: int) -> date:
    return date(2026, 11, day)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "coach.json", clock=lambda: datetime(2026, 11, 21, 9, 0).astimezone())


def review(store: Store, year: int = 2026, week: int = 47):
    return week_review(store.read(), year, week)


# ---- weeks


def test_week_of_and_its_days():
    assert week_of(nov(22)) == (2026, 47)  # Sunday closes week 47
    assert week_of(nov(23)) == (2026, 48)  # Monday opens week 48
    assert week_days(2026, 47) == [nov(d) for d in range(16, 23)]


def test_weeks_across_a_year_end():
    # 2026 has 53 ISO weeks: its last one holds the first days of 2027.
    assert date.fromisocalendar(2026, 53, 1) == date(2026, 12, 28)
    assert week_days(2026, 53)[-1] == date(2027, 1, 3)
    assert week_of(date(2027, 1, 3)) == (2026, 53)
    assert week_of(date(2027, 1, 4)) == (2027, 1)
    assert shift_week(2026, 53, 1) == (2027, 1)
    assert shift_week(2027, 1, -1) == (2026, 53)
    assert shift_week(2026, 47, -47) == (2025, 52)
    with pytest.raises(ValueError):
        week_days(2027, 53)  # 2027 has only 52


def test_week_span_reads_like_a_date():
    assert week_span(2026, 47) == "16–22 November 2026"
    assert week_span(2026, 49) == "30 November – 6 December 2026"
    assert week_span(2026, 53) == "28 December 2026 – 3 January 2027"


def test_entries_on_the_week_edges(store):
    routine.log_step(store, "connect", "@sun", day=nov(15))  # Sunday of week 46
    routine.log_step(store, "connect", "@mon", day=nov(16))  # Monday of week 47
    routine.log_step(store, "connect", "@sat", day=SATURDAY)
    assert review(store).connected == ("@mon", "@sat")
    assert review(store, 2026, 46).connected == ("@sun",)


def test_a_sunday_entry_is_in_its_week_and_a_monday_one_in_the_next(tmp_path):
    # A clock a week later, so that Sunday 22 and Monday 23 November can both be logged.
    later = Store(tmp_path / "later.json", clock=lambda: datetime(2026, 11, 24, 9, 0).astimezone())
    routine.log_step(later, "share", "@sunday", day=nov(22), work="a poem")
    routine.log_step(later, "share", "@monday", day=nov(23), work="a story")
    assert [s.person for s in review(later, 2026, 47).shares] == ["@sunday"]
    assert [s.person for s in review(later, 2026, 48).shares] == ["@monday"]
    assert weeks_with_activity(later.read()) == [(2026, 47), (2026, 48)]


def test_an_entry_in_the_week_across_the_year_end(tmp_path):
    winter = Store(tmp_path / "winter.json", clock=lambda: datetime(2027, 1, 5, 9, 0).astimezone())
    routine.log_step(winter, "connect", "@hogmanay", day=date(2027, 1, 1), action="reply")
    routine.log_step(winter, "connect", "@newyear", day=date(2027, 1, 4))
    assert review(winter, 2026, 53).connections == {"reply": 1}
    assert review(winter, 2027, 1).connected == ("@newyear",)
    assert review(winter, 2027, 1).connections == {"other": 1}
    assert weeks_with_activity(winter.read()) == [(2026, 53), (2027, 1)]


# ---- the days


def test_the_day_strip_counts_steps_and_rest(store):
    for kind, subject in (("brainstorm", "librarians"), ("connect", "@jane"), ("share", "@ann")):
        routine.log_step(store, kind, subject, day=nov(16))
    routine.log_step(store, "connect", "@jane", day=nov(17))
    routine.mark_rest(store, day=nov(18))
    days = review(store).days
    assert [d.day for d in days] == [nov(d) for d in range(16, 23)]
    assert [d.done for d in days] == [3, 1, 0, 0, 0, 0, 0]
    assert [d.rest for d in days] == [False, False, True, False, False, False, False]
    assert days[0].complete and not days[1].complete
    assert review(store).complete_days == 1


# ---- what you gave


def test_connections_are_counted_by_action(store):
    routine.log_step(store, "connect", "@jane", day=nov(16), action="comment")
    routine.log_step(store, "connect", "@tom", day=nov(17), action="comment")
    routine.log_step(store, "connect", "@jane", day=nov(18), action="reply")
    routine.log_step(store, "connect", "@ann", day=nov(19))  # no action named: "other"
    routine.log_step(store, "connect", "@old", day=nov(9), action="like")  # last week
    week = review(store)
    assert week.connections == {"comment": 2, "reply": 1, "other": 1}
    assert list(week.connections) == ["comment", "reply", "other"]  # most used first, "other" last
    assert week.connected == ("@jane", "@tom", "@ann")


def test_shares_name_the_person_and_the_work(store):
    routine.log_step(store, "share", "@sam", day=nov(17), work="her debut novel", platform="Bluesky")
    routine.log_step(store, "share", "@ann", day=nov(16))
    routine.log_step(store, "share", "@zed", day=nov(12), work="last week's")
    shares = review(store).shares
    assert [(s.person, s.work, s.day) for s in shares] == [
        ("@ann", "", nov(16)), ("@sam", "her debut novel", nov(17)),
    ]
    assert shares[1].platform == "Bluesky"


def test_people_are_named_as_they_go_by_now(store):
    routine.log_step(store, "share", "@jreyes", day=nov(17), work="a story")
    routine.rename_person(store, "@jreyes", "Jane Reyes")
    assert [s.person for s in review(store).shares] == ["Jane Reyes"]


# ---- what you heard back


def test_heard_back_is_grouped_by_person(store):
    routine.log_step(store, "connect", "@jane", day=nov(10))
    routine.log_heard(store, "@jane", day=nov(17), note="loved the map thread")
    routine.log_heard(store, "@tom", day=nov(18))
    routine.log_heard(store, "@jane", day=nov(19), platform="Bluesky")
    routine.log_heard(store, "@jane", day=nov(14), note="last week")
    heard = review(store).heard
    assert [(h.person, [x.day for x in h.heard]) for h in heard] == [
        ("@jane", [nov(17), nov(19)]), ("@tom", [nov(18)]),
    ]
    assert heard[0].heard[0].note == "loved the map thread"


# ---- people who moved, people met


def test_a_person_who_became_talking_this_week_moved_and_one_already_talking_did_not(store):
    for day in (nov(1), nov(8), nov(15)):  # three touches over two weeks: warming before the week
        routine.log_step(store, "connect", "@jane", day=day, action="comment")
    routine.log_heard(store, "@jane", day=nov(18))  # she answered this week
    routine.log_step(store, "connect", "@tom", day=nov(2))
    routine.log_heard(store, "@tom", day=nov(3))  # talking since early November
    routine.log_heard(store, "@tom", day=nov(19))  # answered again: still talking
    week = review(store)
    assert week.moved == (Moved("@jane", "warming", "talking"),)
    assert "@tom" not in [m.name for m in week.moved]
    # The Sunday before, her third touch over two weeks made her warming: that move was week 46's.
    assert review(store, 2026, 46).moved == (Moved("@jane", "new", "warming"),)


def test_the_stage_counts_only_what_happened_by_the_weeks_end(tmp_path):
    later = Store(tmp_path / "later.json", clock=lambda: datetime(2026, 11, 30, 9, 0).astimezone())
    for day in (nov(1), nov(8), nov(15)):
        routine.log_step(later, "connect", "@jane", day=day)
    routine.log_heard(later, "@jane", day=nov(25))  # in week 48, not 47
    assert review(later, 2026, 47).moved == ()
    assert review(later, 2026, 48).moved == (Moved("@jane", "warming", "talking"),)


def test_people_first_seen_this_week_are_met_not_moved(store):
    routine.log_step(store, "connect", "@old", day=nov(2))
    routine.log_step(store, "connect", "@new", day=nov(19))
    routine.log_step(store, "connect", "@early", day=nov(16))
    routine.log_heard(store, "@early", day=nov(18))  # met and already answered, in one week
    routine.log_heard(store, "@stranger", day=nov(20))  # someone who answered first
    week = review(store)
    assert week.met == (Met("@early", "talking"), Met("@new", "new"), Met("@stranger", "talking"))
    assert week.moved == ()
    assert "@old" not in [m.name for m in week.met]


# ---- audiences, reflections, the closing question


def test_audiences_explored_mark_the_first_time(store):
    routine.log_step(store, "brainstorm", "History teachers", day=nov(3))
    routine.log_step(store, "connect", "@ann", day=nov(4), audience="Librarians")  # found there before
    routine.log_step(store, "brainstorm", "HISTORY teachers", day=nov(16))
    routine.log_step(store, "brainstorm", "Cosplayers", day=nov(17))
    routine.log_step(store, "brainstorm", "cosplayers", day=nov(19))
    routine.log_step(store, "brainstorm", "librarians", day=nov(18))
    explored = review(store).brainstorms
    assert [(a.name, a.new, a.times) for a in explored] == [
        ("HISTORY teachers", False, 1), ("Cosplayers", True, 2), ("librarians", False, 1),
    ]


def test_reflections_of_the_week_only(store):
    routine.set_reflection(store, "Before the week", day=nov(15))
    routine.set_reflection(store, "Jane answered", day=nov(17))
    routine.set_reflection(store, "A quiet day", day=nov(16))
    assert review(store).reflections == {nov(16): "A quiet day", nov(17): "Jane answered"}
    assert list(review(store).reflections) == [nov(16), nov(17)]


def test_the_closing_prompt_and_its_saved_answer(store):
    assert review(store).prompt == week_prompt(2026, 47)
    assert review(store, 2026, 46).prompt == week_prompt(2026, 46)
    assert review(store).answer == ""
    routine.set_week_reflection(store, 2026, 47, "I want to keep talking with Jane.")
    assert review(store).answer == "I want to keep talking with Jane."
    assert review(store, 2026, 46).answer == ""
    assert review(store).key == "2026-W47"
    assert weeks_with_activity(store.read()) == [(2026, 47)]


def test_an_empty_week_is_empty(store):
    week = review(store)
    assert week.is_empty
    assert week.given == 0 and week.connections == {} and week.met == () and week.complete_days == 0
    routine.mark_rest(store, day=nov(16))
    assert not review(store).is_empty
    assert weeks_with_activity(store.read()) == [(2026, 47)]


# ---- asks apart, and the coach's letter


def test_asks_are_shown_apart_and_never_among_what_was_given(store):
    routine.log_step(store, "connect", "hilary", day=nov(17), action="ask", note="asked if she'd blurb my novel")
    routine.log_step(store, "connect", "@stranger", day=nov(18), action="message", note="here is my book link")
    routine.log_step(store, "connect", "jane", day=nov(18), action="comment")
    week = review(store)
    assert [(a.person, a.action) for a in week.asked] == [("hilary", "ask"), ("@stranger", "message")]
    assert week.connections == {"comment": 1} and week.connected == ("jane",) and week.given == 1
    assert [d.done for d in week.days[:3]] == [0, 0, 1]  # an ask alone does no step
    assert [m.name for m in week.met] == ["jane"]  # nor meets anyone: nothing was given


def test_the_letter_names_who_answered_who_waits_one_person_and_one_audience(store):
    routine.set_setting(store, "genres", "historical fiction")
    routine.log_step(store, "connect", "ada", day=nov(2))
    routine.log_heard(store, "ada", day=nov(17), note="asked about my heroine's dress")  # waits on you
    routine.log_step(store, "connect", "sam", day=nov(3))
    routine.log_heard(store, "sam", day=nov(4))
    routine.log_step(store, "connect", "sam", day=nov(5))  # answered back, quiet since: go back to sam
    routine.log_step(store, "connect", "kim", day=nov(16))
    routine.log_heard(store, "kim", day=nov(18))
    routine.log_step(store, "connect", "kim", day=nov(19))  # answered, and answered back
    letter = review(store).letter
    assert letter[0] == "This week ada and kim answered you. That is what all the showing up is for."
    assert letter[1] == "ada is waiting on you: answer back first."
    assert letter[2].startswith("Go back to sam: ")
    assert letter[3].startswith("One audience to try: ")
    assert not any(word in " ".join(letter).casefold() for word in ("follower", "pitch", "neglect"))


def test_a_week_nobody_answered_gets_a_kind_letter(store):
    routine.log_step(store, "connect", "jane", day=nov(17))
    letter = review(store).letter
    assert letter[0] == "No answers this week: they come in their own time, so keep giving without keeping score."
    assert not any(line.endswith("waiting on you: answer back first.") for line in letter)


def test_the_go_back_line_says_what_happened_and_what_to_do_in_whole_sentences(store):
    routine.log_step(store, "connect", "sam", day=date(2026, 10, 1))
    routine.log_heard(store, "sam", day=date(2026, 10, 2), note="asked which letters I used")
    routine.log_step(store, "connect", "sam", day=date(2026, 10, 3), action="reply")  # quiet since
    routine.log_step(store, "connect", "jane", day=nov(17))
    # (Saturday's picks: the coach's lead takes turns from day to day, and sam leads that morning.)
    letter = week_review(store.read(), 2026, 47, today=SATURDAY).letter
    line = next(line for line in letter if line.startswith("Go back to sam: "))
    assert "they asked which letters you used on 2 Oct" in line  # what happened, in the coach's words
    assert line.count("..") == 0 and line.endswith(".")
    assert line.split(". ")[-1][0].isupper()  # the next step, a sentence of its own


def test_an_empty_week_gets_two_kind_lines_and_someone_to_start_with(store):
    routine.log_step(store, "connect", "ada", day=nov(2))
    routine.log_heard(store, "ada", day=nov(4), note="loved the map thread")  # she waits on you, from week 45
    week = review(store)
    assert week.is_empty
    assert week.letter[0] == "The people you met are still there, and one is enough to begin again."
    assert week.letter[1].startswith("Start with ada: ")
    assert "ada" not in week.letter[1][len("Start with ada: "):].split()  # "they", not the name twice
    assert len(week.letter) == 2


def test_an_empty_history_gets_one_line(store):
    assert review(store).letter == ("One person is enough to begin.",)


def test_asking_again_with_nothing_heard_is_met_with_let_it_rest(store):
    routine.log_step(store, "connect", "hilary", day=nov(3), action="ask", note="asked for a blurb")
    routine.log_step(store, "connect", "jane", day=nov(17))
    assert not any(line.startswith("Let hilary rest") for line in review(store).letter)  # one ask: no word
    routine.log_step(store, "connect", "hilary", day=nov(18), action="ask", note="asked again for a blurb")
    letter = review(store).letter
    assert "Let hilary rest for now: some never answer, and some accounts are run by a team." in letter
    assert not any(line.startswith("Go back to hilary") for line in letter)
    # Asked once more after she answered: one ask since, no word.
    routine.log_heard(store, "hilary", day=nov(10), note="not taking blurbs this year")
    assert not any(line.startswith("Let hilary rest") for line in review(store).letter)


def test_an_answer_months_before_the_week_waits_no_longer_whatever_came_after(store):
    routine.log_step(store, "connect", "ada", day=date(2026, 7, 1))
    routine.log_heard(store, "ada", day=date(2026, 7, 2))
    routine.log_heard(store, "ada", day=nov(17))  # after the week looked back on
    routine.log_step(store, "connect", "jane", day=date(2026, 9, 30))
    assert not any("waiting on you" in line for line in review(store, 2026, 40).letter)  # 94 days old by then
    assert "ada is waiting on you: answer back first." in review(store).letter


def test_the_letter_of_a_past_week_reads_the_week_as_it_ended(store):
    routine.log_step(store, "connect", "ada", day=nov(2))
    routine.log_heard(store, "ada", day=nov(4))  # she answered in week 45…
    assert review(store, 2026, 45).letter[1] == "ada is waiting on you: answer back first."
    routine.log_step(store, "connect", "ada", day=nov(10))  # …and was answered in week 46
    assert review(store, 2026, 45).letter[1] == "ada is waiting on you: answer back first."  # as week 45 ended
    assert not any("waiting on you" in line for line in review(store, 2026, 46).letter)
