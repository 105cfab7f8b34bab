"""The settings a user can change, their defaults, and how a typed value becomes a stored one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from habits.text import InputError, clean_name, shown

# Your own reflection prompts: short questions, and few enough to be read through in a screen.
MAX_PROMPT = 200
MAX_PROMPTS = 100


@dataclass(frozen=True)
class Setting:
    key: str
    default: object
    help: str
    parse: Callable[[str], object]
    show: Callable[[object], str] = str


def _int_between(low: int, high: int, key: str) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise InputError(f"{key} takes a whole number from {low} to {high}, not {shown(raw)}") from None
        if not low <= value <= high:
            raise InputError(f"{key} takes a whole number from {low} to {high}, not {value}")
        return value

    return parse


def _name_list(key: str) -> Callable[[str], list[str]]:
    def parse(raw: str) -> list[str]:
        names: list[str] = []
        for part in str(raw).split(","):
            if part.strip():
                name = clean_name(part, what=f"a name in {key}")
                if name.casefold() not in (n.casefold() for n in names):
                    names.append(name)
        return names

    return parse


def _prompts(raw: str) -> list[str]:
    # One a line, as typed in the app; on the command line, where a value is one line, " | " parts them
    # too, and it is how they are shown there. Each is one trimmed line; blank lines and repeats go.
    lines = str(raw).replace("\r\n", "\n").replace(" | ", "\n").split("\n")
    prompts: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        what = f"prompt {len(prompts) + 1}"
        prompt = clean_name(line, what=what)
        if len(prompt) > MAX_PROMPT:
            raise InputError(f"{what} is {len(prompt)} characters long; the most is {MAX_PROMPT}")
        if prompt.casefold() not in (p.casefold() for p in prompts):
            prompts.append(prompt)
        if len(prompts) > MAX_PROMPTS:
            raise InputError(f"prompts takes at most {MAX_PROMPTS} prompts")
    return prompts


def _theme(raw: str) -> str:
    value = str(raw).strip()
    if len(value) > 60 or any(not (c.isalnum() or c in "-_") for c in value):
        raise InputError(f"theme takes a theme's name, such as textual-dark, not {shown(raw)}")
    return value


# The app's own keys: binding id → keys, as `coach config keymap ID KEYS` sets them. Which ids and keys
# exist is the app's knowledge (coach/keymap.py checks them before they come here); here, the shape.
MAX_KEYMAP = 200
_BINDING_ID = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")
_KEYS = re.compile(r"[^\s|=]{1,100}")


def _keymap(raw: str) -> dict[str, str]:
    # "today.rest=f8 | app.go.people=ctrl+p", or one a line; keys comma-separated ("ctrl+r,f8").
    keymap: dict[str, str] = {}
    for part in str(raw).replace(" | ", "\n").splitlines():
        if not part.strip():
            continue
        binding_id, equals, keys = (p.strip() for p in part.partition("="))
        if not equals or not _BINDING_ID.fullmatch(binding_id) or len(binding_id) > 80:
            raise InputError(f"keymap takes a binding id, =, and its keys (today.rest=f8), not {shown(part)}")
        if len(keys) > 100:
            raise InputError(f"keymap gives {binding_id} {len(keys)} characters of keys; the most is 100")
        if not _KEYS.fullmatch(keys) or not keys.isprintable():
            raise InputError(f"keymap gives {binding_id} keys that are not keys: {shown(keys)}")
        keymap[binding_id] = keys
    if len(keymap) > MAX_KEYMAP:
        raise InputError(f"keymap takes at most {MAX_KEYMAP} bindings")
    return keymap


SETTINGS: tuple[Setting, ...] = (
    Setting("day_start_hour", 4, "the hour a routine day starts (0-23): 4 means 01:30 still counts as yesterday",
            _int_between(0, 23, "day_start_hour")),
    Setting("rest_days_per_week", 1, "rest days allowed in one ISO week (0-7)",
            _int_between(0, 7, "rest_days_per_week")),
    Setting("genres", [], "what you write, comma-separated (drives audience ideas)",
            _name_list("genres"), lambda v: ", ".join(v)),
    Setting("platforms", [], "where you meet people, comma-separated",
            _name_list("platforms"), lambda v: ", ".join(v)),
    Setting("theme", "", "the app's colour theme (empty: coach's default)", _theme),
    Setting("prompts", [], "your own reflection prompts (on this line parted by ' | ')",
            _prompts, lambda v: " | ".join(v)),
    Setting("keymap", {}, "your own keys in the app, by binding id (`coach config keymap` lists them)",
            _keymap, lambda v: " | ".join(f"{k}={keys}" for k, keys in v.items())),
)
_BY_KEY = {s.key: s for s in SETTINGS}


def setting(key: str) -> Setting:
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(_BY_KEY)
        raise InputError(f"there is no setting {shown(key)} (known: {known})") from None


def effective(stored: dict[str, object]) -> dict[str, object]:
    """Every setting's value: what is stored, else its default."""
    return {s.key: stored.get(s.key, s.default) for s in SETTINGS}
