"""Two real Syncthing instances on loopback, sharing one folder: the harness for tests/sync.

`SyncPair(root)` makes two devices, "laptop" and "desktop", each with its own Syncthing home
(`syncthing generate`), its own folder (root/laptop, root/desktop) and its own ports on 127.0.0.1:
the GUI/REST API with a known API key, and the sync protocol listening on 127.0.0.1:PORT only. Each
knows the other by the explicit address tcp://127.0.0.1:PORT; everything that would reach past
loopback is off (global and local discovery, relays, NAT traversal and STUN, usage and crash
reporting, upgrades). They share one send-receive folder, "coach", watched for changes (1 s delay)
and rescanned every few seconds.

    with SyncPair(tmp_path) as pair:        # start(): both running and connected; stop() on exit
        (pair.laptop.folder / "a").write_text("x")
        pair.wait_in_sync()                 # both idle, nothing needed, the two trees the same
        pair.pause()                        # the link down, both ways; each side edits alone
        pair.resume()
        pair.wait_in_sync()
        pair.conflicts()                    # the *.sync-conflict-* files beside the data, both sides

It needs only the `syncthing` binary (Debian's package, 1.19 here) and loopback. Startup takes about
1 s after key generation, a sync about 0.7 s. Used by tests/sync/test_syncthing.py; run with
`pytest -m sync tests/sync`.

Syncthing 1.19's quirks, and what this does about them:
- it dials out of its own listening port, so on loopback both directions of a link share one
  four-tuple and a quick pause/resume is torn down again: each device listens on tcp4://127.0.0.1:P
  and is dialled at tcp://127.0.0.1:P, and a "tcp4" listener is never reused for a "tcp" dial;
- two devices dialling each other in the same instant wait 20 s on each other's Hello: start() starts
  the desktop first, and resume() unpauses the laptop first, waits for its dial to be turned away,
  then unpauses the desktop;
- the connection loop sleeps at least 5 s (reconnectionIntervalS below that does not help), a failed
  pull waits 60 s (pullerPauseS: 1), and startup benchmarks SHA-256 for about a second (STHASHING);
- /rest/db/status can say "idle, nothing needed" before the watcher has reported a fresh write, so
  wait_in_sync() scans first and compares the two trees itself.
"""

from __future__ import annotations

import ctypes
import fnmatch
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

FOLDER_ID = "coach"
# What Syncthing keeps in a folder for itself, or writes while it pulls: not part of the synced data.
IGNORED = (".stfolder", ".stversions", "*.tmp", ".syncthing.*", "~syncthing~*", ".stignore")
CONFLICT = "*.sync-conflict-*"
REJECTED_PAUSED = "rejected: device is paused"  # Syncthing 1.19's log line for a dial from a paused device


def free_ports(count: int) -> list[int]:
    """`count` distinct TCP ports free on 127.0.0.1 just now (held open together, so all differ)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _set(parent: ET.Element, tag: str, value: object) -> None:
    """<parent><tag>value</tag></parent>: the child made if missing, its text replaced."""
    child = parent.find(tag)
    if child is None:
        child = ET.SubElement(parent, tag)
    child.text = str(value).lower() if isinstance(value, bool) else str(value)


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the test process dies, so a killed run leaves no Syncthing."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED)


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256), Syncthing's own files and temporaries left out."""
    files: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [name for name in dirnames if not _ignored(name)]
        for name in filenames:
            if _ignored(name):
                continue
            path = Path(dirpath, name)
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except FileNotFoundError:  # renamed or removed while we walked: the next poll sees it
                continue
            files[path.relative_to(folder).as_posix()] = digest
    return files


