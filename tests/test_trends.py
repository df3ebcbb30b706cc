"""Trends figures on a tiny hand-made institute whose answers are known.

The clock stands at Thursday 3 December 2026, 16:05. The period looked at is
Monday 16 November – Thursday 3 December (18 days); the previous period of equal
length is Thursday 29 October – Sunday 15 November.

Pupils (every schedule from Sunday 1 November):
- Anna (Centrum, Gymnasium G3a, mentor m1): ma/wo/do 15:00. Current period: 9
  expected days, all present, late on 19-11 (10 min), 26-11 (20 min) and today
  (3 min). Previous: 6 days, afgemeld on 12-11.
- Bram (Centrum, Gymnasium G3b, mentor m1): ma/wo/do 15:00, plus a day's own time
  on vrijdag 20-11 at 16:00 (came 16:05, 5 min late). Current: 10 expected days,
  afgemeld 16-11 and 23-11, not come on 30-11, the rest on time. Previous: 6 days
  on time.
- Cas (Oost, Lyceum L2, mentor m2): ma/di/wo 15:00 (di until 1-12 inclusive), do
  15:00 from 1-11 and do 15:30 from 16-11 (the later one wins). Today's own
  expected time is 16:30 and he is not in yet, so today does not count yet. Current: 11 expected days,
  afgemeld 18-11, the rest exactly on time (19-11 at 15:20: not late against
  15:30). Previous: 8 days, 5-11 at 15:10 (10 min late against 15:00).
"""

import csv
import io
from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studytrack import access, attendance, spreadsheet, trend_charts, trends
from studytrack.errors import AccessDenied
from studytrack.trends import Group, Period

PERIOD = Period(date(2026, 11, 16), date(2026, 12, 3))
ANNA, BRAM, CAS = 1, 2, 3


def _attend(con, pupil, day, arrived=None, absent=False, expected=None, reason=None):
    con.execute(
        "INSERT INTO attendance (pupil_id, day, expected_at, arrived_at, absent, "
        "absent_reason) VALUES (?, ?, ?, ?, ?, ?)",
        [pupil, day, expected, arrived, absent, reason],
    )


def _on_time(con, pupil, days, at=time(14, 55)):
    for day in days:
        _attend(con, pupil, date(2026, *day), arrived=at)


