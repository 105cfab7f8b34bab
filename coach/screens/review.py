"""Review: one week at a glance — the days, what you gave, who answered, who you met — and a closing question."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from coach.bindings import bind
from coach.widgets import CoachScreen, sentence
from coach.widgets.keybar import KeyBar
from coach.widgets.reflection import AnswerPanel
from habits.coach import InputError, Snapshot, StoreError
from habits.review import ReviewDay, Week, WeekReview, shift_week, week_of, week_span, weeks_with_activity
from habits.text import printable

# The answer is saved this long after typing stops, as Today's reflection is.
ANSWER_SAVE_DELAY = 1.0
# A person's name in the left column of a section is cut with an ellipsis beyond this many cells.
KEY_WIDTH_MAX = 22


# ---------------------------------------------------------------------------------------------------------
# Words


def day_mark(day: ReviewDay, today: date) -> tuple[str, str]:
    """The strip's mark for a day and its style. Each state is its own character, so it reads without colour."""
    if day.day > today:
        return "·", "$text-muted"  # not lived yet
    if day.complete:
        return "✓", "bold $success"
    if day.rest:
        return "r", "$accent"
    if day.done:
        return "◐", "$warning"
    return "○", "$text-muted"


LEGEND = Content.assemble(
    ("✓", "$success"), " all three  ", ("◐", "$warning"), " some  ", "○ none  ", ("r", "$accent"), " rest"
)


def day_strip(review: WeekReview, today: date, width: int, height: int = 1) -> Content:
    """Mon 16 ✓   Tue 17 ◐ … and what the marks mean: beside the days when the line has room for it, under
    them when there is a second line, else only in the tooltip."""
    cells = [
        Content.assemble((f"{d.day:%a} {d.day.day} ", "bold" if d.day == today else ""), day_mark(d, today))
        for d in review.days
    ]
    strip = Content("   ").join(cells)
    legend = LEGEND.stylize("$text-muted")
    if strip.cell_length + 5 + legend.cell_length <= width:
        return strip + Content("     ") + legend
    return strip + Content("\n") + legend if height > 1 else strip


def how_long_ago(week: Week, current: Week) -> str:
    if week == current:
        return "this week"
    if week == shift_week(*current, -1):
        return "last week"
    weeks = 0
    cursor = week
    while cursor < current and weeks < 520:
        cursor = shift_week(*cursor, 1)
        weeks += 1
    return f"{weeks} weeks ago"


def counts_line(connections: dict[str, int]) -> str:
    """comment 3 · reply 2 · like 1"""
    return " · ".join(f"{action} {times}" for action, times in connections.items())


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


Row = tuple[Content | None, Content]


def given_rows(review: WeekReview) -> list[Row]:
    rows: list[Row] = []
    if review.connections:
        people = ", ".join(printable(name) for name in review.connected)
        rows.append((Content("connected"), Content.assemble(
            counts_line(review.connections), "\n", ("with ", "$text-muted"), people,
        )))
    if review.shares:
        shares = [
            Content.assemble(printable(s.person), (f" — {printable(s.work)}" if s.work else ""))
            for s in review.shares
        ]
        rows.append((Content("shared"), Content("\n").join(shares)))
    if not rows:
        rows.append((None, Content.styled("Nothing given yet this week.", "$text-muted")))
    return rows


def asked_rows(review: WeekReview) -> list[Row]:
    """What you asked of people: apart from what you gave (an ask is not a gift)."""
    return [
        (Content(printable(a.person)), Content.assemble(
            (f"{a.day:%a}", "$text-muted"), f" — {printable(first_line(a.note))}" if a.note else f" — {a.action}"))
        for a in review.asked
    ]


def letter_rows(review: WeekReview) -> list[Row]:
    return [(None, Content(printable(line))) for line in review.letter]


