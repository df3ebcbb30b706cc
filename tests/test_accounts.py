import logging
from datetime import datetime, timedelta

import pytest

from studytrack import accounts, db
from studytrack.errors import InvalidInput

PASSWORD = "een-goed-wachtwoord"


@pytest.fixture
def admin(con):
    return accounts.create(con, "test", "Beheer", "beheerder", "Bea Beheer", PASSWORD)


def test_passwords_are_stored_as_bcrypt_hashes_only(con, admin):
    stored = db.value(con, "SELECT password_hash FROM accounts WHERE login = 'beheer'")
    assert stored.startswith("$2b$")
    assert PASSWORD not in stored


def test_login_names_are_case_insensitive(con, admin):
    assert accounts.sign_in(con, "  BEHEER ", PASSWORD).ok


def test_a_generated_one_time_password_must_be_changed(con):
    created = accounts.create(con, "test", "ouder.x", "ouder", "Olga Ouder")
    assert created.one_time_password
    assert accounts.sign_in(con, "ouder.x", created.one_time_password).ok
    assert accounts.session_check(con, "ouder.x", datetime(2100, 1, 1)) is True


def test_wrong_password_and_unknown_login_get_the_same_answer(con, admin):
    wrong = accounts.sign_in(con, "beheer", "verkeerd-wachtwoord")
    unknown = accounts.sign_in(con, "niemand", "verkeerd-wachtwoord")
    assert not wrong.ok and not unknown.ok
    assert wrong.message == unknown.message == "Inlognaam of wachtwoord klopt niet."


def test_five_failures_lock_the_login_for_a_quarter_of_an_hour(con, admin, monkeypatch):
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        assert accounts.sign_in(con, "beheer", "fout").outcome == "wrong"
    refused = accounts.sign_in(con, "beheer", PASSWORD)
    assert refused.outcome == "refused"
    assert "kwartier" in refused.message
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-03T16:21:00")
    assert accounts.sign_in(con, "beheer", PASSWORD).ok


def test_an_unknown_login_is_locked_too_so_it_cannot_be_told_apart(con):
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        accounts.sign_in(con, "bestaatniet", "fout")
    assert accounts.sign_in(con, "bestaatniet", "fout").outcome == "refused"


def test_failures_spread_over_more_than_a_quarter_do_not_lock(con, admin, monkeypatch):
    for minute in (0, 5, 10, 14, 20):
        monkeypatch.setenv("STUDYTRACK_NOW", f"2026-12-03T16:{minute:02d}:00")
        accounts.sign_in(con, "beheer", "fout")
    assert accounts.sign_in(con, "beheer", PASSWORD).ok


def test_an_admin_can_lift_a_lock(con, admin):
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        accounts.sign_in(con, "beheer", "fout")
    assert accounts.is_locked(con, "beheer")
    accounts.lift_lock(con, "test", "beheer")
    assert not accounts.is_locked(con, "beheer")
    assert accounts.sign_in(con, "beheer", PASSWORD).ok


def test_every_attempt_is_recorded(con, admin):
    accounts.sign_in(con, "beheer", "fout")
    accounts.sign_in(con, "beheer", PASSWORD)
    outcomes = db.rows(con, "SELECT outcome FROM login_attempts ORDER BY id")
    assert outcomes == [("wrong",), ("ok",)]


def test_changing_the_password_ends_older_sessions(con, admin):
    before = accounts.clock.real_now() - timedelta(seconds=1)
    accounts.change_password(con, "beheer", PASSWORD, "nog-beter-wachtwoord")
    assert accounts.session_check(con, "beheer", before) is None
    assert accounts.session_check(con, "beheer", accounts.clock.real_now()) is False


def test_deactivation_ends_every_session(con, admin):
    accounts.set_active(con, "test", "beheer", False)
    assert accounts.session_check(con, "beheer", datetime(2100, 1, 1)) is None
    assert not accounts.sign_in(con, "beheer", PASSWORD).ok


@pytest.mark.parametrize(
    "current,new,message",
    [
        ("fout-wachtwoord", "nieuw-wachtwoord", "huidige wachtwoord klopt niet"),
        (PASSWORD, "kort", "minstens 10 tekens"),
        (PASSWORD, PASSWORD, "ander wachtwoord"),
    ],
)
def test_a_bad_password_change_is_refused_in_dutch(con, admin, current, new, message):
    with pytest.raises(InvalidInput, match=message):
        accounts.change_password(con, "beheer", current, new)


@pytest.mark.parametrize(
    "login,role,name,initials,message",
    [
        ("a b", "ouder", "X", None, "zonder spaties"),
        ("x", "koning", "X", None, "geen rol"),
        ("x", "ouder", " ", None, "Vul een naam in"),
        ("x", "begeleider", "X", None, "initialen nodig"),
    ],
)
def test_bad_account_fields_are_refused(con, login, role, name, initials, message):
    with pytest.raises(InvalidInput, match=message):
        accounts.create(con, "test", login, role, name, PASSWORD, initials=initials)


def test_a_duplicate_login_is_refused(con, admin):
    with pytest.raises(InvalidInput, match="bestaat al"):
        accounts.create(con, "test", "BEHEER", "ouder", "Ander", PASSWORD)


def test_no_password_reaches_the_log(con, caplog):
    caplog.set_level(logging.DEBUG)
    created = accounts.create(con, "test", "ouder.y", "ouder", "Olga")
    new_one = accounts.reset_password(con, "test", "ouder.y")
    accounts.sign_in(con, "ouder.y", new_one)
    accounts.sign_in(con, "ouder.y", "typo-" + new_one)
    for secret in (created.one_time_password, new_one):
        assert secret not in caplog.text
    assert "sign-in of ouder.y" in caplog.text


def test_reset_gives_a_new_one_time_password_and_ends_old_sessions(con, admin):
    before = accounts.clock.real_now() - timedelta(seconds=1)
    one_time = accounts.reset_password(con, "test", "beheer")
    assert not accounts.sign_in(con, "beheer", PASSWORD).ok
    assert accounts.sign_in(con, "beheer", one_time).ok
    assert accounts.session_check(con, "beheer", before) is None


def test_a_signed_out_cookie_stays_refused(con, admin):
    expires = 1_900_000_000.123456
    assert not accounts.cookie_revoked(con, "beheer", expires)
    accounts.revoke_cookie(con, "Beheer", expires)
    accounts.revoke_cookie(con, "beheer", expires)
    assert accounts.cookie_revoked(con, "beheer", expires)
    assert not accounts.cookie_revoked(con, "beheer", expires + 1)
