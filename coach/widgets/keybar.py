"""The line of keys at the foot of every screen: what Textual's Footer shows, painted by one widget.

Footer builds a widget for every key, and builds them all again, each restyled, whenever the bindings
change (the focus moves, a screen calls refresh_bindings), which is often and costs tens of milliseconds
each time. KeyBar reads the same active bindings, keeps them as plain data, and repaints its one line
when they change what it shows. It looks the same, cell for cell, from the same theme variables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import groupby
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from textual import events
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from coach.keymap import KEYS

ORDER = {key.id: n for n, key in enumerate(KEYS)}


class Key(NamedTuple):
    """A key on the bar: what a click on it presses, and what hovering shows."""

    key: str
    enabled: bool
    tooltip: str | None


class Run(NamedTuple):
    """Some text of the bar in one style (a component class, or the bar's own for "gap")."""

    text: str
    part: str  # "key", "description", "separator" or "gap"
    key: Key | None = None  # the key it belongs to; None for a gap and a group's name


class Item(NamedTuple):
    """A key and its description, or a group's keys and the group's name: shown whole or not at all.
    The margins are Footer's (between two items the larger of the two is kept)."""

    left: int
    runs: tuple[Run, ...]
    right: int

    @property
    def width(self) -> int:
        return sum(cell_len(run.text) for run in self.runs)


class Shown(NamedTuple):
    """Everything the bar shows, compared as a whole to know whether to repaint."""

    items: tuple[Item, ...]
    palette: Item | None


class KeyBar(Widget, can_focus=False):
    """The screen's keys in one line, as Footer shows them: in the order of the active bindings, those
    with show=True; a key whose action is disabled dimmed; the keys of a binding group that follow one
    another as one item, joined when the group is compact, then the group's name; the command palette's
    key on the right. Keys that do not fit are left out whole, from the end. A click presses the key."""

    ALLOW_SELECT = False
    # Few on purpose: each component class is one more style application whenever the bar is styled.
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled", "keybar--separator"}
    # Footer's look, from the same theme variables ($footer-item-background is not drawn: no theme sets it).
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--disabled {
            text-style: dim;
        }
        .keybar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self._shown: Shown | None = None  # gathered when first painted, then when the bindings change
        self._places: list[tuple[int, int, Key]] = []  # where each key was drawn: x from, x to

    @property
    def shown(self) -> Shown:
        """What the bar shows now (or will, at its next paint)."""
        if self._shown is None:
            try:
                self._shown = self._gather()
            except NoMatches:  # a part the screen's check_action asks about is not mounted yet; a signal follows
                return Shown((), None)
        return self._shown

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if not (self.is_attached and screen is self.screen):
            return
        # After the next refresh, as Footer does: the signal may come while the screen is still being
        # built, before the widgets its check_action asks about are there.
        self.call_after_refresh(self._update)

    def _update(self) -> None:
        if not self.is_attached:
            return
        try:
            shown = self._gather()
        except NoMatches:  # the screen is being taken down: the widgets its check_action asks about are gone
            return
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def _gather(self) -> Shown:
        """What Footer.compose would build, as data."""
        app = self.app
        active = self.screen.active_bindings
        # One key an action (the first), as Footer does: "[,pageup" shows "[".
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        # In the order the bindings are written (coach/keymap.py), each part of the screen's own: a key the
        # user gave another binding keeps its place (Textual's keymap puts a rebound key last).
        nodes = list(dict.fromkeys(found.node for found in active.values()))
        ordered = sorted(active.values(), key=lambda found: (nodes.index(found.node), ORDER.get(found.binding.id, 0)))
        for _node, binding, enabled, tooltip in ordered:
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        items: list[Item] = []
        for group, same_group in groupby(by_action.values(), lambda found: found[0][0].group):
            firsts = [found[0] for found in same_group]
            if group is not None and len(firsts) > 1:
                keys = [Key(binding.key, enabled, tooltip or binding.description) for binding, enabled, tooltip in firsts]
                displays = [app.get_key_display(binding) for binding, _, _ in firsts]
                if group.compact:  # "123 Step": the keys joined, after a space
                    runs = [Run(" ", "gap"), *(Run(shown, "key", key) for shown, key in zip(displays, keys)),
                            Run(" ", "gap"), Run(group.description, "description")]
                    items.append(Item(0, tuple(runs), 1))
                else:  # "[ ] Week"
                    runs = []
                    for shown, key in zip(displays, keys):
                        runs += [Run(shown, "key", key), Run(" ", "gap")]
                    items.append(Item(1, (*runs, Run(group.description, "description")), 1))
            else:
                for binding, enabled, tooltip in firsts:
                    key = Key(binding.key, enabled, tooltip or None)
                    shown = app.get_key_display(binding)
                    if binding.description:  # " ^s Save "
                        runs = [Run(f" {shown} ", "key", key), Run(f"{binding.description} ", "description", key)]
                    else:
                        runs = [Run(shown, "key", key)]
                    items.append(Item(0, tuple(runs), 0))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                key = Key(binding.key, enabled, binding.tooltip or binding.description or None)
                runs = [Run("▏", "separator"), Run(app.get_key_display(binding), "key", key)]
                if binding.description:
                    runs.append(Run(f" {binding.description}", "description", key))
                palette = Item(0, (*runs, Run(" ", "gap")), 0)
        return Shown(tuple(items), palette)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        # Between keys only the background, as the space between Footer's key widgets is.
        base = Style(bgcolor=self.rich_style.bgcolor)
        if y:
            return Strip.blank(width, base)
        shown = self.shown
        room = width - (shown.palette.width if shown.palette else 0)
        segments: list[Segment] = []
        places: list[tuple[int, int, Key]] = []
        x = 0
        margin = 0
        for item in shown.items:
            gap = max(margin, item.left)
            if x + gap + item.width > room:
                break  # what does not fit is left out whole
            if gap:
                segments.append(Segment(" " * gap, base))
            x = self._draw(item.runs, x + gap, segments, places, base)
            margin = item.right
        if shown.palette:
            segments.append(Segment(" " * max(0, room - x), base))
            self._draw(shown.palette.runs, room, segments, places, base)
        self._places = places
        return Strip(segments).adjust_cell_length(width, base).crop(0, width)

    def _draw(self, runs: Iterable[Run], x: int, segments: list[Segment], places: list[tuple[int, int, Key]],
              base: Style) -> int:
        """Appends the runs' segments from column x; returns the column after them."""
        dim = self.get_component_rich_style("keybar--disabled", partial=True)
        for text, part, key in runs:
            style = base if part == "gap" else self.get_component_rich_style(f"keybar--{part}")
            if key is not None and not key.enabled:
                style += dim
            segments.append(Segment(text, style))
            width = cell_len(text)
            if key is not None:
                places.append((x, x + width, key))
            x += width
        return x

    def key_at(self, x: int) -> Key | None:
        """The key drawn at column x, if any."""
        return next((key for start, end, key in self._places if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        tooltip = key.tooltip if key else None
        if tooltip != self.tooltip:
            self.tooltip = tooltip
