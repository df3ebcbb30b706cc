"""Backup and restore of the whole database (product.md §6 and §8).

`backup` writes the database as DuckDB's EXPORT DATABASE (the schema as SQL, every
table as Parquet, sequences at their current value) into a new directory, with a
manifest of the row counts; such a backup also survives a newer DuckDB version.
`restore` rebuilds a fresh database file from a backup, checks its row counts
against the manifest and only then puts it in place of the database. The database
it replaces is kept beside it (`<name>.voor-herstel-<time>.duckdb`), so a restore
is never the end of anything. Both need the database to themselves: the command
line refuses while the app holds the file (db.DatabaseBusy).

This is one of the DuckDB-only places of product.md §9.
"""

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from studytrack import clock, db
from studytrack.errors import StudyTrackError

log = logging.getLogger(__name__)

MANIFEST = "studytrack-backup.json"


@dataclass(frozen=True)
class Restored:
    """A finished restore: the counts per table, and where the old database went."""

    tables: dict[str, int]
    previous: Path | None


def _literal(path: Path) -> str:
    """A path as an SQL string literal (EXPORT/IMPORT DATABASE take no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
            "ORDER BY table_name"
        ).fetchall()
    ]
    return {
        table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 -- catalog names
        for table in tables
    }


def backup(con: db.Connection, directory: Path) -> dict[str, int]:
    """Write the whole database into `directory` (new or empty); return row counts."""
    directory = Path(directory).resolve()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise StudyTrackError(
            f"{directory} bestaat al en is niet leeg; kies een nieuwe map voor de backup."
        )
    directory.mkdir(parents=True, exist_ok=True)
    cur = con.cursor()
    try:
        cur.execute("CHECKPOINT")
        counts = _counts(cur)
        version = db.schema_version(cur)
        cur.execute(f"EXPORT DATABASE {_literal(directory)} (FORMAT parquet)")
    finally:
        cur.close()
    manifest = {
        "made_at": clock.now().isoformat(),
        "schema_version": version,
        "duckdb": duckdb.__version__,
        "tables": counts,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    log.info("backup of %s tables written to %s", len(counts), directory)
    return counts


def read_manifest(directory: Path) -> dict:
    """The manifest of a backup directory; a Dutch error when it is not a backup."""
    path = Path(directory) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
        manifest["tables"] = {str(k): int(v) for k, v in manifest["tables"].items()}
        return manifest
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise StudyTrackError(
            f"{directory} is geen StudyTrack-backup (er is geen leesbaar {MANIFEST})."
        ) from error


def restore(con: db.Connection, directory: Path, target: Path) -> Restored:
    """Replace the database at `target` (opened as `con`) by the backup in `directory`.

    `con` is closed on the way: the new file takes the old one's place.
    """
    directory = Path(directory).resolve()
    manifest = read_manifest(directory)
    if int(manifest.get("schema_version") or 0) > db.SCHEMA_VERSION:
        raise StudyTrackError(
            "Deze backup is gemaakt met een nieuwere versie van StudyTrack; werk "
            "StudyTrack eerst bij."
        )
    target = Path(target).resolve()
    fresh = target.with_name(target.name + ".herstel")
    for leftover in (fresh, fresh.with_name(fresh.name + ".wal")):
        leftover.unlink(missing_ok=True)
    counts = _rebuild(directory, fresh, manifest["tables"])
    keep = _holds_data(con)
    con.close()
    previous = None
    if keep:
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        previous = target.with_name(
            f"{target.stem}.voor-herstel-{stamp}{target.suffix}"
        )
        os.replace(target, previous)
    Path(str(target) + ".wal").unlink(missing_ok=True)
    os.replace(fresh, target)
    log.info("database %s restored from %s", target, directory)
    return Restored(counts, previous)


def _rebuild(directory: Path, fresh: Path, expected: dict[str, int]) -> dict[str, int]:
    """Build a new database file from a backup and check it against the manifest."""
    try:
        new = duckdb.connect(str(fresh))
        try:
            new.execute(f"IMPORT DATABASE {_literal(directory)}")
            new.execute("CHECKPOINT")
            counts = _counts(new)
        finally:
            new.close()
    except duckdb.Error as error:
        fresh.unlink(missing_ok=True)
        raise StudyTrackError(
            f"De backup in {directory} kan niet teruggezet worden; hij is onvolledig "
            "of beschadigd. De database is niet veranderd."
        ) from error
    if counts != expected:
        fresh.unlink(missing_ok=True)
        raise StudyTrackError(
            f"De backup in {directory} is onvolledig (de aantallen rijen kloppen niet "
            "met het manifest). De database is niet veranderd."
        )
    return counts


def _holds_data(con: db.Connection) -> bool:
    """Whether the database holds more than an empty, freshly made one."""
    counts = _counts(con)
    return any(
        rows
        for table, rows in counts.items()
        if table not in ("settings", "schema_version")
    )
