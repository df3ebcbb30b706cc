"""Afmelden: a parent reports their child absent for a day, and may withdraw it.

A parent (role ouder) may report one of their own children absent for today or a
later institute day on which the child is expected, with a reason. The absence is
the day's attendance row (absent, absent_reason), so the desk and the Agenda show it
at once. A parent may withdraw it until the expected time of that day, as long as
the institute has not changed the day since (the row's updated_by is still a parent
of the child); after that the institute handles it.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from studytrack import attendance, clock, db, nl
from studytrack.access import Scope
from studytrack.attendance import EXPECTED_AT_SQL, Day
from studytrack.errors import AccessDenied, InvalidInput

log = logging.getLogger(__name__)

MAX_REASON_LENGTH = 200
DAYS_AHEAD = 28
# The audit trail (changes): the entity and key the desk uses, with our own actions.
ENTITY = "attendance"
REPORTED = "ouder: afgemeld"
WITHDRAWN = "ouder: afmelding ingetrokken"


@dataclass(frozen=True)
class Absence:
    """A day from today on for which the pupil is afgemeld."""

    day: date
    expected_at: time | None
    reason: str | None
    by_parent: bool
    can_withdraw: bool

    @property
    def text(self) -> str:
        """'donderdag 10 december: ziek'."""
        when = nl.long_date(self.day, with_year=False)
        return f"{when}: {self.reason}" if self.reason else when


# --- rules -----------------------------------------------------------------------


def refusal(day: Day, now: datetime) -> str | None:
    """Why a parent cannot report this day absent (Dutch), or None when they can."""
    if day.day < now.date():
        return "Afmelden kan alleen voor vandaag of een latere dag."
    if day.day > now.date() + timedelta(days=DAYS_AHEAD):
        return f"Afmelden kan tot {DAYS_AHEAD} dagen vooruit."
    if day.absent:
        return "Voor deze dag is al een afmelding."
    if day.arrived_at is not None:
        return "Op deze dag is je kind al binnen geweest."
    if day.expected_at is None:
        return "Op deze dag wordt je kind niet verwacht."
    return None


def may_withdraw(day: date, expected_at: time | None, now: datetime) -> bool:
    """A parent's afmelding can be withdrawn before the expected time of its day."""
    if day > now.date():
        return True
    if day < now.date() or expected_at is None:
        return False
    return now.time() < expected_at


def clean_reason(reason: str) -> str:
    """The reason without surrounding blanks; refused when empty or too long."""
    cleaned = " ".join((reason or "").split())
    if not cleaned:
        raise InvalidInput("Vul een reden in, bijvoorbeeld 'ziek' of 'tandarts'.")
    if len(cleaned) > MAX_REASON_LENGTH:
        raise InvalidInput(
            f"Een reden heeft hoogstens {MAX_REASON_LENGTH} tekens; "
            f"deze heeft er {len(cleaned)}."
        )
    return cleaned


def _key(pupil_id: int, day: date) -> str:
    return f"{pupil_id}:{day.isoformat()}"


def _require_parent(scope: Scope, pupil_id: int) -> None:
    if scope.viewer.role != "ouder":
        raise AccessDenied("Alleen een ouder kan een leerling afmelden.")
    scope.require(pupil_id)


# --- reading -----------------------------------------------------------------------


def reportable_days(
    con: db.Connection, scope: Scope, pupil_id: int, now: datetime
) -> list[date]:
    """The days from today on (DAYS_AHEAD) a parent can still report absent."""
    scope.require(pupil_id)
    days = attendance.days(
        con, pupil_id, now.date(), now.date() + timedelta(days=DAYS_AHEAD)
    )
    return [day.day for day in days if refusal(day, now) is None]


