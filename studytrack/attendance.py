"""A pupil's day at the institute: when expected, and the status of the day.

The expected time of a day is the day's own `attendance.expected_at` when staff or
an import set one, else the weekly schedule valid on that date; a day on which the
institute is closed, or without either, is not an expected day.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from studytrack import db, nl

VERWACHT = "Verwacht"
BINNEN = "Binnen"
KLAAR = "Klaar"
AFGEMELD = "Afgemeld"
NIET_VERWACHT = "Niet verwacht"

# SQL for the expected time of pupil p on day d, given the attendance row a (may be
# NULL): the day's own time, else the schedule valid on that date.
EXPECTED_AT_SQL = """coalesce(a.expected_at, (
    SELECT s.expected_at FROM schedules s
    WHERE s.pupil_id = {pupil} AND s.weekday = extract(isodow FROM {day})
      AND s.valid_from <= {day} AND (s.valid_to IS NULL OR {day} <= s.valid_to)
    ORDER BY s.valid_from DESC LIMIT 1))"""


@dataclass(frozen=True)
class Day:
    """One pupil's day: expected time and what happened."""

    day: date
    expected_at: time | None
    arrived_at: time | None = None
    left_at: time | None = None
    absent: bool = False
    absent_reason: str | None = None
    remark: str | None = None

    @property
    def status(self) -> str:
        """Verwacht, Binnen, Klaar, Afgemeld or Niet verwacht."""
        return status_of(self.expected_at, self.arrived_at, self.left_at, self.absent)

    @property
    def minutes_late(self) -> int:
        """Minutes after the expected time that the pupil came in (0 when on time)."""
        return minutes_late(self.expected_at, self.arrived_at)

    @property
    def status_text(self) -> str:
        """The status as parents read it: 'Binnen sinds 14:05', 'Afgemeld: ziek'."""
        status = self.status
        if status == BINNEN:
            return f"Binnen sinds {nl.clock_time(self.arrived_at)}"
        if status == KLAAR:
            return f"Klaar om {nl.clock_time(self.left_at)}"
        if status == AFGEMELD:
            return f"Afgemeld: {self.absent_reason}" if self.absent_reason else AFGEMELD
        if status == VERWACHT:
            return f"Verwacht om {nl.clock_time(self.expected_at)}"
        return NIET_VERWACHT


def status_of(
    expected_at: time | None,
    arrived_at: time | None,
    left_at: time | None,
    absent: bool,
) -> str:
    """The status of a day from its facts; afgemeld wins, then klaar, then binnen."""
    if absent:
        return AFGEMELD
    if left_at is not None:
        return KLAAR
    if arrived_at is not None:
        return BINNEN
    if expected_at is not None:
        return VERWACHT
    return NIET_VERWACHT


def minutes_late(expected_at: time | None, arrived_at: time | None) -> int:
    """Whole minutes between the expected and the actual arrival; 0 when not late."""
    if expected_at is None or arrived_at is None:
        return 0
    late = (arrived_at.hour * 60 + arrived_at.minute) - (
        expected_at.hour * 60 + expected_at.minute
    )
    return max(late, 0)


def opening_days(con: db.Connection) -> set[int]:
    """The ISO weekdays (1 = maandag) on which the institute is open."""
    return {int(part) for part in db.setting(con, "opening_days").split(",") if part}


def days(con: db.Connection, pupil_id: int, first: date, last: date) -> list[Day]:
    """Every institute day from `first` to `last` for one pupil (caller checks scope).

    Days on which the institute is closed are left out; a day without a schedule or
    an attendance row comes back with expected_at None (Niet verwacht). Two small
    queries (the pupil's schedules, the range's attendance rows) and a merge here
    cost far less than a correlated schedule lookup per day on a large institute.
    """
    open_days = opening_days(con)
    schedules = db.rows(
        con,
        "SELECT weekday, expected_at, valid_from, valid_to FROM schedules "
        "WHERE pupil_id = ? ORDER BY valid_from DESC",
        [pupil_id],
    )
    facts = {
        row[0]: row[1:]
        for row in db.rows(
            con,
            "SELECT day, expected_at, arrived_at, left_at, absent, absent_reason, "
            "remark FROM attendance WHERE pupil_id = ? AND day BETWEEN ? AND ?",
            [pupil_id, first, last],
        )
    }
    found = []
    for offset in range((last - first).days + 1):
        when = first + timedelta(days=offset)
        if when.isoweekday() not in open_days:
            continue
        expected, arrived, left, absent, reason, remark = facts.get(
            when, (None, None, None, False, None, None)
        )
        expected = expected or scheduled_time(schedules, when)
        found.append(Day(when, expected, arrived, left, bool(absent), reason, remark))
    return found


def scheduled_time(schedules: list[tuple], when: date) -> time | None:
    """The expected time on `when` from schedule rows (weekday, time, from, to),
    newest valid_from first: the latest schedule valid on that date wins."""
    for weekday, expected_at, valid_from, valid_to in schedules:
        if weekday == when.isoweekday() and valid_from <= when:
            if valid_to is None or when <= valid_to:
                return expected_at
    return None


def day(con: db.Connection, pupil_id: int, when: date) -> Day:
    """One pupil's day (Niet verwacht when the institute is closed that day)."""
    found = days(con, pupil_id, when, when)
    return found[0] if found else Day(when, None)
