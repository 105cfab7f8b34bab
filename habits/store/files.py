"""Files written whole or not at all, and read with a one-line reason when they cannot be.

Measured in ../shared/STORAGE.md: a write over the live file, killed half way, leaves it damaged. So a
file is written to a temp file beside it, flushed, fsynced and renamed onto it (`os.replace` is atomic),
and the folder is fsynced so that the rename itself survives a power cut.
"""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

from habits.store.errors import StoreError, reason
from habits.store.paths import temp_file_for


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes; None when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreError(f"{path} is a folder, not a data file") from None
    except OSError as error:
        raise StoreError(f"cannot read {path}: {reason(error)}") from None


def temp_file(beside: Path) -> tuple[int, str]:
    """A new temp file for a write of `beside` (paths.temp_file_for), open for writing, readable by its
    owner only (tempfile.mkstemp's contract, without importing tempfile and shutil on every write)."""
    for _ in range(100):
        name = str(temp_file_for(beside))
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name beside {beside}")


def write_atomically(path: Path, payload: bytes, what: str = "write") -> None:
    """Puts `payload` at `path` whole or not at all: a temp file beside it, fsync, rename, fsync the folder."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o600  # a person's journal: theirs alone to read
    except OSError:
        mode = 0o600
    try:
        fd, tmp = temp_file(path)
    except OSError as error:
        raise StoreError(f"cannot {what} {path}: {reason(error)} in {path.parent}; nothing was changed") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as error:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(f"cannot {what} {path}: {reason(error)}; nothing was changed") from None
    fsync_folder(path.parent)


def write_quickly(path: Path, payload: bytes) -> bool:
    """Puts `payload` at `path` whole (a temp file, then a rename) without waiting for the disk: for a
    file that is only a shortcut or a marker, whose loss costs nothing. False when it could not be written."""
    try:
        fd, tmp = temp_file(path)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is already atomic
    finally:
        os.close(fd)


def make_folder(folder: Path, what: str) -> None:
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot make {what} {folder}: {reason(error)}; nothing was changed") from None


def modified(path: Path) -> datetime | None:
    """When the file was last written, in UTC, to the microsecond; None when it cannot be looked at."""
    try:
        ns = path.stat().st_mtime_ns
        return datetime.fromtimestamp(ns // 10**9, timezone.utc) + timedelta(microseconds=ns % 10**9 // 1000)
    except (OSError, OverflowError, ValueError):
        return None


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def link_or_copy(source: Path, target: Path, what: str) -> None:
    """A year file shared under a second name: a hard link (atomic, no space; the caller syncs the
    folder), or a copy where the file system has no links. A source that is not there is left out:
    whatever names it is broken already."""
    try:
        os.link(source, target)
    except (FileExistsError, FileNotFoundError):
        return  # the same name is the same contents
    except OSError:
        raw = read_bytes(source)
        if raw is not None:
            write_atomically(target, raw, what=what)


_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (a named pipe)"),
               (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def not_a_file(path: Path | str) -> str | None:
    """What `path` is when it is there and is not a regular file, symbolic links followed: "a folder",
    "a FIFO (a named pipe)", "a character device"…; None for a regular file, or for nothing there. It only
    looks (os.stat), never opens: opening a FIFO waits for a writer for ever, and a device is real."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing, or out of reach: the read or the write that follows says why
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "a special file")


def unwritable(path: Path) -> str | None:
    """Why a file at `path` (a regular file, or none yet) cannot be written, as the shell would refuse
    it: the file is read-only, its folder is (a write renames a new file into it), or the file system is
    mounted read-only; None when it can be. os.access asks the kernel, so root's override stays root's.
    A folder not there yet is left to the mkdir that makes it, which says why it cannot."""
    folder = path.parent
    for target, what, rights in ((path, "it", os.W_OK), (folder, f"its folder {folder}", os.W_OK | os.X_OK)):
        if os.access(target, rights) or not os.path.exists(target):
            continue
        try:
            read_only_mount = bool(os.statvfs(target).f_flag & os.ST_RDONLY)
        except OSError:
            read_only_mount = False
        if read_only_mount:
            return (f"{what} is on a read-only file system; nothing was changed "
                    f"(mount it read-write, or write elsewhere)")
        return f"{what} is read-only; nothing was changed (chmod u+w {target} makes it writable)"
    return None
