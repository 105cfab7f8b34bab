"""Every key of the app by its binding id, and the user's own keys (the `keymap` setting).

Like posting's keymap: each binding has an id (`today.rest`), the user may give it other keys
(`coach config keymap today.rest f8`), and the app applies them with Textual's `App.set_keymap`. The
screens take each binding's default keys and its words from here (coach/bindings.py), so this list is
the one place they are written. No Textual here: the plain commands read and check a keymap too, and
never import Textual. tests/unit/test_keymap.py holds what this module knows of Textual's key names
against Textual itself.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from typing import NamedTuple

from coach.places import PLACES
from habits.model import STEPS
from habits.text import InputError, shown


class Key(NamedTuple):
    """A binding the user can give other keys: its id, default keys (comma-separated, as Textual
    takes them), the word the footer shows, a longer name where that word needs one, and where it works."""

    id: str
    keys: str
    label: str
    tooltip: str
    where: str

    @property
    def about(self) -> str:
        """What it does, in a few words: "Month before", "Rest day"."""
        return self.tooltip or self.label


def _section(prefix: str, where: str, *keys: tuple[str, ...]) -> list[Key]:
    return [Key(f"{prefix}.{name}", default, label, tooltip, where)
            for name, default, label, *more in keys for tooltip in [more[0] if more else ""]]


EVERYWHERE = "everywhere"  # the full app's own keys, live on every screen
CHECK_IN = "the check-in (coach --quick)"  # an app of its own: its keys meet no other

# By where they work, in the order `coach config keymap` and Settings list them.
KEYS: tuple[Key, ...] = (
    *_section("app", EVERYWHERE,
              ("quit", "ctrl+q", "Quit"),
              ("undo", "ctrl+z", "Undo"),
              ("redo", "ctrl+shift+z,f9", "Redo"),
              ("help", "question_mark", "Help"),
              ("help_f1", "f1", "Help"),
              *((f"go.{place.mode}", place.key, place.title, f"Go to {place.title}") for place in PLACES)),
    *_section("today", "Today",
              *((f"jump.{kind.key}", str(kind.number), kind.title, f"Go to {kind.title}") for kind in STEPS),
              *((f"jump_from_text.{kind.key}", f"alt+{kind.number}", kind.title, f"Go to {kind.title} from a text field")
                for kind in STEPS),
              ("previous_part", "ctrl+up", "Previous part"),
              ("next_part", "ctrl+down", "Next part"),
              ("rest", "ctrl+r", "Rest day", "Log a rest day"),
              ("save_reflection", "ctrl+s", "Save", "Save the reflection"),
              ("leave_text", "escape", "Leave field")),
    *_section("today.step", "Today, on a step",
              ("edit", "enter", "Edit", "Type the step"),
              ("tab", "tab", "Focus Next", "Into the step's form"),
              ("accept", "ctrl+y", "Accept", "Accept the coach's pick"),
              ("entries", "down", "Entries", "Down to what is logged")),
    *_section("entries", "a day's entries",
              ("edit", "e,enter", "Edit", "Edit the entry"),
              ("delete", "d,delete", "Delete", "Delete the entry")),
    *_section("entry_editor", "editing an entry",
              ("save", "ctrl+s", "Save"),
              ("cancel", "escape", "Cancel")),
    *_section("reflection", "the reflection",
              ("edit", "enter", "Edit", "Write the reflection")),
    *_section("people", "People",
              ("open", "enter", "Open", "Open the person"),
              ("filter", "slash", "Filter"),
              ("sort", "s", "Sort"),
              ("reverse", "r", "Reverse", "Reverse the order"),
              ("to_table", "down", "To the table"),
              ("leave_filter", "escape", "To table", "Leave the filter"),
              ("clear_filter", "escape", "Clear filter")),
    *_section("person", "a person",
              ("leave_field", "escape", "Leave field"),
              ("back", "escape", "Back"),
              ("save", "ctrl+s", "Save"),
              ("rename", "ctrl+r", "Rename"),
              ("merge", "ctrl+o", "Merge")),
    *_section("person.rename", "renaming a person",
              ("cancel", "escape", "Cancel")),
    *_section("person.merge", "merging two people",
              ("cancel", "escape", "Cancel"),
              ("up", "up", "", "Up the list"),
              ("down", "down", "", "Down the list")),
    *_section("audiences", "Audiences",
              ("edit", "enter", "Edit", "Edit the audience"),
              ("brainstorm_idea", "ctrl+b", "Brainstorm it", "Brainstorm the idea"),
              ("focus_ideas", "ctrl+b", "Ideas", "To the ideas"),
              ("leave_text", "escape", "Back to the list")),
    *_section("audiences.idea", "Audiences, an idea",
              ("log", "enter", "Brainstorm it", "Brainstorm the idea")),
    *_section("history", "History",
              ("open_day", "enter", "Open day"),
              ("week_before", "left", "Week before"),
              ("week_after", "right", "Week after"),
              ("day_before", "up", "Day before"),
              ("day_after", "down", "Day after"),
              ("month_before", "[,pageup", "Month", "Month before"),
              ("month_after", "],pagedown", "Month", "Month after"),
              ("year_before", "{,ctrl+left", "Year", "Year before"),
              ("year_after", "},ctrl+right", "Year", "Year after"),
              ("to_today", "t,home", "Back to today")),
    *_section("history.day", "History, a day",
              ("leave_field", "escape", "Leave field"),
              ("back", "escape", "Back"),
              ("save", "ctrl+s", "Save", "Save the reflection"),
              ("rest", "ctrl+r", "Rest day", "Log a rest day")),
    *_section("review", "Review",
              ("previous_week", "left_square_bracket", "Previous week"),
              ("next_week", "right_square_bracket", "Next week"),
              ("save_answer", "ctrl+s", "Save", "Save the answer"),
              ("leave_text", "escape", "Leave field")),
    *_section("review.body", "Review, the week's page",
              ("previous", "left", "Previous week"),
              ("next", "right", "Next week")),
    *_section("settings", "Settings",
              ("save", "ctrl+s", "Save"),
              ("leave_field", "escape", "Leave field")),
    *_section("help", "Help",
              ("close", "escape,q,question_mark", "Close")),
    *_section("welcome", "the welcome",
              ("skip", "escape", "Skip"),
              ("next", "down", "Next"),
              ("previous", "up", "Previous")),
    *_section("quick", CHECK_IN,
              ("leave", "escape", "Leave"),
              ("quit", "ctrl+c,ctrl+q", "Leave", "Leave at once"),
              ("next", "down", "Next"),
              ("previous", "up", "Previous")),
)
BY_ID: dict[str, Key] = {key.id: key for key in KEYS}
# Bindings that run before the widget with the focus sees the key (Textual's priority bindings): a text
# field cannot keep their keys. Help and Quit from anywhere; the parts of Today from inside its fields.
PRIORITY = frozenset({"app.quit", "app.help", "app.help_f1", "quick.quit", "today.previous_part", "today.next_part",
                      *(f"today.jump_from_text.{kind.key}" for kind in STEPS)})

# Bindings of one part of the app whose default keys are the same on purpose: which one a key runs
# depends on where the focus is (Escape leaves a field, then goes back). Giving one of them its own key
# keeps both working.
_PLACES_OF_KEYS = Counter((key.keys, key.where) for key in KEYS)
SHARED = frozenset(key.id for key in KEYS if _PLACES_OF_KEYS[key.keys, key.where] > 1)

# Keys Textual itself answers to on every screen: given to a coach binding, they would stop working.
TEXTUAL_KEYS = {"tab": "moves the focus", "shift+tab": "moves the focus back",
                "ctrl+p": "opens the command palette", "ctrl+c": "copies"}

# The keys of Textual's text fields, and what they do there, where they never reach coach: a one-line
# Input's, then what a TextArea (the reflection) adds. tests/unit/test_keymap.py holds them to Textual's.
INPUT_KEYS = {
    "left": "moves the cursor", "shift+left": "selects", "ctrl+left": "moves the cursor a word",
    "ctrl+shift+left": "selects a word", "right": "moves the cursor", "shift+right": "selects",
    "ctrl+right": "moves the cursor a word", "ctrl+shift+right": "selects a word", "backspace": "deletes",
    "ctrl+shift+a": "selects all", "home": "goes to the start", "ctrl+a": "goes to the start",
    "end": "goes to the end", "ctrl+e": "goes to the end", "shift+home": "selects to the start",
    "shift+end": "selects to the end", "delete": "deletes", "ctrl+d": "deletes", "enter": "submits",
    "ctrl+w": "deletes a word", "ctrl+u": "deletes to the start", "super+backspace": "deletes to the start",
    "ctrl+backspace": "deletes a word", "alt+backspace": "deletes a word", "ctrl+k": "deletes to the end",
    "ctrl+x": "cuts", "ctrl+c": "copies", "super+c": "copies", "ctrl+v": "pastes",
}
TEXT_AREA_KEYS = {
    "up": "moves the cursor", "down": "moves the cursor", "pageup": "moves the cursor a page",
    "pagedown": "moves the cursor a page", "shift+up": "selects", "shift+down": "selects", "f6": "selects the line",
    "f7": "selects all", "alt+delete": "deletes a word", "super+x": "cuts", "ctrl+shift+k": "deletes the line",
    "ctrl+z": "undoes typing", "super+z": "undoes typing", "ctrl+y": "redoes typing", "super+y": "redoes typing",
}
# Keys that most terminals send as another key (kitty's keyboard protocol tells them apart).
SENT_AS = {"ctrl+h": "backspace", "ctrl+i": "tab", "ctrl+m": "enter", "ctrl+left_square_bracket": "escape",
           "ctrl+space": "ctrl+@"}

# --- key names -------------------------------------------------------------------------------------
# What Textual calls a key (textual.keys): a character's own name, or its Unicode name in lower case
# with "_" for spaces and dashes ("question_mark"), a few of them shortened; named keys; modifiers
# before the key, in alphabetical order ("ctrl+shift+up"), as Textual's parser writes them.

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
NAMED = frozenset({"escape", "enter", "tab", "backspace", "delete", "insert", "home", "end", "pageup",
                   "pagedown", "up", "down", "left", "right", "space", *(f"f{n}" for n in range(1, 25))})
ALIASES = {"esc": "escape", "return": "enter", "pgup": "pageup", "pgdn": "pagedown", "del": "delete",
           "ins": "insert", "bksp": "backspace", "↑": "up", "↓": "down", "←": "left", "→": "right"}
# Textual's shorter names for some characters (textual.keys.KEY_NAME_REPLACEMENTS).
SHORTER = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
           "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}
_LONGER = {short: long for long, short in SHORTER.items()}
EXAMPLES = "keys look like ctrl+r, f8, alt+shift+up, question_mark or ?"


def key_of_character(character: str) -> str:
    """Textual's name of the key that types `character` (textual.keys._character_to_key)."""
    if character == " ":
        return "space"
    if not character.isprintable():  # a control or format character (U+0001, U+00AD, U+200B): no key types it
        raise InputError(f"{shown(character)} is not a key; {EXAMPLES}")
    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        raise InputError(f"{shown(character)} is not a key; {EXAMPLES}") from None
    return SHORTER.get(name, name)


