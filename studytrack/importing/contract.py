"""The import contract (product.md §5): the kinds of file, their columns and keys.

Every column has a type that says how its text is read and checked (`checking`)
and written back (`exporting`). Header names are matched case-insensitively and
without regard to spaces, underscores or hyphens ("Afgetekend door" is
`afgetekend_door`).
"""

import re
from dataclasses import dataclass

# Column types.
PUPIL = "pupil"  # leerlingnummer of a pupil that must exist
NUMBER = "number"  # leerlingnummer of the leerlingen file itself (may be new)
TEXT = "text"
DATE = "date"
TIME = "time"
TIMESTAMP = "timestamp"
YES_NO = "yes_no"
GRADE = "grade"
WEIGHT = "weight"
WEEKDAY = "weekday"
KIND = "kind"  # any kind of agenda item
TEST_KIND = "test_kind"  # a kind of test (SO, proefwerk …)
INITIALS = "initials"
EMAIL = "email"
LOGIN = "login"
MENTORS = "mentors"  # comma-separated login names of mentors
LOCATION = "location"


@dataclass(frozen=True)
class Column:
    """One column of an import file: its Dutch header name and how it is read."""

    name: str
    type: str
    required: bool = False


@dataclass(frozen=True)
class Kind:
    """One kind of import file: its columns and the columns of its natural key."""

    name: str
    label: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def required(self) -> list[str]:
        """The names of the columns a file of this kind must have."""
        return [column.name for column in self.columns if column.required]

    @property
    def names(self) -> list[str]:
        """Every column name, in the contract's (and the export's) order."""
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        """The column with this contract name."""
        return next(column for column in self.columns if column.name == name)


def _kind(name: str, label: str, key: tuple[str, ...], *columns: Column) -> Kind:
    return Kind(name, label, columns, key)


_AGENDA_KEY = ("leerlingnummer", "datum", "vak", "soort", "omschrijving")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        _kind(
            "leerlingen",
            "Leerlingen",
            ("leerlingnummer",),
            Column("leerlingnummer", NUMBER, True),
            Column("voornaam", TEXT, True),
            Column("tussenvoegsel", TEXT),
            Column("achternaam", TEXT, True),
            Column("vestiging", LOCATION),
            Column("school", TEXT),
            Column("klas", TEXT),
            Column("geboortedatum", DATE),
            Column("telefoon", TEXT),
            Column("email", EMAIL),
            Column("adres", TEXT),
            Column("aandachtsvakken", TEXT),
            Column("mentor", MENTORS),
        ),
        _kind(
            "ouders",
            "Ouders",
            ("gebruikersnaam", "leerlingnummer"),
            Column("gebruikersnaam", LOGIN, True),
            Column("naam", TEXT, True),
            Column("email", EMAIL),
            Column("telefoon", TEXT),
            Column("leerlingnummer", PUPIL, True),
        ),
        _kind(
            "rooster",
            "Rooster",
            ("leerlingnummer", "dag", "vanaf"),
            Column("leerlingnummer", PUPIL, True),
            Column("dag", WEEKDAY, True),
            Column("verwacht", TIME, True),
            Column("vanaf", DATE),
            Column("tot", DATE),
        ),
        _kind(
            "aanwezigheid",
            "Aanwezigheid",
            ("leerlingnummer", "datum"),
            Column("leerlingnummer", PUPIL, True),
            Column("datum", DATE, True),
            Column("verwacht", TIME),
            Column("binnen", TIME),
            Column("klaar", TIME),
            Column("afgemeld", YES_NO),
            Column("reden", TEXT),
            Column("opmerking", TEXT),
        ),
        _kind(
            "huiswerk",
            "Huiswerk",
            _AGENDA_KEY,
            Column("leerlingnummer", PUPIL, True),
            Column("datum", DATE, True),
            Column("vak", TEXT, True),
            Column("soort", KIND, True),
            Column("omschrijving", TEXT, True),
            Column("opmerking", TEXT),
            Column("afgetekend_door", INITIALS),
            Column("afgetekend_op", TIMESTAMP),
        ),
        _kind(
            "cijfers",
            "Cijfers",
            _AGENDA_KEY,
            Column("leerlingnummer", PUPIL, True),
            Column("datum", DATE, True),
            Column("vak", TEXT, True),
            Column("soort", TEST_KIND, True),
            Column("omschrijving", TEXT, True),
            Column("cijfer", GRADE),
            Column("weging", WEIGHT),
        ),
        _kind(
            "logboek",
            "Logboek",
            ("leerlingnummer", "datum", "auteur", "tekst"),
            Column("leerlingnummer", PUPIL, True),
            Column("datum", DATE, True),
            Column("auteur", TEXT, True),
            Column("tekst", TEXT, True),
        ),
    )
}


def header_key(name: str) -> str:
    """The form in which header names are compared: 'Afgetekend door' → 'afgetekenddoor'."""
    return re.sub(r"[\s_\-]+", "", str(name).strip().strip('"').lower())


def match_header(kind: Kind, name: str) -> str | None:
    """Return the contract's column name for a header cell, or None when unknown."""
    wanted = header_key(name)
    return next((column for column in kind.names if header_key(column) == wanted), None)


def detect(headers: list[str]) -> Kind | None:
    """Return the one kind whose required columns the headers hold and that matches
    most of them; None when no kind or more than one fits equally well."""
    fitting = []
    for kind in KINDS.values():
        matched = {match_header(kind, header) for header in headers} - {None}
        if set(kind.required) <= matched:
            fitting.append((len(matched), kind))
    if not fitting:
        return None
    fitting.sort(key=lambda pair: -pair[0])
    if len(fitting) > 1 and fitting[0][0] == fitting[1][0]:
        return None
    return fitting[0][1]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file, as the user reads it.

    `line` is the line of the file (the header is line 1; a spreadsheet's row
    number), None for the file as a whole; `column` is the header as the file
    spells it.
    """

    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"regel {self.line}")
        if self.column:
            parts.append(f"kolom {self.column}")
        if self.value not in (None, ""):
            parts.append(f"waarde '{self.value}'")
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message
