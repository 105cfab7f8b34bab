"""Edges of the store found in review: links into synced folders, undo with nothing to undo, stamps."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path


from habits import routine
from habits.store import Store


def clock() -> datetime:
    return datetime(2026, 11, 21, 9, 0).astimezone()


def test_a_data_file_linked_into_a_synced_folder_stays_a_link(tmp_path: Path):
    synced = tmp_path / "sync" / "coach.json"
    Store(synced, clock)  # nothing yet
    routine.log_step(Store(synced, clock), "connect", "jane")
    link = tmp_path / "coach.json"
    os.symlink(synced, link)
    routine.log_step(Store(link, clock), "share", "ann")
    assert link.is_symlink()
    assert [e.subject for e in Store(synced, clock).read().entries] == ["jane", "ann"]


def test_undo_with_nothing_to_undo_creates_nothing(tmp_path: Path):
    store = Store(tmp_path / "data" / "coach.json", clock)
    assert store.undo() is None
    assert store.redo() is None
    assert not (tmp_path / "data").exists()


def test_a_record_whose_stamp_has_no_utc_offset_is_left_out_not_a_crash(tmp_path: Path):
    path = tmp_path / "coach.json"
    stamp = "2026-11-21T09:00:00.000+00:00"
    path.write_text(json.dumps({
        "meta": {"1": {"schema": 1}},
        "reflections": {
            "1": {"id": "a", "day": "2026-11-20", "text": "one", "created": stamp, "updated": stamp},
            "2": {"id": "b", "day": "2026-11-20", "text": "two", "created": stamp, "updated": "2026-11-21T10:00:00"},
        },
    }))
    history = Store(path, clock).read()
    assert [r.text for r in history.reflections.values()] == ["one"]
    assert [(table, record_id) for table, record_id, _ in history.unreadable] == [("reflections", "b")]


def test_a_setting_held_twice_after_a_merge_is_changed_where_it_counts(tmp_path: Path):
    path = tmp_path / "coach.json"
    older, newer = "2026-11-21T09:00:00.000+00:00", "2026-11-21T10:00:00.000+00:00"
    path.write_text(json.dumps({
        "meta": {"1": {"schema": 1}},
        "settings": {
            "1": {"id": "a", "key": "day_start_hour", "value": 5, "created": older, "updated": older},
            "2": {"id": "b", "key": "day_start_hour", "value": 6, "created": newer, "updated": newer},
        },
    }))
    store = Store(path, clock)
    routine.set_setting(store, "day_start_hour", "5")
    assert store.read().settings["day_start_hour"] == 5
