"""The coach's suggestions: who to reconnect with, whose work to share, which audiences to try, and the
notes. Histories are built through a real Store with past days; the coaching itself is pure."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habits import routine
from habits.audience_map import audience_key, ideas_for_genres, neighbours
from habits.aggregates import figures_of_history
from habits.coaching import MOST_CONNECT, Coaching, coach, connect_suggestions, ranking, share_suggestions
from habits.model import ACTIONS
from habits.people import STAGES
from habits.people import Directory
from habits.store import Store
from habits.text import person_key
from tests.sizes import examples

TODAY = date(2026, 11, 21)
GENRES = ["historical fiction"]
BANNED = ("favour", "favor", "pitch", "neglect", "follower")
COACHING_KEYS = {"day", "brainstorm", "connect", "share", "notes", "welcome"}


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "coach.json", clock=lambda: datetime(2026, 11, 21, 9, 0).astimezone())


def connect(store: Store, name: str, *days_ago: int, **fields) -> None:
    for n in days_ago:
        routine.log_step(store, "connect", name, day=ago(n), **fields)


def share(store: Store, name: str, *days_ago: int, **fields) -> None:
    for n in days_ago:
        routine.log_step(store, "share", name, day=ago(n), **fields)


def heard(store: Store, name: str, *days_ago: int) -> None:
    for n in days_ago:
        routine.log_heard(store, name, day=ago(n))


def brainstorm(store: Store, name: str, days_ago: int = 0, note: str | None = None) -> None:
    routine.log_step(store, "brainstorm", name, day=ago(days_ago), note=note)


def coaching(store: Store, genres: list[str] | None = None) -> Coaching:
    return coach(figures_of_history(store.read()), TODAY, GENRES if genres is None else genres)


def names(suggestions) -> list[str]:
    return [s.name for s in suggestions]


def stage(store: Store, name: str) -> str:
    return Directory(store.read()).stage_of(name)


# --- connect ------------------------------------------------------------------------------------------

def ranked(store: Store, step: str = "connect") -> list[str]:
    """A step's picks as the relationships rank them, before the turns and before Connect and Share share out."""
    connect, share = ranking(figures_of_history(store.read()).people, TODAY)
    return names(connect if step == "connect" else share)


def walked(ideas: list[str], day: date = TODAY) -> list[str]:
    """Ideas as they take turns on `day`: the list walked one idea a day."""
    if len(ideas) < 2:
        return list(ideas)
    shift = day.toordinal() % len(ideas)
    return ideas[shift:] + ideas[:shift]


def test_connect_ranks_by_the_relationship_waiting_then_quiet_then_warming_then_met(store):
    connect(store, "wren", 30, 20, 10)  # warming, quiet ten days
    connect(store, "tal", 40)
    heard(store, "tal", 30)
    connect(store, "tal", 25)  # talking, answered back, quiet 25 days
    connect(store, "ada", 20)
    heard(store, "ada", 12)  # talking, and waiting on you: she answered twelve days ago
    connect(store, "con", 80)
    heard(store, "con", 70, 50, 30)
    connect(store, "con", 29)  # connected, quiet four weeks: a friend comes back
    connect(store, "nina", 6)  # new, met six days ago: a first follow-up
    connect(store, "ned", 60, 50)  # new long ago: a stranger still
    assert [stage(store, n) for n in ("wren", "tal", "ada", "con", "nina", "ned")] == [
        "warming", "talking", "talking", "connected", "new", "new"]
    assert ranked(store) == ["ada", "con", "tal", "wren", "nina"]
    picks = {p.name: p for p in coaching(store).connect}
    assert sorted(picks)[:3] == ["ada", "con", "tal"]  # the first three take turns; the rest are Share's today
    assert [picks[n].stage for n in ("ada", "con", "tal")] == ["talking", "connected", "talking"]
    assert "answered you on" in picks["ada"].why and picks["ada"].action == "reply"


@pytest.mark.parametrize(("last", "suggested"), [(6, False), (7, True), (365, True), (366, False)])
def test_a_warming_person_comes_back_after_a_week_and_within_a_year(store, last, suggested):
    connect(store, "wren", last + 20, last + 10, last)
    assert stage(store, "wren") == "warming"
    assert names(coaching(store).connect) == (["wren"] if suggested else [])


