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


def write_into(field: Input | TextArea, character: str, focus: bool = True) -> None:
    """Adds a character after what a text field holds, and moves the focus there (unless told not to)."""
    if isinstance(field, Input):
        field.cursor_position = len(field.value)
        field.insert_text_at_cursor(character)
    else:
        field.move_cursor(field.document.end)
        field.insert(character)
    if focus:
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
            field = self.writing_field
            write_into(field, event.character, focus=False)
            # The field takes the focus once the keys already sent here are written: a burst of keys
            # (a fast typist, a browser's) then keeps its order, where a focus moved at once would send
            # the next keys to the field while the first ones still wait here behind the field's opening.
            self.call_later(field.focus)
