"""Homework and tests as staff keep them: add, edit, remove, sign off, comment, grade.

Every change is one transaction that first checks the pupil is in the staff
member's scope, changes only the fields of that action, and records who and when
(updated_by/updated_at and the audit trail). Edits name the values the supervisor
saw; when a colleague changed the same field since, the edit is refused instead of
overwriting theirs.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import duckdb

from studytrack import clock, db, kinds, nl
from studytrack.access import Scope
from studytrack.errors import AccessDenied, InvalidInput

log = logging.getLogger(__name__)

ENTITY = "agenda_item"
MAX_SUBJECT = 60
MAX_DESCRIPTION = 500
MAX_COMMENT = 500

_SELECT = (
    "SELECT id, pupil_id, day, subject, kind, description, comment, signed_off_by, "
    "signed_off_at, grade, weight, updated_by, updated_at FROM agenda_items "
)


@dataclass(frozen=True)
class Item:
    """One homework item or test of a pupil."""

    id: int
    pupil_id: int
    day: date
    subject: str
    kind: str
    description: str
    comment: str | None
    signed_off_by: str | None
    signed_off_at: datetime | None
    grade: Decimal | None
    weight: Decimal
    updated_by: str | None
    updated_at: datetime | None

    @property
    def is_test(self) -> bool:
        return kinds.is_test(self.kind)

    @property
    def sign_off_text(self) -> str:
        """'afgetekend door AB om 16:05 (do 3-12)', or '' when not signed off."""
        if not self.signed_off_by:
            return ""
        when = ""
        if self.signed_off_at is not None:
            when = (
                f" om {nl.clock_time(self.signed_off_at)}"
                f" ({nl.short_date(self.signed_off_at.date())})"
            )
        return f"afgetekend door {self.signed_off_by}{when}"


def week_start(day: date) -> date:
    """The Monday of the week that holds `day`."""
    return day - timedelta(days=day.weekday())


def week_items(
    con: db.Connection, scope: Scope, pupil_id: int, monday: date
) -> list[Item]:
    """A pupil's items from `monday` to the Sunday after, by date and subject."""
    scope.require(pupil_id)
    found = db.rows(
        con,
        _SELECT + "WHERE pupil_id = ? AND day BETWEEN ? AND ? "
        "ORDER BY day, subject, kind, id",
        [pupil_id, monday, monday + timedelta(days=6)],
    )
    return [Item(*row) for row in found]


def tests_of(con: db.Connection, scope: Scope, pupil_id: int) -> list[Item]:
    """A pupil's tests (not homework), oldest first."""
    scope.require(pupil_id)
    found = db.rows(
        con,
        _SELECT + "WHERE pupil_id = ? AND kind = ANY(?) ORDER BY day, subject, id",
        [pupil_id, list(kinds.TEST_KINDS)],
    )
    return [Item(*row) for row in found]


def item(con: db.Connection, scope: Scope, item_id: int) -> Item:
    """One item, if its pupil is in scope."""
    found = db.one(con, _SELECT + "WHERE id = ?", [item_id])
    if found is None:
        raise InvalidInput("Dit item bestaat niet (meer); het is misschien verwijderd.")
    scope.require(found[1])
    return Item(*found)


def subjects(con: db.Connection, scope: Scope, pupil_id: int) -> list[str]:
    """The subjects already used for this pupil, for a picker."""
    scope.require(pupil_id)
    return [
        row[0]
        for row in db.rows(
            con,
            "SELECT DISTINCT subject FROM agenda_items WHERE pupil_id = ? "
            "ORDER BY subject",
            [pupil_id],
        )
    ]


# --- changes -------------------------------------------------------------------------


def add(
    con: db.Connection,
    scope: Scope,
    pupil_id: int,
    day: date,
    subject: str,
    kind: str,
    description: str,
    weight: str | None = None,
) -> int:
    """Add a homework item or test; return its id."""
    scope.require_staff(pupil_id)
    subject, kind, description = _checked(subject, kind, description)
    weight_value = nl.parse_weight(weight or "")
    actor = scope.viewer.login
    now = clock.now()

    def insert(cur: db.Connection) -> int:
        item_id = cur.execute(
            "INSERT INTO agenda_items (pupil_id, day, subject, kind, description, "
            "weight, created_by, created_at, updated_by, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                pupil_id,
                day,
                subject,
                kind,
                description,
                weight_value,
                actor,
                now,
                actor,
                now,
            ],
        ).fetchone()[0]
        db.record_change(
            cur, now, actor, ENTITY, item_id, "toegevoegd", f"{day} {subject} {kind}"
        )
        return item_id

    item_id = _write_refusing_duplicates(con, insert)
    log.info("agenda item %s added by %s", item_id, actor)
    return item_id


