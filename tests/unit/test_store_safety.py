"""The store's promises under kill -9 and under several writers: real processes, real signals, one file.

A write coach reported as done (the writer printed "ok NAME" after it returned) survives any kill;
the file always loads; two or three processes writing at once lose nothing; a lock held too long is
a quick one-line refusal that changes nothing. The writers are tests/unit/_writer.py.
"""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from habits import routine
from habits.store import Store, StoreLocked
from tests.sizes import sized

REPO = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).resolve().parent / "_writer.py"
NOW = datetime(2026, 11, 21, 9, 0).astimezone()
TODAY = date(2026, 11, 21)
KILLS = 50
YEARS = 3


def clock() -> datetime:
    return NOW


def strays(path: Path) -> list[Path]:
    """Temp files a kill left beside the data file (the names write_atomically gives them)."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def start(path: Path, *args: str) -> subprocess.Popen[str]:
    """A writer in a process group of its own, with the writers it forks: see stop."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(path), *args], cwd=REPO, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )


def stop(writer: subprocess.Popen[str]) -> None:
    """Lets a writer end (its stdin closed), or, if it does not within seconds, kills it and its children."""
    try:
        writer.stdin.close()
        writer.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(writer.pid, signal.SIGKILL)  # its group: this writer and any writer it forked
        writer.wait(timeout=10)
    writer.stdout.close()
    writer.stderr.close()


def expect(writer: subprocess.Popen[str], word: str) -> None:
    line = writer.stdout.readline().strip()
    if line != word:
        writer.kill()
        _, err = writer.communicate(timeout=10)
        pytest.fail(f"the writer said {line!r}, not {word!r}: {err.strip()}")


def go(writer: subprocess.Popen[str], *words: str) -> None:
    writer.stdin.write(" ".join(("go", *words)) + "\n")
    writer.stdin.flush()


def acknowledged(output: str) -> list[str]:
    return [line.split()[1] for line in output.splitlines() if line.startswith("ok ")]


@pytest.fixture(scope="module")
def history_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three years of a realistic routine, built once with bench/make_history.py's own code."""
    spec = importlib.util.spec_from_file_location("make_history", REPO / "bench" / "make_history.py")
    make_history = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_history)
    path = tmp_path_factory.mktemp("history") / "coach.json"
    make_history.write(Store(path, clock), make_history.build(YEARS, TODAY, 1))
    return path


def copy_data(source: Path, target: Path) -> None:
    """A data file and its closed years (the years before last live in a folder beside it)."""
    shutil.copy2(source, target)
    years = source.with_name(source.name + ".years")
    if years.exists():
        shutil.copytree(years, target.with_name(target.name + ".years"))


# --- kill -9 --------------------------------------------------------------------------------------

def check_after_kill(path: Path, kill: int, base_ids: set[str], acked: frozenset[str], possible: frozenset[str],
                     next_name: int) -> None:
    """The file loads and holds, once each, every entry acknowledged so far and nothing nobody wrote.

    It may run while the next writer is at work: crash-NEXT_NAME and later are that writer's, and the
    file is only ever replaced whole, so whatever moment it is read at must pass.
    """
    history = Store(path, clock).read()
    counts = Counter(e.subject for e in history.entries if e.subject.startswith("crash-"))
    twice = sorted(name for name, times in counts.items() if times > 1)
    assert not twice, f"kill {kill}: entries stored twice: {twice}"
    lost = sorted(acked - set(counts))
    assert not lost, f"kill {kill}: acknowledged entries lost: {lost}"
    invented = sorted(name for name in set(counts) - possible if int(name.split("-")[1]) < next_name)
    assert not invented, f"kill {kill}: entries nobody wrote: {invented}"
    assert base_ids <= {e.id for e in history.entries}, f"kill {kill}: entries of the years before lost"
    assert len(history.entries) == len(base_ids) + len(counts), f"kill {kill}: entries that are not crash-N"