@pytest.fixture
def institute(con):
    con.execute("INSERT INTO locations (name) VALUES ('Centrum'), ('Oost')")
    con.execute(
        "INSERT INTO pupils (number, first_name, infix, last_name, location_id, "
        "school, class_name) VALUES "
        "('1001', 'Anna', NULL, 'Aalders', 1, 'Gymnasium', 'G3a'), "
        "('1002', 'Bram', 'van', 'Berg', 1, 'Gymnasium', 'G3b'), "
        "('1003', 'Cas', NULL, 'Claassen', 2, 'Lyceum', 'L2'), "
        "('1004', 'Dirk', NULL, 'Dekker', 2, 'Lyceum', 'L2')"
    )
    con.execute("UPDATE pupils SET active = FALSE WHERE number = '1004'")
    con.execute(
        "INSERT INTO accounts (login, name, role) VALUES "
        "('m1', 'Mentor Een', 'mentor'), ('m2', 'Mentor Twee', 'mentor'), "
        "('ouder', 'Ouder Aalders', 'ouder'), ('baas', 'Beheerder', 'beheerder')"
    )
    con.execute(
        "INSERT INTO account_pupils VALUES (1, 1), (1, 2), (2, 3), (3, 1), (2, 4)"
    )
    nov1 = date(2026, 11, 1)
    for pupil in (ANNA, BRAM):
        for weekday in (1, 3, 4):
            con.execute(
                "INSERT INTO schedules VALUES (?, ?, '15:00', ?, NULL)",
                [pupil, weekday, nov1],
            )
    con.execute(
        "INSERT INTO schedules VALUES "
        "(3, 1, '15:00', DATE '2026-11-01', NULL), "
        "(3, 2, '15:00', DATE '2026-11-01', DATE '2026-12-01'), "
        "(3, 3, '15:00', DATE '2026-11-01', NULL), "
        "(3, 4, '15:00', DATE '2026-11-01', NULL), "
        "(3, 4, '15:30', DATE '2026-11-16', NULL), "
        "(4, 1, '15:00', DATE '2026-11-01', NULL)"
    )

    # Anna: previous period, afgemeld on 12-11.
    _on_time(con, ANNA, [(11, 2), (11, 4), (11, 5), (11, 9), (11, 11)])
    _attend(con, ANNA, date(2026, 11, 12), absent=True, reason="ziek")
    # Anna: current period, late three times; a Saturday visit that never counts.
    _on_time(con, ANNA, [(11, 16), (11, 18), (11, 23), (11, 25), (11, 30), (12, 2)])
    _attend(con, ANNA, date(2026, 11, 19), arrived=time(15, 10))
    _attend(con, ANNA, date(2026, 11, 26), arrived=time(15, 20))
    _attend(con, ANNA, date(2026, 12, 3), arrived=time(15, 3))
    _attend(con, ANNA, date(2026, 11, 21), arrived=time(15, 30))

    # Bram: previous period on time.
    _on_time(con, BRAM, [(11, 2), (11, 4), (11, 5), (11, 9), (11, 11), (11, 12)])
    # Bram: current period.
    _attend(con, BRAM, date(2026, 11, 16), absent=True, reason="ziek")
    _attend(con, BRAM, date(2026, 11, 23), absent=True, reason="tandarts")
    _attend(con, BRAM, date(2026, 11, 20), arrived=time(16, 5), expected=time(16, 0))
    _on_time(con, BRAM, [(11, 18), (11, 19), (11, 25), (11, 26), (12, 2), (12, 3)])

    # Cas: previous period, late once against the old Thursday time.
    _on_time(con, CAS, [(11, 2), (11, 3), (11, 4), (11, 9), (11, 10), (11, 11)])
    _on_time(con, CAS, [(11, 12)])
    _attend(con, CAS, date(2026, 11, 5), arrived=time(15, 10))
    # Cas: current period, exactly on time; today expected at 16:30 (not yet).
    _on_time(con, CAS, [(11, 16), (11, 17), (11, 23), (11, 24), (11, 25)], time(15, 0))
    _on_time(con, CAS, [(11, 30), (12, 1), (12, 2)], time(15, 0))
    _on_time(con, CAS, [(11, 26)], time(15, 30))
    _attend(con, CAS, date(2026, 11, 18), absent=True, reason="ziek")
    _attend(con, CAS, date(2026, 11, 19), arrived=time(15, 20))
    _attend(con, CAS, date(2026, 12, 3), expected=time(16, 30))

    # Agenda items: sign-offs and grades (weights 1 and 2); one in the future.
    con.execute(
        "INSERT INTO agenda_items (pupil_id, day, subject, kind, description, "
        "signed_off_by, signed_off_at, grade, weight) VALUES "
        "(1, DATE '2026-11-18', 'Wiskunde', 'huiswerk', 'par 3', 'AB', "
        " TIMESTAMP '2026-11-17 16:00', NULL, 1), "
        "(1, DATE '2026-11-25', 'Engels', 'SO', 'H2', 'AB', "
        " TIMESTAMP '2026-11-24 16:00', 6.0, 1), "
        "(1, DATE '2026-12-02', 'Wiskunde', 'proefwerk', 'H3', NULL, NULL, 8.0, 2), "
        "(1, DATE '2026-12-10', 'Frans', 'SO', 'H4', NULL, NULL, NULL, 1), "
        "(2, DATE '2026-11-20', 'Duits', 'huiswerk', 'les 4', NULL, NULL, NULL, 1), "
        "(3, DATE '2026-11-17', 'Biologie', 'huiswerk', 'H1', 'CD', "
        " TIMESTAMP '2026-11-16 16:00', NULL, 1), "
        "(3, DATE '2026-12-01', 'Biologie', 'SO', 'H1', 'CD', "
        " TIMESTAMP '2026-11-30 16:00', 5.0, 1)"
    )
    return con


def _scope(con, login):
    return access.scope_for(con, access.viewer_for(con, login))


@pytest.fixture
def admin(institute):
    return _scope(institute, "baas")


@pytest.fixture
def mentor(institute):
    return _scope(institute, "m1")


# --- key figures ----------------------------------------------------------------------


