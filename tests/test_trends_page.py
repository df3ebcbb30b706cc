"""The Trends page through app.py with AppTest: mentor and admin on known data."""

from datetime import date

import pytest

from studytrack import access, pupils
from tests.conftest import app_as
from tests.test_trends import institute  # noqa: F401 — the hand-made institute

PAGE = "pages/trends.py"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The page caches its figures per process; every test starts without them."""
    import streamlit as st

    st.cache_data.clear()


def open_trends(login: str):
    at = app_as(login, PAGE)
    assert not at.exception, at.exception
    # The period of tests/test_trends.py: 16 November – 3 December 2026.
    at.selectbox(key="trends_preset").set_value("zelf kiezen").run()
    at.date_input(key="trends_dates").set_value(
        (date(2026, 11, 16), date(2026, 12, 3))
    ).run()
    assert not at.exception, at.exception
    return at


def metric(at, label: str):
    return next(found for found in at.metric if found.label == label)


def test_mentor_sees_key_figures_of_their_own_pupils(institute):  # noqa: F811
    at = open_trends("m1")

    assert at.title[0].value == "Trends"
    # Anna and Bram: 16 of 19 expected days present, 2 afgemeld, 1 not come.
    assert metric(at, "Aanwezig").value == "84,2 %"
    assert metric(at, "Afgemeld").value == "10,5 %"
    assert metric(at, "Niet gekomen").value == "5,3 %"
    assert metric(at, "Te laat").value == "4 keer"
    assert metric(at, "Minuten te laat, samen").value == "38 min"
    assert metric(at, "Gemiddeld per keer te laat").value == "9,5 min"
    assert "2 leerlingen" in at.caption[0].value


def test_previous_period_change_shows_as_a_delta(institute):  # noqa: F811
    at = open_trends("m1")

    # Previous period: Anna 5 of 6, Bram 6 of 6 present.
    change = 100 * 16 / 19 - 100 * 11 / 12
    assert metric(at, "Aanwezig").delta == f"{change:+.1f} pp".replace(".", ",")


def test_mentor_attention_list_holds_only_their_pupils(institute):  # noqa: F811
    at = open_trends("m1")

    table = at.dataframe[0].value
    assert list(table["Naam"]) == ["Bram van Berg", "Anna Aalders"]
    assert list(table["Risico afwezigheid"]) == ["chronisch", "geen risico"]
    assert list(table["Te laat-niveau"]) == ["regelmatig te laat", "vaak te laat"]
    assert "Vestiging" not in table.columns


def test_admin_sees_every_location_and_compares_them(institute):  # noqa: F811
    at = open_trends("baas")

    names = list(at.dataframe[0].value["Naam"])
    assert names == ["Bram van Berg", "Cas Claassen", "Anna Aalders"]
    at.segmented_control(key="trends_view").set_value("Vergelijking").run()
    assert not at.exception, at.exception
    compared = at.dataframe[0].value
    assert list(compared["Vestiging"]) == ["Centrum", "Oost"]
    assert list(compared["Leerlingen"]) == [2, 1]


def test_every_view_renders(institute):  # noqa: F811
    at = open_trends("baas")

    for view in at.segmented_control(key="trends_view").options:
        at.segmented_control(key="trends_view").set_value(view).run()
        assert not at.exception, (view, at.exception)
    # Huiswerk en cijfers is the last view: one row per week of the period.
    weeks = at.dataframe[0].value
    assert list(weeks["Afgetekend"]) == [2, 1, 1]
    assert list(weeks["Gemiddeld cijfer"]) == ["", "6,0", "7,0"]


def test_group_choice_narrows_the_figures(institute):  # noqa: F811
    at = open_trends("baas")

    at.selectbox(key="trends_group_kind").set_value("klas").run()
    at.selectbox(key="trends_group_klas").set_value(
        next(
            option
            for option in at.selectbox(key="trends_group_klas").options
            if option.startswith("G3a")
        )
    ).run()

    assert not at.exception
    assert metric(at, "Te laat").value == "3 keer"
    assert list(at.dataframe[0].value["Naam"]) == ["Anna Aalders"]


def test_drill_down_shows_one_pupils_month(institute):  # noqa: F811
    at = open_trends("m1")

    picker = at.selectbox(key="trends_pupil")
    bram = next(o for o in picker.options if o.startswith("Bram"))
    picker.set_value(2).run()
    at.selectbox(key="trends_month_2").set_value((2026, 11)).run()

    assert not at.exception, at.exception
    assert bram == "Bram van Berg (G3b)"
    text = " ".join(block.value for block in at.markdown)
    assert "**Bram van Berg**" in text
    assert "afgemeld **2**" in text
    days = next(f.value for f in at.dataframe if "Datum" in f.value.columns)
    assert "afgemeld: ziek" in list(days["Aanwezig"])


def test_definitions_are_on_the_page(institute):  # noqa: F811
    at = open_trends("m1")

    text = " ".join(block.value for block in at.markdown)
    assert "**Niet gekomen** (ongeoorloofd afwezig)" in text
    assert "*chronisch*" in text
    assert "*vaak te laat*" in text


def test_drill_down_opens_the_pupils_report(institute):  # noqa: F811
    at = open_trends("m1")
    at.selectbox(key="trends_pupil").set_value(2).run()

    at.button(key="trends_open_report").click().run()

    assert not at.exception, at.exception
    assert at.session_state["pupil_id"] == 2
    assert "Persoonlijke rapportage" in [header.value for header in at.subheader]


# --- on the demo institute ------------------------------------------------------------


@pytest.mark.parametrize("login", ["mentor1", "beheerder"])
def test_page_renders_every_view_on_the_demo(demo_con, login):
    scope = access.scope_for(demo_con, access.viewer_for(demo_con, login))
    at = app_as(login, PAGE)
    assert not at.exception, at.exception

    assert f"{len(scope.ids)} leerlingen" in at.caption[0].value
    for view in at.segmented_control(key="trends_view").options:
        at.segmented_control(key="trends_view").set_value(view).run()
        assert not at.exception, (view, at.exception)
    assert not at.error


def test_mentor_on_the_demo_sees_only_their_own_pupils(demo_con):
    scope = access.scope_for(demo_con, access.viewer_for(demo_con, "mentor1"))
    mine = {pupil.name for pupil in pupils.visible(demo_con, scope)}
    at = app_as("mentor1", PAGE)
    at.selectbox(key="trends_preset").set_value("dit schooljaar").run()

    listed = set(at.dataframe[0].value["Naam"])
    assert listed and listed <= mine
    picker = at.selectbox(key="trends_pupil")
    assert {option.split(" (")[0] for option in picker.options} <= mine


def test_a_name_with_markdown_shows_as_typed(institute):  # noqa: F811
    institute.execute("UPDATE pupils SET first_name = '**Bram**' WHERE id = 2")
    at = open_trends("m1")

    at.selectbox(key="trends_pupil").set_value(2).run()

    text = " ".join(block.value for block in at.markdown)
    assert "**\\*\\*Bram\\*\\* van Berg**" in text
