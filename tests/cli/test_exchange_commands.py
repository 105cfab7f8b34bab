"""coach export, coach import and coach doctor from the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from filelock import FileLock


def fill(run_coach) -> None:
    for argv in (
        ["log", "brainstorm", "history teachers", "--date", "yesterday"],
        ["log", "connect", "@jane", "--platform", "Bluesky", "--action", "comment", "--note", "*loved* it"],
        ["log", "share", "@sam", "--work", "My essay"],
        ["heard", "@jane", "--note", "thanks!"],
        ["reflect", "People answer when you go first."],
    ):
        assert run_coach(*argv).code == 0


def without_exported(text: str) -> dict:
    data = json.loads(text)
    data.pop("exported")
    return data


def test_export_writes_json_to_stdout_by_default(run_coach, db):
    fill(run_coach)
    result = run_coach("export")
    assert result.code == 0 and result.err == ""
    data = json.loads(result.out)
    assert data["format"] == "coach" and data["exported"].startswith("2026-11-21T09:00:00")
    assert len([e for e in data["records"]["entries"] if not e.get("deleted")]) == 3


def test_export_to_a_file_then_import_it_into_another_data_file(run_coach, db, tmp_path):
    fill(run_coach)
    target = tmp_path / "out" / "my export.json"
    target.parent.mkdir()
    result = run_coach("export", "--output", str(target))
    assert result.code == 0
    assert result.out == f"Exported 8 records to {target}.\n"
    assert [p.name for p in target.parent.iterdir()] == ["my export.json"]  # no temp file left behind

    elsewhere = tmp_path / "elsewhere.json"
    imported = run_coach("--db", str(elsewhere), "import", str(target))
    assert imported.code == 0, imported.err
    assert imported.out == "Imported my export.json: 8 new records, 0 updated, 0 already here.\n"
    again = run_coach("--db", str(elsewhere), "import", str(target))
    assert again.out == "Imported my export.json: 0 new records, 0 updated, 8 already here.\n"
    assert without_exported(run_coach("--db", str(elsewhere), "export").out) == without_exported(
        run_coach("export").out)
    status = json.loads(run_coach("--db", str(elsewhere), "status", "--json").out)
    assert status["steps"] == {"brainstorm": False, "connect": True, "share": True}


def test_coach_undo_takes_an_import_back(run_coach, db, tmp_path):
    fill(run_coach)
    run_coach("export", "--output", str(tmp_path / "e.json"))
    elsewhere = str(tmp_path / "elsewhere.json")
    run_coach("--db", elsewhere, "log", "connect", "@mine")
    run_coach("--db", elsewhere, "import", str(tmp_path / "e.json"))
    undone = run_coach("--db", elsewhere, "undo")
    assert undone.code == 0 and undone.out == "Undone: import e.json.\n"
    people = json.loads(run_coach("--db", elsewhere, "people", "--json").out)
    assert [p["name"] for p in people] == ["@mine"]


def test_export_refuses_to_write_over_the_data_file(run_coach, db):
    fill(run_coach)
    on_disk = db.read_bytes()
    result = run_coach("export", "--output", str(db))
    assert result.code == 1
    assert result.err_lines == [f"coach: {db} is coach's data file itself; give the export another name"]
    assert db.read_bytes() == on_disk


def test_an_unknown_format_is_a_usage_error(run_coach, db):
    result = run_coach("export", "--format", "xml")
    assert result.code == 2
    assert len(result.err_lines) == 1 and "invalid choice: 'xml'" in result.err


def test_export_csv_and_md(run_coach, db, tmp_path):
    fill(run_coach)
    rows = list(csv.DictReader(io.StringIO(run_coach("export", "--format", "csv").out)))
    assert [r["kind"] for r in rows] == ["brainstorm", "connect", "share", "heard"]
    assert rows[1]["note"] == "*loved* it"
    md = run_coach("export", "--format", "md", "--output", str(tmp_path / "journal.md"))
    assert md.out == f"Exported 2 days to {tmp_path / 'journal.md'}.\n"
    text = (tmp_path / "journal.md").read_text()
    assert "## Saturday 21 November 2026" in text and "> People answer when you go first." in text
    assert "\\*loved\\* it" in text


def test_a_malformed_import_exits_1_with_one_line_and_changes_nothing(run_coach, db, tmp_path):
    fill(run_coach)
    data = json.loads(run_coach("export").out)
    data["records"]["entries"][0]["kind"] = "dance"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    on_disk = db.read_bytes()
    result = run_coach("import", str(bad))
    assert result.code == 1
    assert len(result.err_lines) == 1 and result.err.startswith(f"coach: cannot import {bad}: 1 record is not valid: entries ")
    assert "unknown step 'dance'" in result.err
    assert db.read_bytes() == on_disk


# --- doctor --------------------------------------------------------------------------------------------

def test_doctor_on_a_healthy_file_exits_0(run_coach, db):
    fill(run_coach)
    result = run_coach("doctor")
    assert result.code == 0, result.out
    lines = result.out.splitlines()
    assert lines[0].startswith(f"✓ data file: {db} (") and lines[0].endswith(" kB)")
    checks = lines[: lines.index(next(line for line in lines if line.startswith("Backups")))]
    assert all(line.startswith("✓ ") for line in checks)
    assert {"✓ readable JSON", "✓ every record valid", "✓ ids unique within and across tables",
            "✓ no stray temp files", "✓ lock: free"} <= set(lines)
    assert lines[-1] == "All is well."


def test_doctor_without_a_data_file_says_where_it_will_be_and_creates_nothing(run_coach, db):
    result = run_coach("doctor")
    assert result.code == 0
    assert result.out.splitlines()[0] == f"✓ no data file yet at {db} (it is created on the first entry)"
    assert not db.parent.exists()


def _rewrite(db: Path, change) -> bytes:
    data = json.loads(db.read_text())
    change(data)
    db.write_text(json.dumps(data))
    return db.read_bytes()


def _duplicate_id(data: dict) -> None:
    first, second = list(data["entries"].values())[:2]
    second["id"] = first["id"]


def _corrupt_record(data: dict) -> None:
    next(iter(data["entries"].values()))["day"] = "the day after tomorrow"


@pytest.mark.parametrize(("change", "expected", "advice"), [
    (_duplicate_id, "✗ ids not unique: ", "coach restore {daily}"),
    # One record coach cannot read is kept and left out; putting back a backup would lose what came since.
    (_corrupt_record, "✗ 1 record is not valid: entries ", "Correct or delete it by hand in {db}"),
])
def test_doctor_finds_what_is_wrong_exits_1_and_changes_nothing(run_coach, db, change, expected, advice):
    fill(run_coach)
    on_disk = _rewrite(db, change)
    listing = sorted(p.name for p in db.parent.iterdir())
    result = run_coach("doctor")
    assert result.code == 1
    failed = [line for line in result.out.splitlines() if line.startswith("✗")]
    assert len(failed) == 1 and failed[0].startswith(expected)
    assert result.out.splitlines()[-1].startswith("Something is wrong; coach doctor changed nothing.")
    daily = next((db.parent / "coach.json.backups").glob("coach-*Z-2026-11-21-daily@here.json")).name
    assert advice.format(daily=daily, db=db) in result.out.splitlines()[-1]
    assert db.read_bytes() == on_disk
    assert sorted(p.name for p in db.parent.iterdir()) == listing


def test_doctor_on_a_file_that_is_not_json(run_coach, db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b'{"entries": {')
    result = run_coach("doctor")
    assert result.code == 1
    assert result.out.splitlines()[1].startswith("✗ not readable JSON: ")
    assert db.read_bytes() == b'{"entries": {'


def test_doctor_notes_a_stray_temp_file_as_harmless_exits_0_and_leaves_it(run_coach, db):
    fill(run_coach)
    stray = db.parent / f".{db.name}.abc123.tmp"
    stray.write_text("{")
    result = run_coach("doctor")
    assert result.code == 0, result.out
    assert (f"· 1 stray temp file from an interrupted write: {stray.name} (harmless: the data file is as it was "
            f"before that write, and coach removes it at its next change)") in result.out.splitlines()
    assert not [line for line in result.out.splitlines() if line.startswith("✗")]
    assert result.out.splitlines()[-1] == "All is well."
    assert stray.exists()


def test_doctor_reports_a_lock_held_by_another_coach(run_coach, db):
    fill(run_coach)
    with FileLock(str(db) + ".lock"):
        result = run_coach("doctor")
    assert result.code == 1
    assert "✗ lock: held by another coach, writing right now" in result.out.splitlines()


def _as_nobody(argv: list[str]) -> tuple[int, str]:
    """`coach ARGV…` in a forked child that has become the unprivileged user 65534 (the tests run as root,
    whom no permission stops): its exit code and output. The interpreter may live where that user cannot
    read (root's home), so the child never imports: everything is loaded by one run as root first."""
    from coach.cli import main

    main(argv)  # as root: loads every module the command needs
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        try:
            os.close(reader)
            os.setgid(65534)
            os.setuid(65534)
            sys.stdout = out = io.StringIO()
            code = main(argv)
            os.write(writer, json.dumps([code, out.getvalue()]).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        raw = pipe.read()
    os.waitpid(child, 0)
    code, out = json.loads(raw)
    return code, out


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0, reason="needs root, to become another user")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_doctor_where_the_user_cannot_write_names_it_read_only_and_does_not_blame_the_lock(run_coach, db, capsys, what):
    fill(run_coach)
    place = Path(tempfile.mkdtemp(prefix="coach-read-only-"))  # tmp_path's parents are root's alone
    try:
        place.chmod(0o755)
        folder = place / "data"
        shutil.copytree(db.parent, folder)
        for path in [folder, *folder.rglob("*")]:  # readable by everyone, writable by root alone
            path.chmod(0o755 if path.is_dir() else 0o644)
        data = folder / db.name
        if what == "file":
            folder.chmod(0o777)  # the folder takes new files; the data file stays root's alone
        capsys.readouterr()
        code, out = _as_nobody(["--db", str(data), "doctor"])
    finally:
        shutil.rmtree(place)
    lines = out.splitlines()
    read_only = folder if what == "folder" else data
    assert code == 0, out
    assert not [line for line in lines if line.startswith("✗")], out
    assert (f"· read-only: {read_only} is not writable; coach can show your history but cannot record anything "
            f"until it is writable") in lines
    assert not [line for line in lines if "lock" in line]
    assert lines[-1] == f"All is well. Nothing can be recorded until {read_only} is writable."


def test_export_csv_writes_a_formula_as_text_and_no_escape_byte(run_coach, db, tmp_path):
    fill(run_coach)
    data = json.loads(db.read_text())
    connect = next(r for r in data["entries"].values() if r["kind"] == "connect")
    connect["note"] = '=HYPERLINK("http://x","click")\x1b[2J'  # a hand edit: coach itself refuses the escape
    db.write_text(json.dumps(data))
    result = run_coach("export", "--format", "csv")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert rows[1]["note"] == '\'=HYPERLINK("http://x","click")?[2J' and rows[1]["subject"] == "'@jane"
    assert run_coach("export", "--format", "csv", "--output", str(tmp_path / "e.csv")).code == 0
    written = (tmp_path / "e.csv").read_bytes()
    assert b"\x1b" not in written and b'"\'=HYPERLINK(""http://x"",""click"")?[2J"' in written


def test_export_json_escapes_every_control_character_and_keeps_the_text_exact(run_coach, db):
    fill(run_coach)
    data = json.loads(db.read_text())
    connect = next(r for r in data["entries"].values() if r["kind"] == "connect")
    connect["note"] = "\x1b[2J\x07\x7f\x9b31m\r\nend"  # C0, DEL and C1 (CSI to some terminals), by a hand edit
    db.write_text(json.dumps(data))
    result = run_coach("export")
    assert result.code == 0, result.err
    assert not any(c in result.out for c in "\x1b\x07\x7f\x9b\r")
    exported = json.loads(result.out)
    assert next(r for r in exported["records"]["entries"] if r["id"] == connect["id"])["note"] == connect["note"]