def _character_named(name: str) -> str | None:
    """The character a key name such as "question_mark" or "slash" stands for, if any."""
    name = _LONGER.get(name, name)
    for spelled in (name.replace("_", " "), name.replace("_", "-"), name.replace("_", " ").replace(" sign", "-sign")):
        try:
            found = unicodedata.lookup(spelled.upper())
        except KeyError:
            continue
        # By name, the characters of a keyboard's layers (¡, £, ™, é), not pictures ("banana" is 🍌).
        return found if len(found) == 1 and ord(found) < 0x2500 else None
    return _by_key_name().get(name)  # "left_pointing_double_angle_quotation_mark": «; "less_than_sign": <


@functools.cache
def _by_key_name() -> dict[str, str]:
    """Every character below U+2500 by the key name Textual gives it. Spaces and dashes both become "_",
    so some names cannot be spelled back ("LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", "PLUS-MINUS SIGN"):
    without this, a key read from « would not read again, and the app would drop it."""
    found: dict[str, str] = {}
    for code in range(0x21, 0x2500):
        name = unicodedata.name(chr(code), "")
        if name:
            found.setdefault(name.lower().replace("-", "_").replace(" ", "_"), chr(code))
    return found


def _lower(character: str) -> str:
    """A character's lower case, when that is one character ("İ".lower() is two, "i̇", with no name)."""
    lowered = character.lower()
    return lowered if len(lowered) == 1 else character


