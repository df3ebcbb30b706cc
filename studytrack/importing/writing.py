"""Writing checked import rows into the institute's database, in one transaction.

A row is matched on its natural key (product.md §5): a new key is inserted, a known
key is updated only when a non-empty cell differs from the stored value, and a row
absent from the file is never touched. An empty cell leaves the stored value as it
is. The counts of inserted and updated rows come from the statements themselves;
the rest of the good rows were unchanged.

The checked rows arrive as an Arrow table that the transaction's cursor sees as
`incoming` (registering it is the one DuckDB-specific step here; the statements are
plain SQL).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from studytrack import clock, db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """Where the rows of a simple kind go: a table, its key and its other fields."""

    table: str
    keys: tuple[tuple[str, str], ...]  # (table column, incoming column)
    fields: tuple[tuple[str, str, str | None], ...]  # (…, …, default for a new row)
    created: bool = True  # the table has created_by / created_at
    updated: bool = True  # the table has updated_by / updated_at


_AGENDA_KEYS = (
    ("pupil_id", "pupil_id"),
    ("day", "datum"),
    ("subject", "vak"),
    ("kind", "soort"),
    ("description", "omschrijving"),
)

TARGETS = {
    "aanwezigheid": Target(
        "attendance",
        (("pupil_id", "pupil_id"), ("day", "datum")),
        (
            ("expected_at", "verwacht", None),
            ("arrived_at", "binnen", None),
            ("left_at", "klaar", None),
            ("absent", "afgemeld", "FALSE"),
            ("absent_reason", "reden", None),
            ("remark", "opmerking", None),
        ),
        created=False,
    ),
    "rooster": Target(
        "schedules",
        (("pupil_id", "pupil_id"), ("weekday", "dag"), ("valid_from", "vanaf")),
        (("expected_at", "verwacht", None), ("valid_to", "tot", None)),
        created=False,
        updated=False,
    ),
    "huiswerk": Target(
        "agenda_items",
        _AGENDA_KEYS,
        (
            ("comment", "opmerking", None),
            ("signed_off_by", "afgetekend_door", None),
            ("signed_off_at", "afgetekend_op", None),
        ),
    ),
    "cijfers": Target(
        "agenda_items",
        _AGENDA_KEYS,
        (("grade", "cijfer", None), ("weight", "weging", "1")),
    ),
    "logboek": Target(
        "logbook",
        (
            ("pupil_id", "pupil_id"),
            ("day", "datum"),
            ("author", "auteur"),
            ("text", "tekst"),
        ),
        (),
    ),
}


@dataclass(frozen=True)
class Written:
    """What an import changed: rows inserted and updated, and parent logins created."""

    inserted: int
    updated: int
    created_logins: tuple[str, ...] = ()


def write(
    cur: db.Connection,
    kind: str,
    incoming: pa.Table,
    actor: str,
    now: datetime,
    new_accounts: pa.Table | None = None,
) -> Written:
    """Write the checked rows of one import on `cur`, inside the caller's transaction."""
    cur.register("incoming", incoming)
    try:
        if kind == "leerlingen":
            return _pupils(cur, actor, now)
        if kind == "ouders":
            cur.register("new_accounts", new_accounts)
            try:
                return _parents(cur, actor, now)
            finally:
                cur.unregister("new_accounts")
        return _merge(cur, TARGETS[kind], actor, now)
    finally:
        cur.unregister("incoming")


def _count(cur: db.Connection, sql: str, params: list) -> int:
    found = cur.execute(sql, params).fetchone()
    return int(found[0]) if found else 0


def _changes(pairs: list[tuple[str, str]], table_alias: str = "t") -> str:
    """SQL: true when some non-empty incoming value differs from the stored one."""
    return " OR ".join(
        f"(i.{incoming} IS NOT NULL AND i.{incoming} IS DISTINCT FROM "
        f"{table_alias}.{column})"
        for column, incoming in pairs
    )


