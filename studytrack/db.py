"""The database: connection, schema and migrations.

This is the one module that knows the engine is DuckDB (product.md §9). Everything
else asks it for a connection and runs portable SQL through `rows`, `one`, `frame`
and `write`. One connection is made per process; every query gets its own cursor.
Timestamps are naive Amsterdam wall-clock times (see `studytrack.clock`); SQL never
reads the database's own clock, so STUDYTRACK_NOW holds everywhere.
"""

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from studytrack.errors import DatabaseBusy, NotAStudyTrackDatabase

log = logging.getLogger(__name__)

Connection = duckdb.DuckDBPyConnection
T = TypeVar("T")

ROLES = ("ouder", "leerling", "mentor", "begeleider", "beheerder")

# Each migration takes the schema from the previous version to its own. Append only:
# a database in the field is at some version and is brought forward from there.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            "CREATE SEQUENCE location_ids START 1",
            "CREATE SEQUENCE pupil_ids START 1",
            "CREATE SEQUENCE account_ids START 1",
            "CREATE SEQUENCE agenda_item_ids START 1",
            "CREATE SEQUENCE logbook_ids START 1",
            "CREATE SEQUENCE import_ids START 1",
            "CREATE SEQUENCE change_ids START 1",
            "CREATE SEQUENCE attempt_ids START 1",
            """CREATE TABLE settings (
                key VARCHAR PRIMARY KEY,
                value VARCHAR NOT NULL
            )""",
            """CREATE TABLE locations (
                id INTEGER PRIMARY KEY DEFAULT nextval('location_ids'),
                name VARCHAR NOT NULL UNIQUE
            )""",
            """CREATE TABLE pupils (
                id INTEGER PRIMARY KEY DEFAULT nextval('pupil_ids'),
                number VARCHAR NOT NULL UNIQUE,
                first_name VARCHAR NOT NULL,
                infix VARCHAR,
                last_name VARCHAR NOT NULL,
                location_id INTEGER NOT NULL,
                school VARCHAR,
                class_name VARCHAR,
                birth_date DATE,
                phone VARCHAR,
                email VARCHAR,
                address VARCHAR,
                focus_subjects VARCHAR,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                updated_by VARCHAR,
                updated_at TIMESTAMP
            )""",
            f"""CREATE TABLE accounts (
                id INTEGER PRIMARY KEY DEFAULT nextval('account_ids'),
                login VARCHAR NOT NULL UNIQUE,
                name VARCHAR NOT NULL,
                role VARCHAR NOT NULL CHECK (role IN {ROLES}),
                email VARCHAR,
                phone VARCHAR,
                initials VARCHAR,
                password_hash VARCHAR,
                must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                password_changed_at TIMESTAMP,
                created_at TIMESTAMP,
                updated_by VARCHAR,
                updated_at TIMESTAMP
            )""",
            """CREATE TABLE account_locations (
                account_id INTEGER NOT NULL,
                location_id INTEGER NOT NULL,
                PRIMARY KEY (account_id, location_id)
            )""",
            """CREATE TABLE account_pupils (
                account_id INTEGER NOT NULL,
                pupil_id INTEGER NOT NULL,
                PRIMARY KEY (account_id, pupil_id)
            )""",
            """CREATE TABLE schedules (
                pupil_id INTEGER NOT NULL,
                weekday SMALLINT NOT NULL CHECK (weekday BETWEEN 1 AND 7),
                expected_at TIME NOT NULL,
                valid_from DATE NOT NULL DEFAULT DATE '2000-01-01',
                valid_to DATE,
                PRIMARY KEY (pupil_id, weekday, valid_from)
            )""",
            """CREATE TABLE attendance (
                pupil_id INTEGER NOT NULL,
                day DATE NOT NULL,
                expected_at TIME,
                arrived_at TIME,
                left_at TIME,
                absent BOOLEAN NOT NULL DEFAULT FALSE,
                absent_reason VARCHAR,
                remark VARCHAR,
                updated_by VARCHAR,
                updated_at TIMESTAMP,
                PRIMARY KEY (pupil_id, day)
            )""",
            """CREATE TABLE agenda_items (
                id INTEGER PRIMARY KEY DEFAULT nextval('agenda_item_ids'),
                pupil_id INTEGER NOT NULL,
                day DATE NOT NULL,
                subject VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,
                description VARCHAR NOT NULL,
                comment VARCHAR,
                signed_off_by VARCHAR,
                signed_off_at TIMESTAMP,
                grade DECIMAL(3, 1) CHECK (grade BETWEEN 1 AND 10),
                weight DECIMAL(4, 1) NOT NULL DEFAULT 1 CHECK (weight > 0),
                created_by VARCHAR,
                created_at TIMESTAMP,
                updated_by VARCHAR,
                updated_at TIMESTAMP,
                UNIQUE (pupil_id, day, subject, kind, description)
            )""",
            """CREATE TABLE logbook (
                id INTEGER PRIMARY KEY DEFAULT nextval('logbook_ids'),
                pupil_id INTEGER NOT NULL,
                day DATE NOT NULL,
                author VARCHAR NOT NULL,
                text VARCHAR NOT NULL,
                created_by VARCHAR,
                created_at TIMESTAMP,
                updated_by VARCHAR,
                updated_at TIMESTAMP,
                UNIQUE (pupil_id, day, author, text)
            )""",
            """CREATE TABLE imports (
                id INTEGER PRIMARY KEY DEFAULT nextval('import_ids'),
                kind VARCHAR NOT NULL,
                file_name VARCHAR NOT NULL,
                checksum VARCHAR NOT NULL,
                imported_by VARCHAR NOT NULL,
                imported_at TIMESTAMP NOT NULL,
                inserted INTEGER NOT NULL DEFAULT 0,
                updated INTEGER NOT NULL DEFAULT 0,
                unchanged INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0,
                outcome VARCHAR NOT NULL
            )""",
            """CREATE TABLE login_attempts (
                id BIGINT PRIMARY KEY DEFAULT nextval('attempt_ids'),
                login VARCHAR NOT NULL,
                attempted_at TIMESTAMP NOT NULL,
                outcome VARCHAR NOT NULL CHECK (outcome IN ('ok', 'wrong', 'refused', 'lifted'))
            )""",
            """CREATE TABLE changes (
                id BIGINT PRIMARY KEY DEFAULT nextval('change_ids'),
                changed_at TIMESTAMP NOT NULL,
                actor VARCHAR NOT NULL,
                entity VARCHAR NOT NULL,
                entity_key VARCHAR NOT NULL,
                action VARCHAR NOT NULL,
                detail VARCHAR
            )""",
            "CREATE INDEX agenda_items_pupil_day ON agenda_items (pupil_id, day)",
            "CREATE INDEX logbook_pupil_day ON logbook (pupil_id, day)",
            "CREATE INDEX login_attempts_login ON login_attempts (login, attempted_at)",
        ],
    ),
    (
        2,
        [
            # A signed-out sign-in cookie stays refused even if the browser kept it.
            """CREATE TABLE revoked_cookies (
                login VARCHAR NOT NULL,
                expires DOUBLE NOT NULL,
                revoked_at TIMESTAMP NOT NULL,
                PRIMARY KEY (login, expires)
            )""",
        ],
    ),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]
