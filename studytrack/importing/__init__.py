"""Importing the institute's exports: the seven kinds of product.md §5.

`run` reads a file (CSV or XLSX), checks every row, and writes the good rows in one
transaction together with the line of the import log, so an import lands whole or
not at all, also when the process is killed halfway. By default a file with any
problem imports nothing; with `good_rows_only` the rest is imported. A dry run checks
and counts without changing anything.

Reading and checking happen in a private in-memory DuckDB (`reading`, `checking`);
only `writing` touches the institute's database.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from studytrack import accounts, clock, db, nl
from studytrack.errors import StudyTrackError
from studytrack.importing import checking, reading, writing
from studytrack.importing.contract import KINDS, Kind, Problem

__all__ = [
    "KINDS",
    "Credential",
    "ImportFile",
    "Kind",
    "REFUSED",
    "Outcome",
    "Problem",
    "history",
    "run",
]

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

IMPORTED = "imported"
PARTIAL = "partial"
REFUSED = "refused"
FAILED = "failed"
OUTCOME_LABELS = {
    IMPORTED: "geïmporteerd",
    PARTIAL: "goede rijen geïmporteerd",
    REFUSED: "geweigerd",
    FAILED: "mislukt",
}
UNKNOWN_KIND = "onbekend"
NO_ROWS = "Het bestand heeft geen rijen onder de kopregel."


@dataclass(frozen=True)
class ImportFile:
    """A file to import: the name the user gave it and its bytes."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: Path | str) -> "ImportFile":
        """Read a file from disk; a Dutch StudyTrackError when that is not possible."""
        path = Path(path)
        if not path.is_file():
            raise StudyTrackError(f"Het bestand {path} bestaat niet.")
        try:
            return cls(path.name, path.read_bytes())
        except OSError as error:
            raise StudyTrackError(
                f"Het bestand {path} kan niet gelezen worden ({error.strerror})."
            ) from error


@dataclass(frozen=True)
class Credential:
    """A parent account made by an import, with its one-time password (never stored)."""

    name: str
    login: str
    one_time_password: str = field(repr=False)


@dataclass
class Outcome:
    """What an import (or a dry run) found and did."""

    file_name: str
    checksum: str
    kind: str | None
    outcome: str
    dry_run: bool = False
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    import_id: int | None = None
    credentials: list[Credential] = field(default_factory=list, repr=False)

    @property
    def label(self) -> str:
        """The outcome in Dutch: geïmporteerd, geweigerd …"""
        return OUTCOME_LABELS[self.outcome]

    @property
    def landed(self) -> bool:
        """Whether rows were written (not a dry run, not refused)."""
        return not self.dry_run and self.outcome in (IMPORTED, PARTIAL)

    @property
    def summary(self) -> str:
        """One Dutch sentence: what happened to the rows of the file."""
        kind = f" ({self.kind})" if self.kind else ""
        counts = (
            f"{self.rows} rijen; {self.inserted} nieuw, {self.updated} gewijzigd, "
            f"{self.unchanged} ongewijzigd, {self.rejected} geweigerd"
        )
        problems = (
            f"{self.problem_count} "
            f"{'probleem' if self.problem_count == 1 else 'problemen'}"
        )
        if self.dry_run and self.rows:
            verdict = (
                f"{problems}, dus het bestand zou geweigerd worden"
                if self.outcome == REFUSED
                else "proef, er is niets veranderd"
            )
            return f"{self.file_name}{kind}: {counts}; {verdict}."
        if self.outcome == REFUSED:
            return f"{self.file_name}{kind}: {problems}; er is niets geïmporteerd."
        return f"{self.file_name}{kind}: {counts}."


class _DryRun(Exception):
    """Raised inside a dry run's transaction so that it is rolled back."""

    def __init__(self, written: writing.Written):
        super().__init__("dry run")
        self.written = written


