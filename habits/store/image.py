"""TinyDB as the store uses it: the data file's tables in memory, changed through TinyDB's public API.

The only module that imports TinyDB, and only writers import it (a command that only reads, such as
coach status, never pays for TinyDB). What it uses is what TinyDB documents for extending it: a
`Storage` subclass, a `Table` subclass that sets `document_id_class`, `TinyDB.table_class`, and
`Document(record, doc_id=...)` to store a record under an id of our choosing.

- `FileImage`, the storage: the file's contents already read (under the store's lock), and TinyDB's
  writes kept in memory; the store serialises them once, atomically, when the transaction ends well.
- `ById`, the tables: every record is keyed by its own id (data version 2), so a record is found by
  `table.get(doc_id=...)` without a search, and never gets a number from a counter that two processes
  would both hand out (../shared/STORAGE.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

__all__ = ["ById", "Database", "FileImage", "document", "open_image"]


class FileImage(Storage):
    """TinyDB storage over the file's contents already read: writes stay in memory until the commit."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.contents = data
        self.changed = False  # whether TinyDB wrote anything that is not the file's own (see loading)
        self._loading = False

    def read(self) -> dict[str, Any]:
        return self.contents

    def write(self, data: dict[str, Any]) -> None:
        self.contents = data
        self.changed = self.changed or not self._loading

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Writes that bring in what the file already holds (its closed years' records) change nothing."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False


class ById(Table):
    """A table whose records are keyed by their own id: every insert passes a Document (see document)."""

    document_id_class = str


class Database(TinyDB):
    table_class = ById


def open_image(data: dict[str, Any]) -> tuple[Database, FileImage]:
    """TinyDB over `data` (a file's contents as read), and its storage."""
    db = Database(data, storage=FileImage)
    return db, db.storage


def document(record: dict[str, Any], key: str | None = None) -> Document:
    """A record as TinyDB stores it under its own id (or `key`: a journal step's number)."""
    return Document(record, doc_id=key if key is not None else record["id"])
