"""The morning check-in, `coach --quick`: an inline app of a few lines that logs today's steps.

Only coach/cli.py imports this module, and only when --quick is given, so Textual's import cost is
paid by the check-in alone. What the check-in showed stays in the terminal's scrollback. Everything
it shows comes from one snapshot of the door (habits.coach), the coach's suggestions and the names
to complete included; every step logged hands back the next one.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

# A lone Esc is known to be Esc after this many milliseconds without the rest of a sequence (Textual
# reads ESCDELAY once, when it is imported; 100 by default): 50, as in most editors. A person's own wins.
os.environ.setdefault("ESCDELAY", "50")

from textual.app import App, ComposeResult  # noqa: E402 (after ESCDELAY)
from textual.containers import Horizontal, Vertical
from textual.driver import Driver
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Static

from coach.bindings import bind
from coach.keymap import for_textual, usable
from habits.coach import Coach, DayStatus, Entry, InputError, Snapshot, StoreError
from habits.fields import NOTE, Field, fields_of
from habits.model import STEPS, StepKind
from habits.text import printable

if TYPE_CHECKING:
    from habits.coach import Suggestion  # the coach's picks come after the first frame (on_mount), their modules too

MIN_NAME_WIDTH = 4  # yesterday's row shortens names to share its width, never below this
HINT_STEP = "enter log · ↑↓ move · esc leave"
HINT_CONNECT = "enter log · name / action, e.g. jane / comment · ↑↓ move · esc leave"  # a step with choices
HINT_REFLECTION = "enter save · empty enter skips · ↑↓ move · esc leave"
HINT_DONE_SHORT = "All three done today"
HINT_DONE = f"{HINT_DONE_SHORT}. esc leave"
HINT_DONE_REFLECTION = f"{HINT_DONE_SHORT} · enter saves the reflection · esc leave"
DAY_ONE = "Day one. Log one step below."
# An empty history and no settings: the full app's welcome asks for genres and platforms, which the
# suggestions need; the check-in is too small to ask.
NEW_HERE = "Day one. New here? Run coach once to set your genres and platforms."


def run_check_in(door: Coach | object) -> int:
    """Runs the check-in inline, leaves it in the scrollback and prints where today stands. `door`: the
    Coach over the data file, or the store to open one on."""
    app = CheckIn(door)
    app.run(inline=True, inline_no_clear=True)
    if app.return_code:
        return app.return_code
    print(app.summary_at_exit())
    # All that is left is Python's own way out, whose last collections walk every object Textual and the
    # history made: 130 ms between the summary line and the prompt (bench/run.py, Esc to exit: 0.45 s to
    # 0.33 s). Frozen, they are left to the end of the process: every change was synced before it returned.
    gc.freeze()
    return 0


def summary_line(coach: Coach) -> str:
    """Today in one line, as printed after the check-in: "2 of 3 done · streak 12 days"."""
    return coach.snapshot().status().summary()


def _short(text: str, width: int) -> str:
    text = printable(text).replace("\n", " ")
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _fair_widths(lengths: list[int], room: int) -> list[int]:
    """Shares `room` columns among names: a short name keeps its length, long ones split the rest."""
    widths = [0] * len(lengths)
    left = room
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    for place, i in enumerate(order):
        share = left // (len(order) - place)
        widths[i] = max(MIN_NAME_WIDTH, min(lengths[i], share))
        left -= widths[i]
    return widths


def yesterday_line(status: DayStatus, width: int) -> Content:
    """Yesterday's three steps in one row of `width` columns: "✓ Connect @jane", "○ Share"."""
    if status.rest:
        return Content("Yesterday  rest day")
    names: dict[str, str] = {}
    for kind in STEPS:
        entries = [e for e in status.entries if e.kind == kind.key]
        if entries:
            more = f" +{len(entries) - 1}" if len(entries) > 1 else ""
            names[kind.key] = printable(entries[0].subject).replace("\n", " ") + more
    fixed = len("Yesterday") + sum(2 + 2 + len(kind.title) + (kind.key in names) for kind in STEPS)
    widths = dict(zip(names, _fair_widths([len(n) for n in names.values()], width - fixed)))
    parts: list[str | tuple[str, str]] = ["Yesterday"]
    for kind in STEPS:
        if kind.key in names:
            parts += ["  ", ("✓", "bold"), f" {kind.title} ", _short(names[kind.key], widths[kind.key])]
        else:
            parts += ["  ○", f" {kind.title}"]
    return Content.assemble(*parts)


