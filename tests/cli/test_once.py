"""`coach --quick --once`, for a shell's start-up file: the check-in the first time in a routine day while
the day is open; otherwise nothing on stdout, exit 0 and no Textual loaded. Milestones after `coach log`
and `coach heard`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach import cli
from tests.cli.conftest import NOW, REPO

MARKER = "coach.json.once"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stands in for the check-in (and for a terminal): each opening is recorded by its data file."""
    calls: list[str] = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(cli, "_open_check_in", lambda store: calls.append(str(store.path)) or 0)
    return calls


def test_the_check_in_opens_once_a_routine_day(run_coach, db, opened, monkeypatch):
    first = run_coach("--quick", "--once")
    assert (first.code, first.out, first.err) == (0, "", "")
    assert len(opened) == 1
    assert (db.parent / MARKER).read_text().strip() == "2026-11-21"
    assert not db.exists()  # the marker is not a change to the data file

    again = run_coach("--quick", "--once")
    assert (again.code, again.out, again.err, len(opened)) == (0, "", "", 1)

    # 02:00 the next night is still the 21st's routine day (it starts at 04:00); 09:00 is a new one.
    monkeypatch.setenv("COACH_NOW", "2026-11-22T02:00")
    assert run_coach("--quick", "--once").code == 0 and len(opened) == 1
    monkeypatch.setenv("COACH_NOW", "2026-11-22T09:00")
    assert run_coach("--quick", "--once").code == 0 and len(opened) == 2
    assert (db.parent / MARKER).read_text().strip() == "2026-11-22"


def test_a_complete_day_or_a_rest_day_opens_nothing_and_marks_nothing(run_coach, db, opened):
    for step, subject in (("brainstorm", "teachers"), ("connect", "jane"), ("share", "ann")):
        assert run_coach("log", step, subject).code == 0
    done = run_coach("--quick", "--once")
    assert (done.code, done.out, done.err, opened) == (0, "", "", [])
    assert not (db.parent / MARKER).exists()

    for _ in range(3):
        assert run_coach("undo").code == 0
    assert run_coach("rest").code == 0
    assert run_coach("--quick", "--once").out == "" and opened == []


def test_a_partly_done_day_still_opens_the_check_in(run_coach, db, opened):
    assert run_coach("log", "connect", "jane").code == 0
    assert run_coach("--quick", "--once").code == 0 and len(opened) == 1


def test_a_marker_that_cannot_be_written_skips_the_check_in_silently(run_coach, db, opened):
    (db.parent / MARKER).mkdir(parents=True)  # a folder where the file should go: no write can replace it
    result = run_coach("--quick", "--once")
    assert (result.code, result.out, result.err, opened) == (0, "", "", [])


def test_not_a_terminal_opens_nothing(run_coach, db, monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "_open_check_in", lambda store: calls.append(store) or 0)
    result = run_coach("--quick", "--once")  # pytest's captured stdin and stdout are not terminals
    assert (result.code, result.out, result.err, calls) == (0, "", "", [])
    assert not (db.parent / MARKER).exists()


def test_a_damaged_data_file_says_one_line_on_stderr_and_exits_0(run_coach, db, opened, monkeypatch):
    db.parent.mkdir(parents=True)
    db.write_text("{ not json")
    result = run_coach("--quick", "--once")
    assert result.code == 0 and result.out == "" and opened == []
    assert len(result.err_lines) == 1 and result.err.startswith("coach: ")
    monkeypatch.setenv("COACH_NOW", "yesterday-ish")
    result = run_coach("--quick", "--once")
    assert result.code == 0 and result.err.startswith("coach: COACH_NOW") and opened == []


# A wrapper that makes the process look like a terminal, and the check-in load Textual as the real one
# would: so a skip that went wrong shows as OPENED and as Textual in sys.modules.
WRAPPER = """
import sys
from coach import cli
cli._interactive = lambda: True
def opened(store):
    import textual.app
    print("OPENED")
    return 0
cli._open_check_in = opened
code = cli.main(["--quick", "--once"])
print(code, sorted({m.split(".")[0] for m in sys.modules} & {"textual", "rich"}))
"""


def run_wrapped(db: Path) -> str:
    env = {**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", WRAPPER], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def test_a_second_time_and_a_complete_day_load_no_textual(run_coach, db):
    assert run_wrapped(db) == "OPENED\n0 ['rich', 'textual']\n"  # the first time: the check-in
    assert run_wrapped(db) == "0 []\n"  # the second time in the day: nothing
    (db.parent / MARKER).unlink()
    for step, subject in (("brainstorm", "teachers"), ("connect", "jane"), ("share", "ann")):
        run_coach("log", step, subject)
    assert run_wrapped(db) == "0 []\n"  # a complete day: nothing


def test_python_m_coach_quick_once_imports_no_textual(run_coach, db):
    for step, subject in (("brainstorm", "teachers"), ("connect", "jane"), ("share", "ann")):
        run_coach("log", step, subject)
    env = {**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "coach", "--quick", "--once"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == ""
    imported = [line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert "habits.routine" in imported  # it did look at the day
    assert not [name for name in imported if name.split(".")[0] in ("textual", "rich")]


# --- milestones on the command line ---------------------------------------------------------------

def test_the_step_that_completes_day_seven_prints_one_milestone_line(run_coach):
    for n in range(6, 0, -1):
        for step in ("brainstorm", "connect", "share"):
            assert run_coach("log", step, f"someone {n}", "--date", f"2026-11-{21 - n}").code == 0
    outputs = [run_coach("log", step, "jane").out for step in ("brainstorm", "connect", "share")]
    assert [len(out.splitlines()) for out in outputs] == [1, 1, 2]
    assert outputs[2].splitlines()[1] == "Seven days in a row: a week of showing up for other people."
    assert "in a row" not in run_coach("log", "share", "ann").out  # said once


def test_the_first_answer_prints_the_talking_milestone_and_the_second_does_not(run_coach):
    run_coach("log", "connect", "jane")
    first = run_coach("heard", "@Jane").out.splitlines()
    assert first[1] == "jane answered you: a conversation has begun."  # by the name they were first logged by
    assert len(run_coach("heard", "jane").out.splitlines()) == 1
    assert json.loads(run_coach("people", "--json").out)[0]["stage"] == "talking"
