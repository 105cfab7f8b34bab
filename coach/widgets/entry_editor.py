"""The one dialog that corrects a logged entry: its subject and fields as its step has them, and its day."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from coach.bindings import bind, shown_keys
from coach.widgets import attempt, long_date
from coach.widgets.keybar import KeyBar
from coach.widgets.step_form import field_widget, value_of
from habits.coach import Coach, Done, Entry
from habits.days import parse_day
from habits.fields import fields_of, subject_label
from habits.text import printable


class EntryEditor(ModalScreen[Done | None]):
    """A logged entry's fields (habits/fields.py) to correct, and its day when `today` is given (a past
    day's page: an entry logged on the wrong day moves). Enter or ctrl+s saves what changed, as one change
    through the door, and closes with what it did; Escape closes with nothing changed."""

    CSS_PATH = "entry_editor.tcss"  # read when first opened (coach.tcss holds what the first frame needs)

    BINDINGS = [
        bind("entry_editor.save", "save"),
        bind("entry_editor.cancel", "cancel"),
    ]

    def __init__(self, entry: Entry, *, today: date | None = None) -> None:
        super().__init__()
        self.entry = entry
        self.today = today

    @property
    def coach(self) -> Coach:
        return self.app.coach  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        entry = self.entry
        kind = entry.step
        with Vertical(id="edit-entry") as dialog:
            dialog.border_title = Content(f"Edit {kind.title}: {printable(entry.subject)}")
            dialog.border_subtitle = long_date(entry.day)
            yield self._row("subject", subject_label(kind),
                            Input(printable(entry.subject), placeholder=kind.placeholder, id="edit-subject",
                                  compact=True))
            for field in fields_of(kind):
                value = printable(getattr(entry, field.name) or field.default)
                yield self._row(field.name, field.label, field_widget(field, value, one_line=False,
                                                                       id=f"edit-{field.name}"))
            if self.today is not None:
                yield self._row("day", "Day", Input(entry.day.isoformat(), id="edit-day", compact=True))
            with Horizontal(classes="edit-buttons"):
                yield Button("Save", variant="primary", id="edit-save", compact=True)
                yield Button("Cancel", id="edit-cancel", compact=True)
            yield Label(f"Enter saves ({shown_keys(self.app, 'entry_editor.save', ' or ')} in the note) · "
                        f"{shown_keys(self.app, 'entry_editor.cancel', ' or ')} cancels", classes="edit-keys")
        yield KeyBar()  # over the screen's, whose keys do not reach through the dialog

    @staticmethod
    def _row(name: str, label: str, widget: Widget) -> Horizontal:
        return Horizontal(Label(label, classes="edit-label"), widget, classes=f"edit-field -{name}")

    def on_mount(self) -> None:
        self.query_one("#edit-subject", Input).focus()

    def changes(self) -> tuple[dict[str, str], date | None]:
        """The subject and fields whose value differs from the entry's, and the day it moves to (None: it
        stays). Raises InputError for a day that cannot be read."""
        entry = self.entry
        shown = {"subject": printable(entry.subject)}
        shown |= {field.name: printable(getattr(entry, field.name) or field.default) for field in fields_of(entry.step)}
        typed = {name: value_of(self.query_one(f"#edit-{name}")) for name in shown}
        changed = {name: value for name, value in typed.items() if value != shown[name]}
        day = None
        if self.today is not None:
            raw = self.query_one("#edit-day", Input).value.strip()
            if raw != entry.day.isoformat():
                day = parse_day(raw, self.today)
        return changed, (day if day != entry.day else None)

    def action_save(self) -> None:
        found = attempt(self, self.changes)
        if found is None:
            return
        changed, day = found
        if not changed and day is None:
            self.dismiss(None)  # nothing changed: nothing to store, nothing to undo
            return
        done = attempt(self, lambda: self.coach.edit(self.entry.id, day=day, **changed))
        if done is not None:
            self.dismiss(done)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#edit-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
