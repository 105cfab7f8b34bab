"""The data file's lock: one writer at a time, across processes.

On POSIX an exclusive flock(2) on `coach.json.lock`, tried every 10 ms until a time-out: the same lock
filelock's UnixFileLock takes (the two exclude each other), in a few lines and without the 25 ms its
imports (logging among them) add to every write. Elsewhere, filelock itself.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

POLL_SECONDS = 0.01


class LockTimeout(Exception):
    """Another process held the lock for the whole time-out."""


@contextmanager
def held(path: str, timeout: float) -> Iterator[None]:
    """Holds the lock file at `path` (made if missing) for the block; OSError when it cannot be opened."""
    if fcntl is None:
        yield from _held_with_filelock(path, timeout)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(path) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _held_with_filelock(path: str, timeout: float) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LockTimeout(path) from None
    try:
        yield
    finally:
        lock.release()
