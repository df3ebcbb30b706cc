"""The desk in a real browser: a supervisor's click reaches the parent's Agenda live."""

import re

import pytest

from studytrack import db
from tests.conftest import NOW, Server, wait_until_idle

pytestmark = pytest.mark.browser
PASSWORD = "demo-studytrack"
TODAY = NOW[:10]


@pytest.fixture
def child(demo_con):
    """ouder1's first child (the one the Agenda opens on), expected at 15:00, not in."""
    pupil_id, name = db.one(
        demo_con,
        "SELECT p.id, concat_ws(' ', p.first_name, p.infix, p.last_name) "
        "FROM pupils p JOIN account_pupils ap ON ap.pupil_id = p.id "
        "JOIN accounts a ON a.id = ap.account_id WHERE a.login = 'ouder1' "
        "ORDER BY p.last_name, p.first_name, p.id LIMIT 1",
    )
    demo_con.execute(
        "DELETE FROM attendance WHERE pupil_id = ? AND day = ?", [pupil_id, TODAY]
    )
    demo_con.execute(
        "INSERT INTO attendance (pupil_id, day, expected_at) VALUES (?, ?, '15:00')",
        [pupil_id, TODAY],
    )
    return pupil_id, name


@pytest.fixture
def ouder2(demo_con):
    """The name of the demo account ouder2."""
    return db.value(demo_con, "SELECT name FROM accounts WHERE login = 'ouder2'")


@pytest.fixture
def server(demo_db, demo_con, child, ouder2, browser):
    demo_con.close()  # the server process must own the database file
    running = Server(demo_db, env={"STUDYTRACK_BCRYPT_ROUNDS": "4"})
    yield running
    running.stop()


def signed_in(browser, url: str, login: str, watch):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    watch(page)
    page.goto(url)
    page.get_by_role("button", name="Inloggen").wait_for(timeout=60_000)
    page.get_by_label("Inlognaam").fill(login)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Uitloggen").wait_for(timeout=60_000)
    wait_until_idle(page)  # the landing moves on to the first page: let it finish
    return page


def test_binnen_on_the_desk_shows_on_the_parents_agenda(
    server, browser, child, screenshot_on_failure
):
    pupil_id, name = child
    parent = signed_in(browser, server.url, "ouder1", screenshot_on_failure)
    parent.get_by_role("link", name="Agenda", exact=True).click()
    parent.get_by_text(name).first.wait_for(timeout=30_000)
    parent.get_by_text("Verwacht om 15:00").first.wait_for(timeout=30_000)

    staff = signed_in(browser, server.url, "begeleider1", screenshot_on_failure)
    staff.get_by_role("link", name="Vandaag", exact=True).click()
    wait_until_idle(staff)
    row = staff.locator(f".st-key-deskrow_{pupil_id}")
    row.get_by_role("button", name="Binnen", exact=True).click()
    staff.get_by_text(f"Laatste klik: {name}").wait_for(timeout=30_000)
    row.get_by_text("Binnen 16:05").wait_for(timeout=30_000)

    # The parent's page refreshes the status by itself (every 30 seconds).
    parent.get_by_text("Binnen sinds 16:05").first.wait_for(timeout=45_000)
    assert parent.get_by_text("Verwacht om 15:00").count() == 0


def test_a_deactivated_parent_is_signed_out_on_reload_despite_the_cookie(
    server, browser, ouder2, screenshot_on_failure
):
    name_of_ouder2 = ouder2
    parent = signed_in(browser, server.url, "ouder2", screenshot_on_failure)
    admin = signed_in(browser, server.url, "beheerder", screenshot_on_failure)
    admin.get_by_role("link", name="Beheer", exact=True).click()
    admin.get_by_role("heading", name="Beheer").wait_for(timeout=30_000)
    wait_until_idle(admin)
    admin.get_by_label("Zoek").fill("ouder2")
    admin.get_by_label("Zoek").press("Enter")
    wait_until_idle(admin)
    admin.get_by_label("Account bewerken").click()
    admin.get_by_role("option", name=re.compile(r"\(ouder2, Ouder\)")).click()
    admin.get_by_role("heading", name=name_of_ouder2).wait_for(timeout=30_000)
    wait_until_idle(admin)
    admin.get_by_role("button", name="Deactiveren").click()
    admin.get_by_role("button", name="Activeren").wait_for(timeout=30_000)

    parent.reload()

    parent.get_by_role("button", name="Inloggen").wait_for(timeout=30_000)
    assert parent.get_by_role("button", name="Uitloggen").count() == 0