@dataclass
class Device:
    """One Syncthing instance: its home, its synced folder, its ports, and its REST API."""

    name: str
    root: Path
    gui_port: int
    sync_port: int
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def home(self) -> Path:
        return self.root / f"{self.name}.syncthing"

    @property
    def folder(self) -> Path:
        return self.root / self.name

    @property
    def log(self) -> Path:
        return self.home / "syncthing.log"

    @property
    def sync_address(self) -> str:
        """Where the other device dials this one."""
        return f"tcp://127.0.0.1:{self.sync_port}"

    @property
    def listen_address(self) -> str:
        """Where this device listens: the same port, under the scheme "tcp4".

        Syncthing 1.19 dials out of its own listening port when it has a listener whose scheme is a
        prefix of the dialled one ("tcp" for "tcp://…"). Between two devices on loopback both directions
        of the link are then the same four-tuple, and a link taken down and brought back at once (pause,
        resume) is closed again by the old connection's leftovers: 5 s more, or 25. A "tcp4" listener is
        not reused for a "tcp://" dial, so each dial comes from a fresh port.
        """
        return f"tcp4://127.0.0.1:{self.sync_port}"

    def generate(self, env: dict[str, str]) -> None:
        """Keys, certificate and a default config.xml; the device ID read back from it."""
        subprocess.run(["syncthing", "generate", f"--home={self.home}", "--skip-port-probing", "--no-default-folder"],
                       env=env, check=True, capture_output=True, timeout=60)
        own = ET.parse(self.home / "config.xml").getroot().find("device")
        assert own is not None, f"{self.home}/config.xml has no device"
        self.device_id = own.attrib["id"]

    def configure(self, other: Device, *, rescan_s: int, watcher_delay_s: int) -> None:
        """Rewrite config.xml: loopback only, nothing phoned home, the other device known, the folder shared."""
        path = self.home / "config.xml"
        document = ET.parse(path)
        config = document.getroot()

        own = config.find("device")
        assert own is not None and own.attrib["id"] == self.device_id
        for stale in config.findall("device")[1:] + config.findall("folder"):  # from an earlier configure()
            config.remove(stale)
        own.attrib["name"] = self.name
        _set(own, "address", self.sync_address)
        peer = ET.fromstring(ET.tostring(own))
        peer.attrib.update(id=other.device_id, name=other.name)
        _set(peer, "address", other.sync_address)
        config.insert(list(config).index(own) + 1, peer)

        gui = config.find("gui")
        assert gui is not None
        gui.attrib.update(enabled="true", tls="false")
        _set(gui, "address", f"127.0.0.1:{self.gui_port}")
        _set(gui, "apikey", self.api_key)

        options = config.find("options")
        assert options is not None
        for key, value in {
            "listenAddress": self.listen_address,
            "globalAnnounceEnabled": False,
            "localAnnounceEnabled": False,
            "relaysEnabled": False,
            "natEnabled": False,  # NAT-PMP/UPnP, and STUN with it
            "urAccepted": -1,  # usage reporting declined, and never asked
            "urSeen": 3,
            "autoUpgradeIntervalH": 0,
            "crashReportingEnabled": False,
            "startBrowser": False,
            "announceLANAddresses": False,
            "setLowPriority": False,
            "reconnectionIntervalS": 1,  # an address's redial interval (default 60); the loop still sleeps 5 s
            "progressUpdateIntervalS": -1,
        }.items():
            _set(options, key, value)

        defaults = config.find("defaults/folder")
        assert defaults is not None
        folder = ET.fromstring(ET.tostring(defaults))
        folder.attrib.update(id=FOLDER_ID, label=FOLDER_ID, path=str(self.folder), type="sendreceive",
                             rescanIntervalS=str(rescan_s), fsWatcherEnabled="true",
                             fsWatcherDelayS=str(watcher_delay_s))
        for device in folder.findall("device"):
            folder.remove(device)
        for device_id in (self.device_id, other.device_id):
            member = ET.SubElement(folder, "device", id=device_id, introducedBy="")
            ET.SubElement(member, "encryptionPassword")
        _set(folder, "pullerPauseS", 1)  # retry a failed pull after 1 s, not the default 60 s
        config.insert(list(config).index(gui), folder)

        document.write(path, encoding="unicode")

    def start(self, env: dict[str, str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = self.log.open("ab")
        try:
            self.process = subprocess.Popen(
                ["syncthing", "serve", f"--home={self.home}", "--no-browser", "--no-restart", "--no-upgrade",
                 "--logflags=6"],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent)  # noqa: PLW1509 - prctl only, no locks taken
        finally:
            log.close()

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM, wait; SIGKILL if it lingers."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)

    def api(self, method: str, path: str, body: Any = None, *, timeout: float = 30, **params: str) -> Any:
        """One REST call: its decoded JSON answer (None when empty)."""
        url = f"http://127.0.0.1:{self.gui_port}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers={
            "X-API-Key": self.api_key, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = response.read()
        return json.loads(answer) if answer.strip() else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def connected_to(self, other: Device) -> bool:
        connections = self.api("GET", "/rest/system/connections")["connections"]
        return bool(connections.get(other.device_id, {}).get("connected"))

    def conflicts(self) -> list[Path]:
        """The conflict copies Syncthing left in the folder itself (not in subfolders such as backups)."""
        return sorted(path for path in self.folder.glob(CONFLICT) if not _ignored(path.name))

    def log_count(self, text: str) -> int:
        """How many lines of the log hold `text`."""
        try:
            return sum(text in line for line in self.log.read_text(errors="replace").splitlines())
        except FileNotFoundError:
            return 0

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except FileNotFoundError:
            return f"({self.log} was never written)"
        return "\n".join(text.splitlines()[-lines:])


class SyncPair:
    """Two Syncthing devices, "laptop" and "desktop", sharing the folder "coach" over loopback.

    `start()` returns once both REST APIs answer and the two are connected; `stop()` ends both processes
    (always call it: the context manager does). `pause()`/`resume()` take the link down and up on both
    sides; `wait_in_sync()` returns once neither side has anything left to do and both trees are equal.
    """

    def __init__(self, root: Path, *, rescan_s: int = 5, watcher_delay_s: int = 1) -> None:
        self.root = Path(root)
        self.rescan_s = rescan_s
        self.timings: list[tuple[str, float]] = []  # (what, seconds) of each start, pause, resume and sync
        self.watcher_delay_s = watcher_delay_s
        ports = free_ports(4)
        self.laptop = Device("laptop", self.root, gui_port=ports[0], sync_port=ports[1])
        self.desktop = Device("desktop", self.root, gui_port=ports[2], sync_port=ports[3])
        # STHASHING: the SHA-256 implementation named, so startup skips its benchmark (about a second).
        self.env = {**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1", "STNORESTART": "1",
                    "STHASHING": "minio", "HOME": str(self.root / "syncthing-home")}
        for name in ("STTRACE", "STGUIADDRESS", "STGUIAPIKEY", "STHOMEDIR", "STCONFDIR", "STDATADIR",
                     "all_proxy", "ALL_PROXY", "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
            self.env.pop(name, None)
        self.env["NO_PROXY"] = self.env["no_proxy"] = "127.0.0.1,localhost"

    @property
    def devices(self) -> tuple[Device, Device]:
        return self.laptop, self.desktop

    def other(self, device: Device) -> Device:
        return self.desktop if device is self.laptop else self.laptop

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- life --------------------------------------------------------------------------------------

    def start(self, timeout: float = 30, attempts: int = 3) -> None:
        """Generate (once), configure and launch both; return when both answer and are connected.

        The ports are picked free but not held, so another process may take one first: then Syncthing
        says "address already in use", and the pair starts again on new ports.
        """
        if shutil.which("syncthing") is None:
            raise RuntimeError("the syncthing binary is not on PATH")
        (self.root / "syncthing-home").mkdir(parents=True, exist_ok=True)
        for device in self.devices:
            if not device.device_id:
                device.generate(self.env)
        for attempt in range(1, attempts + 1):
            try:
                began = time.monotonic()
                self._start_once(timeout)
                self.timings.append(("start", time.monotonic() - began))
                return
            except (RuntimeError, TimeoutError):
                self.stop()
                taken = any("address already in use" in device.log_tail(200) for device in self.devices)
                if not taken or attempt == attempts:
                    raise
                ports = free_ports(4)
                self.laptop.gui_port, self.laptop.sync_port, self.desktop.gui_port, self.desktop.sync_port = ports
            except BaseException:
                self.stop()
                raise

    def _start_once(self, timeout: float) -> None:
        for device in self.devices:
            device.configure(self.other(device), rescan_s=self.rescan_s, watcher_delay_s=self.watcher_delay_s)
            # The marker Syncthing looks for before it touches a folder, as it makes one for a new folder.
            (device.folder / ".stfolder").mkdir(parents=True, exist_ok=True)
        # One after the other, for the reason in resume(): the desktop's first dial finds no laptop, and
        # the laptop, once up, dials a desktop that is listening.
        for device in (self.desktop, self.laptop):
            device.start(self.env)
            self._until(lambda device=device: self._answers(device), timeout, f"the REST API of {device.name}")
        self.wait_connected(timeout)

    def stop(self) -> None:
        for device in self.devices:
            device.stop()

    def _answers(self, device: Device) -> bool:
        if not device.running():
            raise RuntimeError(f"syncthing ({device.name}) exited {device.process and device.process.returncode}:\n"
                               f"{device.log_tail()}")
        try:
            return device.api("GET", "/rest/system/ping", timeout=2) == {"ping": "pong"}
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    def _until(self, ready: Callable[[], bool], timeout: float, what: str, interval: float = 0.2) -> None:
        deadline = time.monotonic() + timeout
        while True:
            for device in self.devices:
                if device.process is not None and not device.running():
                    raise RuntimeError(f"syncthing ({device.name}) exited while waiting for {what}:\n"
                                       f"{device.log_tail()}")
            if ready():
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what}: not within {timeout:.0f} s\n{self.report()}")
            time.sleep(interval)

    # --- the link ----------------------------------------------------------------------------------

    def wait_connected(self, timeout: float = 30) -> None:
        self._until(lambda: all(device.connected_to(self.other(device)) for device in self.devices),
                    timeout, "the two devices to connect")

    def pause(self, timeout: float = 30) -> None:
        """Pause the other device on both sides, and wait until neither is connected to the other."""
        began = time.monotonic()
        for device in self.devices:
            device.api("PATCH", f"/rest/config/devices/{self.other(device).device_id}", {"paused": True})
        self._until(lambda: not any(device.connected_to(self.other(device)) for device in self.devices),
                    timeout, "the link to go down")
        self.timings.append(("pause", time.monotonic() - began))

    def resume(self, timeout: float = 30) -> None:
        """Unpause the other device on both sides, one side after the other, and wait until connected.

        Syncthing 1.19 dials a device the moment it is unpaused, and hands every new connection, dialled
        or accepted, to one goroutine that waits up to 20 s for the other side's Hello. Two devices that
        dial each other in the same instant each wait for the other's Hello on their own connection: the
        link comes back only after those 20 s. So the laptop is unpaused first, and its dial is turned
        away by the desktop (which still has it paused); then the desktop is unpaused and dials alone.
        """
        began = time.monotonic()
        turned_away = self.desktop.log_count(REJECTED_PAUSED)
        self.laptop.api("PATCH", f"/rest/config/devices/{self.desktop.device_id}", {"paused": False})
        deadline = time.monotonic() + 3
        while self.desktop.log_count(REJECTED_PAUSED) == turned_away and time.monotonic() < deadline:
            time.sleep(0.05)
        self.desktop.api("PATCH", f"/rest/config/devices/{self.laptop.device_id}", {"paused": False})
        self.wait_connected(timeout)
        self.timings.append(("resume", time.monotonic() - began))

    # --- sync --------------------------------------------------------------------------------------

    def scan(self) -> None:
        """Rescan the folder on both sides now (each call returns when its scan is done)."""
        for device in self.devices:
            device.api("POST", "/rest/db/scan", folder=FOLDER_ID)

    def _settled(self, device: Device) -> bool:
        status = device.api("GET", "/rest/db/status", folder=FOLDER_ID)
        if status.get("state") == "error":
            raise RuntimeError(f"syncthing ({device.name}): folder error {status.get('error')!r}\n"
                               f"{device.log_tail()}")
        completion = device.api("GET", "/rest/db/completion", folder=FOLDER_ID, device=self.other(device).device_id)
        return (status.get("state") == "idle" and status.get("needTotalItems") == 0
                and status.get("pullErrors", 0) == 0 and completion.get("completion") == 100
                and completion.get("needItems", 0) == 0)

    def in_sync(self) -> bool:
        """One look: both sides idle, needing nothing, the other complete, and the two trees equal."""
        if not all(self._settled(device) for device in self.devices):
            return False
        return tree(self.laptop.folder) == tree(self.desktop.folder)

    def wait_in_sync(self, timeout: float = 60, settle: float = 0.5) -> float:
        """Scan both sides, then poll until `in_sync()` holds twice, `settle` seconds apart. The seconds taken.

        The trees are compared last and directly: Syncthing's own counters can read "idle, 100 %" for a
        moment before the watcher has reported a change just written.
        """
        started = time.monotonic()
        deadline = started + timeout
        self.scan()
        scanned = time.monotonic()
        held = False
        while True:
            for device in self.devices:
                if not device.running():
                    raise RuntimeError(f"syncthing ({device.name}) exited:\n{device.log_tail()}")
            if self.in_sync():
                if held:
                    self.timings.append(("wait_in_sync", time.monotonic() - started))
                    return time.monotonic() - started
                held = True
                time.sleep(settle)
                continue
            held = False
            if time.monotonic() > deadline:
                raise TimeoutError(f"not in sync within {timeout:.0f} s\n{self.report()}")
            if time.monotonic() - scanned > 3:  # a change the watcher has not reported yet
                self.scan()
                scanned = time.monotonic()
            time.sleep(0.2)

    def conflicts(self) -> dict[str, list[str]]:
        """Each side's conflict copies beside the data (file names), by device name."""
        return {device.name: [path.name for path in device.conflicts()] for device in self.devices}

    # --- diagnosis ---------------------------------------------------------------------------------

    def report(self, lines: int = 30) -> str:
        """Both sides' folder state, trees and last log lines: for a failure's message."""
        parts = ["timings: " + ", ".join(f"{what} {seconds:.1f} s" for what, seconds in self.timings)]
        for device in self.devices:
            try:
                status = device.api("GET", "/rest/db/status", folder=FOLDER_ID)
                state = {key: status.get(key) for key in ("state", "needTotalItems", "pullErrors", "error")}
                completion = device.api("GET", "/rest/db/completion", folder=FOLDER_ID,
                                        device=self.other(device).device_id).get("completion")
                state["completion of other"] = completion
                state["connected"] = device.connected_to(self.other(device))
            except Exception as error:  # noqa: BLE001 - a report must not fail
                state = {"api": repr(error)}
            parts.append(f"--- {device.name}: {state}\n    files: {sorted(tree(device.folder))}")
        for device in self.devices:
            parts.append(f"--- {device.name} log ({device.log}), last lines:\n{device.log_tail(lines)}")
        return "\n".join(parts)
