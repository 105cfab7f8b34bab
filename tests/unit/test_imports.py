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
