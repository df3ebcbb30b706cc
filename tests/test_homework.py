"""Homework and tests as staff keep them: add, edit, remove, sign off, comment, grade."""

import threading
from datetime import date, datetime
from decimal import Decimal

import pytest

from studytrack import db, homework
from studytrack.errors import AccessDenied, InvalidInput
from tests import staff_fixtures as world

MONDAY = date(2026, 11, 30)


@pytest.fixture
def ids(con):
    return world.build(con)


@pytest.fixture
def staff(con, ids):
    return world.scope_of(con, "begeleider1")


@pytest.fixture
def daan(ids):
    return ids["100001"]


@pytest.fixture
def test_id(con, staff, daan):
    return homework.add(
        con, staff, daan, date(2026, 12, 2), "Wiskunde", "so", "H4 paragraaf 1-3"
    )


def test_added_items_show_in_their_week_by_date(con, staff, daan):
    homework.add(con, staff, daan, date(2026, 12, 4), "Engels", "huiswerk", "Unit 3")
    homework.add(con, staff, daan, date(2026, 12, 1), "Frans", "PW", "Chapitre 2", "2")
    homework.add(con, staff, daan, date(2026, 12, 7), "Duits", "huiswerk", "next week")

    items = homework.week_items(con, staff, daan, MONDAY)

    assert [(i.day.day, i.subject, i.kind, i.weight) for i in items] == [
        (1, "Frans", "proefwerk", Decimal("2.0")),
        (4, "Engels", "huiswerk", Decimal("1.0")),
    ]
    assert items[0].is_test and not items[1].is_test
    assert items[0].updated_by == "begeleider1"


@pytest.mark.parametrize(
    ("subject", "kind", "description", "message"),
    [
        ("", "huiswerk", "Unit 3", "Vul het vak in"),
        ("Engels", "huiswerk", "   ", "Vul een omschrijving in"),
        ("Engels", "tentamen", "Unit 3", "'tentamen' is geen soort"),
    ],
)
def test_incomplete_item_is_refused_in_dutch(
    con, staff, daan, subject, kind, description, message
):
    with pytest.raises(InvalidInput, match=message):
        homework.add(con, staff, daan, MONDAY, subject, kind, description)


def test_the_same_item_twice_is_refused(con, staff, daan, test_id):
    with pytest.raises(InvalidInput, match="staat er al"):
        homework.add(
            con, staff, daan, date(2026, 12, 2), "Wiskunde", "SO", "H4 paragraaf 1-3"
        )


def test_sign_off_records_initials_and_time_and_keeps_the_first(
    con, staff, test_id, monkeypatch
):
    assert homework.sign_off(con, staff, test_id)
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-03T16:30:00")
    admin = world.scope_of(con, "beheerder")

    assert not homework.sign_off(con, admin, test_id)

    item = homework.item(con, staff, test_id)
    assert (item.signed_off_by, item.signed_off_at) == (
        "AB",
        datetime(2026, 12, 3, 16, 5),
    )
    assert item.sign_off_text == "afgetekend door AB om 16:05 (do 3-12)"


def test_undo_sign_off(con, staff, test_id):
    homework.sign_off(con, staff, test_id)

    assert homework.undo_sign_off(con, staff, test_id)

    item = homework.item(con, staff, test_id)
    assert (item.signed_off_by, item.signed_off_at, item.sign_off_text) == (
        None,
        None,
        "",
    )
    actions = db.rows(con, "SELECT action FROM changes ORDER BY id")
    assert actions == [("toegevoegd",), ("afgetekend",), ("aftekenen ongedaan",)]


def test_sign_off_without_initials_is_refused(con, staff, test_id):
    con.execute("UPDATE accounts SET initials = NULL WHERE login = 'beheerder'")
    admin = world.scope_of(con, "beheerder")
    with pytest.raises(InvalidInput, match="geen initialen"):
        homework.sign_off(con, admin, test_id)


def test_edit_changes_only_what_changed_and_refuses_a_stale_edit(con, staff, test_id):
    seen = homework.item(con, staff, test_id)

    assert homework.edit(
        con, staff, seen, seen.day, "Wiskunde B", seen.kind, seen.description
    )
    with pytest.raises(InvalidInput, match="intussen gewijzigd door begeleider1"):
        homework.edit(con, staff, seen, seen.day, "Wiskunde A", seen.kind, "anders")

    assert homework.item(con, staff, test_id).subject == "Wiskunde B"


