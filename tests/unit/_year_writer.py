"""A writer for tests/unit/test_closed_years_safety.py: edits a record of a closed year until killed.

    python tests/unit/_year_writer.py PATH ENTRY_ID

It prints "ready" once imported. On each "go N" it forks a writer that says "pid PID" and then sets
the entry's note to crash-N, crash-N+1, ... (each a change that gives the year a new file, replaces
the data file and removes the old year file), saying "ok crash-N" after each; once the writer is dead
this process says "died STATUS".
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from habits.routine import edit_entry
from habits.store import Store

NOW = datetime(2026, 11, 21, 9, 0).astimezone()


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def edit_until_killed(path: str, entry_id: str, n: int) -> None:
    try:
        store = Store(path, lambda: NOW, lock_timeout=120)
        say(f"pid {os.getpid()}")
        while True:
            edit_entry(store, entry_id, note=f"crash-{n}")
            say(f"ok crash-{n}")
            n += 1
    except BaseException as error:  # noqa: BLE001 (anything but the kill is a failure the test must see)
        say(f"failed {type(error).__name__}: {error}")
    finally:
        os._exit(3)


def main() -> None:
    path, entry_id = sys.argv[1:3]
    say("ready")
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            edit_until_killed(path, entry_id, int(line.split()[1]))
        _, status = os.waitpid(pid, 0)
        say(f"died {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main()
