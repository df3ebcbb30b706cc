"""The five parent tabs in AppTest: on the hand-made family with known values, and
on the demo institute."""

import re
from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from studytrack import absence, db, pupils, ui
from tests.conftest import ROOT, app_as
from tests.family_data import build, scope_of

AGENDA = "pages/agenda.py"
CIJFERS = "pages/cijfers.py"
DOSSIER = "pages/dossier.py"
LOGBOEK = "pages/logboek.py"
RAPPORTAGE = "pages/rapportage.py"
TABS = (AGENDA, CIJFERS, DOSSIER, LOGBOEK, RAPPORTAGE)


@pytest.fixture
def family(con):
    return build(con)


def open_tab(login: str, page: str, pupil_id: int | None = None):
    """Sign in as `login`, open `page` and, when given, pick a pupil in the header."""
    at = app_as(login, page)
    if pupil_id is not None:
        at.selectbox(key="pupil_picker").select(pupil_id).run()
    assert not at.exception, [item.value for item in at.exception]
    return at


def html_of(at) -> str:
    return "".join(element.proto.body for element in at.html)


def markdown_of(at) -> str:
    return "\n".join(element.value for element in at.markdown)


def shown_text(markdown: str) -> str:
    """Markdown as the user reads it: backslash escapes resolved."""
    return re.sub(r"\\(.)", r"\1", markdown)


def header_of(at) -> str:
    return at.expander[0].label


# --- the header -------------------------------------------------------------------------


def test_the_header_shows_name_school_and_class_and_a_picker_for_two_children(family):
    at = open_tab("ouder_a", AGENDA)

    picker = at.selectbox(key="pupil_picker")
    assert picker.options == [
        "Daan de Vries (Christelijk Lyceum, 1A)",
        "Sanne de Vries (Stedelijk Gymnasium, 3B)",
    ]
    assert header_of(at) == "Daan de Vries · Christelijk Lyceum, 1A"
    assert "Huiswerkinstituut De Leerboom" in html_of(at)

    picker.select(family.sanne).run()

    assert header_of(at) == "Sanne de Vries · Stedelijk Gymnasium, 3B"
    assert "Binnen sinds 14:05" in html_of(at)


def test_the_chosen_child_stays_chosen_on_the_other_tabs(family):
    at = open_tab("ouder_a", AGENDA, family.sanne)

    at.switch_page(CIJFERS).run()

    assert header_of(at).startswith("Sanne de Vries")
    assert at.selectbox(key="pupil_picker").value == family.sanne


def test_a_parent_of_one_child_gets_no_picker_and_nothing_of_another_family(family):
    for page in TABS:
        at = open_tab("ouder_b", page)
        shown = html_of(at) + markdown_of(at) + header_of(at)
        assert header_of(at) == "Noor Bakker · Het Baken, 2C"
        assert "pupil_picker" not in {box.key for box in at.selectbox}
        assert "Sanne" not in shown and "Vries" not in shown


def test_a_pupil_id_of_another_family_in_the_session_is_ignored(family):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["login"] = "ouder_a"
    at.session_state["signed_in_at"] = datetime(2100, 1, 1)
    at.session_state[ui.PUPIL_KEY] = family.noor
    at.run()

    assert header_of(at).startswith("Daan de Vries")
    assert "geheim" not in html_of(at)


# --- Agenda -------------------------------------------------------------------------------


def test_agenda_shows_status_remark_homework_sign_off_and_comments(family):
    at = open_tab("ouder_a", AGENDA, family.sanne)

    page = html_of(at)
    assert "donderdag 3 december" in page and "vandaag" in page
    assert "Binnen sinds 14:05" in page
    assert "Verwacht om 13:00" in page  # Friday
    assert "Opmerking: Komt later, tandarts" in page  # Monday's remark
    assert "✓ afgetekend door AB" in page
    assert "nog niet afgetekend" in page
    assert 'role="tooltip">Goed geleerd!' in page


def test_agenda_escapes_what_staff_and_imports_typed(family):
    page = html_of(open_tab("ouder_a", AGENDA, family.sanne))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "Lezen: &lt;b&gt;hoofdstuk&lt;/b&gt; &amp; &quot;samenvatting&quot;" in page
    assert "Gaat om 17:00 naar de &lt;b&gt;tandarts&lt;/b&gt;" in page


