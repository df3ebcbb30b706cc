"""Fuzzing the parsers of what users type and files contain (hypothesis).

studytrack.nl's parsers never raise anything but InvalidInput, never accept what
they should refuse (an accepted grade is 1,0–10,0 with at most one decimal, written
in plain digits; an accepted date is a real date in one of the documented
spellings), and read back what nl formats. The import of whole files is fuzzed in
tests/test_import_properties.py (random bytes, random rows under a real header,
any valid attendance table in any export style, export → import); here: random
XLSX workbooks, whose cells arrive typed (numbers, dates, booleans, formulas).
"""

import io
import re
import string
from datetime import date, datetime, time
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studytrack import importing, nl
from studytrack.errors import InvalidInput
from studytrack.importing import ImportFile

PARSERS = {
    "date": nl.parse_date,
    "time": nl.parse_time,
    "grade": nl.parse_grade,
    "weight": nl.parse_weight,
    "yes_no": nl.parse_yes_no,
    "weekday": nl.parse_weekday,
}

# Text that looks like what the parsers read, so that hypothesis reaches the
# accepting paths too: digits (also other scripts' digits), separators, signs,
# exponents, words.
NEAR = st.lists(
    st.sampled_from(
        list(string.digits + "-/.:,+eE_ T \t")
        + ["٣", "７", "²", "½", "ja", "nee", "Ma", "vr", "NaN", "Infinity"]
    ),
    max_size=14,
).map("".join)
ANY_TEXT = st.text(max_size=40) | NEAR

# The spellings each parser is documented to accept (plain ASCII digits only).
DATE_GRAMMAR = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"
    r"|^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$",
    re.ASCII,
)
TIME_GRAMMAR = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$", re.ASCII)
NUMBER_GRAMMAR = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$", re.ASCII)
SETTINGS = settings(max_examples=400, deadline=None)


def outcome(parser, text):
    """The parser's value, or None when it refused with InvalidInput."""
    try:
        return parser(text)
    except InvalidInput as refused:
        assert str(refused), "a refusal says why, in Dutch"
        return None


@SETTINGS
@given(name=st.sampled_from(list(PARSERS)), text=ANY_TEXT)
def test_a_parser_raises_nothing_but_invalid_input(name, text):
    outcome(PARSERS[name], text)


@SETTINGS
@given(text=ANY_TEXT)
def test_an_accepted_date_is_a_real_date_in_a_documented_spelling(text):
    found = outcome(nl.parse_date, text)
    if found is None:
        return
    match = DATE_GRAMMAR.match(text.strip())
    assert match, f"accepted {text!r}"
    parts = [int(part) for part in match.groups() if part is not None]
    day, month, year = parts if match.group(1) else parts[::-1]
    assert found == date(year, month, day)


@SETTINGS
@given(text=ANY_TEXT)
def test_an_accepted_time_is_a_real_time_in_a_documented_spelling(text):
    found = outcome(nl.parse_time, text)
    if found is None:
        return
    match = TIME_GRAMMAR.match(text.strip())
    assert match, f"accepted {text!r}"
    assert found == time(int(match.group(1)), int(match.group(2)))


@SETTINGS
@given(text=ANY_TEXT | st.floats(allow_nan=True, allow_infinity=True))
def test_an_accepted_grade_is_1_to_10_with_one_decimal_in_plain_digits(text):
    found = outcome(nl.parse_grade, text)
    if found is None:
        return
    assert Decimal(1) <= found <= Decimal(10)
    assert found == found.quantize(Decimal("0.1"))
    assert found.as_tuple().exponent == -1  # always shown as '7,0', never '7' or '7,00'
    if isinstance(text, str):
        assert NUMBER_GRAMMAR.match(text.strip()), f"accepted {text!r}"


