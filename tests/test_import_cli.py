"""The command line for bulk data: import, export, backup and restore."""

import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from studytrack import accounts, db
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "studytrack", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture
def files(tmp_path) -> Path:
    """A copy of the fixtures, so that files written next to them stay in tmp."""
    target = tmp_path / "bestanden"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture
def institute(db_path, files):
    con = db.connect(db_path)
    accounts.create(con, "test", "mentor1", "mentor", "Mentor Een")
    accounts.create(con, "test", "mentor2", "mentor", "Mentor Twee")
    con.close()
    result = run("import", "leerlingen", files / "leerlingen.csv")
    assert result.returncode == 0, result.stderr
    return db_path


def count(db_path, table: str) -> int:
    con = db.connect(db_path)
    try:
        return db.value(con, f"SELECT count(*) FROM {table}")
    finally:
        con.close()


def test_import_prints_the_counts_and_exits_0(institute, files):
    result = run("import", "aanwezigheid", files / "aanwezigheid-tab.txt")

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "aanwezigheid-tab.txt (aanwezigheid): 3 rijen; 3 nieuw, 0 gewijzigd, "
        "0 ongewijzigd, 0 geweigerd.\n"
    )
    assert result.stderr == ""
    assert count(institute, "attendance") == 3


def test_a_file_with_problems_lists_them_and_exits_1_with_one_line(institute, files):
    result = run("import", "cijfers", files / "fouten-cijfers.csv")

    assert result.returncode == 1
    assert result.stderr == (
        "studytrack: fouten-cijfers.csv (cijfers): 7 problemen; er is niets "
        "geïmporteerd; met --good-rows-only worden de goede rijen geïmporteerd.\n"
    )
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "regel 2, kolom cijfer, waarde '11': Een cijfer ligt tussen 1,0 en 10,0; '11' niet."
    )
    assert len(lines) == 8
    assert count(institute, "agenda_items") == 0


def test_good_rows_only_imports_the_rest_and_exits_0(institute, files):
    result = run("import", "cijfers", files / "fouten-cijfers.csv", "--good-rows-only")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "fouten-cijfers.csv (cijfers): 8 rijen; 1 nieuw, 0 gewijzigd, 0 ongewijzigd, "
        "7 geweigerd."
    )
    assert count(institute, "agenda_items") == 1


def test_dry_run_changes_nothing(institute, files):
    result = run("import", "aanwezigheid", files / "aanwezigheid-tab.txt", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "proef, er is niets veranderd" in result.stdout
    assert count(institute, "attendance") == 0
    assert count(institute, "imports") == 1


@pytest.mark.parametrize(
    ("args", "code", "reason"),
    [
        (["import", "aanwezigheid", "weg.csv"], 1, "studytrack: Het bestand weg.csv bestaat niet.\n"),
        (["import", "afwezigheid", "x.csv"], 2, None),
        (["export", "leerlingen", "/nergens/l.csv"], 1, None),
        (["restore", "/nergens"], 1, "studytrack: /nergens is geen StudyTrack-backup (er is geen leesbaar studytrack-backup.json).\n"),
    ],
)  # fmt: skip
def test_bad_input_exits_non_zero_with_a_one_line_reason(db_path, args, code, reason):
    result = run(*args)

    assert result.returncode == code
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("studytrack: ")
    if reason:
        assert result.stderr == reason


def test_new_parents_get_a_credentials_file_next_to_the_input(institute, files):
    result = run("import", "ouders", files / "ouders.csv")

    assert result.returncode == 0, result.stderr
    written = sorted(files.glob("ouders-wachtwoorden-*"))
    assert [path.suffix for path in written] == [".csv", ".pdf"]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert str(path) in result.stdout
    rows = written[0].read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "naam;gebruikersnaam;eenmalig wachtwoord"
    name, login, password = rows[1].split(";")
    assert (name, login) == ("Sanne van der Berg", "fam.berg")
    assert password not in result.stdout + result.stderr
    con = db.connect(institute)
    try:
        assert accounts.sign_in(con, "fam.berg", password).ok
    finally:
        con.close()


def test_export_writes_the_file_the_import_reads(institute, files, tmp_path):
    run("import", "rooster", files / "rooster.csv")

    result = run("export", "rooster", tmp_path / "rooster.csv")

    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == f"4 rijen rooster geschreven naar {tmp_path / 'rooster.csv'}.\n"
    )
    again = run("import", "rooster", tmp_path / "rooster.csv")
    assert "0 nieuw, 0 gewijzigd, 4 ongewijzigd" in again.stdout
