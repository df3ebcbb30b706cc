"""The desk (Vandaag): who is expected today at a location, and the clicks that record it.

Several supervisors work the desk at once. Every click is one transaction that
reads the pupil's day and changes only the fields of that click. DuckDB detects
conflicts per column; every click also writes updated_by/updated_at, so two
concurrent changes of one pupil's day always conflict, and the later one is run
again on fresh data (`db.write`): no click overwrites another's. Each click is written to the audit trail with the values it
replaced, which is what "undo" restores.
"""

import json
import logging
import time as timer
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import duckdb

from studytrack import access, attendance, clock, db, nl
from studytrack.access import Scope
from studytrack.errors import AccessDenied, InvalidInput

log = logging.getLogger(__name__)

ENTITY = "attendance"
IN = "balie: binnen"
DONE = "balie: klaar"
ABSENT = "balie: afgemeld"
UNDO = "balie: ongedaan"
REMARK = "balie: opmerking"
CLICKS = (IN, DONE, ABSENT)
# The reasons the desk offers with one click; any other reason can be typed.
COMMON_REASONS = ("ziek", "tandarts/dokter", "school", "familie", "vrij")
MAX_TEXT = 300
TE_LAAT = "Te laat"

_CLICK_LABELS = {IN: "Binnen", DONE: "Klaar", ABSENT: "Afgemeld"}
_FIELDS = ("arrived_at", "left_at", "absent", "absent_reason")


@dataclass(frozen=True)
class DeskRow:
    """One pupil on the desk today."""

    pupil_id: int
    number: str
    name: str
    class_name: str | None
    expected_at: time | None
    arrived_at: time | None
    left_at: time | None
    absent: bool
    absent_reason: str | None
    remark: str | None
    updated_by: str | None
    updated_at: datetime | None
    last_click_id: int | None
    last_click: str | None
    late: bool

    @property
    def status(self) -> str:
        """Verwacht, Binnen, Klaar, Afgemeld (or Niet verwacht for a walk-in row)."""
        return attendance.status_of(
            self.expected_at, self.arrived_at, self.left_at, self.absent
        )

    @property
    def minutes_late(self) -> int:
        """Minutes the pupil came in after the expected time (0 when on time)."""
        return attendance.minutes_late(self.expected_at, self.arrived_at)


@dataclass(frozen=True)
class DeskDay:
    """The desk of one location on one day: its rows and the counts per status."""

    day: date
    location_id: int
    is_open: bool
    rows: list[DeskRow]
    counts: dict[str, int] = field(default_factory=dict)


def locations(con: db.Connection, scope: Scope) -> list[tuple[int, str]]:
    """The locations whose desk the viewer may open, as (id, name), by name."""
    ids = access.visible_location_ids(con, scope.viewer)
    return [
        tuple(row)
        for row in db.rows(
            con, "SELECT id, name FROM locations WHERE id = ANY(?) ORDER BY name", [ids]
        )
    ]


def day_list(
    con: db.Connection, scope: Scope, location_id: int, day: date | None = None
) -> DeskDay:
    """Every pupil of a location expected on `day` (today), with status, in one query.

    Pupils with an attendance row that day show too (a walk-in, a parent's
    afmelding). Sorted by expected time, then surname.
    """
    if location_id not in access.visible_location_ids(con, scope.viewer):
        raise AccessDenied("Je werkt niet op deze vestiging.")
    day = day or clock.today()
    is_open = day.isoweekday() in attendance.opening_days(con)
    expected = attendance.EXPECTED_AT_SQL.format(pupil="p.id", day="q.day")
    found = db.rows(
        con,
        f"""WITH q AS (SELECT CAST(? AS DATE) AS day, CAST(? AS BOOLEAN) AS is_open),
            listed AS (
                SELECT p.id, p.number, p.first_name, p.infix, p.last_name,
                       p.class_name,
                       CASE WHEN q.is_open THEN {expected} ELSE a.expected_at END
                           AS expected_at,
                       a.arrived_at, a.left_at, coalesce(a.absent, FALSE) AS absent,
                       a.absent_reason, a.remark, a.updated_by, a.updated_at,
                       a.pupil_id IS NOT NULL AS has_row
                FROM pupils p
                CROSS JOIN q
                LEFT JOIN attendance a ON a.pupil_id = p.id AND a.day = q.day
                WHERE p.location_id = ? AND p.active AND p.id = ANY(?)
            ), clicks AS (
                SELECT c.entity_key, max(c.id) AS last_click_id,
                       arg_max(c.action, c.id) AS last_click
                FROM changes c
                WHERE c.entity = ? AND c.action IN (?, ?, ?) AND c.changed_at >= ?
                  AND c.entity_key LIKE ?
                  AND NOT EXISTS (
                      SELECT 1 FROM changes u
                      WHERE u.entity = ? AND u.action = ? AND u.changed_at >= ?
                        AND u.detail = CAST(c.id AS VARCHAR))
                GROUP BY c.entity_key
            )
            SELECT l.id, l.number, l.first_name, l.infix, l.last_name, l.class_name,
                   l.expected_at, l.arrived_at, l.left_at, l.absent, l.absent_reason,
                   l.remark, l.updated_by, l.updated_at, k.last_click_id,
                   k.last_click
            FROM listed l
            LEFT JOIN clicks k ON k.entity_key = CAST(l.id AS VARCHAR) || ':' || ?
            WHERE l.expected_at IS NOT NULL OR l.has_row
            ORDER BY l.expected_at NULLS LAST, l.last_name, l.first_name, l.id""",  # noqa: S608 -- the expected-time fragment is a constant
        [
            day,
            is_open,
            location_id,
            scope.ids,
            ENTITY,
            *CLICKS,
            day,
            f"%:{day.isoformat()}",
            ENTITY,
            UNDO,
            day,
            day.isoformat(),
        ],
    )
    now = clock.now()
    rows = [_desk_row(row, day, now) for row in found]
    return DeskDay(day, location_id, is_open, rows, count_statuses(rows))


