"""Scripted histories: three writers, three months each, for the tests and for trying coach by hand.

Each writer's three months run from Monday 2026-08-24 to Friday 2026-11-20; `END` (Saturday
2026-11-21) is the morning they open coach, and nothing is logged on it (today is still open).
They are the histories of issue 14, with its names and dates:

- `novelist`: a historical novelist who does the routine most days (`_novelist` tells her story).
- `ya`: a YA fantasy author who mostly shares, above all @nova.writes (`_ya`).
- `poet`: a nature poet who comes in bursts and has been away three weeks (`_poet`).

    history(writer) -> habits.model.History   pure and fast: the records read by the store's own reader
    export(writer) -> dict                    the history as a `coach export` (json) object
    write(writer, path) -> Path               a data file holding it, made by one `coach import`
    MORNING                                   END at 09:00, local time: the clock for the app and the door

Every record is as coach writes it: a stable id, `created` and `updated` stamps with their UTC offset
(the evening of its day, a minute apart in the order the day's records were made), the fields
`coach log`, `coach heard`, `coach reflect`, `coach rest` and `coach config` write, and a people record
and an audience record for every person and audience named, as the routine keeps them.

Try one in a terminal:

    python -m tests.histories novelist /tmp/novelist.json
    COACH_DB=/tmp/novelist.json COACH_NOW=2026-11-21T09:00 coach          # or coach --quick
"""

from __future__ import annotations

import atexit
import copy
import hashlib
import shutil
import sys
import tempfile
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from habits.model import History
from habits.store.records import TABLES, history_from
from habits.text import audience_key, person_key

WRITERS = ("novelist", "ya", "poet")
START = date(2026, 8, 24)  # a Monday
END = date(2026, 11, 21)  # a Saturday: the morning the writer opens coach; nothing is logged on it
LAST = END - timedelta(days=1)  # the last day with records
MORNING = datetime(2026, 11, 21, 9, 0).astimezone()


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


class _Script:
    """Records as coach would have written them, one call a command (`coach log`, `heard`, `reflect`...)."""

    def __init__(self, writer: str) -> None:
        self.writer = writer
        self.tables: dict[str, dict[str, dict[str, Any]]] = {table: {} for table in TABLES}
        self._minutes: dict[date, int] = {}
        self._people: dict[str, dict[str, Any]] = {}
        self._audiences: set[str] = set()
        self._count = 0

    def _stamp(self, day: date) -> str:
        minute = self._minutes.get(day, 0)
        self._minutes[day] = minute + 1
        assert minute < 240, "at most 240 records a day"
        return f"{day.isoformat()}T{20 + minute // 60:02d}:{minute % 60:02d}:00.000+00:00"

    def _put(self, table: str, stamp: str, fields: dict[str, Any]) -> dict[str, Any]:
        self._count += 1
        record_id = hashlib.md5(f"{self.writer}/{self._count}".encode()).hexdigest()
        record = {"id": record_id, "created": stamp, "updated": stamp, **fields}
        self.tables[table][record_id] = record
        return record

    def _person(self, name: str, platform: str, stamp: str) -> None:
        key = person_key(name)
        record = self._people.get(key)
        if record is None:
            self._people[key] = self._put("people", stamp, {"name": name, "aliases": [],
                                                            "platforms": [platform] if platform else [], "note": ""})
        elif platform and platform.casefold() not in (p.casefold() for p in record["platforms"]):
            record["platforms"] = [*record["platforms"], platform]
            record["updated"] = stamp

    def _audience(self, name: str, stamp: str) -> None:
        if name and audience_key(name) not in self._audiences:
            self._audiences.add(audience_key(name))
            self._put("audiences", stamp, {"name": name, "where": "", "note": ""})

    def setting(self, day: date, key: str, value: Any) -> None:
        self._put("settings", self._stamp(day), {"key": key, "value": value})

    def brainstorm(self, day: date, audience: str, note: str = "") -> None:
        stamp = self._stamp(day)
        self._audience(audience, stamp)
        self._put("entries", stamp, {"kind": "brainstorm", "subject": audience, "note": note, "day": day.isoformat()})

    def connect(self, day: date, person: str, action: str, note: str = "", platform: str = "",
                audience: str = "") -> None:
        self._give(day, "connect", person, platform, audience, action=action, note=note)

    def share(self, day: date, person: str, work: str = "", note: str = "", platform: str = "",
              audience: str = "") -> None:
        self._give(day, "share", person, platform, audience, note=note, work=work)

    def _give(self, day: date, kind: str, person: str, platform: str, audience: str, **fields: str) -> None:
        """A connect or a share, with the people and audience records `coach log` keeps beside it."""
        stamp = self._stamp(day)
        self._person(person, platform, stamp)
        self._audience(audience, stamp)
        self._put("entries", stamp, {"kind": kind, "subject": person, "audience": audience, "platform": platform,
                                     **fields, "day": day.isoformat()})

    def heard(self, day: date, person: str, note: str = "", platform: str = "") -> None:
        stamp = self._stamp(day)
        self._person(person, platform, stamp)
        self._put("heard", stamp, {"person": person, "platform": platform, "note": note, "day": day.isoformat()})

    def reflect(self, day: date, text: str) -> None:
        self._put("reflections", self._stamp(day), {"text": text, "day": day.isoformat()})

    def rest(self, day: date) -> None:
        self._put("rest_days", self._stamp(day), {"day": day.isoformat()})


