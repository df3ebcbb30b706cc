"""Afmelden by a parent: which days, the reason, withdrawing until the expected time."""

from datetime import date, datetime, time

import pytest

from studytrack import absence, agenda, attendance, db, desk, logbook
from studytrack.attendance import Day
from studytrack.errors import AccessDenied, InvalidInput
from tests.family_data import build, scope_of

NOW = datetime(2026, 12, 3, 16, 5)  # Thursday; Sanne is expected at 14:30
TODAY = NOW.date()
FRIDAY = date(2026, 12, 4)  # Sanne expected at 13:00
WEDNESDAY = date(2026, 12, 9)  # Sanne not expected


# --- rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "refusal"),
    [
        (Day(FRIDAY, time(13, 0)), None),
        (Day(TODAY, time(16, 30)), None),
        (Day(TODAY, time(14, 30)), None),  # late, not in yet: may still be reported
        (Day(date(2026, 12, 2), time(14, 30)), "Afmelden kan alleen voor vandaag"),
        (Day(date(2027, 1, 4), time(14, 30)), "Afmelden kan tot 28 dagen vooruit."),
        (Day(TODAY, time(14, 30), time(14, 5)), "Op deze dag is je kind al binnen"),
        (Day(FRIDAY, time(13, 0), absent=True), "Voor deze dag is al een afmelding."),
        (Day(WEDNESDAY, None), "Op deze dag wordt je kind niet verwacht."),
    ],
)
def test_which_days_a_parent_can_report(day, refusal):
    found = absence.refusal(day, NOW)

    if refusal is None:
        assert found is None
    else:
        assert found.startswith(refusal)


@pytest.mark.parametrize(
    ("day", "expected_at", "allowed"),
    [
        (FRIDAY, time(13, 0), True),
        (TODAY, time(16, 30), True),
        (TODAY, time(16, 5), False),  # the expected time itself: too late
        (TODAY, time(14, 30), False),
        (date(2026, 12, 2), time(14, 30), False),
        (TODAY, None, False),
    ],
)
def test_withdrawing_is_possible_until_the_expected_time(day, expected_at, allowed):
    assert absence.may_withdraw(day, expected_at, NOW) is allowed


@pytest.mark.parametrize("reason", ["", "   ", "x" * 201])
def test_a_reason_is_required_and_short(reason):
    with pytest.raises(InvalidInput):
        absence.clean_reason(reason)


def test_a_reason_is_tidied():
    assert absence.clean_reason("  naar de\n tandarts ") == "naar de tandarts"


# --- on real data ----------------------------------------------------------------------


@pytest.fixture
def family(con):
    return build(con)


def test_a_parent_reports_friday_and_the_agenda_shows_afgemeld(con, family):
    scope = scope_of(con, "ouder_a")

    absence.report(con, scope, family.sanne, FRIDAY, "  tandarts ")

    friday = attendance.day(con, family.sanne, FRIDAY)
    assert agenda.day_line(friday, NOW).text == "Afgemeld: tandarts"
    assert FRIDAY not in absence.reportable_days(con, scope, family.sanne, NOW)
    assert db.rows(
        con, "SELECT actor, entity_key, action FROM changes WHERE entity = 'attendance'"
    ) == [("ouder_a", f"{family.sanne}:2026-12-04", absence.REPORTED)]


def test_the_desk_sees_the_afmelding(con, family, monkeypatch):
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-04T09:00:00")
    absence.report(con, scope_of(con, "ouder_a"), family.sanne, FRIDAY, "ziek")

    listed = desk.day_list(con, scope_of(con, "staf_a"), _centrum(con)).rows

    sanne = next(row for row in listed if row.pupil_id == family.sanne)
    assert sanne.absent and sanne.absent_reason == "ziek"


def _centrum(con) -> int:
    return db.value(con, "SELECT id FROM locations WHERE name = 'Centrum'")


def test_a_parent_withdraws_before_the_expected_time(con, family):
    scope = scope_of(con, "ouder_a")
    absence.report(con, scope, family.sanne, FRIDAY, "ziek")

    (found,) = absence.upcoming(con, scope, family.sanne, NOW)
    assert found.can_withdraw and found.text == "vrijdag 4 december: ziek"
    absence.withdraw(con, scope, family.sanne, FRIDAY)

    friday = attendance.day(con, family.sanne, FRIDAY)
    assert agenda.day_line(friday, NOW).text == "Verwacht om 13:00"
    assert absence.upcoming(con, scope, family.sanne, NOW) == []


def test_the_other_parent_may_withdraw_it_too(con, family):
    absence.report(con, scope_of(con, "ouder_a"), family.sanne, FRIDAY, "ziek")

    absence.withdraw(con, scope_of(con, "ouder_a2"), family.sanne, FRIDAY)

    assert not attendance.day(con, family.sanne, FRIDAY).absent


