"""The smallest Textual app: one line that says "minimal". A baseline for bench/run.py.

    python bench/minimal_app.py [--inline] [--exit-after-paint]

Full screen unless --inline. Esc leaves, the way the check-in does, so the bench measures the first
frame and Esc-to-exit of this app and of coach in the same way. --exit-after-paint leaves as soon as
the first frame is painted (for timing the whole life of a painting app by hand).
"""

from __future__ import annotations

import argparse

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static


class Minimal(App):
    BINDINGS = [Binding("escape", "quit", "Quit")]

    def __init__(self, exit_after_paint: bool) -> None:
        super().__init__()
        self.exit_after_paint = exit_after_paint

    def compose(self) -> ComposeResult:
        yield Static("minimal")

    def on_mount(self) -> None:
        if self.exit_after_paint:
            self.call_after_refresh(self.exit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inline", action="store_true", help="run inline, below the prompt")
    parser.add_argument("--exit-after-paint", action="store_true", help="leave once the first frame is painted")
    args = parser.parse_args()
    Minimal(args.exit_after_paint).run(inline=args.inline)


if __name__ == "__main__":
    main()
