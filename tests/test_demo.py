"""The demo institute: its contract, its realism, determinism and one transaction."""

from datetime import date, time, timedelta

import duckdb
import pytest

from studytrack import accounts, attendance, cli, clock, db, demo
from studytrack.errors import InvalidInput

TODAY = date(2026, 12, 3)
NOW = time(16, 5)
TABLES = (
    "settings",
    "locations",
    "pupils",
    "accounts",
    "account_locations",
    "account_pupils",
    "schedules",
    "attendance",
    "agenda_items",
    "logbook",
)
CONTRACT_LOGINS = {
    "beheerder": "beheerder",
    "begeleider1": "begeleider",
    "begeleider2": "begeleider",
    "begeleider3": "begeleider",
    "mentor1": "mentor",
    "mentor2": "mentor",
    "ouder1": "ouder",
    "ouder2": "ouder",
    "ouder3": "ouder",
    "leerling1": "leerling",
}


def contents(con) -> dict:
    """Every demo table, sorted; password hashes are salted, so they are left out."""
    found = {}
    for table in TABLES:
        columns = "* EXCLUDE (password_hash)" if table == "accounts" else "*"
        found[table] = db.rows(con, f"SELECT {columns} FROM {table} ORDER BY ALL")
    return found


def built(path, **options):
    con = db.connect(path)
    demo.build(con, **options)
    return con


def pupil_id(con, number: str) -> int:
    return db.value(con, "SELECT id FROM pupils WHERE number = ?", [number])


def linked_pupils(con, login: str) -> list[tuple]:
    return db.rows(
        con,
        "SELECT p.number, l.name FROM accounts a "
        "JOIN account_pupils ap ON ap.account_id = a.id "
        "JOIN pupils p ON p.id = ap.pupil_id JOIN locations l ON l.id = p.location_id "
        "WHERE a.login = ? ORDER BY p.number",
        [login],
    )


# --- determinism ---------------------------------------------------------------------


def test_same_seed_and_now_build_the_same_institute(tmp_path):
    first = built(tmp_path / "a.duckdb")
    second = built(tmp_path / "b.duckdb")

    assert contents(first) == contents(second)


def test_another_seed_builds_another_institute(tmp_path):
    first = built(tmp_path / "a.duckdb")
    other = built(tmp_path / "b.duckdb", seed=7)

    names = "SELECT first_name, last_name FROM pupils ORDER BY id"
    assert db.rows(first, names) != db.rows(other, names)
    assert contents(first)["attendance"] != contents(other)["attendance"]


