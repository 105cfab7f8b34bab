"""`coach serve`: what it refuses before serving, and that what it serves is the app's page. The app drawn
in a real browser is tests/browser/ (`pytest -m browser`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from coach.serve import is_loopback
from tests.cli.conftest import NOW, REPO


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]", "127.0.0.2"])
def test_the_loopback_is_this_machine_only(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", "", "127.0.0.1.example"])
def test_any_other_address_is_not_the_loopback(host):
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.org"])
def test_another_address_is_refused_without_public(run_coach, db, host):
    result = run_coach("serve", "--host", host)
    assert result.code == 1
    assert result.err_lines == [result.err_lines[0]] and result.err.startswith("coach: ")
    assert "not this machine's loopback address" in result.err and "--public" in result.err
    assert not db.exists()  # nothing opened, nothing written


@pytest.mark.parametrize("port", ["0", "65536", "-1"])
def test_a_port_out_of_range_is_refused(run_coach, port):
    result = run_coach("serve", "--port", port)
    assert result.code == 1 and "--port takes a port number from 1 to 65535" in result.err


def test_a_port_that_is_not_a_number_is_a_usage_error(run_coach):
    result = run_coach("serve", "--port", "eighty")
    assert result.code == 2 and result.err.startswith("coach: ")


def test_a_port_another_program_holds_is_refused_in_one_line(run_coach):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_coach("serve", "--port", str(port))
    assert result.code == 1
    assert result.err_lines == [f"coach: cannot serve on 127.0.0.1 port {port}: Address already in use; "
                                f"another program may hold it (give another with --port)"]


def test_a_damaged_data_file_is_said_before_serving(run_coach, db):
    db.parent.mkdir(parents=True)
    db.write_text("{ not json")
    result = run_coach("serve", "--port", "1")  # never reached: the file is read first
    assert result.code == 1 and result.err.startswith("coach: ") and len(result.err_lines) == 1
    assert db.read_text() == "{ not json"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_it_serves_the_app_page_on_the_loopback_and_stops_on_a_signal(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "COACH_DB": str(tmp_path / "coach.json"), "COACH_NOW": NOW}
    server = subprocess.Popen([sys.executable, "-m", "coach", "serve", "--port", str(port)], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        page = None
        while page is None and time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.1)
        assert page is not None, "coach serve did not answer within 30 s"
        assert "js/textual.js" in page and "<div>coach</div>" in page  # textual-serve's page, named coach
        assert f"ws://127.0.0.1:{port}/ws" in page  # the tab's app is reached on the loopback too
    finally:
        server.terminate()
        out, err = server.communicate(timeout=15)
    assert f"coach: serving the app on http://127.0.0.1:{port}" in err
    assert "Traceback" not in err + out