def test_key_figures_count_expected_present_afgemeld_not_come_and_late(
    institute, admin
):
    figures = trends.overview(institute, admin, Group(), PERIOD).figures.current

    assert figures.pupils == 3
    assert figures.expected == 30
    assert figures.present == 26
    assert figures.afgemeld == 3
    assert figures.not_come == 1
    assert figures.late == 4
    assert figures.late_minutes == 38
    assert figures.attendance_rate == pytest.approx(100 * 26 / 30)
    assert figures.afgemeld_rate == pytest.approx(10.0)
    assert figures.average_late_minutes == pytest.approx(9.5)


def test_key_figures_compare_with_the_previous_period_of_equal_length(institute, admin):
    figures = trends.overview(institute, admin, Group(), PERIOD).figures

    assert PERIOD.previous() == Period(date(2026, 10, 29), date(2026, 11, 15))
    assert figures.previous.expected == 20
    assert figures.previous.present == 19
    assert figures.previous.afgemeld == 1
    assert figures.previous.late == 1
    assert figures.previous.late_minutes == 10
    assert figures.change("attendance_rate") == pytest.approx(100 * 26 / 30 - 95.0)
    assert figures.change("late") == 3


def test_today_counts_once_the_pupil_is_in_or_afgemeld(institute, admin):
    today = Period(date(2026, 12, 3), date(2026, 12, 3))
    cas = trends.pupil_group(admin, CAS)

    # Cas is not in yet (expected 16:30): today does not count for him yet.
    assert trends.overview(institute, admin, cas, today).figures.current.expected == 0
    institute.execute(
        "UPDATE attendance SET absent = TRUE WHERE pupil_id = 3 AND day = ?",
        [date(2026, 12, 3)],
    )
    figures = trends.overview(institute, admin, cas, today).figures.current
    assert (figures.expected, figures.afgemeld) == (1, 1)


def test_closed_weekdays_do_not_count(institute, admin):
    institute.execute(
        "UPDATE settings SET value = '1,2,4,5' WHERE key = 'opening_days'"
    )

    figures = trends.overview(institute, admin, Group(), PERIOD).figures.current

    # Three Wednesdays gone for each pupil; Cas's 18-11 was afgemeld.
    assert figures.expected == 30 - 9
    assert figures.afgemeld == 2


def test_a_group_narrows_every_figure(institute, admin):
    klas = Group("klas", ("Gymnasium", "G3a"), "G3a")
    oost = Group("vestiging", (2,), "Oost")

    anna = trends.overview(institute, admin, klas, PERIOD).figures.current
    cas = trends.overview(institute, admin, oost, PERIOD).figures.current

    assert (anna.pupils, anna.expected, anna.late, anna.late_minutes) == (1, 9, 3, 33)
    assert (cas.pupils, cas.expected, cas.afgemeld, cas.late) == (1, 11, 1, 0)


# --- series, heatmap, comparison ----------------------------------------------------


