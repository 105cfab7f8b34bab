"""Today: the three steps of the routine as a checklist, where the day stands, and the evening's reflection."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual import events
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from coach.bindings import bind
from coach.widgets import long_date
from coach.widgets.day_page import DayPage
from coach.widgets.entries import EntryList
from coach.widgets.keybar import KeyBar
from coach.widgets.reflection import ReflectionPanel
from coach.widgets.step_form import StepForm, SubjectInput, column_at, fitting_placeholder, picture
from coach.widgets.writing import TypeToWrite
from habits.coach import (
    Coaching,
    DayStatus,
    Done,
    Entry,
    Snapshot,
    StoreError,
    Suggestion,
    gathers,
)
from habits.fields import fields_of
from habits.model import STEPS, StepKind
from habits.text import printable
from habits.wording import standing

# How often an open screen looks at the clock to see whether the routine day has turned over.
# (Changes to the data file, from `coach log` in another terminal, are the app's to notice.)
ROLLOVER_CHECK_SECONDS = 30


def suggestion_line(suggestion: Suggestion, width: int) -> Content:
    """A suggestion in one line of `width` cells: who or what, and the next step (the card's lower edge
    says why).

    For an audience, the places where it gathers say more than its next step, which is the same for
    every audience; the places that do not fit go whole rather than being cut mid-word.
    """
    name = printable(suggestion.name).replace("\n", " ")
    if suggestion.where:
        whats = [gathers(suggestion.where[:n]) for n in range(len(suggestion.where), 0, -1)]
    else:
        whats = [suggestion.next_step]
    lines = [Content(f" — {what}") for what in whats]
    head = Content.assemble("Suggested: ", (name, "bold"))
    fits = next((rest for rest in lines if head.cell_length + rest.cell_length <= width), lines[-1])
    return (head + fits).truncate(width, ellipsis=True)


def suggestion_help(suggestion: Suggestion) -> str:
    """The whole suggestion, for the tooltip of a line that may be cut short."""
    lines = [printable(suggestion.name), suggestion.next_step, suggestion.why]
    if suggestion.where:
        lines.append(suggestion.note)
    return "\n".join(lines)


class DayHeader(Widget):
    """The day's date on the left; how far the day is and the streak on the right: one line, one widget."""

    COMPONENT_CLASSES = {"day-header--date"}

    def __init__(self) -> None:
        super().__init__(id="day-header")
        self.status: DayStatus | None = None

    def show(self, status: DayStatus) -> None:
        self.status = status
        self.refresh()

    @property
    def date_text(self) -> str:
        return long_date(self.status.day) if self.status else ""

    @property
    def standing_text(self) -> str:
        status = self.status
        if status is None:
            return ""
        days = "day" if status.streak.current == 1 else "days"
        return (f"{standing(status.done_count, status.rest)} · streak {status.streak.current} {days}"
                f" · longest {status.streak.longest} · strength {status.strength:.0%}")

    def render(self) -> Content:
        width = self.size.width
        day = Content.styled(self.date_text, self.get_visual_style("day-header--date")).truncate(width)
        room = width - day.cell_length - 1
        right = Content(self.standing_text).truncate(room, ellipsis=True) if room > 0 else Content("")
        return day + Content(" " * max(0, width - day.cell_length - right.cell_length)) + right


