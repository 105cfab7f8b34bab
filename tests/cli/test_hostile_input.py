"""Hostile input on the command line: empty names, 100 KB notes, terminal escapes, NUL, bytes that are
not UTF-8, right-to-left text and emoji, impossible dates and settings.

Every refusal is one line on stderr starting `coach: ` (exit 1, or 2 for usage), no traceback, and the
data file byte-identical afterwards; no output of any command ever carries a raw control character.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from habits import routine
from habits.store import Store

NOW = "2026-11-21T09:00"  # as tests/cli/conftest.py sets COACH_NOW
TODAY = date(2026, 11, 21)

# Each one is a terminal escape or a control character a person should never see raw.
HOSTILE = ["\x1b[2J", "\x07", "\x9b", "\r", "\x00"]
HUNDRED_KB = "x" * 100_000
# Right-to-left scripts, emoji with zero-width joiners, flags, skin tones, a decomposed accent.
WORLD = [
    "مرحبا بالعالم",
    "שלום עליכם",
    "👩‍👩‍👧‍👦 family",
    "🇯🇵🇺🇦 flags",
    "👋🏽 wave",
    "Cafe\u0301 Zoë",
    "ريم 📚 ✍🏾",
]


def raw_controls(text: str) -> set[str]:
    """Control characters a terminal would act on (a newline ends a line; a tab is harmless)."""
    return {c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"}


def assert_one_line_error(result, code: int = 1) -> None:
    assert result.code == code, (result.code, result.out[:200], result.err[:300])
    assert len(result.err_lines) == 1, result.err[:500]
    assert result.err.startswith("coach: ")
    assert "Traceback" not in result.err
    assert len(result.err) <= 500, f"{len(result.err)} characters of error"
    assert not raw_controls(result.out + result.err), repr(result.err)


def clock() -> datetime:
    return datetime.fromisoformat(NOW).astimezone()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture(scope="module")
def history_template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small history, made once: jane exists (Bluesky, heard back), a reflection, day_start_hour 6."""
    store = Store(tmp_path_factory.mktemp("template") / "coach.json", clock)
    routine.log_step(store, "brainstorm", "teachers", day=ago(1))
    routine.log_step(store, "connect", "jane", platform="Bluesky")
    routine.log_heard(store, "jane")
    routine.set_reflection(store, "a good day")
    routine.set_setting(store, "day_start_hour", "6")
    return store.path.read_bytes()


@pytest.fixture
def history(db: Path, history_template: bytes) -> Path:
    """The small history in this test's data file (copied: much quicker than writing it afresh)."""
    db.parent.mkdir(parents=True)
    db.write_bytes(history_template)
    return db


def refused_and_unchanged(run_coach, db: Path, argv, code: int = 1):
    before = db.read_bytes()
    result = run_coach(*argv)
    assert_one_line_error(result, code)
    assert db.read_bytes() == before
    return result


# --- empty and whitespace-only names ----------------------------------------------------------------

@pytest.mark.parametrize(
    "argv",
    [
        ("log", "connect", ""),
        ("log", "connect", "   "),
        ("log", "share", "\t \t"),
        ("log", "brainstorm", "@"),
        ("log", "brainstorm", " @ "),
        ("heard", ""),
        ("heard", "\u3000\u2003"),  # ideographic and em spaces
        ("person", "jane", "--rename", "  "),
        ("person", "   "),
        ("person", "@"),
    ],
)
def test_an_empty_name_is_refused_in_one_line(run_coach, history, argv):
    result = refused_and_unchanged(run_coach, history, argv)
    assert result.code == 1 and result.out == ""


# --- 100 KB of text anywhere ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("log", "connect", "jane", "--note", HUNDRED_KB), 1),
        (("heard", "jane", "--note", HUNDRED_KB), 1),
        (("reflect", HUNDRED_KB), 1),
        (("person", "jane", "--note", HUNDRED_KB), 1),
        (("log", "connect", HUNDRED_KB), 1),
        (("log", "share", "jane", "--work", HUNDRED_KB), 1),
        (("log", "connect", "jane", "--platform", HUNDRED_KB), 1),
        (("log", "connect", "jane", "--date", HUNDRED_KB), 1),
        (("config", "day_start_hour", HUNDRED_KB), 1),
        (("config", "theme", HUNDRED_KB), 1),
        (("config", "genres", HUNDRED_KB), 1),
        (("config", HUNDRED_KB), 1),
        (("config", HUNDRED_KB, "1"), 1),
        (("person", HUNDRED_KB), 1),
        (("log", "connect", "jane", "--action", HUNDRED_KB), 2),
        (("status", HUNDRED_KB), 2),
        ((HUNDRED_KB,), 2),
    ],
    ids=lambda v: " ".join(a if len(a) < 20 else "100KB" for a in v) if isinstance(v, tuple) else str(v),
)
def test_100_kb_anywhere_gets_one_short_line_and_changes_nothing(run_coach, history, argv, code):
    result = refused_and_unchanged(run_coach, history, argv, code)
    assert HUNDRED_KB[:1000] not in result.err


