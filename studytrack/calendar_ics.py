"""An iCalendar (.ics) file of a pupil's coming weeks: expected days and planned tests.

Parents import it into their phone's calendar. Expected days are timed events at
the expected time (Europe/Amsterdam); tests are all-day events. Afgemeld days are
left out. The text follows RFC 5545: escaped, folded at 75 octets, CRLF line ends.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from studytrack import attendance, db, grades, nl
from studytrack.access import Scope
from studytrack.attendance import Day
from studytrack.grades import Test
from studytrack.pdf import download_name
from studytrack.pupils import Pupil

WEEKS_AHEAD = 6
TIMEZONE = "Europe/Amsterdam"
# The rules of Europe/Amsterdam since 1996, so every calendar reads the times right.
_VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TIMEZONE}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuation lines start with a space)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts = []
    current = b""
    limit = 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # the leading space of a continuation line counts
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def calendar_text(
    institute: str,
    pupil: Pupil,
    days: Iterable[Day],
    tests: Iterable[Test],
    stamp: datetime,
) -> str:
    """The .ics text for the given expected days and tests of one pupil."""
    stamp_utc = (
        stamp.replace(tzinfo=ZoneInfo(TIMEZONE)).astimezone(ZoneInfo("UTC"))
    ).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//StudyTrack//Agenda//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'{institute} — {pupil.first_name}')}",
        *_VTIMEZONE,
    ]
    for day in days:
        if day.expected_at is None or day.absent:
            continue
        start = datetime.combine(day.day, day.expected_at)
        lines += [
            "BEGIN:VEVENT",
            f"UID:studytrack-{pupil.number}-{day.day:%Y%m%d}-verwacht",
            f"DTSTAMP:{stamp_utc}",
            f"DTSTART;TZID={TIMEZONE}:{start:%Y%m%dT%H%M%S}",
            f"SUMMARY:{escape_text(f'{pupil.first_name} verwacht bij {institute}')}",
            f"DESCRIPTION:{escape_text(f'Verwacht om {nl.clock_time(day.expected_at)}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    for test in tests:
        if test.grade is not None:
            continue
        summary = f"{test.subject} {test.kind}: {test.description}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:studytrack-{pupil.number}-toets-{test.id}",
            f"DTSTAMP:{stamp_utc}",
            f"DTSTART;VALUE=DATE:{test.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{test.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(f'{pupil.name}: weging {grades.weight_text(test.weight)}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def coming_weeks(
    con: db.Connection,
    scope: Scope,
    institute: str,
    pupil: Pupil,
    now: datetime,
    weeks: int = WEEKS_AHEAD,
) -> bytes:
    """The .ics file of one pupil's expected days and planned tests from today on."""
    scope.require(pupil.id)
    first: date = now.date()
    last = first + timedelta(weeks=weeks)
    days = attendance.days(con, pupil.id, first, last)
    tests = grades.tests_between(con, scope, pupil.id, first, last)
    return calendar_text(institute, pupil, days, tests, now).encode("utf-8")


def file_name(pupil: Pupil) -> str:
    """'agenda-sanne-de-vries.ics'."""
    return download_name("agenda", pupil, "ics")
