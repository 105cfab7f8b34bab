"""A step's inputs, built from the Field table (habits/fields.py): the one-line form that logs a step
(Today's cards, a past day's page), and each field's input for the entry editor."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from habits.fields import Field, fields_of
from habits.model import StepKind

FieldWidget = Input | Select[str] | TextArea


def field_widget(field: Field, value: str = "", *, one_line: bool, id: str | None = None) -> FieldWidget:
    """The input a field is filled in with: a list to pick from when it has choices, a text box when it
    may span lines (a one-line form keeps it to a line), else a line of text. Its class is the field's name."""
    if field.choices:
        chosen = value if value in field.choices else field.default
        return Select([(choice, choice) for choice in field.choices], value=chosen, allow_blank=False, id=id,
                      classes=field.name, compact=True)
    if field.multiline and not one_line:
        return TextArea(value, id=id, classes=field.name, soft_wrap=True, compact=True)
    return Input(value, placeholder=field.placeholder, id=id, classes=field.name, compact=True)


def value_of(widget: Widget) -> str:
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return str(widget.value)
    assert isinstance(widget, Input)
    return widget.value


def set_value(widget: Widget, value: str) -> None:
    if isinstance(widget, TextArea):
        widget.text = value
    elif isinstance(widget, (Select, Input)):
        widget.value = value


class SubjectInput(Input):
    """A step's name input, whose placeholder is the longest of its choices that fits its width."""

    def __init__(self, placeholder: str) -> None:
        # Not selecting on focus: a letter typed on the card has already gone in, and must stay.
        super().__init__(placeholder=placeholder, classes="subject", compact=True, select_on_focus=False)
        self.choices: tuple[str, ...] = (placeholder,)

    def offer(self, *choices: str) -> None:
        self.choices = choices
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.scrollable_content_region.width
        fitting = [choice for choice in self.choices if len(choice) < width]  # one cell for the cursor
        self.placeholder = fitting[0] if fitting else self.choices[-1]


class StepForm(Horizontal):
    """A step's subject, then its fields and a note as the Field table has them, on one line. Enter in
    any of them asks for the step to be logged (Submitted); the inputs keep what they hold until `clear`."""

    class Submitted(Message):
        """Log the step with these values (a card may put its suggestion in them on the way up)."""

        def __init__(self, form: StepForm, subject: str, details: dict[str, str]) -> None:
            super().__init__()
            self.form = form
            self.subject = subject
            self.details = details

        @property
        def kind(self) -> StepKind:
            return self.form.kind

    def __init__(self, kind: StepKind, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="fields")
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield SubjectInput(self.kind.placeholder)
        for field in fields_of(self.kind):
            yield field_widget(field, one_line=True)

    @property
    def subject_input(self) -> SubjectInput:
        return self.query_one(SubjectInput)

    def input_of(self, field: Field) -> Widget:
        return self.query_one(f".{field.name}")

    def details(self) -> dict[str, str]:
        """Every field's value as it stands, by the field's name."""
        return {field.name: value_of(self.input_of(field)) for field in fields_of(self.kind)}

    def clear(self) -> None:
        self.subject_input.value = ""
        for field in fields_of(self.kind):
            set_value(self.input_of(field), field.default)

    def suggest(self, subjects: list[str], used: Callable[[str], list[str]]) -> None:
        """Offers names and values already used, completed with the right arrow key."""
        self.subject_input.suggester = SuggestFromList(subjects, case_sensitive=False)
        for field in fields_of(self.kind):
            widget = self.input_of(field)
            if isinstance(widget, Input) and not field.multiline:
                widget.suggester = SuggestFromList(used(field.name), case_sensitive=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, self.subject_input.value, self.details()))
