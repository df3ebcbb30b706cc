import subprocess
import sys

import duckdb
import pytest

from studytrack import db
from studytrack.errors import DatabaseBusy, NotAStudyTrackDatabase


def test_a_new_file_gets_the_whole_schema(con):
    assert db.schema_version(con) == db.SCHEMA_VERSION
    tables = {
        name for (name,) in db.rows(con, "SELECT table_name FROM duckdb_tables()")
    }
    assert {"pupils", "accounts", "attendance", "agenda_items", "logbook"} <= tables


def test_opening_again_keeps_the_data(db_path):
    con = db.connect(db_path)
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.close()
    again = db.connect(db_path)
    assert db.value(again, "SELECT name FROM locations") == "Centrum"
    again.close()


def test_a_migration_brings_an_older_database_forward_and_keeps_its_rows(
    db_path, monkeypatch
):
    con = db.connect(db_path)
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.close()
    extra = (db.SCHEMA_VERSION + 1, ["ALTER TABLE locations ADD COLUMN city VARCHAR"])
    monkeypatch.setattr(db, "MIGRATIONS", [*db.MIGRATIONS, extra])
    con = db.connect(db_path)
    assert db.schema_version(con) == db.SCHEMA_VERSION + 1
    assert db.rows(con, "SELECT name, city FROM locations") == [("Centrum", None)]
    con.close()


def test_a_file_of_another_program_is_refused_untouched(tmp_path):
    path = tmp_path / "ander.duckdb"
    other = duckdb.connect(str(path))
    other.execute("CREATE TABLE klanten (naam VARCHAR)")
    other.close()
    with pytest.raises(NotAStudyTrackDatabase, match="geen StudyTrack-database"):
        db.connect(path)
    check = duckdb.connect(str(path))
    assert check.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [
        ("klanten",)
    ]
    check.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "tekst.duckdb"
    path.write_text("dit is geen database\n" * 100)
    with pytest.raises(NotAStudyTrackDatabase):
        db.connect(path)
    assert path.read_text().startswith("dit is geen database")


def test_a_database_held_by_another_process_gives_a_clear_message(db_path):
    db.connect(db_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(30)",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseBusy, match=f"proces {holder.pid}"):
            db.connect(db_path)
    finally:
        holder.kill()
        holder.wait()


def test_write_rolls_back_everything_when_a_step_fails(con):
    def change(cur):
        cur.execute("INSERT INTO locations (name) VALUES ('Centrum')")
        raise RuntimeError("halfway")

    with pytest.raises(RuntimeError):
        db.write(con, change)
    assert db.value(con, "SELECT count(*) FROM locations") == 0
