"""`coach serve`: the full-screen app in a browser, through textual-serve (Textual's makers' web server).

Each browser tab that opens the page starts its own `coach` process on the same data file, drawn by
Textual's web driver: the same app, the same rules of the data file (the lock, atomic writes, backups),
and the app's change check shows each tab what another tab, or `coach log` in a terminal, changed.
Only the loopback address is served unless `--public` says otherwise: there is no login.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from pathlib import Path

from habits.text import InputError, shown

# Textual's driver for an app drawn in a browser: textual-serve names it in the app's environment.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine's own address only (127.0.0.1, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int, public: bool) -> None:
    """Refuses a port out of range, a host that is not the loopback without --public, and a port
    another program holds, each in one line."""
    if not 1 <= port <= 65535:
        raise InputError(f"--port takes a port number from 1 to 65535, not {port}")
    if not public and not is_loopback(host):
        raise InputError(f"{shown(host)} is not this machine's loopback address: anyone who can reach it could "
                         f"read and change your whole history, with no password; add --public if that is what "
                         f"you want (README: In a browser)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as error:
        if isinstance(error, socket.gaierror):
            raise InputError(f"{shown(host)} is not an address of this machine ({error.strerror})") from None
        raise InputError(f"cannot serve on {host} port {port}: {error.strerror or error}; "
                         f"another program may hold it (give another with --port)") from None


def serve(data: Path, host: str, port: int, public: bool, url: str | None = None) -> int:
    """Serves the app until ctrl+c; the exit code."""
    check_address(host, port, public)
    from textual_serve.server import Server

    # The app each tab starts: this Python, this coach, this very data file (made absolute, as the served
    # processes may start elsewhere), and this machine's name for the sync rules.
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "coach", "--db", str(data.resolve())))
    address = url or f"http://{_in_url(host if not _any_address(host) else socket.gethostname())}:{port}"

    class CoachServer(Server):
        async def on_startup(self, app: object) -> None:
            # One plain line instead of textual-serve's logo: where to go, and how to stop.
            print(f"coach: serving the app on {address} for {data} (ctrl+c stops it)", file=sys.stderr)
            if public:
                print("coach: --public: anyone who reaches this address can read and change your history",
                      file=sys.stderr)

    CoachServer(command, host=host.strip("[]"), port=port, title="coach", public_url=address).serve()
    return 0


def _any_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def _in_url(host: str) -> str:
    return f"[{host.strip('[]')}]" if ":" in host else host
