"""Fixtures for the plain commands: a temp data file through COACH_DB, a fixed COACH_NOW, and two ways
to run `coach`: in-process through `main()` (fast) and as a real process (exit codes, stderr, tracebacks)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.cli import main

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-21T09:00"  # a Saturday morning, local time


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data file COACH_DB names (not created); COACH_NOW fixes the clock."""
    path = tmp_path / "data" / "coach.json"
    monkeypatch.setenv("COACH_DB", str(path))
    monkeypatch.setenv("COACH_NOW", NOW)
    return path


@pytest.fixture
def run_coach(db: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """`coach ARGS…` in this process."""

    def run(*argv: str) -> Result:
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def run_coach_process(db: Path) -> Callable[..., Result]:
    """`python -m coach ARGS…` as its own process, from the repository, with the same environment."""

    def run(*argv: str, **env: str) -> Result:
        environment = {**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW, **env}
        done = subprocess.run(
            [sys.executable, "-m", "coach", *argv], cwd=REPO, env=environment,
            capture_output=True, text=True, encoding="utf-8", timeout=60,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run
