"""A step's inputs, built from the Field table (habits/fields.py): the one-line form that logs a step
(Today's cards, a past day's page), and each field's input for the entry editor."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select

from habits.fields import FIELDS, Field, fields_of
from habits.model import StepKind

# TextArea is imported where one is made (the entry editor's note): Today's first frame has none, and its
# module is a tenth of what coach imports on top of Textual.


def field_widget(field: Field, value: str = "", *, one_line: bool, id: str | None = None) -> Widget:
    """The input a field is filled in with: a list to pick from when it has choices, a text box when it
    may span lines (a one-line form keeps it to a line), else a line of text. Its class is the field's name."""
    if field.choices:
        chosen = value if value in field.choices else field.default
        return Select([(choice, choice) for choice in field.choices], value=chosen, allow_blank=False, id=id,
                      classes=field.name, compact=True)
    if field.multiline and not one_line:
        from textual.widgets import TextArea

        return TextArea(value, id=id, classes=field.name, soft_wrap=True, compact=True)
    return Input(value, placeholder=field.placeholder, id=id, classes=field.name, compact=True)


def value_of(widget: Widget) -> str:
    if isinstance(widget, Select):
        return widget.value if isinstance(widget.value, str) else ""  # blank until it is mounted
    if isinstance(widget, Input):
        return widget.value
    return widget.text  # type: ignore[attr-defined] (a TextArea, the third kind field_widget makes)


def set_value(widget: Widget, value: str) -> None:
    if isinstance(widget, (Select, Input)):
        widget.value = value
    else:
        widget.text = value  # type: ignore[attr-defined] (a TextArea)


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


# A form's columns, in cells: a field of fixed width, or a share of what the fixed ones leave. The
# subject gets most of the row ("a person whose work you shared" must show whole at 80 columns); one
# cell between two inputs. The picture is drawn by `columns`; the inputs are placed by coach.tcss's
# rules for them, which Textual resolves the same way (tests/app/test_today.py holds them together).
FIXED = {"action": 13, "platform": 11, "work": 14, "audience": 10}
NOTE_MIN = 8