def test_after_the_expected_time_the_afmelding_stays(con, family, monkeypatch):
    scope = scope_of(con, "ouder_a")
    absence.report(con, scope, family.sanne, FRIDAY, "ziek")
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-04T13:00:00")

    with pytest.raises(InvalidInput, match="Intrekken kan tot de verwachte tijd"):
        absence.withdraw(con, scope, family.sanne, FRIDAY)

    assert attendance.day(con, family.sanne, FRIDAY).absent


def test_an_afmelding_by_the_institute_cannot_be_withdrawn_by_a_parent(con, family):
    scope = scope_of(con, "ouder_a")
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO attendance (pupil_id, day, absent, absent_reason, updated_by) "
            "VALUES (?, ?, TRUE, 'school', 'staf_a')",
            [family.sanne, FRIDAY],
        )

    (found,) = absence.upcoming(con, scope, family.sanne, NOW)
    assert not found.by_parent and not found.can_withdraw
    with pytest.raises(InvalidInput, match="door het instituut"):
        absence.withdraw(con, scope, family.sanne, FRIDAY)


def test_reporting_today_is_refused_once_the_pupil_is_in(con, family):
    with pytest.raises(InvalidInput, match="al binnen"):
        absence.report(con, scope_of(con, "ouder_a"), family.sanne, TODAY, "ziek")


def test_a_day_the_pupil_is_not_expected_cannot_be_reported(con, family):
    with pytest.raises(InvalidInput, match="niet verwacht"):
        absence.report(con, scope_of(con, "ouder_a"), family.sanne, WEDNESDAY, "ziek")


def test_a_parent_cannot_report_a_child_of_another_family(con, family):
    with pytest.raises(AccessDenied):
        absence.report(con, scope_of(con, "ouder_b"), family.sanne, FRIDAY, "ziek")

    assert not attendance.day(con, family.sanne, FRIDAY).absent


@pytest.mark.parametrize("login", ["leerling_a", "mentor_a", "staf_a"])
def test_only_a_parent_reports_through_the_portal(con, family, login):
    with pytest.raises(AccessDenied):
        absence.report(con, scope_of(con, login), family.sanne, FRIDAY, "ziek")


def test_reportable_days_are_expected_days_from_today(con, family):
    days = absence.reportable_days(con, scope_of(con, "ouder_a"), family.sanne, NOW)

    assert days[:3] == [FRIDAY, date(2026, 12, 7), date(2026, 12, 8)]
    assert TODAY not in days  # Sanne is already in
    assert WEDNESDAY not in days
    assert all(day <= date(2026, 12, 31) for day in days)


# --- the logbook's write functions (staff) -------------------------------------------


def test_staff_add_and_update_a_note_with_who_and_when(con, family):
    scope = scope_of(con, "staf_a")

    note_id = logbook.add_note(con, scope, family.sanne, TODAY, "  Goed gewerkt. ")
    logbook.update_note(con, scope, note_id, "Heel goed gewerkt.")

    (note,) = logbook.notes(con, scope, family.sanne, 2026, 12)[:1]
    assert (note.author, note.text) == ("Anna Bakker", "Heel goed gewerkt.")
    assert db.rows(
        con,
        "SELECT actor, action FROM changes WHERE entity = 'logbook' ORDER BY id",
    ) == [("staf_a", "toegevoegd"), ("staf_a", "gewijzigd")]


def test_parents_and_staff_of_another_location_cannot_write_notes(con, family):
    with pytest.raises(AccessDenied):
        logbook.add_note(con, scope_of(con, "ouder_a"), family.sanne, TODAY, "Hoi")
    with pytest.raises(AccessDenied):
        logbook.add_note(con, scope_of(con, "staf_b"), family.sanne, TODAY, "Hoi")
    note_id = logbook.add_note(con, scope_of(con, "staf_a"), family.sanne, TODAY, "Hoi")
    with pytest.raises(AccessDenied):
        logbook.update_note(con, scope_of(con, "staf_b"), note_id, "Overschreven")


@pytest.mark.parametrize(
    ("text", "day", "message"),
    [
        ("", TODAY, "Schrijf eerst een notitie."),
        ("x" * 4001, TODAY, "hoogstens 4000 tekens"),
        ("Morgen", date(2026, 12, 4), "niet in de toekomst"),
        ("Sanne werkt geconcentreerd aan wiskunde.", date(2026, 12, 2), "staat al"),
    ],
)
def test_a_note_is_refused_with_a_dutch_reason(con, family, text, day, message):
    scope = scope_of(con, "staf_a")
    with pytest.raises(InvalidInput, match=message):
        logbook.add_note(con, scope, family.sanne, day, text, author="Anna Bakker")


def test_the_logbook_months_are_newest_first(con, family):
    scope = scope_of(con, "ouder_a")

    assert logbook.months(con, scope, family.sanne) == [
        (2026, 12),
        (2026, 11),
        (2026, 10),
    ]
    assert logbook.months(con, scope, family.daan) == []
    assert [
        note.text for note in logbook.notes(con, scope, family.sanne, 2026, 11)
    ] == ["Planning besproken <b>met</b> Sanne."]
