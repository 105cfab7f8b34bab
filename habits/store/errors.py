"""The store's errors. Each message is one line a person can act on: what, why, and what was left as it was."""

from __future__ import annotations


class StoreError(Exception):
    """The data file cannot be read or written; the message is one line for a person."""


class CorruptFile(StoreError):
    pass


class StoreLocked(StoreError):
    pass


def reason(error: OSError) -> str:
    """An OSError as the end of a sentence: "no space left on device"."""
    return (error.strerror or str(error)).lower()