def upcoming(
    con: db.Connection, scope: Scope, pupil_id: int, now: datetime
) -> list[Absence]:
    """The afmeldingen of one pupil from today on, with whether they can be withdrawn."""
    scope.require(pupil_id)
    found = db.rows(
        con,
        f"""SELECT a.day, {EXPECTED_AT_SQL.format(pupil="a.pupil_id", day="a.day")},
                   a.absent_reason,
                   EXISTS (SELECT 1 FROM accounts acc
                           JOIN account_pupils ap ON ap.account_id = acc.id
                           WHERE acc.login = a.updated_by AND acc.role = 'ouder'
                             AND ap.pupil_id = a.pupil_id)
            FROM attendance a
            WHERE a.pupil_id = ? AND a.day BETWEEN ? AND ? AND a.absent
            ORDER BY a.day""",  # noqa: S608 (constant SQL fragment from attendance)
        [pupil_id, now.date(), now.date() + timedelta(days=DAYS_AHEAD)],
    )
    return [
        Absence(
            day,
            expected_at,
            reason,
            by_parent,
            by_parent and may_withdraw(day, expected_at, now),
        )
        for day, expected_at, reason, by_parent in found
    ]


# --- writing (parents) ----------------------------------------------------------------


def report(
    con: db.Connection, scope: Scope, pupil_id: int, day: date, reason: str
) -> None:
    """Report a pupil absent for `day` with a reason (a parent, for their own child)."""
    _require_parent(scope, pupil_id)
    reason = clean_reason(reason)
    now = clock.now()
    refused = refusal(attendance.day(con, pupil_id, day), now)
    if refused:
        raise InvalidInput(refused)
    actor = scope.viewer.login

    def insert(cur: db.Connection) -> None:
        # The WHERE guards against a desk click that landed in between.
        done = cur.execute(
            "INSERT INTO attendance (pupil_id, day, absent, absent_reason, updated_by, "
            "updated_at) VALUES (?, ?, TRUE, ?, ?, ?) "
            "ON CONFLICT (pupil_id, day) DO UPDATE SET absent = TRUE, "
            "absent_reason = excluded.absent_reason, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at "
            "WHERE attendance.arrived_at IS NULL AND NOT attendance.absent "
            "RETURNING pupil_id",
            [pupil_id, day, reason, actor, now],
        ).fetchall()
        if not done:
            raise InvalidInput(
                "Deze dag is intussen door het instituut bijgewerkt; kijk opnieuw."
            )
        db.record_change(cur, now, actor, ENTITY, _key(pupil_id, day), REPORTED)

    db.write(con, insert)
    log.info("pupil %s reported absent for %s by %s", pupil_id, day, actor)


def withdraw(con: db.Connection, scope: Scope, pupil_id: int, day: date) -> None:
    """Withdraw a parent's afmelding before the expected time of that day."""
    _require_parent(scope, pupil_id)
    now = clock.now()
    found = {absence.day: absence for absence in upcoming(con, scope, pupil_id, now)}
    absence = found.get(day)
    if absence is None:
        raise InvalidInput("Voor deze dag is geen afmelding (meer).")
    if not absence.by_parent:
        raise InvalidInput(
            "Deze afmelding is door het instituut verwerkt. Bel het instituut om haar "
            "in te trekken."
        )
    if not absence.can_withdraw:
        raise InvalidInput(
            "Intrekken kan tot de verwachte tijd; bel het instituut als je kind toch komt."
        )
    actor = scope.viewer.login

    def update(cur: db.Connection) -> None:
        done = cur.execute(
            "UPDATE attendance SET absent = FALSE, absent_reason = NULL, "
            "updated_by = ?, updated_at = ? "
            "WHERE pupil_id = ? AND day = ? AND absent AND arrived_at IS NULL "
            "AND updated_by IN (SELECT acc.login FROM accounts acc "
            "  JOIN account_pupils ap ON ap.account_id = acc.id "
            "  WHERE acc.role = 'ouder' AND ap.pupil_id = ?) "
            "RETURNING pupil_id",
            [actor, now, pupil_id, day, pupil_id],
        ).fetchall()
        if not done:
            raise InvalidInput(
                "Deze dag is intussen door het instituut bijgewerkt; kijk opnieuw."
            )
        db.record_change(cur, now, actor, ENTITY, _key(pupil_id, day), WITHDRAWN)

    db.write(con, update)
    log.info("absence of pupil %s on %s withdrawn by %s", pupil_id, day, actor)