def test_another_now_moves_the_history_along(tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYTRACK_NOW", "2027-03-10T11:00")
    con = built(tmp_path / "march.duckdb")

    last_arrival = db.value(
        con, "SELECT max(day) FROM attendance WHERE arrived_at IS NOT NULL"
    )
    assert last_arrival < date(2027, 3, 10)  # at 11:00 nobody is in yet today
    assert db.value(con, "SELECT min(day) FROM attendance") >= date(2026, 9, 1)
    assert db.value(con, "SELECT max(day) FROM agenda_items") > date(2027, 3, 24)


@pytest.mark.parametrize(
    "now",
    [
        "2026-08-10T10:00",  # summer holidays: last school year is the history
        "2026-09-15T15:00",  # two weeks into a school year: the previous one too
        "2027-06-05T12:00",  # a Saturday
        "2026-12-03T07:00",  # before school
        "2026-12-03T21:30",  # after closing
    ],
)
def test_nothing_in_the_demo_happens_after_now(tmp_path, monkeypatch, now):
    monkeypatch.setenv("STUDYTRACK_NOW", now)
    con = built(tmp_path / "demo.duckdb", students=12)
    moment = clock.now()

    first_day = db.value(con, "SELECT min(day) FROM attendance")
    assert first_day <= moment.date() - timedelta(days=90)
    assert (
        db.value(
            con,
            "SELECT count(*) FROM attendance WHERE day + arrived_at > ? "
            "OR day + left_at > ? OR updated_at > ?",
            [moment] * 3,
        )
        == 0
    )
    assert (
        db.value(
            con,
            "SELECT count(*) FROM agenda_items WHERE signed_off_at > ? OR created_at > ? "
            "OR (grade IS NOT NULL AND day >= ?)",
            [moment, moment, moment.date()],
        )
        == 0
    )
    assert db.value(con, "SELECT max(created_at) FROM logbook") <= moment


# --- the contract --------------------------------------------------------------------


def test_every_demo_login_exists_with_its_role(demo_con):
    roles = dict(db.rows(demo_con, "SELECT login, role FROM accounts"))

    assert {login: roles.get(login) for login in CONTRACT_LOGINS} == CONTRACT_LOGINS
    assert (
        db.value(demo_con, "SELECT name FROM accounts WHERE login = 'beheerder'")
        == "Fatima El Amrani"
    )


def test_institute_is_named_and_has_centrum_and_oost(demo_con):
    assert db.setting(demo_con, "institute_name") == "Huiswerkinstituut De Leerboom"
    assert db.setting(demo_con, "app_url") == db.DEFAULT_SETTINGS["app_url"]
    assert db.rows(demo_con, "SELECT name FROM locations ORDER BY id") == [
        ("Centrum",),
        ("Oost",),
    ]


@pytest.mark.parametrize(
    ("login", "initials", "locations"),
    [
        ("begeleider1", "AB", ["Centrum"]),
        ("begeleider2", "CD", ["Oost"]),
        ("begeleider3", "EF", ["Centrum", "Oost"]),
    ],
)
def test_begeleiders_have_their_initials_and_locations(
    demo_con, login, initials, locations
):
    found = db.rows(
        demo_con,
        "SELECT a.initials, l.name FROM accounts a "
        "JOIN account_locations al ON al.account_id = a.id "
        "JOIN locations l ON l.id = al.location_id WHERE a.login = ? ORDER BY l.name",
        [login],
    )
    assert found == [(initials, location) for location in locations]


def test_ouder1_has_two_children_at_centrum_and_ouder2_one_at_oost(demo_con):
    assert linked_pupils(demo_con, "ouder1") == [
        ("100001", "Centrum"),
        ("100002", "Centrum"),
    ]
    assert [location for _, location in linked_pupils(demo_con, "ouder2")] == ["Oost"]


def test_leerling1_is_ouder1s_first_child(demo_con):
    assert linked_pupils(demo_con, "leerling1") == [("100001", "Centrum")]
    name = db.value(demo_con, "SELECT name FROM accounts WHERE login = 'leerling1'")
    first, infix, last = db.one(
        demo_con,
        "SELECT first_name, infix, last_name FROM pupils WHERE number = '100001'",
    )
    assert name == " ".join(part for part in (first, infix, last) if part)


def test_every_pupil_has_one_parent_and_one_of_two_mentors(demo_con):
    per_pupil = db.rows(
        demo_con,
        "SELECT p.number, count(*) FILTER (WHERE a.role = 'ouder'), "
        "list(a.login) FILTER (WHERE a.role = 'mentor') FROM pupils p "
        "JOIN account_pupils ap ON ap.pupil_id = p.id "
        "JOIN accounts a ON a.id = ap.account_id GROUP BY p.number",
    )
    assert len(per_pupil) == 40
    assert all(parents == 1 for _, parents, _ in per_pupil)
    mentors = [logins for _, _, logins in per_pupil]
    assert mentors.count(["mentor1"]) == mentors.count(["mentor2"]) == 20


def test_every_demo_account_signs_in_with_the_demo_password(demo_con):
    for login in CONTRACT_LOGINS:
        assert accounts.sign_in(demo_con, login, demo.PASSWORD).ok, login
    assert not accounts.sign_in(demo_con, "ouder1", "wrong-password").ok
    assert not db.value(demo_con, "SELECT bool_or(must_change_password) FROM accounts")


def test_new_rows_after_the_demo_get_fresh_ids(demo_con):
    accounts.create(demo_con, "beheerder", "ouder99", "ouder", "Nieuwe Ouder")
    with db.transaction(demo_con) as cur:
        cur.execute(
            "INSERT INTO agenda_items (pupil_id, day, subject, kind, description) "
            "VALUES (1, DATE '2026-12-04', 'Wiskunde', 'huiswerk', 'nieuw')"
        )
        cur.execute(
            "INSERT INTO logbook (pupil_id, day, author, text) "
            "VALUES (1, DATE '2026-12-04', 'Annelies Brouwer', 'nieuw')"
        )
    assert (
        db.value(
            demo_con, "SELECT max(id) FROM agenda_items WHERE description = 'nieuw'"
        )
        > 1
    )


def test_pupil_numbers_are_six_digit_strings(demo_con):
    numbers = [number for (number,) in db.rows(demo_con, "SELECT number FROM pupils")]
    assert sorted(numbers) == [str(100001 + index) for index in range(40)]


# --- realism ---------------------------------------------------------------------------


def test_names_have_tussenvoegsels_and_accents(demo_con):
    infixes = {
        infix for (infix,) in db.rows(demo_con, "SELECT DISTINCT infix FROM pupils")
    }
    names = [
        first + last
        for first, last in db.rows(demo_con, "SELECT first_name, last_name FROM pupils")
    ]
    assert len(infixes & {"van", "de", "van der", "van den", "ter"}) >= 3
    assert None in infixes
    assert any(not name.isascii() for name in names)


def test_pupils_have_school_class_and_contact_details(demo_con):
    incomplete = db.value(
        demo_con,
        "SELECT count(*) FROM pupils WHERE school IS NULL OR birth_date IS NULL "
        "OR phone IS NULL OR email IS NULL OR address IS NULL "
        "OR NOT regexp_matches(class_name, '^[mhv][1-6][a-d]$')",
    )
    assert incomplete == 0
    assert db.value(demo_con, "SELECT count(focus_subjects) FROM pupils") > 20


def test_schedules_have_two_to_five_afternoons_between_13_and_15_30(demo_con):
    weeks = db.rows(
        demo_con,
        "SELECT count(*), min(expected_at), max(expected_at) FROM schedules "
        "GROUP BY pupil_id, valid_from",
    )
    assert all(2 <= days <= 5 for days, _, _ in weeks)
    assert min(first for _, first, _ in weeks) >= time(13, 0)
    assert max(last for _, _, last in weeks) <= time(15, 30)
    assert db.value(demo_con, "SELECT count(valid_to) FROM schedules") > 0


def test_a_few_past_days_the_pupil_did_not_come_without_notice(demo_con):
    expected = no_show = 0
    for (pupil_id,) in db.rows(demo_con, "SELECT id FROM pupils"):
        for day in attendance.days(
            demo_con, pupil_id, date(2026, 9, 1), date(2026, 12, 2)
        ):
            if day.expected_at is not None:
                expected += 1
                no_show += day.status == attendance.VERWACHT
    assert 0 < no_show < 0.03 * expected


def test_some_arrive_late_and_some_are_afgemeld_with_a_reason(demo_con):
    late, afgemeld, reasons, remarks = db.one(
        demo_con,
        "SELECT count(*) FILTER (WHERE arrived_at > expected_at), "
        "count(*) FILTER (WHERE absent), count(absent_reason), count(remark) "
        "FROM attendance WHERE day < ?",
        [TODAY],
    )
    days = db.value(demo_con, "SELECT count(*) FROM attendance WHERE day < ?", [TODAY])
    assert 0.02 < late / days < 0.15
    assert 0.02 < afgemeld / days < 0.1
    assert reasons >= afgemeld * 0.7
    assert remarks > 10
    assert db.value(
        demo_con, "SELECT count(*) FROM attendance WHERE absent_reason = 'ziek'"
    )


def test_habitual_latecomers_come_later_as_the_year_goes_on(demo_con):
    late_per_half = db.rows(
        demo_con,
        "SELECT day >= DATE '2026-10-18' AS second_half, "
        "avg(CAST(arrived_at > expected_at AS INTEGER)) FROM attendance "
        "WHERE pupil_id IN (SELECT pupil_id FROM attendance GROUP BY pupil_id "
        "  ORDER BY count(*) FILTER (WHERE arrived_at > expected_at) DESC LIMIT 3) "
        "AND day < ? GROUP BY ALL ORDER BY ALL",
        [TODAY],
    )
    (_, first_half), (_, second_half) = late_per_half
    assert second_half > first_half


def test_today_is_filled_as_far_as_now(demo_con):
    statuses = [
        attendance.day(demo_con, pupil, TODAY).status
        for (pupil,) in db.rows(demo_con, "SELECT id FROM pupils")
    ]
    expected_today = [s for s in statuses if s != attendance.NIET_VERWACHT]
    assert {
        attendance.VERWACHT,
        attendance.BINNEN,
        attendance.KLAAR,
        attendance.AFGEMELD,
    } <= set(expected_today)
    assert (
        db.value(
            demo_con,
            "SELECT count(*) FROM attendance WHERE (day = ? AND (arrived_at > ? OR left_at > ?)) "
            "OR (day > ? AND arrived_at IS NOT NULL)",
            [TODAY, NOW, NOW, TODAY],
        )
        == 0
    )


def test_homework_of_every_scheduled_day_in_several_subjects(demo_con):
    per_day = db.rows(
        demo_con,
        "SELECT count(*) FROM agenda_items GROUP BY pupil_id, day",
    )
    assert {count for (count,) in per_day} == {1, 2, 3}
    subjects = {
        s for (s,) in db.rows(demo_con, "SELECT DISTINCT subject FROM agenda_items")
    }
    assert subjects == set(demo.SUBJECTS)
    assert db.value(demo_con, "SELECT max(day) FROM agenda_items") >= date(2026, 12, 21)


def test_past_items_mostly_signed_off_by_a_begeleider_of_the_location(demo_con):
    signed, total, foreign = db.one(
        demo_con,
        "SELECT count(i.signed_off_by), count(*), count(*) FILTER (WHERE "
        "  i.signed_off_by IS NOT NULL AND i.signed_off_by NOT IN ("
        "    SELECT s.initials FROM accounts s JOIN account_locations al "
        "    ON al.account_id = s.id WHERE al.location_id = p.location_id)) "
        "FROM agenda_items i JOIN pupils p ON p.id = i.pupil_id "
        "JOIN attendance a ON a.pupil_id = i.pupil_id AND a.day = i.day "
        "WHERE i.day < ? AND NOT a.absent",
        [TODAY],
    )
    assert signed / total > 0.8
    assert foreign == 0
    assert (
        db.value(
            demo_con,
            "SELECT count(*) FROM agenda_items i JOIN attendance a USING (pupil_id, day) "
            "WHERE CAST(i.signed_off_at AS TIME) NOT BETWEEN a.arrived_at "
            "AND coalesce(a.left_at, ?)",
            [NOW],
        )
        == 0
    )
    assert db.value(demo_con, "SELECT count(comment) FROM agenda_items") > 20


def test_tests_past_graded_some_awaited_future_planned(demo_con):
    graded, awaited, planned, future_graded = db.one(
        demo_con,
        "SELECT count(*) FILTER (WHERE day < ? AND grade IS NOT NULL), "
        "count(*) FILTER (WHERE day < ? AND grade IS NULL), "
        "count(*) FILTER (WHERE day > ?), "
        "count(*) FILTER (WHERE day >= ? AND grade IS NOT NULL) "
        "FROM agenda_items WHERE kind IN ('SO', 'proefwerk', 'mondeling', "
        "'presentatie', 'opdracht', 'overhoring')",
        [TODAY] * 4,
    )
    assert graded > 5 * awaited > 0
    assert planned > 20
    assert future_graded == 0


def test_grades_lie_between_1_and_10_with_some_below_5_5(demo_con):
    low, high, below, weights = db.one(
        demo_con,
        "SELECT min(grade), max(grade), count(*) FILTER (WHERE grade < 5.5), "
        "list(DISTINCT CAST(weight AS INTEGER) ORDER BY 1) FROM agenda_items "
        "WHERE grade IS NOT NULL",
    )
    assert 1 <= low < 5.5 < 8 < high <= 10
    assert below > 0
    assert weights == [1, 2, 3]


def test_logbook_has_a_few_notes_a_month_by_begeleiders(demo_con):
    per_pupil = db.rows(demo_con, "SELECT pupil_id, count(*) FROM logbook GROUP BY 1")
    authors = {a for (a,) in db.rows(demo_con, "SELECT DISTINCT author FROM logbook")}
    staff = {
        n
        for (n,) in db.rows(
            demo_con, "SELECT name FROM accounts WHERE role = 'begeleider'"
        )
    }
    assert len(per_pupil) == 40
    assert all(3 <= notes <= 30 for _, notes in per_pupil)  # three months of history
    assert authors == staff


# --- one transaction -------------------------------------------------------------------


def test_a_build_that_fails_halfway_leaves_the_database_as_it_was(con):
    # A stray logbook row takes the id the demo's last insert wants.
    con.execute(
        "INSERT INTO logbook (id, pupil_id, day, author, text) "
        "VALUES (1, 999, DATE '2026-01-01', 'iemand', 'achtergebleven')"
    )

    with pytest.raises(duckdb.ConstraintException):
        demo.build(con)

    for table in TABLES[1:-1]:
        assert db.value(con, f"SELECT count(*) FROM {table}") == 0, table
    assert db.value(con, "SELECT count(*) FROM logbook") == 1
    assert db.setting(con, "institute_name") == db.DEFAULT_SETTINGS["institute_name"]


def test_build_refuses_a_database_that_has_pupils(con):
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, last_name, location_id) "
        "VALUES ('100001', 'Eigen', 'Leerling', 1)"
    )

    with pytest.raises(InvalidInput, match="bevat al leerlingen"):
        demo.build(con)

    assert db.rows(con, "SELECT number, first_name FROM pupils") == [
        ("100001", "Eigen")
    ]
    assert db.value(con, "SELECT count(*) FROM accounts") == 0


