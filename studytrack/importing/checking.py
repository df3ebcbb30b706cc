"""Checking the rows of an import file in the staging database.

Everything runs as SQL over the staged rows, so a million rows stay fast. Values are
read by the same rules as everywhere else in StudyTrack (`nl.parse_date`,
`nl.parse_time`, `kinds.canonical` …): each distinct text of a column is read once
in Python and the outcome joined back to the rows, so a column of a million dates
costs a few hundred readings. Every cell or row that is wrong becomes one line in
the table `problems` (line, column, value, Dutch message); the rows without any
problem end up in `incoming`, typed, ready to be written.

A cell that an export neutralised against spreadsheet formulas ("'=…") is read back
without the added quote, so export → import gives the same text.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pyarrow as pa

from studytrack import accounts, clock, db, kinds, nl
from studytrack.errors import InvalidInput
from studytrack.importing import contract as c
from studytrack.importing.contract import Kind, Problem
from studytrack.importing.reading import Stage, Staged

log = logging.getLogger(__name__)

MAX_PROBLEMS = 10_000
REQUIRED_EMPTY = "Dit veld is verplicht en is leeg."
UNKNOWN_PUPIL = (
    "Er is geen leerling met dit leerlingnummer; importeer eerst de leerlingen."
)
DEFAULT_VALID_FROM = date(2000, 1, 1)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# How a cell's text is cleaned: spaces (also non-breaking) trimmed; a neutralised
# cell ("'=…", see exporting.guard_formula) without the added quote; line breaks
# inside a cell as a single "\n", whatever the file used; empty is NULL. Text that
# is stored as it is gets this in SQL (each step refers to its input once, so DuckDB
# computes it once); a typed column is cleaned in Python, per distinct text, just
# before it is read (`clean_text`).
_TRIM = r"regexp_replace({}, '^[\s\x{{00A0}}]+|[\s\x{{00A0}}]+$', '', 'g')"
_UNGUARD = r"regexp_replace({}, '^''(''*[=+\-@\t\r])', '\1')"
_ONE_BREAK = "replace(replace({}, chr(13) || chr(10), chr(10)), chr(13), chr(10))"
# A join key, a million times in an attendance file: trimmed, and unguarded only
# when it starts with a quote.
_KEY = "CASE WHEN starts_with({0}, chr(39)) THEN nullif({1}, '') ELSE nullif(trim({0}), '') END"
_GUARDED = re.compile(r"^'('*[=+\-@\t\r])")
_WHITESPACE = " \t\r\n\u00a0"


def _cleaned(source: str, column_type: str) -> str:
    """SQL for the text of staging column `source` as the table `cleaned` holds it."""
    if column_type in PARSERS:
        return source
    if column_type == c.PUPIL:
        return _KEY.format(source, _UNGUARD.format(_TRIM.format(source)))
    return f"nullif({_ONE_BREAK.format(_UNGUARD.format(_TRIM.format(source)))}, '')"


def clean_text(text: str) -> str:
    """A cell's text cleaned as `_cleaned` does in SQL ('' when empty)."""
    text = _GUARDED.sub(r"\1", text.strip(_WHITESPACE))
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Checked:
    """The outcome of checking the staged rows."""

    rows: int
    good: int
    problems: list[Problem]
    problem_count: int
    preview: list[dict[str, str | None]]


# --- reading one value, by column type ------------------------------------------------


def _date(text: str) -> date:
    day = nl.parse_date(text)
    if not 1900 <= day.year <= 2100:
        raise InvalidInput(f"'{text}' ligt niet tussen 1900 en 2100; klopt het jaar?")
    return day


def _timestamp(text: str) -> datetime:
    day_text, _, time_text = re.sub(r"(\d)T(\d)", r"\1 \2", text).partition(" ")
    day = _date(day_text)
    moment = nl.parse_time(time_text) if time_text.strip() else None
    return datetime.combine(day, moment) if moment else datetime(*day.timetuple()[:3])


def _weight(text: str) -> Decimal:
    weight = nl.parse_weight(text)
    if weight <= 0:
        raise InvalidInput(f"Een weging ligt tussen 0 en 100; '{text}' niet.")
    return weight


