"""Typing on a part of a screen that holds a text field starts the text, rather than being lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import TextArea

    _Base = Widget
else:
    _Base = object


def write_into(field: Input | TextArea, character: str) -> None:
    """Adds a character after what a text field holds, and moves the focus there."""
    if isinstance(field, Input):
        field.cursor_position = len(field.value)
        field.insert_text_at_cursor(character)
    else:
        field.move_cursor(field.document.end)
        field.insert(character)
    field.focus()


class TypeToWrite(_Base):
    """For a part that takes the focus itself (a step's card, the reflection): a letter typed on it goes
    into its text field (`writing_field`). Digits stay the screen's jumps to a step."""

    @property
    def writing_field(self) -> Input | TextArea:
        raise NotImplementedError

    def on_key(self, event: events.Key) -> None:
        if self.has_focus and event.is_printable and event.character and not event.character.isdigit():
            event.stop()
            event.prevent_default()
            write_into(self.writing_field, event.character)