def _cycle(items: list[Any]):
    n = 0
    while True:
        yield items[n % len(items)]
        n += 1


# ---- the novelist ----------------------------------------------------------------------------------

NOVELIST_PLATFORMS = ["bluesky", "instagram"]


def _novelist() -> _Script:
    """A historical novelist (genres: "historical fiction") who does the routine most days.

    She misses most Sundays (rest days on Sun 6 Sep, 4 Oct and 1 Nov; nothing at all on Sun 30 Aug,
    13 Sep, 27 Sep, 11 Oct, 25 Oct, 8 Nov and 15 Nov). Every other day has a brainstorm, a connect and
    a share, except: 10 Sep and 12 Nov have no share, 14 Oct no brainstorm. Asks and the pitchy
    message are the only connect of their days (1 Sep, 22 Sep, 13 Oct, 3 Nov, 18 Nov; 6 Nov).
    Reflections on some days; none on 20 Nov (yesterday's is open on the morning of END).

    - @mr.okafor (bluesky), a history teacher found among "history teachers": follow 26 Aug; comments
      2 Sep, 16 Sep, 9 Oct, 28 Oct; shared 5 Sep, 24 Sep, 20 Oct, 11 Nov (four times; his last gift).
      Heard 12 Oct "asked which letters I used for research" and 14 Nov "asked when my book is out":
      talking (two answers), and waiting on her: nothing given to him since 11 Nov.
    - @ada.reads (instagram): like 14 Sep, comment 18 Sep; heard 20 Sep "asked about my heroine's
      dress"; her reply 21 Sep (last touch). Talking, quiet two months.
    - @histpod (bluesky), a history podcast: follow 28 Aug, comment 3 Sep, share 12 Sep, comment
      23 Sep, share 7 Oct, reply 17 Oct (last touch either way: five weeks before END). Heard 7 Sep,
      25 Sep, 14 Oct (38 days apart): connected, not waiting.
    - @hilary.mantelpiece (bluesky), an admired author: likes 27 Aug and 15 Oct; five connects with
      action "ask" (1 Sep, 22 Sep, 13 Oct, 3 Nov, 18 Nov: blurbs, reading a chapter, a share of the
      cover). Never heard.
    - Warming strangers (3 gifts over 14+ days, nothing heard), quiet 1-3 weeks:
      @samplers.and.stitches (1 Oct, 16 Oct, shared 31 Oct), @quill.and.ink (8 Oct, 19 Oct, 5 Nov),
      @tudor.tea (14 Oct, 24 Oct, 12 Nov).
    - New people met in the last ten days, one gift each: @letters.archive (follow 13 Nov),
      @regency.kitchen (like 17 Nov), @map.collector (follow 20 Nov).
    - @prairie.quilter, a stranger: on 6 Nov one connect, action "message", note "DMed my whole
      family backstory and my book link". Nothing else.
    - Her circle, given to all along (to 18-20 Nov): @the.paper.trail (a fellow novelist; heard 4 Sep,
      2 Oct, 5 Nov, 18 Nov, her reply 19 Nov: connected, not waiting), @marguerite.writes (heard
      10 Oct: talking), and
      @corsetry.history, @museum.of.letters, @oldmapsdaily (nothing heard: warming).
    - Brainstorms from a list of twenty audiences, each several times ("history teachers",
      "civil war re-enactors", "genealogy hobbyists", "american frontier history buffs", ...).
    """
    s = _Script("novelist")
    s.setting(START, "genres", ["historical fiction"])
    s.setting(START, "platforms", NOVELIST_PLATFORMS)
    okafor, ada, histpod, hilary = "@mr.okafor", "@ada.reads", "@histpod", "@hilary.mantelpiece"
    bsky, insta = "bluesky", "instagram"

    # What happened with the people of the story, by day: connects, shares and answers.
    connects: dict[date, tuple] = {
        d(8, 26): (okafor, "follow", "a history teacher who posts old letters", bsky, "history teachers"),
        d(9, 2): (okafor, "comment", "on his thread about soldiers' letters home", bsky, ""),
        d(9, 16): (okafor, "comment", "agreed about teaching with primary sources", bsky, ""),
        d(10, 9): (okafor, "comment", "on his class's field trip to the archive", bsky, ""),
        d(10, 28): (okafor, "comment", "on the photos of his students' letter project", bsky, ""),
        d(9, 14): (ada, "like", "her post about Victorian sleeves", insta, "costume historians"),
        d(9, 18): (ada, "comment", "on her sketch of an 1850s day dress", insta, ""),
        d(9, 21): (ada, "reply", "told her about the silk the dress is based on", insta, ""),
        d(8, 28): (histpod, "follow", "a podcast about ordinary lives in history", bsky, "history podcast listeners"),
        d(9, 3): (histpod, "comment", "on the episode about Tudor kitchens", bsky, ""),
        d(9, 23): (histpod, "comment", "on the episode about mourning customs", bsky, ""),
        d(10, 17): (histpod, "reply", "thanked them for the kind words", bsky, ""),
        d(8, 27): (hilary, "like", "her post about research rabbit holes", bsky, ""),
        d(9, 1): (hilary, "ask", "asked if she'd blurb my novel", bsky, ""),
        d(9, 22): (hilary, "ask", "asked if she'd read my first chapter", bsky, ""),
        d(10, 13): (hilary, "ask", "asked again if she'd blurb my novel", bsky, ""),
        d(10, 15): (hilary, "like", "her photo of the Cromwell letters", bsky, ""),
        d(11, 3): (hilary, "ask", "asked if she'd share my cover reveal", bsky, ""),
        d(11, 18): (hilary, "ask", "asked once more if she'd blurb my novel", bsky, ""),
        d(10, 1): ("@samplers.and.stitches", "like", "a 1790s sampler", insta, "heritage craft makers"),
        d(10, 16): ("@samplers.and.stitches", "comment", "loved the colours of the silk", insta, ""),
        d(10, 8): ("@quill.and.ink", "like", "their calligraphy of an old recipe", insta, "letter writers and pen pals"),
        d(10, 19): ("@quill.and.ink", "comment", "on the iron gall ink video", insta, ""),
        d(11, 5): ("@quill.and.ink", "reshare", "the quill-cutting tutorial", insta, ""),
        d(10, 14): ("@tudor.tea", "follow", "", bsky, "tudor history fans"),
        d(10, 24): ("@tudor.tea", "like", "their post on Tudor spices", bsky, ""),
        d(11, 12): ("@tudor.tea", "comment", "on the marchpane recipe", bsky, ""),
        d(11, 13): ("@letters.archive", "follow", "", bsky, "archivists and librarians"),
        d(11, 17): ("@regency.kitchen", "like", "the syllabub post", insta, "heritage cooks"),
        d(11, 19): ("@the.paper.trail", "reply", "answered her question about drafts", bsky, ""),
        d(11, 20): ("@map.collector", "follow", "", bsky, "antique map collectors"),
        d(11, 6): ("@prairie.quilter", "message", "DMed my whole family backstory and my book link", insta,
                   "quilters"),
    }
    shares: dict[date, tuple] = {
        d(9, 5): (okafor, "his thread on soldiers' letters", bsky),
        d(9, 24): (okafor, "his lesson plan on the 1918 flu", bsky),
        d(10, 20): (okafor, "his students' letter project", bsky),
        d(11, 11): (okafor, "his post on Armistice Day letters", bsky),
        d(9, 12): (histpod, "the episode on Victorian letter-writing", bsky),
        d(10, 7): (histpod, "the episode on Tudor letters", bsky),
        d(10, 31): ("@samplers.and.stitches", "their Halloween mourning sampler", insta),
    }
    heard: dict[date, list[tuple]] = {
        d(9, 4): [("@the.paper.trail", "liked my thread on archive gloves", bsky)],
        d(9, 7): [(histpod, "replied that the kitchen episode was their favourite to make", bsky)],
        d(9, 20): [(ada, "asked about my heroine's dress", insta)],
        d(9, 25): [(histpod, "said my comment made their week", bsky)],
        d(10, 2): [("@the.paper.trail", "asked how I keep my research notes", bsky)],
        d(10, 10): [("@marguerite.writes", "thanked me for the share", insta)],
        d(10, 12): [(okafor, "asked which letters I used for research", bsky)],
        d(10, 14): [(histpod, "thanked me for sharing the Tudor letters episode", bsky)],
        d(11, 5): [("@the.paper.trail", "sent a photo of her desk in return", bsky)],
        d(11, 14): [(okafor, "asked when my book is out", bsky)],
        d(11, 18): [("@the.paper.trail", "replied to my comment about drafts", bsky)],
    }
    reflections = {
        d(8, 24): "Day one. Followed nobody yet; brainstormed instead. Small steps.",
        d(9, 20): "Ada asked about my heroine's dress! Someone is reading closely.",
        d(10, 12): "Mr Okafor asked which letters I used. I must answer him properly.",
        d(10, 14): "Histpod thanked me for the share. That felt like friendship, not marketing.",
        d(11, 6): "I told a stranger far too much today. Too eager.",
        d(11, 14): "He asked when my book is out. Not sure how to answer without pitching.",
    }
    rest_days = {d(9, 6), d(10, 4), d(11, 1)}
    away = {d(8, 30), d(9, 13), d(9, 27), d(10, 11), d(10, 25), d(11, 8), d(11, 15)}
    no_share = {d(9, 10), d(11, 12)}
    no_brainstorm = {d(10, 14)}

    ideas = _cycle([
        ("history teachers", "they teach with primary sources"), ("civil war re-enactors", ""),
        ("genealogy hobbyists", "family letters are their treasure"), ("american frontier history buffs", ""),
        ("renaissance faire goers", ""), ("costume historians", ""), ("museum volunteers", ""),
        ("local history societies", "they meet monthly at the library"), ("archivists and librarians", ""),
        ("tudor history fans", ""), ("letter writers and pen pals", ""), ("history podcast listeners", ""),
        ("historical fiction book clubs", ""), ("antique map collectors", ""), ("quilters", ""),
        ("regency romance readers", ""), ("heritage cooks", ""), ("victorian mourning jewellery collectors", ""),
        ("re-enactment seamstresses", ""), ("heritage craft makers", ""),
    ])
    circle = _cycle([("@the.paper.trail", bsky), ("@marguerite.writes", insta), ("@corsetry.history", insta),
                     ("@museum.of.letters", bsky)])
    actions = _cycle(["comment", "like", "reshare", "question"])
    notes = _cycle(["on her post about drafting", "", "a lovely thread", "wondered where her sources came from", ""])
    shared = _cycle([("@oldmapsdaily", "a 1780 map of Boston", bsky), ("@the.paper.trail", "her new chapter", bsky),
                     ("@marguerite.writes", "her essay on widows' letters", insta),
                     ("@museum.of.letters", "the exhibition announcement", bsky),
                     ("@corsetry.history", "the stays reconstruction", insta)])
    quiet_reflections = _cycle([
        "A quiet day; the comments felt natural.", "Sharing others' work is easier than I expected.",
        "Found a whole new audience idea on the train.", "Tired, but the three steps took five minutes.",
    ])
    for n, day in enumerate(days(START, LAST)):
        if day in rest_days:
            s.rest(day)
        for person, note, platform in heard.get(day, []):
            if day in (d(10, 14), d(11, 14)):  # heard first thing: logged before the day's steps
                s.heard(day, person, note, platform)
        if day in rest_days or day in away:
            for person, note, platform in heard.get(day, []):
                if day not in (d(10, 14), d(11, 14)):
                    s.heard(day, person, note, platform)
            continue
        if day not in no_brainstorm:
            audience, note = next(ideas)
            s.brainstorm(day, audience, note)
        if day in connects:
            person, action, note, platform, audience = connects[day]
            s.connect(day, person, action, note, platform, audience)
        else:
            person, platform = next(circle)
            s.connect(day, person, next(actions), next(notes), platform)
        if day in shares:
            person, work, platform = shares[day]
            s.share(day, person, work, platform=platform)
        elif day not in no_share:
            person, work, platform = next(shared)
            s.share(day, person, work, platform=platform)
        for person, note, platform in heard.get(day, []):
            if day not in (d(10, 14), d(11, 14)):
                s.heard(day, person, note, platform)
        if day in reflections:
            s.reflect(day, reflections[day])
        elif n % 5 == 3 and day != LAST:
            s.reflect(day, next(quiet_reflections))
    return s