@pytest.mark.parametrize(("last", "suggested"), [(6, False), (7, True)])
def test_a_conversation_comes_back_after_a_week_counting_their_answers_as_a_touch(store, last, suggested):
    connect(store, "tal", 30)
    heard(store, "tal", 40)
    connect(store, "tal", last)  # you answered back `last` days ago
    assert names(coaching(store).connect) == (["tal"] if suggested else [])


@pytest.mark.parametrize(("last", "suggested"), [(13, False), (14, True), (40, True)])
def test_a_friend_comes_back_after_two_weeks(store, last, suggested):
    connect(store, "con", 100)
    heard(store, "con", 90, 60, last)
    connect(store, "con", last)
    assert stage(store, "con") == "connected"
    assert names(coaching(store).connect) == (["con"] if suggested else [])


def test_someone_who_answered_after_your_last_gift_waits_on_you_from_that_day(store):
    connect(store, "tal", 3)
    heard(store, "tal", 0)
    [pick] = coaching(store).connect
    assert (pick.name, pick.action) == ("tal", "reply")


def test_a_share_does_not_restart_a_conversation(store):
    connect(store, "tal", 30)
    heard(store, "tal", 29)
    connect(store, "tal", 28)
    share(store, "tal", 2)  # shared two days ago: still quiet four weeks as a conversation
    assert names(coaching(store).connect) == ["tal"]


def test_the_next_step_follows_the_stage_and_what_you_gave_last(store):
    connect(store, "wren", 30, 20, action="like")
    connect(store, "wren", 10, action="follow")
    connect(store, "cora", 30, 20, action="like")
    connect(store, "cora", 10, action="comment")
    connect(store, "tal", 20)
    heard(store, "tal", 19)
    connect(store, "tal", 12)
    by_name = {s.name: s for s in coaching(store).connect}
    assert "comment" in by_name["wren"].next_step and by_name["wren"].action == "comment"
    assert "question" in by_name["cora"].next_step and by_name["cora"].action == "question"
    assert "question" in by_name["tal"].next_step and by_name["tal"].action == "question"
    assert "quiet since" in by_name["tal"].why


def test_connect_offers_eight_at_the_most(store):
    for i in range(10):
        connect(store, f"p{i}", 30 + i)
        heard(store, f"p{i}", 29 + i)
        connect(store, f"p{i}", 10 + i)
        share(store, f"p{i}", 5)  # shared lately: no Share pick, and a share restarts no conversation
    picks = coaching(store).connect
    assert len(picks) == MOST_CONNECT
    assert ranked(store) == [f"p{i}" for i in range(9, 1, -1)]  # the longest quiet first
    assert sorted(names(picks)[:3]) == ["p7", "p8", "p9"] and names(picks)[3:] == ["p6", "p5", "p4", "p3", "p2"]


def rich_history(store: Store) -> None:
    """Something for every step and every note."""
    connect(store, "wren", 100, 60, 30, audience="history teachers")
    connect(store, "tal", 40, audience="history teachers")
    heard(store, "tal", 400)
    heard(store, "tal", 20)
    share(store, "tal", 90)
    connect(store, "con", 200)
    heard(store, "con", 150, 100, 50)
    for i in range(6):
        connect(store, f"fresh{i}", 0)
    brainstorm(store, "history enthusiasts", 3)


@pytest.mark.parametrize("genres", [[], GENRES, ["horror", "spy thriller"]])
def test_no_suggestion_or_note_speaks_of_favours_pitches_neglect_or_followers(store, genres):
    rich_history(store)
    result = coaching(store, genres)
    assert result.connect and result.share and result.brainstorm and result.notes
    texts = [*result.notes]
    for pick in (*result.connect, *result.share, *result.brainstorm):
        texts += [pick.why, pick.next_step, *pick.where]
    for text in texts:
        for word in BANNED:
            assert word not in text.casefold(), text


# --- share ----------------------------------------------------------------------------------------------

def test_share_suggests_people_engaged_with_whose_work_was_never_shared(store):
    connect(store, "jane", 1)
    heard(store, "kim", 4)  # they answered you: engaged with, too
    connect(store, "kim", 3)  # (and you answered back: kim is no Connect pick today)
    brainstorm(store, "sam", 1)  # an audience, not a person
    picks = coaching(store).share
    assert sorted(names(picks)) == ["jane", "kim"]
    assert ranked(store, "share")[0] == "kim"  # those who answered come first
    assert all("never shared" in p.why for p in picks)


