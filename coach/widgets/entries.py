"""Logged entries as a list, one line an entry, to edit or delete: under a step on Today, on a day's page."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coach.bindings import bind
from habits.coach import Entry
from habits.text import printable


def entry_line(entry: Entry, with_step: bool = False) -> Content:
    """An entry in one line: who or what (and the step, where steps are mixed), then the first line of its note."""
    line = Content(printable(entry.describe()))
    if entry.note:
        line += Content(" — " + printable(entry.note.splitlines()[0]))
    return Content.assemble((f"{entry.step.title:<11}", "bold"), line) if with_step else Content("· ") + line


class EntryList(OptionList):
    """Entries, one line each: e or Enter edits the highlighted one (Edit), d or Delete deletes it (Delete;
    ctrl+z brings it back). Up from the first line leaves the list (Top) for what is above it."""

    BINDINGS = [
        bind("entries.edit", "select", key_display="e"),
        bind("entries.delete", "delete"),
    ]

    class Edit(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class Delete(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    class Top(Message):
        """Up was pressed on the first line."""

    def __init__(self, *, with_step: bool = False, id: str | None = None, classes: str = "entries") -> None:
        super().__init__(id=id, classes=classes, markup=False, compact=True)
        self.with_step = with_step
        self.entries: list[Entry] = []

    def show(self, entries: list[Entry]) -> None:
        """Lists the entries; the highlight stays on the same entry, or near where a deleted one was."""
        if self._read(entries) != self._read(self.entries):
            kept = self.entry
            index = self.highlighted or 0
            self.entries = list(entries)
            self.set_options(Option(entry_line(entry, self.with_step), id=entry.id) for entry in entries)
            ids = [entry.id for entry in entries]
            if entries:
                self.highlighted = ids.index(kept.id) if kept and kept.id in ids else min(index, len(ids) - 1)
        self.display = bool(entries)

    def _read(self, entries: list[Entry]) -> list[tuple[str, str]]:
        return [(entry.id, entry_line(entry, self.with_step).plain) for entry in entries]

    @property
    def entry(self) -> Entry | None:
        """The highlighted entry."""
        index = self.highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None

    @property
    def lines(self) -> list[str]:
        """The list as it reads, a line an entry."""
        return [entry_line(entry, self.with_step).plain for entry in self.entries]

    def action_select(self) -> None:
        if entry := self.entry:
            self.post_message(self.Edit(entry))

    def action_delete(self) -> None:
        if entry := self.entry:
            self.post_message(self.Delete(entry))

    def action_cursor_up(self) -> None:
        if not self.highlighted:
            self.post_message(self.Top())
            return
        super().action_cursor_up()
