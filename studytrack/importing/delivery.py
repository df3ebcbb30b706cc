"""Handing out what an import produced: credentials of new parents, problem lists,
and a progress line on a terminal.

One-time passwords exist only in memory and in the files or downloads made here
for the administrator, once; they are never logged.
"""

import csv
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from studytrack import clock, db, letters
from studytrack.importing import Credential, Outcome, Problem
from studytrack.spreadsheet import neutralise


def credentials_csv(credentials: list[Credential]) -> bytes:
    """The new parents' login names and one-time passwords as a Dutch Excel CSV
    (formulas neutralised: the names come from the imported file)."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(["naam", "gebruikersnaam", "eenmalig wachtwoord"])
    for credential in credentials:
        writer.writerow(
            [
                neutralise(credential.name),
                neutralise(credential.login),
                credential.one_time_password,
            ]
        )
    return text.getvalue().encode("utf-8-sig")


def credentials_letters(con: db.Connection, credentials: list[Credential]) -> bytes:
    """The new parents' credentials letters (one A4 page each) as a PDF."""
    return letters.credentials_pdf(
        db.setting(con, "institute_name"),
        db.setting(con, "app_url"),
        [(c.name, c.login, c.one_time_password) for c in credentials],
    )


def problems_csv(problems: list[Problem]) -> bytes:
    """The list of problems as a Dutch Excel CSV (regel; kolom; waarde; probleem),
    formulas neutralised: the values are the file's own."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(["regel", "kolom", "waarde", "probleem"])
    for problem in problems:
        writer.writerow(
            [
                problem.line or "",
                neutralise(problem.column or ""),
                neutralise(problem.value or ""),
                neutralise(problem.message),
            ]
        )
    return text.getvalue().encode("utf-8-sig")


def write_credentials(con: db.Connection, outcome: Outcome, beside: Path) -> list[Path]:
    """Write the credentials CSV and letters next to the imported file, readable by
    its owner only; return their paths (never print their contents)."""
    if not outcome.credentials:
        return []
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    base = beside.parent / f"{beside.stem}-wachtwoorden-{stamp}"
    number = 1
    while base.with_suffix(".csv").exists() or base.with_suffix(".pdf").exists():
        number += 1
        base = beside.parent / f"{beside.stem}-wachtwoorden-{stamp}-{number}"
    files = [
        (base.with_suffix(".csv"), credentials_csv(outcome.credentials)),
        (base.with_suffix(".pdf"), credentials_letters(con, outcome.credentials)),
    ]
    for path, data in files:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    return [path for path, _ in files]


def print_outcome(outcome: Outcome, out: TextIO = sys.stdout) -> None:
    """Every problem on its own line, then the unknown columns and the counts."""
    for problem in outcome.problems:
        print(str(problem), file=out)
    if outcome.problem_count > len(outcome.problems):
        print(
            f"… en nog {outcome.problem_count - len(outcome.problems)} problemen.",
            file=out,
        )
    if outcome.unknown_columns:
        print(
            "Onbekende kolommen (overgeslagen): " + ", ".join(outcome.unknown_columns),
            file=out,
        )
    print(outcome.summary, file=out)


def progress_line(stream: TextIO = sys.stderr) -> Callable[[float, str], None] | None:
    """A progress callback that redraws one line on a terminal; None elsewhere."""
    if not stream.isatty():
        return None

    def show(fraction: float, text: str) -> None:
        end = "\n" if fraction >= 1 else ""
        stream.write(f"\rImporteren: {text:<20} {fraction:4.0%}{end}")
        stream.flush()

    return show
