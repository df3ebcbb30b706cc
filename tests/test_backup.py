"""Backup and restore round-trip the whole database; a restore never loses the old one."""

import subprocess
import sys
import time

import pytest

from studytrack import backup, db
from studytrack.errors import StudyTrackError
from tests.conftest import ROOT


def dump(con) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order."""
    tables = [
        row[0]
        for row in db.rows(
            con, "SELECT table_name FROM duckdb_tables() ORDER BY table_name"
        )
    ]
    return {
        table: db.rows(con, f"SELECT * FROM {table} ORDER BY ALL") for table in tables
    }


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "studytrack", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_backup_and_restore_round_trip_the_whole_database(demo_con, demo_db, tmp_path):
    before = dump(demo_con)
    counts = backup.backup(demo_con, tmp_path / "backup")
    demo_con.execute("DELETE FROM logbook")  # a change after the backup

    restored = backup.restore(demo_con, tmp_path / "backup", demo_db)

    con = db.connect(demo_db)
    try:
        assert dump(con) == before
        assert restored.tables == counts
        # sequences go on where they were: a new row gets a fresh id
        new_id = db.value(
            con, "INSERT INTO locations (name) VALUES ('Noord') RETURNING id"
        )
        assert new_id == max(row[0] for row in before["locations"]) + 1
    finally:
        con.close()
    previous = db.connect(restored.previous)
    try:
        assert db.value(previous, "SELECT count(*) FROM logbook") == 0
    finally:
        previous.close()


def test_restoring_into_a_fresh_database_keeps_no_empty_leftover(demo_con, tmp_path):
    backup.backup(demo_con, tmp_path / "backup")
    target = tmp_path / "nieuw.duckdb"
    fresh = db.connect(target)

    restored = backup.restore(fresh, tmp_path / "backup", target)

    assert restored.previous is None
    con = db.connect(target)
    try:
        assert dump(con) == dump(demo_con)
    finally:
        con.close()


def test_a_backup_needs_a_new_or_empty_directory(con, tmp_path):
    (tmp_path / "vol").mkdir()
    (tmp_path / "vol" / "iets.txt").write_text("x")

    with pytest.raises(StudyTrackError, match="bestaat al en is niet leeg"):
        backup.backup(con, tmp_path / "vol")


def test_restore_refuses_what_is_not_a_backup(con, db_path, tmp_path):
    with pytest.raises(StudyTrackError, match="is geen StudyTrack-backup"):
        backup.restore(con, tmp_path, db_path)


def test_an_incomplete_backup_is_refused_and_the_database_stays(
    demo_con, demo_db, tmp_path
):
    backup.backup(demo_con, tmp_path / "backup")
    (tmp_path / "backup" / "attendance.parquet").unlink()
    before = dump(demo_con)

    with pytest.raises(StudyTrackError, match="kan niet teruggezet worden"):
        backup.restore(demo_con, tmp_path / "backup", demo_db)

    assert dump(demo_con) == before


def test_backup_and_restore_on_the_command_line(demo_db, tmp_path):
    made = cli("backup", tmp_path / "backup")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Backup van ")

    back = cli("restore", tmp_path / "backup")

    assert back.returncode == 0, back.stderr
    lines = back.stdout.splitlines()
    assert lines[0].startswith(f"Database teruggezet uit {tmp_path / 'backup'}: ")
    assert lines[1].startswith("De vorige database staat nu in ")


def test_restore_refuses_while_another_process_holds_the_database(demo_db, tmp_path):
    assert cli("backup", tmp_path / "backup").returncode == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(60)",
            str(demo_db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()

        back = cli("restore", tmp_path / "backup")

        assert back.returncode == 1
        assert "is in gebruik door een ander programma" in back.stderr
        assert back.stderr.count("\n") == 1
        assert time.monotonic() - started < 60
    finally:
        holder.kill()
        holder.wait()
