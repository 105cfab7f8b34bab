"""The plain commands as CONTRACT.md describes them: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

import coach

STATUS_KEYS = {"day", "steps", "complete", "rest", "streak", "strength", "reflection"}
TODAY = date(2026, 11, 21)


def complete(run_coach, day: str | None = None) -> None:
    when = ["--date", day] if day else []
    for argv in (
        ["log", "brainstorm", "history teachers", *when],
        ["log", "connect", "@jane", "--platform", "Bluesky", "--action", "reply", *when],
        ["log", "share", "Sam", "--work", "Sam's novel", *when],
    ):
        result = run_coach(*argv)
        assert result.code == 0, result.err


def status_json(run_coach, *extra: str) -> dict:
    result = run_coach("status", "--json", *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)


def assert_one_line_error(result, code: int = 1) -> None:
    assert result.code == code, (result.out, result.err)
    assert len(result.err_lines) == 1, result.err
    assert result.err.startswith("coach: ")
    assert "Traceback" not in result.err


# --- version, logging, status ---------------------------------------------------------------------

def test_version_prints_coach_and_the_version(run_coach_process):
    result = run_coach_process("--version")
    assert (result.code, result.out, result.err) == (0, f"coach {coach.__version__}\n", "")
    assert re.fullmatch(r"\d+\.\d+\.\d+", coach.__version__)


def test_three_logged_steps_make_a_complete_day_in_status_json(run_coach):
    first = run_coach("log", "brainstorm", "history teachers")
    assert first.code == 0 and first.out.startswith("✓ Brainstorm: history teachers")
    assert "1 of 3 done" in first.out
    complete(run_coach)
    data = status_json(run_coach)
    assert set(data) == STATUS_KEYS
    assert data["day"] == "2026-11-21"
    assert data["steps"] == {"brainstorm": True, "connect": True, "share": True}
    assert data["complete"] is True and data["rest"] is False
    assert data["streak"] == {"current": 1, "longest": 1}
    assert isinstance(data["strength"], float) and 0.0 <= data["strength"] <= 1.0
    assert data["reflection"] is None


def test_logging_the_last_step_says_the_day_is_done(run_coach):
    run_coach("log", "brainstorm", "teachers")
    run_coach("log", "connect", "jane")
    result = run_coach("log", "share", "sam", "--work", "a poem", "--platform", "Mastodon")
    assert result.out.startswith("✓ Share: sam · a poem · Mastodon")
    assert "all three done" in result.out and "streak 1 day" in result.out


def test_status_reads_in_plain_words(run_coach):
    run_coach("log", "connect", "@jane", "--action", "reply", "--platform", "Bluesky")
    out = run_coach("status").out
    assert out.splitlines()[0] == "Sat 21 Nov 2026 · 1 of 3 done"
    assert "@jane · reply · Bluesky" in out
    assert "Streak 0 days" in out


def test_a_reflection_shows_in_status_json(run_coach):
    assert run_coach("reflect", "Jane answered my question").code == 0
    assert status_json(run_coach)["reflection"] == "Jane answered my question"
    assert_one_line_error(run_coach("reflect", "   "))


@pytest.mark.parametrize(
    ("steps", "line"),
    [
        ((), "··· 0\n"),
        (("brainstorm", "share"), "✓·✓ 0\n"),
        (("brainstorm", "connect", "share"), "✓✓✓ 1\n"),
    ],
)
def test_status_short_is_one_line_of_marks_and_the_streak(run_coach, steps, line):
    for kind in steps:
        run_coach("log", kind, "someone")
    assert run_coach("status", "--short").out == line


def test_status_short_says_rest_on_a_rest_day(run_coach):
    complete(run_coach, "yesterday")
    run_coach("rest")
    assert run_coach("status", "--short").out == "rest 1\n"


def test_status_for_an_earlier_date(run_coach):
    complete(run_coach, "2026-11-19")
    assert status_json(run_coach, "--date", "2026-11-19")["complete"] is True
    assert status_json(run_coach, "--date", "2 days ago")["day"] == "2026-11-19"
    assert status_json(run_coach)["complete"] is False


# --- where the data lives -------------------------------------------------------------------------

def test_db_option_wins_over_coach_db(run_coach, db, tmp_path):
    chosen = tmp_path / "elsewhere" / "mine.json"
    assert run_coach("--db", str(chosen), "log", "brainstorm", "teachers").code == 0
    assert chosen.exists()
    assert not db.exists()
    assert json.loads(run_coach("--db", str(chosen), "status", "--json").out)["steps"]["brainstorm"] is True


@pytest.mark.parametrize(
    "argv",
    [("status",), ("status", "--json"), ("status", "--short"), ("config",), ("config", "day_start_hour")],
)
def test_a_read_only_command_on_a_missing_file_creates_nothing(run_coach, db, argv):
    assert run_coach(*argv).code == 0
    assert not db.parent.exists()


# --- errors ---------------------------------------------------------------------------------------

def test_a_future_date_is_refused_in_one_line_and_nothing_is_written(run_coach_process, db):
    result = run_coach_process("log", "connect", "jane", "--date", "tomorrow")
    assert_one_line_error(result)
    assert "future" in result.err and "today is 2026-11-21" in result.err
    assert not db.exists()


@pytest.mark.parametrize("date_text", ["2026-12-01", "next blursday", ""])
def test_a_bad_date_is_an_error_in_one_line(run_coach, db, date_text):
    assert_one_line_error(run_coach("log", "connect", "jane", "--date", date_text))
    assert not db.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("bogus",),
        ("log",),
        ("log", "connect"),
        ("log", "dance", "jane"),
        ("log", "connect", "jane", "--action", "pitch"),
        ("log", "brainstorm", "teachers", "--action", "reply"),
        ("status", "--json", "--short"),
        ("--frobnicate",),
    ],
)
def test_a_usage_error_returns_2_in_one_line(run_coach, db, argv):
    assert_one_line_error(run_coach(*argv), code=2)
    assert not db.parent.exists()


@pytest.mark.parametrize("argv", [("bogus",), ("log", "connect", "jane", "--action", "pitch")])
def test_a_usage_error_exits_2_in_one_line_without_a_traceback(run_coach_process, db, argv):
    assert_one_line_error(run_coach_process(*argv), code=2)
    assert not db.parent.exists()


def test_once_without_quick_is_a_usage_error(run_coach_process, db):
    assert_one_line_error(run_coach_process("--once"), code=2)


@pytest.mark.parametrize(
    "argv",
    [
        ("config", "day_start_hour", "24"),
        ("config", "rest_days_per_week", "many"),
        ("config", "colour", "blue"),
        ("config", "colour"),
    ],
)
def test_a_bad_config_value_exits_1_in_one_line(run_coach, db, argv):
    assert_one_line_error(run_coach(*argv))
    assert not db.exists()


def test_control_characters_in_an_argument_are_refused_and_not_echoed(run_coach, db):
    result = run_coach("log", "connect", "\x1b[31mjane")
    assert_one_line_error(result)
    assert "\x1b" not in result.err
    assert not db.exists()


def test_a_bad_coach_now_is_an_error_in_one_line(run_coach, monkeypatch):
    monkeypatch.setenv("COACH_NOW", "next tuesday")
    assert_one_line_error(run_coach("status"))


def test_a_corrupt_data_file_is_an_error_in_one_line_and_stays_as_it_was(run_coach, run_coach_process, db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b'{"entries": {"1": {"kind": "conn')
    results = [run_coach_process("status"), run_coach_process("log", "connect", "jane")]
    results += [run_coach("rest"), run_coach("reflect", "hello"), run_coach("config", "day_start_hour", "5")]
    for result in results:
        assert_one_line_error(result)
        assert str(db) in result.err
    assert db.read_bytes() == b'{"entries": {"1": {"kind": "conn'


def test_a_hand_edited_setting_of_the_wrong_type_gives_no_traceback(run_coach, db):
    stamp = "2026-11-21T09:00:00.000+00:00"
    db.parent.mkdir(parents=True)
    db.write_text(json.dumps({
        "meta": {"1": {"schema": 1, "app": "coach"}},
        "settings": {"1": {"id": "s", "key": "day_start_hour", "value": "four", "created": stamp,
                           "updated": stamp}},
    }))
    result = run_coach("status")
    assert result.code in (0, 1)
    assert "Traceback" not in result.err and len(result.err_lines) <= 1


# --- streaks and rest days ------------------------------------------------------------------------

def test_ten_backfilled_days_make_a_streak_of_ten(run_coach):
    for n in range(10):
        complete(run_coach, (TODAY - timedelta(days=n)).isoformat())
    data = status_json(run_coach)
    assert data["streak"] == {"current": 10, "longest": 10}


def test_a_rest_day_bridges_the_streak_and_a_second_in_the_week_is_refused(run_coach, db):
    complete(run_coach, "2026-11-17")
    complete(run_coach, "2026-11-18")
    rested = run_coach("rest", "--date", "2026-11-19")
    assert rested.code == 0 and "rest day" in rested.out
    complete(run_coach, "2026-11-20")
    complete(run_coach, "2026-11-21")
    data = status_json(run_coach)
    assert data["streak"] == {"current": 4, "longest": 4}
    assert status_json(run_coach, "--date", "2026-11-19")["rest"] is True

    before = db.read_bytes()
    refused = run_coach("rest", "--date", "2026-11-16")
    assert_one_line_error(refused)
    assert "2026-11-16" in refused.err
    assert db.read_bytes() == before


def test_resting_a_complete_day_says_so_and_changes_nothing(run_coach, db):
    complete(run_coach)
    before = db.read_bytes()
    result = run_coach("rest")
    assert result.code == 0 and "already complete" in result.out
    assert db.read_bytes() == before


# --- config ---------------------------------------------------------------------------------------

def test_config_lists_every_setting_with_its_value(run_coach):
    out = run_coach("config").out
    keys = [line.split(" = ")[0] for line in out.splitlines()]
    assert keys == ["day_start_hour", "rest_days_per_week", "genres", "platforms", "theme", "prompts", "keymap"]
    assert out.startswith("day_start_hour = 4 ")
    assert "rest_days_per_week = 1 " in out


def test_config_sets_and_gets_a_value(run_coach):
    assert run_coach("config", "day_start_hour", "6").out == "day_start_hour = 6\n"
    assert run_coach("config", "day_start_hour").out == "6\n"
    assert run_coach("config", "genres", "horror, YA,horror").out == "genres = horror, YA\n"
    assert run_coach("config", "genres").out == "horror, YA\n"
    assert "day_start_hour = 6 " in run_coach("config").out


def test_day_start_hour_decides_the_day_status_reports(run_coach, monkeypatch):
    monkeypatch.setenv("COACH_NOW", "2026-11-22T02:00")
    assert status_json(run_coach)["day"] == "2026-11-21"
    run_coach("config", "day_start_hour", "0")
    assert status_json(run_coach)["day"] == "2026-11-22"


def test_the_data_file_holds_what_the_commands_wrote(run_coach, db: Path):
    complete(run_coach)
    data = json.loads(db.read_bytes())
    kinds = sorted(r["kind"] for r in data["entries"].values())
    assert kinds == ["brainstorm", "connect", "share"]
    connect = next(r for r in data["entries"].values() if r["kind"] == "connect")
    assert (connect["subject"], connect["platform"], connect["action"]) == ("@jane", "Bluesky", "reply")


def test_quick_with_a_command_is_a_usage_error(run_coach):
    assert_one_line_error(run_coach("--quick", "status"), code=2)


def test_with_rest_days_off_the_refusal_says_how_to_turn_them_on(run_coach):
    assert run_coach("config", "rest_days_per_week", "0").code == 0
    result = run_coach("rest")
    assert_one_line_error(result)
    assert "rest_days_per_week" in result.err


def test_undo_and_redo_on_the_command_line(run_coach):
    assert run_coach("log", "connect", "jane").code == 0
    undone = run_coach("undo")
    assert (undone.code, undone.out) == (0, "Undone: log Connect: jane.\n")
    assert json.loads(run_coach("status", "--json").out)["steps"]["connect"] is False
    assert run_coach("redo").out == "Redone: log Connect: jane.\n"
    assert json.loads(run_coach("status", "--json").out)["steps"]["connect"] is True
    assert_one_line_error(run_coach("redo"))


def test_the_parser_built_for_one_command_knows_every_command_when_asked_for_all():
    from coach.cli import COMMANDS, build_parser

    whole = build_parser(["--help"])
    choices = next(a for a in whole._actions if a.dest == "command").choices
    assert set(choices) == set(COMMANDS)
    assert set(next(a for a in build_parser(["frob"])._actions if a.dest == "command").choices) == set(COMMANDS)
    # `coach` and `coach --quick` open a screen: no command's parser is built for them.
    for bare in ([], ["--quick"], ["--db", "x.json", "--quick", "--once"]):
        parser = build_parser(bare)
        assert next(a for a in parser._actions if a.dest == "command").choices == {}
        assert parser.parse_args(bare).command is None
    one = build_parser(["--db", "x.json", "log", "connect", "jane"])
    assert set(next(a for a in one._actions if a.dest == "command").choices) == {"log"}
    assert one.parse_args(["--db", "x.json", "log", "connect", "jane"]).handler.__name__ == "cmd_log"
