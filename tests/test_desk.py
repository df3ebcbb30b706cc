"""The desk: today's list per location, the clicks, undo, and concurrent staff."""

import threading
from datetime import time

import pytest

from studytrack import db, desk
from studytrack.errors import AccessDenied, InvalidInput
from tests import staff_fixtures as world


@pytest.fixture
def ids(con):
    return world.build(con)


@pytest.fixture
def centrum(con, ids):
    return world.location_id(con, "Centrum")


@pytest.fixture
def staff(con, ids):
    return world.scope_of(con, "begeleider1")


def row_of(con, scope, location, pupil_id):
    rows = desk.day_list(con, scope, location).rows
    return next(row for row in rows if row.pupil_id == pupil_id)


def test_desk_lists_pupils_expected_today_by_expected_time(con, staff, centrum):
    today = desk.day_list(con, staff, centrum)

    assert [row.name for row in today.rows] == [
        "Daan van der Berg",
        "Chloë Dijkstra",
        "Eva Jansen",
    ]
    assert [row.expected_at for row in today.rows] == [
        time(14, 0),
        time(15, 0),
        time(16, 30),
    ]
    assert {row.status for row in today.rows} == {"Verwacht"}


def test_expected_time_passed_and_not_in_stands_out_as_late(con, staff, centrum):
    rows = {row.name: row for row in desk.day_list(con, staff, centrum).rows}

    assert rows["Chloë Dijkstra"].late
    assert desk.status_label(rows["Chloë Dijkstra"]) == "Te laat — nog niet binnen"
    assert not rows["Eva Jansen"].late
    assert desk.status_label(rows["Eva Jansen"]) == "Verwacht"


def test_binnen_records_now_who_and_when(con, staff, centrum, ids):
    daan = ids["100001"]

    assert desk.mark_in(con, staff, daan)

    row = row_of(con, staff, centrum, daan)
    assert row.status == "Binnen"
    assert row.arrived_at == time(16, 5)
    assert row.minutes_late == 125
    assert desk.status_label(row) == "Binnen 16:05 (125 min te laat)"
    assert (row.updated_by, str(row.updated_at)) == (
        "begeleider1",
        "2026-12-03 16:05:00",
    )
    audit = db.rows(con, "SELECT actor, entity, entity_key, action FROM changes")
    assert audit == [("begeleider1", "attendance", f"{daan}:2026-12-03", desk.IN)]


def test_second_binnen_keeps_the_first_time(con, staff, ids, centrum, monkeypatch):
    daan = ids["100001"]
    desk.mark_in(con, staff, daan)
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-03T16:20:00")
    colleague = world.scope_of(con, "beheerder")

    assert not desk.mark_in(con, colleague, daan)
    assert row_of(con, staff, centrum, daan).arrived_at == time(16, 5)


def test_klaar_needs_binnen_first_then_records_the_time(
    con, staff, ids, centrum, monkeypatch
):
    eva = ids["100002"]
    with pytest.raises(InvalidInput, match="nog niet binnen"):
        desk.mark_done(con, staff, eva)

    desk.mark_in(con, staff, eva)
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-03T17:45:00")
    assert desk.mark_done(con, staff, eva)

    row = row_of(con, staff, centrum, eva)
    assert (row.status, row.left_at) == ("Klaar", time(17, 45))
    assert desk.status_label(row) == "Klaar 17:45"


def test_afgemeld_needs_a_reason_and_is_refused_once_in(con, staff, ids, centrum):
    chloe, daan = ids["100003"], ids["100001"]
    with pytest.raises(InvalidInput, match="reden"):
        desk.mark_absent(con, staff, chloe, "  ")

    assert desk.mark_absent(con, staff, chloe, "ziek")
    row = row_of(con, staff, centrum, chloe)
    assert (row.status, desk.status_label(row), row.late) == (
        "Afgemeld",
        "Afgemeld: ziek",
        False,
    )

    desk.mark_in(con, staff, daan)
    with pytest.raises(InvalidInput, match="al binnen"):
        desk.mark_absent(con, staff, daan, "ziek")


def test_undo_steps_back_klaar_to_binnen_to_verwacht(con, staff, ids, centrum):
    eva = ids["100002"]
    desk.mark_in(con, staff, eva)
    desk.mark_done(con, staff, eva)

    row = row_of(con, staff, centrum, eva)
    assert desk.undo_label(row) == "Klaar"
    assert desk.undo(con, staff, eva, row.last_click_id)
    row = row_of(con, staff, centrum, eva)
    assert (row.status, row.arrived_at, row.left_at) == ("Binnen", time(16, 5), None)
    assert desk.undo_label(row) == "Binnen"

    assert desk.undo(con, staff, eva, row.last_click_id)
    row = row_of(con, staff, centrum, eva)
    assert (row.status, row.arrived_at, row.last_click_id) == ("Verwacht", None, None)


def test_undo_of_binnen_brings_back_a_parents_afmelding(con, staff, ids, centrum):
    eva = ids["100002"]
    con.execute(
        "INSERT INTO attendance (pupil_id, day, absent, absent_reason, updated_by) "
        "VALUES (?, DATE '2026-12-03', TRUE, 'tandarts', 'ouder1')",
        [eva],
    )
    assert row_of(con, staff, centrum, eva).status == "Afgemeld"

    desk.mark_in(con, staff, eva)
    row = row_of(con, staff, centrum, eva)
    assert row.status == "Binnen"

    desk.undo(con, staff, eva, row.last_click_id)
    row = row_of(con, staff, centrum, eva)
    assert (row.status, row.absent_reason) == ("Afgemeld", "tandarts")