class StepCard(TypeToWrite, Widget, can_focus=True):
    """One step of the routine: its question, its form and what is logged for it today.

    The card itself takes focus (Escape moves there from an input) so that the screen's plain keys,
    1 2 3, work again; Enter, Tab or a letter goes into the first input.

    The coach's suggestion for the step shows under the question while the step is open. One key
    takes it: Enter in the empty name input, or ctrl+y anywhere in the card (a letter would be typed).

    The card draws its question, the suggestion and a picture of its empty form itself, as one widget:
    every widget is several milliseconds of the first frame, and Today opens with three cards. Its
    parts join it as widgets when used: the form when the cursor goes into it (and leaves again when
    the cursor leaves it empty), the list of entries once something is logged. They sit below the lines
    the card draws (their first one's top margin).
    """

    COMPONENT_CLASSES = {"step-form--box", "step-form--placeholder"}

    BINDINGS = [
        bind("today.step.edit", "edit", show=False),
        # Tab on the card goes into its form (not drawn as widgets until then); from an input, Tab moves on.
        bind("today.step.tab", "edit_from_card", show=False),
        bind("today.step.accept", "accept"),
        # Down from the card (or from one of its inputs) to what is logged under it, to edit or delete.
        bind("today.step.entries", "to_entries", show=False),
    ]

    def __init__(self, kind: StepKind) -> None:
        super().__init__(id=f"step-{kind.key}", classes="step")
        self.kind = kind
        self.done = False
        self.suggestion: Suggestion | None = None
        self.offered: Suggestion | None = None  # the suggestion under the question (none once done)
        self.form = StepForm(kind)  # in the card while the cursor is in it, or something is typed
        self.placeholders: tuple[str, ...] = (kind.placeholder,)
        self.example: tuple[str, ...] = (kind.placeholder,)  # the empty box's, with no suggestion to offer
        self._entries: EntryList | None = None
        # What the form's inputs complete: the step's names, and a field's values (StepForm.suggest).
        self.completions: tuple[Callable[[], list[str]], Callable[[str], list[str]]] | None = None

    def on_mount(self) -> None:
        self._show_title()

    # ---- what the card draws ----------------------------------------------------------------

    @property
    def drawn_lines(self) -> int:
        """The lines the card draws above its widgets: the question, and the suggestion while there is one."""
        return 1 if self.offered is None else 2

    @property
    def lines(self) -> list[str]:
        """The card's own lines as they read (the question, the suggestion; the form's picture aside)."""
        return str(self._lines(self.size.width)).splitlines()

    def _lines(self, width: int) -> Content:
        question = Content.styled(self.kind.question, "italic").truncate(width, ellipsis=True)
        if self.offered is None:
            return question
        return Content("\n").join([question, suggestion_line(self.offered, width)])

    def render(self) -> Content:
        width = self.size.width
        drawn = self._lines(width)
        if self.form.parent is None:
            drawn = Content("\n").join([drawn, picture(self, self.kind, width, self.placeholders)])
        return drawn

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.children:  # the form or the entries: they and the lines above them (their top margin)
            return super().get_content_height(container, viewport, width)
        return self.drawn_lines + 1

    def _place(self) -> None:
        """The first of the card's widgets goes below the lines it draws (and the form's picture)."""
        for index, child in enumerate(self.children):
            above = self.drawn_lines + (1 if child is self._entries and self.form.parent is None else 0)
            child.styles.margin = (above if index == 0 else 0, 0, 0, 0)
        self.refresh(layout=True)

    # ---- its parts, as widgets when used ---------------------------------------------------------

    def open_form(self) -> StepForm:
        """The form's inputs in place of its picture (a new form each time: one taken out is not put back)."""
        if self.form.parent is None:
            if self.form.is_mounted:
                self.form = StepForm(self.kind)
            self.form.offer(*self.placeholders)
            if self.completions is not None:
                self.form.suggest(*self.completions)
            self.mount(self.form, before=0)
            self._place()
        self.form.open()
        return self.form

    @on(StepForm.Closed)
    async def _form_closed(self, event: StepForm.Closed) -> None:
        # Left with nothing typed: the card draws its picture again, and what is below it moves down.
        event.stop()
        if self.form.parent is self and not self.form.has_focus_within:
            await self.form.remove()
            self._place()

    @property
    def subject_input(self) -> SubjectInput:
        return self.open_form().subject_input

    @property
    def writing_field(self) -> SubjectInput:
        return self.subject_input  # typing on the card starts the name

    def focus_first(self) -> None:
        self.subject_input.focus()
        # The inputs are new: the card, laid out already, is what a short terminal scrolls to.
        self.call_after_refresh(self.scroll_visible)

    def on_click(self, event: events.Click) -> None:
        # A click on the form's picture: into the input under it.
        if self.form.parent is None and event.y - self.gutter.top == self.drawn_lines:
            self.open_form().focus_column(column_at(self.kind, self.size.width, event.x - self.gutter.left))

    @property
    def entry_list(self) -> EntryList:
        """What is logged under the step, mounted when it is first asked for."""
        if self._entries is None:
            self._entries = EntryList()
            self._entries.display = False
            self.mount(self._entries)
            self._place()
        return self._entries

    def action_edit(self) -> None:
        self.focus_first()

    action_edit_from_card = action_edit  # Tab, offered only while the card itself has the focus

    def action_to_entries(self) -> None:
        # Down from above lands on the first entry, the one just below.
        self.entry_list.highlighted = 0
        self.entry_list.focus()

    @on(EntryList.Top)
    def _back_to_card(self, event: EntryList.Top) -> None:
        # Above the first entry is the card it belongs to, where typing starts a name again.
        event.stop()
        self.focus()

    def show(self, entries: list[Entry], done: bool, suggestion: Suggestion | None) -> None:
        """What is logged today, and the coach's next suggestion: a done step keeps it in its input only,
        so that a finished card stays quiet but another one is still a key away."""
        self.done = done
        self.set_class(done, "-done")
        self._show_title()
        if entries or self._entries is not None:
            entry_list = self.entry_list
            had_focus = entry_list.has_focus
            entry_list.show(entries)
            if had_focus and not entries:
                self.focus()  # the last one was deleted or undone: the card is where the focus was
        self.suggestion = suggestion
        offered = suggestion if not done else None
        if offered != self.offered:
            self.offered = offered
            self.tooltip = suggestion_help(offered) if offered else None
            self._place()
        # Why, on the card's lower edge: the line above keeps its width for who and what to do.
        # A Content, not a str: a str would be read as markup, and the why can name an audience.
        self.border_subtitle = Content(printable(suggestion.why)) if offered is not None else None
        if suggestion is None:
            self.placeholders = self.example
        else:
            name = printable(suggestion.name).replace("\n", " ")
            self.placeholders = (f"enter to log: {name}", f"↵ {name}")
        self.form.offer(*self.placeholders)
        self.refresh()
        self.refresh_bindings()

    @property
    def placeholder(self) -> str:
        """What the empty name shows: the longest of its placeholders that fits."""
        return fitting_placeholder(self.kind, self.size.width, self.placeholders)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept":
            return self.suggestion is not None
        if action == "to_entries":
            return self._entries is not None and self._entries.display
        if action == "edit_from_card":
            return self.has_focus
        return True

    def accepted(self, details: dict[str, str]) -> dict[str, str]:
        """The details with what the suggestion brings (a connect's action, where an audience gathers)
        in the fields still at their default: what is filled in wins."""
        assert self.suggestion is not None
        taken = dict(details)
        for field in fields_of(self.kind):
            brought = getattr(self.suggestion, field.name, "")
            if brought and taken.get(field.name, field.default) == field.default:
                taken[field.name] = brought
        return taken

    def action_accept(self) -> None:
        """Logs the suggestion, with the details already filled in."""
        if self.suggestion is not None:
            form = self.form
            self.post_message(StepForm.Submitted(form, self.suggestion.name, self.accepted(form.details())))

    @on(StepForm.Submitted)
    def _take_suggestion(self, event: StepForm.Submitted) -> None:
        # Enter on the empty name takes the suggestion its placeholder shows; on its way to the screen.
        if not event.subject.strip() and self.suggestion is not None:
            event.subject, event.details = self.suggestion.name, self.accepted(event.details)

    def _show_title(self) -> None:
        # The mark is a different character, not only a different colour, so it reads without colour.
        mark = "✓" if self.done else "○"
        self.border_title = Content.from_markup(
            "$mark [b]$number $title[/b]", mark=mark, number=str(self.kind.number), title=self.kind.title
        )


