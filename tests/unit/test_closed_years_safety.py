"""Kill -9 while a closed year is rewritten: the data file and the year files it names always agree."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from habits import routine
from habits import store as store_module
from habits.store import Store, StoreError, paths, years
from habits.store.records import timestamp
from tests.sizes import sized

WRITER = Path(__file__).with_name("_writer.py")
NOW = datetime(2026, 11, 21, 9, 0).astimezone()
KILLS = 15


@pytest.mark.slow
def test_kill_9_while_a_closed_year_is_rewritten_leaves_every_year_readable(tmp_path):
    """A kill just before each step of an edit of a closed year's entry (every open, fsync, rename and
    unlink: its year's new file written, the data file pointed at it, the old file removed). Under
    `pytest -m slow`, then 15 kills more at random moments. (The day's first write, which keeps a backup,
    is test_store_safety's.)"""
    path = tmp_path / "coach.json"
    store = Store(path, lambda: NOW)
    # Three years, with enough in each that a write takes a moment for the random kills to fall in (the
    # kills at each step need no more than a few hundred).
    each = sized(300, 1500)
    with store.transaction(journal=False) as tx:
        tx.put_many("entries", [
            {"id": f"{year}-{i}", "kind": "connect", "subject": f"p{i}", "note": "x" * 200,
             "day": f"{year}-{1 + i % 10:02d}-{1 + i % 28:02d}", "created": timestamp(NOW), "updated": timestamp(NOW)}
            for year in (2023, 2024, 2026) for i in range(each)])
    target = next(e for e in store.read().entries if e.day.year == 2023)
    started = time.monotonic()
    routine.edit_entry(store, target.id, note="x" * 200)  # a change of nothing: how long one write takes here
    span = 3 * (time.monotonic() - started)  # kills anywhere in the first three writes
    writer = subprocess.Popen([sys.executable, str(WRITER), str(path), "crash-edit", target.id], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, bufsize=1)
    rng = random.Random(20261122)
    acked: list[str] = []
    in_flight: set[str] = set()  # writes a kill cut short since the last acknowledged one: done or not
    n, kills, killed_after_a_write = 0, 0, 0

    def kill(step: int | None = None) -> str | None:
        """One writer, killed at its write's `step` or at a random moment; the step it died at, or None
        when the write ended whole before its `step`th file operation (or it was killed from here)."""
        nonlocal n, kills, killed_after_a_write, in_flight, span
        began = time.monotonic()
        writer.stdin.write(f"go {n}{f' {step}' if step else ''}\n")
        writer.stdin.flush()
        said = writer.stdout.readline().split()
        assert said[:1] == ["pid"], said
        if step is None:
            time.sleep(rng.uniform(0.0, span))
            try:
                os.kill(int(said[1]), signal.SIGKILL)
            except ProcessLookupError:
                pass
        names, line = [], writer.stdout.readline()
        while line.startswith("ok "):
            names.append(line.split()[1])
            line = writer.stdout.readline()
        at = None
        if line.startswith("at "):
            at, line = line.split()[1], writer.stdout.readline()
        acked.extend(names)
        if step is not None and line.split() == ["died", "0"]:  # the write had fewer steps: it ended whole
            assert names == [f"crash-{n}"] and at is None, names
            n, in_flight = n + 1, set()
            # How long a writer takes to start and write once, now: the random kills fall within three.
            span = max(span, 3 * (time.monotonic() - began))
            return None
        assert line.split() == ["died", str(-signal.SIGKILL)], f"kill {kills}: {line}"
        killed_after_a_write += bool(names)
        in_flight = {f"crash-{n + len(names)}"} | (set() if names else in_flight)
        n += len(names) + 1
        # The data file names year files that are all there and check out, and it reads whole.
        index = years.index_of(orjson.loads(path.read_bytes()))
        assert set(index) == {"2023", "2024"}
        for item in index.values():
            year_file = paths.years_folder(path) / item["file"]
            assert years.checks_out(item["file"], year_file.read_bytes()), f"kill {kills}: {item['file']}"
        history = Store(path, lambda: NOW).read()
        assert len(history.entries) == 3 * each, f"kill {kills}"
        note = next(e.note for e in history.entries if e.id == target.id)
        last = acked[-1] if acked else "x" * 200
        assert note in {last} | in_flight, f"kill {kills}: the note is {note!r}, the last acknowledged {last}"
        kills += 1
        return at

    steps: list[str] = []
    random_kills = sized(0, KILLS)
    try:
        assert writer.stdout.readline().strip() == "ready"
        while (at := kill(step=len(steps) + 1)) is not None:
            steps.append(at)
            assert len(steps) < 100, steps
        for _ in range(random_kills):
            kill()
    finally:
        writer.kill()
        writer.wait()
    # The year's new file, the data file naming it and the summary each go to a temp file, synced and
    # renamed; then the file it replaced is retired to the backups (a rename, or an unlink where a backup
    # keeps it already), and the temp files earlier kills left are removed.
    assert {"open", "fsync", "chmod", "replace"} <= set(steps), steps
    assert killed_after_a_write >= random_kills // 3, killed_after_a_write
    # The next change reads and writes well, and every file the data file names is there. A year file a
    # kill left, which no data file names, stays: in a synced folder it could be another machine's, on
    # its way before the data file that names it (coach doctor lists it).
    routine.log_step(Store(path, lambda: NOW), "connect", "after the kills", day=date(2023, 2, 2))
    index = years.index_of(orjson.loads(path.read_bytes()))
    assert {i["file"] for i in index.values()} <= {p.name for p in paths.years_folder(path).iterdir()}
    assert all(years.is_year_file(p.name) for p in paths.years_folder(path).iterdir() if not p.name.startswith("."))


def test_a_data_file_that_fails_to_be_written_leaves_the_year_files_it_names(tmp_path, monkeypatch):
    """The year's new file is written first, the data file then points at it, and only then is the old
    file removed: a write of the data file that fails (or a kill just before it) loses nothing."""
    path = tmp_path / "coach.json"
    store = Store(path, lambda: NOW)
    routine.log_step(store, "connect", "maya", day=date(2023, 5, 1))
    before, files = path.read_bytes(), sorted(paths.years_folder(path).iterdir())
    entry = store.read().entries[0]
    real = store_module.write_atomically

    def failing(target: Path, payload: bytes, what: str = "write") -> None:
        if target == path:
            raise StoreError(f"cannot write {target}: no space left on device; nothing was changed")
        real(target, payload, what)

    monkeypatch.setattr(store_module, "write_atomically", failing)
    with pytest.raises(StoreError, match="nothing was changed"):
        routine.edit_entry(store, entry.id, note="lost")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(paths.years_folder(path).iterdir()) == files  # the year file it made, named by nobody: gone
    assert store.read().entries[0].note == ""
