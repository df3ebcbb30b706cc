"""Logboek: the institute's notes on a pupil's progress, read per calendar month.

Parents, pupils and mentors read; staff write through `add_note` and `update_note`,
which check the scope and record who changed what in the audit trail.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from studytrack import clock, db
from studytrack.access import Scope
from studytrack.errors import InvalidInput
from studytrack.report import month_bounds

log = logging.getLogger(__name__)

MAX_NOTE_LENGTH = 4000


@dataclass(frozen=True)
class Note:
    """One note in the logbook."""

    id: int
    pupil_id: int
    day: date
    author: str
    text: str
    updated_at: datetime | None


def months(con: db.Connection, scope: Scope, pupil_id: int) -> list[tuple[int, int]]:
    """The (year, month) pairs that have notes for this pupil, newest first."""
    scope.require(pupil_id)
    found = db.rows(
        con,
        "SELECT DISTINCT year(day) AS y, month(day) AS m FROM logbook "
        "WHERE pupil_id = ? ORDER BY y DESC, m DESC",
        [pupil_id],
    )
    return [(year, month) for year, month in found]


def notes(
    con: db.Connection, scope: Scope, pupil_id: int, year: int, month: int
) -> list[Note]:
    """The notes of one pupil in one calendar month, newest first."""
    scope.require(pupil_id)
    first, last = month_bounds(year, month)
    found = db.rows(
        con,
        "SELECT id, pupil_id, day, author, text, updated_at FROM logbook "
        "WHERE pupil_id = ? AND day BETWEEN ? AND ? ORDER BY day DESC, id DESC",
        [pupil_id, first, last],
    )
    return [Note(*row) for row in found]


# --- writing (staff) -----------------------------------------------------------------


def clean_text(text: str) -> str:
    """The note's text without surrounding blanks; refused when empty or too long."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidInput("Schrijf eerst een notitie.")
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            f"Een notitie heeft hoogstens {MAX_NOTE_LENGTH} tekens; "
            f"deze heeft er {len(cleaned)}."
        )
    return cleaned


def _check_day(day: date, today: date) -> None:
    if day > today:
        raise InvalidInput("Een notitie kan niet in de toekomst liggen.")


def _refuse_duplicate(
    cur: db.Connection,
    pupil_id: int,
    day: date,
    author: str,
    text: str,
    note_id: int | None,
) -> None:
    """Refuse a note identical to another one (same pupil, date, author and text)."""
    same = cur.execute(
        "SELECT id FROM logbook WHERE pupil_id = ? AND day = ? AND author = ? "
        "AND text = ? AND id IS DISTINCT FROM ?",
        [pupil_id, day, author, text, note_id],
    ).fetchone()
    if same:
        raise InvalidInput("Deze notitie staat al zo in het logboek.")


def add_note(
    con: db.Connection,
    scope: Scope,
    pupil_id: int,
    day: date,
    text: str,
    author: str | None = None,
) -> int:
    """Write a note on a pupil (staff only); return its id.

    The author is the signed-in staff member's name unless another is given.
    """
    scope.require_staff(pupil_id)
    text = clean_text(text)
    author = (author or scope.viewer.name).strip()
    now = clock.now()
    _check_day(day, now.date())
    actor = scope.viewer.login

    def insert(cur: db.Connection) -> int:
        _refuse_duplicate(cur, pupil_id, day, author, text, None)
        note_id = cur.execute(
            "INSERT INTO logbook (pupil_id, day, author, text, created_by, created_at, "
            "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [pupil_id, day, author, text, actor, now, actor, now],
        ).fetchone()[0]
        db.record_change(cur, now, actor, "logbook", note_id, "toegevoegd")
        return note_id

    note_id = db.write(con, insert)
    log.info("logbook note %s added by %s", note_id, actor)
    return note_id


def update_note(
    con: db.Connection,
    scope: Scope,
    note_id: int,
    text: str,
    day: date | None = None,
) -> None:
    """Change the text (and optionally the date) of a note (staff only)."""
    pupil_id = db.value(con, "SELECT pupil_id FROM logbook WHERE id = ?", [note_id])
    if pupil_id is None:
        raise InvalidInput("Deze notitie bestaat niet (meer).")
    scope.require_staff(pupil_id)
    text = clean_text(text)
    now = clock.now()
    if day is not None:
        _check_day(day, now.date())
    actor = scope.viewer.login

    def update(cur: db.Connection) -> None:
        pupil, old_day, author = cur.execute(
            "SELECT pupil_id, day, author FROM logbook WHERE id = ?", [note_id]
        ).fetchone()
        _refuse_duplicate(cur, pupil, day or old_day, author, text, note_id)
        cur.execute(
            "UPDATE logbook SET text = ?, day = coalesce(?, day), updated_by = ?, "
            "updated_at = ? WHERE id = ?",
            [text, day, actor, now, note_id],
        )
        db.record_change(cur, now, actor, "logbook", note_id, "gewijzigd")

    db.write(con, update)
    log.info("logbook note %s changed by %s", note_id, actor)