@pytest.mark.parametrize(("last_shared", "suggested"),
                         [(0, False), (3, False), (6, False), (29, False), (30, True), (45, True)])
def test_someone_shared_is_suggested_again_only_after_30_days(store, last_shared, suggested):
    connect(store, "jane", 60)
    share(store, "jane", last_shared)
    assert names(coaching(store).share) == (["jane"] if suggested else [])


def test_someone_only_brainstormed_is_never_a_share_suggestion(store):
    brainstorm(store, "Jane", 40)
    brainstorm(store, "jane", 0)
    result = coaching(store)
    assert result.share == [] and result.connect == []


def test_someone_only_ever_shared_long_ago_is_a_share_suggestion_again(store):
    share(store, "distant", 60, 45)
    share(store, "recent", 20)
    assert names(coaching(store).share) == ["distant"]


# --- brainstorm -------------------------------------------------------------------------------------------

def test_brainstorm_suggests_ideas_for_the_genres_never_one_already_tried(store):
    ideas = [i.name for i in ideas_for_genres(GENRES)]
    assert names(coaching(store).brainstorm) == walked(ideas)[:5]
    brainstorm(store, "History  ENTHUSIASTS", 10)
    connect(store, "jane", 2, audience="Teachers and Students")
    picks = coaching(store).brainstorm
    tried = {"history enthusiasts", "teachers and students"}
    assert names(picks) == walked([i for i in ideas if i not in tried])[:5]
    first = picks[0]
    assert first.where and all(isinstance(w, str) for w in first.where)


def test_brainstorm_then_suggests_neighbours_of_audiences_that_brought_real_conversations(store):
    ideas = [i.name for i in ideas_for_genres(GENRES)]
    for name in ideas[:-1]:
        brainstorm(store, name, 5)
    connect(store, "tal", 10, audience="horror film buffs")
    heard(store, "tal", 8)
    connect(store, "nina", 3, audience="cybersecurity folks")  # new: her audience brings no ideas yet
    tried = {audience_key(n) for n in [*ideas[:-1], "horror film buffs", "cybersecurity folks"]}
    near = [n.name for n in neighbours("horror film buffs") if audience_key(n.name) not in tried]
    picks = coaching(store).brainstorm
    assert names(picks) == [ideas[-1], *walked(near)][:5]
    assert "horror film buffs" in picks[1].why
    cyber_near = {n.name for n in neighbours("cybersecurity folks")} - set(near) - {ideas[-1]}
    assert not cyber_near & set(names(picks))


def test_brainstorm_without_genres_offers_neighbours_of_fruitful_audiences_only(store):
    connect(store, "nina", 3, audience="history teachers")
    assert coaching(store, []).brainstorm == []  # nobody talking yet, no genres: no ideas
    heard(store, "nina", 1)
    picks = coaching(store, []).brainstorm
    near = [n.name for n in neighbours("history teachers")]
    assert names(picks) == walked(near)[:5]
    assert "history teachers" not in names(picks)


# --- notes ------------------------------------------------------------------------------------------------

DEPTH = "depth beats breadth"


@pytest.mark.parametrize(("new_today", "note"), [(5, False), (6, True)])
def test_more_than_five_new_people_in_a_day_earns_a_note_on_depth(store, new_today, note):
    for i in range(new_today):
        connect(store, f"new{i}", 0)
    connect(store, "old", 10, 0)  # touched today, but not new today
    notes = coaching(store).notes
    assert any(DEPTH in n.casefold() for n in notes) == note
    if note:
        assert len(notes) == 1 and str(new_today) in notes[0]


def test_new_people_on_earlier_days_do_not_count_for_today(store):
    for i in range(8):
        connect(store, f"yesterday{i}", 1)
    assert not any(DEPTH in n.casefold() for n in coaching(store).notes)


def test_without_genres_a_note_says_how_to_set_them(store):
    assert any("coach config genres" in n for n in coaching(store, []).notes)
    assert coaching(store, GENRES).notes == []


def test_coaching_for_reads_the_genres_setting(store):
    assert any("coach config genres" in n for n in routine.coaching_for(store.read(), TODAY).notes)
    routine.set_setting(store, "genres", "horror")
    result = routine.coaching_for(store.read(), TODAY)
    assert result.notes == []
    assert names(result.brainstorm) == walked([i.name for i in ideas_for_genres(["horror"])])[:5]


# --- shape ------------------------------------------------------------------------------------------------

