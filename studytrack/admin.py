"""Beheer: the administrator's work on locations, pupils (with their schedule) and accounts.

Every function here is for the beheerder only (AccessDenied otherwise) and records
who changed what in the audit trail. Passwords are handled by `accounts`: a
generated one-time password is returned once and never stored or logged.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from studytrack import accounts, attendance, clock, db, nl
from studytrack.access import Scope
from studytrack.errors import AccessDenied, InvalidInput

log = logging.getLogger(__name__)

ROLE_LABELS = {
    "ouder": "Ouder",
    "leerling": "Leerling",
    "mentor": "Mentor",
    "begeleider": "Begeleider",
    "beheerder": "Beheerder",
}
PUPIL_ROLES = ("ouder", "leerling", "mentor")
LOCATION_ROLES = ("begeleider",)


def require_admin(scope: Scope) -> str:
    """Return the admin's login; AccessDenied for anybody else."""
    if not scope.viewer.is_admin:
        raise AccessDenied("Alleen de beheerder kan dit.")
    return scope.viewer.login


# --- locations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """A location with how many active pupils and staff it has."""

    id: int
    name: str
    pupils: int
    staff: int


def locations(con: db.Connection, scope: Scope) -> list[Location]:
    """Every location, by name, with its number of active pupils and staff."""
    require_admin(scope)
    found = db.rows(
        con,
        "SELECT l.id, l.name, "
        "  (SELECT count(*) FROM pupils p WHERE p.location_id = l.id AND p.active), "
        "  (SELECT count(*) FROM account_locations a JOIN accounts c "
        "     ON c.id = a.account_id WHERE a.location_id = l.id AND c.active) "
        "FROM locations l ORDER BY l.name",
    )
    return [Location(*row) for row in found]


def add_location(con: db.Connection, scope: Scope, name: str) -> int:
    """Add a location (vestiging); return its id."""
    actor = require_admin(scope)
    name = _text(name, 80, "naam van de vestiging")
    if not name:
        raise InvalidInput("Vul de naam van de vestiging in.")
    now = clock.now()

    def insert(cur: db.Connection) -> int:
        if cur.execute(
            "SELECT 1 FROM locations WHERE lower(name) = lower(?)", [name]
        ).fetchone():
            raise InvalidInput(f"Er is al een vestiging '{name}'.")
        location_id = cur.execute(
            "INSERT INTO locations (name) VALUES (?) RETURNING id", [name]
        ).fetchone()[0]
        db.record_change(cur, now, actor, "location", location_id, "aangemaakt", name)
        return location_id

    location_id = db.write(con, insert)
    log.info("location %s added by %s", location_id, actor)
    return location_id


def rename_location(
    con: db.Connection, scope: Scope, location_id: int, name: str
) -> None:
    """Give a location another name."""
    actor = require_admin(scope)
    name = _text(name, 80, "naam van de vestiging")
    if not name:
        raise InvalidInput("Vul de naam van de vestiging in.")
    now = clock.now()

    def update(cur: db.Connection) -> None:
        if cur.execute(
            "SELECT 1 FROM locations WHERE lower(name) = lower(?) AND id <> ?",
            [name, location_id],
        ).fetchone():
            raise InvalidInput(f"Er is al een vestiging '{name}'.")
        cur.execute("UPDATE locations SET name = ? WHERE id = ?", [name, location_id])
        db.record_change(cur, now, actor, "location", location_id, "hernoemd", name)

    db.write(con, update)


# --- pupils --------------------------------------------------------------------------


@dataclass(frozen=True)
class PupilFields:
    """What the administrator types for a pupil."""

    number: str
    first_name: str
    last_name: str
    location_id: int
    infix: str | None = None
    school: str | None = None
    class_name: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    focus_subjects: str | None = None


@dataclass(frozen=True)
class PupilRecord:
    """A pupil as the administrator sees it, active or not."""

    id: int
    fields: PupilFields
    location: str
    active: bool
    parents: list[tuple[str, str]] = field(default_factory=list)
    mentors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        f = self.fields
        return nl.full_name(f.first_name, f.infix, f.last_name)


