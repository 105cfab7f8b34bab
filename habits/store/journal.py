"""The undo journal: every change remembered as one step, so that it can be undone and redone across
restarts. It lives in the data file's `journal` table, written in the same transaction as the change.

A step keeps what undo needs and no second copy of what the tables hold already (data version 4):

- `{"table", "inserted": [ids]}`: records the change made. Each is in its table as it was made; undo
  makes it a tombstone (which keeps its content) and redo revives that tombstone.
- `{"table", "id", "before"}`: a record the change edited or deleted, as it was before; undo adds
  `"after"` (the record as the change left it, about to leave the table) for redo.
- `{"table", "id", "before": None, "after"}`: a tombstone the change brought in (an import), kept
  whole so that redo puts back its own `deleted`. Journals of coach 0.6 and before keep every change
  with its whole `before` and `after`, and still undo and redo as they did.

The journal's table is reached through TinyDB's Table (image.py), inside the store's transaction.

A data file in a synced folder is written by several machines, and its journal holds the steps of
each. A step says which device made it (`"device"`, keyed `"12@laptop"`; a step of coach 0.10 and
before has none and belongs to whichever machine opens the file): undo and redo travel this device's
steps only, so that undo on the desktop never takes back what was done on the laptop. Every step
carries the time it last changed (`updated`), so that two copies of one step merge as records do.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from habits.store.errors import StoreError
from habits.store.records import TABLES, stamp_after, timestamp

if TYPE_CHECKING:
    from tinydb.table import Table

    from habits.store.transaction import Transaction

JOURNAL = "journal"
JOURNAL_KEEP = 100  # changes that can be undone; the issue asks for at least 50
# The journal lives in the data file, which every change reads and writes whole: the steps before the
# newest keep at most this many bytes (an import that edited thousands of records keeps their old
# versions); older steps go. The newest step is always kept (and an import keeps a backup before it).
JOURNAL_BUDGET = 5_000_000

Changes = dict[tuple[str, str], tuple[dict[str, Any] | None, dict[str, Any]]]


def steps(journal: Iterable[Any]) -> list[dict[str, Any]]:
    """The undo journal's steps as coach writes them; a step a hand edit broke is left alone, never
    the reason a change, an undo or a redo fails."""
    return [r for r in journal if isinstance(r, dict) and type(r.get("seq")) is int and type(r.get("undone")) is bool
            and isinstance(r.get("label"), str) and isinstance(r.get("changes"), list)
            and all(isinstance(c, dict) and (isinstance(c.get("inserted"), list) and all(isinstance(i, str) for i in c["inserted"])
                                            if "inserted" in c else "before" in c) for c in r["changes"])]


def ours(step: dict[str, Any], device: str | None) -> bool:
    """Whether a step is this device's to undo: made here (under this name or an earlier one of this
    machine: device.machine_of), or made before steps named their device."""
    from habits.store.device import machine_of

    made_by = step.get("device")
    return made_by is None or made_by == device or machine_of(made_by) == machine_of(device)


def key_of(seq: int, device: str | None) -> str:
    return str(seq) if device is None else f"{seq}@{device}"


def labels(data: dict[str, Any], device: str | None = None) -> tuple[str | None, str | None]:
    """What undo and redo would take back or do again in a file's contents (for a footer or a menu)."""
    journal = [r for r in steps(data.get(JOURNAL, {}).values()) if ours(r, device)]
    done = [r for r in journal if not r.get("undone")]
    undone = [r for r in journal if r.get("undone")]
    return (max(done, key=lambda r: r["seq"])["label"] if done else None,
            min(undone, key=lambda r: r["seq"])["label"] if undone else None)


def can_travel(data: dict[str, Any], undo: bool, device: str | None = None) -> bool:
    """Whether a file's journal has a step to undo (or redo): when not, take no lock, create nothing."""
    return any(bool(r.get("undone")) is not undo for r in steps(data.get(JOURNAL, {}).values()) if ours(r, device))