def _merge(cur: db.Connection, target: Target, actor: str, now: datetime) -> Written:
    """Update the changed rows of a simple kind, then insert the new ones."""
    on = " AND ".join(f"t.{column} = i.{incoming}" for column, incoming in target.keys)
    updated = 0
    if target.fields:
        sets = [
            f"{column} = coalesce(i.{incoming}, t.{column})"
            for column, incoming, _ in target.fields
        ]
        params: list = []
        if target.updated:
            sets += ["updated_by = ?", "updated_at = ?"]
            params += [actor, now]
        changed = _changes(
            [(column, incoming) for column, incoming, _ in target.fields]
        )
        updated = _count(
            cur,
            f"UPDATE {target.table} AS t SET {', '.join(sets)} FROM incoming AS i "  # noqa: S608 -- names from TARGETS
            f"WHERE {on} AND ({changed})",
            params,
        )
    columns = [column for column, _ in target.keys]
    values = [f"i.{incoming}" for _, incoming in target.keys]
    for column, incoming, default in target.fields:
        columns.append(column)
        values.append(
            f"coalesce(i.{incoming}, {default})" if default else f"i.{incoming}"
        )
    params = []
    for flag, prefix in ((target.created, "created"), (target.updated, "updated")):
        if flag:
            columns += [f"{prefix}_by", f"{prefix}_at"]
            values += ["?", "?"]
            params += [actor, now]
    inserted = _count(
        cur,
        f"INSERT INTO {target.table} ({', '.join(columns)}) "  # noqa: S608 -- names from the contract
        f"SELECT {', '.join(values)} FROM incoming AS i "
        f"WHERE NOT EXISTS (SELECT 1 FROM {target.table} AS t WHERE {on})",
        params,
    )
    return Written(inserted, updated)


_PUPIL_FIELDS = (
    ("first_name", "voornaam"),
    ("infix", "tussenvoegsel"),
    ("last_name", "achternaam"),
    ("location_id", "location_id"),
    ("school", "school"),
    ("class_name", "klas"),
    ("birth_date", "geboortedatum"),
    ("phone", "telefoon"),
    ("email", "email"),
    ("address", "adres"),
    ("focus_subjects", "aandachtsvakken"),
)

# incoming rows with the id of their vestiging (created first when new)
_RESOLVED = (
    "(SELECT r.*, (SELECT min(l.id) FROM locations l "
    "  WHERE lower(l.name) = lower(r.vestiging)) AS location_id FROM incoming r)"
)
_MENTORS_OF = (
    "(SELECT list_sort(list(a.login)) FROM account_pupils ap "
    "JOIN accounts a ON a.id = ap.account_id "
    "WHERE ap.pupil_id = t.id AND a.role = 'mentor')"
)


def _pupils(cur: db.Connection, actor: str, now: datetime) -> Written:
    """leerlingen: new vestigingen, then pupils updated or inserted, then mentors."""
    cur.execute(
        "INSERT INTO locations (name) SELECT min(vestiging) FROM incoming "
        "WHERE vestiging IS NOT NULL "
        "AND lower(vestiging) NOT IN (SELECT lower(name) FROM locations) "
        "GROUP BY lower(vestiging)"
    )
    sets = ", ".join(
        f"{column} = coalesce(i.{incoming}, t.{column})"
        for column, incoming in _PUPIL_FIELDS
    )
    mentors_changed = (
        f"(i.mentor IS NOT NULL AND i.mentor IS DISTINCT FROM "
        f"coalesce({_MENTORS_OF}, []))"
    )
    updated = _count(
        cur,
        f"UPDATE pupils AS t SET {sets}, updated_by = ?, updated_at = ? "  # noqa: S608 -- names from the contract
        f"FROM {_RESOLVED} AS i WHERE t.number = i.leerlingnummer "
        f"AND ({_changes(list(_PUPIL_FIELDS))} OR {mentors_changed})",
        [actor, now],
    )
    columns = ["number"] + [column for column, _ in _PUPIL_FIELDS]
    values = ["i.leerlingnummer"] + [
        "coalesce(i.location_id, i.default_location_id)"
        if column == "location_id"
        else f"i.{incoming}"
        for column, incoming in _PUPIL_FIELDS
    ]
    inserted = _count(
        cur,
        f"INSERT INTO pupils ({', '.join(columns)}, updated_by, updated_at) "  # noqa: S608 -- names from the contract
        f"SELECT {', '.join(values)}, ?, ? FROM {_RESOLVED} AS i "
        "WHERE NOT EXISTS (SELECT 1 FROM pupils p WHERE p.number = i.leerlingnummer)",
        [actor, now],
    )
    # The mentors of a pupil become those the file names (an empty cell: unchanged).
    cur.execute(
        "DELETE FROM account_pupils WHERE EXISTS ("
        "  SELECT 1 FROM incoming i JOIN pupils p ON p.number = i.leerlingnummer "
        "  JOIN accounts a ON a.id = account_pupils.account_id AND a.role = 'mentor' "
        "  WHERE i.mentor IS NOT NULL AND p.id = account_pupils.pupil_id "
        "  AND NOT list_contains(i.mentor, a.login))"
    )
    cur.execute(
        "INSERT INTO account_pupils (account_id, pupil_id) "
        "SELECT a.id, p.id FROM (SELECT leerlingnummer, unnest(mentor) AS login "
        "  FROM incoming WHERE mentor IS NOT NULL) m "
        "JOIN pupils p ON p.number = m.leerlingnummer "
        "JOIN accounts a ON a.login = m.login AND a.role = 'mentor' "
        "WHERE NOT EXISTS (SELECT 1 FROM account_pupils x "
        "  WHERE x.account_id = a.id AND x.pupil_id = p.id)"
    )
    return Written(inserted, updated)


