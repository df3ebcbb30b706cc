"""The staff screens through app.py with AppTest, on the small hand-made institute."""

import html
import re
from datetime import date
from decimal import Decimal

import pytest

from studytrack import accounts, db, homework
from tests import staff_fixtures as world
from tests.conftest import app_as, offered_pages

DESK = "pages/vandaag.py"
HOMEWORK = "pages/huiswerk.py"
GRADES = "pages/cijfers_invoeren.py"
NOTES = "pages/notities.py"
ADMIN = "pages/beheer.py"


@pytest.fixture
def ids(con):
    return world.build(con)


def open_page(login: str, page: str):
    at = app_as(login, page)
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    """What the page shows as Markdown, captions and messages, as the reader sees it.

    User text is escaped for Markdown (a backslash before special characters,
    HTML entities); this undoes that, so the tests read what a person reads.
    """
    parts = [element.value for element in at.markdown]
    parts += [element.value for element in at.caption]
    parts += [element.value for element in at.error]
    parts += [element.value for element in at.info]
    parts += [element.value for element in at.success]
    return read("\n".join(map(str, parts)))


def read(markdown: str) -> str:
    """Markdown-escaped user text as the reader sees it."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def metric(at, label: str) -> str:
    return next(found.value for found in at.metric if found.label == label)


# --- Vandaag -----------------------------------------------------------------------


def test_desk_shows_counts_and_late_pupils_stand_out(ids):
    at = open_page("begeleider1", DESK)

    assert at.header[0].value == "Vandaag, donderdag 3 december"
    assert (metric(at, "Verwacht"), metric(at, "Te laat")) == ("3", "2")
    shown = texts(at)
    assert ":red-badge[Te laat — nog niet binnen]" in shown
    assert ":gray-badge[Verwacht]" in shown
    assert "Sem de Vries" not in shown  # Oost is not begeleider1's location


def test_desk_binnen_then_undo_from_the_last_click_bar(ids, con):
    at = open_page("begeleider1", DESK)
    daan = ids["100001"]

    at.button(key=f"in_{daan}").click().run()

    assert ":orange-badge[Binnen 16:05 (125 min te laat)]" in texts(at)
    assert "Laatste klik: **Daan van der Berg**" in texts(at)
    assert metric(at, "Binnen") == "1"
    assert db.value(
        con, "SELECT updated_by FROM attendance WHERE pupil_id = ?", [daan]
    ) == ("begeleider1")

    at.button(key="undo_last").click().run()

    assert metric(at, "Binnen") == "0"
    assert "Laatste klik" not in texts(at)
    assert (
        db.value(con, "SELECT arrived_at FROM attendance WHERE pupil_id = ?", [daan])
        is None
    )


def test_desk_afgemeld_with_a_reason_and_a_remark(ids):
    at = open_page("begeleider1", DESK)
    eva = ids["100002"]

    at.session_state[f"absent_{eva}"] = True  # open the Afgemeld popover
    at.run()
    at.text_input(key=f"reason_text_{eva}").input("naar de <orthodontist>")
    at.button(key=f"absent_other_{eva}").click().run()

    assert ":violet-badge[Afgemeld: naar de <orthodontist>]" in texts(at)
    assert metric(at, "Afgemeld") == "1"

    at.session_state[f"remark_{eva}"] = True  # open the remark popover
    at.run()
    at.text_area(key=f"remark_text_{eva}").input("moeder belde om 13:00")
    at.button(key=f"remark_save_{eva}").click().run()
    assert "moeder belde om 13:00" in texts(at)


def test_desk_klaar_refused_message_is_dutch(ids, con):
    from studytrack import desk

    at = open_page("begeleider1", DESK)
    daan = ids["100001"]
    at.button(key=f"in_{daan}").click().run()
    # A colleague undoes the arrival before this supervisor clicks Klaar.
    staff = world.scope_of(con, "beheerder")
    click = db.value(con, "SELECT max(id) FROM changes")
    desk.undo(con, staff, daan, click)

    at.button(key=f"done_{daan}").click().run()

    assert "nog niet binnen" in at.error[0].value


def test_admin_picks_any_location_on_the_desk(ids, con):
    at = open_page("beheerder", DESK)

    at.selectbox[0].select(world.location_id(con, "Oost")).run()

    assert "Sem de Vries" in texts(at)
    assert "Daan van der Berg" not in texts(at)


def test_staff_screens_are_offered_by_role(ids):
    parent = offered_pages(app_as("ouder1"))
    staff = offered_pages(app_as("begeleider1"))
    boss = offered_pages(app_as("beheerder"))

    assert not {"Vandaag", "Huiswerk", "Cijfers invoeren", "Beheer"} & set(parent)
    assert {"Vandaag", "Huiswerk", "Cijfers invoeren", "Logboek schrijven"} <= set(
        staff
    )
    assert "Beheer" not in staff
    assert "Beheer" in boss


# --- Huiswerk ----------------------------------------------------------------------


def test_homework_add_sign_off_and_undo(ids, con):
    staff = world.scope_of(con, "begeleider1")
    daan = ids["100001"]
    homework.add(con, staff, daan, date(2026, 12, 1), "Engels", "huiswerk", "Unit 2")
    at = open_page("begeleider1", HOMEWORK)
    at.selectbox(key="hw_pupil").select(daan).run()

    at.date_input(key="hw_add_day").set_value(date(2026, 12, 4))
    at.selectbox(key="hw_add_subject").select("Engels")
    at.selectbox(key="hw_add_kind").select("SO")
    at.text_input(key="hw_add_weight").input("2")
    at.text_input(key="hw_add_description").input("Unit 3 woordjes")
    at.button(key="FormSubmitter:hw_add-Toevoegen").click().run()

    assert not at.exception, at.exception
    items = homework.week_items(con, staff, daan, date(2026, 11, 30))
    new = next(item for item in items if item.description == "Unit 3 woordjes")
    assert (new.kind, new.weight, new.day) == ("SO", Decimal("2.0"), date(2026, 12, 4))
    assert "Unit 3 woordjes" in texts(at)

    at.button(key=f"hw_sign_{new.id}").click().run()
    assert homework.item(con, staff, new.id).signed_off_by == "AB"
    assert "Afgetekend AB" in texts(at)

    at.button(key=f"hw_unsign_{new.id}").click().run()
    assert homework.item(con, staff, new.id).signed_off_by is None
    assert "Afgetekend AB" not in texts(at)


def test_homework_comment_shows_under_the_item(ids, con):
    daan = ids["100001"]
    item_id = homework.add(
        con,
        world.scope_of(con, "begeleider1"),
        daan,
        date(2026, 12, 3),
        "Frans",
        "huiswerk",
        "Chapitre 2",
    )
    at = open_page("begeleider1", HOMEWORK)
    at.selectbox(key="hw_pupil").select(daan).run()

    at.session_state[f"hw_comment_{item_id}"] = True
    at.run()
    at.text_area(key=f"hw_comment_text_{item_id}").input("Woordjes nog eens overhoren")
    at.button(key=f"hw_comment_save_{item_id}").click().run()

    assert "Woordjes nog eens overhoren" in texts(at)
    assert homework.item(con, world.scope_of(con, "begeleider1"), item_id).comment == (
        "Woordjes nog eens overhoren"
    )


# --- Cijfers invoeren ----------------------------------------------------------------


def test_grades_are_saved_and_a_wrong_one_is_explained(ids, con):
    staff = world.scope_of(con, "begeleider1")
    daan = ids["100001"]
    first = homework.add(con, staff, daan, date(2026, 11, 20), "Wiskunde", "SO", "H3")
    second = homework.add(
        con, staff, daan, date(2026, 11, 27), "Engels", "proefwerk", "Unit 1"
    )
    at = open_page("begeleider1", GRADES)
    at.selectbox(key="grades_pupil").select(daan).run()

    at.text_input(key=f"grade_0_{first}").input("7,5")
    at.text_input(key=f"weight_0_{first}").input("2")
    at.text_input(key=f"grade_0_{second}").input("11")
    at.button(key="FormSubmitter:grades-Opslaan").click().run()

    assert at.success[0].value == "1 toets bijgewerkt."
    assert read(at.error[0].value) == (
        "Engels proefwerk van vr 27-11: Een cijfer ligt tussen 1,0 en 10,0; '11' niet."
    )
    saved = homework.item(con, staff, first)
    assert (saved.grade, saved.weight) == (Decimal("7.5"), Decimal("2.0"))
    assert homework.item(con, staff, second).grade is None


# --- Logboek schrijven -------------------------------------------------------------------


def test_a_note_is_written_and_listed(ids, con):
    eva = ids["100002"]
    at = open_page("begeleider1", NOTES)
    at.selectbox(key="notes_pupil").select(eva).run()

    at.text_area[0].input("Werkt zelfstandig aan haar planning.")
    at.button(key="FormSubmitter:note_new-Opslaan").click().run()

    assert not at.exception, at.exception
    assert "Werkt zelfstandig aan haar planning." in texts(at)
    assert db.one(con, "SELECT author, day FROM logbook WHERE pupil_id = ?", [eva]) == (
        "Anna Bos",
        date(2026, 12, 3),
    )


# --- Beheer ----------------------------------------------------------------------------


def test_new_parent_gets_a_password_shown_once_and_a_letter(ids, con, caplog):
    at = open_page("beheerder", ADMIN)
    at.button_group(key="admin_section").set_value("Nieuw account").run()

    at.text_input[0].input("familie.dijkstra")
    at.text_input[1].input("Joëlle Dijkstra")
    at.multiselect[0].select(ids["100003"])
    at.button(key="FormSubmitter:new_account-Account aanmaken").click().run()

    assert not at.exception, at.exception
    shown = at.code[0].value
    password = shown.split("Eenmalig wachtwoord: ")[1].strip()
    stored = db.value(
        con, "SELECT password_hash FROM accounts WHERE login = 'familie.dijkstra'"
    )
    assert accounts.password_matches(password, stored)
    assert password not in stored and password not in caplog.text
    assert at.get("download_button")[0].proto.label == "Brief met inloggegevens (PDF)"
    assert world.scope_of(con, "familie.dijkstra").pupil_ids == {ids["100003"]}

    at.run()
    assert not at.code  # shown once: gone on the next run


def test_deactivated_parent_loses_access_at_the_next_page_load(ids, con):
    parent = open_page("ouder1", None)
    assert "Uitloggen" in [button.label for button in parent.sidebar.button]

    admin = open_page("beheerder", ADMIN)
    admin.selectbox(key="admin_account").select("ouder1").run()
    admin.button(key="admin_deactivate").click().run()
    assert not db.value(con, "SELECT active FROM accounts WHERE login = 'ouder1'")

    parent.run()  # the next page load of the still signed-in parent

    assert "login" not in parent.session_state
    assert "Inloggen" in [button.label for button in parent.button]
    assert "Je sessie is beëindigd. Log opnieuw in." in [e.value for e in parent.error]


def test_reset_password_shows_a_new_one_time_password(ids, con):
    at = open_page("beheerder", ADMIN)
    at.selectbox(key="admin_account").select("begeleider2").run()

    at.button(key="admin_reset").click().run()

    password = at.code[0].value.split("Eenmalig wachtwoord: ")[1].strip()
    assert accounts.sign_in(con, "begeleider2", password).ok
    assert not at.get("download_button")  # the letter is for parents and pupils


def test_admin_adds_a_pupil_with_a_schedule_and_the_desk_expects_it(ids, con):
    at = open_page("beheerder", ADMIN)
    at.button_group(key="admin_section").set_value("Leerlingen").run()
    oost = world.location_id(con, "Oost")

    # The new-pupil form comes first; the form of the selected pupil follows it.
    inputs = {}
    for element in at.text_input:
        inputs.setdefault(element.label, element)
    inputs["Leerlingnummer"].input("300001")
    inputs["Voornaam"].input("Zoë")
    inputs["Achternaam"].input("Hoekstra")
    vestiging = next(
        e for e in at.selectbox if e.label == "Vestiging" and e.key is None
    )
    vestiging.select(oost)
    at.button(key="FormSubmitter:pupil_form_new-Leerling toevoegen").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert "Leerling toegevoegd" in at.success[0].value
    pupil_id = db.value(con, "SELECT id FROM pupils WHERE number = '300001'")

    thursday = next(e for e in at.text_input if e.label == "Donderdag")
    thursday.input("15.45")
    at.button(key=f"FormSubmitter:schedule_{pupil_id}-Rooster opslaan").click().run()
    assert not at.exception, at.exception

    assert "Rooster opgeslagen." in texts(at)
    desk_page = open_page("beheerder", DESK)
    desk_page.selectbox[0].select(oost).run()
    assert "**Zoë Hoekstra**\n15:45" in texts(desk_page)
