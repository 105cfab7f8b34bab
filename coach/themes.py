"""coach's own themes: calm paper and ink, by day and by night. Textual's built-in themes stay on offer."""

from __future__ import annotations

from textual.theme import Theme

# Warm paper, blue-black ink, a sepia accent; the signal colours muted so that nothing shouts.
COACH = Theme(
    name="coach",
    primary="#2F4A68",
    secondary="#5B6B73",
    accent="#8A4B2A",
    success="#3F6B45",
    warning="#8F6212",
    error="#A23B2E",
    foreground="#2E2A25",
    background="#F7F3EA",
    surface="#EFE9DC",
    panel="#E4DCCB",
    dark=False,
    variables={
        "footer-key-foreground": "#2F4A68",
        "input-selection-background": "#2F4A6833",
        "boost": "#2E2A2512",  # the shade of an input field (see CoachApp.get_css_variables)
    },
)

# The same desk at night: ink-dark paper, pale ink.
COACH_DARK = Theme(
    name="coach-dark",
    primary="#8DA9C4",
    secondary="#A3A79A",
    accent="#D29B6F",
    success="#8DB38B",
    warning="#D9B45A",
    error="#D9776B",
    foreground="#E9E3D6",
    background="#1E1C19",
    surface="#26231F",
    panel="#332E28",
    dark=True,
    variables={
        "footer-key-foreground": "#D29B6F",
        "input-selection-background": "#8DA9C440",
    },
)

THEMES = (COACH, COACH_DARK)
DEFAULT_THEME = COACH.name  # when the `theme` setting is empty, or names a theme this Textual lacks