def _kind(text: str) -> str:
    kind = kinds.canonical(text)
    if kind is None:
        raise InvalidInput(
            f"'{text}' is geen soort; kies uit {', '.join(kinds.ALL_KINDS)}."
        )
    return kind


def _test_kind(text: str) -> str:
    kind = _kind(text)
    if not kinds.is_test(kind):
        raise InvalidInput(
            f"'{text}' is geen toets; een cijfer hoort bij "
            f"{', '.join(kinds.TEST_KINDS)}."
        )
    return kind


def _initials(text: str) -> str:
    cleaned = text.strip()
    if not (1 <= len(cleaned) <= 4 and cleaned.isalpha()):
        raise InvalidInput(
            f"'{text}' zijn geen initialen; schrijf 1 tot 4 letters, bijvoorbeeld AB."
        )
    return cleaned.upper()


def _email(text: str) -> str:
    if not _EMAIL.match(text):
        raise InvalidInput(f"'{text}' is geen e-mailadres.")
    return text


def _login(text: str) -> str:
    login = accounts.normalise_login(text)
    if not login or len(login) > 64 or any(char.isspace() for char in login):
        raise InvalidInput("Een inlognaam is 1 tot 64 tekens, zonder spaties.")
    return login


def _logins(text: str) -> list[str]:
    return sorted({_login(part) for part in text.split(",") if part.strip()})


# type → (reader, arrow type of the value)
PARSERS: dict[str, tuple[Callable[[str], Any], pa.DataType]] = {
    c.DATE: (_date, pa.date32()),
    c.TIME: (nl.parse_time, pa.time64("us")),
    c.TIMESTAMP: (_timestamp, pa.timestamp("us")),
    c.YES_NO: (nl.parse_yes_no, pa.bool_()),
    c.GRADE: (nl.parse_grade, pa.decimal128(3, 1)),
    c.WEIGHT: (_weight, pa.decimal128(4, 1)),
    c.WEEKDAY: (nl.parse_weekday, pa.int16()),
    c.KIND: (_kind, pa.string()),
    c.TEST_KIND: (_test_kind, pa.string()),
    c.INITIALS: (_initials, pa.string()),
    c.EMAIL: (_email, pa.string()),
    c.LOGIN: (_login, pa.string()),
    c.MENTORS: (_logins, pa.list_(pa.string())),
}


# --- the checks -------------------------------------------------------------------------


def prepare(stage: Stage, con: db.Connection) -> None:
    """Give the staging database what it must know of the institute."""
    known = {
        "known_pupils": "SELECT number, id, location_id FROM pupils",
        "known_accounts": "SELECT login, id, role FROM accounts",
        "known_locations": "SELECT name, id FROM locations",
    }
    for name, sql in known.items():
        table = db.frame(con, sql)
        stage.register(f"{name}_frame", table)
        stage.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_frame")  # noqa: S608 -- constant names
        stage.unregister(f"{name}_frame")


def check(stage: Stage, staged: Staged) -> Checked:
    """Check every staged row of `staged.kind`; fill `problems` and `incoming`."""
    kind = staged.kind
    _clean(stage, staged)
    for column in kind.columns:
        if column.type in PARSERS:
            _parse_column(stage, column)
    _type(stage, kind)
    stage.execute(
        "CREATE TABLE problems (line BIGINT, name VARCHAR, value VARCHAR, message VARCHAR)"
    )
    _cell_problems(stage, kind)
    _row_problems(stage, kind)
    _duplicate_problems(stage, kind)
    _incoming(stage, kind)
    rows = stage.execute("SELECT count(*) FROM cleaned").fetchone()[0]
    good = stage.execute("SELECT count(*) FROM incoming").fetchone()[0]
    problems, count = _problems(stage, staged)
    return Checked(
        rows=rows + staged.rejected_lines,
        good=good,
        problems=problems,
        problem_count=count,
        preview=_preview(stage, staged),
    )


