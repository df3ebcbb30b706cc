"""The command line: `python -m studytrack …` (product.md §6).

Every command exits 0 on success and non-zero with a one-line reason on bad input.
A command that writes to a database file that does not exist yet creates an empty
StudyTrack database there.
"""

import argparse
import logging
import sys
from collections.abc import Callable

from studytrack import accounts, config, db, demo, nl
from studytrack.errors import StudyTrackError

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