_PUPIL_COLUMNS = (
    "number",
    "first_name",
    "last_name",
    "location_id",
    "infix",
    "school",
    "class_name",
    "birth_date",
    "phone",
    "email",
    "address",
    "focus_subjects",
)
_PUPIL_SELECT = f"SELECT p.id, {', '.join('p.' + c for c in _PUPIL_COLUMNS)}, l.name, p.active FROM pupils p JOIN locations l ON l.id = p.location_id "  # noqa: S608 -- constant column list
_PUPIL_INSERT = f"INSERT INTO pupils ({', '.join(_PUPIL_COLUMNS)}, updated_by, updated_at) VALUES ({', '.join('?' for _ in _PUPIL_COLUMNS)}, ?, ?) RETURNING id"  # noqa: S608 -- constant column list
_PUPIL_UPDATE = f"UPDATE pupils SET {', '.join(c + ' = ?' for c in _PUPIL_COLUMNS)}, updated_by = ?, updated_at = ? WHERE id = ? RETURNING id"  # noqa: S608 -- constant column list


def pupils(
    con: db.Connection, scope: Scope, location_id: int | None = None
) -> list[PupilRecord]:
    """Every pupil (also inactive ones), optionally of one location, by surname."""
    require_admin(scope)
    found = db.rows(
        con,
        _PUPIL_SELECT + "WHERE (? IS NULL OR p.location_id = ?) "
        "ORDER BY p.last_name, p.first_name, p.id",
        [location_id, location_id],
    )
    return [
        PupilRecord(row[0], PupilFields(*row[1:13]), row[13], row[14]) for row in found
    ]


def pupil(con: db.Connection, scope: Scope, pupil_id: int) -> PupilRecord:
    """One pupil with the parents and mentors linked to it."""
    require_admin(scope)
    found = db.one(
        con,
        _PUPIL_SELECT + "WHERE p.id = ?",
        [pupil_id],
    )
    if found is None:
        raise InvalidInput("Deze leerling bestaat niet.")
    links = db.rows(
        con,
        "SELECT a.role, a.login, a.name FROM account_pupils ap "
        "JOIN accounts a ON a.id = ap.account_id WHERE ap.pupil_id = ? "
        "ORDER BY a.name",
        [pupil_id],
    )
    return PupilRecord(
        found[0],
        PupilFields(*found[1:13]),
        found[13],
        found[14],
        parents=[(login, name) for role, login, name in links if role == "ouder"],
        mentors=[(login, name) for role, login, name in links if role == "mentor"],
    )


def save_pupil(
    con: db.Connection, scope: Scope, fields: PupilFields, pupil_id: int | None = None
) -> int:
    """Add a pupil (pupil_id None) or change one; return its id."""
    actor = require_admin(scope)
    values = _checked_pupil(fields)
    now = clock.now()

    def write(cur: db.Connection) -> int:
        if not cur.execute(
            "SELECT 1 FROM locations WHERE id = ?", [values["location_id"]]
        ).fetchone():
            raise InvalidInput("Kies een bestaande vestiging.")
        clash = cur.execute(
            "SELECT id FROM pupils WHERE number = ? AND id IS DISTINCT FROM ?",
            [values["number"], pupil_id],
        ).fetchone()
        if clash:
            raise InvalidInput(
                f"Er is al een leerling met leerlingnummer {values['number']}."
            )
        if pupil_id is None:
            new_id = cur.execute(
                _PUPIL_INSERT, [*(values[c] for c in _PUPIL_COLUMNS), actor, now]
            ).fetchone()[0]
            db.record_change(cur, now, actor, "pupil", values["number"], "aangemaakt")
            return new_id
        changed = cur.execute(
            _PUPIL_UPDATE, [*(values[c] for c in _PUPIL_COLUMNS), actor, now, pupil_id]
        ).fetchall()
        if not changed:
            raise InvalidInput("Deze leerling bestaat niet.")
        db.record_change(cur, now, actor, "pupil", values["number"], "gewijzigd")
        return pupil_id

    saved = db.write(con, write)
    log.info("pupil %s saved by %s", saved, actor)
    return saved


def set_pupil_active(
    con: db.Connection, scope: Scope, pupil_id: int, active: bool
) -> None:
    """Deactivate a pupil (hidden everywhere, history kept) or activate it again."""
    actor = require_admin(scope)
    now = clock.now()

    def update(cur: db.Connection) -> None:
        found = cur.execute(
            "UPDATE pupils SET active = ?, updated_by = ?, updated_at = ? "
            "WHERE id = ? RETURNING number",
            [active, actor, now, pupil_id],
        ).fetchone()
        if not found:
            raise InvalidInput("Deze leerling bestaat niet.")
        action = "geactiveerd" if active else "gedeactiveerd"
        db.record_change(cur, now, actor, "pupil", found[0], action)

    db.write(con, update)


