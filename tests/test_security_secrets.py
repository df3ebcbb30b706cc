"""No password, one-time password or cookie key in a log or an error message, and a
cookie key file only its owner can read (product.md §8).

Every flow that handles a secret runs with all logging captured at DEBUG: sign-in
(good, wrong, locked, and a password typed in the login field), the sign-in form
of the app, account creation, password reset and change (domain, Beheer page and
command line) and the ouders import that generates passwords. The real server's
log is checked in test_security_browser.py.
"""

import logging
import os
import stat
import threading

import pytest

from studytrack import access, accounts, admin, cli, config, db, importing
from studytrack.errors import StudyTrackError
from studytrack.importing import ImportFile
from tests.conftest import app_as

PASSWORD = "Zeer-geheim-wachtwoord-42"
COOKIE_KEY = "test-cookie-key-not-secret-0123456789abcdef"


@pytest.fixture
def logs(caplog):
    """Everything every logger says, at every level."""
    caplog.set_level(logging.DEBUG)
    return caplog


def said(caplog) -> str:
    """All captured log text: messages with their arguments, and tracebacks."""
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


@pytest.fixture
def institute(con):
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, last_name, location_id) "
        "VALUES ('1001', 'Zoë', 'Berg', 1)"
    )
    accounts.create(con, "test", "beheerder", "beheerder", "Fatima", PASSWORD)
    accounts.create(
        con, "test", "ouder", "ouder", "Olga", PASSWORD, pupil_numbers=["1001"]
    )
    return con


def admin_scope(con) -> access.Scope:
    return access.scope_for(con, access.viewer_for(con, "beheerder"))


# --- the domain ----------------------------------------------------------------------


def test_signing_in_logs_no_password(institute, logs):
    assert accounts.sign_in(institute, "ouder", PASSWORD).ok
    assert not accounts.sign_in(institute, "ouder", PASSWORD + "x").ok
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):
        accounts.sign_in(institute, "ouder", "Ander-fout-wachtwoord")
    refused = accounts.sign_in(institute, "ouder", PASSWORD)

    assert refused.outcome == "refused"
    text = said(logs)
    assert "sign-in of ouder" in text  # the log does tell what happened
    for secret in (PASSWORD, "Ander-fout-wachtwoord"):
        assert secret not in text
    assert PASSWORD not in refused.message


def test_a_password_typed_in_the_login_field_is_not_logged(institute, logs):
    found = accounts.sign_in(institute, PASSWORD, PASSWORD)

    assert not found.ok
    assert PASSWORD.lower() not in said(logs).lower()
    assert "an unknown login" in said(logs)


def test_creating_resetting_and_changing_passwords_logs_none(institute, logs):
    created = accounts.create(institute, "test", "nieuw", "ouder", "Nina")
    one_time = accounts.reset_password(institute, "test", "nieuw")
    accounts.change_password(institute, "nieuw", one_time, PASSWORD + "2")
    by_admin = admin.create_account(
        institute, admin_scope(institute), "nieuw2", "mentor", "Mo"
    )
    reset_by_admin = admin.reset_password(institute, admin_scope(institute), "nieuw2")

    text = said(logs)
    for secret in (
        created.one_time_password,
        one_time,
        PASSWORD + "2",
        by_admin.one_time_password,
        reset_by_admin,
    ):
        assert secret and secret not in text
    assert "password of nieuw reset" in text


@pytest.mark.parametrize(
    "change",
    [
        lambda con: accounts.change_password(
            con, "ouder", "Fout-" + PASSWORD, "x" * 12
        ),
        lambda con: accounts.change_password(con, "ouder", PASSWORD, "kort"),
        lambda con: accounts.change_password(con, "ouder", PASSWORD, PASSWORD),
        lambda con: accounts.create(con, "t", "x", "ouder", "X", password="kort"),
    ],
)
def test_a_refused_password_is_not_in_the_message(institute, logs, change):
    with pytest.raises(StudyTrackError) as refused:
        change(institute)

    for secret in ("Fout-" + PASSWORD, PASSWORD, "kort"):
        assert secret not in str(refused.value)
        assert secret not in said(logs)


def test_the_ouders_import_logs_none_of_the_passwords_it_makes(institute, logs):
    source = ImportFile(
        "ouders.csv",
        b"gebruikersnaam;naam;email;telefoon;leerlingnummer\r\n"
        b"piet;Piet Berg;;;1001\r\nmarie;Marie Berg;;;1001\r\n",
    )

    outcome = importing.run(institute, "beheerder", source)

    passwords = [credential.one_time_password for credential in outcome.credentials]
    assert len(passwords) == 2
    assert all(password not in said(logs) for password in passwords)
    assert all(password not in repr(outcome) for password in passwords)
    assert all(password not in outcome.summary for password in passwords)


def test_the_command_line_prints_a_one_time_password_once_and_logs_it_never(
    institute, logs, capsys
):
    assert cli.main(["user", "add", "cli", "--role", "ouder", "--name", "Cas"]) == 0
    printed = capsys.readouterr().out
    one_time = printed.split("Eenmalig wachtwoord: ")[1].strip()
    assert cli.main(["user", "reset", "cli"]) == 0
    again = capsys.readouterr().out

    assert printed.count(one_time) == 1
    assert one_time not in again
    assert one_time not in said(logs)
    reset = next(word for word in again.split() if word.count("-") == 2)
    assert reset not in said(logs)


