"""Audiences: brainstormed groups counted by name whatever the case or spacing, their notes, the people
found there, where they gather."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from habits import routine
from habits.audiences import Audience, audiences
from habits.store import Store
from habits.text import InputError

TODAY = date(2026, 11, 21)
AUDIENCE_KEYS = {"name", "first_seen", "times", "notes"}


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "coach.json"


@pytest.fixture
def store(path: Path) -> Store:
    return Store(path, clock=lambda: datetime(2026, 11, 21, 9, 0).astimezone())


def brainstorm(store: Store, name: str, days_ago: int = 0, note: str | None = None) -> None:
    routine.log_step(store, "brainstorm", name, day=ago(days_ago), note=note)


def found(store: Store) -> dict[str, Audience]:
    return {a.key: a for a in audiences(store.read())}


def test_brainstorms_of_one_audience_count_whatever_the_case_and_spacing(store, path):
    brainstorm(store, "History  Teachers", 5)
    brainstorm(store, "history teachers", 3)
    brainstorm(store, "  HISTORY\tteachers ", 1)
    brainstorm(store, "history teacher", 0)  # a different name, however close
    result = found(store)
    assert set(result) == {"history teachers", "history teacher"}
    teachers = result["history teachers"]
    assert teachers.times == 3
    assert teachers.name == "History Teachers"  # the name first written, its spacing made tidy
    records = json.loads(path.read_text())["audiences"].values()
    assert sorted(r["name"].casefold() for r in records) == ["history teacher", "history teachers"]


def test_the_notes_are_the_brainstorm_notes_in_order(store):
    brainstorm(store, "book clubs", 4, note="they read one book a month")
    brainstorm(store, "Book Clubs", 2)
    brainstorm(store, "book clubs", 1, note="ask the library\nabout its clubs")
    routine.log_step(store, "connect", "jane", audience="book clubs", note="a connect note is not one")
    club = found(store)["book clubs"]
    assert club.notes == ("they read one book a month", "ask the library\nabout its clubs")
    assert club.times == 3


def test_first_seen_is_the_earliest_day_whatever_the_order_of_logging(store):
    brainstorm(store, "book clubs", 2)
    brainstorm(store, "book clubs", 9)
    routine.log_step(store, "share", "sam", day=ago(12), audience="Book clubs")
    assert found(store)["book clubs"].first_seen == ago(12)


def test_people_found_there_come_from_connect_and_share_with_audience(store):
    brainstorm(store, "history teachers", 5)
    routine.log_step(store, "connect", "jane", day=ago(4), audience="History Teachers")
    routine.log_step(store, "share", "sam", day=ago(3), audience="history  teachers")
    routine.log_step(store, "connect", "kim", day=ago(2))  # found nowhere in particular
    teachers = found(store)["history teachers"]
    assert teachers.people == ("jane", "sam")
    assert teachers.times == 1  # finding people there is not brainstorming it


def test_an_audience_named_only_with_audience_is_listed_with_no_brainstorms(store):
    routine.log_step(store, "share", "sam", audience="book clubs")
    [club] = audiences(store.read())
    assert (club.name, club.times, club.notes, club.people, club.first_seen) == ("book clubs", 0, (), ("sam",), TODAY)


def test_one_person_found_twice_under_two_spellings_is_one_person_found_there(store):
    routine.log_step(store, "connect", "@Jane", day=ago(2), audience="book clubs")
    routine.log_step(store, "share", "jane", day=ago(1), audience="book clubs")
    assert len(found(store)["book clubs"].people) == 1


def test_two_names_merged_into_one_person_are_one_person_found_there(store):
    routine.log_step(store, "connect", "ann", day=ago(2), audience="book clubs")
    routine.log_step(store, "connect", "bea", day=ago(1), audience="book clubs")
    routine.merge_people(store, "ann", "bea")
    assert found(store)["book clubs"].people == ("bea",)


def test_audiences_json_objects_have_exactly_the_contract_keys(store):
    brainstorm(store, "history teachers", 5, note="#HistoryTeacher")
    brainstorm(store, "book clubs", 1)
    routine.log_step(store, "connect", "jane", audience="renaissance faire goers")
    objects = [a.to_json() for a in audiences(store.read())]
    assert [o["name"] for o in objects] == ["renaissance faire goers", "book clubs", "history teachers"]
    for obj in objects:
        assert set(obj) == AUDIENCE_KEYS
        assert isinstance(obj["name"], str)
        assert date.fromisoformat(obj["first_seen"]).isoformat() == obj["first_seen"]
        assert type(obj["times"]) is int
        assert isinstance(obj["notes"], list) and all(isinstance(n, str) for n in obj["notes"])
    assert objects[-1] == {"name": "history teachers", "first_seen": "2026-11-16", "times": 1,
                           "notes": ["#HistoryTeacher"]}
    assert json.loads(json.dumps(objects)) == objects


def test_describe_audience_sets_where_they_gather_and_a_note(store):
    brainstorm(store, "History Teachers", 3)
    routine.describe_audience(store, "  history   TEACHERS ", where="#sschat on Tuesdays", note="be useful")
    teachers = found(store)["history teachers"]
    assert teachers.where == "#sschat on Tuesdays"
    assert teachers.record is not None and teachers.record.note == "be useful"
    assert teachers.name == "History Teachers"
    routine.describe_audience(store, "history teachers", note="changed")
    teachers = found(store)["history teachers"]
    assert (teachers.where, teachers.record.note) == ("#sschat on Tuesdays", "changed")  # where is kept


def test_describe_audience_works_for_an_audience_found_only_through_people(store):
    routine.log_step(store, "connect", "jane", audience="book clubs")
    routine.describe_audience(store, "Book Clubs", where="the library, first Mondays")
    assert found(store)["book clubs"].where == "the library, first Mondays"


def test_describe_audience_refuses_an_unknown_audience_and_changes_nothing(store, path):
    brainstorm(store, "history teachers")
    before = path.read_bytes()
    with pytest.raises(InputError, match="no audience"):
        routine.describe_audience(store, "book clubs", where="somewhere")
    with pytest.raises(InputError):
        routine.describe_audience(store, "   ", where="somewhere")
    assert path.read_bytes() == before