def schedule(
    con: db.Connection, scope: Scope, pupil_id: int, on: date | None = None
) -> dict[int, time]:
    """The weekly schedule valid on a date (today): ISO weekday → expected time."""
    require_admin(scope)
    on = on or clock.today()
    found = db.rows(
        con,
        "SELECT weekday, expected_at FROM schedules WHERE pupil_id = ? "
        "AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) "
        "ORDER BY weekday, valid_from",
        [pupil_id, on, on],
    )
    return dict(found)


def set_schedule(
    con: db.Connection,
    scope: Scope,
    pupil_id: int,
    times: dict[int, time | None],
    start: date | None = None,
) -> bool:
    """Set the weekly schedule from `start` (today) on; earlier weeks keep theirs.

    `times` maps ISO weekdays to the expected time, None for a day without
    begeleiding. False when the schedule was already so.
    """
    actor = require_admin(scope)
    start = start or clock.today()
    wanted = {
        day: at.replace(second=0, microsecond=0) for day, at in times.items() if at
    }
    if any(not 1 <= day <= 7 for day in wanted):
        raise InvalidInput(
            "Een rooster kent alleen de dagen maandag tot en met zondag."
        )
    if wanted == schedule(con, scope, pupil_id, start):
        return False
    now = clock.now()

    def write(cur: db.Connection) -> None:
        cur.execute(
            "DELETE FROM schedules WHERE pupil_id = ? AND valid_from >= ?",
            [pupil_id, start],
        )
        cur.execute(
            "UPDATE schedules SET valid_to = ? WHERE pupil_id = ? "
            "AND (valid_to IS NULL OR valid_to >= ?)",
            [start - timedelta(days=1), pupil_id, start],
        )
        for weekday, expected_at in sorted(wanted.items()):
            cur.execute(
                "INSERT INTO schedules (pupil_id, weekday, expected_at, valid_from) "
                "VALUES (?, ?, ?, ?)",
                [pupil_id, weekday, expected_at, start],
            )
        detail = ", ".join(
            f"{nl.WEEKDAYS_SHORT[day - 1]} {nl.clock_time(at)}"
            for day, at in sorted(wanted.items())
        )
        db.record_change(
            cur, now, actor, "schedule", pupil_id, f"rooster vanaf {start}", detail
        )

    db.write(con, write)
    return True


def set_pupil_mentors(
    con: db.Connection, scope: Scope, pupil_id: int, mentor_logins: list[str]
) -> None:
    """Make these mentor accounts (and no others) the mentors of a pupil."""
    actor = require_admin(scope)
    now = clock.now()

    def write(cur: db.Connection) -> None:
        wanted = _account_ids(cur, mentor_logins, roles=("mentor",))
        current = {
            row[0]
            for row in cur.execute(
                "SELECT ap.account_id FROM account_pupils ap JOIN accounts a "
                "ON a.id = ap.account_id WHERE ap.pupil_id = ? AND a.role = 'mentor'",
                [pupil_id],
            ).fetchall()
        }
        for account_id in set(wanted) - current:
            cur.execute(
                "INSERT INTO account_pupils VALUES (?, ?)", [account_id, pupil_id]
            )
        for account_id in current - set(wanted):
            cur.execute(
                "DELETE FROM account_pupils WHERE account_id = ? AND pupil_id = ?",
                [account_id, pupil_id],
            )
        db.record_change(
            cur,
            now,
            actor,
            "pupil",
            pupil_id,
            "mentoren",
            ", ".join(sorted(wanted.values())),
        )

    db.write(con, write)