@pytest.mark.slow
def test_kill_9_at_any_moment_of_a_write_leaves_a_file_that_loads_with_every_acknowledged_entry(
    history_file: Path, tmp_path: Path
):
    """A kill just before each step of a write (every open, fsync, rename, link and unlink it makes): of
    the day's first write, which keeps a backup first, and of a later one. Under `pytest -m slow`, then 50
    kills more at random moments, which also fall inside a step (half a temp file written)."""
    path = tmp_path / "coach.json"
    copy_data(history_file, path)
    base_ids = {e.id for e in Store(path, clock).read().entries}
    assert len(base_ids) > 2000  # a history of several years, not a toy file

    rng = random.Random(20261121)
    acked: set[str] = set()
    possible: set[str] = set()  # acknowledged, or in flight when the kill came
    kills = kills_after_a_write = kills_leaving_a_temp_file = 0
    temp_files: set[Path] = set()
    n = 0
    checks = []
    cycles: list[float] = []
    server = start(path, "crash")  # forks one fresh writer process per "go"

    def kill(step: int | None = None) -> str | None:
        """One writer, killed at its write's `step` or at a random moment; the step it died at, or None
        when the write ended whole before its `step`th file operation (or it was killed from here)."""
        nonlocal n, kills, kills_after_a_write, kills_leaving_a_temp_file
        go(server, str(n), *([str(step)] if step else []))
        said = server.stdout.readline().split()
        assert said[:1] == ["pid"], f"kill {kills}: the writer did not start: {said}"
        if step is None:
            # A moment anywhere in the first two or three writes: 0-300 ms, or longer when the
            # machine is slow enough (other tests at work) that a write takes more than 120 ms.
            span = max(0.3, 2.5 * statistics.median(cycles)) if cycles else 0.3
            delay = rng.uniform(0.0, span)
            time.sleep(delay)
            try:
                os.kill(int(said[1]), signal.SIGKILL)
            except ProcessLookupError:
                pass  # it ended by itself: said below
        names, said = [], server.stdout.readline()
        while said.startswith("ok "):
            names.append(said.split()[1])
            said = server.stdout.readline()
        at = None
        if said.startswith("at "):
            at, said = said.split()[1], server.stdout.readline()
        if said.startswith("failed "):
            pytest.fail(f"kill {kills}: the next writer could not write: {said.strip()}")
        assert names == [f"crash-{i}" for i in range(n, n + len(names))]
        acked.update(names)
        possible.update(names)
        if step is not None and said.split() == ["died", "0"]:  # the write had fewer steps: it ended whole
            assert names == [f"crash-{n}"] and at is None, names
            n += 1
            return None
        assert said.split() == ["died", str(-signal.SIGKILL)], f"kill {kills}: the writer ended: {said}"
        possible.add(f"crash-{n + len(names)}")
        n += len(names) + 1
        kills += 1
        kills_after_a_write += bool(names)
        if names and step is None:
            cycles.append(delay / (len(names) + 0.5))  # about how long one write takes now
        left = set(strays(path)) - temp_files
        temp_files.update(left)
        kills_leaving_a_temp_file += bool(left)
        checks.append(checker.submit(
            check_after_kill, path, kills, base_ids, frozenset(acked), frozenset(possible), n))
        for done in [c for c in checks if c.done()]:
            done.result()  # a failed check fails the test at once
        return at

    # Each check (a whole load of the file, 60 ms or more) runs in a thread while the next writer
    # works, so that checking does not space the kills out: 50 kills stay within about 10 s.
    sweeps: list[list[str]] = []
    random_kills = sized(0, KILLS)
    with ThreadPoolExecutor(max_workers=1) as checker:
        try:
            expect(server, "ready")
            for _ in range(2):  # the day's first write, then a later one
                sweeps.append([])
                while (at := kill(step=len(sweeps[-1]) + 1)) is not None:
                    sweeps[-1].append(at)
                    assert len(sweeps[-1]) < 100, sweeps[-1]
            for _ in range(random_kills):
                kill()
        finally:
            stop(server)  # a writer still at work (a failure above) is killed with it
        for check in checks:
            check.result()
    check_after_kill(path, kills, base_ids, frozenset(acked), frozenset(possible), n)  # no writer left
    print(f"steps killed at: {sweeps}; {kills} kills: {kills_after_a_write} after an acknowledged write, "
          f"{len(acked)} writes acknowledged, {kills_leaving_a_temp_file} left a temp file")
    first, later = sweeps
    # The day's first write keeps a backup (a link to each year file, and to the data file) before it
    # writes; a later one writes the data file and its summary: a temp file each, synced, renamed.
    assert "link" in first and "link" not in later, sweeps
    assert {"open", "fsync", "chmod", "replace"} <= set(later), later
    assert len(acked) >= 2  # each sweep ended with a whole write
    # The random kills fell across the write cycle: many after a write was acknowledged, not only at start-up.
    assert kills_after_a_write >= random_kills // 5, kills_after_a_write
    assert kills_leaving_a_temp_file >= 1  # a kill between writing a temp file and renaming it

    # Temp files left by kills (and a half-written one planted here) neither break a load nor survive
    # the next write, which sweeps them under the lock.
    (path.parent / f".{path.name}.planted.tmp").write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert Store(path, clock).read().entries
    routine.log_step(Store(path, clock), "connect", "after the kills")
    assert strays(path) == [], f"{kills_leaving_a_temp_file} kills left a temp file; a later write kept some"
    final = Store(path, clock).read()
    assert acked | {"after the kills"} <= {e.subject for e in final.entries}