def test_a_100_kb_note_is_refused_saying_how_long_it_is_and_the_most(run_coach, history):
    result = refused_and_unchanged(run_coach, history, ("log", "connect", "jane", "--note", HUNDRED_KB))
    assert result.err == "coach: the note is 100,000 characters long; the most is 10,000\n"


# --- control characters and escapes -----------------------------------------------------------------

POSITIONS = [
    (("log", "connect", "ja{}ne"), 1),
    (("log", "brainstorm", "teach{}ers"), 1),
    (("log", "connect", "jane", "--note", "so{}me"), 1),
    (("log", "connect", "jane", "--platform", "Blue{}sky"), 1),
    (("log", "connect", "jane", "--audience", "po{}ets"), 1),
    (("log", "share", "jane", "--work", "a {}poem"), 1),
    (("log", "connect", "jane", "--date", "yester{}day"), 1),
    (("heard", "ja{}ne"), 1),
    (("reflect", "good{}day"), 1),
    (("config", "genres", "horror, y{}a"), 1),
    (("config", "platforms", "Blue{}sky"), 1),
    (("config", "theme", "da{}rk"), 1),
    (("config", "day_start_hour", "4{}5"), 1),
    (("config", "day{}start_hour", "4"), 1),
    (("person", "ja{}ne"), 1),
    (("person", "jane", "--note", "so{}me"), 1),
    (("person", "jane", "--platforms", "Blue{}sky"), 1),
    (("person", "jane", "--rename", "Ja{}ne"), 1),
    (("person", "jane", "--merge-into", "Ja{}ne"), 1),
    (("status", "--date", "{}"), 1),
    (("log", "connect", "jane", "--action", "re{}ply"), 2),
    (("status", "st{}ray"), 2),
    (("st{}atus",), 2),
]