def columns(kind: StepKind, width: int) -> list[tuple[str, int, int]]:
    """(name, x, width) of the subject's and each field's input in a form `width` cells wide."""
    names = ["subject", *(field.name for field in fields_of(kind))]
    gaps = len(names) - 1
    left = max(0, width - gaps - sum(FIXED.get(name, 0) for name in names))
    subject = max(1, min(left * 3 // 4, left - NOTE_MIN))  # three shares to the note's one
    widths = {"subject": subject, "note": max(NOTE_MIN, left - subject), **FIXED}
    placed, x = [], 0
    for name in names:
        placed.append((name, x, widths[name]))
        x += widths[name] + 1
    return placed


def column_at(kind: StepKind, width: int, x: int) -> str:
    """The name of the column at cell `x` of a form `width` cells wide (the subject's, between two)."""
    return next((name for name, at, size in columns(kind, width) if at <= x < at + size), "subject")


def fitting_placeholder(kind: StepKind, width: int, choices: tuple[str, ...]) -> str:
    """The longest of the subject's placeholders that fits its input (one cell for the cursor)."""
    room = next((w for name, _, w in columns(kind, width) if name == "subject"), 0) - 2
    return next((choice for choice in choices if len(choice) < room), choices[-1])


def picture(widget: Widget, kind: StepKind, width: int, placeholders: tuple[str, ...]) -> Content:
    """A step's empty form as its inputs show it, in one line `width` cells wide, drawn in `widget`'s
    styles step-form--box and step-form--placeholder (StepForm's, or a card's that draws its form)."""
    box = widget.get_visual_style("step-form--box")
    faint = widget.get_visual_style("step-form--box", "step-form--placeholder")
    parts: list[Content] = []
    x = 0
    for name, at, size in columns(kind, width):
        parts.append(Content(" " * (at - x)))
        if name == "subject":
            text = fitting_placeholder(kind, width, placeholders)
        else:
            field = FIELDS[name]
            if field.choices:  # a list to pick from: its value, and the arrow that opens it
                parts.append(Content.styled(f" {field.default}".ljust(size - 1)[: size - 1] + "▼", box))
                x = at + size
                continue
            text = field.placeholder
        text = text if len(text) <= size - 2 else text[: max(0, size - 3)] + "…"
        parts.append(Content.styled((" " + text).ljust(size)[:size], faint))
        x = at + size
    return Content.assemble(*parts)


class StepForm(Widget, can_focus=True):
    """A step's subject, then its fields and a note as the Field table has them, on one line. Enter in
    any of them asks for the step to be logged (Submitted); the inputs keep what they hold until `clear`.

    Until it is first used, the form is a picture of its inputs, drawn in one line: a screen opens with
    three of them, and a dozen inputs and a list to pick from would be most of its first frame. Focus,
    a click, or asking for an input (`subject_input`, `input_of`) puts the real inputs in its place;
    what they hold is the form's, so leaving the form with nothing typed turns it back into a picture.
    """

    COMPONENT_CLASSES = {"step-form--box", "step-form--placeholder"}

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

    class Closed(Message):
        """The form is a picture again (left with nothing typed): a card that draws it may take it out."""

        def __init__(self, form: StepForm) -> None:
            super().__init__()
            self.form = form

    def __init__(self, kind: StepKind, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="fields")
        self.kind = kind
        self._fields = fields_of(kind)
        self._inputs: dict[str, Widget] = {}  # by column name, while the form is open
        self._placeholders: tuple[str, ...] = (kind.placeholder,)  # the subject's, longest first
        self._subjects: Callable[[], list[str]] = list
        self._used: Callable[[str], list[str]] | None = None

    # ---- closed: a picture ------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return bool(self._inputs)

    def render(self) -> Content:
        if self._inputs:
            return Content("")
        return picture(self, self.kind, self.size.width, self._placeholders)

    @property
    def placeholder(self) -> str:
        """What the empty subject shows: the longest of its choices that fits."""
        return fitting_placeholder(self.kind, self.size.width, self._placeholders)

    def offer(self, *placeholders: str) -> None:
        """What the empty subject shows, longest first: the one that fits is shown."""
        self._placeholders = placeholders
        if subject := self._inputs.get("subject"):
            assert isinstance(subject, SubjectInput)
            subject.offer(*placeholders)
        else:
            self.refresh()

    def on_focus(self) -> None:
        # Reached by Tab while a picture: the inputs take its place, and the first takes the focus (the
        # last, reached by shift+tab: a day's page says where shift+tab went in `came_back_to`).
        self.open()
        inputs = list(self._inputs.values())
        backwards = getattr(self.screen, "came_back_to", None) is self
        (inputs[-1] if backwards else inputs[0]).focus()

    def on_click(self, event: events.Click) -> None:
        self.focus_column(column_at(self.kind, self.size.width, event.x))

    def focus_column(self, name: str) -> None:
        """Focuses the input of a column ("subject" or a field's name), the inputs put in place first."""
        self.open()
        self._inputs[name].focus()

    # ---- open: the inputs -------------------------------------------------------------------

    def open(self) -> None:
        """Puts the inputs in the picture's place (they are in the DOM at once, focusable after mounting)."""
        if self._inputs:
            return
        subject = SubjectInput(self.kind.placeholder)
        subject.choices = self._placeholders
        self._inputs["subject"] = subject
        for field in self._fields:
            self._inputs[field.name] = field_widget(field, one_line=True)
        self._suggest()
        self.can_focus = False
        self.mount_all(self._inputs.values())

    def close(self) -> None:
        """Back to the picture, when the inputs hold nothing but their defaults."""
        if not self._inputs or not self.is_empty or self.has_focus_within:
            return
        inputs, self._inputs = list(self._inputs.values()), {}
        self.can_focus = True
        self.remove_children(inputs)
        self.refresh()
        self.post_message(self.Closed(self))

    @property
    def is_empty(self) -> bool:
        return not self.subject_value and all(
            value == field.default for field, value in zip(self._fields, self.details().values()))

    def on_descendant_blur(self) -> None:
        # Left for somewhere outside the form (not one input for the next): a picture again, if empty.
        self.call_after_refresh(self.close)

    @property
    def subject_input(self) -> SubjectInput:
        self.open()
        subject = self._inputs["subject"]
        assert isinstance(subject, SubjectInput)
        return subject

    @property
    def subject_value(self) -> str:
        subject = self._inputs.get("subject")
        return subject.value if isinstance(subject, Input) else ""

    def input_of(self, field: Field) -> Widget:
        self.open()
        return self._inputs[field.name]

    def details(self) -> dict[str, str]:
        """Every field's value as it stands, by the field's name."""
        if not self._inputs:
            return {field.name: field.default for field in self._fields}
        return {field.name: value_of(self._inputs[field.name]) or field.default for field in self._fields}

    def clear(self) -> None:
        if not self._inputs:
            return
        self.subject_input.value = ""
        for field in self._fields:
            set_value(self._inputs[field.name], field.default)

    def suggest(self, subjects: Callable[[], list[str]], used: Callable[[str], list[str]]) -> None:
        """Offers names and values already used, completed with the right arrow key. Both are asked for
        when the inputs are made: a form still a picture completes nothing."""
        self._subjects, self._used = subjects, used
        self._suggest()

    def _suggest(self) -> None:
        if not self._inputs or self._used is None:
            return
        self.subject_input.suggester = SuggestFromList(self._subjects(), case_sensitive=False)
        for field in self._fields:
            widget = self._inputs[field.name]
            if isinstance(widget, Input) and not field.multiline:
                widget.suggester = SuggestFromList(self._used(field.name), case_sensitive=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, self.subject_value, self.details()))
