"""A routine day's page, Today's or a past day's: its step forms, its entries and its reflection, and
the changes made on it, each one change through the door."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.css.query import QueryType
from textual.widget import Widget

from coach.bindings import shown_keys
from coach.widgets import CoachScreen
from coach.widgets.entries import EntryList
from coach.widgets.reflection import ReflectionPanel
from coach.widgets.step_form import StepForm
from habits.coach import Done, Snapshot
from habits.model import StepKind
from habits.text import printable
from habits.wording import rest_said


def short_day(day: date) -> str:
    """Sat 14 Nov 2026."""
    return f"{day:%a} {day.day} {day:%b} {day.year}"


class DayPage(CoachScreen):
    """A routine day (`day`) shown whole: a step form logs on it, an entry list edits and deletes, the
    reflection panel (`reflection`) saves what is typed a moment after typing stops, on ctrl+s and when
    the page goes. `MOVES_ENTRIES`: its entry editor can move an entry to another day."""

    MOVES_ENTRIES: ClassVar[bool] = False

    day: date | None
    shown: Snapshot | None = None  # what the page shows now: a snapshot it is given again is not painted twice

    @property
    def reflection(self) -> ReflectionPanel:
        raise NotImplementedError

    # The widget shift+tab last went back to: a step form still a picture opens on its last input then.
    came_back_to: Widget | None = None

    def focus_previous(self, selector: str | type[QueryType] = "*") -> Widget | None:
        self.came_back_to = super().focus_previous(selector)
        return self.came_back_to

    def on_the_day(self) -> bool:
        """Whether a change may be made on `day` now (Today first moves on to a new routine day)."""
        return self.day is not None

    def logged(self, kind: StepKind, done: Done) -> None:
        """After a step is logged and shown: what the page does besides saying so."""

    @on(StepForm.Submitted)
    def log_step(self, event: StepForm.Submitted) -> None:
        """Logs the step on the page's day, and shows what it left."""
        event.stop()
        if not self.on_the_day():
            return
        kind, day = event.kind, self.day
        done = self.change(lambda: self.coach.log(kind.key, event.subject, day=day, **event.details))
        if done is None:
            return
        event.form.clear()
        when = "" if day == done.snapshot.today or day is None else f" on {short_day(day)}"
        self.notify(f"Logged {kind.title}{when}: {printable(done.value.subject)}", markup=False)
        self.logged(kind, done)
        self.tell(done)

    @on(EntryList.Edit)
    def edit_entry(self, event: EntryList.Edit) -> None:
        def edited(done: Done | None) -> None:
            if done is not None:
                self.show(done.snapshot)
                self.notify(f"Saved {done.value.step.title}: {printable(done.value.subject)}", markup=False)

        today = self.shown.today if self.MOVES_ENTRIES and self.shown is not None else None
        from coach.widgets.entry_editor import EntryEditor  # a dialog: imported when first opened

        self.app.push_screen(EntryEditor(event.entry, today=today), edited)

    @on(EntryList.Delete)
    def delete_entry(self, event: EntryList.Delete) -> None:
        done = self.change(lambda: self.coach.delete(event.entry.id))
        if done is None:
            self.refresh_from_coach()  # gone meanwhile, it may be: show the day as it is
            return
        entry = done.value
        self.notify(f"Deleted {entry.step.title}: {printable(entry.subject)} — {shown_keys(self.app, 'app.undo')} brings it back", markup=False)

    def action_rest(self) -> None:
        if not self.on_the_day():
            return
        day = self.day
        done = self.change(lambda: self.coach.rest(day=day))
        if done is not None:
            self.notify(rest_said(done.value.result, done.value.day))

    @on(ReflectionPanel.SaveDue)
    def _save_due(self) -> None:
        self.save_reflection()

    def action_save_reflection(self) -> None:
        self.save_reflection()

    def save_reflection(self) -> bool:
        """Saves the reflection when it changed since it was last saved; False when it could not be."""
        self.reflection.save(self.coach)
        return not self.reflection.unsaved
