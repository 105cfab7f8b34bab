"""`coach serve`: what it refuses before serving, and that what it serves is the app's page. The app drawn
in a real browser is tests/browser/ (`pytest -m browser`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.serve import allowed_hosts, is_loopback
from tests.cli.conftest import NOW, REPO
from tests.ports import free_port


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


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, subprocess.Popen]]:
    """`coach serve` on a free loopback port, over a data file of its own, for this module's tests."""
    port = free_port()
    env = {**os.environ, "COACH_DB": str(tmp_path_factory.mktemp("serve") / "coach.json"), "COACH_NOW": NOW}
    server = subprocess.Popen([sys.executable, "-m", "coach", "serve", "--port", str(port)], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield port, server
    finally:
        server.terminate()
        server.wait(15)


def request(port: int, path: str = "/", **headers: str) -> tuple[int, str]:
    """A GET with these headers (Host: the served address unless given); the status and the body."""
    asked = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": f"127.0.0.1:{port}", **headers})
    try:
        with urllib.request.urlopen(asked, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def upgrade(port: int, **headers: str) -> str:
    """The status line the server answers a websocket upgrade of /ws with."""
    lines = {"Host": f"127.0.0.1:{port}", "Upgrade": "websocket", "Connection": "Upgrade",
             "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13", **headers}
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        head = "GET /ws?width=80&height=24 HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in lines.items() if v)
        connection.sendall((head + "\r\n").encode())
        return connection.recv(200).split(b"\r\n")[0].decode()


def test_it_serves_the_app_page_on_the_loopback(served):
    port, _ = served
    status, page = request(port)
    assert status == 200
    assert "js/textual.js" in page and "<div>coach</div>" in page  # textual-serve's page, named coach
    assert f"ws://127.0.0.1:{port}/ws" in page  # the tab's app is reached on the loopback too
    assert request(port, Host=f"localhost:{port}")[0] == 200


def test_a_page_for_another_name_is_refused(served):
    # A site whose name was made to point at 127.0.0.1 (DNS rebinding) would send its own name.
    port, _ = served
    status, body = request(port, Host=f"evil.example:{port}")
    assert status == 403 and "answers on" in body


def test_the_app_s_websocket_is_for_its_own_page_only(served):
    port, _ = served
    assert upgrade(port, Origin=f"http://127.0.0.1:{port}") == "HTTP/1.1 101 Switching Protocols"
    # Any site's script may open a websocket to the loopback; its Origin says whose it is.
    assert upgrade(port, Origin="http://evil.example").startswith("HTTP/1.1 403")
    assert upgrade(port, Origin="").startswith("HTTP/1.1 403")  # no Origin: not a browser on the page
    assert upgrade(port, Host=f"evil.example:{port}", Origin=f"http://evil.example:{port}").startswith("HTTP/1.1 403")


def test_it_stops_on_a_signal_and_says_where_it_served(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "COACH_DB": str(tmp_path / "coach.json"), "COACH_NOW": NOW}
    server = subprocess.Popen([sys.executable, "-m", "coach", "serve", "--port", str(port)], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (_listening(port) and request(port)[0] == 200):
            time.sleep(0.1)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=15)
    assert server.returncode == 0
    assert f"coach: serving the app on http://127.0.0.1:{port} for {tmp_path / 'coach.json'}" in err
    assert "Traceback" not in err + out


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_the_hosts_a_request_may_name():
    assert allowed_hosts("127.0.0.1", 8000, None) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert allowed_hosts("localhost", 80, "https://coach.example.org/") >= {"coach.example.org", "localhost:80"}
    assert allowed_hosts("192.168.1.20", 8000, None) == {"192.168.1.20:8000"}
    assert allowed_hosts("0.0.0.0", 8000, None) is None  # every address of the machine: any name it goes by