# --- the command line ------------------------------------------------------------------


def test_cli_demo_fills_a_fresh_file(db_path, capsys):
    assert cli.main(["demo"]) == 0

    out = capsys.readouterr().out
    assert "40 leerlingen" in out and "README.md" in out
    con = db.connect(db_path)
    assert db.value(con, "SELECT count(*) FROM pupils") == 40
    con.close()


def test_cli_demo_refuses_a_database_with_pupils(db_path, capsys):
    assert cli.main(["demo", "--students", "5"]) == 0
    capsys.readouterr()

    assert cli.main(["demo"]) == 1

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("studytrack: De database bevat al leerlingen")


def test_cli_demo_refuses_a_nonsense_size(db_path, capsys):
    assert cli.main(["demo", "--students", "0"]) == 1
    assert "3 tot 100.000 leerlingen" in capsys.readouterr().err


# --- the chain -------------------------------------------------------------------------


def test_a_bigger_demo_is_a_chain_of_locations_of_about_a_hundred():
    period = demo.Period.ending_at(clock.now(), 2)
    tables = demo.generate(500, 2026, period)

    per_location = tables["pupils"].groupby("location_id").size()
    assert list(tables["locations"]["name"][:2]) == ["Centrum", "Oost"]
    assert len(per_location) == 5 and set(per_location) == {100}
    staff = tables["account_locations"].groupby("location_id").size()
    assert set(staff) == {2}
    roles = tables["accounts"]["role"].value_counts()
    assert roles["mentor"] == 10 and roles["beheerder"] == 1
    assert period.first == date(2025, 9, 1)
    assert tables["attendance"]["pupil_id"].is_monotonic_increasing
