"""Sign-in through the real form, in headless Chromium against the real server."""

import pytest

from studytrack import accounts, db
from tests.conftest import Server, wait_until_idle

pytestmark = pytest.mark.browser
PASSWORD = "een-goed-wachtwoord"


@pytest.fixture
def server(tmp_path, browser):
    path = tmp_path / "browser.duckdb"
    con = db.connect(path)
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, infix, last_name, location_id, school, "
        "class_name) VALUES ('1001', 'Zoë', 'van der', 'Berg', 1, 'Stedelijk', 'h3b')"
    )
    accounts.create(
        con, "test", "ouder", "ouder", "Olga", PASSWORD, pupil_numbers=["1001"]
    )
    con.close()
    running = Server(path)
    yield running
    running.stop()


def sign_in(page, url, login, password):
    page.goto(url)
    page.get_by_label("Inlognaam").fill(login)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_a_parent_signs_in_sees_the_child_and_signs_out(
    server, browser, screenshot_on_failure
):
    page = browser.new_page()
    screenshot_on_failure(page)
    sign_in(page, server.url, "ouder", PASSWORD)
    page.get_by_text("Zoë van der Berg").filter(visible=True).first.wait_for(
        timeout=30_000
    )
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_label("Inlognaam").wait_for(timeout=30_000)
    assert page.get_by_text("Zoë van der Berg").count() == 0
    # no stale page links remain in the navigation after signing out
    assert page.get_by_role("link", name="Cijfers").count() == 0
    page.reload()
    page.get_by_label("Inlognaam").wait_for(timeout=30_000)


def test_a_wrong_password_keeps_the_form_with_a_dutch_message(server, browser):
    page = browser.new_page()
    sign_in(page, server.url, "ouder", "fout-wachtwoord")
    page.get_by_text("Inlognaam of wachtwoord klopt niet.").wait_for(timeout=30_000)


def test_a_reload_on_cijfers_stays_on_cijfers_and_signed_in(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server.url, "ouder", PASSWORD)
    page.get_by_text("Zoë van der Berg").filter(visible=True).first.wait_for(
        timeout=30_000
    )
    wait_until_idle(page)
    page.get_by_role("link", name="Cijfers").click()
    page.wait_for_url("**/cijfers", timeout=30_000)
    page.get_by_role("heading", name="Cijfers").wait_for(timeout=30_000)
    page.reload()
    page.get_by_role("heading", name="Cijfers").wait_for(timeout=30_000)
    assert page.url.endswith("/cijfers")
    page.get_by_role("button", name="Uitloggen").wait_for(timeout=30_000)
    assert page.get_by_label("Inlognaam").count() == 0
    # a new tab with the same cookie is signed in too, straight onto the page asked for
    other = context.new_page()
    other.goto(server.url + "/cijfers")
    other.get_by_role("heading", name="Cijfers").wait_for(timeout=30_000)
    other.get_by_role("button", name="Uitloggen").wait_for(timeout=30_000)
    assert other.get_by_label("Inlognaam").count() == 0
    context.close()