# ---- the YA author ---------------------------------------------------------------------------------

def _nova_days() -> list[date]:
    span = (LAST - START).days
    return [START + timedelta(days=round(i * span / 25)) for i in range(26)]


def _ya() -> _Script:
    """A YA fantasy author (genres: "YA fantasy") who mostly shares, and almost never talks.

    - @nova.writes (instagram): shared 26 times, from 24 Aug to 20 Nov, about every three and a half
      days (`_nova_days()`); one comment, on 29 Aug ("loved the sea-dragon chapter"). Never heard.
    - Others shared: @inkwell.isla 8 times, @drakes.and.dice 5, @teen.reads.club 4.
    - Connects, four in all: @inkwell.isla follow 24 Aug, @nova.writes comment 29 Aug, @drakes.and.dice
      like 12 Sep, @teen.reads.club follow 20 Oct.
    - Heard once in three months: @inkwell.isla on 16 Sep, "thanked me for sharing her map".
    - Brainstorms on eleven days ("parents of teenagers" three times, "D&D players", "cosplayers",
      "teen librarians", "fantasy map lovers", "booktok readers", "renaissance faire goers").
    - Three reflections. No rest days. Most days hold a share and nothing else.
    """
    s = _Script("ya")
    s.setting(START, "genres", ["YA fantasy"])
    s.setting(START, "platforms", ["instagram", "tiktok"])
    insta = "instagram"
    nova_works = _cycle(["her new chapter", "her cover sketch", "her character art", "her writing vlog",
                         "her map of the Shattered Isles", "her newsletter"])
    nova = set(_nova_days())
    others = {
        "@inkwell.isla": [d(8, 26), d(9, 9), d(9, 15), d(9, 30), d(10, 10), d(10, 27), d(11, 6), d(11, 16)],
        "@drakes.and.dice": [d(9, 1), d(9, 19), d(10, 15), d(10, 30), d(11, 11)],
        "@teen.reads.club": [d(9, 24), d(10, 21), d(11, 2), d(11, 18)],
    }
    works = {"@inkwell.isla": "her fantasy map", "@drakes.and.dice": "their campaign recap",
             "@teen.reads.club": "their monthly picks"}
    connects = {
        d(8, 24): ("@inkwell.isla", "follow", ""),
        d(8, 29): ("@nova.writes", "comment", "loved the sea-dragon chapter"),
        d(9, 12): ("@drakes.and.dice", "like", "their dice tower"),
        d(10, 20): ("@teen.reads.club", "follow", ""),
    }
    brainstorms = {
        d(8, 24): ("parents of teenagers", "they read what their kids read"), d(8, 31): ("D&D players", ""),
        d(9, 12): ("cosplayers", ""), d(9, 21): ("teen librarians", ""), d(10, 3): ("fantasy map lovers", ""),
        d(10, 12): ("parents of teenagers", ""), d(10, 20): ("booktok readers", ""),
        d(10, 31): ("renaissance faire goers", ""), d(11, 9): ("parents of teenagers", ""),
        d(11, 13): ("cosplayers", "costume contests at cons"), d(11, 19): ("D&D players", ""),
    }
    reflections = {
        d(9, 16): "Isla thanked me! I did not expect an answer.",
        d(10, 20): "Sharing is easy. Talking is scary.",
        d(11, 16): "Shared Nova again. I wonder if she knows who I am.",
    }
    for day in days(START, LAST):
        if day in brainstorms:
            s.brainstorm(day, *brainstorms[day])
        if day in connects:
            person, action, note = connects[day]
            s.connect(day, person, action, note, insta)
        if day in nova:
            s.share(day, "@nova.writes", next(nova_works), platform=insta)
        for person, shared_days in others.items():
            if day in shared_days:
                s.share(day, person, works[person], platform=insta)
        if day == d(9, 16):
            s.heard(day, "@inkwell.isla", "thanked me for sharing her map", insta)
        if day in reflections:
            s.reflect(day, reflections[day])
    return s


