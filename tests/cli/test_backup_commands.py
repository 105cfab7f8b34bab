"""coach doctor lists the backups, coach restore brings one back, and a broken file points at them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone

from tests.cli.conftest import REPO

# The daily backup the first change of 2026-11-21 keeps (at 09:00 local): named by its UTC instant.
DAILY_21 = f"coach-{datetime(2026, 11, 21, 9, 0).astimezone(timezone.utc):%Y%m%dT%H%M%S.%fZ}-2026-11-21-daily@here.json"


def two_days(run_coach, monkeypatch):
    monkeypatch.setenv("COACH_NOW", "2026-11-20T09:00")
    assert run_coach("log", "connect", "jane").code == 0
    monkeypatch.setenv("COACH_NOW", "2026-11-21T09:00")
    assert run_coach("log", "connect", "sam").code == 0


def test_doctor_lists_the_backups_and_how_to_restore_one(run_coach, db, monkeypatch):
    two_days(run_coach, monkeypatch)
    result = run_coach("doctor")
    assert result.code == 0
    assert f"Backups in {db.parent / 'coach.json.backups'}" in result.out
    assert DAILY_21 in result.out and "daily backup of 2026-11-21" in result.out
    assert "coach restore NAME" in result.out


def test_doctor_with_no_backups_says_where_they_will_be(run_coach, db):
    run_coach("log", "connect", "jane")
    assert "Backups: none yet" in run_coach("doctor").out


def test_restore_by_name_then_back_again(run_coach, db, monkeypatch):
    two_days(run_coach, monkeypatch)
    result = run_coach("restore", DAILY_21)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Restored {DAILY_21}: 1 entry, the last on 2026-11-20.")
    kept = result.out.split("kept as ")[1].split(";")[0]
    assert "sam" not in run_coach("people").out
    assert run_coach("restore", kept).code == 0
    assert "sam" in run_coach("people").out


def test_restore_of_something_that_is_not_a_backup(run_coach, db, monkeypatch):
    two_days(run_coach, monkeypatch)
    before = db.read_bytes()
    result = run_coach("restore", "yesterday")
    assert result.code == 1 and result.err.startswith("coach: there is no backup 'yesterday'")
    assert db.read_bytes() == before


def test_every_command_on_a_broken_file_says_where_the_backups_are(run_coach_process, run_coach, db, monkeypatch):
    two_days(run_coach, monkeypatch)
    db.write_text('{"entries": {"1": ')
    for argv in (("status",), ("log", "connect", "ada"), ("people",), ("export",), ("undo",)):
        result = run_coach_process(*argv)
        assert result.code == 1, argv
        assert len(result.err_lines) == 1 and "Traceback" not in result.err, argv
        assert f"coach restore {DAILY_21}" in result.err, argv
    assert db.read_text() == '{"entries": {"1": '


def test_a_missing_home_folder_is_a_clear_error_and_creates_nothing(tmp_path):
    home = tmp_path / "gone"
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "COACH_NOW": "2026-11-21T09:00"}
    done = subprocess.run([sys.executable, "-m", "coach", "log", "connect", "x"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"coach: the home folder {home} does not exist") and done.stderr.count("\n") == 1
    assert not home.exists()


def test_a_lock_held_too_long_is_one_line_and_changes_nothing(run_coach_process, run_coach, db):
    from filelock import FileLock

    run_coach("log", "connect", "jane")
    before = db.read_bytes()
    with FileLock(str(db) + ".lock"):
        result = run_coach_process("log", "connect", "sam", COACH_LOCK_TIMEOUT="0.2")
    assert result.code == 1 and len(result.err_lines) == 1
    assert result.err.startswith(f"coach: {db} is busy") and "nothing was changed" in result.err
    assert db.read_bytes() == before


def test_a_lock_timeout_that_is_not_a_number(run_coach, db, monkeypatch):
    monkeypatch.setenv("COACH_LOCK_TIMEOUT", "soon")
    result = run_coach("log", "connect", "jane")
    assert result.code == 1 and result.err == "coach: COACH_LOCK_TIMEOUT is 'soon'; give a number of seconds, such as 10\n"
    assert not db.exists()


def test_a_backup_cut_short_by_a_kill_is_swept_up(run_coach, db, monkeypatch):
    two_days(run_coach, monkeypatch)
    stray = db.parent / "coach.json.backups" / ".coach-2026-11-22-daily.json.x1y2.tmp"
    stray.write_text('{"half')
    run_coach("log", "connect", "ada")
    assert not stray.exists()