def _clean(stage: Stage, staged: Staged) -> None:
    """`cleaned`: each known column's text (see `_cleaned`); blank rows left out."""
    selects = []
    for column in staged.kind.columns:
        source = staged.columns.get(column.name)
        text = _cleaned(source, column.type) if source else "CAST(NULL AS VARCHAR)"
        selects.append(f'{text} AS "{column.name}_text"')
    stage.execute(
        f"CREATE TABLE cleaned AS SELECT line, {', '.join(selects)} FROM raw"  # noqa: S608 -- names from the contract
    )
    # (a separate step: a filter in the same query would compute every cell twice)
    present = " OR ".join(
        f"trim(coalesce(\"{name}_text\", '')) <> ''" for name in staged.columns
    )
    stage.execute(f"DELETE FROM cleaned WHERE NOT ({present})")  # noqa: S608 -- names from the contract


def _parse_column(stage: Stage, column: c.Column) -> None:
    """`parsed_<column>`: every distinct text of the column, its value or its problem."""
    parse, value_type = PARSERS[column.type]
    texts = [
        row[0]
        for row in stage.execute(
            f'SELECT DISTINCT "{column.name}_text" FROM cleaned '  # noqa: S608 -- contract name
            f'WHERE "{column.name}_text" IS NOT NULL'
        ).fetchall()
    ]
    values, messages, blanks = [], [], []
    for text in texts:
        cleaned = clean_text(text)
        blanks.append(cleaned == "")
        try:
            values.append(parse(cleaned) if cleaned else None)
            messages.append(None)
        except InvalidInput as error:
            values.append(None)
            messages.append(str(error))
    table = pa.table(
        {
            "text": pa.array(texts, pa.string()),
            "value": pa.array(values, value_type),
            "message": pa.array(messages, pa.string()),
            "blank": pa.array(blanks, pa.bool_()),
        }
    )
    stage.register("parsed_frame", table)
    stage.execute(f'CREATE TABLE "parsed_{column.name}" AS SELECT * FROM parsed_frame')  # noqa: S608 -- names from the contract
    stage.unregister("parsed_frame")


def _value(column: c.Column) -> str:
    """SQL for the typed value of a column in `typed`."""
    if column.type == c.PUPIL:
        return "pupil_id"
    if column.type in PARSERS:
        return f'"{column.name}"'
    return f'"{column.name}_text"'


def _type(stage: Stage, kind: Kind) -> None:
    """`typed`: the cleaned texts plus each column's value and the pupil's id."""
    selects, joins = ["t.*"], []
    for column in kind.columns:
        if column.type in PARSERS:
            alias = f'"p_{column.name}"'
            selects.append(f'{alias}.value AS "{column.name}"')
            joins.append(
                f'LEFT JOIN "parsed_{column.name}" {alias} '
                f'ON {alias}.text = t."{column.name}_text"'
            )
        elif column.type == c.PUPIL:
            selects.append("k.id AS pupil_id")
            joins.append("LEFT JOIN known_pupils k ON k.number = t.leerlingnummer_text")
    stage.execute(
        f"CREATE TABLE typed AS SELECT {', '.join(selects)} FROM cleaned t "  # noqa: S608 -- names from the contract
        f"{' '.join(joins)}"
    )


def _cell_problems(stage: Stage, kind: Kind) -> None:
    for column in kind.columns:
        name = column.name
        if column.required and column.type in PARSERS:
            stage.execute(
                "INSERT INTO problems SELECT t.line, ?, NULL, ? FROM cleaned t "  # noqa: S608 -- contract name
                f'LEFT JOIN "parsed_{name}" p ON p.text = t."{name}_text" '
                f'WHERE t."{name}_text" IS NULL OR p.blank',
                [name, REQUIRED_EMPTY],
            )
        elif column.required:
            stage.execute(
                "INSERT INTO problems SELECT line, ?, NULL, ? FROM cleaned "  # noqa: S608 -- contract name
                f'WHERE "{name}_text" IS NULL',
                [name, REQUIRED_EMPTY],
            )
        if column.type in PARSERS:
            stage.execute(
                f'INSERT INTO problems SELECT t.line, ?, t."{name}_text", p.message '  # noqa: S608 -- contract name
                f'FROM cleaned t JOIN "parsed_{name}" p ON p.text = t."{name}_text" '
                "WHERE p.message IS NOT NULL",
                [name],
            )
        if column.type == c.PUPIL:
            stage.execute(
                "INSERT INTO problems SELECT line, 'leerlingnummer', "
                "leerlingnummer_text, ? FROM typed "
                "WHERE leerlingnummer_text IS NOT NULL AND pupil_id IS NULL",
                [UNKNOWN_PUPIL],
            )