# one row per parent login (the checks made the rows of one login agree)
_PARENTS = (
    "(SELECT gebruikersnaam AS login, max(naam) AS naam, max(email) AS email, "
    "max(telefoon) AS telefoon FROM incoming GROUP BY gebruikersnaam)"
)
_PARENT_FIELDS = [("name", "naam"), ("email", "email"), ("phone", "telefoon")]


def _parents(cur: db.Connection, actor: str, now: datetime) -> Written:
    """ouders: parent accounts created or updated, then their links to pupils.

    A row counts as inserted when its parent–pupil link is new, as updated when the
    link existed but the parent's name, e-mail or phone changed.
    """
    inserted, updated = cur.execute(
        "SELECT count(*) FILTER (WHERE x.account_id IS NULL), "  # noqa: S608 -- names from the contract
        f"count(*) FILTER (WHERE x.account_id IS NOT NULL AND ({_changes(_PARENT_FIELDS, 'a')})) "
        f"FROM incoming r JOIN {_PARENTS} i ON i.login = r.gebruikersnaam "
        "LEFT JOIN accounts a ON a.login = r.gebruikersnaam "
        "LEFT JOIN account_pupils x ON x.account_id = a.id AND x.pupil_id = r.pupil_id"
    ).fetchone()
    created = cur.execute(
        "INSERT INTO accounts (login, name, role, email, phone, password_hash, "  # noqa: S608 -- constant fragments
        "must_change_password, password_changed_at, created_at, updated_by, updated_at) "
        "SELECT i.login, i.naam, 'ouder', i.email, i.telefoon, n.password_hash, TRUE, "
        f"?, ?, ?, ? FROM {_PARENTS} i JOIN new_accounts n ON n.login = i.login "
        "WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.login = i.login) "
        "RETURNING login",
        [clock.real_now(), now, actor, now],
    ).fetchall()
    sets = ", ".join(
        f"{column} = coalesce(i.{incoming}, t.{column})"
        for column, incoming in _PARENT_FIELDS
    )
    cur.execute(
        f"UPDATE accounts AS t SET {sets}, updated_by = ?, updated_at = ? "  # noqa: S608 -- constant fragments
        f"FROM {_PARENTS} AS i WHERE t.login = i.login AND t.role = 'ouder' "
        f"AND ({_changes(_PARENT_FIELDS)})",
        [actor, now],
    )
    cur.execute(
        "INSERT INTO account_pupils (account_id, pupil_id) "
        "SELECT DISTINCT a.id, i.pupil_id FROM incoming i "
        "JOIN accounts a ON a.login = i.gebruikersnaam "
        "WHERE NOT EXISTS (SELECT 1 FROM account_pupils x "
        "  WHERE x.account_id = a.id AND x.pupil_id = i.pupil_id)"
    )
    logins = tuple(sorted(row[0] for row in created))
    for login in logins:
        db.record_change(
            cur, now, actor, "account", login, "aangemaakt", "ouder (import)"
        )
    return Written(int(inserted), int(updated), logins)