class YesterdayLine(Widget):
    """Yesterday at a glance, fitted to the width it is given (names shorten, titles stay)."""

    DEFAULT_CSS = "YesterdayLine { height: 1; }"

    def __init__(self, status: DayStatus, day_one: bool, new_here: bool = False) -> None:
        super().__init__(id="yesterday")
        self.status = status
        self.day_one = day_one
        self.new_here = new_here

    def render(self) -> Content:
        if self.day_one:
            return Content(NEW_HERE if self.new_here else DAY_ONE)
        return yesterday_line(self.status, self.size.width)


def suggestion_placeholders(suggestion: Suggestion) -> list[str]:
    """The suggestion an empty step's input offers to Enter, "↵ Jane Reyes — ask a follow-up question…",
    longest first: an audience's places go one by one when the line is short of room."""
    from habits.coach import gathers

    name = printable(suggestion.name).replace("\n", " ")
    if not suggestion.where:
        return [f"↵ {name} — {suggestion.next_step}"]
    return [f"↵ {name} — {gathers(suggestion.where[:n])}" for n in range(len(suggestion.where), 0, -1)]


def why_hint(why: str, width: int) -> str:
    """The key hint under a step whose suggestion is offered: why the coach picked it (what happened),
    then the keys while they fit."""
    why = printable(why).replace("\n", " ")
    for text in (f"{why} · enter log · ↑↓ move", f"{why} · enter log", why):
        if len(text) <= width:
            return text
    return why[: max(1, width - 1)] + "…"


def choice_of(kind: StepKind) -> Field | None:
    """The step's field picked from a list (a connect's action), which may follow the name: "jane / comment"."""
    return next((field for field in fields_of(kind) if field.choices), None)


def split_choice(text: str, choices: Sequence[str]) -> tuple[str, str | None]:
    """ "jane / ask" is jane with the choice ask; with anything but a choice after the last " / ", the
    whole text is the name."""
    name, slash, chosen = text.rpartition(" / ")
    if slash and chosen.strip().lower() in choices:
        return name, chosen.strip().lower()
    return text, None


class StepInput(Input):
    """A step's input whose placeholder is the longest of its choices that fits, else the last one shortened."""

    def __init__(self, placeholders: list[str], **kwargs: object) -> None:
        super().__init__(placeholder=placeholders[0], **kwargs)  # type: ignore[arg-type]
        self.placeholders = placeholders

    def on_resize(self) -> None:
        room = self.scrollable_content_region.width - 1  # one cell for the cursor
        if room > 0:
            fitting = [text for text in self.placeholders if len(text) <= room]
            self.placeholder = fitting[0] if fitting else _short(self.placeholders[-1], room)


def _logged(entries: list[Entry]) -> str:
    """What was logged for one step, as one line: the first entry with its details, "+N" for more."""
    more = f" +{len(entries) - 1}" if len(entries) > 1 else ""
    return printable(entries[0].describe()).replace("\n", " ") + more


class StepRow(Horizontal):
    """One of today's steps: an input while it is open, what was logged once it is done."""

    def __init__(
        self, kind: StepKind, entries: list[Entry], names: list[str], suggestion: Suggestion | None = None,
        done: bool | None = None,
    ) -> None:
        super().__init__(id=f"row-{kind.key}", classes="row")
        self.kind = kind
        self.choice = choice_of(kind)
        self.entries = entries
        self.names = names  # names used before, completed with the right arrow key
        self.suggestion = suggestion  # the coach's pick, logged by Enter on the empty input
        # Whether the day's step is done (the day's status says: an ask alone does not do Connect).
        self._done = bool(entries) if done is None else done
        self.set_class(self._done, "-done")

    @property
    def done(self) -> bool:
        return self._done

    def _label(self) -> Content:
        mark = ("✓", "bold") if self.done else "○"
        return Content.assemble(mark, f" {self.kind.number} {self.kind.title}")

    def compose(self) -> ComposeResult:
        yield Static(self._label(), classes="label")
        if self.done:
            yield Static(_logged(self.entries), classes="logged", markup=False)
        else:
            yield StepInput(
                suggestion_placeholders(self.suggestion) if self.suggestion else [self.kind.placeholder],
                id=f"step-{self.kind.key}",
                compact=True,
                select_on_focus=False,
                suggester=SuggestFromList(self.names, case_sensitive=False) if self.names else None,
            )

    def fields_for(self, typed: str) -> tuple[str, dict[str, str | None]]:
        """The subject and fields Enter logs: the suggestion on an empty input, else what was typed
        (with the choice after " / ", if the step has one)."""
        if not typed.strip() and self.suggestion is not None:
            fields: dict[str, str | None] = {NOTE.name: self.suggestion.note or None}
            if self.choice is not None and self.suggestion.action:
                fields[self.choice.name] = self.suggestion.action
            return self.suggestion.name, fields
        if self.choice is not None:
            subject, chosen = split_choice(typed, self.choice.choices)
            return subject, {self.choice.name: chosen}
        return typed, {}

    def offer(self, suggestion: Suggestion | None, names: list[str], example: Sequence[str] = ()) -> None:
        """The coach's pick and the names used before, once known (or, with no pick, the empty input's
        example that fits the writer); what is typed stays as it is."""
        self.suggestion, self.names = suggestion, names
        if self.done:
            return
        field = self.query_one(StepInput)
        field.suggester = SuggestFromList(names, case_sensitive=False) if names else None
        if suggestion is not None or example:
            field.placeholders = suggestion_placeholders(suggestion) if suggestion is not None else list(example)
            field.on_resize()

    async def mark_done(self, entry: Entry, done: bool = True) -> None:
        """Notes a logged entry; the row closes when the step is done by it (an ask leaves it open)."""
        self.entries = [*self.entries, entry]
        if not done:
            field = self.query_one(StepInput)
            with field.prevent(Input.Changed):  # (a change of the value would wipe the warning just shown)
                field.value = ""
            return
        self._done = True
        self.add_class("-done")
        await self.recompose()


