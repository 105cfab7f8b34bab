"""Random work on two machines sharing one synced folder, synced at random moments: after everything has
synced, both export the same, and every entry either machine acknowledged is there (hypothesis).

Each machine is a Store of its own device over its own folder; tests/synced.py keeps the folders in step
as Syncthing does, leaving a conflict copy wherever both changed a file; each machine merges the copies
it finds (habits/store/sync.py), as every command does. The operations are the ones that touch shared
records: log a step, edit and delete an entry, undo, set a setting, rename and merge people. The clocks
of the two machines may disagree by some minutes, as real ones do, and which version of a file keeps its
name in a conflict (which becomes the copy) is chosen at random.
"""

from __future__ import annotations

import tempfile
from functools import reduce
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habits import routine
from habits.exchange import export_data
from habits.store import Store, StoreError
from habits.store.device import named
from habits.store.merge import winner
from habits.store.sync import absorb, conflicts
from habits.text import InputError
from tests.sizes import examples
from tests.synced import Synced

pytestmark = pytest.mark.slow

NAMES = ("maya", "ola", "kit", "sam")
START = datetime(2026, 11, 20, 9, 0).astimezone()


class Clock:
    """A machine's clock: on a minute at every reading, `skew` minutes off the other's."""

    def __init__(self, skew: int) -> None:
        self.at = START + timedelta(minutes=skew)

    def __call__(self) -> datetime:
        self.at += timedelta(minutes=1)
        return self.at


device = st.sampled_from((0, 1))
operation = st.one_of(
    st.tuples(st.just("log"), device, st.sampled_from(("connect", "share", "brainstorm")), st.sampled_from(NAMES)),
    st.tuples(st.just("edit"), device, st.integers(0, 20), st.text("abcxyz ", min_size=1, max_size=8)),
    st.tuples(st.just("delete"), device, st.integers(0, 20)),
    st.tuples(st.just("undo"), device),
    st.tuples(st.just("setting"), device, st.integers(0, 6)),
    st.tuples(st.just("rename"), device, st.sampled_from(NAMES), st.sampled_from(("Maya K", "Ola B", "Kit"))),
    st.tuples(st.just("merge"), device, st.sampled_from(NAMES), st.sampled_from(NAMES)),
    st.tuples(st.just("sync"), st.booleans()),
)


def live_ids(store: Store) -> set[str]:
    return {e.id for e in store.read().entries}


def stored(store: Store) -> dict[str, dict]:
    return {key: dict(r) for key, r in store.read_raw().get("entries", {}).items()}


def settle(synced: Synced, stores: list[Store]) -> None:
    for _ in range(8):
        synced.sync()
        for store in stores:
            absorb(store)
        synced.sync()
        if synced.in_step() and not any(conflicts(store.path) for store in stores):
            return
    raise AssertionError("the two folders never agreed")


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=6, max_size=16), st.integers(-5, 5), st.randoms(use_true_random=False))
def test_two_machines_end_the_same_and_lose_nothing_acknowledged(operations, skew, chance):
    with tempfile.TemporaryDirectory() as tmp:
        # Which version keeps the name in a conflict, and so which becomes the copy: at random.
        synced = Synced(Path(tmp) / "laptop", Path(tmp) / "desktop", lambda name: chance.random() < 0.5)
        stores = [Store(synced.a / "coach.json", Clock(0), device=named("laptop")),
                  Store(synced.b / "coach.json", Clock(skew), device=named("desktop"))]
        made: list[str] = []  # every entry acknowledged, on either machine
        taken_back: set[str] = set()  # deleted or undone somewhere (an undo may bring one back)
        versions: dict[str, list[dict]] = {}  # every version of each entry a change acknowledged
        for op in operations:
            if op[0] == "sync":
                synced.sync()
                if op[1]:
                    for store in stores:
                        absorb(store)
                continue
            store = stores[op[1]]
            before = live_ids(store)
            was = stored(store)
            try:
                if op[0] == "log":
                    made.append(routine.log_step(store, op[2], op[3]).entry.id)
                elif op[0] == "edit" and before:
                    routine.edit_entry(store, sorted(before)[op[2] % len(before)], note=op[3])
                elif op[0] == "delete" and before:
                    routine.delete_entry(store, sorted(before)[op[2] % len(before)])
                elif op[0] == "undo":
                    store.undo()
                elif op[0] == "setting":
                    routine.set_setting(store, "day_start_hour", str(op[2]))
                elif op[0] == "rename":
                    routine.rename_person(store, op[2], op[3])
                elif op[0] == "merge":
                    routine.merge_people(store, op[2], op[3])
            except (InputError, StoreError):
                continue  # refused, changing nothing (nobody of that name, the same person twice…)
            taken_back |= before - live_ids(store)
            for key, record in stored(store).items():
                if was.get(key) != record:
                    versions.setdefault(key, []).append(record)
        settle(synced, stores)
        exports = [export_data(store)["records"] for store in stores]
        assert exports[0] == exports[1]
        kept = {record["id"]: record for record in exports[0]["entries"]}
        assert set(made) <= set(kept)  # every acknowledged entry is a record on both machines
        for entry_id in set(made) - taken_back:
            assert not kept[entry_id].get("deleted"), kept[entry_id]  # and live, unless someone took it back
        for entry_id, acknowledged in versions.items():  # no edit is lost: each ends as its last edit
            assert kept[entry_id] == reduce(winner, acknowledged)
        histories = [store.read() for store in stores]
        assert histories[0].entries == histories[1].entries and histories[0].settings == histories[1].settings
