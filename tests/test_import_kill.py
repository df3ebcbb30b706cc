"""An import killed halfway (SIGKILL, no chance to clean up) leaves the database as before.

The import runs as `python -m studytrack import` with its progress line on a real
terminal (a pty); the moment it reports "Opslaan" (writing, in its one
transaction), the test kills it.
"""

import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from studytrack import db
from tests.conftest import ROOT

PUPILS = 2000
ROWS = 300_000
TABLES = [
    "locations",
    "pupils",
    "accounts",
    "account_pupils",
    "schedules",
    "attendance",
    "agenda_items",
    "logbook",
    "imports",
    "changes",
]


def attendance_file(
    path: Path, rows: int, arrived_minute: int, first_day: date
) -> None:
    """`rows` attendance rows in the Dutch format, school days from `first_day` on."""
    written, day = 0, first_day
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("leerlingnummer;datum;verwacht;binnen;klaar;afgemeld\r\n")
        while written < rows:
            if day.weekday() < 5:
                text = day.strftime("%d-%m-%Y")
                for pupil in range(min(PUPILS, rows - written)):
                    handle.write(
                        f"{100001 + pupil};{text};14:30;14:{arrived_minute:02d};17:00;nee\r\n"
                    )
                written += min(PUPILS, rows - written)
            day += timedelta(days=1)


def import_command(db_path: Path, file: Path, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "studytrack", "import", "aanwezigheid", str(file)],
        cwd=ROOT,
        env=dict(os.environ, STUDYTRACK_DB=str(db_path)),
        **options,
    )


def differences(first: Path, second: Path) -> dict[str, int]:
    """Rows in one database and not in the other (both ways), per table."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{first}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{second}' AS b (READ_ONLY)")
        found = {}
        for table in TABLES:
            found[table] = con.execute(
                f"SELECT (SELECT count(*) FROM (SELECT * FROM a.{table} EXCEPT ALL "
                f"SELECT * FROM b.{table})) + (SELECT count(*) FROM (SELECT * FROM "
                f"b.{table} EXCEPT ALL SELECT * FROM a.{table}))"
            ).fetchone()[0]
        return found
    finally:
        con.close()


@pytest.fixture
def loaded(db_path, tmp_path):
    """A database with PUPILS pupils and ROWS attendance rows, closed and checkpointed."""
    con = db.connect(db_path)
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, last_name, location_id) "
        "SELECT CAST(100000 + i AS VARCHAR), 'Voornaam', 'Achternaam', 1 "
        "FROM range(1, ?) r(i)",
        [PUPILS + 1],
    )
    con.close()
    first = tmp_path / "eerste.csv"
    attendance_file(first, ROWS, 35, date(2025, 1, 6))
    result = subprocess.run(
        [sys.executable, "-m", "studytrack", "import", "aanwezigheid", str(first)],
        cwd=ROOT,
        env=dict(os.environ, STUDYTRACK_DB=str(db_path)),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return db_path


def test_an_import_killed_while_writing_leaves_the_database_exactly_as_before(
    loaded, tmp_path
):
    before = tmp_path / "voor.duckdb"
    shutil.copyfile(loaded, before)
    original = loaded.read_bytes()
    # the same days with other arrival times (updates) and as many new days (inserts)
    second = tmp_path / "tweede.csv"
    attendance_file(second, 2 * ROWS, 40, date(2025, 1, 6))

    terminal, progress = pty.openpty()
    process = import_command(loaded, second, stderr=progress, stdout=subprocess.DEVNULL)
    os.close(progress)
    shown = b""
    deadline = time.monotonic() + 120
    while b"Opslaan" not in shown and time.monotonic() < deadline:
        try:
            shown += os.read(terminal, 1024)
        except OSError:
            break
    time.sleep(0.05)  # well inside the transaction, before its commit
    process.send_signal(signal.SIGKILL)
    process.wait()
    os.close(terminal)

    assert b"Opslaan" in shown, shown
    assert b"Klaar" not in shown
    assert process.returncode == -signal.SIGKILL
    # Every byte of the database file is as it was; DuckDB may have appended blocks
    # for the uncommitted rows, which nothing refers to.
    assert loaded.read_bytes()[: len(original)] == original
    assert differences(before, loaded) == dict.fromkeys(TABLES, 0)
    # … and the next import works on it.
    again = subprocess.run(
        [sys.executable, "-m", "studytrack", "import", "aanwezigheid", str(second)],
        cwd=ROOT,
        env=dict(os.environ, STUDYTRACK_DB=str(loaded)),
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert f"{ROWS} nieuw, {ROWS} gewijzigd, 0 ongewijzigd" in again.stdout
