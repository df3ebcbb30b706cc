"""Beheer: locations, pupils with their schedule, and accounts."""

import logging
from datetime import date, time

import pytest

from studytrack import access, accounts, admin, attendance, db, desk
from studytrack.errors import AccessDenied, InvalidInput
from tests import staff_fixtures as world


@pytest.fixture
def ids(con):
    return world.build(con)


@pytest.fixture
def boss(con, ids):
    return world.scope_of(con, "beheerder")


@pytest.fixture
def oost(con, ids):
    return world.location_id(con, "Oost")


def new_pupil(oost, **changes):
    fields = {
        "number": "300001",
        "first_name": "Zoë",
        "last_name": "Hoekstra",
        "location_id": oost,
        "infix": "ter",
        "school": "Barlaeus",
        "class_name": "V3",
        "birth_date": date(2011, 5, 14),
        "email": "zoe@example.nl",
        "focus_subjects": "wiskunde,  Frans ,",
    }
    return admin.PupilFields(**(fields | changes))


def test_add_location_and_refuse_a_second_with_the_same_name(con, boss):
    admin.add_location(con, boss, "  West ")

    assert [(place.name, place.pupils) for place in admin.locations(con, boss)] == [
        ("Centrum", 4),
        ("Oost", 1),
        ("West", 0),
    ]
    with pytest.raises(InvalidInput, match="Er is al een vestiging 'west'"):
        admin.add_location(con, boss, "west")


def test_new_pupil_with_schedule_is_expected_on_the_desk(con, boss, oost):
    pupil_id = admin.save_pupil(con, boss, new_pupil(oost))
    assert admin.set_schedule(con, boss, pupil_id, {4: time(15, 15), 2: None})

    record = admin.pupil(con, boss, pupil_id)
    assert record.name == "Zoë ter Hoekstra"
    assert record.fields.focus_subjects == "wiskunde, Frans"
    assert admin.schedule(con, boss, pupil_id) == {4: time(15, 15)}
    boss = world.scope_of(con, "beheerder")  # the scope now holds the new pupil
    rows = desk.day_list(con, boss, oost).rows
    assert [(row.name, row.expected_at) for row in rows][-1] == (
        "Zoë ter Hoekstra",
        time(15, 15),
    )


def test_new_schedule_starts_today_and_earlier_weeks_keep_theirs(con, boss, ids):
    daan = ids["100001"]

    admin.set_schedule(con, boss, daan, {4: time(15, 30)})

    assert attendance.day(con, daan, date(2026, 12, 3)).expected_at == time(15, 30)
    assert attendance.day(con, daan, date(2026, 11, 26)).expected_at == time(14, 0)
    assert not admin.set_schedule(con, boss, daan, {4: time(15, 30)})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": " "}, "Vul het leerlingnummer in"),
        ({"first_name": ""}, "Vul de voornaam en de achternaam in"),
        ({"number": "100001"}, "Er is al een leerling met leerlingnummer 100001"),
        ({"email": "zoe at home"}, "geen e-mailadres"),
        ({"birth_date": date(2027, 1, 1)}, "geboortedatum ligt in de toekomst"),
    ],
)
def test_wrong_pupil_fields_are_refused(con, boss, oost, changes, message):
    with pytest.raises(InvalidInput, match=message):
        admin.save_pupil(con, boss, new_pupil(oost, **changes))


def test_deactivated_pupil_disappears_from_parent_and_desk(con, boss, ids):
    eva = ids["100002"]

    admin.set_pupil_active(con, boss, eva, False)

    assert eva not in world.scope_of(con, "ouder1").pupil_ids
    assert eva not in world.scope_of(con, "begeleider1").pupil_ids
    assert not admin.pupil(con, boss, eva).active
    assert eva in [record.id for record in admin.pupils(con, boss)]


def test_create_parent_gives_a_one_time_password_that_is_not_logged(
    con, boss, ids, caplog
):
    with caplog.at_level(logging.DEBUG):
        created = admin.create_account(
            con,
            boss,
            "Familie.Hoekstra",
            "ouder",
            "Marieke Hoekstra",
            email="marieke@example.nl",
            pupil_ids=[ids["100003"]],
        )

    assert created.login == "familie.hoekstra"
    assert created.one_time_password
    assert created.one_time_password not in caplog.text
    stored = db.one(
        con,
        "SELECT password_hash, must_change_password FROM accounts WHERE login = ?",
        ["familie.hoekstra"],
    )
    assert created.one_time_password not in stored[0]
    assert accounts.password_matches(created.one_time_password, stored[0])
    assert stored[1] is True
    parent = world.scope_of(con, "familie.hoekstra")
    assert parent.pupil_ids == {ids["100003"]}