class CheckIn(App[None]):
    """Yesterday at a glance, its reflection if it is open, and today's three steps to log."""

    CSS = """
    Screen:inline {
        height: auto;
        max-height: 12;
        border: none;
        padding: 0 1;
    }
    Screen { overflow: hidden; }
    Static { text-wrap: nowrap; text-overflow: ellipsis; }
    #header { text-style: bold; color: $text-accent; }
    #yesterday, #question { color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    #welcome { text-wrap: wrap; max-height: 2; }  /* the names it gives matter: a second line, not an ellipsis */
    #question { padding-left: 2; }
    #steps { height: auto; margin-top: 1; }
    .row { height: 1; }
    .row .label { width: 16; }
    .row:focus-within .label { color: $text-accent; text-style: bold; }
    .row.-done .label { color: $text-success; }
    .row Input { width: 1fr; }
    #reflection-row .label { color: $text-muted; }
    #hint { color: $text-muted; }
    #hint.-error { color: $text-error; text-style: bold; }
    #hint.-warning { color: $text-warning; text-wrap: wrap; max-height: 2; }  /* the what-instead, not an ellipsis */
    """

    BINDINGS = [
        bind("quick.leave", "leave"),
        # ctrl+c would copy inside an input; here it leaves, as it does everywhere else in a shell.
        bind("quick.quit", "leave", show=False),
        bind("quick.next", "app.focus_next", show=False),
        bind("quick.previous", "app.focus_previous", show=False),
    ]

    ENABLE_COMMAND_PALETTE = False

    def _build_driver(self, headless: bool, inline: bool, mouse: bool, size: tuple[int, int] | None) -> Driver:
        # Inline in a real terminal: the driver that leaves at once (coach/quick_driver.py says what it
        # buys and which private parts of Textual it takes); tests (headless) and other platforms keep
        # Textual's own.
        if inline and not headless and hasattr(os, "pipe") and sys.platform != "win32":
            from coach.quick_driver import QuickInlineDriver

            return QuickInlineDriver(self, debug=False, mouse=mouse, size=size)
        return super()._build_driver(headless, inline, mouse, size)

    def __init__(self, door: Coach | object, clock: Callable[[], datetime] | None = None) -> None:
        """`door`: the Coach over the data file, or the store to open one on (tests build a Store)."""
        super().__init__()
        self.coach = door if isinstance(door, Coach) else Coach(door, clock)  # type: ignore[arg-type]
        self._warning: str | None = None  # the last log's gentle warning, shown until typing starts again
        self._milestone: str | None = None  # a streak milestone the last log reached, shown the same way
        # Started by `coach --quick` (coach/cli.py), the cyclic collector is off until the first frame is
        # painted: Textual's and the snapshot's objects, made once and kept for the whole check-in, are then
        # frozen out of every later collection's way, and collecting starts (_collect_from_now).
        self._collect_after_first_frame = not gc.isenabled()
        # Read before the app runs: a damaged file then fails as a one-line error, not inside the screen.
        first = self.coach.snapshot()
        self.today = first.today
        self.yesterday = self.today - timedelta(days=1)
        self.day_one = first.day_one
        self.new_here = self.day_one and first.is_empty
        self._yesterday = first.status(self.yesterday)
        # Yesterday's reflection, if it is still open; not on a rest day, nor on a day that held no step
        # (nothing to reflect on: a writer back after a gap is welcomed instead, see _show_welcome).
        self.ask_reflection = (not self.day_one and self._yesterday.reflection is None and not self._yesterday.rest
                               and bool(self._yesterday.entries))
        self._first = first
        self._status = first.status()  # today as last shown
        from coach.themes import THEMES

        for coach_theme in THEMES:  # coach's own, when one is chosen; Textual's default otherwise
            self.register_theme(coach_theme)
        theme = first.settings.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.keys_in_force = usable(first.settings.get("keymap"))  # the user's own keys (coach config keymap)
        self.set_keymap(for_textual(self.keys_in_force))

    def summary_at_exit(self) -> str:
        """Where today stands, for the line printed on leaving: the door hands back the snapshot last
        shown when the data file has not changed since (one stat) and the day has not turned."""
        return summary_line(self.coach)

    # ---- what is shown

    def compose(self) -> ComposeResult:
        yield Static(self._header(self._status), id="header", markup=False)
        yield YesterdayLine(self._yesterday, self.day_one, self.new_here)
        if self.ask_reflection:
            yield Static(self._yesterday.prompt, id="question", markup=False)
            with Horizontal(id="reflection-row", classes="row"):
                yield Static("✎ Reflect", classes="label")
                yield Input(
                    placeholder="a line about yesterday (optional)", id="reflection", compact=True,
                    select_on_focus=False,
                )
        with Vertical(id="steps"):
            for kind in STEPS:
                entries = [e for e in self._status.entries if e.kind == kind.key]
                # The coach's picks and the names come right after the first frame (see on_mount).
                yield StepRow(kind, entries, [], done=self._status.steps[kind.key])
        yield Static(self.in_your_keys(HINT_STEP), id="hint", markup=False)

    def _header(self, status: DayStatus) -> str:
        days = "day" if status.streak.current == 1 else "days"
        rest = " · rest day" if status.rest else ""
        return (
            f"{self.today:%a %d %b}{rest} · streak {status.streak.current} {days} · "
            f"longest {status.streak.longest} · strength {status.strength:.0%}"
        )

    def _show(self, snapshot: Snapshot) -> None:
        """Today as a change left it: the first line."""
        self._status = snapshot.status(self.today)
        self.query_one("#header", Static).update(self._header(self._status))

    # ---- focus and keys

    def on_mount(self) -> None:
        first = self._open_inputs() or list(self.query("#reflection").results(Input))
        if first:
            self.set_focus(first[0])  # now, so that the first hint is the focused step's
        self._show_hint()
        if self._collect_after_first_frame:
            self.call_after_refresh(self._collect_from_now)
        if first:
            self.call_after_refresh(self._offer_suggestions)

    def _collect_from_now(self) -> None:
        """After the first frame: what the start made stays for the whole check-in (gc.freeze keeps it out
        of the collections), and the collector, off since `coach --quick` started, collects from now on."""
        self._collect_after_first_frame = False
        gc.freeze()
        gc.enable()

    def _offer_suggestions(self) -> None:
        # After the first frame, on the app's own thread: the figures of a decade (people, audiences) take
        # a tenth of a second to sort out, which the first frame need not wait for; a key pressed meanwhile
        # waits for them, and nothing typed is lost.
        snapshot = self._first
        coaching = snapshot.coaching
        from habits.audience_map import example_placeholders  # in memory with the coaching

        genres = snapshot.settings.get("genres")
        genres = genres if isinstance(genres, list) else []
        for row in self.query(StepRow):
            example = example_placeholders(row.kind.placeholder, genres) if row.kind.names_audience else ()
            row.offer(coaching.first(row.kind.key), snapshot.recent_names(row.kind.key), example)
        self._show_welcome(coaching.welcome)

    def _show_welcome(self, welcome: str) -> None:
        """The coach's welcome back after a gap (who answered meanwhile), on a line of its own under the
        first one, when there is one: it comes with the suggestions, after the first frame."""
        if welcome and not self.query("#welcome"):
            self.mount(Static(printable(welcome).replace("\n", " "), id="welcome", markup=False), after="#header")

    def _open_inputs(self) -> list[Input]:
        return [row.query_one(Input) for row in self.query(StepRow) if not row.done]

    def on_descendant_focus(self) -> None:
        self._show_hint()

    def on_input_changed(self) -> None:
        self._warning = self._milestone = None
        self._show_hint()

    def _show_hint(self, error: str | None = None) -> None:
        # Errors and warnings start with "!", so that they read as such without colour too.
        hint = self.query_one("#hint", Static)
        hint.set_class(error is not None, "-error")
        hint.set_class(error is None and self._warning is not None, "-warning")
        focused = self.focused
        row = focused.parent if focused is not None else None
        if error is not None:
            hint.update(f"! {printable(error)}")
        elif self._warning is not None:
            hint.update(f"! {printable(self._warning)}")
        elif self._milestone is not None:
            hint.update(f"✓ {printable(self._milestone)}")
        elif focused is not None and focused.id == "reflection":
            hint.update(self.in_your_keys(HINT_REFLECTION if self._open_inputs() else HINT_DONE_REFLECTION))
        elif not self._open_inputs():
            hint.update(self.in_your_keys(HINT_DONE))
        elif isinstance(row, StepRow) and row.suggestion is not None and not row.done and not getattr(focused, "value", ""):
            hint.update(why_hint(row.suggestion.why, hint.size.width or self.size.width - 2))
        elif isinstance(row, StepRow) and row.choice is not None and len(self.in_your_keys(HINT_CONNECT)) <= (
            hint.size.width or self.size.width - 2  # before the first layout: the screen's, less its padding
        ):
            hint.update(self.in_your_keys(HINT_CONNECT))
        else:
            hint.update(self.in_your_keys(HINT_STEP))

    def in_your_keys(self, hint: str) -> str:
        """A hint as the keymap has the keys: "ctrl+x leave" where the user gave Leave ctrl+x."""
        if not self.keys_in_force:
            return hint
        from coach.bindings import shown_keys

        for words, binding_id in (("esc leave", "quick.leave"), ("↑", "quick.previous"), ("↓", "quick.next")):
            if binding_id in self.keys_in_force:
                hint = hint.replace(words, words.replace(words.split()[0], shown_keys(self, binding_id, "/")))
        return hint

    def action_leave(self) -> None:
        # The last frame stays in the scrollback: leave it without a cursor or a key hint in it.
        self.set_focus(None)
        self._show_hint()
        # A warning or a milestone stays in the scrollback to be read back.
        self.query_one("#hint").display = self._warning is not None or self._milestone is not None
        # Ask the screen for its layout now, so that the exit waits for the frame without the hint
        # (the hint alone would tell the screen only on its own idle, which can come too late).
        self.screen.refresh(layout=True)
        self.call_after_refresh(self.exit)

    # ---- what Enter does

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "reflection":
            await self._reflect(event.input)
        else:
            row = event.input.parent
            assert isinstance(row, StepRow)
            await self._log(row, event.input)

    async def _log(self, row: StepRow, field: Input) -> None:
        subject, fields = row.fields_for(field.value)
        try:
            done = self.coach.log(row.kind.key, subject, **fields)
        except (InputError, StoreError) as error:
            self._show_hint(str(error))
            return
        self._warning = done.warning
        self._milestone = done.milestones[-1].text if done.milestones else None
        step_done = done.snapshot.status(self.today).steps[row.kind.key]
        if step_done:
            self._focus_after(row)
        await row.mark_done(done.value, step_done)
        self._show(done.snapshot)
        self._show_hint()

    def _focus_after(self, row: StepRow) -> None:
        """Focus moves to the next open step, round to the first; once all three are done, to
        yesterday's reflection if it is still open, else nowhere (esc is all that is left)."""
        rows = [r for r in self.query(StepRow) if not r.done and r is not row]
        later = [r for r in rows if r.kind.number > row.kind.number]
        target = (later or rows or [None])[0]
        if target is not None:
            self.set_focus(target.query_one(Input))
        else:
            self.set_focus(next(iter(self.query("#reflection").results(Input)), None))

    async def _reflect(self, field: Input) -> None:
        text = field.value
        if text.strip():
            try:
                self.coach.reflect(text, day=self.yesterday)
            except (InputError, StoreError) as error:
                self._show_hint(str(error))
                return
        rows = self._open_inputs()
        self.set_focus(rows[0] if rows else None)
        if text.strip():
            await self.query_one("#reflection-row").remove()
            self.query_one("#question", Static).update(
                Content.assemble(("✓", "bold"), " Reflection saved for yesterday: ", _short(text, 40))
            )
        self._show_hint()
