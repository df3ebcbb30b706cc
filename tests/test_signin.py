"""Sign-in, sign-out and navigation per role, through app.py with AppTest."""

import pytest

from studytrack import accounts, db
from tests.conftest import app_as, offered_pages

PASSWORD = "een-goed-wachtwoord"


@pytest.fixture
def institute(con):
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, infix, last_name, location_id, school, "
        "class_name) VALUES ('1001', 'Zoë', 'van der', 'Berg', 1, 'Stedelijk', 'h3b')"
    )
    for login, role, initials in [
        ("ouder", "ouder", None),
        ("leerling", "leerling", None),
        ("mentor", "mentor", None),
        ("begeleider", "begeleider", "AB"),
        ("beheerder", "beheerder", None),
    ]:
        accounts.create(
            con, "test", login, role, login.title(), PASSWORD, initials=initials,
            pupil_numbers=["1001"] if role in ("ouder", "leerling", "mentor") else [],
            location_names=["Centrum"] if role == "begeleider" else [],
        )  # fmt: skip
    return con


def sign_in(at, login, password):
    at.text_input(key="signin_login").input(login)
    at.text_input(key="signin_password").input(password)
    return at.button(key="FormSubmitter:signin-Inloggen").click().run()


def test_signed_out_shows_only_the_sign_in_form(institute):
    at = app_as(None)
    assert not at.exception
    assert [field.label for field in at.text_input] == ["Inlognaam", "Wachtwoord"]
    assert not at.sidebar.button


def test_a_wrong_password_is_answered_in_dutch(institute):
    at = sign_in(app_as(None), "ouder", "fout-wachtwoord")
    assert at.error[0].value == "Inlognaam of wachtwoord klopt niet."
    assert "login" not in at.session_state


def test_a_parent_signs_in_and_gets_the_pupil_pages(institute):
    at = sign_in(app_as(None), "Ouder", PASSWORD)
    assert not at.exception
    assert at.session_state["login"] == "ouder"
    assert at.sidebar.button(key="signout").label == "Uitloggen"
    assert "Zoë van der Berg" in at.main.expander[0].label


@pytest.mark.parametrize(
    "login,expected,absent",
    [
        ("ouder", {"Agenda", "Cijfers", "Logboek"}, {"Vandaag", "Beheer", "Trends"}),
        ("leerling", {"Agenda", "Persoonlijke rapportage"}, {"Vandaag", "Trends"}),
        ("mentor", {"Agenda", "Trends"}, {"Vandaag", "Beheer", "Import"}),
        ("begeleider", {"Vandaag", "Huiswerk", "Agenda"}, {"Beheer", "Import"}),
        ("beheerder", {"Vandaag", "Beheer", "Import", "Trends"}, set()),
    ],
)
def test_each_role_gets_its_own_pages(institute, login, expected, absent):
    at = app_as(login)
    assert not at.exception
    titles = set(offered_pages(at))
    assert expected <= titles
    assert not (absent & titles)


def test_a_one_time_password_must_be_changed_before_anything_else(institute):
    one_time = accounts.reset_password(institute, "test", "ouder")
    at = sign_in(app_as(None), "ouder", one_time)
    assert "eenmalig wachtwoord" in at.warning[0].value
    assert at.header[0].value == "Mijn account"
    at.text_input[0].input(one_time)
    at.text_input[1].input("mijn-eigen-wachtwoord")
    at.text_input[2].input("mijn-eigen-wachtwoord")
    at.button(key="FormSubmitter:change_password-Wachtwoord wijzigen").click().run()
    assert not at.exception
    assert not at.warning
    assert "Agenda" in offered_pages(at)


def test_signing_out_returns_to_the_form(institute):
    at = app_as("ouder")
    at.sidebar.button(key="signout").click().run()
    assert "login" not in at.session_state
    assert [field.label for field in at.text_input] == ["Inlognaam", "Wachtwoord"]


def test_a_deactivated_account_is_signed_out_at_its_next_page_load(institute):
    at = app_as("ouder")
    assert at.session_state["login"] == "ouder"
    accounts.set_active(institute, "test", "ouder", False)
    at.run()
    assert "login" not in at.session_state
    assert at.error[0].value == "Je sessie is beëindigd. Log opnieuw in."


def test_a_password_changed_elsewhere_ends_this_session(institute):
    at = app_as("ouder")
    at.session_state["signed_in_at"] = accounts.clock.real_now()
    at.run()
    accounts.reset_password(institute, "test", "ouder")
    at.run()
    assert "login" not in at.session_state


def test_a_parent_without_linked_pupils_gets_a_friendly_message(institute):
    accounts.create(institute, "test", "nieuw", "ouder", "Nieuwe Ouder", PASSWORD)
    at = app_as("nieuw")
    assert not at.exception
    assert "geen leerlingen" in at.info[0].value


def test_the_app_says_so_when_another_process_holds_the_database(db_path):
    import subprocess
    import sys

    db.connect(db_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(30)", str(db_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        holder.stdout.readline()
        at = app_as(None)
        assert not at.exception
        assert "in gebruik" in at.error[0].value
    finally:
        holder.kill()
        holder.wait()


def test_signing_out_revokes_the_sessions_cookie(institute):
    at = app_as("ouder")
    at.session_state["cookie_expires"] = 1_900_000_000.5
    at.run()
    at.sidebar.button(key="signout").click().run()
    assert accounts.cookie_revoked(institute, "ouder", 1_900_000_000.5)


def test_each_role_lands_on_its_own_first_page_after_signing_in(institute):
    staff = sign_in(app_as(None), "begeleider", PASSWORD)
    assert not staff.exception
    assert any("Vandaag" in heading.value for heading in [*staff.header, *staff.title])
    parent = sign_in(app_as(None), "ouder", PASSWORD)
    assert [heading.value for heading in parent.subheader][:1] == ["Agenda"]