def read_key(text: str) -> str:
    """One key as Textual names it, from what a person wrote: "Ctrl+R" → "ctrl+r", "?" → "question_mark",
    "esc" → "escape". InputError says why a key cannot be read."""
    raw = text.strip()
    if not raw:
        raise InputError(f"a key is missing; {EXAMPLES}")
    if raw == "+":
        return "plus"
    parts = raw.split("+")
    if raw.endswith("++"):  # "ctrl++": ctrl and the plus key
        parts = [*parts[:-2], "+"]
    *modifiers, base = [part.strip() for part in parts]
    mods = [m.lower() for m in modifiers]
    for m in mods:
        if m not in MODIFIERS:
            raise InputError(f"{shown(raw)} is not a key: {shown(m)} is not one of {', '.join(MODIFIERS)}; {EXAMPLES}")
    if len(set(mods)) != len(mods):
        raise InputError(f"{shown(raw)} names a modifier twice")
    if not base:
        raise InputError(f"{shown(raw)} is not a key: a modifier needs a key after it; {EXAMPLES}")
    if mods == ["ctrl"] and base.lower() in ("@", "at", "commercial_at"):
        return "ctrl+@"  # what terminals send for ctrl+space, and Textual's name for it
    if mods == ["shift"] and len(base) == 1 and not base.isspace():
        # A terminal sends the character shift types: "A", "!"; only a letter's is known here.
        if not base.isalpha():
            raise InputError(f"{shown(raw)} reaches coach as the character it types (! for shift+1 on many "
                             f"keyboards); write that character")
        return key_of_character(base.upper() if len(base.upper()) == 1 else base)
    if len(base) == 1 and base not in ALIASES:
        name = key_of_character(_lower(base) if mods else base)
        if len(name) > 1 and name not in NAMED and _character_named(name) is None:
            # A picture (🍌, ─): its name is no key coach reads, so its character is none either (the
            # name would be stored, and the app would drop it as a key it cannot read).
            raise InputError(f"{shown(raw)} is not a key coach knows; {EXAMPLES}")
    else:
        lowered = ALIASES.get(base.lower(), base.lower())
        if lowered in NAMED:
            name = lowered
        elif (character := _character_named(lowered)) is not None and character.isprintable():
            name = key_of_character(_lower(character) if mods else character)
        else:
            raise InputError(f"{shown(raw)} is not a key coach knows; {EXAMPLES}")
    return "+".join([*sorted(mods), name])


