"""Persoonlijke rapportage: a pupil's calendar month, a row per date, and its summary.

A row shows when the pupil was expected and arrived (late arrivals stand out), the
tests and assignments of that date with their sign-off and grade, and the remarks
staff made that day.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from studytrack import agenda, attendance, db, nl
from studytrack.access import Scope
from studytrack.agenda import Item
from studytrack.attendance import Day

MONTHS_SHOWN = 24


@dataclass(frozen=True)
class TestLine:
    """A test or assignment in the report: 'Frans SO Vocabulaire H3 — 7,5 {AB}'."""

    text: str
    signed_off: bool
    flagged: bool  # shown in red: its date has come and nobody signed it off


@dataclass(frozen=True)
class Row:
    """One date of the month."""

    day: date
    expected_at: time | None
    arrived_at: time | None
    left_at: time | None
    absent: bool
    absent_reason: str | None
    minutes_late: int
    tests: tuple[TestLine, ...]
    remarks: tuple[str, ...]

    @property
    def late(self) -> bool:
        return self.minutes_late > 0

    @property
    def presence_text(self) -> str:
        """'14:05' or '14:05–17:10'; 'afgemeld: ziek'; empty when not (yet) there."""
        if self.absent:
            return (
                f"afgemeld: {self.absent_reason}" if self.absent_reason else "afgemeld"
            )
        if self.arrived_at is None:
            return ""
        arrived = nl.clock_time(self.arrived_at)
        if self.left_at is None:
            return arrived
        return f"{arrived}–{nl.clock_time(self.left_at)}"


@dataclass(frozen=True)
class Summary:
    """The month in numbers, over the days up to and including today."""

    expected: int
    present: int
    late: int
    absent: int
    missing: int
    average_minutes_late: int | None


@dataclass(frozen=True)
class MonthReport:
    """A pupil's month: its rows and summary."""

    year: int
    month: int
    rows: tuple[Row, ...]
    summary: Summary

    @property
    def title(self) -> str:
        return nl.month_name(self.year, self.month)


# --- rules -----------------------------------------------------------------------


def test_line(item: Item, today: date) -> TestLine:
    """'Frans SO Vocabulaire H3 — 7,5 {AB}': grade after a dash when known, the
    signer's initials in braces when signed off.

    Flagged (red) when not signed off on or after its date; a test still to come
    is not flagged yet.
    """
    text = f"{item.subject} {item.kind} {item.description}"
    if item.grade is not None:
        text += f" — {nl.grade(item.grade)}"
    if item.signed_off_by:
        text += f" {{{item.signed_off_by}}}"
    return TestLine(text, item.signed_off, not item.signed_off and item.day <= today)


def remarks_of(day: Day | None, items: Iterable[Item]) -> tuple[str, ...]:
    """The remarks of a date: the day's own remark, then comments on its items."""
    found = []
    if day is not None and day.remark:
        found.append(day.remark)
    found.extend(f"{item.subject}: {item.comment}" for item in items if item.comment)
    return tuple(found)


def summarise(rows: Sequence[Row], today: date) -> Summary:
    """Count the expected days up to today: present, late, afgemeld, missing.

    A day counts as expected when a time was expected or the pupil was afgemeld;
    missing means expected, not afgemeld and never arrived, before today. The
    average minutes late is taken over the late arrivals only.
    """
    counted = [
        row
        for row in rows
        if row.day <= today and (row.expected_at is not None or row.absent)
    ]
    present = [row for row in counted if row.arrived_at is not None and not row.absent]
    late = [row for row in present if row.late]
    absent = [row for row in counted if row.absent]
    missing = [
        row
        for row in counted
        if row.day < today and not row.absent and row.arrived_at is None
    ]
    average = round(sum(row.minutes_late for row in late) / len(late)) if late else None
    return Summary(
        len(counted), len(present), len(late), len(absent), len(missing), average
    )


def build_rows(days: Iterable[Day], items: Iterable[Item], today: date) -> list[Row]:
    """A row per date that has something to tell, in date order.

    Dates up to today are shown when the pupil was expected, came, was afgemeld or
    something was planned or remarked; later dates only when something is planned,
    remarked or afgemeld.
    """
    by_day = {day.day: day for day in days}
    tests: dict[date, list[Item]] = {}
    all_items: dict[date, list[Item]] = {}
    for item in items:
        all_items.setdefault(item.day, []).append(item)
        if item.is_test:
            tests.setdefault(item.day, []).append(item)
    rows = []
    for when in sorted(set(by_day) | set(all_items)):
        day = by_day.get(when) or Day(when, None)
        day_tests = tuple(test_line(item, today) for item in tests.get(when, ()))
        remarks = remarks_of(day, all_items.get(when, ()))
        happened = day.arrived_at is not None or day.absent
        planned = bool(day_tests or remarks)
        if when > today and not (planned or day.absent):
            continue
        if when <= today and not (happened or planned or day.expected_at is not None):
            continue
        rows.append(
            Row(
                when,
                day.expected_at,
                day.arrived_at,
                day.left_at,
                day.absent,
                day.absent_reason,
                0 if day.absent else day.minutes_late,
                day_tests,
                remarks,
            )
        )
    return rows


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last date of a calendar month."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def months(
    today: date, oldest: date | None, count: int = MONTHS_SHOWN
) -> list[tuple[int, int]]:
    """The months to pick from, newest first: this month back to the oldest data
    (at most `count` months; just this month for a pupil without data)."""
    found = []
    year, month = today.year, today.month
    while len(found) < count:
        found.append((year, month))
        if oldest is None or (year, month) <= (oldest.year, oldest.month):
            break
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found


# --- reading -----------------------------------------------------------------------


def oldest_day(
    con: db.Connection, scope: Scope, pupil_id: int, today: date
) -> date | None:
    """The first date with attendance of this pupil within the months shown."""
    scope.require(pupil_id)
    first_month = months(today, date.min)[-1]
    return db.value(
        con,
        "SELECT min(day) FROM attendance WHERE pupil_id = ? AND day >= ?",
        [pupil_id, date(*first_month, 1)],
    )


def month_report(
    con: db.Connection,
    scope: Scope,
    pupil_id: int,
    year: int,
    month: int,
    now: datetime,
) -> MonthReport:
    """One pupil's month: a row per date and the summary."""
    scope.require(pupil_id)
    first, last = month_bounds(year, month)
    days = attendance.days(con, pupil_id, first, last)
    items = agenda.items_between(con, scope, pupil_id, first, last)
    rows = tuple(build_rows(days, items, now.date()))
    return MonthReport(year, month, rows, summarise(rows, now.date()))
