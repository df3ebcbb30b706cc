"""Persoonlijk dossier: the practical information on a pupil.

Contact details of the pupil and the parents, school and class, the weekly schedule,
the focus subjects (aandachtsvakken) and the mentor(s).
"""

from dataclasses import dataclass
from datetime import date, time

from studytrack import db, nl
from studytrack.access import Scope


@dataclass(frozen=True)
class Contact:
    """A person with how to reach them (a parent or a mentor)."""

    name: str
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class ScheduleLine:
    """One weekday of the schedule: expected at what time, from when to when."""

    weekday: int
    expected_at: time
    valid_from: date
    valid_to: date | None

    @property
    def weekday_name(self) -> str:
        return nl.WEEKDAYS[self.weekday - 1]

    def period_text(self, today: date) -> str:
        """'vanaf 4 januari 2027' for a line still to start, 'tot en met 18 december
        2026' for one that ends; empty for one that runs on."""
        parts = []
        if self.valid_from > today:
            parts.append(f"vanaf {day_text(self.valid_from)}")
        if self.valid_to is not None:
            parts.append(f"tot en met {day_text(self.valid_to)}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Dossier:
    """Everything on the Persoonlijk dossier tab."""

    pupil_id: int
    number: str
    name: str
    school: str | None
    class_name: str | None
    location: str
    birth_date: date | None
    phone: str | None
    email: str | None
    address: str | None
    focus_subjects: tuple[str, ...]
    parents: tuple[Contact, ...]
    mentors: tuple[Contact, ...]
    schedule: tuple[ScheduleLine, ...]


def day_text(day: date) -> str:
    """'17 mei 2012': a date without its weekday."""
    return f"{day.day} {nl.MONTHS[day.month - 1]} {day.year}"


def split_subjects(text: str | None) -> tuple[str, ...]:
    """'wiskunde, Frans,,Duits ' → ('wiskunde', 'Frans', 'Duits')."""
    if not text:
        return ()
    return tuple(
        part.strip() for part in text.replace(";", ",").split(",") if part.strip()
    )


def current_schedule(lines: list[ScheduleLine], today: date) -> list[ScheduleLine]:
    """The schedule lines that are valid today or start later, by weekday and date."""
    return sorted(
        (line for line in lines if line.valid_to is None or line.valid_to >= today),
        key=lambda line: (line.weekday, line.valid_from),
    )


def dossier(con: db.Connection, scope: Scope, pupil_id: int, today: date) -> Dossier:
    """Read the dossier of one pupil: one query for the pupil, one for the people
    linked to them and one for the schedule."""
    scope.require(pupil_id)
    pupil = db.one(
        con,
        "SELECT p.number, p.first_name, p.infix, p.last_name, p.school, p.class_name, "
        "l.name, p.birth_date, p.phone, p.email, p.address, p.focus_subjects "
        "FROM pupils p JOIN locations l ON l.id = p.location_id WHERE p.id = ?",
        [pupil_id],
    )
    number, first, infix, last, school, class_name, location = pupil[:7]
    birth_date, phone, email, address, focus = pupil[7:]
    people = db.rows(
        con,
        "SELECT a.role, a.name, a.email, a.phone FROM accounts a "
        "JOIN account_pupils ap ON ap.account_id = a.id "
        "WHERE ap.pupil_id = ? AND a.active AND a.role IN ('ouder', 'mentor') "
        "ORDER BY a.name",
        [pupil_id],
    )
    schedule = db.rows(
        con,
        "SELECT weekday, expected_at, valid_from, valid_to FROM schedules "
        "WHERE pupil_id = ? AND (valid_to IS NULL OR valid_to >= ?)",
        [pupil_id, today],
    )
    return Dossier(
        pupil_id,
        number,
        nl.full_name(first, infix, last),
        school,
        class_name,
        location,
        birth_date,
        phone,
        email,
        address,
        split_subjects(focus),
        tuple(Contact(*row[1:]) for row in people if row[0] == "ouder"),
        tuple(Contact(*row[1:]) for row in people if row[0] == "mentor"),
        tuple(current_schedule([ScheduleLine(*row) for row in schedule], today)),
    )
