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
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from habits.text import InputError, printable, shown

if TYPE_CHECKING:
    from aiohttp import web

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

    allowed = allowed_hosts(host, port, url)

    class CoachServer(Server):
        """textual-serve's server, answering only requests addressed to it (see refusal)."""

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            return refusal(request, allowed) or await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
            return refusal(request, allowed, websocket=True) or await super().handle_websocket(request)

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            return refusal(request, allowed) or await super().handle_download(request)

        async def on_startup(self, app: object) -> None:
            # One plain line instead of textual-serve's logo: where to go, and how to stop.
            print(f"coach: serving the app on {address} for {printable(str(data))} (ctrl+c stops it)", file=sys.stderr)
            if public:
                print("coach: --public: anyone who reaches this address can read and change your history",
                      file=sys.stderr)

    CoachServer(command, host=host.strip("[]"), port=port, title="coach", public_url=address).serve()
    return 0


def allowed_hosts(host: str, port: int, url: str | None) -> frozenset[str] | None:
    """The Host headers a request to this server may carry: this machine's names for the loopback, with
    the port; the address --url gives. None (any) when serving every address of the machine (--public
    with 0.0.0.0), where a browser may name it by any of them."""
    if _any_address(host):
        return None
    names = {host.strip("[]").lower(), "127.0.0.1", "localhost", "::1"} if is_loopback(host) else {host.strip("[]").lower()}
    found = {f"{_in_url(name)}:{port}" for name in names}
    if url:
        found.add(urlsplit(url).netloc.lower())
    return frozenset(found)


def refusal(request: web.Request, allowed: frozenset[str] | None, websocket: bool = False) -> web.Response | None:
    """A 403 for a request this server must not answer, else None. Without a login, the served app trusts
    whoever reaches it; these keep out the two ways a web page elsewhere would reach it through the user's
    own browser:
    - a Host this server does not go by: a site whose name was made to point at 127.0.0.1 (DNS rebinding);
    - for the websocket that drives the app, an Origin other than the page's own (any site's script may
      open a websocket to 127.0.0.1, and the browser says which site asked)."""
    from aiohttp import web  # textual-serve's web server

    host = (request.headers.get("Host") or "").lower()
    if allowed is not None and host not in allowed:
        return web.Response(status=403, text=f"coach serve answers on {', '.join(sorted(allowed))} only\n")
    if websocket:
        origin = request.headers.get("Origin")
        if origin is None or urlsplit(origin).netloc.lower() != host:
            return web.Response(status=403, text="coach serve's app is for its own page only\n")
    return None


def _any_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def _in_url(host: str) -> str:
    return f"[{host.strip('[]')}]" if ":" in host else host
