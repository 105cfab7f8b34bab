"""The coach's suggestions and the names to complete, read a person at a time (store/summary.py:
Recent.lean, coaching.Coacher), are those of the figures of everyone (aggregates.figures_of, coaching.coach),
and reading them so holds far less: the check-in never has a decade of people in memory.

The figures are kept a person a line (summary.tally_lines): a logged step rewrites its person's line,
and what it leaves is what a fresh tally of the file gives.
"""

from __future__ import annotations

import tempfile
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
from hypothesis import example, given, settings
from hypothesis import strategies as st

from habits import aggregates, routine
from habits.coach import Coach
from habits.coaching import MOST, MOST_CONNECT, Coacher, Lean, coach
from habits.store import Store, contents, paths, summary, years
from habits.text import InputError
from tests.sizes import examples
from tests.unit.test_aggregates import START, history_of
from tests.unit.test_aggregates import entries as drawn_entries
from tests.unit.test_aggregates import heards as drawn_heard

NOW = datetime(2026, 11, 21, 9, 0).astimezone()
TODAY = NOW.date()

names = st.sampled_from(["jane", "@Jane", "sam", "Sam Lee", "kit", "Kit Moss", "ada", "noor", "Mei"])
audiences = st.sampled_from(["", "", "history teachers", "poets", "genealogy hobbyists", "Poets"])
# Days in closed years (2019-2024), in the open ones, and today's last weeks, so that every pick has candidates.
days = st.one_of(st.dates(date(2019, 1, 1), date(2024, 12, 31)), st.dates(date(2025, 1, 1), TODAY),
                 st.integers(0, 60).map(lambda n: TODAY - timedelta(days=n)))
operations = st.lists(st.one_of(
    st.tuples(st.just("log"), st.sampled_from(["brainstorm", "connect", "share"]), names, days, audiences,
              st.sampled_from(["", "Bluesky", "mastodon"])),
    st.tuples(st.just("heard"), names, days),
    st.tuples(st.just("rename"), names, names),
    st.tuples(st.just("merge"), names, names),
), min_size=1, max_size=24)


def replay(store: Store, drawn) -> None:
    for operation in drawn:
        try:
            if operation[0] == "log":
                _, kind, name, day, audience, platform = operation
                routine.log_step(store, kind, audience or name if kind == "brainstorm" else name, day=day,
                                 **({} if kind == "brainstorm" else {"audience": audience or None,
                                                                     "platform": platform or None}))
            elif operation[0] == "heard":
                routine.log_heard(store, operation[1], day=operation[2])
            elif operation[0] == "rename":
                routine.rename_person(store, operation[1], operation[2])
            else:
                routine.merge_people(store, operation[1], operation[2])
        except InputError:
            pass  # nobody of that name yet, or already one person: nothing changed


def the_whole_way(recent: summary.Recent, genres: list[str], today: date) -> Lean:
    figures = aggregates.figures_of(recent.tally(), recent.history.people)
    return Lean(coach(figures, today, genres), figures.recent_people, figures.recent_audiences)


@settings(max_examples=examples(40), deadline=None)
@example([("log", "connect", "jane", TODAY - timedelta(days=9), "", ""), ("log", "connect", "sam", date(2022, 5, 1), "", ""),
          ("log", "connect", "kit", TODAY - timedelta(days=9), "", ""), ("log", "connect", "sam", TODAY - timedelta(days=9), "", ""),
          ("heard", "ada", date(2021, 2, 2)), ("log", "share", "ada", date(2021, 2, 2), "poets", "")],
         ["historical fiction"], 0)  # three touched on one day, in one moment: the names' ties
@given(operations, st.sampled_from([[], ["historical fiction"], ["horror", "poetry"]]), st.integers(-400, 30))
def test_a_person_at_a_time_gives_what_the_figures_of_everyone_give(drawn, genres, shift):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "coach.json", clock=lambda: NOW)
        replay(store, drawn)
        recent = store.read_recent()
        if recent is None:
            return  # nothing was written
        today = TODAY + timedelta(days=shift)  # and as it would stand on other days, the figures as they are
        lean = recent.lean(recent.history.people, today, genres)
        assert lean == the_whole_way(recent, genres, today)
        paths.figures_file(store.path).unlink(missing_ok=True)  # tallied from the years, as on a year's first day
        assert recent.lean(recent.history.people, today, genres) == lean
        # The figures of the whole history say the same (the names' order may differ only among ties).
        whole = aggregates.figures_of_history(store.read())
        assert lean.coaching == coach(whole, today, genres)
        assert sorted(lean.recent_people) == sorted(whole.recent_people)


def test_the_door_gives_the_check_in_the_lean_reading_and_the_app_the_figures(tmp_path, monkeypatch):
    store = Store(tmp_path / "coach.json", clock=lambda: NOW)
    for day, name in ((date(2022, 3, 1), "jane"), (date(2023, 5, 2), "sam"), (TODAY - timedelta(days=9), "jane")):
        routine.log_step(store, "connect", name, day=day)
    routine.log_heard(store, "jane", day=date(2022, 4, 1))
    made = []
    real = aggregates.figures_of_people
    monkeypatch.setattr(aggregates, "figures_of_people", lambda *a, **k: made.append(1) or real(*a, **k))
    snapshot = Coach(store).snapshot()
    assert snapshot.coaching.first("connect").name == "jane"
    assert snapshot.recent_names("connect") == ["jane", "sam"]
    assert made == []  # the check-in's asks build no figures of everyone
    assert snapshot.figures.find("sam").stage == "new" and made == [1]