DEFAULT_SETTINGS = {
    "institute_name": "Huiswerkinstituut",
    "opening_days": "1,2,3,4,5",
    "app_url": "http://localhost:8501",
}


def connect(path: Path | str, read_only: bool = False) -> Connection:
    """Open (and create or migrate) the StudyTrack database at `path`.

    Raises DatabaseBusy when another process holds the file and
    NotAStudyTrackDatabase when the file holds something else.
    """
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        raise _explain_open_error(path, error) from error
    except duckdb.Error as error:
        raise NotAStudyTrackDatabase(
            f"{path} is geen StudyTrack-database (DuckDB kan het bestand niet lezen)."
        ) from error
    if not read_only:
        migrate(con, path)
    elif schema_version(con) is None:
        con.close()
        raise NotAStudyTrackDatabase(f"{path} is geen StudyTrack-database.")
    return con


def _explain_open_error(path: Path, error: Exception) -> Exception:
    text = str(error)
    if "lock" in text.lower():
        holder = re.search(r"PID (\d+)", text)
        who = f" (proces {holder.group(1)})" if holder else ""
        return DatabaseBusy(
            f"De database {path} is in gebruik door een ander programma{who}, "
            "meestal de draaiende StudyTrack-app. Stop de app en probeer het opnieuw."
        )
    return NotAStudyTrackDatabase(
        f"{path} is geen StudyTrack-database (DuckDB kan het bestand niet lezen)."
    )


