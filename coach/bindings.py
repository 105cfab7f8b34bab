"""Textual's Binding for a key of coach/keymap.py: its id, default keys and words come from there."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding

from coach.keymap import BY_ID, PRIORITY, keys_in_words, keys_of


def bind(binding_id: str, action: str, *, tooltip: bool = False, **options: Any) -> Binding:
    """The binding `binding_id` of coach/keymap.py running `action`; `options` as Binding takes them
    (show, group, key_display); whether it has priority, coach/keymap.py's PRIORITY says. `tooltip`:
    hovering its key names it at length ("Month before" for the footer's "Month"), which the command
    palette then shows too."""
    key = BY_ID[binding_id]
    return Binding(key.keys, action, key.label, id=binding_id, tooltip=key.about if tooltip else "",
                   priority=binding_id in PRIORITY, **options)


def shown_keys(app: App, binding_id: str, joined: str = " / ") -> str:
    """The keys of a binding as a sentence names them now, the user's own (CoachApp.keys_in_force) or its
    default: "ctrl+r", "ctrl+shift+z / f9". For the words of a screen that name a key ("ctrl+r: a rest day")."""
    return keys_in_words(keys_of(getattr(app, "keys_in_force", {}), binding_id), joined)
