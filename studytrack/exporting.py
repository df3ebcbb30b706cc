"""Exporting the institute's data in the format the import reads (product.md §5).

One file per kind, with the import's Dutch column names: `;` between fields, a
decimal comma, dates as 03-12-2026, times as 14:05, ja/nee, UTF-8 with byte-order
mark so that Excel opens it as it is; or an XLSX workbook with the same cells as
text. Export → import into an empty database gives the same data (staff and mentor
accounts excepted: create those first; parents get new one-time passwords).

A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a
carriage return, possibly after leading quotes) gets one leading quote, which the
import removes again (see `checking`), so such text round-trips exactly.
Limitation: the import trims spaces around every cell, so text with leading or
trailing spaces comes back without them.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import IO

from studytrack import clock, db, kinds, nl
from studytrack.access import Scope, Viewer
from studytrack.errors import AccessDenied, InvalidInput, StudyTrackError
from studytrack.importing.contract import KINDS
from studytrack.spreadsheet import neutralise

XLSX_MAX_ROWS = 1_048_575
_BATCH = 10_000
DEFAULT_VALID_FROM = date(2000, 1, 1)

_QUERIES = {
    "leerlingen": """
        SELECT p.number, p.first_name, p.infix, p.last_name, l.name, p.school,
               p.class_name, p.birth_date, p.phone, p.email, p.address,
               p.focus_subjects,
               (SELECT string_agg(a.login, ', ' ORDER BY a.login)
                FROM account_pupils ap JOIN accounts a ON a.id = ap.account_id
                WHERE ap.pupil_id = p.id AND a.role = 'mentor')
        FROM pupils p JOIN locations l ON l.id = p.location_id
        WHERE p.id = ANY(?) ORDER BY p.number""",
    "ouders": """
        SELECT a.login, a.name, a.email, a.phone, p.number
        FROM accounts a JOIN account_pupils ap ON ap.account_id = a.id
        JOIN pupils p ON p.id = ap.pupil_id
        WHERE a.role = 'ouder' AND p.id = ANY(?) ORDER BY a.login, p.number""",
    "rooster": """
        SELECT p.number, s.weekday, s.expected_at, s.valid_from, s.valid_to
        FROM schedules s JOIN pupils p ON p.id = s.pupil_id
        WHERE p.id = ANY(?) ORDER BY p.number, s.weekday, s.valid_from""",
    "aanwezigheid": """
        SELECT p.number, a.day, a.expected_at, a.arrived_at, a.left_at, a.absent,
               a.absent_reason, a.remark
        FROM attendance a JOIN pupils p ON p.id = a.pupil_id
        WHERE p.id = ANY(?) ORDER BY p.number, a.day""",
    "huiswerk": """
        SELECT p.number, i.day, i.subject, i.kind, i.description, i.comment,
               i.signed_off_by, i.signed_off_at
        FROM agenda_items i JOIN pupils p ON p.id = i.pupil_id
        WHERE p.id = ANY(?)
        ORDER BY p.number, i.day, i.subject, i.kind, i.description""",
    "cijfers": """
        SELECT p.number, i.day, i.subject, i.kind, i.description, i.grade, i.weight
        FROM agenda_items i JOIN pupils p ON p.id = i.pupil_id
        WHERE p.id = ANY(?) AND i.kind = ANY(?)
        ORDER BY p.number, i.day, i.subject, i.kind, i.description""",
    "logboek": """
        SELECT p.number, l.day, l.author, l.text
        FROM logbook l JOIN pupils p ON p.id = l.pupil_id
        WHERE p.id = ANY(?) ORDER BY p.number, l.day, l.author, l.text""",
}


# Text that a spreadsheet could run as a formula, with one leading quote added: the
# one rule of every download (spreadsheet.neutralise), which the import reverses.
guard_formula = neutralise


@lru_cache(maxsize=4096)
def _date(day: date) -> str:
    return nl.numeric_date(day)


@lru_cache(maxsize=4096)
def _time(moment: time) -> str:
    return nl.clock_time(moment)


def _weight(weight: Decimal) -> str:
    return format(Decimal(weight).normalize(), "f").replace(".", ",")


def _cell(value: object) -> str:
    """One stored value as the import reads it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return f"{_date(value.date())} {_time(value.time())}"
    if isinstance(value, date):
        return _date(value)
    if isinstance(value, time):
        return _time(value)
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def _format(kind: str, row: tuple) -> list[str]:
    """A stored row as the cells of its kind's file."""
    if kind == "rooster":
        number, weekday, expected_at, valid_from, valid_to = row
        valid_from = None if valid_from == DEFAULT_VALID_FROM else valid_from
        row = (
            number,
            nl.WEEKDAYS_SHORT[weekday - 1],
            expected_at,
            valid_from,
            valid_to,
        )
    elif kind == "cijfers":
        *head, grade, weight = row
        return [_cell(value) for value in head] + [nl.grade(grade), _weight(weight)]
    return [_cell(value) for value in row]


