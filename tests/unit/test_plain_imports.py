"""A plain command imports what its work needs and nothing more: each is run in a fresh interpreter and
the modules it loaded are looked at. (A module is most of a plain command's start: Python's own start and
the imports are most of `coach status`.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

RUN = """
import sys
from coach.cli import main
code = main(['--db', sys.argv[1], *sys.argv[2:]])
print('CODE', code)
print('MODULES', ' '.join(sorted(sys.modules)))
"""


def loaded(tmp_path: Path, *argv: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COACH_NOW": "2026-11-21T09:00"}
    env.pop("COACH_DB", None)
    db = str(tmp_path / "coach.json")
    if not Path(db).exists():  # yesterday's steps, so that today's command finds a file as coach leaves it
        for kind, subject in (("brainstorm", "poets"), ("connect", "@jane"), ("share", "@sam")):
            subprocess.run([sys.executable, "-m", "coach", "--db", db, "log", kind, subject, "--date", "yesterday"],
                           cwd=REPO, env=env, check=True, capture_output=True, timeout=60)
    done = subprocess.run([sys.executable, "-c", RUN, db, *argv], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if line.startswith(("CODE", "MODULES")))
    assert lines["CODE"] == "0"
    return set(lines["MODULES"].split())


def at_start() -> set[str]:
    """What this interpreter loads before coach does (a site that imports typing is no fault of coach's)."""
    done = subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sys.modules))"], capture_output=True,
                          text=True, timeout=60, check=True)
    return set(done.stdout.split())


# What a change needs and a read does not: the lock, the transaction and its journal, the backups, TinyDB,
# the step's fields (options and cleaning), the people's rules; and what only the coach's suggestions need.
WRITERS = {"habits.store.lock", "habits.store.transaction", "habits.store.journal", "habits.store.backups",
           "habits.store.image", "tinydb", "habits.fields", "habits.people"}
SUGGESTIONS = {"habits.coaching", "habits.audience_map", "habits.aggregates"}
# Standard modules argparse's help and strptime would bring in, which no plain command needs.
NEVER = {"shutil", "_strptime", "bz2", "lzma", "calendar"}


def test_coach_status_imports_no_writer_and_no_suggestion(tmp_path):
    found = loaded(tmp_path, "status", "--json")
    assert found & (WRITERS | SUGGESTIONS | NEVER) == set()
    # The summary's first line is read with the standard json module: orjson's import (uuid, platform)
    # would cost more than all of status's work (habits/store/summary.py).
    assert found & {"orjson", "uuid", "platform"} == set()
    # Nor typing: the modules it loads ask for typing's names only when a type checker reads them.
    assert "typing" not in found or "typing" in at_start()


def test_coach_log_imports_no_suggestion_nor_what_argparse_and_strptime_would(tmp_path):
    found = loaded(tmp_path, "log", "connect", "Jane Doe")
    assert {"habits.store.transaction", "tinydb"} <= found  # it does write
    # Its figures are tallies (habits/tallies.py): nothing of how the coach reads them.
    assert found & ({"habits.coaching", "habits.audience_map", "habits.aggregates"} | NEVER) == set()