def test_link_parent_to_pupils_and_assign_mentors(con, boss, ids):
    admin.set_account_pupils(con, boss, "ouder1", [ids["100002"], ids["100003"]])
    admin.set_pupil_mentors(con, boss, ids["100004"], ["mentor1"])

    assert world.scope_of(con, "ouder1").pupil_ids == {ids["100002"], ids["100003"]}
    assert world.scope_of(con, "mentor1").pupil_ids == {ids["100001"], ids["100004"]}
    assert admin.pupil(con, boss, ids["100004"]).mentors == [("mentor1", "Mark Smit")]
    assert admin.pupil(con, boss, ids["100003"]).parents == [
        ("ouder1", "Ingrid van der Berg")
    ]


def test_staff_get_locations_and_initials(con, boss, ids, oost):
    admin.set_account_locations(
        con, boss, "begeleider1", [world.location_id(con, "Centrum"), oost]
    )
    admin.update_account(con, boss, "begeleider1", "Anna Bos", None, None, "abo")

    found = admin.account(con, boss, "begeleider1")
    assert (found.locations, found.initials) == (["Centrum", "Oost"], "ABO")
    assert ids["200001"] in world.scope_of(con, "begeleider1").pupil_ids
    with pytest.raises(InvalidInput, match="initialen nodig"):
        admin.update_account(con, boss, "begeleider1", "Anna Bos", None, None, "")


def test_links_must_fit_the_role(con, boss, ids, oost):
    with pytest.raises(InvalidInput, match="begeleiders krijgen vestigingen"):
        admin.set_account_pupils(con, boss, "begeleider1", [ids["100001"]])
    with pytest.raises(InvalidInput, match="Alleen begeleiders"):
        admin.set_account_locations(con, boss, "ouder1", [oost])
    with pytest.raises(InvalidInput, match="geen account met de rol mentor"):
        admin.set_pupil_mentors(con, boss, ids["100001"], ["ouder1"])


def test_reset_password_and_lift_a_lock(con, boss, monkeypatch):
    con.execute(
        "UPDATE accounts SET password_hash = ? WHERE login = 'ouder1'",
        [accounts.hash_password("oud-wachtwoord-1")],
    )
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        accounts.sign_in(con, "ouder1", "fout")
    assert admin.account(con, boss, "ouder1").locked

    admin.lift_lock(con, boss, "ouder1")
    assert not admin.account(con, boss, "ouder1").locked

    one_time = admin.reset_password(con, boss, "ouder1")
    assert accounts.sign_in(con, "ouder1", one_time).ok
    assert admin.account(con, boss, "ouder1").must_change_password


def test_deactivated_account_has_no_scope_and_cannot_deactivate_oneself(con, boss):
    admin.set_active(con, boss, "ouder1", False)

    assert access.viewer_for(con, "ouder1") is None
    assert not admin.account(con, boss, "ouder1").active
    with pytest.raises(InvalidInput, match="eigen account"):
        admin.set_active(con, boss, "beheerder", False)


def test_only_the_admin_may_manage(con, ids, oost):
    staff = world.scope_of(con, "begeleider1")
    with pytest.raises(AccessDenied, match="Alleen de beheerder"):
        admin.add_location(con, staff, "West")
    with pytest.raises(AccessDenied):
        admin.create_account(con, staff, "x", "ouder", "X")
    with pytest.raises(AccessDenied):
        admin.accounts_list(con, staff)
    with pytest.raises(AccessDenied):
        admin.save_pupil(con, staff, new_pupil(oost))


def test_every_change_records_who_and_when(con, boss, oost):
    pupil_id = admin.save_pupil(con, boss, new_pupil(oost))
    admin.set_schedule(con, boss, pupil_id, {1: time(14, 0)})
    admin.create_account(con, boss, "zoe", "leerling", "Zoë", pupil_ids=[pupil_id])

    audit = db.rows(con, "SELECT actor, changed_at, entity FROM changes ORDER BY id")
    assert [entity for _, _, entity in audit] == ["pupil", "schedule", "account"]
    assert {(actor, str(at)) for actor, at, _ in audit} == {
        ("beheerder", "2026-12-03 16:05:00")
    }