# ---- the poet --------------------------------------------------------------------------------------

POET_BURSTS = ((d(8, 24), d(9, 4)), (d(9, 17), d(10, 3)), (d(10, 16), d(10, 31)))


def _poet() -> _Script:
    """A nature poet (genres: "nature poetry") who comes in bursts and disappears for weeks.

    Active 24 Aug-4 Sep, 17 Sep-3 Oct and 16 Oct-31 Oct (`POET_BURSTS`): the three steps on each of
    those days. Then nothing of hers from 1 Nov to 20 Nov: three weeks away on the morning of END.

    - @june.salon (bluesky), her one real friend: comment 27 Aug, share 2 Sep (her chapbook), reply
      23 Sep, comment 21 Oct, share 28 Oct (last touch). Heard 30 Aug "wrote a line back to my heron
      poem", 22 Sep "invited me to her salon", 20 Oct "read my poem aloud at the salon" (51 days):
      connected, quiet since 28 Oct.
    - While she was away two people answered her (heard records inside the gap):
      @fern.and.feather (like 20 Oct, comment 29 Oct) on 8 Nov, "replied to my birch poem: this is
      exactly November"; @the.wren.review (follow 18 Sep, shared 30 Oct) on 15 Nov, "asked to print
      my heron poem in their winter issue". Both talking, and waiting on her.
    - Her circle in the bursts: @moss.and.meter, @trailpoems, @lichen.notes, @littoral.press.
    - Brainstorms: "birders" (25 Aug and 18 Sep) among "hikers", "gardeners", "botanical
      illustrators", "haiku circles", "wild swimmers", "mushroom foragers", "nature journalers".
    - Reflections on some days of the bursts (the last on 31 Oct).
    """
    s = _Script("poet")
    s.setting(START, "genres", ["nature poetry"])
    s.setting(START, "platforms", ["bluesky"])
    bsky = "bluesky"
    june = "@june.salon"
    connects = {
        d(8, 27): (june, "comment", "on her poem about the estuary", "nature journalers"),
        d(9, 23): (june, "reply", "said yes to the salon", ""),
        d(10, 21): (june, "comment", "thanked her for reading it aloud", ""),
        d(9, 18): ("@the.wren.review", "follow", "", "haiku circles"),
        d(10, 20): ("@fern.and.feather", "like", "her photo of a heron at dawn", "birders"),
        d(10, 29): ("@fern.and.feather", "comment", "on her birch bark sketch", ""),
    }
    shares = {
        d(9, 2): (june, "her chapbook"),
        d(10, 28): (june, "the salon's autumn reading"),
        d(10, 30): ("@the.wren.review", "their autumn issue"),
    }
    heard = {
        d(8, 30): (june, "wrote a line back to my heron poem"),
        d(9, 22): (june, "invited me to her salon"),
        d(10, 20): (june, "read my poem aloud at the salon"),
        d(11, 8): ("@fern.and.feather", "replied to my birch poem: this is exactly November"),
        d(11, 15): ("@the.wren.review", "asked to print my heron poem in their winter issue"),
    }
    brainstorms = {d(8, 25): "birders", d(9, 18): "birders"}
    ideas = _cycle(["hikers", "gardeners", "botanical illustrators", "haiku circles", "wild swimmers",
                    "mushroom foragers", "nature journalers"])
    circle = _cycle([("@moss.and.meter", "comment"), ("@trailpoems", "like"), ("@lichen.notes", "comment"),
                     ("@littoral.press", "like"), ("@moss.and.meter", "reply"), ("@trailpoems", "reshare")])
    shared = _cycle([("@moss.and.meter", "her new poem"), ("@lichen.notes", "their photo essay"),
                     ("@trailpoems", "the trail poem of the week"), ("@littoral.press", "their call for poems")])
    reflections = {
        d(8, 24): "Back to it. One person a day.",
        d(8, 30): "June wrote a line back. A poem answered with a poem.",
        d(9, 17): "Two weeks gone without noticing. Starting again, gently.",
        d(9, 22): "Invited to a salon! I almost said no out of shyness.",
        d(10, 16): "Back after two weeks away. The birds did not mind.",
        d(10, 20): "She read my poem aloud to strangers.",
        d(10, 31): "Tired. The year is turning.",
    }
    active = {day for first, last in POET_BURSTS for day in days(first, last)}
    for day in days(START, LAST):
        if day in active:
            s.brainstorm(day, brainstorms.get(day) or next(ideas))
            if day in connects:
                person, action, note, audience = connects[day]
                s.connect(day, person, action, note, bsky, audience)
            else:
                person, action = next(circle)
                s.connect(day, person, action, platform=bsky)
            if day in shares:
                person, work = shares[day]
                s.share(day, person, work, platform=bsky)
            else:
                person, work = next(shared)
                s.share(day, person, work, platform=bsky)
        if day in heard:
            person, note = heard[day]
            s.heard(day, person, note, bsky)
        if day in reflections:
            s.reflect(day, reflections[day])
    return s