def _desk_row(row: tuple, day: date, now: datetime) -> DeskRow:
    (pupil_id, number, first, infix, last, class_name, expected_at) = row[:7]
    arrived_at, left_at, absent, reason, remark, by, at, click_id, click = row[7:]
    return DeskRow(
        pupil_id=pupil_id,
        number=number,
        name=nl.full_name(first, infix, last),
        class_name=class_name,
        expected_at=expected_at,
        arrived_at=arrived_at,
        left_at=left_at,
        absent=absent,
        absent_reason=reason,
        remark=remark,
        updated_by=by,
        updated_at=at,
        last_click_id=click_id,
        last_click=click,
        late=is_late(expected_at, arrived_at, absent, day, now),
    )


def is_late(
    expected_at: time | None,
    arrived_at: time | None,
    absent: bool,
    day: date,
    now: datetime,
) -> bool:
    """Late: came in after the expected time, or the expected time passed and not in."""
    if absent or expected_at is None:
        return False
    if arrived_at is not None:
        return attendance.minutes_late(expected_at, arrived_at) > 0
    expected = datetime.combine(day, expected_at.replace(second=0, microsecond=0))
    return now.replace(second=0) > expected


def count_statuses(rows: list[DeskRow]) -> dict[str, int]:
    """How many pupils are Verwacht, Binnen, Klaar, Afgemeld, and how many are late."""
    counts = dict.fromkeys(
        (attendance.VERWACHT, attendance.BINNEN, attendance.KLAAR, attendance.AFGEMELD),
        0,
    )
    for row in rows:
        if row.status in counts:
            counts[row.status] += 1
    counts[TE_LAAT] = sum(row.late for row in rows)
    return counts


def walk_in_candidates(
    con: db.Connection, scope: Scope, desk_day: DeskDay
) -> list[tuple[int, str]]:
    """Pupils of the desk's location not on its list, for an unexpected arrival."""
    listed = {row.pupil_id for row in desk_day.rows}
    found = db.rows(
        con,
        "SELECT id, first_name, infix, last_name FROM pupils "
        "WHERE location_id = ? AND active AND id = ANY(?) "
        "ORDER BY last_name, first_name, id",
        [desk_day.location_id, scope.ids],
    )
    return [
        (pupil_id, nl.full_name(first, infix, last))
        for pupil_id, first, infix, last in found
        if pupil_id not in listed
    ]


# --- the clicks ----------------------------------------------------------------------


def mark_in(
    con: db.Connection, scope: Scope, pupil_id: int, day: date | None = None
) -> bool:
    """Binnen (now). False when the pupil was already in (the first click counts).

    A pupil who was afgemeld and comes anyway is no longer afgemeld; undo brings the
    afmelding back.
    """

    def decide(before: dict[str, Any], now: datetime) -> dict[str, Any]:
        if before["arrived_at"] is not None:
            return {}
        return {
            "arrived_at": _clock_text(now),
            "absent": False,
            "absent_reason": None,
        }

    return _click(con, scope, pupil_id, day, IN, decide)