@pytest.mark.parametrize(("argv", "code"), POSITIONS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_a_control_character_in_any_argument_is_refused_and_never_echoed(run_coach, history, argv, code):
    for hostile in HOSTILE:
        result = refused_and_unchanged(run_coach, history, [a.replace("{}", hostile) for a in argv], code)
        assert result.code == code and hostile not in result.err


def test_escapes_in_an_argument_reach_no_real_terminal_from_a_real_process(run_coach_process, history):
    before = history.read_bytes()
    assert_one_line_error(run_coach_process("log", "connect", "\x1b[2Jjane", "--date", "\x9b31m"), 1)
    assert_one_line_error(run_coach_process("status", "\x1b]0;owned\x07"), 2)
    assert history.read_bytes() == before


# --- bytes that are not UTF-8 (Python sees lone surrogates) -----------------------------------------

@pytest.mark.parametrize(
    "argv",
    [
        ("log", "connect", "ja\udcffne"),
        ("log", "connect", "jane", "--note", "caf\udce9"),
        ("log", "share", "jane", "--work", "\udcc3\udc28"),
        ("heard", "jane", "--platform", "Blue\udcffsky"),
        ("reflect", "caf\udce9 au lait"),
        ("config", "genres", "horr\udcffor"),
        ("person", "jane", "--note", "caf\udce9"),
    ],
)
def test_bytes_that_are_not_utf8_are_refused_in_one_line(run_coach, history, argv):
    result = refused_and_unchanged(run_coach, history, argv)
    assert "UTF-8" in result.err


def test_bytes_that_are_not_utf8_give_no_traceback_from_a_real_process(run_coach_process, history):
    before = history.read_bytes()
    result = run_coach_process("log", "connect", "ja\udcffne")  # the process gets the byte 0xff
    assert_one_line_error(result)
    assert history.read_bytes() == before


# --- stored text that a hand edit or an import put there is shown safely -----------------------------

POISON = "\x1b[2J\x1b]0;owned\x07\x9b31m\r\x00\x7f!"
TEXT_FIELDS = ("note", "platform", "work", "audience", "text", "where", "label")
NAME_FIELDS = ("subject", "person", "name")


def poison(value: object) -> object:
    """Every text in the file gets the escapes, except the name `ann`, kept so `coach person ann` finds her."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, str) and (key in TEXT_FIELDS or (key in NAME_FIELDS and item != "ann")):
                out[key] = item + POISON
            elif key == "platforms" and isinstance(item, list):
                out[key] = [p + POISON for p in item]
            else:
                out[key] = poison(item)
        return out
    if isinstance(value, list):
        return [poison(v) for v in value]
    return value


@pytest.fixture(scope="module")
def poisoned_template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A history whose every text a hand edit filled with escapes (only the name ann is left clean)."""
    store = Store(tmp_path_factory.mktemp("poisoned") / "coach.json", clock)
    routine.set_setting(store, "genres", "horror")
    routine.log_step(store, "brainstorm", "teachers", note="n", day=ago(20))
    routine.log_step(store, "connect", "ann", platform="Bluesky", note="n", audience="poets", day=ago(20))
    routine.log_step(store, "share", "ann", work="w", day=ago(20))
    routine.log_heard(store, "ann", note="hi", day=ago(19))
    routine.log_step(store, "connect", "jane", platform="Mastodon", action="reply", day=ago(12))
    routine.log_heard(store, "jane", day=ago(11))
    routine.log_step(store, "brainstorm", "teachers", note="again")
    routine.log_step(store, "connect", "ann", note="today")
    routine.log_step(store, "share", "jane", work="a poem")
    routine.set_reflection(store, "a good day")
    routine.describe_person(store, "ann", note="met at the fair", platforms="Bluesky, Mastodon")
    data = json.loads(store.path.read_bytes())
    return json.dumps({table: poison(records) if table != "meta" else records
                       for table, records in data.items()}).encode()


@pytest.fixture
def poisoned(run_coach, db: Path, poisoned_template: bytes) -> Path:
    db.parent.mkdir(parents=True)
    db.write_bytes(poisoned_template)
    assert run_coach("status").code == 0  # the file is valid: only its text is hostile
    return db


@pytest.mark.parametrize(
    "argv",
    [
        ("status",), ("status", "--json"), ("status", "--short"), ("status", "--date", "20 days ago"),
        ("people",), ("people", "--json"), ("person", "ann"), ("suggest",), ("suggest", "--json"),
        ("audiences",), ("audiences", "--json"), ("export", "--format", "md"), ("export",),
        ("doctor",), ("undo",), ("config",), ("log", "share", "ann", "--work", "another"),
    ],
)
def test_escapes_stored_by_a_hand_edit_are_never_shown_raw(run_coach, poisoned, argv):
    result = run_coach(*argv)
    assert result.code == 0, result.err
    assert result.out.strip()
    assert not raw_controls(result.out + result.err), sorted(map(hex, map(ord, raw_controls(result.out))))


def test_json_output_escapes_every_control_character_and_keeps_the_text(run_coach, poisoned):
    people = json.loads(run_coach("people", "--json").out)
    assert any(p["name"] == "jane" + POISON for p in people)
    assert json.loads(run_coach("status", "--json").out)["reflection"] == "a good day" + POISON
    exported = run_coach("export")
    assert "\\u009b" in exported.out and not raw_controls(exported.out)
    texts = [r.get("note") for r in json.loads(exported.out)["records"]["entries"]]
    assert "again" + POISON in texts


def test_poisoned_text_reaches_no_terminal_from_a_real_process(run_coach_process, poisoned):
    for argv in (("export", "--format", "md"),):
        result = run_coach_process(*argv)
        assert result.code == 0 and "Traceback" not in result.err
        assert not raw_controls(result.out + result.err), argv


def test_a_broken_record_with_an_escape_in_its_id_and_kind_is_left_out_and_kept_and_named_safely(run_coach, db):
    assert run_coach("log", "connect", "jane").code == 0
    data = json.loads(db.read_bytes())
    records = data["entries"]
    key, record = next(iter(records.items()))
    records[key] = {**record, "id": "\x1b[2Jevil\x07", "kind": "\x9b6n"}
    db.write_text(json.dumps(data))
    broken = records[key]
    # The record cannot be read: every command leaves it out, shows nothing of it raw, and keeps it.
    for argv in (("status",), ("people",), ("log", "connect", "ann"), ("export",), ("export", "--format", "md")):
        result = run_coach(*argv)
        assert result.code == 0 and not raw_controls(result.out + result.err), argv
    doctor = run_coach("doctor")
    assert doctor.code == 1 and not raw_controls(doctor.out + doctor.err)
    assert "evil" in doctor.out
    assert broken in json.loads(db.read_bytes())["entries"].values()


# --- right-to-left text and emoji: kept exactly, shown as they are ----------------------------------

def test_any_script_and_emoji_are_stored_exactly_and_shown(run_coach, db, tmp_path):
    for name in WORLD:
        for argv in (
            ["log", "brainstorm", name, "--note", name],
            ["log", "connect", name, "--platform", name, "--note", f"{name}\n{name}"],
            ["log", "share", name, "--work", name],
            ["heard", f"@{name.upper()}", "--note", name],
        ):
            result = run_coach(*argv)
            assert result.code == 0, result.err
            assert argv[0] == "heard" or name in result.out
    assert run_coach("reflect", " · ".join(WORLD)).code == 0
    data = json.loads(db.read_bytes())
    entries = list(data["entries"].values())
    assert sorted(e["subject"] for e in entries) == sorted(WORLD * 3)
    assert {e["note"] for e in entries} == {"", *WORLD, *(f"{n}\n{n}" for n in WORLD)}
    assert sorted(e["work"] for e in entries if e["kind"] == "share") == sorted(WORLD)
    assert sorted(h["note"] for h in data["heard"].values()) == sorted(WORLD)
    assert [r["text"] for r in data["reflections"].values()] == [" · ".join(WORLD)]

    status = json.loads(run_coach("status", "--json").out)
    assert status["reflection"] == " · ".join(WORLD) and status["complete"] is True
    shown = run_coach("status").out + run_coach("people").out + run_coach("export", "--format", "md").out
    people = {p["name"]: p for p in json.loads(run_coach("people", "--json").out)}
    assert sorted(people) == sorted(WORLD)
    audiences = [a["name"] for a in json.loads(run_coach("audiences", "--json").out)]
    assert sorted(audiences) == sorted(WORLD)
    for name in WORLD:
        assert (people[name]["given"], people[name]["heard"], people[name]["platforms"]) == (2, 1, [name])
        assert name in shown
        assert name in run_coach("person", f" {name} ").out

    export = tmp_path / "export.json"
    assert run_coach("export", "--output", str(export)).code == 0
    other = tmp_path / "other.json"
    assert run_coach("--db", str(other), "import", str(export)).code == 0
    theirs = json.loads(run_coach("--db", str(other), "export").out)["records"]
    ours = json.loads(run_coach("export").out)["records"]
    assert theirs == ours


# --- dates --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("when", ["2026-02-30", "yesterdayy", "", "   ", "2026-13-01", "31/02/2026", "0000-00-00"])
@pytest.mark.parametrize(
    "argv", [("log", "connect", "jane"), ("heard", "jane"), ("reflect", "a day"), ("rest",), ("status",)]
)
def test_an_invalid_date_is_refused_in_one_line(run_coach, history, argv, when):
    result = refused_and_unchanged(run_coach, history, [*argv, "--date", when])
    assert "date" in result.err


@pytest.mark.parametrize("when", ["tomorrow", "2026-11-22", "2027-01-01", "1 January 2030"])
@pytest.mark.parametrize("argv", [("log", "share", "jane"), ("heard", "jane"), ("reflect", "a day"), ("rest",)])
def test_a_future_date_is_refused_in_one_line_naming_today(run_coach, history, argv, when):
    result = refused_and_unchanged(run_coach, history, [*argv, "--date", when])
    assert "future" in result.err and "today is 2026-11-21" in result.err


# --- settings -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("day_start_hour", "25"),
        ("day_start_hour", "-1"),
        ("day_start_hour", "four"),
        ("day_start_hour", "4.5"),
        ("day_start_hour", ""),
        ("day_start_hour", "1e1"),
        ("day_start_hour", "99999999999999999999999999"),
        ("rest_days_per_week", "-1"),
        ("rest_days_per_week", "8"),
        ("theme", "../../etc/passwd"),
    ],
)
def test_a_bad_setting_is_refused_in_one_line_and_the_store_is_unchanged(run_coach, history, key, value):
    result = refused_and_unchanged(run_coach, history, ("config", key, value))
    assert key in result.err
    assert run_coach("config", "day_start_hour").out == "6\n"