def test_undo_twice_by_two_colleagues_undoes_only_once(con, staff, ids, centrum):
    daan = ids["100001"]
    desk.mark_in(con, staff, daan)
    click = row_of(con, staff, centrum, daan).last_click_id

    assert desk.undo(con, staff, daan, click)
    assert not desk.undo(con, world.scope_of(con, "beheerder"), daan, click)
    assert row_of(con, staff, centrum, daan).status == "Verwacht"


def test_undo_of_an_older_click_is_refused(con, staff, ids, centrum):
    daan = ids["100001"]
    desk.mark_in(con, staff, daan)
    first = row_of(con, staff, centrum, daan).last_click_id
    desk.mark_done(con, staff, daan)

    with pytest.raises(InvalidInput, match="laatste klik"):
        desk.undo(con, staff, daan, first)
    assert row_of(con, staff, centrum, daan).status == "Klaar"


def test_remark_is_saved_and_a_colleagues_newer_remark_is_not_overwritten(
    con, staff, ids, centrum
):
    daan = ids["100001"]
    assert desk.set_remark(con, staff, daan, "komt later, tandarts")
    assert row_of(con, staff, centrum, daan).remark == "komt later, tandarts"

    desk.set_remark(
        con,
        world.scope_of(con, "beheerder"),
        daan,
        "gaat om 17:00",
        "komt later, tandarts",
    )
    with pytest.raises(InvalidInput, match="intussen gewijzigd door beheerder"):
        desk.set_remark(con, staff, daan, "iets anders", "komt later, tandarts")
    assert row_of(con, staff, centrum, daan).remark == "gaat om 17:00"


def test_counts_per_status(con, staff, ids, centrum):
    desk.mark_in(con, staff, ids["100001"])
    desk.mark_absent(con, staff, ids["100003"], "ziek")

    counts = desk.day_list(con, staff, centrum).counts

    assert counts == {
        "Verwacht": 1,
        "Binnen": 1,
        "Klaar": 0,
        "Afgemeld": 1,
        "Te laat": 1,
    }


def test_walk_in_joins_the_list_after_binnen(con, staff, ids, centrum):
    noor = ids["100004"]
    today = desk.day_list(con, staff, centrum)
    assert desk.walk_in_candidates(con, staff, today) == [(noor, "Noor Bakker")]

    desk.mark_in(con, staff, noor)

    row = row_of(con, staff, centrum, noor)
    assert (row.status, row.expected_at, row.late) == ("Binnen", None, False)
    today = desk.day_list(con, staff, centrum)
    assert desk.walk_in_candidates(con, staff, today) == []


def test_staff_only_reach_their_own_location(con, staff, ids):
    oost = world.location_id(con, "Oost")
    with pytest.raises(AccessDenied):
        desk.day_list(con, staff, oost)
    with pytest.raises(AccessDenied):
        desk.mark_in(con, staff, ids["200001"])
    assert [name for _, name in desk.locations(con, staff)] == ["Centrum"]
    admin = world.scope_of(con, "beheerder")
    assert [name for _, name in desk.locations(con, admin)] == ["Centrum", "Oost"]


def test_a_parent_cannot_click(con, ids):
    parent = world.scope_of(con, "ouder1")
    with pytest.raises(AccessDenied, match="begeleiding"):
        desk.mark_in(con, parent, ids["100001"])


def test_closed_day_lists_only_pupils_with_a_row(con, staff, ids, centrum, monkeypatch):
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-05T14:00:00")  # a Saturday
    con.execute("UPDATE schedules SET weekday = 6 WHERE pupil_id = ?", [ids["100001"]])

    today = desk.day_list(con, staff, centrum)

    assert not today.is_open
    assert today.rows == []


def test_concurrent_clicks_and_edits_lose_no_update(con, centrum):
    """4 supervisors × 50 clicks at once on one database file: every click lands."""
    cur = con.cursor()
    pupil_ids = [
        cur.execute(
            "INSERT INTO pupils (number, first_name, last_name, location_id) "
            "VALUES (?, 'Leerling', ?, ?) RETURNING id",
            [f"9{n:05}", f"Nummer {n}", centrum],
        ).fetchone()[0]
        for n in range(100)
    ]
    for pupil_id in pupil_ids:
        cur.execute(
            "INSERT INTO schedules (pupil_id, weekday, expected_at) "
            "VALUES (?, 4, TIME '15:00')",
            [pupil_id],
        )
    cur.close()
    staff = world.scope_of(con, "begeleider1")
    first, second = pupil_ids[:50], pupil_ids[50:]
    failures = []

    def run(work):
        try:
            work()
        except Exception as error:  # noqa: BLE001 -- collected and asserted below
            failures.append(error)

    jobs = [
        lambda: [desk.mark_in(con, staff, p) for p in first],
        lambda: [desk.set_remark(con, staff, p, f"opmerking {p}") for p in first],
        lambda: [desk.mark_absent(con, staff, p, "ziek") for p in second],
        lambda: [desk.set_remark(con, staff, p, f"opmerking {p}") for p in second],
    ]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    rows = {row.pupil_id: row for row in desk.day_list(con, staff, centrum).rows}
    assert all(rows[p].arrived_at == time(16, 5) for p in first)
    assert all(rows[p].absent and rows[p].absent_reason == "ziek" for p in second)
    assert all(rows[p].remark == f"opmerking {p}" for p in pupil_ids)
    assert db.value(con, "SELECT count(*) FROM changes") == 200