def institute_scope(con: db.Connection, actor: str) -> Scope:
    """An administrator's scope for the command line: every active pupil."""
    found = db.rows(con, "SELECT id FROM pupils WHERE active")
    viewer = Viewer(0, actor, actor, "beheerder", None, frozenset())
    return Scope(viewer, frozenset(row[0] for row in found))


def rows(con: db.Connection, scope: Scope, kind: str) -> Iterator[list[str]]:
    """The header and then every row of one kind, as text cells (admins only)."""
    if not scope.viewer.is_admin:
        raise AccessDenied("Alleen de beheerder kan gegevens exporteren.")
    if kind not in KINDS:
        raise InvalidInput(f"'{kind}' is geen soort; kies uit {', '.join(KINDS)}.")
    yield list(KINDS[kind].names)
    params: list = [scope.ids]
    if kind == "cijfers":
        params.append(list(kinds.TEST_KINDS))
    cur = con.cursor()
    try:
        cur.execute(_QUERIES[kind], params)
        while batch := cur.fetchmany(_BATCH):
            for row in batch:
                yield _format(kind, row)
    finally:
        cur.close()


def row_count(con: db.Connection, scope: Scope, kind: str) -> int:
    """How many rows an export of this kind holds (without the header)."""
    if not scope.viewer.is_admin:
        raise AccessDenied("Alleen de beheerder kan gegevens exporteren.")
    params: list = [scope.ids]
    if kind == "cijfers":
        params.append(list(kinds.TEST_KINDS))
    return db.value(con, f"SELECT count(*) FROM ({_QUERIES[kind]})", params)  # noqa: S608 -- constant queries


def file_name(kind: str, file_format: str = "csv") -> str:
    """'aanwezigheid-2026-12-03.csv'."""
    return f"{kind}-{clock.today().isoformat()}.{file_format}"


def export(
    con: db.Connection, scope: Scope, kind: str, file_format: str = "csv"
) -> bytes:
    """One kind as the bytes of a CSV (Dutch Excel) or XLSX file."""
    buffer = io.BytesIO()
    _write(con, scope, kind, file_format, buffer)
    return buffer.getvalue()


def export_to_file(con: db.Connection, scope: Scope, kind: str, path: Path) -> int:
    """Write one kind to `path` (XLSX for a .xlsx name, else CSV); return the row count."""
    file_format = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    if not path.parent.is_dir():
        raise StudyTrackError(f"De map {path.parent} bestaat niet.")
    try:
        with path.open("wb") as handle:
            return _write(con, scope, kind, file_format, handle)
    except OSError as error:
        raise StudyTrackError(
            f"{path} kan niet geschreven worden ({error.strerror})."
        ) from error


def _write(
    con: db.Connection, scope: Scope, kind: str, file_format: str, target: IO[bytes]
) -> int:
    if file_format == "xlsx":
        return _write_xlsx(rows(con, scope, kind), kind, target)
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    count = -1
    for count, cells in enumerate(rows(con, scope, kind)):  # noqa: B007
        writer.writerow(cells)
    text.flush()
    text.detach()
    return max(count, 0)


def _write_xlsx(cells: Iterator[list[str]], kind: str, target: IO[bytes]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind)
    count = -1
    for count, row in enumerate(cells):
        if count > XLSX_MAX_ROWS:
            raise InvalidInput(
                "Te veel rijen voor een Excel-werkmap; kies een CSV-export."
            )
        sheet.append(row)
    book.save(target)
    return max(count, 0)