@SETTINGS
@given(text=ANY_TEXT | st.floats(allow_nan=True, allow_infinity=True))
def test_an_accepted_weight_is_positive_with_one_decimal_in_plain_digits(text):
    found = outcome(nl.parse_weight, text)
    if found is None:
        return
    assert Decimal("0.1") <= found <= Decimal(100)
    assert found == found.quantize(Decimal("0.1"))
    if isinstance(text, str) and text.strip():
        assert NUMBER_GRAMMAR.match(text.strip()), f"accepted {text!r}"


@SETTINGS
@given(text=ANY_TEXT)
def test_yes_no_accepts_only_its_words(text):
    found = outcome(nl.parse_yes_no, text)
    word = text.strip().lower()
    if found is True:
        assert word in {"ja", "j", "1", "true", "waar", "yes", "y", "x"}
    elif found is False:
        assert word in {"nee", "n", "0", "false", "onwaar", "no", ""}


@SETTINGS
@given(text=ANY_TEXT | st.sampled_from(nl.WEEKDAYS + nl.WEEKDAYS_SHORT))
def test_a_weekday_is_one_of_the_seven_by_its_dutch_name(text):
    found = outcome(nl.parse_weekday, text)
    if found is None:
        return
    assert text.strip().lower() in (
        nl.WEEKDAYS[found - 1],
        nl.WEEKDAYS_SHORT[found - 1],
    )


# --- round trips: what nl writes, nl reads back ---------------------------------------


@SETTINGS
@given(day=st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_a_formatted_date_reads_back(day):
    assert nl.parse_date(nl.numeric_date(day)) == day
    assert nl.parse_date(day.isoformat()) == day
    assert nl.parse_date(f"{day.day}/{day.month}/{day.year:04d}") == day


@SETTINGS
@given(moment=st.times())
def test_a_formatted_time_reads_back_to_the_minute(moment):
    assert nl.parse_time(nl.clock_time(moment)) == time(moment.hour, moment.minute)


@given(tenths=st.integers(min_value=10, max_value=100))
def test_a_formatted_grade_reads_back(tenths):
    grade = Decimal(tenths) / 10
    assert nl.parse_grade(nl.grade(grade)) == grade
    assert nl.parse_grade(str(grade)) == grade


@given(tenths=st.integers(min_value=1, max_value=1000))
def test_a_formatted_weight_reads_back(tenths):
    weight = Decimal(tenths) / 10
    assert nl.parse_weight(nl.grade(weight)) == weight


@pytest.mark.parametrize(
    "text",
    ["1e1", "1E1", "1_0", "7,5e0", "٧", "７", "7,50000000000000000000000000001"],
)
def test_grades_in_other_notations_are_refused(text):
    with pytest.raises(InvalidInput):
        nl.parse_grade(text)


@pytest.mark.parametrize("text", ["٠٣-١٢-٢٠٢٦", "０３-１２-２０２６", "3-12-2026\n1"])
def test_dates_in_other_digits_are_refused(text):
    with pytest.raises(InvalidInput):
        nl.parse_date(text)


# --- whole files: random XLSX workbooks -------------------------------------------------

CELLS = (
    st.none()
    | st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12)
    | NEAR
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1))
    | st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1))
    | st.times()
    | st.sampled_from(["=1+1", "=A1", "=NOW()", "#DIV/0!"])
)


@pytest.fixture(scope="module")
def institute(tmp_path_factory):
    from studytrack import db

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    con = db.connect(path)
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, last_name, location_id) "
        "VALUES ('100001', 'Daan', 'Berg', 1)"
    )
    yield con
    con.close()


def workbook(header: list[str], rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(list(importing.KINDS)),
    rows=st.lists(st.lists(CELLS, min_size=1, max_size=9), max_size=6),
)
def test_a_random_workbook_gives_problems_never_an_exception(institute, kind, rows):
    header = list(importing.KINDS[kind].names)
    data = workbook(header, rows)

    found = importing.run(
        institute, "test", ImportFile(f"{kind}.xlsx", data), kind, dry_run=True
    )

    assert found.kind == kind
    assert found.rejected <= found.rows
    assert all(problem.message for problem in found.problems)
