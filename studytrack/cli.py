"""The command line: `python -m studytrack …` (product.md §6).

Every command exits 0 on success and non-zero with a one-line reason on bad input.
A command that writes to a database file that does not exist yet creates an empty
StudyTrack database there.
"""

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from studytrack import accounts, backup, config, db, demo, exporting, importing, nl
from studytrack.errors import StudyTrackError
from studytrack.importing import delivery

log = logging.getLogger(__name__)

CLI_ACTOR = "opdrachtregel"


class _Parser(argparse.ArgumentParser):
    """argparse that gives its one-line reason in Dutch and exits with 2."""

    def error(self, message: str) -> None:
        self.exit(2, f"studytrack: {message} (zie --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every subcommand."""
    parser = _Parser(prog="python -m studytrack", description="StudyTrack beheer")
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )
    _add_user_commands(commands)
    _add_demo_command(commands)
    _add_data_commands(commands)
    return parser


def _add_user_commands(commands) -> None:
    user = commands.add_parser("user", help="accounts aanmaken en herstellen")
    actions = user.add_subparsers(dest="action", required=True, parser_class=_Parser)

    add = actions.add_parser("add", help="een account aanmaken")
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=db.ROLES)
    add.add_argument("--name", required=True)
    add.add_argument("--student", action="append", default=[], dest="students")
    add.add_argument("--initials")
    add.add_argument("--location", action="append", default=[], dest="locations")
    add.add_argument("--email")
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(handler=_user_add)

    reset = actions.add_parser("reset", help="een nieuw eenmalig wachtwoord geven")
    reset.add_argument("login")
    reset.set_defaults(handler=_user_reset)


def _add_demo_command(commands) -> None:
    built = commands.add_parser("demo", help="een lege database vullen met demodata")
    built.add_argument("--students", type=int, default=40)
    built.add_argument("--years", type=int, default=1)
    built.add_argument("--seed", type=int, default=2026)
    built.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace, con: db.Connection) -> None:
    made = demo.build(con, students=args.students, years=args.years, seed=args.seed)
    print(
        f"{demo.INSTITUTE_NAME} staat in {config.db_path()}: "
        f"{_count(made.locations)} vestigingen, {_count(made.pupils)} leerlingen, "
        f"{_count(made.accounts)} accounts."
    )
    print(
        f"{nl.numeric_date(made.first_day)} t/m {nl.numeric_date(made.last_day)}: "
        f"{_count(made.attendance)} aanwezigheidsregels, "
        f"{_count(made.agenda_items)} agenda-items, {_count(made.logbook)} logboeknotities."
    )
    print("De inlognamen en het wachtwoord van de demo staan in README.md.")


def _count(number: int) -> str:
    """'1.777.562': a count with Dutch thousands separators."""
    return f"{number:,}".replace(",", ".")


def _user_add(args: argparse.Namespace, con: db.Connection) -> None:
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    created = accounts.create(
        con,
        CLI_ACTOR,
        args.login,
        args.role,
        args.name,
        password=password,
        initials=args.initials,
        email=args.email,
        pupil_numbers=args.students,
        location_names=args.locations,
    )
    print(f"Account '{created.login}' ({created.role}) aangemaakt.")
    if created.one_time_password:
        print(f"Eenmalig wachtwoord: {created.one_time_password}")


def _user_reset(args: argparse.Namespace, con: db.Connection) -> None:
    one_time = accounts.reset_password(con, CLI_ACTOR, args.login)
    print(
        f"Nieuw eenmalig wachtwoord voor '{accounts.normalise_login(args.login)}': {one_time}"
    )


def _add_data_commands(commands) -> None:
    kinds = list(importing.KINDS)
    load = commands.add_parser("import", help="een bestand importeren (CSV of XLSX)")
    load.add_argument("kind", choices=kinds)
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true")
    load.add_argument("--good-rows-only", action="store_true")
    load.set_defaults(handler=_import)

    out = commands.add_parser("export", help="gegevens exporteren (CSV of XLSX)")
    out.add_argument("kind", choices=kinds)
    out.add_argument("file", type=Path)
    out.set_defaults(handler=_export)

    save = commands.add_parser("backup", help="de hele database in een map bewaren")
    save.add_argument("directory", type=Path)
    save.set_defaults(handler=_backup)

    back = commands.add_parser("restore", help="de database uit een backup terugzetten")
    back.add_argument("directory", type=Path)
    back.set_defaults(handler=_restore)


def _import(args: argparse.Namespace, con: db.Connection) -> None:
    outcome = importing.run(
        con,
        CLI_ACTOR,
        importing.ImportFile.from_path(args.file),
        kind=args.kind,
        good_rows_only=args.good_rows_only,
        dry_run=args.dry_run,
        progress=delivery.progress_line(sys.stderr),
    )
    delivery.print_outcome(outcome)
    for path in delivery.write_credentials(con, outcome, args.file):
        print(
            f"Eenmalige wachtwoorden van nieuwe ouders: {path} (geef ze door en verwijder het bestand daarna)."
        )
    if outcome.outcome == importing.REFUSED:
        hint = (
            ""
            if args.good_rows_only
            else "; met --good-rows-only worden de goede rijen geïmporteerd"
        )
        raise StudyTrackError(f"{outcome.summary.rstrip('.')}{hint}.")


def _export(args: argparse.Namespace, con: db.Connection) -> None:
    scope = exporting.institute_scope(con, CLI_ACTOR)
    count = exporting.export_to_file(con, scope, args.kind, args.file)
    print(f"{_count(count)} rijen {args.kind} geschreven naar {args.file}.")


def _backup(args: argparse.Namespace, con: db.Connection) -> None:
    counts = backup.backup(con, args.directory)
    print(
        f"Backup van {_count(sum(counts.values()))} rijen in {len(counts)} tabellen geschreven naar {args.directory}."
    )


def _restore(args: argparse.Namespace, con: db.Connection) -> None:
    restored = backup.restore(con, args.directory, config.db_path())
    print(
        f"Database teruggezet uit {args.directory}: {_count(sum(restored.tables.values()))} rijen."
    )
    if restored.previous:
        print(f"De vorige database staat nu in {restored.previous}.")


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, db.Connection], None] = args.handler
    try:
        con = db.connect(config.db_path())
        try:
            handler(args, con)
        finally:
            con.close()
    except StudyTrackError as error:
        print(f"studytrack: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"studytrack: {error.strerror or error}: {error.filename or ''}",
            file=sys.stderr,
        )
        return 1
    return 0
