"""The parent portal in a real browser: ouder1 of the demo signs in through the form,
hovers a comment bubble and a grade square, prints the week, and opens every tab on
a phone (390 px) without anything sticking out sideways."""

import io
import shutil

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from studytrack import access, agenda, clock, db, grades, nl, pupils
from tests.conftest import Server, wait_until_idle
from tests.family_data import PASSWORD as FAMILY_PASSWORD
from tests.family_data import build

STATUS_REFRESH_SECONDS = 30  # pages/agenda.py

pytestmark = pytest.mark.browser
PASSWORD = "demo-studytrack"
TIMEOUT = 30_000
TABS = (
    ("Agenda", "Agenda"),
    ("Cijfers", "Cijfers"),
    ("Persoonlijk dossier", "Persoonlijk dossier"),
    ("Logboek", "Logboek"),
    ("Persoonlijke rapportage", "Persoonlijke rapportage"),
)


@pytest.fixture
def demo_server(demo_template, tmp_path, browser):
    """A real server on this test's copy of the demo institute, and the demo file
    itself (the server holds its copy) to look up what the screens should show."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_template, path)
    running = Server(path)
    yield running, demo_template
    running.stop()


def sign_in(page, url: str, login: str, password: str) -> None:
    """Sign in through the form and wait for the Agenda."""
    page.goto(url)
    page.get_by_label("Inlognaam").fill(login)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Agenda", exact=True).wait_for(timeout=TIMEOUT)
    wait_until_idle(page)


def pick_pupil(page, name: str) -> None:
    page.get_by_label("Leerling").first.click()
    page.get_by_role("option", name=name).first.click()
    page.locator("[data-testid=stExpander] summary").filter(has_text=name).wait_for(
        timeout=TIMEOUT
    )


def a_week_with_a_comment(path) -> tuple[pupils.Pupil, int, str, str]:
    """A child of ouder1, a week offset and a subject whose items carry a comment."""
    con = db.connect(path, read_only=True)
    try:
        scope = access.scope_for(con, access.viewer_for(con, "ouder1"))
        today = clock.today()
        for offset in range(0, -8, -1):
            for pupil in pupils.visible(con, scope):
                week = agenda.week(
                    con, scope, pupil.id, agenda.week_start(today, offset)
                )
                for day in week.days:
                    for subject in day.subjects:
                        if subject.comments:
                            return pupil, offset, subject.name, subject.comments[0]
    finally:
        con.close()
    raise AssertionError("the demo has no comment in the last eight weeks")


def a_graded_test(path, pupil: pupils.Pupil) -> grades.Test:
    con = db.connect(path, read_only=True)
    try:
        scope = access.scope_for(con, access.viewer_for(con, "ouder1"))
        tests = grades.school_year_tests(
            con, scope, pupil.id, grades.school_year(clock.today())
        )
    finally:
        con.close()
    rows = grades.group_by_subject(tests)
    return next(test for test in rows[0].tests if test.grade is not None)


def test_hover_a_comment_and_a_square_and_print_the_week(
    demo_server, browser, screenshot_on_failure
):
    server, path = demo_server
    pupil, offset, subject, comment = a_week_with_a_comment(path)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    screenshot_on_failure(page)
    sign_in(page, server.url, "ouder1", PASSWORD)
    pick_pupil(page, pupil.name)
    for _ in range(-offset):
        page.get_by_role("button", name="‹ vorige week").click()
        page.wait_for_timeout(300)

    bubble = page.get_by_role("button", name=f"Opmerking bij {subject}").first
    tip = bubble.get_by_role("tooltip")
    assert not tip.is_visible()
    bubble.hover()
    tip.wait_for(state="visible", timeout=TIMEOUT)
    assert comment in tip.inner_text()

    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name="Afdrukken").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    document = PdfReader(io.BytesIO(data))
    assert document.metadata.title == f"Huiswerkoverzicht {pupil.name}"
    assert pupil.name in document.pages[0].extract_text()

    page.get_by_role("link", name="Cijfers").click()
    test = a_graded_test(path, pupil)
    square = page.get_by_role("img", name=grades.square_title(test))
    square.hover()
    square_tip = square.get_by_role("tooltip")
    square_tip.wait_for(state="visible", timeout=TIMEOUT)
    assert f"weging {grades.weight_text(test.weight)}" in square_tip.inner_text()
    assert f"cijfer {nl.grade(test.grade)}" in square_tip.inner_text()


# Every element of the page that ends beyond the right edge of the window.
_STICKING_OUT = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const found = [];
  for (const element of document.querySelectorAll('[data-testid="stMain"] *')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > limit) {
      found.push(element.tagName + '.' + element.className + ' ' + Math.round(box.right));
    }
  }
  return found.slice(0, 5);
}"""