# --- the app ---------------------------------------------------------------------------


def sign_in(at, login, password):
    at.text_input(key="signin_login").input(login)
    at.text_input(key="signin_password").input(password)
    return at.button(key="FormSubmitter:signin-Inloggen").click().run()


def test_the_sign_in_form_logs_and_keeps_no_password(institute, logs):
    wrong = sign_in(app_as(None), "ouder", "Fout-" + PASSWORD)
    good = sign_in(app_as(None), "ouder", PASSWORD)

    assert wrong.error[0].value == "Inlognaam of wachtwoord klopt niet."
    assert good.session_state["login"] == "ouder"
    # the field is emptied and the password is kept nowhere in the session
    for at in (wrong, good):
        assert at.session_state["signin_password"] == ""
        state = repr({key: at.session_state[key] for key in at.session_state})
        assert PASSWORD not in state
    text = said(logs)
    assert PASSWORD not in text and COOKIE_KEY not in text


def test_a_reset_on_the_beheer_page_shows_the_password_once_and_logs_it_never(
    institute, logs
):
    at = app_as("beheerder", "pages/beheer.py")
    at.selectbox(key="admin_account").select("ouder").run()
    at.button(key="admin_reset").click().run()
    assert not at.exception

    shown = [block.value for block in at.code]
    one_time = shown[0].split("Eenmalig wachtwoord: ")[1].strip()
    assert accounts.sign_in(institute, "ouder", one_time).ok
    assert one_time not in said(logs)
    at.run()  # the next run shows it no more
    assert all(one_time not in block.value for block in at.code)


# --- the cookie key -------------------------------------------------------------------


@pytest.fixture
def no_configured_key(monkeypatch, tmp_path):
    """No key in the environment or secrets.toml: the key file is used."""
    monkeypatch.delenv("STUDYTRACK_COOKIE_KEY")
    monkeypatch.setattr(config, "ROOT", tmp_path / "no-secrets-here")
    return tmp_path / "data" / "cookie_key"


def test_the_key_file_is_made_once_owner_only_and_never_logged(no_configured_key, logs):
    key = config.cookie_key(key_file=no_configured_key)

    mode = stat.S_IMODE(os.stat(no_configured_key).st_mode)
    assert mode == 0o600
    assert len(key) >= 40
    assert config.cookie_key(key_file=no_configured_key) == key
    assert key not in said(logs)
    assert "generated a new cookie key file" in said(logs)


def test_the_key_file_is_owner_only_whatever_the_umask(no_configured_key):
    old = os.umask(0)
    try:
        config.cookie_key(key_file=no_configured_key)
    finally:
        os.umask(old)

    assert stat.S_IMODE(os.stat(no_configured_key).st_mode) == 0o600


def test_processes_starting_at_once_share_one_key(no_configured_key):
    """Many starts race to create the key file: every one gets the same key."""
    starters = 8
    barrier = threading.Barrier(starters)
    keys, failures = [], []

    def start():
        barrier.wait()
        try:
            keys.append(config.cookie_key(key_file=no_configured_key))
        except Exception as error:  # the test reports any failure below
            failures.append(repr(error))

    threads = [threading.Thread(target=start) for _ in range(starters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(keys) == starters and len(set(keys)) == 1
    assert no_configured_key.read_text().strip() == keys[0]


def test_a_start_that_finds_the_key_file_still_empty_waits_for_the_key(
    no_configured_key,
):
    """The other process made the file but has not written its key yet."""
    no_configured_key.parent.mkdir(parents=True)
    no_configured_key.touch(mode=0o600)
    writer = threading.Timer(0.2, no_configured_key.write_text, ["de-sleutel"])
    writer.start()

    key = config.cookie_key(key_file=no_configured_key)

    writer.join()
    assert key == "de-sleutel"


def test_a_configured_key_comes_first_and_writes_no_file(monkeypatch, tmp_path):
    monkeypatch.setenv("STUDYTRACK_COOKIE_KEY", "uit-de-omgeving")
    key_file = tmp_path / "cookie_key"

    assert config.cookie_key(key_file=key_file) == "uit-de-omgeving"
    assert not key_file.exists()


def test_no_constant_key_in_the_code():
    """The key comes from configuration or the generated file (product.md §8)."""
    sources = [
        config.ROOT / "app.py",
        *sorted((config.ROOT / "studytrack").glob("*.py")),
    ]
    for source in sources:
        text = source.read_text()
        assert "cookie_key(" in text or "Authenticate(" not in text, source
    app = (config.ROOT / "app.py").read_text()
    assert "cookie_key()" in app and "stauth.Authenticate(" in app


def test_accounts_store_only_bcrypt_hashes_of_cost_12_by_default(
    institute, monkeypatch
):
    monkeypatch.delenv("STUDYTRACK_BCRYPT_ROUNDS")
    accounts.create(institute, "test", "sterk", "ouder", "Sterk", PASSWORD)

    stored = db.value(
        institute, "SELECT password_hash FROM accounts WHERE login = 'sterk'"
    )
    assert stored.startswith("$2b$12$")
    assert PASSWORD not in repr(db.rows(institute, "SELECT * FROM accounts"))
