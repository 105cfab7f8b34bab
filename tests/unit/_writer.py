"""A writer process for the store's safety tests: imports coach's store, then writes when told.

    python tests/unit/_writer.py PATH crash          # on each "go N": a new process logs crash-N, N+1, ...
    python tests/unit/_writer.py PATH crash-edit ID  # the same, setting entry ID's note to crash-N, N+1, ...
                                                     # "go N S": it writes crash-N alone, and kills itself
                                                     # just before its S-th file operation (see kill_at_step)
    python tests/unit/_writer.py PATH step PREFIX C  # on "go": C connect entries PREFIX0 .. PREFIX{C-1}
    python tests/unit/_writer.py PATH heard PREFIX C # on "go": C heard-backs from PREFIX0 ..
    python tests/unit/_writer.py PATH reflect PREFIX C  # on "go": reflections on C distinct past days
    python tests/unit/_writer.py PATH hold           # takes the file's lock, says "held", keeps it until stdin closes

It prints "ready" once imported, so that a test can start several writers together, and "ok NAME",
flushed, after each write that returned: a name printed is a write coach reported as done.

In crash mode this process only imports and forks: each "go N" forks a fresh writer process, which
says "pid PID" and then writes until the test kills it; once it is dead this process says "died
STATUS" and waits for the next "go". A kill costs no new interpreter start (0.3 s here), and every
writer killed is still a real process running coach's real code from a fresh Store. The test kills it
at a random moment (`go N`), or has it kill itself at a chosen step of its write (`go N S`): stepping S
from 1 until a write ends whole puts a kill before every open, fsync, rename, link and unlink it makes.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from habits.routine import edit_entry, log_heard, log_step, set_reflection
from habits.store import Store

NOW = datetime(2026, 11, 21, 9, 0).astimezone()
TODAY = date(2026, 11, 21)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# What a write does to files, and so where a kill can fall between two things that change the disk.
FILE_STEPS = ("open", "fsync", "chmod", "replace", "rename", "link", "unlink", "mkdir", "rmdir")


def kill_at_step(step: int) -> None:
    """Makes this process's `step`-th file operation from now on (os.open, fsync, replace, link…) its
    last: it says "at NAME" and dies by SIGKILL just before it, as if killed from outside at that moment."""
    count = 0

    def wrap(name, real):
        def file_step(*args, **kwargs):
            nonlocal count
            count += 1
            if count == step:
                say(f"at {name}")
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return file_step

    for name in FILE_STEPS:
        setattr(os, name, wrap(name, getattr(os, name)))


def crash_writer(path: str, n: int, edit: str | None = None, step: int = 0) -> None:
    """Logs crash-N, crash-N+1, ... (or makes them the note of the entry `edit`: a change that gives a
    closed year a new file) until killed; never returns into the forking loop. With a `step`, writes
    crash-N alone, killing itself at that step of the write, and ends (status 0) if the write has fewer."""
    try:
        store = Store(path, lambda: NOW, lock_timeout=120)
        say(f"pid {os.getpid()}")
        if step:
            kill_at_step(step)
        while True:
            name = f"crash-{n}"
            if edit is None:
                log_step(store, "connect", name)
            else:
                edit_entry(store, edit, note=name)
            say(f"ok {name}")
            n += 1
            if step:
                os._exit(0)
    except BaseException as error:  # noqa: BLE001 (anything but the kill is a failure the test must see)
        say(f"failed {type(error).__name__}: {error}")
    finally:
        os._exit(3)


def main() -> None:
    path, mode, *rest = sys.argv[1:]
    # Several writers queue for the lock, and filelock's 50 ms polling lets one that writes without a
    # pause go first again and again: on a loaded machine the other may wait longer than the default
    # 10 s, which this test is not about (tests of the time-out hold the lock themselves).
    store = Store(path, lambda: NOW, lock_timeout=120)
    if mode == "hold":
        from filelock import FileLock

        with FileLock(path + ".lock"):
            say("held")
            sys.stdin.read()  # until the test closes our stdin
        return
    say("ready")
    if mode in ("crash", "crash-edit"):
        for line in sys.stdin:
            _, n, *step = line.split()
            pid = os.fork()
            if pid == 0:
                crash_writer(path, int(n), rest[0] if mode == "crash-edit" else None, int(step[0]) if step else 0)
            _, status = os.waitpid(pid, 0)
            say(f"died {os.waitstatus_to_exitcode(status)}")
        return
    go = sys.stdin.readline().split()
    if not go or go[0] != "go":
        return
    prefix, count = rest[0], int(rest[1])
    first = time.monotonic()
    for n in range(count):
        name = f"{prefix}{n}"
        if mode == "step":
            log_step(store, "connect", name)
        elif mode == "heard":
            log_heard(store, name)
        elif mode == "reflect":
            set_reflection(store, name, day=TODAY - timedelta(days=n))
        else:
            raise SystemExit(f"unknown mode {mode!r}")
        say(f"ok {name}")
    say(f"done {first} {time.monotonic()}")


if __name__ == "__main__":
    main()