# Named keys as a sentence names them.
SAID = {"up": "↑", "down": "↓", "left": "←", "right": "→", "escape": "Escape", "enter": "Enter", "tab": "Tab",
        "backspace": "Backspace", "delete": "Delete", "insert": "Insert", "home": "Home", "end": "End",
        "pageup": "PgUp", "pagedown": "PgDn", "space": "Space"}


def in_words(key: str) -> str:
    """A key as a sentence names it: "ctrl+r", "?" for question_mark, "[" for left_square_bracket,
    "Escape", "↑"."""
    *modifiers, base = key.split("+") if key != "plus" else [key]
    character = _character_named(base) if len(base) > 1 and base not in NAMED else None
    return "+".join([*modifiers, character if character and character.isprintable() else SAID.get(base, base)])


def keys_in_words(keys: str, joined: str = " / ") -> str:
    """A binding's keys as a sentence names them: "ctrl+shift+z / f9"."""
    return joined.join(in_words(key) for key in keys.split(","))


def read_keys(text: str) -> str:
    """Keys for one binding, comma-separated, as Textual takes them ("ctrl+r,f8"); the same key twice
    once. The comma key itself is written "comma"."""
    keys: list[str] = []
    for part in text.split(","):
        if part.strip() and (key := read_key(part)) not in keys:
            keys.append(key)
    if not keys:
        raise InputError(f"a key is missing; {EXAMPLES}")
    return ",".join(keys)


