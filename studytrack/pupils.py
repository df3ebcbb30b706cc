"""Pupils as the screens name them: number, name, school, class and location."""

from dataclasses import dataclass

from studytrack import db, nl
from studytrack.access import Scope


@dataclass(frozen=True)
class Pupil:
    """A pupil as shown at the top of every pupil screen."""

    id: int
    number: str
    first_name: str
    infix: str | None
    last_name: str
    school: str | None
    class_name: str | None
    location: str

    @property
    def name(self) -> str:
        return nl.full_name(self.first_name, self.infix, self.last_name)

    @property
    def school_and_class(self) -> str:
        return ", ".join(part for part in (self.school, self.class_name) if part)


_SELECT = (
    "SELECT p.id, p.number, p.first_name, p.infix, p.last_name, p.school, "
    "p.class_name, l.name FROM pupils p JOIN locations l ON l.id = p.location_id "
)


def visible(con: db.Connection, scope: Scope) -> list[Pupil]:
    """Return the pupils in scope, sorted by surname and first name."""
    found = db.rows(
        con,
        _SELECT + "WHERE p.id = ANY(?) ORDER BY p.last_name, p.first_name, p.id",
        [scope.ids],
    )
    return [Pupil(*row) for row in found]


def get(con: db.Connection, scope: Scope, pupil_id: int) -> Pupil:
    """Return one pupil in scope; AccessDenied otherwise."""
    scope.require(pupil_id)
    return Pupil(*db.one(con, _SELECT + "WHERE p.id = ?", [pupil_id]))
