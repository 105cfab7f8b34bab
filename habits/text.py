"""What a name or a note may hold: typed text is checked once here, before anything is stored."""

from __future__ import annotations

import re

MAX_NAME = 200
MAX_NOTE = 10_000

# The control characters (Unicode category Cc: C0, DEL and C1) as regex classes, scanned in C: an import
# of megabytes is checked about as fast as it is parsed.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_NAME = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # a tab is white space to collapse
_CONTROL_IN_NOTE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # a note may span lines
_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(ValueError):
    """Input a person typed that coach cannot take; the message says why in one line."""


def _has_control(text: str, allowed: str = "") -> bool:
    pattern = {"": _CONTROL, " \t": _CONTROL_IN_NAME, "\n\t": _CONTROL_IN_NOTE}[allowed]
    return pattern.search(text) is not None


def control_in(text: str, multiline: bool = False) -> bool:
    """Whether text holds a control character: any at all, or (`multiline`, a note) any but a line
    break and a tab."""
    return (_CONTROL_IN_NOTE if multiline else _CONTROL).search(text) is not None or _SURROGATE.search(text) is not None


def _refuse_surrogates(text: str, what: str) -> None:
    # Bytes that are not UTF-8 in an argument reach Python as lone surrogates; no file can hold them.
    if _SURROGATE.search(text):
        raise InputError(f"{what} holds bytes that are not valid UTF-8 text")


def shown(raw: object, limit: int = 40) -> str:
    """A typed value quoted in a message: control characters as escapes, and never more than `limit` of it."""
    text = str(raw)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def clean_name(raw: str, what: str = "the name") -> str:
    """A person's or an audience's name: one line, trimmed, not empty."""
    name = " ".join(str(raw).split()) if not _has_control(str(raw), " \t") else None
    if name is None:
        raise InputError(f"{what} cannot contain control characters")
    _refuse_surrogates(name, what)
    if not name or name == "@":
        raise InputError(f"{what} is empty")
    if len(name) > MAX_NAME:
        raise InputError(f"{what} is {len(name)} characters long; the most is {MAX_NAME}")
    return name


def clean_note(raw: str | None, what: str = "the note") -> str:
    """A free-text note: may span lines, trimmed at the ends, may be empty."""
    if raw is None:
        return ""
    text = str(raw).replace("\r\n", "\n").strip()
    if _has_control(text, "\n\t"):
        raise InputError(f"{what} cannot contain control characters")
    _refuse_surrogates(text, what)
    if len(text) > MAX_NOTE:
        raise InputError(f"{what} is {len(text):,} characters long; the most is {MAX_NOTE:,}")
    return text


def clean_detail(raw: str | None, what: str) -> str:
    """A short optional detail such as a platform or a work's title: one line, may be empty."""
    if raw is None or not str(raw).strip():
        return ""
    return clean_name(raw, what)


def audience_key(name: str) -> str:
    """The form two audience names are compared in: casefolded, runs of whitespace made one space."""
    return " ".join(name.casefold().split())


def person_key(name: str) -> str:
    """Two names are one person when they match after trimming, dropping one leading @, ignoring case."""
    name = name.strip()
    if name.startswith("@"):
        name = name[1:]
    return name.strip().casefold()


def printable(text: str) -> str:
    """Text safe to print to a terminal: control characters (escape sequences above all) shown as ?.

    Input is checked on the way in, but a file can be edited by hand or imported, so every face
    shows stored text through this.
    """
    return _CONTROL_IN_NOTE.sub("?", text)
