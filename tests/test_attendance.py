from datetime import date, time

import pytest

from studytrack import attendance
from studytrack.attendance import AFGEMELD, BINNEN, KLAAR, NIET_VERWACHT, VERWACHT


@pytest.mark.parametrize(
    "expected,arrived,left,absent,status",
    [
        (time(14, 30), None, None, False, VERWACHT),
        (time(14, 30), time(14, 35), None, False, BINNEN),
        (time(14, 30), time(14, 35), time(17, 0), False, KLAAR),
        (time(14, 30), None, None, True, AFGEMELD),
        (time(14, 30), time(14, 35), None, True, AFGEMELD),
        (None, None, None, False, NIET_VERWACHT),
        (None, time(15, 0), None, False, BINNEN),
    ],
)
def test_status_of_the_day(expected, arrived, left, absent, status):
    assert attendance.status_of(expected, arrived, left, absent) == status


def test_status_text_says_the_time():
    day = attendance.Day(date(2026, 12, 3), time(14, 30), time(14, 45))
    assert day.status_text == "Binnen sinds 14:45"
    assert attendance.Day(date(2026, 12, 3), time(14, 30)).status_text == (
        "Verwacht om 14:30"
    )
    afgemeld = attendance.Day(date(2026, 12, 3), time(14, 30), absent=True)
    assert afgemeld.status_text == "Afgemeld"
    ziek = attendance.Day(
        date(2026, 12, 3), time(14, 30), absent=True, absent_reason="ziek"
    )
    assert ziek.status_text == "Afgemeld: ziek"


@pytest.mark.parametrize(
    "expected,arrived,late",
    [
        (time(14, 30), time(14, 30), 0),
        (time(14, 30), time(14, 20), 0),
        (time(14, 30), time(14, 45), 15),
        (time(14, 30), None, 0),
        (None, time(15, 0), 0),
    ],
)
def test_minutes_late(expected, arrived, late):
    assert attendance.minutes_late(expected, arrived) == late


@pytest.fixture
def pupil(con):
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, last_name, location_id) "
        "VALUES ('1', 'Sem', 'Bakker', 1)"
    )
    # Thursdays at 15:00 until November, then 14:30; Mondays at 13:00.
    con.execute(
        "INSERT INTO schedules VALUES (1, 4, '15:00', '2026-09-01', NULL), "
        "(1, 4, '14:30', '2026-11-01', NULL), (1, 1, '13:00', '2026-09-01', '2026-11-30')"
    )
    return 1


def test_the_newest_schedule_valid_on_a_date_gives_the_expected_time(con, pupil):
    october = attendance.day(con, pupil, date(2026, 10, 29))
    december = attendance.day(con, pupil, date(2026, 12, 3))
    assert october.expected_at == time(15, 0)
    assert december.expected_at == time(14, 30)


def test_a_schedule_ends_on_its_last_date(con, pupil):
    assert attendance.day(con, pupil, date(2026, 11, 30)).expected_at == time(13, 0)
    assert attendance.day(con, pupil, date(2026, 12, 7)).status == NIET_VERWACHT


def test_the_days_own_expected_time_wins_over_the_schedule(con, pupil):
    con.execute(
        "INSERT INTO attendance (pupil_id, day, expected_at, remark) "
        "VALUES (1, '2026-12-03', '16:00', 'komt later, tandarts')"
    )
    day = attendance.day(con, pupil, date(2026, 12, 3))
    assert day.expected_at == time(16, 0)
    assert day.remark == "komt later, tandarts"


def test_closed_days_are_left_out(con, pupil):
    week = attendance.days(con, pupil, date(2026, 11, 30), date(2026, 12, 6))
    assert [day.day.isoweekday() for day in week] == [1, 2, 3, 4, 5]
    con.execute("UPDATE settings SET value = '1,2,4' WHERE key = 'opening_days'")
    week = attendance.days(con, pupil, date(2026, 11, 30), date(2026, 12, 6))
    assert [day.day.isoweekday() for day in week] == [1, 2, 4]
