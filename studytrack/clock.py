"""The institute's clock: "now" and "today" in Europe/Amsterdam, whatever the server's zone.

STUDYTRACK_NOW (an ISO date-time in Amsterdam time, e.g. 2026-12-03T16:05) fixes
the clock for demos and tests.
"""

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from studytrack.errors import InvalidInput

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def now() -> datetime:
    """Return the current Amsterdam wall-clock time as a naive datetime (to the second)."""
    fixed = os.environ.get("STUDYTRACK_NOW")
    if fixed:
        return _parse_fixed(fixed)
    return datetime.now(AMSTERDAM).replace(tzinfo=None, microsecond=0)


def real_now() -> datetime:
    """Return the real Amsterdam time, ignoring STUDYTRACK_NOW: for session security.

    Sign-in times and password changes are compared with cookie issue times, which
    the browser's cookie carries in real time.
    """
    return datetime.now(AMSTERDAM).replace(tzinfo=None)


def today() -> date:
    """Return today's date in Amsterdam."""
    return now().date()


def time_now() -> time:
    """Return the current Amsterdam time of day, to the minute."""
    return now().time().replace(second=0)


def _parse_fixed(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise InvalidInput(
            f"STUDYTRACK_NOW '{text}' is geen geldige datum-tijd; "
            "gebruik bijvoorbeeld 2026-12-03T16:05."
        ) from error
    if moment.tzinfo is not None:
        moment = moment.astimezone(AMSTERDAM).replace(tzinfo=None)
    return moment.replace(microsecond=0)