@settings(max_examples=examples(25), deadline=None)
@given(operations)
def test_a_logged_step_rewrites_its_persons_line_and_leaves_what_a_fresh_tally_gives(drawn):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "coach.json", clock=lambda: NOW)
        replay(store, drawn)
        for name in ("jane", "Zoë Quill"):  # someone known, maybe, and someone new
            routine.log_step(store, "connect", name, platform="Bluesky", audience="poets")
            routine.log_heard(store, name)
            recent = store.read_recent()
            assert recent is not None
            index = years.index_of(store.read_raw())
            whole = contents.read_whole(store.path) or {}
            open_years = {table: {key: r for key, r in whole.get(table, {}).items() if years.year_of(r) not in index}
                          for table in summary.TALLIED}
            assert summary.tally_in(recent.open_tally) == aggregates.of_tables(open_years)


def test_the_figures_file_of_an_older_coach_is_tallied_again(tmp_path):
    store = Store(tmp_path / "coach.json", clock=lambda: NOW)
    routine.log_step(store, "connect", "jane", day=date(2022, 3, 1))
    routine.log_step(store, "connect", "sam", day=TODAY)
    recent = store.read_recent()
    assert recent is not None and recent.closed
    target = paths.figures_file(store.path)
    target.write_bytes(orjson.dumps(list(recent.closed)) + b"\n" + orjson.dumps(aggregates.empty()))  # 0.8's
    assert [p.name for p in aggregates.figures_of(recent.tally(), ()).people] == ["sam", "jane"]
    assert target.read_bytes().startswith(b'{"closed":')
    # 0.9's: the closed years named, but tallied without what happened (no version): tallied again.
    old = target.read_bytes().split(b"\n")
    target.write_bytes(b"\n".join([orjson.dumps({"closed": list(recent.closed)}), *old[1:]]))
    assert [p.name for p in aggregates.figures_of(recent.tally(), ()).people] == ["sam", "jane"]
    assert orjson.loads(target.read_bytes().split(b"\n")[0]) == {"closed": list(recent.closed),
                                                                  "version": summary.SUMMARY_VERSION}


# ---- the picks, one person at a time, are the picks of everyone at once -----------------------------------------

@settings(max_examples=examples(200), deadline=None)
@given(drawn_entries, drawn_heard, st.integers(0, 90), st.randoms(use_true_random=False))
def test_the_picks_made_one_at_a_time_in_any_order_are_those_of_everyone_at_once(entries, heard, later, rng):
    """The Coacher keeps the best few of each step as people come (never everyone): in any order they
    come, its picks are those of a coacher that kept everyone, cut to the same length."""
    people = aggregates.figures_of_history(history_of(entries, heard, [])).people
    today = START + timedelta(days=later)
    everyone = Coacher(today)
    everyone.connect.most = everyone.share.most = everyone.answered.most = 10 ** 6
    for place, person in enumerate(people):
        everyone.add(person, place)
    shuffled = list(enumerate(people))  # each with its place: the order they came in, the last tie-break
    rng.shuffle(shuffled)
    made = Coacher(today)
    for place, person in shuffled:
        made.add(person, place)
    assert [s.name for s in made.connect_picks()] == [s.name for s in everyone.connect_picks()][:MOST_CONNECT]
    taken = {p.name for p in made.connect_picks()}
    assert [s.name for s in made.share_picks(taken)] == [s.name for s in everyone.share_picks(taken)][:MOST]
    assert made.answered.items() == everyone.answered.items()[:MOST]
    assert made.fruitful() == everyone.fruitful()
    assert made.new_today == everyone.new_today


# ---- what it holds ----------------------------------------------------------------------------------------------

def many_people(store: Store, count: int) -> None:
    """`count` people given to and heard from across six closed years, and a few this year: one whole change."""
    stamp = "2026-11-21T09:00:00.000+00:00"
    entries, heard = [], []
    for n in range(count):
        day = date(2019, 1, 1) + timedelta(days=(n * 7) % 2190)
        common = {"created": stamp, "updated": stamp, "day": day.isoformat()}
        entries.append({"id": f"e{n:032x}", "kind": "connect", "subject": f"@person{n}", "platform": "Bluesky",
                        "action": "comment", "audience": "poets" if n % 3 else "", "note": f"said hello {n}", **common})
        if n % 2:
            heard.append({"id": f"h{n:032x}", "person": f"person{n}", "platform": "Bluesky",
                          "note": f"wrote back {n}", **common})
    with store.transaction("many") as tx:
        tx.put_many("entries", entries)
        tx.put_many("heard", heard)
    for n in range(5):
        routine.log_step(store, "connect", f"@person{n}", day=TODAY - timedelta(days=10 + n))


def peak_of(work) -> tuple[object, int]:
    tracemalloc.start()
    try:
        found = work()
        return found, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_lean_reading_holds_a_fraction_of_the_figures_of_everyone(tmp_path):
    store = Store(tmp_path / "coach.json", clock=lambda: NOW)
    many_people(store, 3000)
    recent = store.read_recent()
    assert recent is not None and len(recent.closed) == 6
    recent.lean((), TODAY, [])  # the figures file, tallied once from the years
    lean, lean_peak = peak_of(lambda: recent.lean((), TODAY, []))
    whole, whole_peak = peak_of(lambda: aggregates.figures_of(recent.tally(), ()))
    assert lean.coaching == coach(whole, TODAY, [])  # type: ignore[attr-defined,arg-type]
    assert lean.recent_people == whole.recent_people  # type: ignore[attr-defined]
    assert lean_peak < whole_peak / 4, (lean_peak, whole_peak)
