"""Who is signed in, and which pupils they may see.

Every domain function that reads pupil data takes a `Scope` and filters by it in
its query (or calls `require` for a single pupil). The scope is built from the
database alone, never from anything the browser sends.
"""

from dataclasses import dataclass

from studytrack import db
from studytrack.errors import AccessDenied

STAFF_ROLES = frozenset({"begeleider", "beheerder"})
FAMILY_ROLES = frozenset({"ouder", "leerling"})


@dataclass(frozen=True)
class Viewer:
    """The signed-in account, as far as access is concerned."""

    account_id: int
    login: str
    name: str
    role: str
    initials: str | None
    location_ids: frozenset[int]

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "beheerder"


@dataclass(frozen=True)
class Scope:
    """The pupils a viewer may see; the only way domain code learns what to show."""

    viewer: Viewer
    pupil_ids: frozenset[int]

    def require(self, pupil_id: int) -> int:
        """Return `pupil_id` if the viewer may see that pupil, else raise AccessDenied."""
        if pupil_id not in self.pupil_ids:
            raise AccessDenied()
        return pupil_id

    def require_staff(self, pupil_id: int) -> int:
        """Return `pupil_id` if the viewer is staff and may change that pupil's data."""
        if not self.viewer.is_staff:
            raise AccessDenied("Alleen de begeleiding kan dit wijzigen.")
        return self.require(pupil_id)

    @property
    def ids(self) -> list[int]:
        """The visible pupil ids as a sorted list, for a query parameter."""
        return sorted(self.pupil_ids)


def viewer_for(con: db.Connection, login: str) -> Viewer | None:
    """Return the active account with this login as a Viewer, or None."""
    found = db.one(
        con,
        "SELECT id, login, name, role, initials FROM accounts "
        "WHERE login = ? AND active",
        [login.strip().lower()],
    )
    if found is None:
        return None
    account_id, login, name, role, initials = found
    locations = db.rows(
        con,
        "SELECT location_id FROM account_locations WHERE account_id = ?",
        [account_id],
    )
    return Viewer(
        account_id, login, name, role, initials, frozenset(row[0] for row in locations)
    )


def scope_for(con: db.Connection, viewer: Viewer) -> Scope:
    """Return the pupils this viewer may see, by role.

    ouder, leerling and mentor: the active pupils linked to the account;
    begeleider: the active pupils of their locations; beheerder: every active pupil.
    """
    if viewer.role == "beheerder":
        found = db.rows(con, "SELECT id FROM pupils WHERE active")
    elif viewer.role == "begeleider":
        found = db.rows(
            con,
            "SELECT p.id FROM pupils p JOIN account_locations l "
            "ON l.location_id = p.location_id WHERE l.account_id = ? AND p.active",
            [viewer.account_id],
        )
    else:
        found = db.rows(
            con,
            "SELECT p.id FROM pupils p JOIN account_pupils a ON a.pupil_id = p.id "
            "WHERE a.account_id = ? AND p.active",
            [viewer.account_id],
        )
    return Scope(viewer, frozenset(row[0] for row in found))


def visible_location_ids(con: db.Connection, viewer: Viewer) -> list[int]:
    """Return the locations whose lists a viewer may open (all of them for an admin)."""
    if viewer.is_admin:
        return [
            row[0] for row in db.rows(con, "SELECT id FROM locations ORDER BY name")
        ]
    return sorted(viewer.location_ids)