def mark_done(
    con: db.Connection, scope: Scope, pupil_id: int, day: date | None = None
) -> bool:
    """Klaar (now). False when the pupil was already klaar; refused when not yet in."""

    def decide(before: dict[str, Any], now: datetime) -> dict[str, Any]:
        if before["arrived_at"] is None:
            raise InvalidInput("Deze leerling is nog niet binnen; klik eerst Binnen.")
        if before["left_at"] is not None:
            return {}
        return {"left_at": _clock_text(now)}

    return _click(con, scope, pupil_id, day, DONE, decide)


def mark_absent(
    con: db.Connection,
    scope: Scope,
    pupil_id: int,
    reason: str,
    day: date | None = None,
) -> bool:
    """Afgemeld with a reason. False when already afgemeld; refused when already in."""
    reason = _clean_text(reason, "reden")
    if not reason:
        raise InvalidInput("Vul een reden in, bijvoorbeeld 'ziek'.")

    def decide(before: dict[str, Any], now: datetime) -> dict[str, Any]:
        if before["arrived_at"] is not None:
            raise InvalidInput(
                "Deze leerling is al binnen. Maak Binnen eerst ongedaan, "
                "of gebruik Klaar als de leerling eerder weg is gegaan."
            )
        if before["absent"]:
            return {}
        return {"absent": True, "absent_reason": reason}

    return _click(con, scope, pupil_id, day, ABSENT, decide)


def undo(
    con: db.Connection,
    scope: Scope,
    pupil_id: int,
    click_id: int,
    day: date | None = None,
) -> bool:
    """Undo click `click_id`, the pupil's last desk click of the day.

    Restores the fields that click changed. False when it was undone already (by
    a colleague); refused when it is no longer the last click or its fields have
    changed since.
    """
    scope.require_staff(pupil_id)
    day = day or clock.today()
    actor = scope.viewer.login
    key = _key(pupil_id, day)

    def change(cur: db.Connection) -> bool:
        last = _last_click(cur, key, day)
        already = cur.execute(
            "SELECT 1 FROM changes WHERE entity = ? AND action = ? AND detail = ?",
            [ENTITY, UNDO, str(click_id)],
        ).fetchone()
        if already:
            return False
        if last is None or last[0] != click_id:
            raise InvalidInput(
                "Alleen de laatste klik van deze leerling kan ongedaan worden gemaakt; "
                "de lijst is intussen bijgewerkt."
            )
        detail = json.loads(last[1])
        current = _current(cur, pupil_id, day)
        if any(current[name] != value for name, value in detail["after"].items()):
            raise InvalidInput(
                "Dit is intussen door iemand anders gewijzigd; bekijk de lijst opnieuw."
            )
        now = clock.now()
        _upsert(cur, pupil_id, day, detail["before"], actor, now)
        db.record_change(cur, now, actor, ENTITY, key, UNDO, str(click_id))
        return True

    undone = _write(con, change)
    if undone:
        log.info("desk click %s undone by %s", click_id, actor)
    return undone


def set_remark(
    con: db.Connection,
    scope: Scope,
    pupil_id: int,
    text: str,
    seen: str | None = None,
    day: date | None = None,
) -> bool:
    """Set the day's remark (empty clears it). False when nothing changed.

    `seen` is the remark as the supervisor saw it before editing: when a colleague
    has changed it since, the edit is refused so that theirs is not overwritten.
    """
    scope.require_staff(pupil_id)
    day = day or clock.today()
    text = _clean_text(text, "opmerking") or None
    actor = scope.viewer.login
    key = _key(pupil_id, day)

    def change(cur: db.Connection) -> bool:
        found = cur.execute(
            "SELECT remark, updated_by FROM attendance WHERE pupil_id = ? AND day = ?",
            [pupil_id, day],
        ).fetchone()
        current, by = found if found else (None, None)
        if current == text:
            return False
        if (current or None) != (seen or None):
            raise InvalidInput(
                f"De opmerking is intussen gewijzigd door {by or 'een collega'}: "
                f"'{current or ''}'. Bekijk hem en pas hem zo nodig opnieuw aan."
            )
        now = clock.now()
        _upsert(cur, pupil_id, day, {"remark": text}, actor, now)
        detail = json.dumps({"before": current, "after": text}, ensure_ascii=False)
        db.record_change(cur, now, actor, ENTITY, key, REMARK, detail)
        return True

    return _write(con, change)


# --- how a click is written ------------------------------------------------------------