# --- a keymap --------------------------------------------------------------------------------------

def binding(binding_id: str) -> Key:
    """The binding with this id; InputError names the nearest ones when there is none."""
    found = BY_ID.get(binding_id.strip())
    if found is None:
        import difflib  # only to name the nearest ids

        close = difflib.get_close_matches(binding_id.strip(), BY_ID, n=3, cutoff=0.6)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise InputError(f"there is no key binding {shown(binding_id)}{hint}; `coach config keymap` lists them")
    return found


def keys_of(keymap: Mapping[str, str], binding_id: str) -> str:
    """The keys a binding answers to: the user's, else its default."""
    return keymap.get(binding_id) or BY_ID[binding_id].keys


# The parts of a screen that hold the focus inside it: their keys and the screen's are live at once.
INSIDE = {"Today, on a step": {"Today"}, "a day's entries": {"Today", "History, a day"},
          "the reflection": {"Today", "History, a day"}, "Audiences, an idea": {"Audiences"},
          "Review, the week's page": {"Review"}}


def _meet(spec: Key, other: Key) -> bool:
    """Whether two bindings can be live at once: of the same place, of a place and a part of it, or one of
    them everywhere in the app (the check-in is an app of its own)."""
    if spec.where == other.where or other.where in INSIDE.get(spec.where, ()) or spec.where in INSIDE.get(other.where, ()):
        return True
    return CHECK_IN not in (spec.where, other.where) and EVERYWHERE in (spec.where, other.where)


def check(keymap: Mapping[str, str], binding_id: str, text: str) -> str:
    """The keys `text` gives the binding, read and checked against the rest of the keymap (Empty text or
    "default": its default keys, checked too). Refused, each in one line:
    - a key another binding answers to where both are live (the same place, a place and a part of it, or
      everywhere), unless the two share it by default on purpose (Escape leaves a field, then goes back);
    - a key Textual keeps for itself on every screen (tab, ctrl+p);
    - a key a text field types or uses, for a binding that would take it from the field (a priority
      binding: Help, Quit, the parts of Today) or that would never get it (the check-in's, whose focus is
      always in a field); a character of a keyboard's other layers (¡, from alt+1) is let through."""
    spec = binding(binding_id)
    keys = _keys_given(spec, text)
    for key in keys.split(","):
        own = key in spec.keys.split(",")  # one of its default keys: where it is, as it was
        if not own and key in TEXTUAL_KEYS:
            raise InputError(f"{in_words(key)} {TEXTUAL_KEYS[key]} on every screen; choose another key for {spec.id}")
        use = None if own or _other_layer(key) else _field_use(key, spec)
        if use and spec.id in PRIORITY:
            raise InputError(f"in a text field {in_words(key)} {use}, and {spec.id} would take it from every field; "
                             f"choose another key for it, such as an f-key")
        if use and spec.where == CHECK_IN:
            raise InputError(f"in the check-in the focus is always in a text field, where {in_words(key)} {use}; "
                             f"choose another key for {spec.id} (ctrl+ or alt+ and a letter, or an f-key)")
        for other in KEYS:
            if other.id == spec.id or not _meet(spec, other) or key not in keys_of(keymap, other.id).split(","):
                continue
            if own and key in other.keys.split(","):
                continue  # shared by default, on purpose
            raise InputError(f"{in_words(key)} already means {other.about!r} {_in(other.where)} ({other.id}); "
                             f"give that one another key first, or choose another")
    return keys


