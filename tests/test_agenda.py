"""The Agenda's rules (days shown, the line under each date) and its week on real data."""

from datetime import date, datetime, time

import pytest

from studytrack import absence, agenda, attendance, calendar_ics, pupils
from studytrack.attendance import Day
from studytrack.errors import AccessDenied
from tests.family_data import build, scope_of

NOW = datetime(2026, 12, 3, 16, 5)  # a Thursday
WEEKDAYS = {1, 2, 3, 4, 5}


# --- which days -------------------------------------------------------------------


def test_the_week_starts_today_and_skips_the_weekend():
    days = agenda.shown_days(WEEKDAYS, date(2026, 12, 3))

    assert days == [
        date(2026, 12, 3),
        date(2026, 12, 4),
        date(2026, 12, 7),
        date(2026, 12, 8),
        date(2026, 12, 9),
    ]


def test_on_a_saturday_the_week_starts_on_monday():
    assert agenda.shown_days(WEEKDAYS, date(2026, 12, 5))[0] == date(2026, 12, 7)


def test_only_the_opening_days_of_the_institute_are_shown():
    days = agenda.shown_days({1, 3}, date(2026, 12, 3))

    assert [day.isoweekday() for day in days] == [1, 3, 1, 3, 1]


def test_an_institute_without_opening_days_shows_no_days():
    assert agenda.shown_days(set(), date(2026, 12, 3)) == []


@pytest.mark.parametrize(
    ("offset", "start"),
    [(0, date(2026, 12, 3)), (1, date(2026, 12, 10)), (-1, date(2026, 11, 26))],
)
def test_next_and_previous_week_move_the_start_by_seven_days(offset, start):
    assert agenda.week_start(date(2026, 12, 3), offset) == start


def test_a_huge_week_offset_is_clamped():
    assert agenda.clamp_offset(10_000) == agenda.MAX_WEEK_OFFSET
    assert agenda.clamp_offset(-10_000) == -agenda.MAX_WEEK_OFFSET


# --- the line under a date --------------------------------------------------------

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("day", "text", "tone"),
    [
        (Day(TODAY, time(16, 30)), "Verwacht om 16:30", agenda.TONE_EXPECTED),
        (
            Day(TODAY, time(14, 30)),
            "Verwacht om 14:30 · nog niet binnen",
            agenda.TONE_MISSING,
        ),
        (
            Day(TODAY, time(14, 30), time(14, 5)),
            "Binnen sinds 14:05",
            agenda.TONE_PRESENT,
        ),
        (
            Day(TODAY, time(14, 30), time(14, 5), time(15, 50)),
            "Klaar om 15:50",
            agenda.TONE_PRESENT,
        ),
        (
            Day(TODAY, time(14, 30), absent=True, absent_reason="ziek"),
            "Afgemeld: ziek",
            agenda.TONE_ABSENT,
        ),
        (Day(TODAY, time(14, 30), absent=True), "Afgemeld", agenda.TONE_ABSENT),
        (Day(TODAY, None), "Niet verwacht", agenda.TONE_NONE),
    ],
)
def test_todays_status(day, text, tone):
    assert agenda.day_line(day, NOW) == agenda.DayLine(text, tone)


def test_a_later_day_says_when_the_pupil_is_expected():
    line = agenda.day_line(Day(date(2026, 12, 4), time(14, 30)), NOW)

    assert line.text == "Verwacht om 14:30"


def test_a_later_day_that_was_afgemeld_says_so_with_the_reason():
    line = agenda.day_line(
        Day(date(2026, 12, 4), time(14, 30), absent=True, absent_reason="tandarts"), NOW
    )

    assert line.text == "Afgemeld: tandarts"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (
            Day(date(2026, 12, 1), time(14, 30), time(14, 45), time(17, 10)),
            "Aanwezig van 14:45 tot 17:10",
        ),
        (Day(date(2026, 12, 1), time(14, 30), time(14, 45)), "Aanwezig vanaf 14:45"),
        (Day(date(2026, 12, 1), time(14, 30)), "Niet aanwezig (verwacht om 14:30)"),
        (Day(date(2026, 12, 1), None), "Niet verwacht"),
    ],
)
def test_an_earlier_day_says_what_happened(day, text):
    assert agenda.day_line(day, NOW).text == text


# --- lateness and status (attendance's rules, as the Agenda relies on them) ---------


def test_status_afgemeld_wins_over_an_arrival():
    assert attendance.status_of(time(14, 30), time(14, 40), None, True) == "Afgemeld"