def edit(
    con: db.Connection,
    scope: Scope,
    seen: Item,
    day: date,
    subject: str,
    kind: str,
    description: str,
) -> bool:
    """Change an item's date, subject, kind and description. False when unchanged.

    Only the fields that differ from `seen` are written, and only while they still
    hold the values the supervisor saw.
    """
    subject, kind, description = _checked(subject, kind, description)
    wanted = {"day": day, "subject": subject, "kind": kind, "description": description}
    changed = {
        name: value for name, value in wanted.items() if getattr(seen, name) != value
    }
    if not changed:
        return False
    if not kinds.is_test(kind) and seen.grade is not None:
        raise InvalidInput(
            "Dit item heeft een cijfer; alleen een toets kan een cijfer hebben. "
            "Wis eerst het cijfer of kies een soort toets."
        )
    seen_values = {name: getattr(seen, name) for name in changed}
    _update(con, scope, seen.id, changed, seen_values, "gewijzigd")
    return True


def remove(con: db.Connection, scope: Scope, item_id: int) -> None:
    """Remove an item (a homework entry made by mistake)."""
    actor = scope.viewer.login
    now = clock.now()

    def delete(cur: db.Connection) -> None:
        found = _locked_item(cur, scope, item_id)
        cur.execute("DELETE FROM agenda_items WHERE id = ?", [item_id])
        detail = f"{found.day} {found.subject} {found.kind}: {found.description}"
        db.record_change(cur, now, actor, ENTITY, item_id, "verwijderd", detail)

    db.write(con, delete)
    log.info("agenda item %s removed by %s", item_id, actor)


def sign_off(con: db.Connection, scope: Scope, item_id: int) -> bool:
    """Sign an item off with the signed-in supervisor's initials and the time.

    False when a colleague signed it off already (theirs stays).
    """
    initials = scope.viewer.initials
    actor = scope.viewer.login
    now = clock.now()

    def update(cur: db.Connection) -> bool:
        # Access first: who may not change the item learns nothing else about it.
        found = _locked_item(cur, scope, item_id)
        if not initials:
            raise InvalidInput(
                "Je account heeft geen initialen; vraag de beheerder ze in te vullen."
            )
        if found.signed_off_by:
            return False
        cur.execute(
            "UPDATE agenda_items SET signed_off_by = ?, signed_off_at = ?, "
            "updated_by = ?, updated_at = ? WHERE id = ?",
            [initials, now, actor, now, item_id],
        )
        db.record_change(cur, now, actor, ENTITY, item_id, "afgetekend", initials)
        return True

    return db.write(con, update)


def undo_sign_off(con: db.Connection, scope: Scope, item_id: int) -> bool:
    """Take a sign-off back. False when the item was not signed off."""
    actor = scope.viewer.login
    now = clock.now()

    def update(cur: db.Connection) -> bool:
        found = _locked_item(cur, scope, item_id)
        if not found.signed_off_by:
            return False
        cur.execute(
            "UPDATE agenda_items SET signed_off_by = NULL, signed_off_at = NULL, "
            "updated_by = ?, updated_at = ? WHERE id = ?",
            [actor, now, item_id],
        )
        db.record_change(
            cur, now, actor, ENTITY, item_id, "aftekenen ongedaan", found.signed_off_by
        )
        return True

    return db.write(con, update)


def set_comment(
    con: db.Connection, scope: Scope, item_id: int, text: str, seen: str | None
) -> bool:
    """Set the supervisor's comment on an item (empty removes it). False: unchanged."""
    comment = _clean(text, MAX_COMMENT, "opmerking") or None
    return _update(
        con, scope, item_id, {"comment": comment}, {"comment": seen}, "opmerking"
    )


