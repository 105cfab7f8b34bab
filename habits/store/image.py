"""TinyDB as the store uses it: over the file's contents already read, with records keyed by their own id.

Kept apart from habits.store so that a command that only reads (coach status) never imports TinyDB.
"""

from __future__ import annotations

from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

__all__ = ["Query", "_Database", "_FileImage", "_doc"]


class _FileImage(Storage):
    """TinyDB storage over the file's contents already read: writes stay in memory until commit."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


class _Table(Table):
    """A table whose records are keyed by their own id (data version 2): found without a search."""

    document_id_class = str

    def _get_next_id(self) -> str:
        raise ValueError("a record is stored under its own id")  # every insert here passes a Document


class _Database(TinyDB):
    table_class = _Table


def _doc(record: dict[str, Any], key: str | None = None) -> Document:
    return Document(record, doc_id=key if key is not None else record["id"])