_SCRIPTS = {"novelist": _novelist, "ya": _ya, "poet": _poet}


# ---- the API -----------------------------------------------------------------------------------------

def _check(writer: str) -> None:
    if writer not in _SCRIPTS:
        raise ValueError(f"no scripted history {writer!r} (writers: {', '.join(WRITERS)})")


@lru_cache(maxsize=None)
def _tables(writer: str) -> dict[str, dict[str, dict[str, Any]]]:
    _check(writer)
    return _SCRIPTS[writer]().tables


def history(writer: str) -> History:
    """The writer's history, exactly as the store reads it (its own reader, over the tables a data
    file would hold). Pure: no disk, no clock; a new History each call."""
    return history_from(_tables(writer), f"the {writer}'s scripted history")


def export(writer: str) -> dict[str, Any]:
    """The history as `coach export` writes it (json): `coach import` of it gives the history back."""
    from habits.settings import effective

    tables = _tables(writer)
    return {
        "format": "coach",
        "version": 1,
        "exported": MORNING.isoformat(timespec="seconds"),
        "settings": effective(history(writer).settings),
        "records": {table: sorted((copy.deepcopy(r) for r in tables[table].values()),
                                  key=lambda r: (datetime.fromisoformat(r["created"]), r["id"]))
                    for table in TABLES},
    }