def set_grade(
    con: db.Connection,
    scope: Scope,
    item_id: int,
    grade: str | None = None,
    weight: str | None = None,
    seen: Item | None = None,
) -> bool:
    """Enter or correct a test's grade and/or weight, as typed ('7,5', '7.5', '2').

    None leaves a field alone; an empty grade clears it (not known yet). False when
    nothing changed.
    """
    changes = {}
    if grade is not None:
        changes["grade"] = nl.parse_grade(grade) if str(grade).strip() else None
    if weight is not None:
        changes["weight"] = nl.parse_weight(weight)
    if not changes:
        return False
    seen_values = {name: getattr(seen, name) for name in changes} if seen else None
    return _update(con, scope, item_id, changes, seen_values, "cijfer", tests_only=True)


# --- helpers ---------------------------------------------------------------------------


def _checked(subject: str, kind: str, description: str) -> tuple[str, str, str]:
    subject = _clean(subject, MAX_SUBJECT, "vaknaam")
    description = _clean(description, MAX_DESCRIPTION, "omschrijving")
    if not subject:
        raise InvalidInput("Vul het vak in, bijvoorbeeld Wiskunde.")
    if not description:
        raise InvalidInput("Vul een omschrijving in, bijvoorbeeld 'H4 opgaven 1-12'.")
    known = kinds.canonical(kind)
    if known is None:
        raise InvalidInput(
            f"'{kind}' is geen soort; kies uit {', '.join(kinds.ALL_KINDS)}."
        )
    return subject, known, description


def _clean(text: str | None, limit: int, what: str) -> str:
    cleaned = " ".join(str(text or "").split())
    if len(cleaned) > limit:
        raise InvalidInput(f"De {what} is te lang: hoogstens {limit} tekens.")
    return cleaned


def _locked_item(cur: db.Connection, scope: Scope, item_id: int) -> Item:
    """Read an item inside a transaction and check staff may change its pupil."""
    found = cur.execute(_SELECT + "WHERE id = ?", [item_id]).fetchone()
    if found is None:
        raise InvalidInput("Dit item bestaat niet (meer); het is misschien verwijderd.")
    scope.require_staff(found[1])
    return Item(*found)


def _update(
    con: db.Connection,
    scope: Scope,
    item_id: int,
    changes: dict,
    seen: dict | None,
    action: str,
    tests_only: bool = False,
) -> bool:
    """Write the changed fields of one item, refusing when a colleague changed them."""
    if not scope.viewer.is_staff:
        raise AccessDenied("Alleen de begeleiding kan dit wijzigen.")
    actor = scope.viewer.login
    now = clock.now()

    def update(cur: db.Connection) -> bool:
        found = _locked_item(cur, scope, item_id)
        if tests_only and not found.is_test:
            raise InvalidInput("Alleen een toets heeft een cijfer en een weging.")
        current = {name: getattr(found, name) for name in changes}
        if current == changes:
            return False
        if seen is not None and any(current[name] != seen[name] for name in changes):
            raise InvalidInput(
                f"Dit item is intussen gewijzigd door {found.updated_by or 'een collega'}. "
                "Bekijk de nieuwe gegevens en probeer het opnieuw."
            )
        assignments = ", ".join(f"{name} = ?" for name in changes)
        sql = f"UPDATE agenda_items SET {assignments}, updated_by = ?, updated_at = ? WHERE id = ?"  # noqa: S608 -- column names come from this module only
        cur.execute(sql, [*changes.values(), actor, now, item_id])
        detail = ", ".join(
            f"{name}: {current[name]} → {changes[name]}" for name in changes
        )
        db.record_change(cur, now, actor, ENTITY, item_id, action, detail)
        return True

    return _write_refusing_duplicates(con, update)


def _write_refusing_duplicates(con: db.Connection, change):
    """db.write, turning the unique (pupil, day, subject, kind, description) into Dutch."""
    try:
        return db.write(con, change)
    except duckdb.ConstraintException as error:
        if "Duplicate key" not in str(error):
            raise
        raise InvalidInput(
            "Dit item staat er al: dezelfde dag, hetzelfde vak, dezelfde soort en "
            "omschrijving."
        ) from error