def test_next_previous_week_and_back_to_today(family):
    at = open_tab("ouder_a", AGENDA, family.sanne)

    at.button(key="week_next").click().run()
    assert "donderdag 10 december – woensdag 16 december 2026" in captions(at)
    assert "Binnen sinds" not in html_of(at)

    at.button(key="week_back").click().run()
    at.button(key="week_back").click().run()
    assert "donderdag 26 november – woensdag 2 december 2026" in captions(at)
    assert "Aanwezig van 14:30 tot 17:00" in html_of(at)
    assert "Afgemeld: ziek" in html_of(at)

    at.button(key="week_today").click().run()
    assert "donderdag 3 december – woensdag 9 december 2026" in captions(at)


def captions(at) -> str:
    return "\n".join(element.value for element in at.caption)


def test_agenda_offers_the_print_pdf_and_the_calendar_file(family):
    at = open_tab("ouder_a", AGENDA, family.sanne)

    labels = [button.proto.label for button in at.get("download_button")]

    assert labels == ["Afdrukken", "Agenda-bestand"]


def test_a_parent_sees_afmelden_and_can_withdraw_an_afmelding(family, con):
    absence.report(
        con, scope_of(con, "ouder_a"), family.sanne, date(2026, 12, 4), "ziek"
    )
    at = open_tab("ouder_a", AGENDA, family.sanne)

    assert "Afgemeld: ziek" in html_of(at)
    assert at.button(key="open_afmelden")
    at.button(key="withdraw_2026-12-04").click().run()

    assert "Verwacht om 13:00" in html_of(at)
    assert "De afmelding voor vrijdag 4 december is ingetrokken" in at.success[0].value
    assert not db.value(
        con,
        "SELECT absent FROM attendance WHERE pupil_id = ? AND day = DATE '2026-12-04'",
        [family.sanne],
    )


@pytest.mark.parametrize("login", ["mentor_a", "leerling_a", "staf_a"])
def test_only_parents_get_afmelden(family, login):
    at = open_tab(login, AGENDA, family.sanne if login == "staf_a" else None)

    keys = {button.key for button in at.button}
    assert "open_afmelden" not in keys
    assert "Binnen sinds 14:05" in html_of(at)


def test_staff_pick_among_the_pupils_of_their_location(family):
    at = open_tab("staf_a", AGENDA)

    names = at.selectbox(key="pupil_picker").options
    assert names == [
        "Daan de Vries (Christelijk Lyceum, 1A)",
        "Sanne de Vries (Stedelijk Gymnasium, 3B)",
    ]


# --- Cijfers -------------------------------------------------------------------------------


def test_cijfers_shows_squares_in_their_states_and_the_weighted_average(family):
    at = open_tab("ouder_a", CIJFERS, family.sanne)

    page = html_of(at)
    assert '<span class="stp-avg">(6,8)</span>' in page
    assert '<span class="stp-avg">(8,0)</span>' in page
    assert (
        'stp-sq-insufficient" tabindex="0" role="img" aria-label="donderdag 8 oktober 2026 · SO · Woordjes H1 · weging 1 · cijfer 5,0">5,0'
        in page
    )
    assert page.count("stp-sq stp-sq-awaited") == 3  # legend + Wiskunde H4 + today's
    assert page.count("stp-sq stp-sq-planned") == 3  # legend + Biologie + Wiskunde
    assert len(at.get("plotly_chart")) == 1


def test_cijfers_for_the_previous_school_year(family):
    at = open_tab("ouder_a", CIJFERS, family.sanne)

    at.selectbox(key="grades_school_year").select(2025).run()

    page = html_of(at)
    assert '<span class="stp-avg">(6,0)</span>' in page
    assert "Vocabulaire" not in page


# --- Dossier, Logboek, Rapportage --------------------------------------------------------


def test_dossier_has_contacts_school_schedule_focus_subjects_and_mentor(family):
    text = shown_text(markdown_of(open_tab("ouder_a", DOSSIER, family.sanne)))

    for expected in (
        "telefoon 06-12345678",
        "Marieke de Vries",
        "Joost de Vries",
        "school Stedelijk Gymnasium",
        "klas 3B",
        "maandag: verwacht om 14:30",
        "vrijdag: verwacht om 13:00",
        "wiskunde",
        "Peter Jansen",
        "geboren op 17 mei 2012",
    ):
        assert expected in text, expected
    assert "Karin Bakker" not in text