_FOLDER: Path | None = None


def _export_file(writer: str) -> Path:
    """The writer's export as a file, written once a process."""
    global _FOLDER
    if _FOLDER is None:
        _FOLDER = Path(tempfile.mkdtemp(prefix="coach-histories-"))
        atexit.register(shutil.rmtree, _FOLDER, True)
    path = _FOLDER / f"{writer}.json"
    if not path.exists():
        import orjson

        path.write_bytes(orjson.dumps(export(writer), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    return path


def write(writer: str, path: Path | str, clock: Any = None) -> Path:
    """A new data file at `path` holding the writer's history, made through the public door in one
    change (`Coach.import_file`, as `coach import` does): the summary, the backup and the undo journal
    beside it are coach's own. `clock`: the door's clock (default: MORNING, END at 09:00)."""
    from habits.coach import Coach

    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists: a scripted history is written to a new data file")
    Coach.at(path, clock or (lambda: MORNING)).import_file(_export_file(writer))
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in WRITERS:
        print(f"usage: python -m tests.histories {{{','.join(WRITERS)}}} PATH", file=sys.stderr)
        return 2
    try:
        path = write(argv[0], argv[1])
    except FileExistsError as error:
        print(f"histories: {error}", file=sys.stderr)
        return 1
    print(f"Wrote the {argv[0]}'s three months to {path}. Try it:\n"
          f"  COACH_DB={path} COACH_NOW={END.isoformat()}T09:00 coach")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