def _click(con, scope: Scope, pupil_id: int, day: date | None, action: str, decide):
    """Run one click: read the day, decide the new field values, write them, log them."""
    scope.require_staff(pupil_id)
    day = day or clock.today()
    actor = scope.viewer.login
    key = _key(pupil_id, day)

    def change(cur: db.Connection) -> bool:
        now = clock.now()
        before = _current(cur, pupil_id, day)
        after = decide(before, now)
        if not after:
            return False
        _upsert(cur, pupil_id, day, after, actor, now)
        detail = {"before": {name: before[name] for name in after}, "after": after}
        db.record_change(cur, now, actor, ENTITY, key, action, json.dumps(detail))
        return True

    changed = _write(con, change)
    if changed:
        log.info("desk click %s for pupil %s by %s", action, pupil_id, actor)
    return changed


def _current(cur: db.Connection, pupil_id: int, day: date) -> dict[str, Any]:
    found = cur.execute(
        "SELECT arrived_at, left_at, absent, absent_reason FROM attendance "
        "WHERE pupil_id = ? AND day = ?",
        [pupil_id, day],
    ).fetchone()
    arrived_at, left_at, absent, reason = found or (None, None, False, None)
    return {
        "arrived_at": _time_text(arrived_at),
        "left_at": _time_text(left_at),
        "absent": bool(absent),
        "absent_reason": reason,
    }


def _upsert(
    cur: db.Connection,
    pupil_id: int,
    day: date,
    values: dict[str, Any],
    actor: str,
    now: datetime,
) -> None:
    """Insert the day's row or update only the named fields, plus who and when."""
    names = [name for name in values if name in _FIELDS or name == "remark"]
    columns = ", ".join(names)
    marks = ", ".join("?" for _ in names)
    updates = ", ".join(f"{name} = excluded.{name}" for name in names)
    cur.execute(
        f"""INSERT INTO attendance (pupil_id, day, {columns}, updated_by, updated_at)
            VALUES (?, ?, {marks}, ?, ?)
            ON CONFLICT (pupil_id, day) DO UPDATE SET {updates},
                updated_by = excluded.updated_by, updated_at = excluded.updated_at""",  # noqa: S608 -- column names come from _FIELDS only
        [pupil_id, day, *(values[name] for name in names), actor, now],
    )


def _last_click(cur: db.Connection, key: str, day: date) -> tuple[int, str] | None:
    return cur.execute(
        "SELECT c.id, c.detail FROM changes c "
        "WHERE c.entity = ? AND c.entity_key = ? AND c.action IN (?, ?, ?) "
        "AND c.changed_at >= ? AND NOT EXISTS (SELECT 1 FROM changes u "
        "  WHERE u.entity = ? AND u.action = ? AND u.detail = CAST(c.id AS VARCHAR)) "
        "ORDER BY c.id DESC LIMIT 1",
        [ENTITY, key, *CLICKS, day, ENTITY, UNDO],
    ).fetchone()


def _write(con: db.Connection, change, attempts: int = 8):
    """db.write, also retrying when a colleague created the same day row concurrently.

    Two transactions inserting the first row of a pupil's day make DuckDB refuse the
    second with a duplicate key; run again, it finds the row and updates it.
    """
    for attempt in range(1, attempts + 1):
        try:
            return db.write(con, change)
        except duckdb.ConstraintException as error:
            if "Duplicate key" not in str(error) or attempt == attempts:
                raise
            log.info("concurrent first click on a day, retrying (attempt %s)", attempt)
            timer.sleep(0.005 * attempt)
    raise AssertionError("unreachable")


def _key(pupil_id: int, day: date) -> str:
    return f"{pupil_id}:{day.isoformat()}"


def _clock_text(moment: datetime) -> str:
    return moment.strftime("%H:%M:00")


def _time_text(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M:%S")


def _clean_text(text: str | None, what: str) -> str:
    cleaned = " ".join(str(text or "").split())
    if len(cleaned) > MAX_TEXT:
        raise InvalidInput(f"De {what} is te lang: hoogstens {MAX_TEXT} tekens.")
    return cleaned


def undo_label(row: DeskRow) -> str | None:
    """What the undo button takes back: 'Binnen', 'Klaar' or 'Afgemeld' (or None)."""
    return _CLICK_LABELS.get(row.last_click)


def status_label(row: DeskRow) -> str:
    """The status as the desk shows it: 'Binnen 14:05', 'Afgemeld: ziek'."""
    status = row.status
    if status == attendance.BINNEN:
        text = f"Binnen {nl.clock_time(row.arrived_at)}"
    elif status == attendance.KLAAR:
        text = f"Klaar {nl.clock_time(row.left_at)}"
    elif status == attendance.AFGEMELD:
        text = f"Afgemeld: {row.absent_reason}" if row.absent_reason else status
    else:
        text = status
    if row.minutes_late:
        text += f" ({row.minutes_late} min te laat)"
    elif row.late and status == attendance.VERWACHT:
        text = f"{TE_LAAT} — nog niet binnen"
    return text