def heard_rows(review: WeekReview) -> list[Row]:
    if not review.heard:
        return [(None, Content.styled("Nobody answered this week. That is normal: some never do, and it is "
                                      "not personal.", "$text-muted"))]
    rows: list[Row] = []
    for back in review.heard:
        moments = [
            Content.assemble((f"{h.day:%a}", "$text-muted"),
                             (f" — {printable(first_line(h.note))}" if h.note else " — they answered"))
            for h in back.heard
        ]
        rows.append((Content(printable(back.person)), Content(" · ").join(moments)))
    return rows


def moved_rows(review: WeekReview) -> list[Row]:
    return [
        (Content(printable(m.name)), Content.assemble((m.from_stage, "$text-muted"), " → ", (m.to_stage, "bold")))
        for m in review.moved
    ]


def met_rows(review: WeekReview) -> list[Row]:
    if not review.met:
        return []
    names = [
        Content.assemble((printable(m.name), "bold"), (f" ({m.stage})" if m.stage != "new" else "", "$text-muted"))
        for m in review.met
    ]
    return [(None, Content(" · ").join(names))]


def explored_rows(review: WeekReview) -> list[Row]:
    if not review.brainstorms:
        return []
    names = [
        Content.assemble(
            printable(a.name),
            (" new", "$success") if a.new else "",
            (f" ×{a.times}", "$text-muted") if a.times > 1 else "",
        )
        for a in review.brainstorms
    ]
    return [(None, Content(" · ").join(names))]


def reflection_rows(review: WeekReview) -> list[Row]:
    return [(Content(f"{day:%a}"), Content(printable(text))) for day, text in review.reflections.items()]


def empty_line(week: Week, current: Week) -> str:
    if week == current:
        return "Nothing logged this week yet — one person today is a fine start."
    return "Nothing was logged this week. Quiet weeks happen; the routine is still here when you are."


# ---------------------------------------------------------------------------------------------------------
# Widgets


class ReviewHeader(Horizontal):
    """The week and its dates on the left; its complete days and how long ago it was on the right."""

    def compose(self) -> ComposeResult:
        yield Label(id="review-title")
        yield Label(id="review-standing")

    def show(self, review: WeekReview, current: Week) -> None:
        self.query_one("#review-title", Label).update(f"Week {review.week} · {week_span(review.year, review.week)}")
        days = "day" if review.complete_days == 1 else "days"
        self.query_one("#review-standing", Label).update(
            f"{review.complete_days} {days} complete · {how_long_ago((review.year, review.week), current)}"
        )


class DayStrip(Widget):
    """The seven days of the week in one line, each with its mark."""

    def __init__(self) -> None:
        super().__init__(id="day-strip")
        self.review: WeekReview | None = None
        self.today: date | None = None
        self.tooltip = LEGEND  # the line has room for what the marks mean only on a wide terminal

    def show(self, review: WeekReview, today: date) -> None:
        self.review = review
        self.today = today
        self.refresh()

    def render(self) -> Content:
        if self.review is None or self.today is None:
            return Content("")
        return day_strip(self.review, self.today, self.size.width, self.size.height)


class Section(Vertical):
    """A titled part of the review: rows of a name (or a day) on the left and what happened on the right."""

    def __init__(self, title: str, id: str) -> None:
        super().__init__(id=id, classes="review-section")
        self.title = title
        self.rows: list[Row] = []

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="section-title")
        keys = [key for key, _ in self.rows if key is not None]
        width = min(max((key.cell_length for key in keys), default=0), KEY_WIDTH_MAX) + 2
        for key, value in self.rows:
            with Horizontal(classes="row"):
                if key is not None:
                    label = Label(key, classes="row-key")
                    label.styles.width = width
                    yield label
                yield Static(value, classes="row-value")

    def show(self, rows: list[Row]) -> None:
        self.display = bool(rows)
        if _row_key(rows) == _row_key(self.rows):
            return  # the file read again, this week unchanged: no recompose, the scroll stays where it is
        self.rows = rows
        self.refresh(recompose=True)

    @property
    def text(self) -> str:
        """What the section says, as plain text: for tests and for reading it back."""
        lines = []
        for key, value in self.rows:
            lines.append(f"{key.plain}  {value.plain}" if key is not None else value.plain)
        return "\n".join([self.title, *lines])


