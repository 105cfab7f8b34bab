"""The plain commands go through the door (habits.coach) and only the door: a change is one of its writes,
and what it prints comes from the snapshot that write hands back, never from a read after it."""

from __future__ import annotations

import argparse

import pytest

from coach import cli
from habits.fields import fields_of
from habits.model import STEPS


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each command asks of its Coach, in order (the door's own workings are not counted)."""
    calls: list[str] = []
    made = cli._coach

    class Spy:
        def __init__(self, real: object) -> None:
            self._real = real

        def __getattr__(self, name: str) -> object:
            calls.append(name)
            return getattr(self._real, name)

    monkeypatch.setattr(cli, "_coach", lambda args, absorb=True: Spy(made(args)))
    return calls


def ask(run_coach, asked: list[str], *argv: str) -> list[str]:
    asked.clear()
    result = run_coach(*argv)
    assert result.code == 0, result.err
    # After every command main asks whether a closed year's file is still on its way (no read): not the command's.
    assert asked[-1:] == ["waiting"], asked
    return asked[:-1]


def test_log_is_one_change_and_nothing_more(run_coach, asked):
    assert ask(run_coach, asked, "log", "connect", "jane") == ["log"]
    assert ask(run_coach, asked, "log", "share", "jane", "--work", "a post") == ["log"]
    # --date needs today, which the day_start_hour setting decides: one read before the change, none after.
    assert ask(run_coach, asked, "log", "brainstorm", "teachers", "--date", "yesterday") == ["snapshot", "log"]


def test_log_prints_from_the_snapshot_its_change_handed_back(run_coach, asked):
    for kind, subject in (("brainstorm", "teachers"), ("connect", "jane")):
        assert ask(run_coach, asked, "log", kind, subject) == ["log"]
    result = run_coach("log", "share", "sam")
    assert result.out == "✓ Share: sam — all three done for Sat 21 Nov · streak 1 day\n"


def test_the_other_changes_are_one_write_each(run_coach, asked):
    assert ask(run_coach, asked, "heard", "jane") == ["heard"]
    assert ask(run_coach, asked, "reflect", "a good day") == ["reflect"]
    assert ask(run_coach, asked, "config", "day_start_hour", "5") == ["configure"]
    assert ask(run_coach, asked, "undo") == ["undo"]
    assert ask(run_coach, asked, "redo") == ["redo"]
    assert ask(run_coach, asked, "rest", "--date", "2026-11-16") == ["snapshot", "rest"]


def test_person_reads_once_then_makes_at_most_one_change(run_coach, asked):
    run_coach("log", "connect", "jane")
    assert ask(run_coach, asked, "person", "jane") == ["snapshot"]
    assert ask(run_coach, asked, "person", "jane", "--rename", "Jane Doe", "--note", "poet",
               "--platforms", "Bluesky") == ["snapshot", "change_person"]
    assert run_coach("undo").out == "Undone: rename jane to Jane Doe.\n"  # one change, undone as one


def test_the_reads_are_one_snapshot(run_coach, asked):
    run_coach("log", "connect", "jane")
    for argv in (["status"], ["status", "--json"], ["status", "--short"], ["suggest"], ["people"],
                 ["audiences"], ["config"]):
        assert ask(run_coach, asked, *argv) == ["snapshot"], argv


def test_log_options_are_the_field_table(monkeypatch):
    """Every step's options are its fields' flags (habits/fields.py), with their metavar and choices."""
    parser = cli.build_parser(["log"])
    log = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["log"]
    steps = next(a for a in log._actions if isinstance(a, argparse._SubParsersAction))
    for kind in STEPS:
        options = {a.option_strings[0]: a for a in steps.choices[kind.key]._actions if a.option_strings}
        assert set(options) == {"-h", "--date", *(f.flag for f in fields_of(kind))}, kind.key
        for field in fields_of(kind):
            action = options[field.flag]
            assert (action.dest, action.metavar, action.help) == (field.name, field.metavar, field.help)
            assert tuple(action.choices or ()) == field.choices