def test_every_tab_fits_a_phone(demo_server, browser, screenshot_on_failure, tmp_path):
    server, _ = demo_server
    page = browser.new_page(viewport={"width": 390, "height": 844})
    screenshot_on_failure(page)
    sign_in(page, server.url, "ouder1", PASSWORD)

    for link, heading in TABS:
        expand = page.locator("[data-testid=stExpandSidebarButton]")
        if expand.is_visible():
            expand.click()
        page.get_by_role("link", name=link).click()
        page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=TIMEOUT)
        page.wait_for_timeout(1500)  # charts and tables settle
        collapse = page.locator("[data-testid=stSidebarCollapseButton]")
        if collapse.is_visible():
            collapse.click()
            page.wait_for_timeout(400)

        assert page.evaluate(_STICKING_OUT) == [], link
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), link


def test_a_parent_sees_only_their_own_children(demo_server, browser):
    server, path = demo_server
    con = db.connect(path, read_only=True)
    try:
        own = {
            pupil.name
            for pupil in pupils.visible(
                con, access.scope_for(con, access.viewer_for(con, "ouder2"))
            )
        }
        others = {
            pupil.name
            for pupil in pupils.visible(
                con, access.scope_for(con, access.viewer_for(con, "beheerder"))
            )
        } - own
    finally:
        con.close()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, server.url, "ouder2", PASSWORD)

    text = page.locator("[data-testid=stMain]").inner_text()

    assert all(name in text for name in own)
    assert not [name for name in others if name in text]
    assert page.get_by_label("Leerling").count() == 0


def test_a_parent_reports_a_day_absent_and_withdraws_it(demo_server, browser):
    server, _ = demo_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, server.url, "ouder1", PASSWORD)

    page.get_by_role("button", name="Afmelden").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Reden").fill("naar de orthodontist")
    dialog.get_by_role("button", name="afmelden").click()

    page.get_by_text("Afgemeld: naar de orthodontist").wait_for(timeout=TIMEOUT)
    page.get_by_text("De begeleiding ziet het meteen.").wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Afmelding intrekken").click()
    page.get_by_text("is ingetrokken").wait_for(timeout=TIMEOUT)
    expect(page.get_by_text("Afgemeld: naar de orthodontist")).to_have_count(
        0, timeout=TIMEOUT
    )


@pytest.fixture
def family_server(tmp_path, browser):
    """A real server on the hand-made family, where Daan is expected today at 16:30."""
    path = tmp_path / "family.duckdb"
    con = db.connect(path)
    family = build(con)
    con.execute(
        "INSERT INTO schedules (pupil_id, weekday, expected_at) VALUES (?, 4, '16:30')",
        [family.daan],
    )
    con.close()
    running = Server(path)
    yield running
    running.stop()


def test_todays_status_refreshes_by_itself(family_server, browser):
    watching = browser.new_context().new_page()
    sign_in(watching, family_server.url, "ouder_a", FAMILY_PASSWORD)
    status = watching.locator(".stp-status").first
    expect(status).to_have_text("Verwacht om 16:30", timeout=TIMEOUT)

    # The other parent's session reports Daan absent for today.
    other = browser.new_context().new_page()
    sign_in(other, family_server.url, "ouder_a", FAMILY_PASSWORD)
    other.get_by_role("button", name="Afmelden").click()
    dialog = other.get_by_role("dialog")
    dialog.get_by_label("Reden").fill("koorts")
    dialog.get_by_role("button", name="afmelden").click()
    other.get_by_text("Afgemeld: koorts").wait_for(timeout=TIMEOUT)

    # Without any click, the first page shows it within the refresh interval.
    expect(status).to_have_text(
        "Afgemeld: koorts", timeout=(STATUS_REFRESH_SECONDS + 20) * 1000
    )
