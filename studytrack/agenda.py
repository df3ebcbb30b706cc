"""The Agenda: five institute days, the status of each day and the homework per day.

The week shown starts today (or `offset` weeks from today) and runs over the next
five days on which the institute is open. Staff enter the homework and tests as
agenda items; this module only reads them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from studytrack import attendance, db, kinds, nl
from studytrack.access import Scope
from studytrack.attendance import Day

DAYS_SHOWN = 5
# How far "vorige week" / "volgende week" may go: two school years either way.
MAX_WEEK_OFFSET = 104

# Tones of the line under a date: how the screens colour it.
TONE_PRESENT = "present"
TONE_EXPECTED = "expected"
TONE_ABSENT = "absent"
TONE_MISSING = "missing"
TONE_NONE = "none"


@dataclass(frozen=True)
class Item:
    """One agenda item: homework, extra work or a test, as staff entered it."""

    id: int
    day: date
    subject: str
    kind: str
    description: str
    comment: str | None
    signed_off_by: str | None
    signed_off_at: datetime | None
    grade: Decimal | None
    weight: Decimal

    @property
    def is_test(self) -> bool:
        return kinds.is_test(self.kind)

    @property
    def signed_off(self) -> bool:
        return bool(self.signed_off_by)

    @property
    def sign_off_text(self) -> str:
        """'afgetekend door AB' when signed off, else empty."""
        return f"afgetekend door {self.signed_off_by}" if self.signed_off else ""


@dataclass(frozen=True)
class Subject:
    """The items of one subject on one day, with the comments staff placed on them."""

    name: str
    items: tuple[Item, ...]

    @property
    def comments(self) -> list[str]:
        return [item.comment for item in self.items if item.comment]


@dataclass(frozen=True)
class DayLine:
    """The line under a date: 'Binnen sinds 14:05', with a tone for its colour."""

    text: str
    tone: str


@dataclass(frozen=True)
class AgendaDay:
    """One day of the Agenda: attendance facts and the items due that day."""

    attendance: Day
    items: tuple[Item, ...]

    @property
    def day(self) -> date:
        return self.attendance.day

    @property
    def remark(self) -> str | None:
        return self.attendance.remark

    @property
    def subjects(self) -> list[Subject]:
        """The items grouped per subject, subjects in alphabetical order."""
        return group_by_subject(self.items)


@dataclass(frozen=True)
class Week:
    """The five institute days shown, starting at `first`."""

    first: date
    days: tuple[AgendaDay, ...]

    @property
    def last(self) -> date:
        return self.days[-1].day if self.days else self.first

    @property
    def has_items(self) -> bool:
        return any(day.items for day in self.days)


# --- rules -----------------------------------------------------------------------


def clamp_offset(offset: int) -> int:
    """Keep a week offset within MAX_WEEK_OFFSET weeks of today."""
    return max(-MAX_WEEK_OFFSET, min(MAX_WEEK_OFFSET, int(offset)))


def week_start(today: date, offset: int) -> date:
    """The date the shown week starts from: today, moved by `offset` whole weeks."""
    return today + timedelta(weeks=clamp_offset(offset))


def shown_days(
    open_days: Iterable[int], start: date, count: int = DAYS_SHOWN
) -> list[date]:
    """The first `count` dates from `start` on which the institute is open."""
    open_days = set(open_days)
    if not open_days:
        return []
    found = []
    day = start
    while len(found) < count:
        if day.isoweekday() in open_days:
            found.append(day)
        day += timedelta(days=1)
    return found


def day_line(day: Day, now: datetime) -> DayLine:
    """What stands under a date: today's status, what happened, or what is expected.

    Today: the live status (Verwacht, Binnen sinds, Klaar om, Afgemeld, Niet
    verwacht). A later day: 'Verwacht om 14:30', Afgemeld or Niet verwacht. An
    earlier day: when the pupil was there, or that they did not come.
    """
    status = day.status
    if status == attendance.AFGEMELD:
        return DayLine(day.status_text, TONE_ABSENT)
    if status == attendance.NIET_VERWACHT:
        return DayLine(attendance.NIET_VERWACHT, TONE_NONE)
    today = now.date()
    if day.day > today:
        return DayLine(day.status_text, TONE_EXPECTED)
    if day.day == today:
        if status == attendance.VERWACHT:
            overdue = now.time() >= day.expected_at
            text = day.status_text + (" · nog niet binnen" if overdue else "")
            return DayLine(text, TONE_MISSING if overdue else TONE_EXPECTED)
        return DayLine(day.status_text, TONE_PRESENT)
    return _past_day_line(day)


def _past_day_line(day: Day) -> DayLine:
    arrived = nl.clock_time(day.arrived_at)
    if day.left_at is not None and day.arrived_at is not None:
        return DayLine(
            f"Aanwezig van {arrived} tot {nl.clock_time(day.left_at)}", TONE_PRESENT
        )
    if day.left_at is not None:
        return DayLine(f"Klaar om {nl.clock_time(day.left_at)}", TONE_PRESENT)
    if day.arrived_at is not None:
        return DayLine(f"Aanwezig vanaf {arrived}", TONE_PRESENT)
    return DayLine(
        f"Niet aanwezig (verwacht om {nl.clock_time(day.expected_at)})", TONE_MISSING
    )


def group_by_subject(items: Iterable[Item]) -> list[Subject]:
    """Items per subject (alphabetical), within a subject homework before tests."""
    order = {kind: position for position, kind in enumerate(kinds.ALL_KINDS)}
    by_subject: dict[str, list[Item]] = {}
    for item in items:
        by_subject.setdefault(item.subject, []).append(item)
    return [
        Subject(
            name,
            tuple(
                sorted(
                    by_subject[name],
                    key=lambda item: (order.get(item.kind, 99), item.description),
                )
            ),
        )
        for name in sorted(by_subject, key=str.casefold)
    ]


def week_title(week: Week) -> str:
    """'donderdag 3 december – woensdag 9 december 2026'."""
    if not week.days:
        return ""
    first, last = week.first, week.last
    return f"{nl.long_date(first, with_year=first.year != last.year)} – {nl.long_date(last)}"


# --- reading -----------------------------------------------------------------------

_SELECT_ITEMS = (
    "SELECT id, day, subject, kind, description, comment, signed_off_by, "
    "signed_off_at, grade, weight FROM agenda_items "
)


def items_between(
    con: db.Connection, scope: Scope, pupil_id: int, first: date, last: date
) -> list[Item]:
    """Every agenda item of one pupil from `first` to `last`, by day and subject."""
    scope.require(pupil_id)
    found = db.rows(
        con,
        _SELECT_ITEMS
        + "WHERE pupil_id = ? AND day BETWEEN ? AND ? ORDER BY day, subject, id",
        [pupil_id, first, last],
    )
    return [Item(*row) for row in found]


def week(con: db.Connection, scope: Scope, pupil_id: int, start: date) -> Week:
    """The five institute days from `start` for one pupil: attendance and items."""
    scope.require(pupil_id)
    dates = shown_days(attendance.opening_days(con), start)
    if not dates:
        return Week(start, ())
    facts = {
        day.day: day for day in attendance.days(con, pupil_id, dates[0], dates[-1])
    }
    items: dict[date, list[Item]] = {}
    for item in items_between(con, scope, pupil_id, dates[0], dates[-1]):
        items.setdefault(item.day, []).append(item)
    return Week(
        dates[0],
        tuple(
            AgendaDay(facts.get(day, Day(day, None)), tuple(items.get(day, ())))
            for day in dates
        ),
    )


def today_line(
    con: db.Connection, scope: Scope, pupil_id: int, now: datetime
) -> DayLine:
    """The live status of today for one pupil (a single small query)."""
    scope.require(pupil_id)
    return day_line(attendance.day(con, pupil_id, now.date()), now)


def expected_time_text(expected_at: time | None) -> str:
    """'Verwacht om 14:30', or 'Niet verwacht'."""
    if expected_at is None:
        return attendance.NIET_VERWACHT
    return f"Verwacht om {nl.clock_time(expected_at)}"