def _checked_pupil(fields: PupilFields) -> dict:
    number = _text(fields.number, 20, "leerlingnummer")
    first = _text(fields.first_name, 60, "voornaam")
    last = _text(fields.last_name, 80, "achternaam")
    if not number:
        raise InvalidInput("Vul het leerlingnummer in.")
    if not first or not last:
        raise InvalidInput("Vul de voornaam en de achternaam in.")
    email = _text(fields.email, 120, "e-mailadres") or None
    if email and ("@" not in email or " " in email):
        raise InvalidInput(f"'{email}' is geen e-mailadres.")
    if fields.birth_date and fields.birth_date >= clock.today():
        raise InvalidInput("De geboortedatum ligt in de toekomst.")
    focus = ", ".join(
        part.strip()
        for part in (fields.focus_subjects or "").split(",")
        if part.strip()
    )
    return {
        "number": number,
        "first_name": first,
        "last_name": last,
        "location_id": fields.location_id,
        "infix": _text(fields.infix, 20, "tussenvoegsel") or None,
        "school": _text(fields.school, 80, "school") or None,
        "class_name": _text(fields.class_name, 20, "klas") or None,
        "birth_date": fields.birth_date,
        "phone": _text(fields.phone, 30, "telefoonnummer") or None,
        "email": email,
        "address": _text(fields.address, 200, "adres") or None,
        "focus_subjects": _text(focus, 200, "aandachtsvakken") or None,
    }


# --- accounts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """An account as the administrator sees it (never its password)."""

    id: int
    login: str
    name: str
    role: str
    initials: str | None
    email: str | None
    phone: str | None
    active: bool
    must_change_password: bool
    created_at: datetime | None
    locations: list[str] = field(default_factory=list)
    pupils: list[tuple[int, str]] = field(default_factory=list)
    locked: bool = False

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def accounts_list(
    con: db.Connection, scope: Scope, role: str | None = None
) -> list[Account]:
    """Every account (optionally of one role) with its locations and pupils, by name."""
    require_admin(scope)
    return _accounts(con, scope, role=role)


def account(con: db.Connection, scope: Scope, login: str) -> Account:
    """One account by login."""
    require_admin(scope)
    found = _accounts(con, scope, login=accounts.normalise_login(login))
    if not found:
        raise InvalidInput(f"Er is geen account met inlognaam '{login}'.")
    return found[0]


def _accounts(
    con: db.Connection, scope: Scope, role: str | None = None, login: str | None = None
) -> list[Account]:
    found = db.rows(
        con,
        """SELECT a.id, a.login, a.name, a.role, a.initials, a.email, a.phone,
                  a.active, a.must_change_password, a.created_at,
                  (SELECT list(l.name ORDER BY l.name) FROM account_locations al
                     JOIN locations l ON l.id = al.location_id
                     WHERE al.account_id = a.id),
                  (SELECT list({'id': p.id, 'name': concat_ws(' ', p.first_name,
                                 p.infix, p.last_name)} ORDER BY p.last_name)
                     FROM account_pupils ap JOIN pupils p ON p.id = ap.pupil_id
                     WHERE ap.account_id = a.id)
           FROM accounts a
           WHERE (? IS NULL OR a.role = ?) AND (? IS NULL OR a.login = ?)
           ORDER BY a.name, a.login""",
        [role, role, login, login],
    )
    locked = locked_logins(con, scope)
    return [
        Account(
            *row[:10],
            locations=list(row[10] or []),
            pupils=[(pupil["id"], pupil["name"]) for pupil in row[11] or []],
            locked=row[1] in locked,
        )
        for row in found
    ]


def locked_logins(con: db.Connection, scope: Scope) -> set[str]:
    """The logins whose sign-in is refused right now after failed attempts."""
    require_admin(scope)
    since = clock.now() - 2 * accounts.LOCK_WINDOW
    candidates = db.rows(
        con,
        "SELECT login FROM login_attempts WHERE attempted_at > ? AND outcome = 'wrong' "
        "GROUP BY login HAVING count(*) >= ?",
        [since, accounts.MAX_FAILED_ATTEMPTS],
    )
    return {login for (login,) in candidates if accounts.is_locked(con, login)}