def test_weekly_series_counts_each_week(institute, admin):
    weeks = trends.overview(institute, admin, Group(), PERIOD).weekly

    assert list(weeks["start"]) == [
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    assert list(weeks["expected"]) == [11, 10, 9]
    assert list(weeks["late"]) == [2, 1, 1]
    assert list(weeks["not_come"]) == [0, 0, 1]
    assert weeks["afgemeld_rate"].iloc[0] == pytest.approx(100 * 2 / 11)


def test_monthly_series_splits_at_the_month(institute, admin):
    months = trends.overview(institute, admin, Group(), PERIOD).monthly

    assert list(months["start"]) == [date(2026, 11, 1), date(2026, 12, 1)]
    assert list(months["expected"]) == [24, 6]
    assert list(months["late_minutes"]) == [35, 3]


def test_heatmap_cells_count_a_weekday_of_a_week(institute, admin):
    cells = trends.overview(institute, admin, Group(), PERIOD).heatmap.set_index(
        ["week", "weekday"]
    )

    thursday = cells.loc[(date(2026, 11, 16), 4)]
    assert (thursday["expected"], thursday["late"]) == (3, 1)
    monday = cells.loc[(date(2026, 11, 30), 1)]
    assert (monday["expected"], monday["not_come"]) == (3, 1)
    assert monday["absence_rate"] == pytest.approx(100 / 3)
    friday = cells.loc[(date(2026, 11, 16), 5)]
    assert (friday["expected"], friday["late_rate"]) == (1, 100.0)
    assert cells.loc[(date(2026, 11, 30), 4)]["expected"] == 2
    assert (date(2026, 11, 21), 6) not in cells.index


def test_comparison_per_location_and_per_mentor(institute, admin):
    compared = trends.overview(institute, admin, Group(), PERIOD).comparisons
    places, mentors = compared["vestiging"], compared["mentor"]

    assert places[["name", "pupils", "expected", "present"]].values.tolist() == [
        ["Centrum", 2, 19, 16],
        ["Oost", 1, 11, 10],
    ]
    # The parent linked to Anna is no mentor.
    assert mentors[["name", "expected"]].values.tolist() == [
        ["Mentor Een", 19],
        ["Mentor Twee", 11],
    ]


# --- bands, tiers and the pupils that need attention --------------------------------


def test_bands_and_tiers_follow_the_thresholds(institute, admin):
    overview = trends.overview(institute, admin, Group(), PERIOD)
    by_name = overview.attention.set_index("name")

    assert by_name.loc["Bram van Berg", "absence_rate"] == pytest.approx(30.0)
    assert by_name.loc["Bram van Berg", "band"] == trends.BAND_CHRONIC
    assert by_name.loc["Bram van Berg", "tier"] == trends.TIER_REGULAR
    assert by_name.loc["Cas Claassen", "absence_rate"] == pytest.approx(100 / 11)
    assert by_name.loc["Cas Claassen", "band"] == trends.BAND_EARLY
    assert by_name.loc["Cas Claassen", "tier"] == trends.TIER_NONE
    assert by_name.loc["Anna Aalders", "band"] == trends.BAND_NONE
    assert by_name.loc["Anna Aalders", "tier"] == trends.TIER_OFTEN
    assert overview.bands == {
        trends.BAND_NONE: 1,
        trends.BAND_EARLY: 1,
        trends.BAND_CHRONIC: 1,
        trends.TIER_NONE: 1,
        trends.TIER_REGULAR: 1,
        trends.TIER_OFTEN: 1,
    }


def test_band_boundaries_are_inclusive():
    # 1 of 20 days is exactly 5 %: verhoogd risico; 2 of 20 exactly 10 %: chronisch.
    assert trends.ABSENCE_EARLY == 5 and trends.ABSENCE_CHRONIC == 10
    assert trends.LATE_REGULAR == 5 and trends.LATE_OFTEN == 15


def test_attention_list_puts_the_most_serious_first_with_the_trend(institute, admin):
    table = trends.overview(institute, admin, Group(), PERIOD).attention

    assert list(table["name"]) == ["Bram van Berg", "Cas Claassen", "Anna Aalders"]
    bram = table.iloc[0]
    assert (bram["expected"], bram["afgemeld"], bram["not_come"]) == (10, 2, 1)
    assert (bram["late"], bram["late_minutes"]) == (1, 5)
    assert bram["attendance_change"] == pytest.approx(70.0 - 100.0)
    assert list(bram["weekly_attendance"]) == pytest.approx([75.0, 200 / 3, 200 / 3])


def test_learning_gives_sign_off_rate_and_weighted_grade_per_month(institute, admin):
    months = trends.learning(institute, admin, Group(), PERIOD)["maand"]
    months = months.set_index("start")

    november = months.loc[date(2026, 11, 1)]
    assert (november["items"], november["signed_off"]) == (4, 3)
    assert november["sign_off_rate"] == pytest.approx(75.0)
    assert november["average_grade"] == pytest.approx(6.0)
    december = months.loc[date(2026, 12, 1)]
    assert (december["items"], december["signed_off"]) == (2, 1)
    assert december["average_grade"] == pytest.approx((8.0 * 2 + 5.0) / 3)


def test_learning_per_week(institute, admin):
    weeks = trends.learning(institute, admin, Group(), PERIOD)["week"]

    assert weeks[["items", "signed_off"]].values.tolist() == [[3, 2], [1, 1], [2, 1]]
    assert list(weeks["start"]) == [
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]


# --- a mentor sees only their own pupils ----------------------------------------------


def test_mentor_sees_only_their_pupils_in_every_figure(institute, mentor):
    overview = trends.overview(institute, mentor, Group(), PERIOD)

    assert overview.figures.current.pupils == 2
    assert overview.figures.current.expected == 19
    assert overview.weekly["expected"].sum() == 19
    assert overview.monthly["expected"].sum() == 19
    assert overview.heatmap["expected"].sum() == 19
    assert sum(overview.bands[band] for band in trends.BAND_NAMES) == 2
    assert list(overview.attention["name"]) == ["Bram van Berg", "Anna Aalders"]
    learned = trends.learning(institute, mentor, Group(), PERIOD)
    assert learned["maand"]["items"].sum() == learned["week"]["items"].sum() == 4
    assert overview.comparisons["vestiging"]["name"].tolist() == ["Centrum"]
    assert overview.comparisons["mentor"]["name"].tolist() == ["Mentor Een"]


def test_mentor_cannot_widen_the_scope_with_a_group(institute, mentor):
    oost = Group("vestiging", (2,), "Oost")
    other_mentor = Group("mentor", (2,), "Mentor Twee")

    seen = trends.overview(institute, mentor, oost, PERIOD)
    assert (seen.figures.current.pupils, seen.figures.current.expected) == (0, 0)
    assert seen.weekly.empty and seen.heatmap.empty
    assert trends.learning(institute, mentor, oost, PERIOD)["maand"].empty
    assert trends.overview(institute, mentor, other_mentor, PERIOD).attention.empty
    with pytest.raises(AccessDenied):
        trends.pupil_group(mentor, CAS)
    with pytest.raises(AccessDenied):
        trends.pupil_trend(institute, mentor, CAS, PERIOD)


def test_group_options_come_from_the_pupils_in_scope(institute, mentor, admin):
    assert [g.label for g in trends.group_options(institute, mentor, "vestiging")] == [
        "Centrum"
    ]
    assert [g.label for g in trends.group_options(institute, mentor, "mentor")] == [
        "Mentor Een"
    ]
    assert [g.label for g in trends.group_options(institute, admin, "klas")] == [
        "G3a · Gymnasium",
        "G3b · Gymnasium",
        "L2 · Lyceum",
    ]


# --- one pupil ------------------------------------------------------------------------


def test_pupil_trend_sets_attendance_beside_sign_off_and_grades(institute, mentor):
    months = trends.pupil_trend(institute, mentor, ANNA, PERIOD).set_index("start")

    november = months.loc[date(2026, 11, 1)]
    assert november["expected"] == 13  # from 2-11, the schedule's first week
    assert november["sign_off_rate"] == pytest.approx(100.0)
    assert months.loc[date(2026, 12, 1), "average_grade"] == pytest.approx(8.0)


# --- periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "first", "last"),
    [
        ("laatste 4 weken", date(2026, 11, 6), date(2026, 12, 3)),
        ("laatste 13 weken", date(2026, 9, 4), date(2026, 12, 3)),
        ("deze maand", date(2026, 12, 1), date(2026, 12, 3)),
        ("vorige maand", date(2026, 11, 1), date(2026, 11, 30)),
        ("dit schooljaar", date(2026, 8, 1), date(2026, 12, 3)),
    ],
)
def test_presets_end_today_or_at_the_end_of_last_month(preset, first, last):
    assert trends.preset_period(preset) == Period(first, last)