class TodayScreen(DayPage):
    """Today's checklist. Every Enter is one change through the door: nothing waits to be saved."""

    AUTO_FOCUS = ""  # on_mount chooses: the first step not done yet
    # From this many lines, the reflection gets six lines rather than three.
    TALL = 30

    BINDINGS = [
        *(
            bind(f"today.jump.{kind.key}", f"jump('{kind.key}')", group=Binding.Group("Step", compact=True))
            for kind in STEPS
        ),
        # The same jumps from inside a text input, where plain digits are typed as text. Many terminals
        # send alt+digit as a character (¡ ™ £), so ctrl+up/down move between the parts of the day too.
        *(
            bind(f"today.jump_from_text.{kind.key}", f"jump('{kind.key}')", show=False)
            for kind in STEPS
        ),
        # Not in the footer, which has no room for them at 80 columns; README and help list them.
        bind("today.previous_part", "move(-1)", show=False),
        bind("today.next_part", "move(1)", show=False),
        # A control key: on a card, plain letters start typing a name, and a name may begin with r.
        bind("today.rest", "rest"),
        bind("today.save_reflection", "save_reflection"),
        bind("today.leave_text", "leave_text", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.shown: Snapshot | None = None
        self._after_first_frame: Callable[[], None] | None = None  # the suggestions, waiting for it
        # The coach's notes already on screen today (their numbers left out): a note that comes up
        # while the screen is open, as the sixth new person is logged, is also told once as a toast.
        self._notes_shown: set[str] | None = None
        # Kept by reference: on_unmount saves the reflection after the panel has left the DOM.
        self._reflection = ReflectionPanel()

    def compose(self) -> ComposeResult:
        yield DayHeader()
        # The coach's notes join under it when there are any (they follow the first frame; _show_notes).
        # Not a stop of its own for Tab: it scrolls to whichever card has the focus.
        # A plain Vertical that scrolls (coach.tcss), not a VerticalScroll: its dozen scrolling keys
        # would be active on every card, and weighing them costs the first frame a fifth of its time.
        with Vertical(id="steps"):
            for kind in STEPS:
                yield StepCard(kind)
        yield self._reflection
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_from_coach()
        # The card, not its input, takes the first focus, so that 1 2 3 work straight away;
        # Enter, a letter or a digit goes into an input.
        first_open = next((kind for kind in STEPS if not self.card(kind.key).done), STEPS[0])
        self.card(first_open.key).focus()
        self.set_interval(ROLLOVER_CHECK_SECONDS, self.check_rollover)

    def on_resize(self, event: events.Resize) -> None:
        # Set on the one box, not as a class on the screen, which would restyle every widget on it.
        self.reflection.set_lines(6 if event.size.height >= self.TALL else 3)

    def on_unmount(self) -> None:
        # The app is closing: the last words typed in the reflection must not wait for the timer.
        self.save_reflection()

    def on_screen_resume(self) -> None:
        # Back from the entry editor, the command palette or another place: the data may have changed
        # (and the day turned). The door's last snapshot, when nothing did: one stat.
        if self.shown is not None:
            self.refresh_from_coach()

    def card(self, kind: str) -> StepCard:
        return self.query_one(f"#step-{kind}", StepCard)

    @property
    def reflection(self) -> ReflectionPanel:
        return self._reflection

    def check_rollover(self) -> None:
        """Moves to the new day when the routine day has turned over; the clock alone says so, no read.

        Called every ROLLOVER_CHECK_SECONDS and when the terminal gets focus back.
        """
        if self.shown is not None and self._turned():
            self.refresh_from_coach()

    def _turned(self) -> bool:
        """Whether the routine day is no longer the one shown: the clock and the stored day start say so."""
        try:
            return self.coach.today() != self.day
        except StoreError:
            return True  # nothing could be read yet: showing it again says why

    def show(self, snapshot: Snapshot) -> None:
        """Shows the routine day `snapshot` is of, keeping what is typed, the focus and the highlighted
        entry; a turned day saves the reflection typed for the day before, to that day, first."""
        if snapshot is self.shown:
            return
        if snapshot.today != self.day and self.day is not None:
            self.save_reflection()
        self.shown = snapshot
        if snapshot.today != self.day:
            self.day = snapshot.today
            self._notes_shown = None
        status = snapshot.status()
        self.reflection.show(status.day, status.prompt, status.reflection or "")
        self.query_one(DayHeader).show(status)
        # The coach's suggestions weigh everyone you know (at ten years, tens of milliseconds): the first
        # frame shows the day without them, and they follow it at once.
        defer = self.app.defer_suggestions  # type: ignore[attr-defined]
        if defer is None:
            defer = not self.app.is_headless
        if not defer or self.app.first_frame_shown:  # type: ignore[attr-defined]
            self._show_coaching(snapshot)
        else:
            for kind in STEPS:
                self.card(kind.key).show([e for e in status.entries if e.kind == kind.key],
                                         status.steps[kind.key], None)
            self._after_first_frame = partial(self._show_coaching, snapshot)

    def first_frame_shown(self) -> None:
        """The app's first frame is on the terminal: now the suggestions (see `show`)."""
        waiting, self._after_first_frame = self._after_first_frame, None
        if waiting is not None:
            waiting()

    def _show_coaching(self, snapshot: Snapshot) -> None:
        """The day's steps with the coach's suggestions, and its notes."""
        if snapshot is not self.shown:
            return  # a newer one is on its way, or shown
        status = snapshot.status()
        coaching = snapshot.coaching
        self._show_notes(coaching)
        # The brainstorm box's example fits the writer's genres (the map is in memory by now: the coaching).
        from habits.audience_map import example_placeholders

        genres = snapshot.settings.get("genres")
        genres = genres if isinstance(genres, list) else []
        for kind in STEPS:
            card = self.card(kind.key)
            if kind.names_audience:
                card.example = example_placeholders(kind.placeholder, genres)
            card.show([e for e in status.entries if e.kind == kind.key], status.steps[kind.key],
                      coaching.first(kind.key))
            card.completions = (partial(snapshot.recent_names, kind.key), snapshot.used)
            card.form.suggest(*card.completions)

    def _show_notes(self, coaching: Coaching) -> None:
        """The coach's notes (depth beats breadth, what to set for ideas) on one line under the date; a
        welcome back after a gap (who answered meanwhile) on a line above them."""
        notes = [printable(note) for note in coaching.notes]
        welcome = printable(coaching.welcome).replace("\n", " ")
        lines = [line for line in (welcome, " ".join(notes)) if line]
        found = self.query("#coach-notes")
        if found or lines:
            if found:
                line = found.first(Static)
            else:
                line = Static(id="coach-notes", markup=False)
                self.mount(line, after=self.query_one(DayHeader))
            line.update("\n".join(lines))
            # A welcome back names who answered meanwhile: it wraps rather than lose a name.
            line.styles.text_wrap = "wrap" if welcome else "nowrap"
            line.styles.height = "auto" if welcome else max(1, len(lines))
            line.tooltip = "\n".join([welcome, *notes] if welcome else notes) or None
            line.display = bool(lines)
        kinds = {re.sub(r"\d+", "#", note): note for note in notes}
        if self._notes_shown is not None:
            for kind, note in kinds.items():
                if kind not in self._notes_shown:
                    self.notify(note, markup=False, timeout=10)
        self._notes_shown = (self._notes_shown or set()) | set(kinds)

    def focus_step(self, kind: str) -> None:
        self.card(kind).focus_first()

    def action_jump(self, kind: str) -> None:
        self.focus_step(kind)

    @property
    def parts(self) -> list[StepCard | ReflectionPanel]:
        """The parts of the day in screen order: the three steps, then the reflection."""
        return [*(self.card(kind.key) for kind in STEPS), self.reflection]

    def _current_part(self) -> StepCard | ReflectionPanel | None:
        for widget in self.focused.ancestors_with_self if self.focused else ():
            if isinstance(widget, (StepCard, ReflectionPanel)):
                return widget
        return None

    def action_move(self, offset: int) -> None:
        parts = self.parts
        current = self._current_part()
        index = parts.index(current) + offset if current else 0
        parts[index % len(parts)].action_edit()

    def action_leave_text(self) -> None:
        """Escape from a text field to the card holding it, where 1 2 3 work again."""
        if part := self._current_part():
            part.focus()

    def on_the_day(self) -> bool:
        """Whether the day shown is still the routine day (no read); if not, moves to the new one first."""
        if self.shown is None or self._turned():
            self.refresh_from_coach()
        return self.shown is not None

    def logged(self, kind: StepKind, done: Done) -> None:
        """After a step's first entry, on to the next open step (its card, where 1 2 3 jump again) or,
        with all three done, to the reflection: the day reads top to bottom, and a digit typed next is
        not taken as a name. A second entry of a done step keeps the focus where it is."""
        if sum(1 for entry in done.snapshot.entries_on(done.value.day) if entry.kind == kind.key) > 1:
            return
        keys = [k.key for k in STEPS]
        after = keys[keys.index(kind.key) + 1:] + keys[: keys.index(kind.key)]
        target = next((self.card(k) for k in after if not self.card(k).done), None)
        (target or self.reflection).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Steps are saved by Enter; ctrl+s is offered only where there is something to save by hand.
        if action == "save_reflection":
            return isinstance(self._current_part(), ReflectionPanel)
        return True
