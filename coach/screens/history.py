"""History: a year as a heat map of days, the streaks and strength over time, and a page to mend any past day."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Sparkline, Static, TextArea

from coach.bindings import bind, shown_keys
from coach.widgets import CoachScreen
from coach.widgets.day_page import DayPage, short_day
from coach.widgets.entries import EntryList, entry_line
from coach.widgets.keybar import KeyBar
from coach.widgets.reflection import ReflectionPanel
from coach.widgets.step_form import StepForm
from habits.calendar import (
    HistoryFacts,
    Level,
    Streak,
    YearGrid,
    add_months,
    day_level,
    step_streaks,
    strength_series,
    year_grid,
)
from habits.coach import Entry, Snapshot
from habits.model import STEP_KEYS, STEPS
from habits.text import printable
from habits.wording import done_of, standing

# A cell reads without colour: each level has its own character; colour (from the theme) comes on top.
MARKS: dict[Level, str] = {"before": " ", 0: "·", 1: "░", 2: "▒", 3: "█", "rest": "◌", "future": " "}
LEVEL_CLASS: dict[Level, str] = {
    "before": "heat-map--blank", 0: "heat-map--none", 1: "heat-map--step-1", 2: "heat-map--step-2",
    3: "heat-map--step-3", "rest": "heat-map--rest", "future": "heat-map--blank",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LABEL_WIDTH = 4  # "Mon " before the first column
SELECTED_MARK, TODAY_MARK = "▲", "△"  # under the columns: which week the selected day and today are in


def long_day(day: date) -> str:
    """Saturday 14 November 2026."""
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def facts_of(snapshot: Snapshot) -> HistoryFacts:
    """What the calendar needs, from the steps of every day the snapshot holds and the whole history's
    rest days and reflections."""
    history = snapshot.history
    rest = frozenset(day for day in history.rest_days if len(snapshot.days.get(day, ())) < len(STEP_KEYS))
    recorded = [*snapshot.days, *history.rest_days, *history.reflections]
    return HistoryFacts(dict(snapshot.days), rest, min(recorded, default=None), frozenset(history.reflections))


def steps_line(facts: HistoryFacts, day: date, today: date) -> str:
    """What a day holds, in a few words: "2 of 3 done (Brainstorm, Connect) · reflection written"."""
    level = day_level(facts, day, today)
    kinds = facts.kinds.get(day, frozenset())
    done = [kind.title for kind in STEPS if kind.key in kinds]
    if level == "rest":
        words = "rest day"
    elif len(done) == len(STEPS):
        words = f"all {len(STEPS)} done"
    elif done:
        words = f"{done_of(len(done))} ({', '.join(done)})"
    else:
        words = "nothing logged"
    if day in facts.reflections:
        words += " · reflection written"
    return words


class HeatMap(Widget):
    """A year of days, a column a week and a row a weekday, each cell shaded by the steps done that day.

    Under the columns, ▲ points at the selected day's week and △ at today's; the selected day's
    weekday and month are lit in the labels. A click picks a day; a click on the picked day opens it.
    """

    COMPONENT_CLASSES = {
        "heat-map--label", "heat-map--label-selected", "heat-map--blank", "heat-map--none", "heat-map--step-1",
        "heat-map--step-2", "heat-map--step-3", "heat-map--rest", "heat-map--today", "heat-map--selected",
    }

    class Clicked(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facts: HistoryFacts | None = None
        self.today: date | None = None
        self.selected: date | None = None
        self.grid: YearGrid | None = None

    def show(self, facts: HistoryFacts, today: date, selected: date) -> None:
        if self.grid is None or self.grid.year != selected.year:
            self.grid = year_grid(selected.year)
        self.facts, self.today, self.selected = facts, today, selected
        self.refresh(layout=True)

    @property
    def columns(self) -> int:
        return len(self.grid.columns) if self.grid else 53

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return LABEL_WIDTH + self.columns

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 9  # the months, seven weekdays, the marks

    def cell_at(self, x: int, y: int) -> date | None:
        """The day drawn at a point of the widget, if any."""
        column, row = x - LABEL_WIDTH, y - 1
        if self.grid is None or not (0 <= column < self.columns and 0 <= row < 7):
            return None
        return self.grid.columns[column][row]

    def render(self) -> Text:
        if self.grid is None or self.facts is None or self.today is None or self.selected is None:
            return Text("")
        style = self.get_component_rich_style
        label, lit = style("heat-map--label"), style("heat-map--label-selected")
        selected_column, selected_row = self.grid.position(self.selected)
        lines: list[Text] = []

        months = Text(" " * (LABEL_WIDTH + self.columns), style=label, no_wrap=True)
        for column, month in self.grid.month_starts():
            start = LABEL_WIDTH + column
            months = months[:start] + Text(MONTHS[month - 1], style=lit if month == self.selected.month else label) \
                + months[start + 3:]
        lines.append(months)

        for row, weekday in enumerate(WEEKDAYS):
            line = Text(no_wrap=True)
            line.append(f"{weekday} ", style=lit if row == selected_row else label)
            for column in self.grid.columns:
                day = column[row]
                if day is None:
                    line.append(" ")
                    continue
                level = day_level(self.facts, day, self.today)
                cell = style(LEVEL_CLASS[level])
                if day == self.today:
                    cell += style("heat-map--today")
                if day == self.selected:
                    cell += style("heat-map--selected")
                line.append(MARKS[level], style=cell)
            lines.append(line)

        marks = [" "] * self.columns
        if self.today.year == self.grid.year:
            marks[self.grid.position(self.today)[0]] = TODAY_MARK
        marks[selected_column] = SELECTED_MARK
        lines.append(Text(" " * LABEL_WIDTH + "".join(marks), style=lit, no_wrap=True))
        return Text("\n").join(lines)

    def on_click(self, event: events.Click) -> None:
        day = self.cell_at(event.x, event.y)
        if day is not None:
            self.post_message(self.Clicked(day))


def legend() -> Content:
    """What the characters mean, drawn with the same characters."""
    parts = [f"{MARKS[0]} none", f"{MARKS[1]} 1 step", f"{MARKS[2]} 2", f"{MARKS[3]} all 3", f"{MARKS['rest']} rest",
             f"{SELECTED_MARK} selected", f"{TODAY_MARK} today"]
    return Content("  ".join(parts))


def week_strengths(facts: HistoryFacts, grid: YearGrid, today: date) -> list[float]:
    """Strength at the end of each week of the year up to today (today itself for this week)."""
    ends = []
    for column in grid.columns:
        last = max(day for day in column if day is not None)
        first = min(day for day in column if day is not None)
        if first > today:
            break
        ends.append(min(last, today))
    if not ends:
        return []
    start = min(day for day in grid.columns[0] if day is not None)
    series = strength_series(facts, ends[-1], days=(ends[-1] - start).days + 1)
    return [series[(end - start).days] for end in ends]


class StreakTable(Widget):
    """The current and longest streak of the whole routine and of each step, as of today: a column
    each when there is room across, a row each when it stands beside the year."""

    ACROSS_WIDTH = 9 + 12 * (1 + len(STEPS))

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.streaks: list[tuple[str, Streak]] = []

    def show(self, facts: HistoryFacts, today: date, overall: Streak) -> None:
        """`overall`: the streak of complete (or rest) days, as the day's status has it."""
        per_step = step_streaks(facts, today)
        self.streaks = [("All three", overall)]
        self.streaks += [(kind.title, per_step[kind.key]) for kind in STEPS]
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3 if width >= self.ACROSS_WIDTH else 1 + len(self.streaks or STEPS)

    def render(self) -> Content:
        if self.size.width >= self.ACROSS_WIDTH:
            head = Content(" " * 9) + Content.assemble(*((title.rjust(12), "bold") for title, _ in self.streaks))
            now = Content("Now".ljust(9) + "".join(str(s.current).rjust(12) for _, s in self.streaks))
            longest = Content("Longest".ljust(9) + "".join(str(s.longest).rjust(12) for _, s in self.streaks))
            return Content("\n").join([head, now, longest])
        width = max(5, max((len(str(s.longest)) for _, s in self.streaks), default=1))
        lines = [Content(" " * 10) + Content.assemble(("now".rjust(width), "bold"), "  ",
                                                       ("longest".rjust(max(width, 7)), "bold"))]
        for title, found in self.streaks:
            lines.append(Content.assemble((title.ljust(10), "bold"), str(found.current).rjust(width), "  ",
                                          str(found.longest).rjust(max(width, 7))))
        return Content("\n").join(lines)


