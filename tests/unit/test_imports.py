"""habits/ and the plain commands load no Textual or Rich: a fresh interpreter checks what got imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("textual", "rich")


def run_python(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COACH_NOW": "2026-11-21T09:00"}
    env.pop("COACH_DB", None)
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_habits_loads_no_textual_rich_or_platformdirs():
    code = (
        "import sys, pkgutil, importlib, habits\n"
        "for module in pkgutil.iter_modules(habits.__path__):\n"
        "    importlib.import_module('habits.' + module.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'platformdirs')))\n"
    )
    assert run_python(code) == "[]"


RUN_COMMANDS = """
import json, sys
from coach.cli import main
for argv in json.loads(sys.argv[2]):
    code = main(['--db', sys.argv[1], *argv])
    print('LOADED', code, any(m.split('.')[0] in %r for m in sys.modules))
""" % (HEAVY,)


@pytest.mark.parametrize(
    "commands",
    [
        [["status"], ["status", "--json"], ["status", "--short"], ["config"]],
        [["log", "connect", "jane"]],
    ],
    ids=["status-and-config", "log-connect"],
)
def test_a_plain_command_loads_no_textual_or_rich(tmp_path, commands):
    out = run_python(RUN_COMMANDS, str(tmp_path / "coach.json"), json.dumps(commands))
    loaded = [line for line in out.splitlines() if line.startswith("LOADED ")]
    assert loaded == ["LOADED 0 False"] * len(commands)


# The faces reach the data through the door (habits/coach.py) and build from the model and the words;
# the store, the operations behind the door, the exchange and TinyDB are the door's own business.
FACES_MAY_IMPORT = {
    "habits.coach",  # the door
    "habits.model", "habits.fields", "habits.people", "habits.coaching", "habits.review", "habits.audiences",
    "habits.audience_map", "habits.calendar", "habits.settings",  # the model: what a snapshot's values are
    "habits.wording", "habits.text", "habits.days", "habits.prompts",  # the words and the dates
}


def _imports(path: Path) -> set[str]:
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_faces_import_only_the_door_the_model_and_the_words():
    strays = {
        f"{path.relative_to(REPO)}: {module}"
        for path in sorted((REPO / "coach").rglob("*.py"))
        for module in _imports(path)
        if (module.split(".")[0] in ("habits", "tinydb") and module not in FACES_MAY_IMPORT)
    }
    assert strays == set()


def test_nothing_outside_the_store_touches_tinydb():
    strays = {
        str(path.relative_to(REPO))
        for folder in ("coach", "habits", "bench")
        for path in sorted((REPO / folder).rglob("*.py"))
        # Not a hidden folder's: bench/.cache holds a virtual environment, thousands of files not coach's.
        if not any(part.startswith(".") for part in path.relative_to(REPO).parts)
        and "store" not in path.relative_to(REPO).parts and any(m.split(".")[0] == "tinydb" for m in _imports(path))
    }
    assert strays == set()


LOADS_TINYDB = """
import sys
from coach.cli import main
code = main(['--db', sys.argv[1], *sys.argv[2].split()])
print('TINYDB', code, 'tinydb' in sys.modules)
"""


def test_only_a_command_that_writes_loads_tinydb(tmp_path):
    """TinyDB is the writers' (habits/store/image.py, imported by a transaction): a command that only reads
    the file, the summary or the whole history, never loads it. Each command in a fresh interpreter."""
    db = str(tmp_path / "coach.json")
    assert run_python(LOADS_TINYDB, db, "log connect jane").splitlines()[-1] == "TINYDB 0 True"
    for command in ("status", "status --json", "config", "people", "export", "doctor"):
        assert run_python(LOADS_TINYDB, db, command).splitlines()[-1] == "TINYDB 0 False", command