def test_a_reader_never_sees_a_half_written_file_while_a_writer_works(history_file: Path, tmp_path: Path):
    """Store.read takes no lock: it relies on the file being replaced whole. Read as fast as we can
    while another process writes, and every read must parse, with never fewer entries than before.

    This is also the kill test's sharpest complement: a write over the live file is damaged for only
    the millisecond or two of the write itself, which a kill at a random moment hits now and then
    (the kill test caught one in about 9 of 14 runs), and this read loop every time."""
    path = tmp_path / "coach.json"
    copy_data(history_file, path)
    base = len(Store(path, clock).read().entries)
    writer = start(path, "step", "read", "20")
    expect(writer, "ready")
    go(writer)
    # The data file itself (the years before last are in files of their own, which a log never touches).
    last, seen, versions = b"", len(orjson.loads(path.read_bytes())["entries"]), 0
    try:
        while writer.poll() is None:
            raw = path.read_bytes()
            if raw == last:
                continue
            try:
                entries = len(orjson.loads(raw)["entries"])
            except (orjson.JSONDecodeError, KeyError) as error:
                pytest.fail(f"a read during a write saw a damaged file ({len(raw)} bytes): {error}")
            assert entries >= seen, f"a read saw {entries} entries after {seen}"
            last, seen, versions = raw, entries, versions + 1
    finally:
        if writer.poll() is None:
            os.killpg(writer.pid, signal.SIGKILL)
    _, err = writer.communicate(timeout=10)
    assert writer.returncode == 0, err.strip()
    assert versions >= 10, f"the reader saw only {versions} versions of the file: it did not read during the writes"
    assert len(Store(path, clock).read().entries) == base + 20


# --- several writers --------------------------------------------------------------------------------

def run_together(path: Path, jobs: list[tuple[str, str, int]]) -> list[tuple[float, float]]:
    """Starts one writer per job, waits until each has imported, then lets them all go at once."""
    writers = [start(path, mode, prefix, str(count)) for mode, prefix, count in jobs]
    for writer in writers:
        expect(writer, "ready")
    for writer in writers:
        go(writer)
    spans = []
    for writer, (_, prefix, count) in zip(writers, jobs, strict=True):
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err.strip()
        assert acknowledged(out) == [f"{prefix}{n}" for n in range(count)]
        done = [line.split() for line in out.splitlines() if line.startswith("done ")]
        spans.append((float(done[0][1]), float(done[0][2])))
    return spans


def overlapped(spans: list[tuple[float, float]]) -> bool:
    return max(first for first, _ in spans) < min(last for _, last in spans)


@pytest.mark.slow
def test_two_processes_writing_two_hundred_entries_each_at_once_keep_all_four_hundred(tmp_path: Path):
    """Fifty each under `pytest`, two hundred under `pytest -m slow`."""
    path = tmp_path / "coach.json"
    each = sized(50, 200)
    spans = run_together(path, [("step", "a", each), ("step", "b", each)])
    assert overlapped(spans), f"the writers did not run at the same time: {spans}"
    entries = Store(path, clock).read().entries
    assert len(entries) == 2 * each
    assert len({e.id for e in entries}) == 2 * each
    assert sorted(e.subject for e in entries) == sorted(f"{p}{n}" for p in "ab" for n in range(each))


@pytest.mark.slow
def test_three_processes_logging_hearing_and_reflecting_at_once_lose_nothing(tmp_path: Path):
    """Twenty each under `pytest`, sixty under `pytest -m slow`."""
    path = tmp_path / "coach.json"
    each = sized(20, 60)
    spans = run_together(path, [("step", "person", each), ("heard", "reader", each), ("reflect", "thought", each)])
    assert overlapped(spans), f"the writers did not run at the same time: {spans}"
    history = Store(path, clock).read()
    assert sorted(e.subject for e in history.entries) == sorted(f"person{n}" for n in range(each))
    assert sorted(h.person for h in history.heard) == sorted(f"reader{n}" for n in range(each))
    assert {day: r.text for day, r in history.reflections.items()} == {
        TODAY - timedelta(days=n): f"thought{n}" for n in range(each)
    }


# --- a lock held too long -----------------------------------------------------------------------------

def test_a_lock_held_by_another_process_is_a_quick_one_line_refusal_that_changes_nothing(tmp_path: Path):
    path = tmp_path / "coach.json"
    store = Store(path, clock, lock_timeout=0.3)
    routine.log_step(store, "connect", "jane")
    before, before_stat = path.read_bytes(), path.stat()
    holder = start(path, "hold")
    try:
        expect(holder, "held")
        began = time.monotonic()
        with pytest.raises(StoreLocked) as caught:
            routine.log_step(store, "connect", "sam")
        waited = time.monotonic() - began
        assert [e.subject for e in store.read().entries] == ["jane"]  # reading needs no lock
    finally:
        stop(holder)
    assert 0.25 <= waited < 2.0, waited
    message = str(caught.value)
    assert "\n" not in message
    assert str(store.path) in message and "busy" in message
    assert path.read_bytes() == before
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (before_stat.st_ino, before_stat.st_mtime_ns)
    assert strays(path) == []
    routine.log_step(store, "connect", "sam")  # the lock is free again once the other process lets go
    assert [e.subject for e in store.read().entries] == ["jane", "sam"]


def test_the_lock_of_a_killed_process_is_free_at_once(tmp_path: Path):
    """A coach killed while it held the lock must not lock the file for ever (the kernel drops it)."""
    path = tmp_path / "coach.json"
    store = Store(path, clock, lock_timeout=0.3)
    routine.log_step(store, "connect", "jane")
    holder = start(path, "hold")
    expect(holder, "held")
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=10)
    assert Path(str(path) + ".lock").exists()  # the lock file stays; the lock on it does not
    routine.log_step(store, "connect", "sam")
    assert [e.subject for e in store.read().entries] == ["jane", "sam"]