def test_period_label_reads_dutch():
    assert PERIOD.label == "16 november – 3 december 2026"
    assert Period(date(2025, 12, 1), date(2026, 1, 5)).label == (
        "1 december 2025 – 5 januari 2026"
    )


# --- expected days agree with attendance.py -------------------------------------------


def test_a_temporary_schedule_wins_only_while_it_is_valid(institute, admin):
    # Anna: on Monday 23-11 only at 14:00 (she came 14:55: 55 minutes late); the
    # Monday after, her 15:00 schedule holds again. Also a one-off Tuesday.
    institute.execute(
        "INSERT INTO schedules VALUES (1, 1, '14:00', DATE '2026-11-23', "
        "DATE '2026-11-23'), (1, 2, '15:00', DATE '2026-11-24', DATE '2026-11-24')"
    )
    anna = trends.pupil_group(admin, ANNA)

    figures = trends.overview(institute, admin, anna, PERIOD).figures.current

    assert figures.expected == 9 + 1
    assert figures.not_come == 1  # the one-off Tuesday, no arrival
    assert figures.late_minutes == 33 + 55


SCHEDULE_ROW = st.tuples(
    st.integers(1, 7),
    st.sampled_from([time(13, 0), time(14, 30), time(15, 0)]),
    st.integers(0, 60),
    st.one_of(st.none(), st.integers(0, 60)),
)


