"""The people, audience and coaching commands as CONTRACT.md describes them: heard, people, person,
audiences, suggest, and the warning for an `ask` that comes too early."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

PERSON_KEYS = {"name", "platforms", "first_seen", "last_seen", "given", "heard", "stage"}
AUDIENCE_KEYS = {"name", "first_seen", "times", "notes"}
SUGGEST_KEYS = {"day", "brainstorm", "connect", "share", "notes", "welcome"}
TODAY = date(2026, 11, 21)


def ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def ok(run_coach, *argv: str):
    result = run_coach(*argv)
    assert result.code == 0, (argv, result.err)
    return result


def json_of(run_coach, *argv: str):
    return json.loads(ok(run_coach, *argv).out)


def people(run_coach) -> dict[str, dict]:
    return {p["name"]: p for p in json_of(run_coach, "people", "--json")}


def assert_one_line_error(result, code: int = 1) -> None:
    assert result.code == code, (result.out, result.err)
    assert len(result.err_lines) == 1, result.err
    assert result.err.startswith("coach: ")
    assert "Traceback" not in result.err


def scripted_history(run_coach) -> None:
    for n in (28, 21, 14):
        ok(run_coach, "log", "connect", "wren", "--action", "comment", "--date", ago(n))  # warming
    ok(run_coach, "log", "connect", "@Tal", "--platform", "Bluesky", "--date", ago(10))
    ok(run_coach, "heard", "tal", "--platform", "bluesky", "--date", ago(8))  # talking
    for n in (60, 40, 30):
        ok(run_coach, "heard", "con", "--platform", "Mastodon", "--date", ago(n))  # connected
    ok(run_coach, "log", "share", "nina", "--work", "her zine")  # new


def test_heard_records_that_someone_answered(run_coach):
    result = ok(run_coach, "heard", "jane", "--platform", "Bluesky", "--note", "liked my thread")
    assert result.out.startswith("✓ Heard from jane") and "talking" in result.out
    assert result.err == ""
    assert people(run_coach)["jane"] == {"name": "jane", "platforms": ["Bluesky"], "first_seen": "2026-11-21",
                                         "last_seen": "2026-11-21", "given": 0, "heard": 1, "stage": "talking"}


def test_heard_in_the_future_is_refused(run_coach):
    assert_one_line_error(run_coach("heard", "jane", "--date", "2026-11-22"))
    assert json_of(run_coach, "people", "--json") == []


def test_people_json_after_a_scripted_history(run_coach):
    assert json_of(run_coach, "people", "--json") == []
    scripted_history(run_coach)
    data = json_of(run_coach, "people", "--json")
    assert [p["name"] for p in data] == ["nina", "@Tal", "wren", "con"]  # the most recently seen first
    for obj in data:
        assert set(obj) == PERSON_KEYS
        assert type(obj["given"]) is int and type(obj["heard"]) is int
    by_name = {p["name"]: p for p in data}
    assert {n: p["stage"] for n, p in by_name.items()} == {
        "wren": "warming", "@Tal": "talking", "con": "connected", "nina": "new"}
    assert by_name["@Tal"] == {"name": "@Tal", "platforms": ["Bluesky"], "first_seen": ago(10),
                               "last_seen": ago(8), "given": 1, "heard": 1, "stage": "talking"}
    assert (by_name["wren"]["given"], by_name["con"]["heard"]) == (3, 3)


def test_people_in_plain_words(run_coach):
    assert "Nobody yet" in ok(run_coach, "people").out
    scripted_history(run_coach)
    out = ok(run_coach, "people").out
    assert out.splitlines()[0].split()[:2] == ["name", "stage"]
    assert any(line.startswith("wren") and "warming" in line for line in out.splitlines())


def test_asking_someone_new_warns_on_stderr_exits_0_and_stores_the_entry(run_coach):
    result = run_coach("log", "connect", "jane", "--action", "ask")
    assert result.code == 0
    assert len(result.err_lines) == 1 and result.err.startswith("coach: ")
    assert "jane" in result.err and "favour" in result.err
    assert result.out.startswith("✓ Connect: jane · ask")
    assert people(run_coach)["jane"]["given"] == 0  # asking is not giving…
    assert json_of(run_coach, "status", "--json")["steps"]["connect"] is False  # …nor the day's Connect


def test_asking_someone_talking_does_not_warn(run_coach):
    ok(run_coach, "heard", "jane", "--date", "yesterday")
    result = ok(run_coach, "log", "connect", "jane", "--action", "ask")
    assert result.err == ""


def test_the_ask_warning_from_a_real_process(run_coach_process, db):
    result = run_coach_process("log", "connect", "@sam", "--action", "ask", "--platform", "Bluesky")
    assert result.code == 0, result.err
    assert len(result.err_lines) == 1 and result.err.startswith("coach: ") and "@sam" in result.err
    assert "Traceback" not in result.err
    entries = list(json.loads(db.read_text())["entries"].values())
    assert [(e["subject"], e["action"]) for e in entries] == [("@sam", "ask")]


def test_person_shows_the_stage_and_the_next_step(run_coach):
    scripted_history(run_coach)
    out = ok(run_coach, "person", "WREN").out
    assert out.startswith("wren · warming")
    assert "Next: ask a good question about their latest post" in out  # three comments given: a question next
    assert "too early to ask" in out
    out = ok(run_coach, "person", "tal").out
    assert out.startswith("@Tal · talking") and "too early" not in out


def test_person_rename_then_people_shows_the_new_name_with_the_same_given(run_coach):
    ok(run_coach, "log", "connect", "jane", "--date", ago(3))
    ok(run_coach, "log", "share", "@jane", "--date", ago(1))
    result = ok(run_coach, "person", "jane", "--rename", "Jane R")
    assert "Jane R" in result.out
    after = json_of(run_coach, "people", "--json")
    assert [(p["name"], p["given"]) for p in after] == [("Jane R", 2)]
    ok(run_coach, "log", "connect", "jane")
    assert people(run_coach)["Jane R"]["given"] == 3


def test_person_rename_to_someone_elses_name_is_refused(run_coach, db):
    ok(run_coach, "log", "connect", "jane")
    ok(run_coach, "log", "connect", "sam")
    before = db.read_bytes()
    assert_one_line_error(run_coach("person", "jane", "--rename", "Sam"))
    assert db.read_bytes() == before


def test_person_merge_into_makes_one_person(run_coach, db):
    ok(run_coach, "log", "connect", "a", "--platform", "Bluesky", "--date", ago(2))
    ok(run_coach, "heard", "a", "--date", ago(1))
    ok(run_coach, "log", "connect", "b", "--platform", "Mastodon")
    ok(run_coach, "log", "share", "b")
    result = ok(run_coach, "person", "a", "--merge-into", "b")
    assert result.out.startswith("Merged a into b.")
    data = json_of(run_coach, "people", "--json")
    assert len(data) == 1
    merged = data[0]
    assert (merged["name"], merged["given"], merged["heard"]) == ("b", 3, 1)
    assert sorted(merged["platforms"]) == ["Bluesky", "Mastodon"]
    tombstones = [r for r in json.loads(db.read_text())["people"].values() if r.get("deleted")]
    assert [r["name"] for r in tombstones] == ["a"]


def test_person_merge_into_themselves_is_refused(run_coach):
    ok(run_coach, "log", "connect", "jane")
    assert_one_line_error(run_coach("person", "jane", "--merge-into", "@JANE"))


def test_person_nobody_is_a_one_line_error(run_coach):
    assert_one_line_error(run_coach("person", "nobody"))
    ok(run_coach, "log", "connect", "jane")
    result = run_coach("person", "nobody")
    assert_one_line_error(result)
    assert "nobody" in result.err
    assert_one_line_error(run_coach("person", "nobody", "--rename", "somebody"))


def test_audiences_json(run_coach):
    assert json_of(run_coach, "audiences", "--json") == []
    ok(run_coach, "log", "brainstorm", "History Teachers", "--note", "#sschat", "--date", ago(7))
    ok(run_coach, "log", "brainstorm", "history  teachers", "--date", ago(2))
    data = json_of(run_coach, "audiences", "--json")
    assert data == [{"name": "History Teachers", "first_seen": ago(7), "times": 2, "notes": ["#sschat"]}]
    assert all(set(obj) == AUDIENCE_KEYS for obj in data)


def test_share_with_audience_makes_the_audience_known(run_coach):
    ok(run_coach, "log", "share", "sam", "--audience", "book clubs", "--work", "Sam's novel")
    data = json_of(run_coach, "audiences", "--json")
    assert data == [{"name": "book clubs", "first_seen": "2026-11-21", "times": 0, "notes": []}]
    out = ok(run_coach, "audiences").out
    assert out.startswith("book clubs") and "1 person found there" in out


def test_suggest_json_has_the_day_the_three_steps_and_the_notes(run_coach):
    data = json_of(run_coach, "suggest", "--json")
    assert set(data) == SUGGEST_KEYS
    assert data["day"] == "2026-11-21"
    assert (data["connect"], data["share"], data["brainstorm"]) == ([], [], [])
    assert any("coach config genres" in n for n in data["notes"])
    ok(run_coach, "config", "genres", "horror")
    scripted_history(run_coach)
    data = json_of(run_coach, "suggest", "--json")
    assert set(data) == SUGGEST_KEYS and data["notes"] == []
    # Those waiting on an answer (con answered three times, @Tal after your gift), then wren, warming:
    # the first three take turns by day.
    assert sorted(s["name"] for s in data["connect"]) == ["@Tal", "con", "wren"]
    assert data["welcome"].startswith("Welcome back after 10 days. While you were away, @Tal answered")
    assert data["brainstorm"] and all(set(s) >= {"name", "why", "next_step"} for s in data["brainstorm"])
    assert data["share"] == []  # nobody is offered for Connect and Share on one day; nina was shared today


def test_suggest_in_plain_words(run_coach):
    scripted_history(run_coach)
    out = ok(run_coach, "suggest").out
    assert [line for line in out.splitlines() if line[:1].isdigit()] == ["1 Brainstorm", "2 Connect", "3 Share"]
    assert out.startswith("Welcome back after 10 days.")  # nothing logged since wren, two weeks ago
    assert "Note: " in out  # no genres yet
    assert "wren — ask a good question about their latest post" in out


def test_a_rename_with_a_bad_note_changes_nothing(run_coach, db):
    assert run_coach("log", "connect", "Bob").code == 0
    before = db.read_bytes()
    result = run_coach("person", "Bob", "--rename", "Robert", "--note", "bad\x01")
    assert result.code == 1 and result.err.startswith("coach: ") and "Renamed" not in result.out
    assert db.read_bytes() == before


def test_an_export_to_a_terminal_that_is_not_utf8_keeps_every_character(run_coach_process, db, tmp_path):
    assert run_coach_process("log", "brainstorm", "Café poets ✍").code == 0
    out = tmp_path / "e.json"
    with out.open("wb") as sink:
        done = subprocess.run([sys.executable, "-m", "coach", "export"], stdout=sink,
                              env={**os.environ, "COACH_DB": str(db), "PYTHONIOENCODING": "ascii",
                                   "COACH_NOW": "2026-11-21T09:00"},
                              cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0
    assert "Café poets ✍" in out.read_text(encoding="utf-8")


def test_an_unknown_genre_is_said_once_where_the_ideas_would_be(run_coach):
    ok(run_coach, "config", "genres", "cli-fi, nature poetry")
    out = ok(run_coach, "suggest").out.splitlines()
    assert out[0] == "1 Brainstorm" and out[1].startswith("  coach has no map for “cli-fi” yet;")
    assert 'coach config genres "cli-fi, nature poetry, ' in out[1]
    assert sum("cli-fi" in line for line in out) == 1  # once, not again among the notes
    assert any(line.startswith("  · ") for line in out[2:4])  # nature poetry's ideas still come
    data = json_of(run_coach, "suggest", "--json")
    assert [n for n in data["notes"] if "cli-fi" in n] == [out[1].strip()]