def schema_version(con: Connection) -> int | None:
    """Return the schema version of the database, or None for a non-StudyTrack one."""
    cur = con.cursor()
    try:
        tables = {
            name
            for (name,) in cur.execute(
                "SELECT table_name FROM duckdb_tables()"
            ).fetchall()
        }
        if "schema_version" not in tables:
            return 0 if not tables else None
        found = cur.execute("SELECT max(version) FROM schema_version").fetchone()
        return found[0] if found else 0
    finally:
        cur.close()


def migrate(con: Connection, path: Path | str = "") -> None:
    """Bring the schema up to SCHEMA_VERSION, one transaction per migration."""
    version = schema_version(con)
    if version is None:
        con.close()
        raise NotAStudyTrackDatabase(
            f"{path} bevat al tabellen maar is geen StudyTrack-database; "
            "kies een ander bestand met STUDYTRACK_DB."
        )
    cur = con.cursor()
    try:
        if version == 0:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
            )
        for target, statements in MIGRATIONS:
            if target <= version:
                continue
            cur.begin()
            for statement in statements:
                cur.execute(statement)
            if target == 1:
                cur.executemany(
                    "INSERT INTO settings VALUES (?, ?)", list(DEFAULT_SETTINGS.items())
                )
            cur.execute("INSERT INTO schema_version VALUES (?)", [target])
            cur.commit()
            log.info("database migrated to schema version %s", target)
    except Exception:
        try:
            cur.rollback()
        except duckdb.Error:
            pass  # no transaction was open
        raise
    finally:
        cur.close()


def rows(con: Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """Run a query on its own cursor and return all rows."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params).fetchall()
    finally:
        cur.close()


def one(con: Connection, sql: str, params: Sequence[Any] = ()) -> tuple | None:
    """Run a query on its own cursor and return the first row, or None."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params).fetchone()
    finally:
        cur.close()


def value(con: Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    """Run a query and return the first column of the first row, or None."""
    found = one(con, sql, params)
    return found[0] if found else None


def frame(con: Connection, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    """Run a query on its own cursor and return the result as a DataFrame."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params).df()
    finally:
        cur.close()


@contextmanager
def transaction(con: Connection) -> Iterator[Connection]:
    """Yield a cursor inside a transaction: committed on success, rolled back on error."""
    cur = con.cursor()
    try:
        cur.begin()
        try:
            yield cur
        except BaseException:
            cur.rollback()
            raise
        cur.commit()
    finally:
        cur.close()


def write(con: Connection, change: Callable[[Connection], T], attempts: int = 10) -> T:
    """Run `change(cursor)` in one transaction, retrying when a concurrent write conflicts.

    DuckDB refuses the second of two transactions that change the same row; the
    change is then run again on fresh data, so no update is lost. The waits double
    from 5 ms to about 2,5 s (5 s in all), enough to outlast a large import.
    """
    for attempt in range(1, attempts + 1):
        try:
            with transaction(con) as cur:
                return change(cur)
        except duckdb.TransactionException:
            if attempt == attempts:
                raise
            log.info("write conflict, retrying (attempt %s)", attempt)
            time.sleep(0.005 * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def setting(con: Connection, key: str) -> str:
    """Return an institute setting (institute_name, opening_days, app_url)."""
    found = value(con, "SELECT value FROM settings WHERE key = ?", [key])
    return found if found is not None else DEFAULT_SETTINGS[key]


def record_change(
    cur: Connection,
    at,
    actor: str,
    entity: str,
    key: Any,
    action: str,
    detail: str = "",
) -> None:
    """Write one line of the audit trail: who changed what, and when."""
    cur.execute(
        "INSERT INTO changes (changed_at, actor, entity, entity_key, action, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [at, actor, entity, str(key), action, detail or None],
    )
