"""Refuse what cannot work, at once (issue 19): the screens without a terminal, a data path that is not a
file (a FIFO, a device, a folder), an empty --db or COACH_DB, an export into what is not a file, and a
write to a data file or folder the person made read-only.

Each refusal is one `coach: …` line on stderr (exit 1, or 2 for a usage error), quickly, and leaves
nothing behind: no lock file, no temp file, no backup. The commands that used to hang run as their own
process with a time-out, so that a hang fails the test instead of the suite.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import NOW, REPO, Result

FAST = 20  # seconds: far more than a refusal takes, far less than for ever
NOBODY = 65534  # the unprivileged user (and group) a read-only file is tried as, when the tests run as root


def assert_one_line(result: Result, code: int = 1) -> str:
    assert result.code == code, (result.code, result.out[:300], result.err[:500])
    assert len(result.err_lines) == 1 and result.err.startswith("coach: "), result.err[:1000]
    assert "Traceback" not in result.err
    return result.err_lines[0]


def run(*argv: str, db: Path | str, cwd: Path = REPO, **options) -> Result:
    """`python -m coach ARGS…` with COACH_DB=db, standard input not a terminal, and a time-out."""
    env = {**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW, **options.pop("env", {})}
    options.setdefault("stdin", subprocess.DEVNULL)
    try:
        done = subprocess.run([sys.executable, "-m", "coach", *argv], cwd=cwd, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=FAST, **options)
    except subprocess.TimeoutExpired:
        pytest.fail(f"coach {' '.join(argv)} was still running after {FAST} s")
    return Result(done.returncode, done.stdout, done.stderr)


def in_a_terminal(*argv: str, db: Path) -> tuple[int, str]:
    """`python -m coach ARGS…` in a pseudo-terminal (standard input and output both): its exit code and
    what it wrote there; a failure when it is still running after FAST seconds."""
    env = {**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW, "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
    pid, fd = pty.fork()
    if pid == 0:  # the child: coach in the terminal
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "coach", *argv], env)
    seen, end, code = b"", time.monotonic() + FAST, None
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:  # the terminal's other end closed: the child is gone
                    pass
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
    finally:
        if code is None:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    if code is None:
        pytest.fail(f"coach {' '.join(argv)} was still running after {FAST} s; it showed {seen[-300:]!r}")
    return code, seen.decode("utf-8", "replace")


def made_beside(folder: Path, before: set[str]) -> set[str]:
    return set(os.listdir(folder)) - before


# --- no terminal ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, what", [((), "the full-screen app (coach)"),
                                        (("--quick",), "the check-in (coach --quick)")])
def test_the_screens_refuse_at_once_without_a_terminal(db, argv, what):
    for stdin in (subprocess.DEVNULL, subprocess.PIPE):  # a cron job; a pipe
        started = time.monotonic()
        result = run(*argv, db=db, stdin=stdin)
        line = assert_one_line(result)
        assert line == (f"coach: {what} needs a terminal, and neither standard input nor standard output is one; "
                        f"in a script, use the plain commands, such as coach status or coach log "
                        f"(coach --help lists them)")
        assert result.out == "" and time.monotonic() - started < FAST / 2
    assert not db.parent.exists()  # nothing made

    # Standard output a terminal, standard input not: still no screen, and the line says which.
    primary, secondary = pty.openpty()
    try:
        env = {**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW}
        done = subprocess.run([sys.executable, "-m", "coach", *argv], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                              stdout=secondary, stderr=subprocess.PIPE, text=True, timeout=FAST)
    finally:
        os.close(secondary)
        os.close(primary)
    assert done.returncode == 1 and "needs a terminal, and standard input is not one;" in done.stderr

    # The start-up line of a shell keeps its rule: nothing at all, exit 0.
    once = run("--quick", "--once", db=db)
    assert (once.code, once.out, once.err) == (0, "", "")


# --- a data path that is not a file ---------------------------------------------------------------------

@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "coach.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("argv", [("status",), ("log", "connect", "jane"), ("undo",), ("export",), ("people",)])
def test_a_fifo_as_the_data_file_is_refused_without_waiting_and_without_a_lock(fifo, argv):
    result = run(*argv, db=fifo)
    assert assert_one_line(result) == (f"coach: {fifo} is a FIFO (a named pipe), not a data file; "
                                       f"point --db or COACH_DB at a file")
    assert os.listdir(fifo.parent) == ["coach.json"]  # no .lock, no summary, no temp file


def test_doctor_names_a_fifo_and_does_not_wait_on_it(fifo):
    result = run("doctor", db=fifo)
    assert result.code == 1 and result.err == ""
    assert result.out.splitlines()[0] == f"✗ {fifo} is a FIFO (a named pipe), not a data file"
    assert "Point --db or COACH_DB at a data file." in result.out.splitlines()[-1]
    assert os.listdir(fifo.parent) == ["coach.json"]


def test_the_screens_refuse_a_fifo_as_the_data_file_before_they_open(fifo):
    for argv in ((), ("--quick",)):
        code, shown = in_a_terminal(*argv, db=fifo)
        assert code == 1, shown[-500:]
        assert f"coach: {fifo} is a FIFO (a named pipe), not a data file" in shown
    assert os.listdir(fifo.parent) == ["coach.json"]


def test_a_link_to_dev_null_as_the_data_file_is_refused(tmp_path):
    link = tmp_path / "coach.json"
    link.symlink_to(os.devnull)
    for argv in (("status",), ("people",), ("export",)):  # reads only: an old coach would replace /dev/null
        result = run(*argv, db=link)
        assert assert_one_line(result) == (f"coach: {link} (a link to /dev/null) is a character device, not a "
                                           f"data file; point --db or COACH_DB at a file")
    doctor = run("doctor", db=link)
    assert doctor.code == 1 and "✗ /dev/null is a character device, not a data file" in doctor.out
    assert "move /dev/null" not in doctor.out
    assert os.listdir(tmp_path) == ["coach.json"] and link.is_symlink()


def test_a_link_to_a_device_is_refused_for_a_change_and_nothing_is_made_beside_either(tmp_path):
    # A null device of our own (mknod), so that a coach that wrote anyway could not replace /dev/null itself.
    devices = tmp_path / "dev"
    devices.mkdir()
    try:
        os.mknod(devices / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as error:
        pytest.skip(f"cannot make a device node here ({error.strerror}): it takes root")
    link = tmp_path / "data" / "coach.json"
    link.parent.mkdir()
    link.symlink_to(devices / "null")
    result = run("log", "connect", "jane", db=link)
    assert "is a character device, not a data file" in assert_one_line(result)
    assert os.listdir(devices) == ["null"] and stat.S_ISCHR(os.stat(devices / "null").st_mode)
    assert os.listdir(link.parent) == ["coach.json"]


def test_a_folder_as_the_data_file_is_refused_before_a_lock_is_made(tmp_path):
    folder = tmp_path / "coach.json"
    folder.mkdir()
    for argv in (("log", "connect", "jane"), ("status",), ("rest",)):
        result = run(*argv, db=folder)
        assert assert_one_line(result) == (f"coach: {folder} is a folder, not a data file; "
                                           f"point --db or COACH_DB at a file")
    assert os.listdir(tmp_path) == ["coach.json"] and os.listdir(folder) == []


# --- an empty --db or COACH_DB ----------------------------------------------------------------------------

@pytest.fixture
def default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the default data file would go: in tmp_path, so a fall-back shows (and harms nothing)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


def test_an_empty_db_option_is_a_usage_error_not_the_default_file(run_coach, db, default_folder):
    for argv in (("--db", "", "log", "connect", "jane"), ("--db", "", "status"), ("--db", " ", "status")):
        result = run_coach(*argv)
        assert assert_one_line(result, code=2) == "coach: --db is empty; give a data file's path"
        assert result.out == ""
    assert not db.exists() and not default_folder.exists()


def test_an_empty_coach_db_is_a_usage_error_and_db_still_wins(run_coach, db, default_folder, monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_DB", "")
    for argv in (("log", "connect", "jane"), ("status",)):
        result = run_coach(*argv)
        assert assert_one_line(result, code=2) == ("coach: COACH_DB is set but empty; give a data file's path, "
                                                   "or unset it for the default")
    assert not default_folder.exists()
    chosen = tmp_path / "chosen.json"
    assert run_coach("--db", str(chosen), "log", "connect", "jane").code == 0  # --db wins over COACH_DB
    assert chosen.exists() and not default_folder.exists()


# --- export --output --------------------------------------------------------------------------------------

def test_export_output_writes_through_a_link_and_the_link_stays(run_coach, tmp_path):
    assert run_coach("log", "connect", "jane").code == 0
    real = tmp_path / "exports" / "history.json"
    real.parent.mkdir()
    real.write_text("an older export\n")
    link = tmp_path / "links" / "latest.json"
    link.parent.mkdir()
    link.symlink_to(real)
    result = run_coach("export", "--output", str(link))
    assert result.code == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert '"format": "coach"' in real.read_text() and "jane" in real.read_text()
    assert os.listdir(real.parent) == ["history.json"] and os.listdir(link.parent) == ["latest.json"]  # no temp files


def test_export_output_refuses_a_fifo_and_a_device(run_coach, tmp_path):
    assert run_coach("log", "connect", "jane").code == 0
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    targets = [(pipe, "a FIFO (a named pipe)")]
    try:  # a null device of our own: a coach that wrote anyway would replace it, not /dev/null
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        targets.append((tmp_path / "null", "a character device"))
    except OSError:
        pass
    for target, what in targets:
        result = run_coach("export", "--output", str(target))
        assert assert_one_line(result) == (f"coach: {target} is {what}, not a file; give the export a file name, "
                                           f"or --output - for standard output")
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert all(not stat.S_ISREG(os.stat(target).st_mode) for target, _ in targets)
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_export_output_empty_is_a_usage_error(run_coach, db):
    assert run_coach("log", "connect", "jane").code == 0
    assert assert_one_line(run_coach("export", "--output", ""), code=2) == (
        "coach: --output is empty; give a file name, or - for standard output")


def test_export_output_dash_is_standard_output(run_coach, tmp_path, monkeypatch):
    assert run_coach("log", "connect", "jane").code == 0
    monkeypatch.chdir(tmp_path)
    result = run_coach("export", "--output", "-")
    assert result.code == 0 and result.out == run_coach("export").out and '"format": "coach"' in result.out
    assert not (tmp_path / "-").exists()


def test_export_output_to_dev_stdout_never_replaces_the_file_a_shell_redirected_to(db, tmp_path):
    assert run("log", "connect", "jane", db=db).code == 0
    journal = tmp_path / "journal.log"
    journal.write_text("precious\n")
    with journal.open("a") as appended:  # `coach export --output /dev/stdout >> journal.log`
        done = subprocess.run([sys.executable, "-m", "coach", "export", "--format", "md", "--output", "/dev/stdout"],
                              cwd=REPO, env={**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW},
                              stdin=subprocess.DEVNULL, stdout=appended, stderr=subprocess.PIPE, text=True, timeout=FAST)
    assert done.returncode == 1 and done.stderr.startswith("coach: /dev/stdout is an open stream")
    assert journal.read_text() == "precious\n"  # the old coach renamed a new file over it
    fds = tmp_path / "fds"
    fds.symlink_to("/proc/self/fd")
    for stream in ("//proc/self/fd/1", f"{fds}/1"):  # the same stream, named another way
        with journal.open("a") as appended:
            done = subprocess.run([sys.executable, "-m", "coach", "export", "--output", stream], cwd=REPO,
                                  env={**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW}, stdin=subprocess.DEVNULL,
                                  stdout=appended, stderr=subprocess.PIPE, text=True, timeout=FAST)
        assert done.returncode == 1 and "is an open stream" in done.stderr, stream
    assert journal.read_text() == "precious\n"


def test_export_output_never_replaces_a_file_coach_keeps_beside_its_data_file(run_coach, db):
    assert run_coach("log", "connect", "jane").code == 0
    assert run_coach("log", "share", "ola", "--date", "2023-05-01").code == 0  # a year of its own
    (year,) = (db.parent / "coach.json.years").iterdir()
    for target in (year, db.parent / "coach.json.summary", db.parent / "coach.json.backups" / "mine.csv"):
        before = target.read_bytes() if target.exists() else None
        result = run_coach("export", "--format", "csv", "--output", str(target))
        assert "one of the files coach keeps beside its data file" in assert_one_line(result)
        assert (target.read_bytes() if target.exists() else None) == before
    assert run_coach("doctor").code == 0
    assert run_coach("export", "--format", "md", "--output", str(db.parent / "coach.json.md")).code == 0  # a name like


# --- a read-only data file or folder ----------------------------------------------------------------------

# Runs coach as the unprivileged user. The interpreter starts as root (it may live where only root can
# reach, such as /root/.pyenv), so first the same command runs once as root on a copy of the data folder,
# its output thrown away, for every module it needs to be imported; then the process drops to NOBODY for
# good, and runs the command for real.
AS_NOBODY = f"""
import contextlib, io, os, shutil, sys, tempfile
from coach.cli import main

