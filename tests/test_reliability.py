"""Faults end with a clear message and no lost or damaged data (product.md §8).

- An import killed halfway (SIGKILL while it writes) leaves the database as it was:
  tests/test_import_kill.py (the import engineer's; not repeated here).
- Two desks and an import at once: every click and every imported row lands.
- A database held by another process: the import command exits 1 with one Dutch
  line (the app and the user commands: tests/test_signin.py, tests/test_cli.py).
- A file at STUDYTRACK_DB that is not a StudyTrack database: the app and every
  command say so, and the file is left exactly as it was.
"""

import hashlib
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

import duckdb
import pytest

from studytrack import access, db, desk, importing
from studytrack.importing import ImportFile
from tests.conftest import ROOT, app_as

TODAY = date(2026, 12, 3)


def scope_of(con, login: str) -> access.Scope:
    return access.scope_for(con, access.viewer_for(con, login))


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "studytrack", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


# --- two desks and an import at once ----------------------------------------------------


def attendance_file(numbers: list[str], days: list[date], minute: int) -> ImportFile:
    """An aanwezigheid export: every pupil on every day, expected at 15:<minute>."""
    lines = ["leerlingnummer;datum;verwacht;opmerking"]
    for number in numbers:
        for day in days:
            remark = "" if day == TODAY else f"import {minute}"
            lines.append(f"{number};{day:%d-%m-%Y};15:{minute:02d};{remark}")
    return ImportFile(f"aanwezigheid-{minute}.csv", "\r\n".join(lines).encode())


