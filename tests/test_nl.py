from datetime import date, time
from decimal import Decimal

import pytest

from studytrack import nl
from studytrack.errors import InvalidInput


def test_dates_read_the_dutch_way():
    assert nl.long_date(date(2026, 12, 3)) == "donderdag 3 december 2026"
    assert nl.long_date(date(2026, 12, 3), with_year=False) == "donderdag 3 december"
    assert nl.short_date(date(2026, 12, 3)) == "do 3-12"
    assert nl.month_name(2026, 3) == "maart 2026"


def test_grades_have_one_decimal_and_a_decimal_comma():
    assert nl.grade(Decimal("6.75")) == "6,8"
    assert nl.grade(7) == "7,0"
    assert nl.grade(None, empty="–") == "–"


def test_grades_round_half_up_as_schools_do():
    assert nl.grade(Decimal("6.85")) == "6,9"
    assert nl.grade(6.25) == "6,3"
    assert nl.grade(Decimal("5.44")) == "5,4"


def test_times_are_24_hour():
    assert nl.clock_time(time(9, 5)) == "09:05"
    assert nl.clock_time(time(14, 5)) == "14:05"


def test_full_name_puts_the_tussenvoegsel_between():
    assert nl.full_name("Daan", "van der", "Berg") == "Daan van der Berg"
    assert nl.full_name("Zoë", None, "Jansen") == "Zoë Jansen"


@pytest.mark.parametrize(
    "text", ["03-12-2026", "3-12-2026", "03/12/2026", "2026-12-03", " 3.12.2026 "]
)
def test_every_date_spelling_of_real_exports_is_read(text):
    assert nl.parse_date(text) == date(2026, 12, 3)


@pytest.mark.parametrize(
    "text", ["31-02-2026", "2026-13-01", "gisteren", "", "3-12-26"]
)
def test_impossible_dates_are_refused(text):
    with pytest.raises(InvalidInput):
        nl.parse_date(text)


@pytest.mark.parametrize(
    "text,expected",
    [("14:05", time(14, 5)), ("9:05", time(9, 5)), ("14.05", time(14, 5))],
)
def test_every_time_spelling_is_read(text, expected):
    assert nl.parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "14:60", "14", "kwart over"])
def test_impossible_times_are_refused(text):
    with pytest.raises(InvalidInput):
        nl.parse_time(text)


@pytest.mark.parametrize("text", ["ja", "J", "1", "true", "WAAR"])
def test_yes_spellings(text):
    assert nl.parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["nee", "n", "0", "false", ""])
def test_no_spellings(text):
    assert nl.parse_yes_no(text) is False


def test_a_word_that_is_neither_yes_nor_no_is_refused():
    with pytest.raises(InvalidInput, match="geen ja of nee"):
        nl.parse_yes_no("misschien")


@pytest.mark.parametrize(
    "text,expected",
    [("7,5", Decimal("7.5")), ("10", Decimal("10.0")), ("1.0", Decimal("1.0"))],
)
def test_grades_are_read_with_comma_or_point(text, expected):
    assert nl.parse_grade(text) == expected


@pytest.mark.parametrize("text", ["0,9", "10,1", "-5", "zeven", "NaN", "7,55"])
def test_grades_outside_one_to_ten_or_malformed_are_refused(text):
    with pytest.raises(InvalidInput):
        nl.parse_grade(text)


def test_weekdays_are_read_short_and_long():
    assert nl.parse_weekday("ma") == 1
    assert nl.parse_weekday("Vrijdag") == 5
    with pytest.raises(InvalidInput):
        nl.parse_weekday("maan")


@pytest.mark.parametrize("text", ["0", "0,04", "-1", "101", "1,25", "veel"])
def test_weights_outside_the_range_or_too_precise_are_refused(text):
    with pytest.raises(InvalidInput):
        nl.parse_weight(text)


def test_an_empty_weight_is_one():
    assert nl.parse_weight("") == Decimal(1)
    assert nl.parse_weight("2,5") == Decimal("2.5")