def test_logbook_per_month_newest_first_with_date_and_author(family):
    at = open_tab("ouder_a", LOGBOEK, family.sanne)

    picker = at.selectbox(key=f"logbook_month_{family.sanne}")
    assert picker.options == ["december 2026", "november 2026", "oktober 2026"]
    assert "woensdag 2 december 2026" in markdown_of(at)
    assert "Anna Bakker" in markdown_of(at)

    picker.select((2026, 11)).run()
    text = markdown_of(at)
    assert "Planning besproken &lt;b&gt;met&lt;/b&gt; Sanne\\." in text
    assert "<b>" not in text


def test_report_has_summary_lateness_in_red_and_braced_initials(family):
    at = open_tab("ouder_a", RAPPORTAGE, family.sanne)

    page = html_of(at)
    assert "<b>15 min</b><span>gemiddeld te laat</span>" in page
    assert (
        '<span class="stp-red" title="15 minuten later dan verwacht">14:45–17:10</span>'
        in page
    )
    assert "Frans SO Vocabulaire H3 — 7,5 {AB}" in page
    assert (
        '<span class="stp-line stp-red">Geschiedenis overhoring Jaartallen</span>'
        in page
    )
    assert "Gaat om 17:00 naar de &lt;b&gt;tandarts&lt;/b&gt;" in page
    assert [button.proto.label for button in at.get("download_button")] == [
        "PDF van december 2026"
    ]


def test_report_of_november_shows_the_afgemeld_day(family):
    at = open_tab("ouder_a", RAPPORTAGE, family.sanne)

    at.selectbox(key=f"report_month_{family.sanne}").select((2026, 11)).run()

    page = html_of(at)
    assert "afgemeld: ziek" in page
    assert "Trein had vertraging" in page


# --- a new pupil: friendly empty states --------------------------------------------------


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (AGENDA, "Voor Daan staat in deze dagen nog niets in de agenda"),
        (CIJFERS, "Voor Daan zijn in dit schooljaar nog geen toetsen ingevoerd."),
        (LOGBOEK, "Er staan nog geen notities over Daan in het logboek."),
        (RAPPORTAGE, "In december 2026 is er voor Daan (nog) niets te melden"),
    ],
)
def test_a_new_pupil_gets_a_friendly_empty_state(family, page, message):
    at = open_tab("ouder_a", page)

    assert header_of(at).startswith("Daan de Vries")
    assert message in at.info[0].value


def test_a_new_pupil_has_a_dossier_that_says_what_is_missing(family):
    at = open_tab("ouder_a", DOSSIER)

    shown = "\n".join(caption.value for caption in at.caption)
    assert "Er is nog geen rooster ingevoerd." in shown
    assert "Er is (nog) geen mentor gekoppeld." in shown


# --- on the demo institute ---------------------------------------------------------------


# What each tab shows on the demo for any child with a school term of history.
DEMO_SIGNS = {
    AGENDA: lambda at: html_of(at).count('class="stp-day-head"') == 5,
    CIJFERS: lambda at: re.search(
        r'<span class="stp-avg">\(\d{1,2},\d\)</span>', html_of(at)
    ),
    DOSSIER: lambda at: "verwacht om" in shown_text(markdown_of(at)),
    LOGBOEK: lambda at: at.selectbox and len(at.markdown) > 2,
    RAPPORTAGE: lambda at: "dagen verwacht" in html_of(at) and "<table" in html_of(at),
}


@pytest.mark.parametrize("page", TABS)
def test_every_tab_shows_each_child_of_ouder1_on_the_demo(demo_con, page):
    children = pupils.visible(demo_con, scope_of(demo_con, "ouder1"))
    assert len(children) == 2
    at = open_tab("ouder1", page)

    for child in children:
        at.selectbox(key="pupil_picker").select(child.id).run()

        assert not at.exception and not at.error
        assert header_of(at).startswith(child.name)
        assert DEMO_SIGNS[page](at), (page, child.name)


def test_afmelden_opens_a_dialog_with_the_days_that_can_be_reported(family):
    at = open_tab("ouder_a", AGENDA, family.sanne)

    at.button(key="open_afmelden").click().run()

    days = at.selectbox(key="afmelden_day").options
    assert days[:3] == [
        "vrijdag 4 december",
        "maandag 7 december",
        "dinsdag 8 december",
    ]
    assert "donderdag 3 december (vandaag)" not in days  # Sanne is already in
    assert at.text_input(key="afmelden_reason")
    # Submitting runs inside the dialog's own rerun, which AppTest does not do: the
    # browser test reports and withdraws through the dialog.