def _row_problems(stage: Stage, kind: Kind) -> None:
    """Checks across the columns of a row, or against the institute's accounts."""
    for sql, params in _ROW_CHECKS.get(kind.name, ()):
        stage.execute("INSERT INTO problems " + sql, params)
    if kind.name == "leerlingen":
        _location_problems(stage)
        stage.execute(
            "INSERT INTO problems SELECT line, 'geboortedatum', geboortedatum_text, ? "
            "FROM typed WHERE geboortedatum > ?",
            ["Een geboortedatum ligt niet in de toekomst.", clock.today()],
        )


_ROW_CHECKS: dict[str, list[tuple[str, list]]] = {
    "aanwezigheid": [
        (
            "SELECT line, 'klaar', klaar_text, 'Klaar ligt vóór binnen (' || "
            "binnen_text || ').' FROM typed WHERE klaar < binnen",
            [],
        ),
    ],
    "rooster": [
        (
            "SELECT line, 'tot', tot_text, 'Tot ligt vóór vanaf (' || vanaf_text || ').' "
            "FROM typed WHERE tot < coalesce(vanaf, DATE '2000-01-01')",
            [],
        ),
    ],
    "huiswerk": [
        (
            "SELECT line, 'afgetekend_door', NULL, ? FROM typed "
            "WHERE afgetekend_op_text IS NOT NULL AND afgetekend_door_text IS NULL",
            [
                "Afgetekend_op is ingevuld maar afgetekend_door niet; vul de "
                "initialen in van wie aftekende."
            ],
        ),
    ],
    "leerlingen": [
        (
            "SELECT line, 'mentor', mentor_text, 'Er is geen mentor met de inlognaam '''"
            " || login || '''.' FROM (SELECT line, mentor_text, unnest(mentor) AS login "
            "FROM typed WHERE mentor IS NOT NULL) "
            "WHERE login NOT IN (SELECT login FROM known_accounts WHERE role = 'mentor')",
            [],
        ),
    ],
    "ouders": [
        (
            "SELECT t.line, 'gebruikersnaam', t.gebruikersnaam_text, "
            "'Deze inlognaam hoort bij een account met de rol ' || a.role || "
            "', niet bij een ouder.' FROM typed t "
            "JOIN known_accounts a ON a.login = t.gebruikersnaam WHERE a.role <> 'ouder'",
            [],
        ),
    ]
    + [
        (
            f"SELECT line, '{name}', {name}_text, 'Dezelfde gebruikersnaam staat op "  # noqa: S608 -- constant names
            f"regel ' || first_line || ' met {label} ' || first_text || '.' FROM ("
            f"  SELECT line, {name}_text, {value} AS value, "
            "    first_value(line) OVER w AS first_line, "
            f"    first_value({name}_text) OVER w AS first_text, "
            f"    first_value({value}) OVER w AS first "
            f"  FROM typed WHERE gebruikersnaam IS NOT NULL AND {value} IS NOT NULL "
            "  WINDOW w AS (PARTITION BY gebruikersnaam ORDER BY line)) "
            "WHERE value <> first",
            [],
        )
        for name, value, label in (
            ("naam", "naam_text", "een andere naam:"),
            ("email", "email", "een ander e-mailadres:"),
            ("telefoon", "telefoon_text", "een ander telefoonnummer:"),
        )
    ],
}


def _location_problems(stage: Stage) -> None:
    """A new pupil needs a vestiging unless the institute has exactly one."""
    locations = stage.execute("SELECT count(*) FROM known_locations").fetchone()[0]
    if locations == 1:
        return
    message = (
        "Er is nog geen vestiging; vul de vestiging van de leerling in."
        if locations == 0
        else "Het instituut heeft meer vestigingen; vul de vestiging van de leerling in."
    )
    stage.execute(
        "INSERT INTO problems SELECT line, 'vestiging', NULL, ? FROM typed "
        "WHERE vestiging_text IS NULL AND leerlingnummer_text IS NOT NULL "
        "AND leerlingnummer_text NOT IN (SELECT number FROM known_pupils)",
        [message],
    )


