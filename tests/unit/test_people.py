"""People: the stage rules at their edges (pure), who is who through a real Store, rename, merge and
the gentle warning for an `ask` that comes too early."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from habits import routine
from habits.model import ACTIONS
from habits.people import STAGES, Directory, Person, stage_of, too_early_to_ask
from habits.store import Store
from habits.text import InputError

TODAY = date(2026, 11, 21)
PERSON_KEYS = {"name", "platforms", "first_seen", "last_seen", "given", "heard", "stage"}


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "coach.json"


@pytest.fixture
def store(path: Path) -> Store:
    return Store(path, clock=lambda: datetime(2026, 11, 21, 9, 0).astimezone())


def find(store: Store, name: str) -> Person:
    person = Directory(store.read()).find(name)
    assert person is not None, f"nobody called {name!r}"
    return person


def everyone(store: Store) -> list[Person]:
    return Directory(store.read()).people


def raw_people(path: Path) -> list[dict]:
    return list(json.loads(path.read_text())["people"].values())


def connect(store: Store, name: str, days_ago: int = 0, **fields) -> None:
    routine.log_step(store, "connect", name, day=ago(days_ago), **fields)


def share(store: Store, name: str, days_ago: int = 0, **fields) -> None:
    routine.log_step(store, "share", name, day=ago(days_ago), **fields)


def heard(store: Store, name: str, days_ago: int = 0, **fields) -> None:
    routine.log_heard(store, name, day=ago(days_ago), **fields)


# --- the stage rules, pure ------------------------------------------------------------------------

def test_two_given_far_apart_is_new_and_a_third_makes_warming():
    assert stage_of([ago(40), ago(20)], []) == "new"
    assert stage_of([ago(40), ago(30), ago(20)], []) == "warming"


def test_three_given_13_days_apart_is_new_and_14_days_apart_is_warming():
    assert stage_of([ago(13), ago(5), ago(0)], []) == "new"
    assert stage_of([ago(14), ago(5), ago(0)], []) == "warming"


def test_many_given_on_one_day_is_still_new():
    assert stage_of([TODAY] * 10, []) == "new"


def test_heard_once_is_talking_whatever_was_given():
    assert stage_of([], [TODAY]) == "talking"
    assert stage_of([ago(40), ago(30), ago(20)], [TODAY]) == "talking"


def test_heard_three_times_29_days_apart_is_talking_and_30_days_apart_is_connected():
    assert stage_of([], [ago(29), ago(10), ago(0)]) == "talking"
    assert stage_of([], [ago(30), ago(10), ago(0)]) == "connected"


def test_heard_twice_40_days_apart_is_talking():
    assert stage_of([], [ago(40), ago(0)]) == "talking"


def test_too_early_to_ask_is_new_and_warming_only():
    assert [too_early_to_ask(s) for s in STAGES] == [True, True, False, False]


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@given(given_days=st.lists(days, max_size=8), heard_days=st.lists(days, min_size=1, max_size=8))
def test_stage_is_never_warming_once_someone_answered(given_days, heard_days):
    assert stage_of(given_days, heard_days) in ("talking", "connected")


@given(given_days=st.lists(days, max_size=8), heard_days=st.lists(days, max_size=8), more=days)
def test_hearing_back_never_moves_someone_back(given_days, heard_days, more):
    before = stage_of(given_days, heard_days)
    after = stage_of(given_days, [*heard_days, more])
    assert before in STAGES
    assert after not in ("new", "warming")
    assert STAGES.index(after) >= STAGES.index(before)


# --- who is who, through a real Store ---------------------------------------------------------------

def test_at_sign_spaces_and_case_make_one_person(store, path):
    connect(store, "@Jane", 3)
    share(store, " jane ", 2)
    heard(store, "JANE", 1)
    people = everyone(store)
    assert len(people) == 1
    jane = people[0]
    assert (len(jane.given), len(jane.heard)) == (2, 1)
    assert jane.name == "@Jane"  # the name first written
    for name in ("jane", "@jane", "  JANE", "@JaNe "):
        assert find(store, name).name == "@Jane"
    assert len(raw_people(path)) == 1  # one person record, not three


def test_only_one_leading_at_sign_is_dropped(store):
    connect(store, "jane")
    connect(store, "@@jane")
    assert len(everyone(store)) == 2
    assert find(store, "@@jane").name == "@@jane"
    assert find(store, "@jane").name == "jane"
    assert len(find(store, "jane").given) == 1


def test_given_counts_connect_and_share_and_not_brainstorm(store):
    routine.log_step(store, "brainstorm", "jane", day=ago(1))
    assert Directory(store.read()).find("jane") is None  # an audience called jane is nobody
    connect(store, "jane", 1)
    share(store, "jane", 0)
    routine.log_step(store, "brainstorm", "Jane", day=ago(0))
    jane = find(store, "jane")
    assert len(jane.given) == 2
    assert sorted(e.kind for e in jane.given) == ["connect", "share"]
    assert jane.to_json()["given"] == 2


def test_heard_counts_each_heard_back(store):
    connect(store, "sam", 5)
    heard(store, "sam", 4)
    heard(store, "@Sam", 2, note="loved the chapter")
    sam = find(store, "sam")
    assert (len(sam.given), len(sam.heard)) == (1, 2)
    assert sam.to_json()["heard"] == 2


def test_heard_alone_makes_a_person_who_is_talking(store):
    heard(store, "kim", 0)
    kim = find(store, "kim")
    assert (len(kim.given), len(kim.heard), kim.stage) == (0, 1, "talking")


def test_first_and_last_seen_span_what_was_given_and_what_was_heard(store):
    heard(store, "ada", 30)
    connect(store, "ada", 10)
    share(store, "ada", 20)
    heard(store, "ada", 3)
    ada = find(store, "ada")
    assert (ada.first_seen, ada.last_seen) == (ago(30), ago(3))
    connect(store, "bo", 9)
    heard(store, "bo", 12)
    connect(store, "bo", 5)
    bo = find(store, "bo")
    assert (bo.first_seen, bo.last_seen) == (ago(12), ago(5))


def test_platforms_are_the_union_without_case_duplicates(store, path):
    connect(store, "jane", 3, platform="Bluesky")
    share(store, "@jane", 2, platform="bluesky")
    heard(store, "Jane", 1, platform="Mastodon")
    connect(store, "jane", 0)
    heard(store, "jane", 0, platform="MASTODON")
    assert find(store, "jane").platforms == ("Bluesky", "Mastodon")
    [record] = raw_people(path)
    assert sorted(p.casefold() for p in record["platforms"]) == ["bluesky", "mastodon"]


def test_people_json_objects_have_exactly_the_contract_keys_and_types(store):
    connect(store, "wren", 30, platform="Bluesky")
    connect(store, "wren", 20)
    connect(store, "wren", 10)
    heard(store, "tal", 4)
    share(store, "nina", 0)
    objects = [p.to_json() for p in everyone(store)]
    assert [o["name"] for o in objects] == ["nina", "tal", "wren"]  # the most recently seen first
    for obj in objects:
        assert set(obj) == PERSON_KEYS
        assert isinstance(obj["name"], str)
        assert isinstance(obj["platforms"], list) and all(isinstance(p, str) for p in obj["platforms"])
        for key in ("first_seen", "last_seen"):
            assert date.fromisoformat(obj[key]).isoformat() == obj[key]
        for key in ("given", "heard"):
            assert type(obj[key]) is int
        assert obj["stage"] in STAGES
    assert json.loads(json.dumps(objects)) == objects
    by_name = {o["name"]: o for o in objects}
    assert by_name["wren"] == {"name": "wren", "platforms": ["Bluesky"], "first_seen": "2026-10-22",
                               "last_seen": "2026-11-11", "given": 3, "heard": 0, "stage": "warming"}
    assert (by_name["tal"]["stage"], by_name["nina"]["stage"]) == ("talking", "new")


# --- rename -------------------------------------------------------------------------------------------

def test_rename_shows_the_new_name_and_the_old_one_still_finds_them(store, path):
    connect(store, "@jane", 5, platform="Bluesky")
    share(store, "jane", 3)
    heard(store, "jane", 2)
    entries_before = len(store.read().entries)
    assert routine.rename_person(store, "jane", "Jane R") == "Jane R"
    people = everyone(store)
    assert [p.name for p in people] == ["Jane R"]
    for name in ("jane", "@JANE", "jane r", "Jane R"):
        assert find(store, name).name == "Jane R"
    renamed = find(store, "Jane R")
    assert (len(renamed.given), len(renamed.heard), renamed.platforms) == (2, 1, ("Bluesky",))
    assert len(store.read().entries) == entries_before  # nothing rewritten, nothing lost


def test_entries_after_a_rename_under_either_name_belong_to_the_renamed_person(store):
    connect(store, "jane", 5)
    routine.rename_person(store, "jane", "Jane R")
    connect(store, "jane", 1)
    share(store, "jane r", 0)
    heard(store, "@Jane", 0)
    people = everyone(store)
    assert [p.name for p in people] == ["Jane R"]
    assert (len(people[0].given), len(people[0].heard)) == (3, 1)


def test_renaming_to_someone_elses_name_is_refused_and_changes_nothing(store, path):
    connect(store, "jane", 2)
    connect(store, "sam", 1)
    before = path.read_bytes()
    with pytest.raises(InputError):
        routine.rename_person(store, "jane", "@Sam")
    assert path.read_bytes() == before
    assert sorted(p.name for p in everyone(store)) == ["jane", "sam"]


def test_renaming_to_a_name_someone_else_used_to_go_by_is_refused(store):
    connect(store, "sam", 2)
    routine.rename_person(store, "sam", "Samuel")
    connect(store, "jane", 1)
    with pytest.raises(InputError):
        routine.rename_person(store, "jane", "sam")  # "sam" still finds Samuel
    assert find(store, "sam").name == "Samuel"


def test_renaming_a_nobody_is_refused(store, path):
    connect(store, "jane")
    before = path.read_bytes()
    with pytest.raises(InputError, match="nobody"):
        routine.rename_person(store, "nobody", "Somebody")
    with pytest.raises(InputError):
        routine.rename_person(Store(path.parent / "empty.json", store.clock), "jane", "Jane R")
    assert path.read_bytes() == before
    assert not (path.parent / "empty.json").exists()


def test_renaming_to_the_same_name_in_another_case_is_allowed(store):
    connect(store, "jane")
    routine.rename_person(store, "jane", "Jane")
    assert [p.name for p in everyone(store)] == ["Jane"]
    assert len(find(store, "jane").given) == 1


# --- merge ----------------------------------------------------------------------------------------------

def two_people(store: Store) -> None:
    connect(store, "ann", 40, platform="Bluesky")
    connect(store, "ann", 30)
    heard(store, "ann", 40)
    connect(store, "bea", 25, platform="Mastodon")
    heard(store, "bea", 20, platform="bluesky")
    heard(store, "bea", 5)


def test_merge_makes_one_person_with_everything_summed(store):
    two_people(store)
    assert routine.merge_people(store, "ann", "bea") == "bea"
    people = everyone(store)
    assert [p.name for p in people] == ["bea"]
    bea = people[0]
    assert (len(bea.given), len(bea.heard)) == (3, 3)
    assert sorted(p.casefold() for p in bea.platforms) == ["bluesky", "mastodon"]
    assert (bea.first_seen, bea.last_seen) == (ago(40), ago(5))
    assert bea.stage == "connected"  # three heard, 35 days apart: only together
    assert find(store, "ann").name == "bea"


def test_merge_tombstones_the_source_record_rather_than_erasing_it(store, path):
    two_people(store)
    routine.merge_people(store, "ann", "bea")
    records = {r["name"]: r for r in raw_people(path)}
    assert set(records) == {"ann", "bea"}
    assert records["ann"].get("deleted")
    assert not records["bea"].get("deleted")
    assert "ann" in records["bea"]["aliases"]


def test_the_merged_record_keeps_no_case_duplicates_among_platforms(store, path):
    connect(store, "ann", 2, platform="Mastodon")
    connect(store, "bea", 1, platform="mastodon")
    routine.merge_people(store, "ann", "bea")
    [record] = [r for r in raw_people(path) if not r.get("deleted")]
    assert len(record["platforms"]) == len({p.casefold() for p in record["platforms"]})


def test_new_entries_under_either_old_name_go_to_the_merged_person(store):
    two_people(store)
    routine.merge_people(store, "ann", "bea")
    connect(store, "@Ann", 0)
    share(store, "bea", 0)
    heard(store, "ANN", 0)
    people = everyone(store)
    assert [p.name for p in people] == ["bea"]
    assert (len(people[0].given), len(people[0].heard)) == (5, 4)


def test_merging_someone_into_themselves_is_refused(store, path):
    connect(store, "jane")
    before = path.read_bytes()
    with pytest.raises(InputError):
        routine.merge_people(store, "jane", "@JANE")
    with pytest.raises(InputError):
        routine.merge_people(store, "jane", "nobody")
    with pytest.raises(InputError):
        routine.merge_people(store, "nobody", "jane")
    assert path.read_bytes() == before


def test_merging_through_an_old_name_into_themselves_is_refused(store):
    connect(store, "jane")
    routine.rename_person(store, "jane", "Jane R")
    with pytest.raises(InputError):
        routine.merge_people(store, "jane", "Jane R")
    assert len(find(store, "jane").given) == 1


def test_merge_then_rename_keeps_every_name_and_every_entry(store):
    two_people(store)
    routine.merge_people(store, "ann", "bea")
    routine.rename_person(store, "ann", "Beatrice")  # the source's old name still finds the merged person
    for name in ("ann", "bea", "beatrice"):
        assert find(store, name).name == "Beatrice"
    connect(store, "bea", 0)
    connect(store, "ann", 0)
    people = everyone(store)
    assert [p.name for p in people] == ["Beatrice"]
    assert (len(people[0].given), len(people[0].heard)) == (5, 3)


# --- the ask warning ------------------------------------------------------------------------------------

def test_asking_someone_new_warns_and_still_stores_the_entry(store):
    logged = routine.log_step(store, "connect", "jane", action="ask")
    assert logged.warning and "jane" in logged.warning
    assert "\n" not in logged.warning
    [entry] = store.read().entries
    assert (entry.subject, entry.action, entry.day) == ("jane", "ask", TODAY)
    assert logged.entry == entry


def test_asking_someone_warming_warns_and_still_stores_the_entry(store):
    for n in (30, 20, 10):
        connect(store, "wren", n, action="comment")
    assert find(store, "wren").stage == "warming"
    logged = routine.log_step(store, "connect", "@Wren", action="ask")
    assert logged.warning and "warming" in logged.warning
    wren = find(store, "wren")
    assert (len(wren.given), len(wren.asks), wren.stage) == (3, 1, "warming")  # an ask is no gift


@pytest.mark.parametrize("times", [1, 3])
def test_asking_someone_talking_or_connected_does_not_warn(store, times):
    connect(store, "tal", 40)
    for n in range(times):
        heard(store, "tal", 35 - 15 * n)
    assert find(store, "tal").stage == ("talking" if times == 1 else "connected")
    assert routine.log_step(store, "connect", "tal", action="ask").warning is None


def test_only_the_ask_action_warns(store):
    for action in ACTIONS:
        if action != "ask":
            assert routine.log_step(store, "connect", f"new-{action}", action=action).warning is None
    assert routine.log_step(store, "connect", "nobody-yet").warning is None  # the default action
    assert routine.log_step(store, "share", "someone-new", work="a poem").warning is None
    assert routine.log_step(store, "brainstorm", "history teachers").warning is None