argv, db = sys.argv[1:], os.environ["COACH_DB"]
with tempfile.TemporaryDirectory() as scratch:
    copy = os.path.join(scratch, "data")
    shutil.copytree(os.path.dirname(db), copy, symlinks=True)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["--db", os.path.join(copy, os.path.basename(db)), *argv])
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid({NOBODY})
    os.setuid({NOBODY})
sys.exit(main(argv))
"""


@pytest.fixture
def reachable() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's own tmp folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="coach-refusals-"))
    folder.chmod(0o755)
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def as_the_user(*argv: str, db: Path) -> Result:
    env = {**os.environ, "COACH_DB": str(db), "COACH_NOW": NOW, "PYTHONPATH": str(REPO)}
    try:
        done = subprocess.run([sys.executable, "-c", AS_NOBODY, *argv], cwd=db.parent.parent, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8", timeout=FAST)
    except subprocess.TimeoutExpired:
        pytest.fail(f"coach {' '.join(argv)} was still running after {FAST} s")
    return Result(done.returncode, done.stdout, done.stderr)


def users_data(run_coach, folder: Path) -> Path:
    """A data file with one entry, made as coach makes it, then given to the user, without its lock file."""
    db = folder / "data" / "coach.json"
    assert run_coach("--db", str(db), "log", "connect", "jane").code == 0
    (db.parent / "coach.json.lock").unlink()
    if os.geteuid() == 0:
        for path in (db.parent, *db.parent.iterdir()):
            os.chown(path, NOBODY, NOBODY)
    return db


def skip_unless_read_only(path: Path) -> None:
    if os.geteuid() != 0 and os.access(path, os.W_OK):
        pytest.skip(f"{path} is still writable to this user after chmod (not root, so no other user to be)")


def test_a_read_only_data_file_is_refused_for_a_change_and_still_reads(run_coach, reachable):
    db = users_data(run_coach, reachable)
    db.chmod(0o444)
    skip_unless_read_only(db)
    before, names = db.read_bytes(), set(os.listdir(db.parent))
    for argv in (("log", "connect", "ann"), ("rest",), ("undo",), ("config", "genres", "poetry")):
        result = as_the_user(*argv, db=db)
        assert assert_one_line(result) == (f"coach: cannot write {db}: it is read-only; nothing was changed "
                                           f"(chmod u+w {db} makes it writable)")
    assert db.read_bytes() == before and stat.S_IMODE(db.stat().st_mode) == 0o444
    assert made_beside(db.parent, names) == set()  # no lock file, no temp file, no backup
    status = as_the_user("status", db=db)
    assert status.code == 0 and "jane" in status.out, status.err


def test_a_data_file_in_a_read_only_folder_is_refused_for_a_change_and_still_reads(run_coach, reachable):
    db = users_data(run_coach, reachable)
    db.parent.chmod(0o555)
    skip_unless_read_only(db.parent)
    before, names = db.read_bytes(), set(os.listdir(db.parent))
    for argv in (("log", "connect", "ann"), ("rest",)):
        result = as_the_user(*argv, db=db)
        assert assert_one_line(result) == (f"coach: cannot write {db}: its folder {db.parent} is read-only; nothing "
                                           f"was changed (chmod u+w {db.parent} makes it writable)")
    assert db.read_bytes() == before and made_beside(db.parent, names) == set()
    status = as_the_user("status", db=db)
    assert status.code == 0 and "jane" in status.out, status.err
