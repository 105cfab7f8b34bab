"""coach: a terminal coach for writers — one audience, one person, one share a day."""

__version__ = "0.12.0"