def test_comment_is_set_and_cleared(con, staff, test_id):
    assert homework.set_comment(con, staff, test_id, "Formules nog oefenen", None)
    assert homework.item(con, staff, test_id).comment == "Formules nog oefenen"

    assert homework.set_comment(con, staff, test_id, "", "Formules nog oefenen")
    assert homework.item(con, staff, test_id).comment is None


def test_remove_deletes_and_records(con, staff, daan, test_id):
    homework.remove(con, staff, test_id)

    assert homework.week_items(con, staff, daan, MONDAY) == []
    assert db.value(con, "SELECT detail FROM changes WHERE action = 'verwijderd'") == (
        "2026-12-02 Wiskunde SO: H4 paragraaf 1-3"
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("7,5", Decimal("7.5")),
        ("7.5", Decimal("7.5")),
        ("10", Decimal("10.0")),
        ("1,0", Decimal("1.0")),
    ],
)
def test_grade_with_comma_or_point(con, staff, test_id, typed, stored):
    assert homework.set_grade(con, staff, test_id, grade=typed)
    assert homework.item(con, staff, test_id).grade == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("11", "Een cijfer ligt tussen 1,0 en 10,0; '11' niet."),
        ("0,9", "Een cijfer ligt tussen 1,0 en 10,0; '0,9' niet."),
        ("zeven", "'zeven' is geen cijfer; schrijf bijvoorbeeld 7,5."),
        ("7,25", "Een cijfer heeft hoogstens één decimaal; '7,25' heeft er meer."),
    ],
)
def test_wrong_grade_gets_a_dutch_message_and_changes_nothing(
    con, staff, test_id, typed, message
):
    with pytest.raises(InvalidInput) as refused:
        homework.set_grade(con, staff, test_id, grade=typed)
    assert str(refused.value) == message
    assert homework.item(con, staff, test_id).grade is None


def test_weight_and_clearing_a_grade(con, staff, test_id):
    homework.set_grade(con, staff, test_id, grade="6,8", weight="2,5")
    item = homework.item(con, staff, test_id)
    assert (item.grade, item.weight) == (Decimal("6.8"), Decimal("2.5"))

    homework.set_grade(con, staff, test_id, grade="")
    assert homework.item(con, staff, test_id).grade is None
    with pytest.raises(InvalidInput, match="geen weging"):
        homework.set_grade(con, staff, test_id, weight="veel")


def test_homework_cannot_get_a_grade(con, staff, daan):
    item_id = homework.add(con, staff, daan, MONDAY, "Engels", "huiswerk", "Unit 3")
    with pytest.raises(InvalidInput, match="Alleen een toets"):
        homework.set_grade(con, staff, item_id, grade="7")


def test_tests_of_lists_only_tests(con, staff, daan, test_id):
    homework.add(con, staff, daan, MONDAY, "Engels", "huiswerk", "Unit 3")
    assert [item.id for item in homework.tests_of(con, staff, daan)] == [test_id]


def test_staff_of_another_location_and_parents_cannot_change(con, ids, test_id):
    other = world.scope_of(con, "begeleider2")
    parent = world.scope_of(con, "ouder1")
    with pytest.raises(AccessDenied):
        homework.sign_off(con, other, test_id)
    with pytest.raises(AccessDenied):
        homework.set_grade(con, parent, test_id, grade="8")
    with pytest.raises(AccessDenied):
        homework.add(con, other, ids["100001"], MONDAY, "Engels", "huiswerk", "x")
    with pytest.raises(AccessDenied):
        homework.remove(con, parent, test_id)


def test_concurrent_sign_offs_comments_and_grades_all_land(con, staff, daan):
    item_ids = [
        homework.add(con, staff, daan, MONDAY, "Vak", "SO", f"toets {n}")
        for n in range(30)
    ]
    failures = []

    def run(work):
        try:
            for item_id in item_ids:
                work(item_id)
        except Exception as error:  # noqa: BLE001 -- collected and asserted below
            failures.append(error)

    jobs = [
        lambda i: homework.sign_off(con, staff, i),
        lambda i: homework.set_comment(con, staff, i, f"opmerking {i}", None),
        lambda i: homework.set_grade(con, staff, i, grade="7,5"),
        lambda i: homework.set_grade(con, staff, i, weight="3"),
    ]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    for item in homework.tests_of(con, staff, daan):
        assert item.signed_off_by == "AB"
        assert item.comment == f"opmerking {item.id}"
        assert (item.grade, item.weight) == (Decimal("7.5"), Decimal("3.0"))