def create_account(
    con: db.Connection,
    scope: Scope,
    login: str,
    role: str,
    name: str,
    email: str | None = None,
    phone: str | None = None,
    initials: str | None = None,
    pupil_ids: list[int] = (),
    location_ids: list[int] = (),
) -> accounts.NewAccount:
    """Create an account with a generated one-time password (returned once)."""
    actor = require_admin(scope)
    if role == "leerling" and len(pupil_ids) > 1:
        raise InvalidInput("Een leerlingaccount hoort bij één leerling.")
    email = _text(email, 120, "e-mailadres") or None
    if email and ("@" not in email or " " in email):
        raise InvalidInput(f"'{email}' is geen e-mailadres.")
    numbers = _pupil_numbers(con, pupil_ids) if role in PUPIL_ROLES else []
    places = _location_names(con, location_ids) if role in LOCATION_ROLES else []
    return accounts.create(
        con,
        actor,
        login,
        role,
        _text(name, 120, "naam"),
        initials=_text(initials, 4, "initialen") or None,
        email=email,
        phone=_text(phone, 30, "telefoonnummer") or None,
        pupil_numbers=numbers,
        location_names=places,
    )


def update_account(
    con: db.Connection,
    scope: Scope,
    login: str,
    name: str,
    email: str | None,
    phone: str | None,
    initials: str | None,
) -> None:
    """Change an account's name, contact details and initials."""
    actor = require_admin(scope)
    login = accounts.normalise_login(login)
    name = _text(name, 120, "naam")
    initials = (_text(initials, 4, "initialen") or "").upper() or None
    email = _text(email, 120, "e-mailadres") or None
    if not name:
        raise InvalidInput("Vul een naam in.")
    if initials and not initials.isalpha():
        raise InvalidInput("Initialen zijn 1 tot 4 letters, bijvoorbeeld AB.")
    if email and ("@" not in email or " " in email):
        raise InvalidInput(f"'{email}' is geen e-mailadres.")
    now = clock.now()

    def update(cur: db.Connection) -> None:
        found = cur.execute(
            "SELECT role FROM accounts WHERE login = ?", [login]
        ).fetchone()
        if not found:
            raise InvalidInput(f"Er is geen account met inlognaam '{login}'.")
        if found[0] == "begeleider" and not initials:
            raise InvalidInput("Een begeleider heeft initialen nodig, bijvoorbeeld AB.")
        cur.execute(
            "UPDATE accounts SET name = ?, email = ?, phone = ?, initials = ?, "
            "updated_by = ?, updated_at = ? WHERE login = ?",
            [
                name,
                email,
                _text(phone, 30, "telefoonnummer") or None,
                initials,
                actor,
                now,
                login,
            ],
        )
        db.record_change(cur, now, actor, "account", login, "gegevens gewijzigd")

    db.write(con, update)


def set_account_pupils(
    con: db.Connection, scope: Scope, login: str, pupil_ids: list[int]
) -> None:
    """Link a parent, pupil or mentor account to exactly these pupils."""
    actor = require_admin(scope)
    login = accounts.normalise_login(login)
    now = clock.now()

    def write(cur: db.Connection) -> None:
        account_id, role = _account(cur, login)
        if role not in PUPIL_ROLES:
            raise InvalidInput(
                "Alleen ouders, leerlingen en mentoren worden aan leerlingen gekoppeld; "
                "begeleiders krijgen vestigingen."
            )
        if role == "leerling" and len(pupil_ids) > 1:
            raise InvalidInput("Een leerlingaccount hoort bij één leerling.")
        known = {
            row[0]
            for row in cur.execute(
                "SELECT id FROM pupils WHERE id = ANY(?)", [list(pupil_ids)]
            ).fetchall()
        }
        if known != set(pupil_ids):
            raise InvalidInput("Een van de gekozen leerlingen bestaat niet (meer).")
        added, removed = _replace_links(
            cur, "account_pupils", "pupil_id", account_id, set(pupil_ids)
        )
        db.record_change(
            cur,
            now,
            actor,
            "account",
            login,
            "leerlingen gekoppeld",
            f"+{sorted(added)} -{sorted(removed)}",
        )

    db.write(con, write)


def set_account_locations(
    con: db.Connection, scope: Scope, login: str, location_ids: list[int]
) -> None:
    """Give a begeleider exactly these locations."""
    actor = require_admin(scope)
    login = accounts.normalise_login(login)
    now = clock.now()

    def write(cur: db.Connection) -> None:
        account_id, role = _account(cur, login)
        if role not in LOCATION_ROLES:
            raise InvalidInput(
                "Alleen begeleiders werken op vestigingen; de beheerder ziet ze alle."
            )
        added, removed = _replace_links(
            cur, "account_locations", "location_id", account_id, set(location_ids)
        )
        db.record_change(
            cur,
            now,
            actor,
            "account",
            login,
            "vestigingen",
            f"+{sorted(added)} -{sorted(removed)}",
        )

    db.write(con, write)