def rebinding(binding_id: str, text: str) -> tuple[str | None, Callable[[Mapping[str, object]], object]]:
    """For Coach.rebind: the keys `text` gives the binding (None: its default), and the check to run on
    the keymap as the file holds it inside the change, so that a key another process gave meanwhile is
    refused, not shared. A key that cannot be read is refused here, before any change."""
    spec = binding(binding_id)
    keys = _keys_given(spec, text)
    return (None if keys == spec.keys else keys), lambda held: check(usable(held), spec.id, text)


def _keys_given(spec: Key, text: str) -> str:
    """The keys `text` names for a binding: its default for empty text or "default"."""
    return spec.keys if not text.strip() or text.strip().lower() == "default" else read_keys(text)


def notes(binding_id: str, keys: str) -> list[str]:
    """What to know of keys check() took, each a line: a key most terminals send as another, and a key a
    text field keeps for itself (or, for a priority binding, a character it takes from the field)."""
    spec = BY_ID[binding_id]
    found: list[str] = []
    for key in keys.split(","):
        if key in spec.keys.split(","):
            continue
        if key in SENT_AS:
            found.append(f"most terminals send {in_words(key)} as {SENT_AS[key]} (kitty and a few others tell them "
                         f"apart); if it does nothing, choose another key")
        use = _field_use(key, spec)
        if use and spec.id in PRIORITY:
            found.append(f"in a text field {in_words(key)} now runs {spec.id} instead of being typed")
        elif use and spec.where != CHECK_IN:
            found.append(f"in a text field {in_words(key)} {use}: there, it does not reach {spec.id}")
    return found


def problems(keymap: Mapping[str, str]) -> list[str]:
    """What check() would refuse in a stored keymap (an import, a hand edit, two machines' changes
    merged): one line each, for the app to say."""
    found = []
    for binding_id, keys in keymap.items():
        try:
            check(keymap, binding_id, keys)
        except InputError as error:
            found.append(f"{binding_id} = {keys}: {error}")
    return found


def _field_use(key: str, spec: Key) -> str | None:
    """What a text field does with `key` where `spec` works: "cuts", "is typed"; None when nothing."""
    if _typed(key):
        return "is typed"
    return INPUT_KEYS.get(key) or (TEXT_AREA_KEYS.get(key) if spec.where != CHECK_IN else None)


def _typed(key: str) -> bool:
    """Whether a key types a character (a letter, ?, ¡) rather than doing something (f8, ctrl+r, escape)."""
    return "+" not in key.replace("+plus", "") and key not in NAMED


def _other_layer(key: str) -> bool:
    """A character beyond ASCII, as a keyboard's other layers type it (¡ £ «): what a terminal sends for
    alt+1 on some keyboards, so a binding may take it from the text fields on purpose."""
    character = key if len(key) == 1 else _character_named(key)
    return _typed(key) and character is not None and ord(character) > 0x7F


def _in(where: str) -> str:
    return where if where == EVERYWHERE else f"in {where}"


def for_textual(keymap: Mapping[str, str]) -> dict[str, str]:
    """The keymap to hand Textual's App.set_keymap: the user's own keys, and the default keys, named, of a
    binding that shares them on purpose (SHARED) with one the user gave other keys. Textual, taking a
    binding off a key, takes every binding of that screen or widget off it: once Clear filter had f8,
    Escape would no longer leave the filter, unless Leave filter is named with escape too."""
    found = dict(keymap)
    for spec in KEYS:
        if spec.id in SHARED and spec.id not in found and any(
                other.id in keymap and other.keys == spec.keys and other.where == spec.where for other in KEYS):
            found[spec.id] = spec.keys
    return found


def usable(keymap: object) -> dict[str, str]:
    """The entries of a stored keymap the app can apply: known ids, keys it can read (a keymap written
    by a newer coach, or by hand, may hold others; they are left in the file and not used)."""
    found: dict[str, str] = {}
    if isinstance(keymap, Mapping):
        for binding_id, keys in keymap.items():
            try:
                if binding_id in BY_ID and isinstance(keys, str):
                    found[binding_id] = read_keys(keys)
            except InputError:
                continue
    return found