@pytest.mark.parametrize(
    ("expected", "arrived", "late"),
    [
        (time(14, 30), time(14, 45), 15),
        (time(14, 30), time(14, 30), 0),
        (time(14, 30), time(14, 5), 0),
        (None, time(14, 5), 0),
        (time(14, 30), None, 0),
    ],
)
def test_minutes_late(expected, arrived, late):
    assert attendance.minutes_late(expected, arrived) == late


# --- grouping -----------------------------------------------------------------------


def _item(subject, kind, description, comment=None):
    return agenda.Item(
        1, TODAY, subject, kind, description, comment, None, None, None, 1
    )


def test_items_are_grouped_per_subject_with_homework_before_tests():
    subjects = agenda.group_by_subject(
        [
            _item("wiskunde", "SO", "H4"),
            _item("Frans", "huiswerk", "Leren"),
            _item("wiskunde", "huiswerk", "Opg. 3", comment="Netjes!"),
        ]
    )

    assert [subject.name for subject in subjects] == ["Frans", "wiskunde"]
    assert [item.kind for item in subjects[1].items] == ["huiswerk", "SO"]
    assert subjects[1].comments == ["Netjes!"]


# --- the week on real data ------------------------------------------------------------


@pytest.fixture
def family(con):
    return build(con)


def test_the_week_has_todays_status_homework_and_remarks(con, family):
    scope = scope_of(con, "ouder_a")

    week = agenda.week(con, scope, family.sanne, TODAY)

    assert [day.day for day in week.days][:2] == [TODAY, date(2026, 12, 4)]
    today = week.days[0]
    assert agenda.day_line(today.attendance, NOW).text == "Binnen sinds 14:05"
    assert today.remark == "Gaat om 17:00 naar de <b>tandarts</b>"
    frans = next(subject for subject in today.subjects if subject.name == "Frans")
    assert frans.items[0].sign_off_text == "afgetekend door AB"
    assert frans.comments == ["Goed geleerd!"]
    monday = week.days[2]
    assert agenda.day_line(monday.attendance, NOW).text == "Verwacht om 15:30"
    assert monday.remark == "Komt later, tandarts"
    wednesday = week.days[4]
    assert agenda.day_line(wednesday.attendance, NOW).text == "Niet verwacht"


def test_a_parent_cannot_read_the_week_of_another_family(con, family):
    with pytest.raises(AccessDenied):
        agenda.week(con, scope_of(con, "ouder_b"), family.sanne, TODAY)


def test_a_new_pupil_has_an_empty_week(con, family):
    week = agenda.week(con, scope_of(con, "ouder_a"), family.daan, TODAY)

    assert len(week.days) == 5
    assert not week.has_items
    assert {agenda.day_line(day.attendance, NOW).text for day in week.days} == {
        "Niet verwacht"
    }


def test_staff_see_the_pupils_of_their_location_only(con, family):
    scope = scope_of(con, "staf_a")

    assert agenda.week(con, scope, family.sanne, TODAY).days
    with pytest.raises(AccessDenied):
        agenda.week(con, scope, family.noor, TODAY)


# --- the .ics download ------------------------------------------------------------------


def test_ics_text_is_escaped_and_folded_at_75_octets():
    assert calendar_ics.escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    folded = calendar_ics.fold("SUMMARY:" + "é" * 60)
    lines = folded.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join(line.removeprefix(" ") for line in lines) == "SUMMARY:" + "é" * 60


def test_ics_has_the_expected_days_and_planned_tests_of_the_coming_weeks(con, family):
    scope = scope_of(con, "ouder_a")
    absence.report(con, scope, family.sanne, date(2026, 12, 7), "tandarts")
    pupil = pupils.get(con, scope, family.sanne)

    text = calendar_ics.coming_weeks(con, scope, "De Leerboom", pupil, NOW).decode()

    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;TZID=Europe/Amsterdam:20261204T130000" in text  # Friday 13:00
    assert "20261207T" not in text  # afgemeld
    assert "20261209T" not in text  # Wednesday: not expected
    assert "SUMMARY:Wiskunde SO: Par. 5.1" in text
    assert "DTSTART;VALUE=DATE:20261208" in text  # the presentation
    assert "Vocabulaire" not in text  # graded: not planned any more
    assert "UID:studytrack-900001-20261204-verwacht" in text


def test_ics_of_another_family_is_refused(con, family):
    other = pupils.get(con, scope_of(con, "ouder_b"), family.noor)

    with pytest.raises(AccessDenied):
        calendar_ics.coming_weeks(con, scope_of(con, "ouder_a"), "X", other, NOW)
