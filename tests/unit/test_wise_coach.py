"""The coach read against three writers' three months (tests/histories.py): the right people first, what
happened told back, different from yesterday, asks not counted as gifts, and the patterns a wise friend
would see (a writer who only shares, a writer back after three weeks away)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

import pytest

from habits.aggregates import figures_of_history
from habits.coach import Coach
from habits.coaching import Coaching, coach, next_step_for, ranking
from habits.model import History
from habits.routine import genres_of, settings_of
from habits.text import person_key
from tests.histories import END, MORNING, START, history, write


def names(picks) -> list[str]:
    return [pick.name for pick in picks]


@lru_cache(maxsize=None)
def morning(writer: str, day: date = END) -> Coaching:
    """The coach on the morning of `day`: everything logged before it."""
    whole = history(writer)
    before = replace(whole, entries=tuple(e for e in whole.entries if e.day < day),
                     heard=tuple(h for h in whole.heard if h.day < day))
    return coach(figures_of_history(before), day, genres_of(settings_of(whole)))


def people(writer: str) -> dict[str, object]:
    return {person_key(p.name): p for p in figures_of_history(history(writer)).people}


def mornings(first: date = START + timedelta(days=28)) -> list[date]:
    return [first + timedelta(days=n) for n in range((END - first).days + 1)]


# --- the right people first -----------------------------------------------------------------------------

def test_the_novelist_answers_first_who_asked_her_something_then_her_friend_and_conversations():
    connect, _ = ranking(figures_of_history(history("novelist")).people, END)
    ranked = names(connect)
    assert ranked[0] == "@mr.okafor"  # he asked when her book is out, on 14 Nov: he waits on her
    # Her podcast friend, quiet five weeks, and the conversations gone quiet, before any warming stranger.
    assert ranked.index("@histpod") < ranked.index("@samplers.and.stitches")
    assert ranked.index("@ada.reads") < ranked.index("@samplers.and.stitches")
    today = names(morning("novelist").connect)
    assert {"@mr.okafor", "@ada.reads", "@histpod"} == set(today[:3])


def test_what_happened_is_told_back_in_the_reason_and_the_next_step():
    by_name = {pick.name: pick for pick in morning("novelist").connect}
    okafor, ada, histpod = by_name["@mr.okafor"], by_name["@ada.reads"], by_name["@histpod"]
    assert okafor.why == "@mr.okafor asked when your book is out on 14 Nov"
    assert (okafor.next_step, okafor.action) == ("answer their question", "reply")
    assert ada.why == "they asked about your heroine's dress on 20 Sep; quiet since 21 Sep"
    assert histpod.why.startswith("a friend: they ") and histpod.why.endswith("; quiet since 17 Oct")
    assert histpod.stage == "connected"


def test_the_poets_one_real_friend_comes_back_and_those_who_answered_while_she_was_away_lead():
    coaching = morning("poet")
    assert set(names(coaching.connect)[:3]) == {"@fern.and.feather", "@the.wren.review", "@june.salon"}
    wren = {pick.name: pick for pick in coaching.connect}["@the.wren.review"]
    assert wren.why == "@the.wren.review asked to print your heron poem in their winter issue on 15 Nov"
    assert wren.next_step == "answer their question"


def test_nobody_followed_or_shared_is_told_to_follow_them():
    for writer in ("novelist", "ya", "poet"):
        coaching = morning(writer)
        for pick in (*coaching.connect, *coaching.share):
            assert "follow them" not in pick.next_step, (writer, pick)
    okafor = people("novelist")["mr.okafor"]
    assert "follow them" not in next_step_for(okafor, END)[0]


# --- variety -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("writer", ["novelist", "ya", "poet"])
def test_every_morning_nobody_is_offered_for_connect_and_share(writer):
    for day in mornings():
        coaching = morning(writer, day)
        both = {person_key(n) for n in names(coaching.connect)} & {person_key(n) for n in names(coaching.share)}
        assert not both, (day, both)


@pytest.mark.parametrize("writer", ["novelist", "ya", "poet"])
def test_no_one_and_no_idea_leads_more_than_two_mornings_running_while_there_is_another(writer):
    """The picks take turns; over two months of mornings, with the history growing day by day, nobody
    leads three mornings running while there was someone else to offer, and no idea leads two."""
    for step, most in (("connect", 2), ("share", 2), ("brainstorm", 1)):
        run, last = 0, None
        for day in mornings():
            picks = names(getattr(morning(writer, day), step))
            lead = picks[0] if picks else None
            run = run + 1 if lead == last and len(picks) > 1 else 1
            assert run <= most, (step, day, lead)
            last = lead


def test_no_idea_leads_for_weeks():
    """("american frontier history buffs" led from 2 Nov to 21 Nov.) The ideas left walk by in turn."""
    leads = [morning("novelist", day).first("brainstorm").name for day in mornings(date(2026, 11, 2))]
    assert len(set(leads)) >= 4
    assert max(leads.count(lead) for lead in leads) <= len(leads) / 3


# --- asks are not gifts ---------------------------------------------------------------------------------

def test_five_asks_never_answered_make_no_one_warming_nor_a_pick():
    hilary = people("novelist")["hilary.mantelpiece"]
    assert (hilary.asked, hilary.unanswered_asks, hilary.given) == (5, 5, 2)
    assert hilary.stage == "new"
    for day in mornings(date(2026, 10, 1)):  # after the second ask: she is let be
        coaching = morning("novelist", day)
        assert "@hilary.mantelpiece" not in names(coaching.connect) + names(coaching.share), day
    assert next_step_for(hilary, END)[0].startswith("let it rest; some never answer")


# --- patterns -------------------------------------------------------------------------------------------

def test_a_writer_who_only_shares_is_told_to_comment_on_nova_instead():
    coaching = morning("ya")
    nova = {pick.name: pick for pick in coaching.connect}["@nova.writes"]
    assert nova.next_step == "comment on their next post instead of sharing them again"
    assert nova.why.startswith("you shared @nova.writes") and "since you last talked on 29 Aug" in nova.why
    assert "@nova.writes" not in names(coaching.share)


def test_the_poet_back_after_three_weeks_is_welcomed_with_who_answered(tmp_path):
    door = Coach.at(write("poet", tmp_path / "poet.json"), lambda: MORNING)
    welcome = door.snapshot().coaching.welcome
    assert welcome.startswith("Welcome back after 3 weeks.")
    assert "@the.wren.review" in welcome and "@fern.and.feather" in welcome
    assert morning("novelist").welcome == "" and Coach.at(write("novelist", tmp_path / "n.json"),
                                                          lambda: MORNING).snapshot().coaching.welcome == ""


def test_compound_genres_bring_ideas_and_a_tried_near_name_is_not_offered_again():
    poet, ya = morning("poet"), morning("ya")
    assert poet.brainstorm and ya.brainstorm
    assert not any("coach has no map" in note for note in [*poet.notes, *ya.notes])
    assert "nature walkers and birders" not in names(poet.brainstorm)  # she brainstormed "birders"


def test_the_door_and_the_whole_history_give_the_same_morning(tmp_path):
    for writer in ("novelist", "ya", "poet"):
        door = Coach.at(write(writer, tmp_path / f"{writer}.json"), lambda: MORNING)
        lean = door.snapshot().coaching
        assert replace(lean, welcome="") == replace(morning(writer), welcome="", answered=lean.answered)


def test_history_is_what_the_tests_think(tmp_path):
    assert isinstance(history("poet"), History)