def run(
    con: db.Connection,
    actor: str,
    source: ImportFile,
    kind: str | None = None,
    good_rows_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Import one file of `kind` (None: recognise it from the header) as `actor`.

    Bad input never raises: it comes back as the Outcome's problems. A dry run
    changes nothing and is not recorded; its counts are those the import would give.
    """
    report = progress or (lambda fraction, text: None)
    if kind is not None and kind not in KINDS:
        raise StudyTrackError(f"'{kind}' is geen soort; kies uit {', '.join(KINDS)}.")
    report(0.05, "Bestand lezen")
    stage = duckdb.connect(":memory:")
    try:
        checking.prepare(stage, con)
        staged = reading.read(stage, source.name, source.data, kind)
        outcome = Outcome(
            source.name,
            staged.checksum,
            staged.kind.name if staged.kind else kind,
            REFUSED,
            dry_run=dry_run,
            unknown_columns=staged.unknown,
        )
        if not staged.readable:
            outcome.problems = staged.problems
            outcome.problem_count = len(staged.problems)
            return _refuse(con, actor, outcome)
        report(0.3, "Controleren")
        checked = checking.check(stage, staged)
        outcome.rows = checked.rows
        outcome.preview = checked.preview
        outcome.problems = checked.problems
        outcome.problem_count = checked.problem_count
        outcome.rejected = checked.rows - checked.good
        if checked.rows == 0:
            outcome.problems = [Problem(None, None, None, NO_ROWS)]
            outcome.problem_count = 1
            return _refuse(con, actor, outcome)
        if checked.problem_count and not good_rows_only and not dry_run:
            return _refuse(con, actor, outcome)
        incoming = stage.sql("SELECT * FROM incoming").to_arrow_table()
    finally:
        stage.close()
    report(0.6, "Opslaan")
    _write(con, actor, staged.kind, incoming, outcome, good_rows_only, report)
    report(1.0, "Klaar")
    return outcome


def _refuse(con: db.Connection, actor: str, outcome: Outcome) -> Outcome:
    """Record a refused import (not for a dry run) and return it."""
    outcome.outcome = REFUSED
    if not outcome.dry_run:
        outcome.import_id = db.write(
            con, lambda cur: _record(cur, actor, outcome, clock.now())
        )
        log.info(
            "import of %s (%s) by %s refused: %s problems",
            outcome.file_name,
            outcome.kind or UNKNOWN_KIND,
            actor,
            outcome.problem_count,
        )
    return outcome


def _write(
    con: db.Connection,
    actor: str,
    kind: Kind,
    incoming: pa.Table,
    outcome: Outcome,
    good_rows_only: bool,
    report: Progress,
) -> None:
    """Write the good rows and the log line in one transaction (rolled back when dry)."""
    new_accounts, credentials = None, []
    if kind.name == "ouders":
        new_accounts, credentials = _new_parents(con, incoming, outcome.dry_run, report)
    outcome.outcome = PARTIAL if outcome.problem_count else IMPORTED
    now = clock.now()

    def change(cur: db.Connection) -> int:
        written = writing.write(cur, kind.name, incoming, actor, now, new_accounts)
        outcome.inserted = written.inserted
        outcome.updated = written.updated
        outcome.unchanged = incoming.num_rows - written.inserted - written.updated
        if outcome.dry_run:
            raise _DryRun(written)
        return _record(cur, actor, outcome, now)

    try:
        outcome.import_id = db.write(con, change)
    except _DryRun:
        if outcome.problem_count and not good_rows_only:
            outcome.outcome = REFUSED
        return
    except duckdb.Error as error:
        log.error("import of %s by %s failed: %s", outcome.file_name, actor, error)
        outcome.outcome = FAILED
        db.write(con, lambda cur: _record(cur, actor, outcome, clock.now()))
        raise StudyTrackError(
            "Het importeren is mislukt; er is niets veranderd. Probeer het opnieuw "
            "of neem contact op met de beheerder van StudyTrack."
        ) from error
    outcome.credentials = credentials
    log.info(
        "import %s of %s (%s) by %s: %s inserted, %s updated, %s unchanged, "
        "%s rejected",
        outcome.import_id,
        outcome.file_name,
        kind.name,
        actor,
        outcome.inserted,
        outcome.updated,
        outcome.unchanged,
        outcome.rejected,
    )


def _new_parents(
    con: db.Connection, incoming: pa.Table, dry_run: bool, report: Progress
) -> tuple[pa.Table, list[Credential]]:
    """One-time passwords (hashed) for the parent logins that do not exist yet."""
    names: dict[str, str] = {}
    for login, name in zip(
        incoming.column("gebruikersnaam").to_pylist(),
        incoming.column("naam").to_pylist(),
        strict=True,
    ):
        names.setdefault(login, name)
    existing = {
        row[0]
        for row in db.rows(
            con, "SELECT login FROM accounts WHERE login = ANY(?)", [list(names)]
        )
    }
    new = sorted(set(names) - existing)
    credentials, hashes = [], []
    for index, login in enumerate(new):
        if dry_run:
            hashes.append(None)
            continue
        password = accounts.generate_password()
        hashes.append(accounts.hash_password(password))
        credentials.append(Credential(names[login], login, password))
        if index % 10 == 0:
            report(0.35 + 0.25 * index / len(new), "Wachtwoorden maken")
    table = pa.table(
        {
            "login": pa.array(new, pa.string()),
            "password_hash": pa.array(hashes, pa.string()),
        }
    )
    return table, credentials


def _record(cur: db.Connection, actor: str, outcome: Outcome, now) -> int:
    """Write the line of the import log (inside the import's own transaction)."""
    import_id = cur.execute(
        "INSERT INTO imports (kind, file_name, checksum, imported_by, imported_at, "
        "inserted, updated, unchanged, rejected, outcome) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            outcome.kind or UNKNOWN_KIND,
            outcome.file_name,
            outcome.checksum,
            actor,
            now,
            outcome.inserted,
            outcome.updated,
            outcome.unchanged,
            outcome.rejected,
            outcome.outcome,
        ],
    ).fetchone()[0]
    db.record_change(
        cur,
        now,
        actor,
        "import",
        import_id,
        OUTCOME_LABELS[outcome.outcome],
        f"{outcome.kind or UNKNOWN_KIND}: {outcome.file_name}",
    )
    return import_id


def history(con: db.Connection, limit: int = 200) -> pd.DataFrame:
    """The latest imports, newest first, with Dutch column names for the page."""
    found = db.rows(
        con,
        "SELECT imported_at, imported_by, kind, file_name, checksum, inserted, "
        "updated, unchanged, rejected, outcome FROM imports "
        "ORDER BY imported_at DESC, id DESC LIMIT ?",
        [limit],
    )
    columns = [
        "Tijdstip",
        "Soort",
        "Bestand",
        "Uitkomst",
        "Nieuw",
        "Gewijzigd",
        "Ongewijzigd",
        "Geweigerd",
        "Door",
        "Controlegetal",
    ]
    return pd.DataFrame(
        [
            {
                "Tijdstip": f"{nl.numeric_date(row[0].date())} {nl.clock_time(row[0])}",
                "Soort": row[2],
                "Bestand": row[3],
                "Uitkomst": OUTCOME_LABELS.get(row[9], row[9]),
                "Nieuw": row[5],
                "Gewijzigd": row[6],
                "Ongewijzigd": row[7],
                "Geweigerd": row[8],
                "Door": row[1],
                "Controlegetal": row[4][:12],
            }
            for row in found
        ],
        columns=columns,
    )
