import subprocess
import sys

import pytest

from studytrack import accounts, db
from tests.conftest import ROOT


def run(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "studytrack", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_user_add_on_a_missing_file_creates_an_empty_database(db_path):
    result = run("user", "add", "beheer", "--role", "beheerder", "--name", "Bea")
    assert result.returncode == 0, result.stderr
    assert "Eenmalig wachtwoord: " in result.stdout
    one_time = result.stdout.split("Eenmalig wachtwoord: ")[1].strip()
    con = db.connect(db_path)
    assert accounts.sign_in(con, "beheer", one_time).ok
    assert db.value(con, "SELECT count(*) FROM pupils") == 0
    con.close()


def test_password_stdin_sets_the_password_and_prints_none(db_path):
    result = run(
        "user", "add", "ab", "--role", "begeleider", "--name", "Anna", "--initials", "ab",
        "--password-stdin", stdin="geheim-genoeg\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "geheim-genoeg" not in result.stdout + result.stderr
    con = db.connect(db_path)
    assert accounts.sign_in(con, "ab", "geheim-genoeg").ok
    assert db.value(con, "SELECT initials FROM accounts WHERE login = 'ab'") == "AB"
    con.close()


@pytest.mark.parametrize(
    "args,reason",
    [
        (["user", "add", "x", "--role", "ouder", "--name", "X", "--student", "999"],
         "geen leerling met leerlingnummer '999'"),
        (["user", "add", "x", "--role", "mentor", "--name", "X", "--location", "Nergens"],
         "geen vestiging 'Nergens'"),
        (["user", "reset", "niemand"], "geen account met inlognaam 'niemand'"),
    ],
)  # fmt: skip
def test_bad_input_exits_non_zero_with_one_line(db_path, args, reason):
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert reason in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_role_is_a_usage_error(db_path):
    result = run("user", "add", "x", "--role", "koning", "--name", "X")
    assert result.returncode == 2
    assert "koning" in result.stderr


def test_user_reset_prints_a_new_password_once(db_path):
    run("user", "add", "ouder.z", "--role", "ouder", "--name", "Z")
    result = run("user", "reset", "OUDER.Z")
    assert result.returncode == 0
    new = result.stdout.rsplit(": ", 1)[1].strip()
    con = db.connect(db_path)
    assert accounts.sign_in(con, "ouder.z", new).ok
    con.close()


def test_the_command_line_says_when_the_running_app_holds_the_database(db_path):
    run("user", "add", "x", "--role", "ouder", "--name", "X")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(30)", str(db_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        holder.stdout.readline()
        result = run("user", "reset", "x")
        assert result.returncode == 1
        assert "in gebruik" in result.stderr and "Stop de app" in result.stderr
    finally:
        holder.kill()
        holder.wait()
