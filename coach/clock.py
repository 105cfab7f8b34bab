"""The current moment. COACH_NOW (an ISO date-time, local unless it has an offset) fixes it for tests
and demonstrations; nothing else in coach reads the clock."""

from __future__ import annotations

import os
from datetime import datetime


def now() -> datetime:
    fixed = os.environ.get("COACH_NOW")
    if fixed:
        return datetime.fromisoformat(fixed).astimezone()
    return datetime.now().astimezone()