class HistoryScreen(CoachScreen):
    """A year of the routine at a glance. Arrows move the selected day; Enter opens it to mend or fill in."""

    CSS_PATH = "history.tcss"  # read when first opened (coach.tcss holds what the first frame needs)

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]

    BINDINGS = [
        # The day's frame says "Enter opens the day": the footer keeps its room for the places at 80 columns.
        bind("history.open_day", "open_day", show=False),
        bind("history.week_before", "move(-7)", show=False),
        bind("history.week_after", "move(7)", show=False),
        bind("history.day_before", "move(-1)", show=False),
        bind("history.day_after", "move(1)", show=False),
        bind("history.month_before", "month(-1)", tooltip=True, group=Binding.Group("Month", compact=True)),
        bind("history.month_after", "month(1)", tooltip=True, group=Binding.Group("Month", compact=True)),
        bind("history.year_before", "month(-12)", tooltip=True, group=Binding.Group("Year", compact=True)),
        bind("history.year_after", "month(12)", tooltip=True, group=Binding.Group("Year", compact=True)),
        # Not in the footer, which has no room for it at 80 columns (and names the Today screen).
        bind("history.to_today", "to_today", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: Snapshot | None = None
        self.facts: HistoryFacts | None = None
        self.today: date | None = None
        self.selected: date | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="history-head"):
            yield Label(id="history-title")
            yield Label(id="history-standing")
        # Side by side on a wide terminal; the streaks under the year on a narrow one.
        with Horizontal(id="history-top"):
            with Vertical(id="history-year"):
                yield HeatMap(id="heat-map")
                with Horizontal(id="history-strength"):
                    yield Label("Str.", id="history-strength-label")
                    yield Sparkline(id="history-sparkline")
                yield Label(legend(), id="history-legend")
            with Vertical(id="history-streaks"):
                yield StreakTable(id="streak-table")
                yield Static(id="history-year-counts")
        with Vertical(id="history-day"):
            yield Static(id="history-day-text")
            yield Static(id="history-day-reflection")
        yield KeyBar()

    @property
    def heat_map(self) -> HeatMap:
        return self.query_one(HeatMap)

    def on_mount(self) -> None:
        self.query_one("#history-streaks").border_title = "Streaks in days"
        self.refresh_from_coach()

    def on_screen_resume(self) -> None:
        # Back from a day's page, or from Today where a step may have just been logged: the door's
        # last snapshot, when nothing changed since.
        self.refresh_from_coach()

    def show(self, snapshot: Snapshot) -> None:
        """Shows the whole history as `snapshot` has it; the selected day stays, unless today has moved
        before it."""
        if snapshot is self.shown:
            return
        self.shown = snapshot
        self.facts = facts_of(snapshot)
        self.today = snapshot.today
        table = self.query_one(StreakTable)
        table.show(self.facts, self.today, snapshot.status().streak)
        overall = table.streaks[0][1]
        [strength] = strength_series(self.facts, self.today, days=1)
        days = "day" if overall.current == 1 else "days"
        self.query_one("#history-standing", Label).update(
            f"streak {overall.current} {days} · longest {overall.longest} · strength {strength:.0%}"
        )
        self.select(self.selected or self.today, force=True)

    @property
    def earliest(self) -> date:
        """How far back the selection goes: the year before the first record, for days forgotten before it."""
        assert self.today is not None
        first = self.facts.first if self.facts and self.facts.first else self.today
        return date(min(first.year, self.today.year) - 1, 1, 1)

    def select(self, day: date, force: bool = False) -> None:
        """Selects a day, never after today nor before `earliest`, and shows it."""
        if self.facts is None or self.today is None:
            return
        day = min(max(day, self.earliest), self.today)
        year_changed = self.selected is None or day.year != self.selected.year
        if day == self.selected and not force:
            return
        self.selected = day
        self.heat_map.show(self.facts, self.today, day)
        if year_changed or force:
            self._show_year()
        self._show_day()

    def _show_year(self) -> None:
        assert self.facts is not None and self.today is not None and self.heat_map.grid is not None
        grid = self.heat_map.grid
        year = grid.year
        self.query_one("#history-title", Label).update(f"History · {year}")
        # Today is still open: it is not missed yet.
        levels = [day_level(self.facts, d, self.today) for column in grid.columns for d in column
                  if d and d != self.today]
        complete, rest = levels.count(3), levels.count("rest")
        counts = [("Complete", complete), ("Partly done", levels.count(1) + levels.count(2)),
                  ("Missed", levels.count(0)), ("Rest", rest)]
        self.query_one("#history-year-counts", Static).update(Content("\n").join(
            [Content.styled(f"Days in {year}", "bold")]
            + [Content(f"{name:<12}{count:>5}") for name, count in counts]
        ))
        self.query_one("#history-year").border_title = (
            f"{year} · {complete} complete {'day' if complete == 1 else 'days'} · {rest} rest"
        )
        strengths = week_strengths(self.facts, grid, self.today)
        sparkline = self.query_one(Sparkline)
        sparkline.data = strengths
        sparkline.styles.width = max(1, len(strengths))
        self.query_one("#history-strength").display = any(strengths)
        if any(strengths):
            self.query_one("#history-year").border_subtitle = (
                f"strength at each week's end: {min(strengths):.0%} to {max(strengths):.0%}"
            )
        else:
            self.query_one("#history-year").border_subtitle = ""

    def _show_day(self) -> None:
        assert self.facts is not None and self.today is not None and self.selected is not None
        day = self.selected
        when = " (today)" if day == self.today else ""
        box = self.query_one("#history-day")
        box.border_title = f"{long_day(day)}{when}"
        box.border_subtitle = f"{shown_keys(self.app, 'history.open_day', ' or ')} opens the day"
        if self.facts.first is None:
            lines = [Content("Nothing recorded yet: the days fill in as you log steps on Today "
                             f"({shown_keys(self.app, 'app.go.today')}).")]
        elif day < self.facts.first:
            lines = [Content(f"Before your first record ({short_day(self.facts.first)}).")]
        else:
            lines = [Content(steps_line(self.facts, day, self.today))]
        assert self.shown is not None
        lines += [Content("· ") + entry_line(entry, with_step=True) for entry in self.shown.entries_on(day)]
        self.query_one("#history-day-text", Static).update(Content("\n").join(lines))
        written = self.shown.history.reflections.get(day)
        reflection = written.text if written else ""
        said = self.query_one("#history-day-reflection", Static)
        said.update(Content("“" + printable(" ".join(reflection.split())) + "”") if reflection else "")
        said.display = bool(reflection)

    # Keys ----------------------------------------------------------------------------------------------

    def action_move(self, days: int) -> None:
        if self.selected is not None:
            self.select(self.selected + timedelta(days=days))

    def action_month(self, months: int) -> None:
        if self.selected is not None:
            self.select(add_months(self.selected, months))

    def action_to_today(self) -> None:
        if self.today is not None:
            self.select(self.today)

    def action_open_day(self) -> None:
        if self.selected is not None:
            self.app.push_screen(DayScreen(self.selected))

    @on(HeatMap.Clicked)
    def _clicked(self, event: HeatMap.Clicked) -> None:
        if event.day == self.selected:
            self.action_open_day()
        else:
            self.select(event.day)


# ---------------------------------------------------------------------------------------------------------
# A day's page: what was logged, a step forgotten, the reflection


class DayScreen(DayPage):
    """One past (or today's) routine day: its entries, to edit or delete; a step to log on it; its reflection.

    Each change is one change through the door, saved at once and undoable. The reflection is saved a
    moment after typing stops, on ctrl+s, when it loses the focus and when the page closes.
    """

    CSS_PATH = "history.tcss"

    WHOLE = True  # any day of the history
    MOVES_ENTRIES = True  # an entry logged on the wrong day is moved from here
    AUTO_FOCUS = ""  # on_mount chooses: the entries if there are any, else the first step to fill in
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        # Escape leaves a field first, as on Today; from anywhere else it goes back to the calendar.
        bind("history.day.leave_field", "leave_field"),
        bind("history.day.back", "back"),
        bind("history.day.save", "save_reflection"),
        # Named on the steps' frame rather than in the footer, which has no room for it at 80 columns.
        bind("history.day.rest", "rest", show=False),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day
        self.shown: Snapshot | None = None
        # Kept by reference: leaving the app saves it after it is unmounted.
        self._reflection = ReflectionPanel()

    def compose(self) -> ComposeResult:
        with Horizontal(id="day-head"):
            yield Label(Content(long_day(self.day)), id="day-title")
            yield Label(id="day-standing")
        with Vertical(id="day-entries-box"):
            yield EntryList(with_step=True, id="day-entries")
            yield Static("Nothing logged on this day. Fill in a step below.", id="day-nothing")
        with Vertical(id="day-log"):
            for kind in STEPS:
                with Horizontal(classes="day-log-row"):
                    yield Label(f"{kind.number} {kind.title}", classes="day-log-label")
                    yield StepForm(kind, id=f"log-{kind.key}")
        yield self._reflection
        yield KeyBar()

    @property
    def entry_list(self) -> EntryList:
        return self.query_one(EntryList)

    @property
    def entries(self) -> list[Entry]:
        return self.entry_list.entries

    @property
    def reflection(self) -> ReflectionPanel:
        return self._reflection

    def form(self, kind: str) -> StepForm:
        return self.query_one(f"#log-{kind}", StepForm)

    def on_mount(self) -> None:
        self.query_one("#day-entries-box").border_title = "Logged"
        log = self.query_one("#day-log")
        log.border_title = "Fill in a step · Enter logs it on this day"
        self._name_keys()
        for kind in STEPS:
            self.form(kind.key).subject_input.offer(kind.placeholder, kind.subject)  # "person" where the example does not fit
        self.refresh_from_coach()
        if self.entries:
            self.entry_list.focus()
        else:
            self.form(STEPS[0].key).subject_input.focus()

    def on_screen_resume(self) -> None:
        self._name_keys()  # your keys may have changed meanwhile (Settings, another terminal)
        self.refresh_from_coach()

    def _name_keys(self) -> None:
        self.query_one("#day-log").border_subtitle = f"{shown_keys(self.app, 'history.day.rest')}: a rest day"

    def on_screen_suspend(self) -> None:
        self.save_reflection()  # to another place with a function key, or to edit an entry

    def on_unmount(self) -> None:
        self.save_reflection()  # closed, or the app is quitting

    def show(self, snapshot: Snapshot) -> None:
        """Shows the day as `snapshot` has it; a reflection being typed keeps what is typed."""
        if snapshot is self.shown:
            return
        self.shown = snapshot
        status = snapshot.status(self.day)
        when = "today · " if self.day == snapshot.today else ""
        self.query_one("#day-standing", Label).update(f"{when}{standing(status.done_count, status.rest)}")
        entry_list = self.entry_list
        had_focus = entry_list.has_focus
        entry_list.show(status.entries)
        if had_focus and not status.entries:
            self.form(STEPS[0].key).subject_input.focus()  # the last one was deleted
        self.query_one("#day-nothing").display = not status.entries
        self.reflection.show(self.day, status.prompt, status.reflection or "")

    # Keys ----------------------------------------------------------------------------------------------

    def _in_field(self) -> bool:
        return isinstance(self.focused, (Input, TextArea))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return self._in_field()
        if action == "back":
            return not self._in_field()
        if action == "save_reflection":
            return self.focused is not None and self.reflection in self.focused.ancestors_with_self
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_leave_field(self) -> None:
        if self.entries:
            self.entry_list.focus()
        else:
            self.set_focus(None)

    def action_back(self) -> None:
        if self.save_reflection():
            self.dismiss()