def test_coaching_to_json_has_the_day_the_three_steps_and_the_notes(store):
    rich_history(store)
    data = coaching(store).to_json()
    assert set(data) == COACHING_KEYS and data["welcome"] == ""
    assert data["day"] == "2026-11-21"
    assert json.loads(json.dumps(data)) == data
    assert all(isinstance(n, str) for n in data["notes"])
    for step in ("brainstorm", "connect", "share"):
        assert 1 <= len(data[step]) <= (MOST_CONNECT if step == "connect" else 5)
        for pick in data[step]:
            assert {"name", "why", "next_step"} <= set(pick) <= {"name", "why", "next_step", "stage", "action", "where"}
            assert all(isinstance(pick[k], str) for k in ("name", "why", "next_step"))
    for pick in data["connect"]:
        assert pick["stage"] in STAGES and pick["action"] in ACTIONS
    for pick in data["brainstorm"]:
        assert isinstance(pick["where"], list) and pick["where"]
    assert coach(figures_of_history(store.read()), TODAY, GENRES).first("connect").name == data["connect"][0]["name"]


def test_an_empty_history_gets_genre_ideas_and_nothing_else(store):
    result = coaching(store)
    assert result.connect == [] and result.share == []
    assert result.first("connect") is None
    assert len(result.brainstorm) == 5


def test_the_suggestion_functions_take_people_and_a_day(store):
    connect(store, "tal", 20)
    heard(store, "tal", 15)
    connect(store, "tal", 12)
    people = Directory(store.read()).people
    assert names(connect_suggestions(people, TODAY)) == ["tal"]
    assert names(connect_suggestions(people, ago(6))) == []  # as it stood six days ago
    assert names(share_suggestions(people, TODAY)) == ["tal"]  # (the functions alone: nobody taken by Connect)


# --- variety: a pick passed over moves down; nobody is offered twice in a day ---------------------------------

def varied(store: Store) -> None:
    """People in every tier, all long past the day they came back, so that days later they stand as today."""
    for name in ("ana", "bo", "cy"):
        connect(store, name, 90)
        heard(store, name, 80)
        connect(store, name, 60)  # conversations quiet two months
    connect(store, "wren", 90, 70, 40)  # warming, quiet forty days
    for n in range(1, 6):
        brainstorm(store, f"idea {n}", 50 + n)


@given(st.integers(0, 200))  # (within the year they stay reconnections)
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_pick_passed_over_moves_down_the_next_day_and_the_day_itself_is_stable(store_once, shift):
    figures = store_once
    day = TODAY + timedelta(days=shift)
    today, tomorrow = coach(figures, day, GENRES), coach(figures, day + timedelta(days=1), GENRES)
    assert coach(figures, day, GENRES) == today  # stable within a day
    for step in ("connect", "share", "brainstorm"):
        picks, after = names(getattr(today, step)), names(getattr(tomorrow, step))
        assert len(picks) >= 2, step
        assert after[0] != picks[0], step  # never first two days running, so never more than three
        if step != "brainstorm":  # (the ideas walk on through the map: yesterday's first is at its end)
            assert after.index(picks[0]) > 0
            assert sorted(after) == sorted(picks)  # the same people: only their turns moved


@given(st.integers(0, 200))  # (within the year they stay reconnections)
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_nobody_is_offered_for_connect_and_share_on_one_day(store_once, shift):
    result = coach(store_once, TODAY + timedelta(days=shift), GENRES)
    assert not {person_key(n) for n in names(result.connect)} & {person_key(n) for n in names(result.share)}


@pytest.fixture(scope="module")
def store_once(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("varied") / "coach.json",
                  clock=lambda: datetime(2026, 11, 21, 9, 0).astimezone())
    varied(store)
    for name in ("dee", "eve", "fay"):  # shared long ago: share picks
        share(store, name, 45)
    return figures_of_history(store.read())


# --- what happened: the reasons and next steps say it ---------------------------------------------------------

def test_an_answer_with_a_question_is_told_back_and_asks_for_an_answer(store):
    connect(store, "@mr.okafor", 40, action="follow")
    routine.log_heard(store, "@mr.okafor", day=ago(7), note="asked when my book is out")
    [pick] = coaching(store).connect
    assert pick.why == "@mr.okafor asked when your book is out on 14 Nov"
    assert (pick.next_step, pick.action) == ("answer their question", "reply")


