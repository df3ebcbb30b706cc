"""Property tests: any valid table imports exactly, and no input crashes the importer."""

import csv
import io
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studytrack import db, exporting, importing
from studytrack.importing import ImportFile

FIXTURES = Path(__file__).parent / "fixtures" / "import"
PUPILS = ["100001", "100002", "100003"]
HEADER = [
    "leerlingnummer",
    "datum",
    "verwacht",
    "binnen",
    "klaar",
    "afgemeld",
    "reden",
    "opmerking",
]
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def institute(tmp_path_factory):
    """One database with the three fixture pupils, shared by the examples."""
    con = db.connect(tmp_path_factory.mktemp("eigenschappen") / "db.duckdb")
    con.execute("INSERT INTO locations (name) VALUES ('Centrum'), ('Oost')")
    for number, mentor in (("mentor1", "Een"), ("mentor2", "Twee")):
        con.execute(
            "INSERT INTO accounts (login, name, role) VALUES (?, ?, 'mentor')",
            [number, mentor],
        )
    outcome = importing.run(
        con, "test", ImportFile.from_path(FIXTURES / "leerlingen.csv")
    )
    assert outcome.inserted == 3
    yield con
    con.close()


# Text as staff type it: letters with accents, separators, quotes, line breaks and
# formula starters anywhere; no spaces around it (the import trims those).
_CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=["Cs", "Cc", "Zl", "Zp"],
    exclude_characters="\x85",
) | st.sampled_from(list(";,\t\"'\n=+-@ëéïç€"))
TEXT = (
    st.text(_CHARACTERS, max_size=30)
    .map(lambda text: text.strip(" \t\n\u00a0"))
    .filter(lambda text: text == text.strip() and "\r" not in text)
)
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
TIMES = st.times().map(lambda moment: time(moment.hour, moment.minute))


@st.composite
def attendance_rows(draw):
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(PUPILS), DATES),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    rows = []
    for number, day in keys:
        arrived = draw(st.none() | TIMES)
        left = draw(st.none() | TIMES)
        if arrived and left and left < arrived:
            arrived, left = left, arrived
        rows.append(
            (
                number,
                day,
                draw(st.none() | TIMES),
                arrived,
                left,
                draw(st.booleans()),
                draw(st.none() | TEXT.filter(bool)),
                draw(st.none() | TEXT.filter(bool)),
            )
        )
    return rows


DATE_SPELLINGS = [
    lambda d: d.strftime("%d-%m-%Y"),
    lambda d: f"{d.day}-{d.month}-{d.year}",
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: d.isoformat(),
]
TIME_SPELLINGS = [
    lambda t: t.strftime("%H:%M"),
    lambda t: f"{t.hour}:{t.minute:02d}",
    lambda t: t.strftime("%H.%M"),
]
YES_NO_SPELLINGS = [
    ("ja", "nee"),
    ("j", "n"),
    ("1", "0"),
    ("true", "false"),
    ("JA", "Nee"),
]


@st.composite
def spelled_files(draw):
    """Generated attendance rows, and a file holding them in some real export style."""
    rows = draw(attendance_rows())
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    spell_date = draw(st.sampled_from(DATE_SPELLINGS))
    spell_time = draw(st.sampled_from(TIME_SPELLINGS))
    yes, no = draw(st.sampled_from(YES_NO_SPELLINGS))
    header = [
        draw(st.sampled_from([name, name.upper(), name.title()])) for name in HEADER
    ]
    text = io.StringIO()
    writer = csv.writer(
        text, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\r\n", "\n"]))
    )
    writer.writerow(header)
    for number, day, expected, arrived, left, absent, reason, remark in rows:
        writer.writerow(
            [
                number,
                spell_date(day),
                spell_time(expected) if expected else "",
                spell_time(arrived) if arrived else "",
                spell_time(left) if left else "",
                yes if absent else no,
                exporting.guard_formula(reason) if reason else "",
                exporting.guard_formula(remark) if remark else "",
            ]
        )
    try:
        data = text.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = text.getvalue().encode("utf-8")
    return rows, data


@SETTINGS
@given(spelled_files())
def test_any_valid_attendance_table_imports_exactly(institute, spelled):
    rows, data = spelled
    institute.execute("DELETE FROM attendance")

    outcome = importing.run(
        institute, "test", ImportFile("aanwezigheid.csv", data), "aanwezigheid"
    )

    assert [str(problem) for problem in outcome.problems] == []
    assert outcome.inserted == len(rows)
    stored = db.rows(
        institute,
        "SELECT p.number, a.day, a.expected_at, a.arrived_at, a.left_at, a.absent, "
        "a.absent_reason, a.remark FROM attendance a JOIN pupils p ON p.id = a.pupil_id",
    )
    assert sorted(stored) == sorted(rows)


@SETTINGS
@given(attendance_rows())
def test_export_then_import_of_any_attendance_gives_the_same_rows(institute, rows):
    institute.execute("DELETE FROM attendance")
    for number, day, expected, arrived, left, absent, reason, remark in rows:
        institute.execute(
            "INSERT INTO attendance (pupil_id, day, expected_at, arrived_at, left_at, "
            "absent, absent_reason, remark) SELECT id, ?, ?, ?, ?, ?, ?, ? FROM pupils "
            "WHERE number = ?",
            [day, expected, arrived, left, absent, reason, remark, number],
        )
    scope = exporting.institute_scope(institute, "test")
    exported = exporting.export(institute, scope, "aanwezigheid")
    institute.execute("DELETE FROM attendance")

    outcome = importing.run(
        institute, "test", ImportFile("a.csv", exported), "aanwezigheid"
    )

    assert outcome.inserted == len(rows), outcome.problems
    assert exporting.export(institute, scope, "aanwezigheid") == exported


@SETTINGS
@given(
    st.binary(max_size=3000),
    st.sampled_from([None, *importing.KINDS]),
)
def test_random_bytes_give_problems_never_an_exception(institute, data, kind):
    outcome = importing.run(
        institute, "test", ImportFile("willekeurig.csv", data), kind, dry_run=True
    )

    assert outcome.outcome in ("refused", "imported", "partial")
    assert outcome.problems or outcome.rows


_CSV_ALPHABET = st.sampled_from(list(";,\t\"'\r\n =+-@/:.0123456789abcjnëé\x00\xa0"))


@SETTINGS
@given(
    st.sampled_from(list(importing.KINDS)),
    st.text(_CSV_ALPHABET, max_size=400),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_random_rows_under_a_real_header_give_problems_never_an_exception(
    institute, kind, body, encoding
):
    header = ";".join(importing.KINDS[kind].names)
    data = (header + "\r\n" + body).encode(encoding, errors="replace")

    outcome = importing.run(
        institute, "test", ImportFile(f"{kind}.csv", data), kind, dry_run=True
    )

    assert outcome.kind == kind
    assert all(problem.message for problem in outcome.problems)
    assert outcome.rejected <= outcome.rows
