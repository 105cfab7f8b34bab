"""The check-in's driver: coach/driver.py's way out without Textual's waits, inline (coach/quick.py)."""

from coach.driver import fast_driver

QuickInlineDriver = fast_driver(inline=True)
