"""Who sees which pupils, on the demo institute: exactly the right ones, per role."""

import pytest

from studytrack import access, admin, db, pupils
from studytrack.errors import AccessDenied

EVERY_ROLE = (
    "ouder1",
    "leerling1",
    "mentor1",
    "begeleider1",
    "begeleider3",
    "beheerder",
)


def scope(con, login: str) -> access.Scope:
    return access.scope_for(con, access.viewer_for(con, login))


def numbers(con, found: access.Scope) -> set[str]:
    rows = db.rows(con, "SELECT number FROM pupils WHERE id = ANY(?)", [found.ids])
    return {number for (number,) in rows}


def numbers_where(con, condition: str, params=()) -> set[str]:
    rows = db.rows(
        con,
        "SELECT p.number FROM pupils p JOIN locations l ON l.id = p.location_id "
        f"WHERE {condition}",
        params,
    )
    return {number for (number,) in rows}


def test_ouder1_sees_exactly_their_two_children(demo_con):
    assert numbers(demo_con, scope(demo_con, "ouder1")) == {"100001", "100002"}


def test_ouder2_sees_exactly_their_one_child_at_oost(demo_con):
    seen = numbers(demo_con, scope(demo_con, "ouder2"))

    assert len(seen) == 1
    assert seen <= numbers_where(demo_con, "l.name = 'Oost'")


def test_leerling1_sees_only_themselves(demo_con):
    assert numbers(demo_con, scope(demo_con, "leerling1")) == {"100001"}


def test_mentor1_sees_exactly_their_assigned_pupils(demo_con):
    # The demo gives mentor1 every other pupil, starting with the first.
    assigned = {str(100001 + index) for index in range(0, 40, 2)}

    assert numbers(demo_con, scope(demo_con, "mentor1")) == assigned
    assert numbers(demo_con, scope(demo_con, "mentor2")).isdisjoint(assigned)


def test_begeleider1_sees_exactly_centrums_active_pupils(demo_con):
    centrum = numbers_where(demo_con, "l.name = 'Centrum' AND p.active")

    assert numbers(demo_con, scope(demo_con, "begeleider1")) == centrum
    assert len(centrum) == 20


def test_begeleider2_sees_exactly_oosts_active_pupils(demo_con):
    oost = numbers_where(demo_con, "l.name = 'Oost' AND p.active")

    assert numbers(demo_con, scope(demo_con, "begeleider2")) == oost


def test_begeleider3_sees_both_locations(demo_con):
    assert numbers(demo_con, scope(demo_con, "begeleider3")) == numbers_where(
        demo_con, "l.name IN ('Centrum', 'Oost')"
    )


def test_beheerder_sees_every_pupil(demo_con):
    assert len(numbers(demo_con, scope(demo_con, "beheerder"))) == 40


def test_a_deactivated_pupil_disappears_from_every_scope(demo_con):
    first = db.value(demo_con, "SELECT id FROM pupils WHERE number = '100001'")
    before = {login: scope(demo_con, login) for login in EVERY_ROLE}
    assert all(first in found.pupil_ids for found in before.values())

    admin.set_pupil_active(demo_con, before["beheerder"], first, False)

    for login in EVERY_ROLE:
        after = scope(demo_con, login)
        assert first not in after.pupil_ids, login
        assert after.pupil_ids == before[login].pupil_ids - {first}, login


@pytest.mark.parametrize(
    ("login", "number"),
    [
        ("ouder2", "100001"),  # another family's child
        ("leerling1", "100002"),  # their own brother or sister
        ("mentor1", "100002"),  # mentor2's pupil
        ("begeleider2", "100001"),  # a Centrum pupil
    ],
)
def test_a_pupil_outside_the_scope_is_refused(demo_con, login, number):
    other = db.value(demo_con, "SELECT id FROM pupils WHERE number = ?", [number])

    with pytest.raises(AccessDenied):
        pupils.get(demo_con, scope(demo_con, login), other)


def test_a_pupil_inside_the_scope_is_shown(demo_con):
    own = db.value(demo_con, "SELECT id FROM pupils WHERE number = '100002'")

    found = pupils.get(demo_con, scope(demo_con, "ouder1"), own)

    assert found.number == "100002" and found.location == "Centrum"


def test_an_unknown_or_deactivated_login_has_no_viewer(demo_con):
    admin.set_active(demo_con, scope(demo_con, "beheerder"), "ouder2", False)

    assert access.viewer_for(demo_con, "ouder2") is None
    assert access.viewer_for(demo_con, "niemand") is None