def test_an_answer_that_is_no_question_is_quoted_and_answered_back(store):
    connect(store, "ada", 20)
    routine.log_heard(store, "ada", day=ago(3), note="Lovely thread!")
    [pick] = coaching(store).connect
    assert pick.why == "ada answered you on 18 Nov: “Lovely thread!”"
    assert "answer back" in pick.next_step


def test_once_answered_back_the_quiet_conversation_recalls_what_they_said(store):
    connect(store, "@mr.okafor", 60)
    routine.log_heard(store, "@mr.okafor", day=ago(40), note="asked which letters I used for research")
    connect(store, "@mr.okafor", 39, action="reply")
    [pick] = coaching(store).connect
    assert pick.why == "they asked which letters you used for research on 12 Oct; quiet since 13 Oct"
    assert "answer" not in pick.next_step


def test_someone_followed_or_shared_is_never_told_to_follow(store):
    connect(store, "nina", 6, action="follow")
    share(store, "sam", 30, 20, 10, 5)
    picks = coaching(store).connect
    assert names(picks) == ["sam", "nina"] or names(picks) == ["nina", "sam"]
    assert not any("follow them" in p.next_step for p in picks)


def test_a_writer_who_only_shares_someone_is_told_to_comment_instead(store):
    connect(store, "@nova.writes", 80, action="comment")
    share(store, "@nova.writes", *range(70, 1, -3))
    [pick] = coaching(store).connect
    assert (pick.name, pick.next_step) == ("@nova.writes", "comment on their next post instead of sharing them again")
    assert pick.why.startswith("you shared @nova.writes ") and "since you last talked on 2 Sep" in pick.why
    assert "@nova.writes" not in names(coaching(store).share)


# --- asks are not gifts --------------------------------------------------------------------------------------

def test_asks_never_make_someone_warming_nor_a_connect_or_share_pick(store):
    connect(store, "hilary", 80, 60, 40, 20, 5, action="ask")
    assert stage(store, "hilary") == "new"
    person = Directory(store.read()).find("hilary")
    assert (len(person.given), len(person.asks), person.unanswered_asks) == (0, 5, 5)
    result = coaching(store)
    assert "hilary" not in names(result.connect) + names(result.share)


def test_repeated_asks_with_nothing_heard_let_someone_rest(store):
    connect(store, "hilary", 80, 60, 40, action="like")  # warming…
    connect(store, "hilary", 30, 20, action="ask")  # …then asked twice, nothing heard
    assert stage(store, "hilary") == "warming"
    assert "hilary" not in names(coaching(store).connect)
    heard(store, "hilary", 10)  # she answered: the asks are answered, she waits on you
    assert names(coaching(store).connect) == ["hilary"]


# --- coming back ---------------------------------------------------------------------------------------------

def test_a_writer_back_after_a_gap_is_welcomed_with_who_answered_meanwhile(tmp_path):
    from habits.coach import Coach

    now = datetime(2026, 11, 21, 9, 0).astimezone()
    door = Coach.at(tmp_path / "coach.json", lambda: now)
    for name, n in (("june", 40), ("reed", 35)):
        door.log("connect", name, day=ago(n))
    door.log("brainstorm", "birders", day=ago(21))
    door.heard("june", day=ago(13), note="invited me to her salon")
    door.heard("reed", day=ago(6))
    assert door.snapshot().coaching.welcome == (
        "Welcome back after 3 weeks. While you were away, reed and june answered you: start with them.")
    door.log("brainstorm", "poets", day=ago(0))  # today counts for nothing: the gap is before it
    assert door.snapshot().coaching.welcome.startswith("Welcome back after 3 weeks.")
    door.log("brainstorm", "gardeners", day=ago(1))
    assert door.snapshot().coaching.welcome == ""


@pytest.mark.parametrize("later", range(3))  # whichever of the others has the turn that day
@pytest.mark.parametrize("answered", [0, 1])
def test_an_answer_from_yesterday_or_today_leads_whatever_the_turn(store, later, answered):
    varied(store)  # three conversations quiet for two months, taking turns
    connect(store, "tal", 20)
    day = TODAY - timedelta(days=later)
    routine.log_heard(store, "tal", day=day - timedelta(days=answered))
    assert names(coach(figures_of_history(store.read()), day, GENRES).connect)[0] == "tal"
    after = coach(figures_of_history(store.read()), day + timedelta(days=2 - answered), GENRES)
    assert names(after.connect)[0] != "tal"  # a second morning unanswered: tal takes turns with the others