def _row_key(rows: list[Row]) -> list[tuple[object, ...]]:
    # Content compares its text only; a change of style (a name now bold) is a change too.
    return [tuple(None if c is None else (c.plain, tuple(c.spans)) for c in row) for row in rows]


class ReviewBody(VerticalScroll):
    """The sections, scrolled with up and down; left and right move to another week."""

    BINDINGS = [
        bind("review.body.previous", "screen.week(-1)", show=False),
        bind("review.body.next", "screen.week(1)", show=False),
    ]


class WeekAnswer(AnswerPanel):
    """The closing question of the week and the text that answers it; only its text takes the focus."""

    def __init__(self) -> None:
        super().__init__("Closing the week", id="week-answer", area_id="week-answer-text")

    @property
    def save_delay(self) -> float:
        return ANSWER_SAVE_DELAY  # read at each edit, so that a test can lengthen it


# ---------------------------------------------------------------------------------------------------------
# The screen


class ReviewScreen(CoachScreen):
    """A week in review, the current one first; [ and ] (or ← → on the sections) move a week at a time."""

    CSS_PATH = "review.tcss"  # read when first opened (coach.tcss holds what the first frame needs)

    AUTO_FOCUS = "#review-body"
    WHOLE = True  # any week back to the first
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        bind("review.previous_week", "week(-1)", group=Binding.Group("Week")),
        bind("review.next_week", "week(1)", group=Binding.Group("Week")),
        bind("review.save_answer", "save_answer"),
        bind("review.leave_text", "leave_text", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.today: date | None = None
        self.this_week: Week | None = None  # the week holding the routine day
        self.week: Week | None = None  # the week on screen
        self.first: Week | None = None  # the earliest week with anything in it
        self.review: WeekReview | None = None
        # The data as last shown: moving between weeks reviews another week of it, with no read.
        self.snapshot: Snapshot | None = None
        self._first_of: tuple[Snapshot, Week] | None = None  # the earliest active week, found once a snapshot
        # Kept by reference: on_unmount saves the answer after the panel has left the DOM.
        self._answer = WeekAnswer()

    def compose(self) -> ComposeResult:
        yield ReviewHeader(id="review-header")
        yield DayStrip()
        with ReviewBody(id="review-body"):
            yield Static(id="review-empty")
            yield Section("Given", "given")
            yield Section("Asked (not counted as given)", "asked")
            yield Section("Heard back", "heard")
            yield Section("People who moved", "moved")
            yield Section("Met this week", "met")
            yield Section("Audiences explored", "explored")
            yield Section("Reflections", "reflections")
            yield Section("From the coach", "letter")
        yield self._answer
        yield KeyBar()

    @property
    def answer(self) -> WeekAnswer:
        return self._answer

    def on_mount(self) -> None:
        self.refresh_from_coach()

    def on_screen_resume(self) -> None:
        # Back from Today, where a step may just have been logged, or from the terminal after a while.
        self.refresh_from_coach()

    def on_screen_suspend(self) -> None:
        self.save_answer()

    def on_unmount(self) -> None:
        self.save_answer()  # the app is closing: the last words must not wait for the timer

    def show(self, snapshot: Snapshot) -> None:
        """Shows the week on screen (the current one at first) as the snapshot has it."""
        today = snapshot.today
        current = week_of(today)
        if self.week is None or self.week == self.this_week or self.week > current:
            week = current  # the week turning over while the screen was away: follow it
        else:
            week = self.week
        self.today, self.this_week = today, current
        if week != self.week:
            # The words typed go to the week they were written for; that save's data is the newer.
            snapshot = self.save_answer() or snapshot
        self.snapshot = snapshot
        self.first = min(self._first_week(snapshot), current)
        self._show(week, snapshot)

    def _first_week(self, snapshot: Snapshot) -> Week:
        """The earliest week with anything in it (this one when there is none), looked for once a snapshot."""
        if self._first_of is None or self._first_of[0] is not snapshot:
            active = weeks_with_activity(snapshot.history)
            self._first_of = (snapshot, active[0] if active else week_of(snapshot.today))
        return self._first_of[1]

    def _show(self, week: Week, snapshot: Snapshot) -> None:
        assert self.today is not None and self.this_week is not None
        moved_to_another = week != self.week
        self.week = week
        review = snapshot.review(*week)
        self.review = review
        self.query_one(ReviewHeader).show(review, self.this_week)
        self.query_one(DayStrip).show(review, self.today)
        empty = self.query_one("#review-empty", Static)
        empty.update(empty_line(week, self.this_week))
        empty.display = review.is_empty
        sections = {
            "given": given_rows, "asked": asked_rows, "heard": heard_rows, "moved": moved_rows, "met": met_rows,
            "explored": explored_rows, "reflections": reflection_rows, "letter": letter_rows,
        }
        for section_id, rows in sections.items():
            # An empty week still gets the coach's short letter (someone to start with).
            shown = not review.is_empty or section_id == "letter"
            self.query_one(f"#{section_id}", Section).show(rows(review) if shown else [])
        # The answer is loaded again only when it changed in the file (an undo, another terminal), and
        # words typed here and not saved yet win; loading it unchanged would move the cursor.
        if moved_to_another or (not self.answer.unsaved and review.answer != self.answer.stored_text):
            self.answer.load(review.prompt, review.answer)
        if moved_to_another:
            self.query_one(ReviewBody).scroll_home(animate=False)
        self.refresh_bindings()

    def section(self, section_id: str) -> Section:
        return self.query_one(f"#{section_id}", Section)

    # Keys -----------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "week" and self.week is not None and self.this_week is not None and self.first is not None:
            step = int(parameters[0]) if parameters else 0  # type: ignore[call-overload]
            if (step > 0 and self.week >= self.this_week) or (step < 0 and self.week <= self.first):
                return None  # shown, dimmed: there is no week that way
        if action == "save_answer":
            return self.focused is self.answer.text_area
        if action == "leave_text":
            return self.focused is self.answer.text_area
        return True

    def action_week(self, step: int) -> None:
        if self.week is None or self.this_week is None or self.first is None:
            return
        week = shift_week(*self.week, step)
        if week > self.this_week or week < self.first:
            return
        self.save_answer()  # to the week it was written for, before the screen moves on
        snapshot = self.snapshot or self.current()
        if snapshot is None:
            return
        self.snapshot = snapshot
        self._show(week, snapshot)

    def action_leave_text(self) -> None:
        self.query_one(ReviewBody).focus()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # ctrl+s is offered only in the answer

    def action_save_answer(self) -> None:
        if (saved := self.save_answer()) is not None:
            self.show(saved)

    @on(WeekAnswer.SaveDue)
    def _save_due(self) -> None:
        if (saved := self.save_answer()) is not None:
            self.show(saved)

    def save_answer(self) -> Snapshot | None:
        """Saves the closing answer for the week on screen, when it changed since it was last saved; the
        data as the save left it (kept as the snapshot to move between weeks in), None when nothing was saved."""
        panel = self.answer
        if self.week is None or not panel.unsaved:
            return None
        text = panel.text
        try:
            done = self.coach.reflect_week(*self.week, text)
        except (InputError, StoreError) as error:
            panel.mark_failed()
            self.notify(sentence(str(error)), severity="error", markup=False)
            return None
        panel.mark_saved(text, done.value)
        self.snapshot = done.snapshot
        return done.snapshot
