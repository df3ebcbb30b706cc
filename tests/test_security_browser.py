"""Security in a real browser against the real server (headless Chromium).

- Escaping: with hostile texts in every free-text field (the data of
  test_security_escaping), every page of every role opens without a script
  running: no dialog, no injected element, the hostile text visible as text.
- A page a role may not have, asked for by its address, is not shown.
- The sign-in cookie: its lifetime is STUDYTRACK_COOKIE_DAYS; signing out revokes
  it (a copy kept elsewhere signs nobody in); a password reset
  or a deactivation made elsewhere (here: by the domain, on the database file)
  ends the session at its next load, despite the valid cookie.
- The server's log holds no password and no cookie key.
"""

import time

import pytest

from studytrack import accounts, config, db
from tests import conftest
from tests.conftest import Server
from tests.test_security_escaping import SCRIPT, make_hostile

pytestmark = pytest.mark.browser
PASSWORD = "demo-studytrack"
TIMEOUT = 30_000
COOKIE_DAYS = 3
COOKIE_KEY = "test-cookie-key-not-secret-0123456789abcdef"  # conftest.Server

# What each role opens: the titles in the sidebar.
PARENT_TABS = [
    "Agenda",
    "Cijfers",
    "Persoonlijk dossier",
    "Logboek",
    "Persoonlijke rapportage",
    "Mijn account",
]
ROLES = {
    "ouder1": PARENT_TABS,
    "mentor1": ["Trends", "Agenda", "Persoonlijk dossier"],
    "begeleider1": ["Vandaag", "Huiswerk", "Cijfers invoeren", "Logboek schrijven"],
    "beheerder": ["Trends", "Import", "Beheer"],
}
# Any of these in the page means injected markup became live.
INJECTED = """() => ({
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
  svgs: document.querySelectorAll('svg[onload]').length,
  scripts: [...document.querySelectorAll('script')]
      .filter(s => s.textContent.includes('alert(1)')).length,
  links: document.querySelectorAll('a[href^="javascript:" i]').length,
  bold: [...document.querySelectorAll('b, strong')]
      .filter(b => b.textContent === 'x').length,
  text: document.body.innerText,
})"""


@pytest.fixture(scope="module")
def hostile_server(demo_template, tmp_path_factory):
    """One server for the module, on the demo with hostile texts everywhere."""
    folder = tmp_path_factory.mktemp("hostile-browser")
    path = make_hostile(demo_template, folder / "hostile.duckdb")
    running = Server(path, env={"STUDYTRACK_COOKIE_DAYS": str(COOKIE_DAYS)})
    yield running
    running.stop()