def reset_password(con: db.Connection, scope: Scope, login: str) -> str:
    """Give an account a new one-time password and return it (once); lifts a lock."""
    return accounts.reset_password(con, require_admin(scope), login)


def set_active(con: db.Connection, scope: Scope, login: str, active: bool) -> None:
    """Deactivate an account (signed out at its next page load) or activate it."""
    actor = require_admin(scope)
    if accounts.normalise_login(login) == actor and not active:
        raise InvalidInput("Je kunt je eigen account niet deactiveren.")
    accounts.set_active(con, actor, login, active)


def lift_lock(con: db.Connection, scope: Scope, login: str) -> None:
    """Allow sign-in again for a login locked after failed attempts."""
    accounts.lift_lock(con, require_admin(scope), login)


def _account(cur: db.Connection, login: str) -> tuple[int, str]:
    found = cur.execute(
        "SELECT id, role FROM accounts WHERE login = ?", [login]
    ).fetchone()
    if not found:
        raise InvalidInput(f"Er is geen account met inlognaam '{login}'.")
    return found


def _account_ids(
    cur: db.Connection, logins: list[str], roles: tuple[str, ...]
) -> dict[int, str]:
    ids = {}
    for login in logins:
        found = cur.execute(
            "SELECT id, role FROM accounts WHERE login = ?",
            [accounts.normalise_login(login)],
        ).fetchone()
        if not found or found[1] not in roles:
            raise InvalidInput(
                f"'{login}' is geen account met de rol {' of '.join(roles)}."
            )
        ids[found[0]] = accounts.normalise_login(login)
    return ids


_LINK_TABLES = {
    ("account_pupils", "pupil_id"),
    ("account_locations", "location_id"),
}


def _replace_links(
    cur: db.Connection, table: str, column: str, account_id: int, wanted: set[int]
) -> tuple[set[int], set[int]]:
    """Make an account's links in a link table exactly `wanted`; return (added, removed)."""
    if (table, column) not in _LINK_TABLES:
        raise ValueError(f"not a link table: {table}.{column}")
    current = {
        row[0]
        for row in cur.execute(
            f"SELECT {column} FROM {table} WHERE account_id = ?",  # noqa: S608 -- table and column from _LINK_TABLES
            [account_id],
        ).fetchall()
    }
    for target in wanted - current:
        cur.execute(
            f"INSERT INTO {table} (account_id, {column}) VALUES (?, ?)",  # noqa: S608 -- table and column from _LINK_TABLES
            [account_id, target],
        )
    for target in current - wanted:
        cur.execute(
            f"DELETE FROM {table} WHERE account_id = ? AND {column} = ?",  # noqa: S608 -- table and column from _LINK_TABLES
            [account_id, target],
        )
    return wanted - current, current - wanted


def _pupil_numbers(con: db.Connection, pupil_ids: list[int]) -> list[str]:
    found = dict(
        db.rows(
            con, "SELECT id, number FROM pupils WHERE id = ANY(?)", [list(pupil_ids)]
        )
    )
    if set(found) != set(pupil_ids):
        raise InvalidInput("Een van de gekozen leerlingen bestaat niet (meer).")
    return [found[pupil_id] for pupil_id in pupil_ids]


def _location_names(con: db.Connection, location_ids: list[int]) -> list[str]:
    found = dict(
        db.rows(
            con,
            "SELECT id, name FROM locations WHERE id = ANY(?)",
            [list(location_ids)],
        )
    )
    if set(found) != set(location_ids):
        raise InvalidInput("Een van de gekozen vestigingen bestaat niet (meer).")
    return [found[location_id] for location_id in location_ids]


def _text(value: object, limit: int, what: str) -> str:
    cleaned = " ".join(str(value or "").split())
    if len(cleaned) > limit:
        raise InvalidInput(f"De {what} is te lang: hoogstens {limit} tekens.")
    return cleaned


def weekday_names(con: db.Connection) -> list[tuple[int, str]]:
    """The institute's opening days as (ISO weekday, Dutch name), for the schedule form."""
    return [(day, nl.WEEKDAYS[day - 1]) for day in sorted(attendance.opening_days(con))]