def over_budget(kept: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The oldest of `kept` (oldest first) that do not fit JOURNAL_BUDGET, counted from the newest."""
    size = 0
    for at in range(len(kept) - 1, -1, -1):
        size += len(orjson.dumps(kept[at]))
        if size > JOURNAL_BUDGET:
            return kept[: at + 1]
    return []


def step_changes(changes: Changes) -> list[dict[str, Any]]:
    """A transaction's changes (first before, last after, by table and id) as the journal keeps them."""
    inserted: dict[str, list[str]] = {}
    kept: list[dict[str, Any]] = []
    for (table, record_id), (before, after) in changes.items():
        if before is None and not after.get("deleted"):
            inserted.setdefault(table, []).append(record_id)
        elif before is None:
            kept.append({"table": table, "id": record_id, "before": None, "after": after, "left": fingerprint(after)})
        else:
            kept.append({"table": table, "id": record_id, "before": before, "left": fingerprint(after)})
    return [*({"table": table, "inserted": ids} for table, ids in inserted.items()), *kept]


def fingerprint(record: dict[str, Any]) -> str:
    """What a record holds, but when it was last changed: whether it is still as a step left it (undo
    leaves alone a record another machine changed since; an undo of a later step of this machine's
    gives back the very content, so the earlier step is still undone in turn)."""
    import hashlib

    content = orjson.dumps({k: v for k, v in record.items() if k != "updated"}, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(content, digest_size=8).hexdigest()


def known_seq(records: dict[str, Any], device: str, marks: dict[str, Any]) -> int:
    """How far a journal (its records by key, and the marks kept beside it in the meta record, MARKS)
    knows `device`'s steps: the number of its last step ever made, else of its last step here."""
    mark = marks.get(device)
    if type(mark) is int:
        return mark
    return max((r["seq"] for r in steps(records.values()) if r.get("device") == device), default=0)


MARKS = "journal_marks"  # in the data file's meta record: device -> the number of its last step ever made


def record(journal: Table, label: str, now: datetime, changes: Changes, device: str | None = None,
           marks: dict[str, Any] | None = None) -> None:
    """Remembers a transaction's changes as one step of this device's to undo; a new change ends what
    this device could redo. Another device's steps are left as they are. `marks`: the meta record's
    MARKS, where this device's is set to the new step's number."""
    from habits.store.image import document

    every = [d for d in journal.all() if ours(d, device)]
    undone = {d.doc_id for d in every if d.get("undone") == True}  # as Query().undone == True would match
    if undone:
        journal.remove(doc_ids=list(undone))
    left = [d for d in every if d.doc_id not in undone]
    ordered = sorted(steps(left), key=lambda r: r["seq"])
    # The next number after every step's, a step a hand edit broke too: its number stays taken.
    seq = max((int(str(d.doc_id).split("@")[0]) for d in left if str(d.doc_id).split("@")[0].isdigit()), default=0) + 1
    stamp = timestamp(now)
    made = {"seq": seq, "label": label, "at": stamp, "updated": stamp, "undone": False, "changes": step_changes(changes)}
    if device is not None:
        # A number is never given twice, not after a redo was cut off: a synced copy that still holds the
        # cut-off step is told from a new one by the mark (the last number made), and leaves it out.
        marks = {} if marks is None else marks
        seq = made["seq"] = max(seq, known_seq({d.doc_id: d for d in every}, device, marks) + 1)
        made["device"] = device
        marks[device] = seq
    journal.insert(document(made, key_of(seq, device)))
    old = ordered[: max(0, len(ordered) + 1 - JOURNAL_KEEP)]
    old += over_budget(ordered[len(old):])
    if old:
        journal.remove(doc_ids=[step.doc_id for step in old])


def travel(tx: Transaction, journal: Table, undo: bool, path: Path, device: str | None = None) -> str | None:
    """Takes back this device's last step not yet undone (`undo`), or does again its step undone last,
    inside the transaction `tx` (opened without a journal step of its own); its label, or None."""
    candidates = [r for r in steps(journal.all()) if bool(r.get("undone")) is not undo and ours(r, device)]
    if not candidates:
        return None
    step = max(candidates, key=lambda r: r["seq"]) if undo else min(candidates, key=lambda r: r["seq"])
    stamp = timestamp(tx.now)
    left_alone = 0  # records another machine changed since the step: left as they are
    restored: dict[str, list[dict[str, Any]]] = {}
    kept: list[dict[str, Any]] = []  # the step's changes as the journal keeps them from now on
    for change in step["changes"]:
        if not isinstance(change, dict) or change.get("table") not in TABLES:
            raise StoreError(f"cannot {'undo' if undo else 'redo'} {step['label']!r}: the undo journal's step "
                             f"{step['seq']} in {path} is not as coach writes it; nothing was changed")
        table = change["table"]
        targets: list[dict[str, Any]] = []
        if "inserted" in change:  # records the step made: their content is in the table (a tombstone once undone)
            for record_id in change["inserted"]:
                current = tx.get(table, record_id)
                if current is not None:  # else gone from the file by hand: nothing to take back
                    targets.append({**current, "deleted": stamp} if undo else
                                   {key: value for key, value in current.items() if key != "deleted"})
            kept.append(change)
        else:
            record_id = change["id"]
            current = tx.get(table, record_id) if isinstance(record_id, str) else None
            if current is not None and change.get("left") not in (None, fingerprint(current)):
                left_alone += 1  # changed since, by another machine: its change stands
                kept.append(change)
                continue
            after = change.get("after")
            if after is None and change["before"] is not None:  # an edit, undone: keep what it made for redo
                after = current if undo else None
            target = change["before"] if undo else after
            if target is None and after is not None:  # undoing an insert: a tombstone, so a synced copy
                target = {**after, "deleted": stamp}  # does not bring it back
            if target is not None:
                targets.append(target)
            # An edit keeps what it made only while undone: redone, the table holds it again.
            now_left = {"left": fingerprint(target)} if target is not None and "left" in change else {}
            kept.append({**change, "after": after, **now_left} if change["before"] is None or undo else
                        {**{key: value for key, value in change.items() if key != "after"}, **now_left})
        # The restored record is the newest edit of it: a merge with another copy must keep it.
        restored.setdefault(table, []).extend(
            {**target, "updated": stamp_after((tx.get(table, target["id"]) or {}).get("updated"), tx.now)}
            for target in targets)
    for table, put_back in restored.items():
        tx.put_many(table, put_back, replay=True)
    journal.update({"undone": undo, "changes": kept, "updated": stamp}, doc_ids=[step.doc_id])
    if left_alone:
        return (f"{step['label']} (another machine changed {'a record' if left_alone == 1 else f'{left_alone} records'} "
                f"of it since: {'that change stands' if left_alone == 1 else 'those changes stand'})")
    return str(step["label"])