@pytest.fixture
def lone_pupil(con):
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, last_name, location_id) "
        "VALUES ('1', 'Anna', 'Aalders', 1)"
    )
    con.execute(
        "INSERT INTO accounts (login, name, role) VALUES ('b', 'B', 'beheerder')"
    )
    return con


# The schedules are replaced for every example, so one database serves them all.
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(SCHEDULE_ROW, min_size=1, max_size=6))
def test_expected_days_match_attendance_days_for_any_schedule(lone_pupil, rows):
    """The set-based calendar agrees with attendance.days, day by day."""
    con = lone_pupil
    con.execute("DELETE FROM schedules")
    start = date(2026, 10, 1)
    for weekday, at, offset, length in rows:
        valid_from = start + timedelta(days=offset)
        valid_to = None if length is None else valid_from + timedelta(days=length)
        con.execute(
            "INSERT OR REPLACE INTO schedules VALUES (1, ?, ?, ?, ?)",
            [weekday, at, valid_from, valid_to],
        )
    scope = _scope(con, "b")
    period = Period(date(2026, 10, 20), date(2026, 12, 3))

    weeks = trends.overview(con, scope, Group(), period).weekly
    days = attendance.days(con, 1, period.first, period.last - timedelta(days=1))

    by_week = {}
    for day in days:
        if day.expected_at is not None:
            monday = day.day - timedelta(days=day.day.weekday())
            by_week[monday] = by_week.get(monday, 0) + 1
    assert dict(zip(weeks["start"], weeks["expected"], strict=True)) == by_week


# --- other viewers and the export ------------------------------------------------------


def test_a_begeleider_scope_holds_their_location_only(institute):
    institute.execute(
        "INSERT INTO accounts (login, name, role, initials) "
        "VALUES ('cd', 'Begeleider Oost', 'begeleider', 'CD')"
    )
    institute.execute(
        "INSERT INTO account_locations SELECT id, 2 FROM accounts WHERE login = 'cd'"
    )
    staff = _scope(institute, "cd")

    overview = trends.overview(institute, staff, Group(), PERIOD)

    assert overview.figures.current.pupils == 1
    assert overview.figures.current.expected == 11
    assert list(overview.attention["name"]) == ["Cas Claassen"]


def test_exported_attention_list_cannot_start_a_formula(institute, admin):
    institute.execute(
        "UPDATE pupils SET first_name = '=HYPERLINK(\"http://x\")' WHERE id = 2"
    )
    attention = trends.overview(institute, admin, Group(), PERIOD).attention
    table = trends.readable(attention, trends.ATTENTION_COLUMNS)

    text = spreadsheet.to_csv_bytes(table.drop(columns=["Aanwezig per week"]))

    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Naam", "Klas", "Risico afwezigheid", "Afwezig %"]
    assert rows[1][:4] == [
        '\'=HYPERLINK("http://x") van Berg',
        "G3b",
        "chronisch",
        "30,0",
    ]


# --- charts ---------------------------------------------------------------------------------


def test_charts_speak_dutch_and_show_imported_names_as_text(institute, admin):
    institute.execute("UPDATE locations SET name = '<b>Oost</b>' WHERE id = 2")
    overview = trends.overview(institute, admin, Group(), PERIOD)

    compared = trend_charts.comparison_chart(overview.comparisons["vestiging"], "t")
    heat = trend_charts.heatmap_chart(overview.heatmap, "absence_rate", [1, 2, 3, 4, 5])
    weekly = trend_charts.attendance_chart(overview.weekly, "week")

    assert "&lt;b&gt;Oost&lt;/b&gt;" in compared.data[0].y
    assert list(heat.data[0].y) == ["ma", "di", "wo", "do", "vr"]
    assert list(heat.data[0].x) == ["wk 47", "wk 48", "wk 49"]
    assert heat.data[0].text[0][2] == "33,3"  # maandag 30-11: Bram did not come
    assert list(weekly.data[0].x) == ["wk 47", "wk 48", "wk 49"]
    assert weekly.layout.separators == ",."
