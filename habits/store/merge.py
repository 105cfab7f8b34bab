"""Two copies of one record, one answer: the rule every merge by id follows (an import, a synced copy).

Each record is merged on its own, by its id:

1. the version edited last wins (its `updated` time, compared as instants, whatever the offsets);
2. a deletion is an edit: a tombstone wins over an older edit, and a later edit (an undo of the
   deletion) wins over the tombstone;
3. at the very same instant, the tombstone wins, then the version whose bytes sort last: a rule of the
   two records alone, so that two machines merging the same copies in any order keep the same one.

Because the winner depends on nothing but the two versions, the merge is commutative, associative and
idempotent: copies may arrive in any order, twice, or through a third machine, and every machine ends
with the same records (tests/unit/test_sync_merge.py proves it with random histories).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import orjson

from habits.store.records import moment

_NEVER = datetime.min.replace(tzinfo=timezone.utc)


def _rank(record: dict[str, Any]) -> tuple[datetime, bool, bytes]:
    return (moment(record.get("updated")) or _NEVER, bool(record.get("deleted")),
            orjson.dumps(record, option=orjson.OPT_SORT_KEYS))


def wins(incoming: dict[str, Any], mine: dict[str, Any]) -> bool:
    """Whether `incoming` replaces `mine` (two versions of one record): see the module's rules."""
    return _rank(incoming) > _rank(mine)


def winner(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return a if _rank(a) >= _rank(b) else b


def merged(mine: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The records of `theirs` (a table: id -> record) that `mine` must take: new ones, and newer versions."""
    return {key: record for key, record in theirs.items() if key not in mine or wins(record, mine[key])}
