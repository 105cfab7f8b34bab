"""The fields of a step as one table: what each is called, how a form labels it, the command line's
flag, how its text is cleaned, and its choices.

Every face builds from this table: `coach log`'s options, the step forms and the entry editor, the
CSV columns, the Markdown journal and the check-in's rows. A step kind names the fields it has
(`StepKind.fields`, habits/model.py); a new field is one row here and one name there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from habits.model import ACTIONS, DEFAULT_ACTION, STEPS, Entry, StepKind
from habits.text import InputError, clean_detail, clean_name, clean_note, shown


def _action(raw: str | None) -> str:
    chosen = (raw or "").strip().lower() or DEFAULT_ACTION
    if chosen not in ACTIONS:
        raise InputError(f"the action is one of {', '.join(ACTIONS)}, not {shown(raw)}")
    return chosen


@dataclass(frozen=True)
class Field:
    """One detail a step records besides its subject."""

    name: str  # the record's field, and Entry's attribute
    label: str  # as a form or a column heading shows it
    flag: str  # the command line's option
    metavar: str
    help: str
    placeholder: str  # what an empty input shows
    clean: Callable[[str | None], str]  # the text as stored; raises InputError with one line
    choices: tuple[str, ...] = ()  # a field with choices is a list to pick from, not text
    default: str = ""
    multiline: bool = False  # a note may span lines; every other field is one line
    in_line: Callable[[str], str] = str  # how a value reads in a line of text ("" leaves it out)


# In the order a spreadsheet reads them best (the CSV export's columns), the note last.
FIELDS: dict[str, Field] = {field.name: field for field in (
    Field("action", "Action", "--action", "A", f"one of {', '.join(ACTIONS)}", "action", _action,
          choices=ACTIONS, default=DEFAULT_ACTION, in_line=lambda v: "" if v == DEFAULT_ACTION else v),
    Field("platform", "Platform", "--platform", "P", "where: Bluesky, Mastodon, a blog…", "platform",
          lambda raw: clean_detail(raw, "the platform")),
    Field("work", "Work", "--work", "T", "what you shared: a post, a book, a project", "the work",
          lambda raw: clean_detail(raw, "the work")),
    Field("audience", "Audience", "--audience", "NAME", "the audience where you found them", "audience",
          lambda raw: clean_detail(raw, "the audience"), in_line=lambda v: f"found in {v}" if v else ""),
    Field("note", "Note", "--note", "T", "a note to your future self", "note", clean_note, multiline=True),
)}
# The order a line of text (a journal's item) names an entry's details in, after its subject.
IN_LINE = ("action", "work", "platform", "audience")
NOTE = FIELDS["note"]


def step_fields() -> tuple[Field, ...]:
    """Every field a step can have, in the table's order (the note last)."""
    used = {name for kind in STEPS for name in kind.fields}
    return tuple(field for field in FIELDS.values() if field.name in used or field is NOTE)


def fields_of(kind: StepKind) -> tuple[Field, ...]:
    """A step's details in the order its form shows them, the note last."""
    return (*(FIELDS[name] for name in kind.fields), NOTE)


def line_parts(entry: Entry) -> list[str]:
    """An entry as the parts of one line of text: who or what, then its details as they read."""
    return [entry.subject, *(part for name in IN_LINE if (part := FIELDS[name].in_line(getattr(entry, name))))]


def subject_label(kind: StepKind) -> str:
    return kind.subject.capitalize()


def clean_step(kind: StepKind, values: Mapping[str, str | None], *, partial: bool = False) -> dict[str, str]:
    """A step's subject and fields as stored, from what a person typed (None: not given).

    Whole (a new entry): every field of the step, an absent one as its default. `partial` (an edit):
    only the fields given, and only those the step has; the others stay as they are.
    """
    cleaned: dict[str, str] = {}
    if not partial or values.get("subject") is not None:
        cleaned["subject"] = clean_name(values.get("subject") or "", what=f"the {kind.subject}")
    for field in fields_of(kind):
        raw = values.get(field.name)
        if partial and raw is None:
            continue
        cleaned[field.name] = field.clean(raw)
    return cleaned
