"""The plain commands over a data file in a synced folder: a conflict copy is merged by the next command and
said in one line on stderr; coach doctor lists the copies, the sync tool and the year files not here yet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import orjson
import pytest

from habits.store import paths


@pytest.fixture
def copy_from_laptop(db: Path, run_coach, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data file as the laptop left it while apart (it logged @kit), beside the desktop's as Syncthing
    leaves a conflict copy; the desktop logged @ann meanwhile. COACH_DEVICE: this machine is the desktop."""
    assert run_coach("log", "connect", "@maya").code == 0
    laptop = db.parent.parent / "laptop" / "coach.json"
    laptop.parent.mkdir()
    shutil.copy(db, laptop)
    monkeypatch.setenv("COACH_DEVICE", "laptop")
    assert run_coach("--db", str(laptop), "log", "connect", "@kit").code == 0
    monkeypatch.setenv("COACH_DEVICE", "desktop")
    assert run_coach("log", "connect", "@ann").code == 0
    copy = db.with_name("coach.sync-conflict-20261121-091500-LAPTOPX.json")
    shutil.copy(laptop, copy)
    return copy


def test_the_next_command_merges_a_conflict_copy_and_says_so_in_one_line(run_coach, db, copy_from_laptop):
    result = run_coach("status", "--json")
    assert result.code == 0
    [line] = result.err_lines
    assert line == "coach: merged 1 entry and 1 other record from the laptop's copy (kept among the backups)"
    assert json.loads(result.out)  # stdout is the command's alone
    assert not copy_from_laptop.exists()
    people = {p["name"] for p in json.loads(run_coach("people", "--json").out)}
    assert people == {"@maya", "@kit", "@ann"}
    again = run_coach("status")
    assert again.code == 0 and again.err == ""  # said once: the copy is gone


def test_doctor_lists_the_copy_and_the_sync_tool_and_changes_nothing(run_coach, db, copy_from_laptop):
    (db.parent / ".stfolder").mkdir()
    before = db.read_bytes()
    result = run_coach("doctor")
    assert result.code == 0, result.out
    assert "· synced folder: kept by Syncthing; last written by desktop" in result.out
    assert f"· conflict copies: 1 (Syncthing): {copy_from_laptop.name}" in result.out
    assert "The next coach command merges them" in result.out
    assert copy_from_laptop.exists() and db.read_bytes() == before


def test_a_year_file_not_here_yet_is_said_and_the_rest_answers(run_coach, db, monkeypatch):
    monkeypatch.setenv("COACH_NOW", "2024-03-01T09:00")
    assert run_coach("log", "connect", "@maya", "--note", "in 2024").code == 0
    monkeypatch.setenv("COACH_NOW", "2026-11-21T09:00")
    assert run_coach("log", "connect", "@kit").code == 0  # 2024 closes into its own file
    [item] = orjson.loads(db.read_bytes())["meta"]["1"]["closed"].values()
    for folder in (paths.years_folder(db), paths.backup_years_folder(db)):
        (folder / item["file"]).unlink(missing_ok=True)
    people = run_coach("people", "--json")
    assert people.code == 0 and people.err_lines == ["coach: waiting for 2024's file to sync; nothing is lost"]
    assert [p["name"] for p in json.loads(people.out)] == ["@kit"]
    export = run_coach("export")
    assert export.code == 1 and export.err_lines == [
        "coach: waiting for 2024's file to sync; nothing is lost; nothing was read; try again once it has arrived"]
    assert run_coach("log", "share", "@kit").code == 0  # today's step does not need 2024
    doctor = run_coach("doctor")
    assert doctor.code == 0 and "waiting for 2024's file to sync" in doctor.out and item["file"] in doctor.out