def test_two_desks_and_an_import_at_once_lose_nothing(demo_con):
    con = demo_con
    centrum = db.value(con, "SELECT id FROM locations WHERE name = 'Centrum'")
    first_desk, second_desk = scope_of(con, "begeleider1"), scope_of(con, "begeleider3")
    pupils = dict(
        db.rows(
            con,
            "SELECT id, number FROM pupils WHERE location_id = ? AND active ORDER BY id",
            [centrum],
        )
    )
    # today starts empty: the desks and the import all create today's rows
    con.execute("DELETE FROM attendance WHERE day = ?", [TODAY])
    days = [TODAY - timedelta(days=offset) for offset in range(0, 15)]
    days = [day for day in days if day.isoweekday() <= 5]
    numbers = sorted(pupils.values())
    imports = [attendance_file(numbers, days, minute) for minute in (11, 22, 33)]
    ids = sorted(pupils)
    failures, outcomes, clicked = [], [], []
    start = threading.Barrier(3)

    def desk_work(scope, mine):
        start.wait()
        for pupil_id in mine:
            assert desk.mark_in(con, scope, pupil_id), pupil_id
            assert desk.set_remark(con, scope, pupil_id, f"binnen via {pupil_id}")
            clicked.append(pupil_id)
            time.sleep(0.002)

    def import_work():
        start.wait()
        for source in imports:
            outcomes.append(importing.run(con, "beheerder", source))

    def guarded(work, *args):
        try:
            work(*args)
        except Exception as error:  # noqa: BLE001 -- collected and asserted below
            failures.append(repr(error))

    threads = [
        threading.Thread(target=guarded, args=(desk_work, first_desk, ids[0::2])),
        threading.Thread(target=guarded, args=(desk_work, second_desk, ids[1::2])),
        threading.Thread(target=guarded, args=(import_work,)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert [outcome.outcome for outcome in outcomes] == [importing.IMPORTED] * 3
    assert sorted(clicked) == ids
    # every click landed: in at 16:05 with the remark, by the desk that clicked
    today = {
        row[0]: row[1:]
        for row in db.rows(
            con,
            "SELECT pupil_id, arrived_at, remark, expected_at FROM attendance "
            "WHERE day = ? AND pupil_id = ANY(?)",
            [TODAY, ids],
        )
    }
    assert {pupil_id: today[pupil_id][:2] for pupil_id in ids} == {
        pupil_id: (clock_time(16, 5), f"binnen via {pupil_id}") for pupil_id in ids
    }
    # every imported row landed: the last import's expected time on every day
    found = db.rows(
        con,
        "SELECT count(*), count(*) FILTER (WHERE expected_at = TIME '15:33') "
        "FROM attendance WHERE pupil_id = ANY(?) AND day = ANY(?)",
        [ids, days],
    )
    assert found == [(len(ids) * len(days), len(ids) * len(days))]
    earlier = db.value(
        con,
        "SELECT count(*) FROM attendance WHERE pupil_id = ANY(?) AND day = ANY(?) "
        "AND remark = 'import 33'",
        [ids, [day for day in days if day != TODAY]],
    )
    assert earlier == len(ids) * (len(days) - 1)
    assert db.value(con, "SELECT count(*) FROM imports WHERE outcome = 'imported'") == 3


# --- a database held by another process -----------------------------------------------


@pytest.fixture
def held(db_path):
    """The database file, open for writing in another process (as the running app)."""
    db.connect(db_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(db_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "open"
    yield db_path
    holder.kill()
    holder.wait()


def test_the_import_command_on_a_held_database_exits_1_with_one_line(held, tmp_path):
    source = tmp_path / "aanwezigheid.csv"
    source.write_text("leerlingnummer;datum\r\n100001;03-12-2026\r\n")

    result = run_cli("import", "aanwezigheid", str(source))

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("studytrack: ")
    assert "in gebruik" in result.stderr and "Stop de app" in result.stderr
    assert "Traceback" not in result.stderr


# --- a file that is not a StudyTrack database -------------------------------------------


def text_file(path: Path) -> None:
    path.write_text("leerlingnummer;naam\n100001;Daan\n" * 200)


def sqlite_file(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE klanten (naam TEXT)")
    con.execute("INSERT INTO klanten VALUES ('Jansen')")
    con.commit()
    con.close()


def other_duckdb(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE klanten (naam VARCHAR)")
    con.execute("INSERT INTO klanten VALUES ('Jansen')")
    con.close()


def random_bytes(path: Path) -> None:
    path.write_bytes(bytes((n * 7919 + 13) % 256 for n in range(20_000)))


FOREIGN = {
    "text": text_file,
    "sqlite": sqlite_file,
    "other-duckdb": other_duckdb,
    "random": random_bytes,
}


def fingerprint(path: Path) -> tuple[str, int, int]:
    """The file's content, size and modification time: what 'untouched' means."""
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size, stat.st_mtime_ns


def neighbours(path: Path) -> set[str]:
    return {found.name for found in path.parent.iterdir()}


def foreign_file(kind: str, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "studytrack.duckdb"
    FOREIGN[kind](path)
    monkeypatch.setenv("STUDYTRACK_DB", str(path))
    return path


@pytest.fixture(params=list(FOREIGN))
def foreign(request, tmp_path, monkeypatch) -> Path:
    return foreign_file(request.param, tmp_path, monkeypatch)


# Each command once, each on another kind of foreign file (a command is a process
# start of a few seconds; the app below meets every kind).
@pytest.mark.parametrize(
    ("kind", "args"),
    [
        ("sqlite", ["import", "aanwezigheid", "{source}"]),
        ("text", ["user", "add", "x", "--role", "ouder", "--name", "X"]),
        ("other-duckdb", ["export", "leerlingen", "{target}"]),
        ("random", ["demo"]),
    ],
)
def test_every_command_refuses_a_foreign_file_untouched(
    kind, args, tmp_path, monkeypatch
):
    foreign = foreign_file(kind, tmp_path, monkeypatch)
    source = tmp_path / "in.csv"
    source.write_text("leerlingnummer;datum\r\n100001;03-12-2026\r\n")
    args = [arg.format(source=source, target=tmp_path / "uit.csv") for arg in args]
    before, files = fingerprint(foreign), neighbours(foreign)

    result = run_cli(*args)

    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("studytrack: ")
    assert "geen StudyTrack-database" in result.stderr
    assert fingerprint(foreign) == before
    assert neighbours(foreign) == files  # no .wal or other file left beside it


def test_the_app_refuses_a_foreign_file_untouched(foreign):
    before, files = fingerprint(foreign), neighbours(foreign)

    at = app_as(None)

    assert not at.exception
    assert "geen StudyTrack-database" in at.error[0].value
    assert fingerprint(foreign) == before
    assert neighbours(foreign) == files
