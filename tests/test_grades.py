"""Cijfers: the state of each square, the weighted average, and the tests on real data."""

from datetime import date
from decimal import Decimal

import pytest

from studytrack import charts, grades
from studytrack.errors import AccessDenied
from tests.family_data import build, scope_of

TODAY = date(2026, 12, 3)
D = Decimal


# --- the state of a square ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "grade", "state"),
    [
        (date(2026, 11, 12), D("7.2"), grades.GRADED),
        (date(2026, 11, 12), D("5.5"), grades.GRADED),
        (date(2026, 11, 12), D("5.4"), grades.INSUFFICIENT),
        (date(2026, 11, 26), None, grades.AWAITED),
        (TODAY, None, grades.AWAITED),
        (date(2026, 12, 4), None, grades.PLANNED),
        (date(2026, 12, 10), D("6.0"), grades.GRADED),
    ],
    ids=["graded", "pass-mark", "below-pass", "past", "today", "tomorrow", "early"],
)
def test_square_state(day, grade, state):
    assert grades.square_state(day, grade, TODAY) == state


# --- the weighted average -----------------------------------------------------------


def test_the_average_is_weighted():
    average = grades.weighted_average(
        [(D("5.0"), D(1)), (D("7.2"), D(1)), (D("7.5"), D(2))]
    )

    assert average == D("6.8")
    assert grades.average_text(average) == "(6,8)"


def test_tests_without_a_grade_do_not_count():
    assert grades.weighted_average([(D("8.0"), D(1)), (None, D(3))]) == D("8.0")


def test_no_grade_yet_means_no_average():
    assert grades.weighted_average([(None, D(1))]) is None
    assert grades.average_text(None) == ""


def test_the_average_rounds_half_up():
    # 6,85 exactly: Dutch schools round up, where banker's rounding would give 6,8.
    assert grades.weighted_average([(D("6.8"), D(1)), (D("6.9"), D(1))]) == D("6.9")


def test_fractional_weights():
    assert grades.weighted_average([(D("4.0"), D("0.5")), (D("8.0"), D("1.5"))]) == D(
        "7.0"
    )


def test_the_running_average_follows_the_tests_in_date_order():
    tests = [
        grades.Test(3, date(2026, 12, 3), "Frans", "SO", "c", D("7.5"), D(2)),
        grades.Test(1, date(2026, 10, 8), "Frans", "SO", "a", D("5.0"), D(1)),
        grades.Test(4, date(2026, 12, 10), "Frans", "SO", "d", None, D(1)),
        grades.Test(2, date(2026, 11, 12), "Frans", "SO", "b", D("7.2"), D(1)),
    ]

    assert grades.running_averages(tests) == [
        (date(2026, 10, 8), D("5.0")),
        (date(2026, 11, 12), D("6.1")),
        (date(2026, 12, 3), D("6.8")),
    ]


def test_hovering_a_square_tells_date_kind_description_weight_and_grade():
    test = grades.Test(1, TODAY, "Frans", "SO", "Vocabulaire H3", D("7.5"), D(2))

    assert grades.square_title(test) == (
        "donderdag 3 december 2026 · SO · Vocabulaire H3 · weging 2 · cijfer 7,5"
    )


def test_a_square_without_a_grade_says_so():
    test = grades.Test(1, TODAY, "Frans", "SO", "H4", None, D("1.5"))

    assert grades.square_title(test).endswith("weging 1,5 · cijfer nog niet bekend")


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 8, 1), 2026), (date(2026, 7, 31), 2025), (date(2027, 2, 1), 2026)],
)
def test_school_year_starts_on_the_first_of_august(day, year):
    assert grades.school_year(day) == year


def test_the_picker_offers_the_current_school_year_first():
    assert grades.school_years(TODAY) == [2026, 2025, 2024]
    assert grades.school_year_label(2026) == "schooljaar 2026-2027"


# --- on real data ----------------------------------------------------------------------


@pytest.fixture
def family(con):
    return build(con)


def test_rows_per_subject_with_the_tests_of_this_school_year(con, family):
    tests = grades.school_year_tests(con, scope_of(con, "ouder_a"), family.sanne, 2026)

    rows = {row.subject: row for row in grades.group_by_subject(tests)}

    assert list(rows) == ["Biologie", "Frans", "Geschiedenis", "Wiskunde"]
    frans = rows["Frans"]
    assert [test.description for test in frans.tests] == [
        "Woordjes H1",
        "H1-H2",
        "Vocabulaire H3",
    ]
    assert grades.average_text(frans.average) == "(6,8)"
    assert [
        grades.square_state(t.day, t.grade, TODAY) for t in rows["Wiskunde"].tests
    ] == [
        grades.GRADED,
        grades.AWAITED,
        grades.PLANNED,
    ]
    assert "huiswerk" not in {test.kind for row in rows.values() for test in row.tests}


def test_the_previous_school_year_has_its_own_tests(con, family):
    tests = grades.school_year_tests(con, scope_of(con, "ouder_a"), family.sanne, 2025)

    assert [test.description for test in tests] == ["Oud"]


def test_a_parent_cannot_read_the_grades_of_another_family(con, family):
    with pytest.raises(AccessDenied):
        grades.school_year_tests(con, scope_of(con, "ouder_a"), family.noor, 2026)


def test_the_chart_has_a_point_per_grade_a_running_average_and_the_pass_line(
    con, family
):
    tests = grades.school_year_tests(con, scope_of(con, "ouder_a"), family.sanne, 2026)

    figure = charts.grades_figure(grades.group_by_subject(tests))

    frans_points = next(trace for trace in figure.data if trace.name == "Frans")
    assert list(frans_points.y) == [5.0, 7.2, 7.5]
    frans_average = next(
        trace for trace in figure.data if trace.name == "Frans (gemiddelde)"
    )
    assert list(frans_average.y) == [5.0, 6.1, 6.8]
    assert figure.layout.shapes[0].y0 == 5.5
    assert list(figure.layout.xaxis.ticktext) == ["okt 2026", "nov", "dec"]


def test_the_chart_shows_user_text_as_typed():
    row = grades.SubjectGrades(
        "<b>Frans</b>",
        (grades.Test(1, TODAY, "<b>Frans</b>", "SO", "<i>x</i>", D("7.0"), D(1)),),
    )

    figure = charts.grades_figure([row])

    assert figure.data[0].name == "&lt;b&gt;Frans&lt;/b&gt;"
    assert "&lt;i&gt;x&lt;/i&gt;" in figure.data[0].customdata[0][1]
