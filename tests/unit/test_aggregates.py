"""The figures the coach reads (habits/aggregates.py) say what the whole history says.

A tally of parts merged is the tally of the whole (the store tallies each closed year once and the open
years at every write), and the figures read from it agree with habits.people.Directory over the whole
history: names, stages, first and last touch, counts, platforms, audiences, last share.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from habits import aggregates
from habits.model import Entry, Heard, History, PersonRecord
from habits.people import Directory
from tests.sizes import examples

START = date(2024, 12, 20)
names = st.sampled_from(["jane", "@Jane", "JANE ", "sam", "Sam Lee", "kit", "poets"])
platforms = st.sampled_from(["", "", "Bluesky", "bluesky", "Mastodon"])
audiences = st.sampled_from(["", "", "poets", "history teachers", "Poets"])
days = st.integers(0, 60).map(lambda n: START + timedelta(days=n))
entries = st.lists(st.tuples(st.sampled_from(["brainstorm", "connect", "share"]), names, days, platforms, audiences,
                             st.sampled_from(["", "a note", "asked about letters"]),
                             st.sampled_from(["comment", "comment", "ask", "follow"])), max_size=30)
heards = st.lists(st.tuples(names, days, platforms, st.sampled_from(["", "they wrote back"])), max_size=10)
records = st.lists(st.tuples(st.sampled_from(["Jane Reyes", "sam", "Kit Moss"]),
                             st.lists(st.sampled_from(["jane", "sam lee", "kit"]), max_size=2, unique=True),
                             st.lists(platforms, max_size=2)), max_size=3, unique_by=lambda r: r[0])


def history_of(drawn_entries, drawn_heard, drawn_records) -> History:
    made = tuple(Entry(f"e{n}", kind, day, name, f"{day.isoformat()}T09:00:{n % 60:02d}.000+00:00",
                       "2026-01-01T00:00:00.000+00:00", note, platform, action if kind == "connect" else "",
                       "a post" if kind == "share" else "", audience)
                 for n, (kind, name, day, platform, audience, note, *more) in enumerate(drawn_entries)
                 for action in [more[0] if more else "comment"])
    heard = tuple(Heard(f"h{n}", day, name, f"{day.isoformat()}T10:00:{n % 60:02d}.000+00:00",
                        "2026-01-01T00:00:00.000+00:00", platform, note)
                  for n, (name, day, platform, note) in enumerate(drawn_heard))
    people = tuple(PersonRecord(f"p{n}", name, f"2024-01-0{n + 1}T00:00:00.000+00:00", "2024-01-01T00:00:00.000+00:00",
                                tuple(aliases), tuple(p for p in plats if p))
                   for n, (name, aliases, plats) in enumerate(drawn_records))
    order = sorted(made, key=lambda e: (e.day, e.created))
    return History(entries=tuple(order), heard=tuple(sorted(heard, key=lambda h: (h.day, h.created))), people=people)


@settings(max_examples=examples(150), deadline=None)
@given(entries, heards, records, st.integers(0, 60))
def test_the_figures_agree_with_the_directory_and_parts_add_up(drawn_entries, drawn_heard, drawn_records, cut):
    history = history_of(drawn_entries, drawn_heard, drawn_records)
    whole = aggregates.of_history(history)
    # Tallied in two parts (a closed year and the open ones, say), merged: the same figures.
    split = START + timedelta(days=cut)
    early = History(entries=tuple(e for e in history.entries if e.day < split),
                    heard=tuple(h for h in history.heard if h.day < split))
    late = History(entries=tuple(e for e in history.entries if e.day >= split),
                   heard=tuple(h for h in history.heard if h.day >= split))
    merged = aggregates.merge([aggregates.of_history(late), aggregates.of_history(early)])
    for total in (whole, merged):
        figures = aggregates.figures_of(total, history.people)
        directory = Directory(history)
        assert [p.name for p in figures.people] == [p.name for p in directory.people]
        for person, known in zip(figures.people, directory.people, strict=True):
            assert (person.stage, person.first_seen, person.last_seen, person.last_shared(), person.given,
                    person.heard, person.platforms, person.audiences) == (
                known.stage, known.first_seen, known.last_seen, known.last_shared(), len(known.given),
                len(known.heard), known.platforms, known.audiences)
            # What happened, as the coach reads it (asks are not gifts).
            what = ("gift", "gift_at", "talk_last", "heard_last", "heard_note", "asked", "ask_last",
                    "unanswered_asks", "shares_since_talk", "waiting")
            assert {k: getattr(person, k) for k in what} == {k: getattr(known, k) for k in what}
            assert figures.find(known.name) == person
        assert figures.tried == {aggregates.audience_key(e.audience_named) for e in history.entries if e.audience_named}


def test_the_newest_names_come_first_and_the_newest_note_is_kept():
    history = history_of([("connect", "jane", START, "", "", "first"), ("share", "sam", START + timedelta(days=2), "", "", ""),
                          ("connect", "@Jane", START + timedelta(days=3), "", "", "asked about letters"),
                          ("brainstorm", "poets", START, "", "", ""), ("brainstorm", "history teachers",
                                                                        START + timedelta(days=1), "", "", "")],
                         [("sam", START + timedelta(days=4), "", "they wrote back")], [])
    figures = aggregates.figures_of(aggregates.of_history(history), history.people)
    assert figures.recent_people == ("@Jane", "sam")
    assert figures.recent_audiences == ("history teachers", "poets")
    assert figures.find("jane").last_note == "asked about letters"
    assert figures.find("sam").last_note == "they wrote back"
    assert figures.steps["connect"] == {"count": 2, "first": START.isoformat(), "last": (START + timedelta(days=3)).isoformat()}