def settle(page) -> None:
    """Wait until the app has finished its run (no running indicator, nothing stale)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidgetRunningIcon]')"
        " && !document.querySelector('[data-stale=true]')",
        timeout=TIMEOUT,
    )


def sign_in(page, url: str, login: str, password: str = PASSWORD) -> None:
    page.goto(url)
    page.get_by_label("Inlognaam").fill(login)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Uitloggen").wait_for(timeout=TIMEOUT)
    settle(page)
    # the browser writes the sign-in cookie a moment after the first signed-in run
    deadline = time.monotonic() + TIMEOUT / 1000
    while sign_in_cookie(page.context) is None:
        assert time.monotonic() < deadline, "no sign-in cookie"
        page.wait_for_timeout(100)


def sign_in_cookie(context) -> dict | None:
    return next(
        (found for found in context.cookies() if found["name"] == config.COOKIE_NAME),
        None,
    )


def signed_in_page(browser, url: str, login: str, dialogs: list, watch):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch(page)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, url, login)
    return page


@pytest.mark.parametrize("login", list(ROLES))
def test_hostile_texts_run_no_script_on_any_page(
    hostile_server, browser, screenshot_on_failure, login
):
    dialogs: list[str] = []
    page = signed_in_page(
        browser, hostile_server.url, login, dialogs, screenshot_on_failure
    )
    visible_somewhere = False
    for title in ROLES[login]:
        page.get_by_role("link", name=title, exact=True).click()
        settle(page)

        found = page.evaluate(INJECTED)

        assert dialogs == [], (title, dialogs)
        assert {key: found[key] for key in found if key != "text"} == {
            "images": 0,
            "svgs": 0,
            "scripts": 0,
            "links": 0,
            "bold": 0,
        }, title
        visible_somewhere = visible_somewhere or SCRIPT in found["text"]
    assert visible_somewhere, "the hostile text shows as text"
    page.context.close()


def test_a_page_asked_for_by_its_address_is_not_shown_to_a_role_without_it(
    hostile_server, browser, screenshot_on_failure
):
    context = browser.new_context()
    page = context.new_page()
    screenshot_on_failure(page)
    sign_in(page, hostile_server.url, "ouder1")

    for path, heading in (("vandaag", "Vandaag"), ("beheer", "Beheer")):
        page.goto(f"{hostile_server.url}/{path}")
        page.get_by_role("button", name="Uitloggen").wait_for(timeout=TIMEOUT)
        settle(page)
        assert page.get_by_role("heading", name=heading).count() == 0, path
        assert page.get_by_role("link", name=heading, exact=True).count() == 0
    context.close()


def test_the_cookie_lives_as_long_as_configured(hostile_server, browser):
    context = browser.new_context()
    page = context.new_page()
    before = time.time()
    sign_in(page, hostile_server.url, "mentor1")

    cookie = sign_in_cookie(context)

    lifetime = cookie["expires"] - before
    assert abs(lifetime - COOKIE_DAYS * 86_400) < 120, lifetime
    context.close()


def test_a_cookie_copied_before_signing_out_signs_nobody_in(hostile_server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, hostile_server.url, "leerling1")
    copied = sign_in_cookie(context)
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("button", name="Inloggen").wait_for(timeout=TIMEOUT)
    context.close()

    # another browser that kept a copy of the cookie
    thief = browser.new_context()
    thief.add_cookies([copied])
    page = thief.new_page()
    page.goto(hostile_server.url + "/agenda")
    page.get_by_role("button", name="Inloggen").wait_for(timeout=TIMEOUT)
    assert page.get_by_role("button", name="Uitloggen").count() == 0
    thief.close()


def test_the_server_log_holds_no_password_and_no_cookie_key(hostile_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(hostile_server.url)
    page.get_by_label("Inlognaam").fill("ouder2")
    page.get_by_label("Wachtwoord").fill("Verkeerd-wachtwoord-77")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Inlognaam of wachtwoord klopt niet.").wait_for(timeout=TIMEOUT)
    sign_in(page, hostile_server.url, "ouder2")
    context.close()

    log = hostile_server.log.read_text()

    assert "sign-in of ouder2" in log  # the server does log sign-ins
    for secret in (PASSWORD, "Verkeerd-wachtwoord-77", COOKIE_KEY):
        assert secret not in log


# --- a session ends when its account changes elsewhere -----------------------------------


def restart(server: Server, path, monkeypatch) -> Server:
    """The same server again, on the same address, so that the cookies still apply."""
    monkeypatch.setattr(conftest, "free_port", lambda: server.port)
    return Server(path)


def reload_signed_in(page) -> bool:
    page.reload()
    page.get_by_role("button", name="Uitloggen").or_(
        page.get_by_role("button", name="Inloggen")
    ).wait_for(timeout=TIMEOUT)
    return page.get_by_role("button", name="Uitloggen").count() == 1


def test_a_reset_password_or_a_deactivation_ends_the_session_despite_the_cookie(
    demo_template, tmp_path, browser, monkeypatch, screenshot_on_failure
):
    path = tmp_path / "sessions.duckdb"
    path.write_bytes(demo_template.read_bytes())
    server = Server(path)
    try:
        pages = {}
        for login in ("ouder1", "ouder2", "mentor1"):
            page = browser.new_context().new_page()
            screenshot_on_failure(page)
            sign_in(page, server.url, login)
            pages[login] = page

        # elsewhere: the password of ouder1 is reset, ouder2 is deactivated
        server.stop()
        con = db.connect(path)
        accounts.reset_password(con, "beheerder", "ouder1")
        accounts.set_active(con, "beheerder", "ouder2", False)
        con.close()
        server = restart(server, path, monkeypatch)

        assert not reload_signed_in(pages["ouder1"])
        assert not reload_signed_in(pages["ouder2"])
        assert reload_signed_in(pages["mentor1"])  # nothing changed for mentor1
    finally:
        server.stop()
