"""A plain command runs with Python's cyclic garbage collector off and leaves it as it found it; the
screens, which live on, collect as usual. (Its collections were a tenth of `coach log`'s and of `coach
status`'s time: the modules' objects, the data file's records and the exit's last walk over them all.)
The check-in starts the same way and collects from its first frame on (tests/app/test_quick.py)."""

from __future__ import annotations

import gc

import pytest

import coach.cli as cli


@pytest.fixture
def seen(monkeypatch) -> list[bool]:
    found: list[bool] = []
    real = cli.cmd_status

    def status(args, coach):
        found.append(gc.isenabled())
        return real(args, coach)

    monkeypatch.setattr(cli, "cmd_status", status)
    return found


def test_a_plain_command_runs_without_the_collector_and_gives_it_back(tmp_path, seen, monkeypatch, capsys):
    monkeypatch.setenv("COACH_NOW", "2026-11-21T09:00")
    assert gc.isenabled()
    assert cli.main(["--db", str(tmp_path / "coach.json"), "status", "--json"]) == 0
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:  # a caller that had it off finds it off
        assert cli.main(["--db", str(tmp_path / "coach.json"), "status"]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_check_in_starts_without_the_collector_and_gives_it_back(tmp_path, monkeypatch):
    import coach.quick

    monkeypatch.setenv("COACH_NOW", "2026-11-21T09:00")
    found: list[bool] = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(coach.quick, "run_check_in", lambda door: found.append(gc.isenabled()) or 0)
    assert cli.main(["--db", str(tmp_path / "coach.json"), "--quick"]) == 0
    # Off until the check-in's first frame is painted (coach/quick.py turns it on then), on again after.
    assert found == [False] and gc.isenabled()