def _key_values(kind: Kind) -> list[str]:
    values = []
    for name in kind.key:
        value = _value(kind.column(name))
        if kind.name == "rooster" and name == "vanaf":
            value = "coalesce(vanaf, DATE '2000-01-01')"
        values.append(value)
    return values


def _duplicate_problems(stage: Stage, kind: Kind) -> None:
    """A second row with the same natural key as an earlier one is a problem."""
    keys = _key_values(kind)
    named = ", ".join(f"{value} AS k{index}" for index, value in enumerate(keys))
    complete = " AND ".join(
        f"{value} IS NOT NULL"
        for name, value in zip(kind.key, keys, strict=True)
        if kind.column(name).required
    )
    same = " AND ".join(
        f"t.k{index} IS NOT DISTINCT FROM d.k{index}" for index in range(len(keys))
    )
    groups = ", ".join(f"k{index}" for index in range(len(keys)))
    label = " en ".join(kind.key)
    stage.execute(
        f"INSERT INTO problems SELECT t.line, NULL, NULL, "  # noqa: S608 -- names from the contract
        f"'Deze rij staat al op regel ' || d.first_line || ' (zelfde {label}).' "
        f"FROM (SELECT line, {named} FROM typed WHERE {complete}) t "
        f"JOIN (SELECT {groups}, min(line) AS first_line FROM "
        f"  (SELECT line, {named} FROM typed WHERE {complete}) "
        f"  GROUP BY {groups} HAVING count(*) > 1) d ON {same} "
        "WHERE t.line > d.first_line"
    )


def _incoming(stage: Stage, kind: Kind) -> None:
    """`incoming`: the rows without problems, one typed column per contract column."""
    selects = []
    for column in kind.columns:
        value = _value(column)
        if kind.name == "rooster" and column.name == "vanaf":
            value = "coalesce(vanaf, DATE '2000-01-01')"
        if column.type == c.PUPIL:
            selects.append("pupil_id")
        else:
            selects.append(f'{value} AS "{column.name}"')
    if kind.name == "leerlingen":
        selects.append(
            "(SELECT CASE WHEN count(*) = 1 THEN min(id) END FROM known_locations) "
            "AS default_location_id"
        )
    stage.execute(
        f"CREATE TABLE incoming AS SELECT line, {', '.join(selects)} FROM typed "  # noqa: S608 -- names from the contract
        "WHERE line NOT IN (SELECT line FROM problems WHERE line IS NOT NULL)"
    )


def _problems(stage: Stage, staged: Staged) -> tuple[list[Problem], int]:
    """The file's problems in line order (at most MAX_PROBLEMS), and how many in all."""
    names = staged.kind.names
    found = stage.execute(
        "SELECT line, name, value, message FROM problems "
        "ORDER BY line, list_position(?, name) NULLS FIRST LIMIT ?",
        [names, MAX_PROBLEMS],
    ).fetchall()
    count = stage.execute("SELECT count(*) FROM problems").fetchone()[0]
    rows = [
        Problem(line, staged.spelled.get(name, name), value, message)
        for line, name, value, message in found
    ] + staged.problems
    rows.sort(key=lambda problem: problem.line or 0)
    return rows[:MAX_PROBLEMS], count + len(staged.problems)


def _preview(stage: Stage, staged: Staged, limit: int = 20) -> list[dict]:
    """The first rows as the file holds them, for the page's preview."""
    names = [name for name in staged.kind.names if name in staged.columns]
    found = stage.execute(
        f"SELECT line, {', '.join(f'{chr(34)}{n}_text{chr(34)}' for n in names)} "  # noqa: S608 -- contract names
        "FROM cleaned ORDER BY line LIMIT ?",
        [limit],
    ).fetchall()
    headers = ["Regel"] + [staged.spelled[name] for name in names]
    return [dict(zip(headers, row, strict=True)) for row in found]
