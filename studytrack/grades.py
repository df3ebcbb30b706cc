"""Cijfers: a pupil's tests per subject, the state of each square, weighted averages.

A test is an agenda item of one of kinds.TEST_KINDS. Its grade is NULL until staff
enter it; its weight (weging) counts in the subject's average. The screen shows one
school year at a time (1 August to 31 July), so its cost does not grow with the
pupil's history.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from studytrack import db, kinds, nl
from studytrack.access import Scope

PASS_MARK = Decimal("5.5")
SCHOOL_YEAR_START_MONTH = 8
SCHOOL_YEARS_SHOWN = 3

# The state of a square on Cijfers.
GRADED = "graded"  # a grade of 5,5 or more
INSUFFICIENT = "insufficient"  # a grade below 5,5: shown in red
AWAITED = "awaited"  # no grade, date today or past: bright red, filled
PLANNED = "planned"  # no grade, date still to come: outlined in dark red


@dataclass(frozen=True)
class Test:
    """One test of a pupil: when, what, and its grade and weight once known."""

    id: int
    day: date
    subject: str
    kind: str
    description: str
    grade: Decimal | None
    weight: Decimal


@dataclass(frozen=True)
class SubjectGrades:
    """One row of Cijfers: a subject, its tests in date order and their average."""

    subject: str
    tests: tuple[Test, ...]

    @property
    def average(self) -> Decimal | None:
        return weighted_average((test.grade, test.weight) for test in self.tests)


# --- rules -----------------------------------------------------------------------


def square_state(test_day: date, grade: Decimal | None, today: date) -> str:
    """The state of a test's square: graded, insufficient, awaited or planned.

    A test without a grade is awaited from its own date on (a test dated today is
    awaited: it has been or is being taken), and planned before that.
    """
    if grade is not None:
        return INSUFFICIENT if grade < PASS_MARK else GRADED
    return AWAITED if test_day <= today else PLANNED


def weighted_average(
    grades: Iterable[tuple[Decimal | None, Decimal]],
) -> Decimal | None:
    """Σ(grade × weight) / Σ(weight) over the known grades, rounded half up to 0,1.

    None when no grade is known yet.
    """
    total = Decimal(0)
    weights = Decimal(0)
    for grade, weight in grades:
        if grade is None:
            continue
        total += Decimal(grade) * Decimal(weight)
        weights += Decimal(weight)
    if weights == 0:
        return None
    return (total / weights).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def running_averages(tests: Sequence[Test]) -> list[tuple[date, Decimal]]:
    """After each graded test (in date order): the subject's weighted average so far."""
    found = []
    total = Decimal(0)
    weights = Decimal(0)
    for test in sorted(tests, key=lambda test: (test.day, test.id)):
        if test.grade is None:
            continue
        total += test.grade * test.weight
        weights += test.weight
        found.append(
            (test.day, (total / weights).quantize(Decimal("0.1"), ROUND_HALF_UP))
        )
    return found


def average_text(average: Decimal | None) -> str:
    """'(6,8)', or empty when no grade is known."""
    return "" if average is None else f"({nl.grade(average)})"


def weight_text(weight: Decimal) -> str:
    """'2' for a whole weight, '1,5' otherwise."""
    if weight == weight.to_integral_value():
        return str(int(weight))
    return nl.grade(weight)


def square_title(test: Test) -> str:
    """What hovering a square shows: date, kind, description, weight and grade."""
    grade = nl.grade(test.grade) if test.grade is not None else "nog niet bekend"
    return (
        f"{nl.long_date(test.day)} · {test.kind} · {test.description} · "
        f"weging {weight_text(test.weight)} · cijfer {grade}"
    )


def school_year(day: date) -> int:
    """The year in which the school year of `day` began (August 2026 → 2026)."""
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def school_year_bounds(start_year: int) -> tuple[date, date]:
    """First and last day of the school year that begins in `start_year`."""
    return date(start_year, SCHOOL_YEAR_START_MONTH, 1), date(start_year + 1, 7, 31)


def school_years(today: date, count: int = SCHOOL_YEARS_SHOWN) -> list[int]:
    """The school years a parent can pick: the current one first, then earlier ones."""
    current = school_year(today)
    return [current - back for back in range(count)]


def school_year_label(start_year: int) -> str:
    """'schooljaar 2026-2027'."""
    return f"schooljaar {start_year}-{start_year + 1}"


def group_by_subject(tests: Iterable[Test]) -> list[SubjectGrades]:
    """Rows of Cijfers: subjects alphabetically, each with its tests in date order."""
    by_subject: dict[str, list[Test]] = {}
    for test in tests:
        by_subject.setdefault(test.subject, []).append(test)
    return [
        SubjectGrades(
            name, tuple(sorted(by_subject[name], key=lambda test: (test.day, test.id)))
        )
        for name in sorted(by_subject, key=str.casefold)
    ]


# --- reading -----------------------------------------------------------------------


def tests_between(
    con: db.Connection, scope: Scope, pupil_id: int, first: date, last: date
) -> list[Test]:
    """The tests of one pupil dated from `first` to `last`, by subject and date."""
    scope.require(pupil_id)
    found = db.rows(
        con,
        "SELECT id, day, subject, kind, description, grade, weight FROM agenda_items "
        "WHERE pupil_id = ? AND day BETWEEN ? AND ? AND kind = ANY(?) "
        "ORDER BY subject, day, id",
        [pupil_id, first, last, list(kinds.TEST_KINDS)],
    )
    return [Test(*row) for row in found]


def school_year_tests(
    con: db.Connection, scope: Scope, pupil_id: int, start_year: int
) -> list[Test]:
    """The tests of one pupil in the school year that begins in `start_year`."""
    first, last = school_year_bounds(start_year)
    return tests_between(con, scope, pupil_id, first, last)
