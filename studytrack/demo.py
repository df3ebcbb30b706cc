"""The demo institute: a deterministic, realistic StudyTrack database (product.md §7).

`build` fills an empty database with "Huiswerkinstituut De Leerboom": locations,
staff, mentors, families, weekly schedules, attendance up to this very minute,
homework and tests, and logbook notes. Everything follows from the seed and
`clock.now()`. The small demo (40 pupils) is what the app starts on; with
`students=5000, years=3` it is the fifty-location chain the benchmarks use.

Big tables are generated as numpy arrays (one row per pupil and day, or per agenda
item) and written with bulk `INSERT … SELECT` from registered DataFrames, in
(pupil_id, day) order so the tables are well clustered. That bulk path is
DuckDB-only and kept in this module (product.md §9).
"""

import logging
import random
import string
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from studytrack import accounts, clock, db, nl
from studytrack.errors import InvalidInput
from studytrack.kinds import ALL_KINDS, TEST_KINDS

log = logging.getLogger(__name__)

PASSWORD = "demo-studytrack"
INSTITUTE_NAME = "Huiswerkinstituut De Leerboom"
FIRST_NUMBER = 100001
PUPILS_PER_LOCATION = 100
FUTURE_DAYS = 21
MIN_HISTORY_DAYS = 91
CLOSING_TIME = 18 * 60
EPOCH = date(1970, 1, 1).toordinal()

# --- names, places and words ---------------------------------------------------------

GIRLS = (
    "Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Yara", "Eva",
    "Liv", "Saar", "Anna", "Evi", "Noor", "Lotte", "Fenna", "Isa", "Lieke", "Sanne",
    "Anaïs", "Eliën", "Inés", "Chloë", "Joëlle", "Maëlle", "Amira", "Aylin", "Elif",
    "Fleur", "Roos", "Femke", "Jasmijn", "Merel", "Lynn", "Nina",
)  # fmt: skip
BOYS = (
    "Noah", "Sem", "Liam", "Lucas", "Daan", "Finn", "Levi", "Luuk", "Mees", "Bram",
    "Thijs", "Jesse", "Milan", "Ruben", "Sven", "Stijn", "Thomas", "Noël", "Daniël",
    "Raphaël", "Mohammed", "Yusuf", "Rayan", "Adam", "Ilias", "Joep", "Teun", "Gijs",
    "Jens", "Siem", "Hugo", "Olivier", "Timo", "Koen", "Niels", "Job",
)  # fmt: skip
ADULTS = (
    "Marieke", "Sandra", "Esther", "Linda", "Ingrid", "Mariëlle", "Hélène", "Anouk",
    "Karin", "Petra", "Fatma", "Nadia", "Saskia", "Monique", "Ilse", "Judith", "Renée",
    "Miriam", "Mark", "Jeroen", "Peter", "Martijn", "Bas", "René", "Erik", "Ahmed",
    "Hasan", "Dennis", "Sander", "Joost", "Rob", "Michiel", "Frank", "Arjen",
)  # fmt: skip
SURNAMES = (
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"),
    ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"),
    ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"),
    ("de", "Wit"), ("", "Dijkstra"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("de", "Haan"), ("", "Vermeulen"),
    ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"),
    ("de", "Bruijn"), ("de", "Jong"), ("ter", "Horst"), ("ter", "Haar"),
    ("van", "Beek"), ("", "Hoekstra"), ("", "Kuipers"), ("", "Verbeek"),
    ("", "Postma"), ("van", "Wijk"), ("", "Huisman"), ("ten", "Cate"),
    ("", "Yılmaz"), ("", "Öztürk"), ("", "Çelik"), ("", "Bouzid"), ("", "El Idrissi"),
    ("", "Nguyen"), ("", "Schouten"),
)  # fmt: skip
STREETS = (
    "Lindelaan", "Kastanjelaan", "Molenweg", "Kerkstraat", "Julianastraat",
    "Beatrixlaan", "Vondellaan", "Rembrandtlaan", "Spoorstraat", "Parkweg",
    "Wilhelminastraat", "Schoolstraat", "Van Goghstraat", "Händelstraat",
    "Merelstraat", "Zonnebloemstraat", "Oranjelaan", "Brugstraat", "Esdoornhof",
    "Prinses Irenestraat",
)  # fmt: skip
# (location name, town for addresses); the first two are the small demo's.
LOCATIONS = (
    ("Centrum", "Utrecht"), ("Oost", "Utrecht"), ("Amersfoort", "Amersfoort"),
    ("Zeist", "Zeist"), ("Houten", "Houten"), ("Nieuwegein", "Nieuwegein"),
    ("Leidsche Rijn", "Utrecht"), ("Overvecht", "Utrecht"), ("Hilversum", "Hilversum"),
    ("Bussum", "Bussum"), ("Almere", "Almere"), ("Lelystad", "Lelystad"),
    ("Zwolle", "Zwolle"), ("Deventer", "Deventer"), ("Apeldoorn", "Apeldoorn"),
    ("Arnhem", "Arnhem"), ("Nijmegen", "Nijmegen"), ("Ede", "Ede"),
    ("Wageningen", "Wageningen"), ("Veenendaal", "Veenendaal"), ("Gouda", "Gouda"),
    ("Woerden", "Woerden"), ("Leiden", "Leiden"), ("Haarlem", "Haarlem"),
    ("Amstelveen", "Amstelveen"), ("Amsterdam-Noord", "Amsterdam"),
    ("De Pijp", "Amsterdam"), ("Zaandam", "Zaandam"), ("Alkmaar", "Alkmaar"),
    ("Hoorn", "Hoorn"), ("Purmerend", "Purmerend"), ("Delft", "Delft"),
    ("Rijswijk", "Rijswijk"), ("Scheveningen", "Den Haag"),
    ("Zoetermeer", "Zoetermeer"), ("Kralingen", "Rotterdam"),
    ("Hillegersberg", "Rotterdam"), ("Dordrecht", "Dordrecht"), ("Breda", "Breda"),
    ("Tilburg", "Tilburg"), ("'s-Hertogenbosch", "'s-Hertogenbosch"),
    ("Eindhoven", "Eindhoven"), ("Helmond", "Helmond"), ("Venlo", "Venlo"),
    ("Maastricht", "Maastricht"), ("Roermond", "Roermond"), ("Groningen", "Groningen"),
    ("Leeuwarden", "Leeuwarden"), ("Assen", "Assen"), ("Middelburg", "Middelburg"),
)  # fmt: skip
SCHOOLS = (
    "Stedelijk Gymnasium", "Christelijk Lyceum", "Het Nieuwe Lyceum",
    "Openbaar Lyceum", "Montessori College", "Sint-Maartenscollege", "Het Element",
    "Revius Lyceum", "College De Brink", "Trivium College",
)  # fmt: skip
SUBJECTS = (
    "Wiskunde", "Nederlands", "Engels", "Frans", "Duits", "Geschiedenis", "Biologie",
    "Natuurkunde", "Scheikunde", "Economie", "Aardrijkskunde",
)  # fmt: skip
CORE_SUBJECTS = 3  # Wiskunde, Nederlands and Engels: every pupil takes them
SUBJECTS_PER_PUPIL = 8
LANGUAGES = frozenset({"Nederlands", "Engels", "Frans", "Duits"})

# The first are for the small demo's contract; further staff get generated names.
STAFF_NAMES = ("Annelies Brouwer", "Coen Dekker", "Esra Fidan")
MENTOR_NAMES = ("Jeroen van der Meer", "Sanne de Groot")
ADMIN_NAME = "Fatima El Amrani"
EMAIL_DOMAINS = {"ouder": "voorbeeld.nl", "leerling": "leerling.voorbeeld.nl"}

ABSENCE_REASONS = (
    "ziek", "tandarts", "schoolreis", "familiebezoek", "huisarts", "orthodontist",
    "sportwedstrijd", None,
)  # fmt: skip
ABSENCE_WEIGHTS = (0.46, 0.1, 0.07, 0.09, 0.06, 0.06, 0.06, 0.1)
PLANNED_REASONS = ("tandarts", "schoolreis", "familiebezoek", "orthodontist")
REMARKS = (
    "komt later, tandarts", "komt later, orthodontist", "komt later, 8e uur",
    "gaat eerder weg, sporttraining", "gaat eerder weg, muziekles",
    "agenda vergeten", "laptop vergeten; op papier gewerkt",
)  # fmt: skip
COMES_LATER = 3  # the first three remarks move the day's expected time
LEAVES_EARLY = (3, 4)
COMMENTS = (
    "Goed voorbereid.", "Woordjes nog een keer overhoren.",
    "Nog niet af; morgen verder.", "Samen de lastige opgaven doorgenomen.",
    "Netjes gemaakt.", "Boek vergeten mee te nemen.",
    "Vraag voor de docent opgeschreven.", "Uitleg nodig gehad bij de theorie.",
    "Heeft extra geoefend.", "Overhoord: ging goed.",
)  # fmt: skip
# {0} a subject, {1} the pupil's first name.
NOTES = (
    "{1} werkte geconcentreerd en plande het huiswerk zelf.",
    "Had moeite met {0}; samen de opgaven doorgenomen.",
    "Goed voorbereid op de toets {0}.",
    "Planning voor de komende toetsen gemaakt.",
    "{1} was vandaag onrustig en had moeite zich te concentreren.",
    "Agenda was niet bijgewerkt; afgesproken dat {1} die dagelijks invult.",
    "Extra aandacht voor {0}: begrippen en woordjes overhoord.",
    "Gesprek over motivatie; {1} wil het cijfer voor {0} ophalen.",
    "Mooie vooruitgang bij {0}.",
    "Huiswerk voor {0} niet gemaakt; morgen inhalen.",
    "Contact gehad met de mentor over {0}.",
    "{1} hielp een medeleerling met {0}.",
)
# Descriptions: {0} chapter, {1} paragraph, {2}-{3} exercises.
HOMEWORK = {
    "Wiskunde": ("Par. {0}.{1} opgaven {2}-{3}", "H{0} diagnostische toets maken"),
    "Nederlands": ("Spelling H{0} oefeningen {2}-{3}", "Leesboek: hoofdstuk {1} lezen"),
    "Engels": ("Woordjes H{0}", "Grammar {0}.{1} exercises {2}-{3}"),
    "Frans": ("Woordjes H{0}", "Werkwoorden H{0} leren", "Par. {0}.{1} oef. {2}-{3}"),
    "Duits": ("Woordjes H{0}", "Naamvallen H{0} oefeningen {2}-{3}"),
    "Geschiedenis": ("Par. {0}.{1} lezen + vragen {2}-{3}", "H{0} samenvatting maken"),
    "Biologie": ("Thema {0} basisstof {1}", "Thema {0} opdrachten {2}-{3}"),
    "Natuurkunde": ("H{0} opgaven {2}-{3}", "Par. {0}.{1} formules leren"),
    "Scheikunde": ("H{0} par. {1} opgaven {2}-{3}", "Reactievergelijkingen H{0}"),
    "Economie": ("H{0} lezen en opdrachten {2}-{3}", "Begrippen H{0} leren"),
    "Aardrijkskunde": ("Par. {0}.{1} + atlasopdracht", "H{0} opdrachten {2}-{3}"),
}
EXTRA_WORK = ("Extra oefenen par. {0}.{1}", "Oefentoets H{0}", "Herhaling H{0}")
# Test descriptions leave out the kind: screens show "Wiskunde SO H4".
TESTS = {
    "SO": ("H{0}", "Par. {0}.{1}"),
    "proefwerk": ("H{0}",),
    "mondeling": ("H{0}", "Leesboek"),
    "presentatie": ("H{0}", "Werkstuk"),
    "opdracht": ("Praktische opdracht H{0}", "Verslag H{0}"),
    "overhoring": ("Par. {0}.{1}", "Begrippen H{0}"),
}
LANGUAGE_TESTS = {"SO": ("Woordjes H{0}",), "overhoring": ("Woordjes H{0}",)}
TEST_WEIGHTS = {  # kind: possible weights
    "SO": (1,), "proefwerk": (2, 3), "mondeling": (1, 2), "presentatie": (2,),
    "opdracht": (1, 2), "overhoring": (1,),
}  # fmt: skip
TEST_SHARES = (0.35, 0.25, 0.08, 0.07, 0.1, 0.15)  # in the order of TEST_KINDS
TEST_SHARE = 0.2
EXTRA_WORK_SHARE = 0.12

# --- bulk inserts: the day, time and timestamp columns arrive as whole numbers --------

_DAY = "DATE '1970-01-01' + CAST({0} AS INTEGER)"
_TIME = "TIME '00:00:00' + to_minutes({0})"
_MOMENT = "TIMESTAMP '1970-01-01 00:00:00' + to_minutes({0})"

SCHEDULES_SQL = f"""INSERT INTO schedules
    SELECT pupil_id, weekday, {_TIME.format("expected_at")},
           {_DAY.format("valid_from")}, {_DAY.format("valid_to")}
    FROM demo_rows"""  # noqa: S608 -- constant SQL fragments only
ATTENDANCE_SQL = f"""INSERT INTO attendance
    SELECT pupil_id, {_DAY.format("day")}, {_TIME.format("expected_at")},
           {_TIME.format("arrived_at")}, {_TIME.format("left_at")}, absent,
           absent_reason, remark, updated_by, {_MOMENT.format("updated_at")}
    FROM demo_rows"""  # noqa: S608 -- constant SQL fragments only
AGENDA_SQL = f"""INSERT INTO agenda_items
    SELECT id, pupil_id, {_DAY.format("day")}, subject, kind,
           format(CAST(template AS VARCHAR), chapter, paragraph, first_exercise,
                  last_exercise),
           comment, signed_off_by, {_MOMENT.format("signed_off_at")},
           CAST(grade_tenths / 10 AS DECIMAL(3, 1)), weight, created_by,
           {_MOMENT.format("created_at")}, updated_by, {_MOMENT.format("updated_at")}
    FROM demo_rows"""  # noqa: S608 -- constant SQL fragments only
LOGBOOK_SQL = f"""INSERT INTO logbook
    SELECT id, pupil_id, {_DAY.format("day")}, author,
           format(CAST(template AS VARCHAR), CAST(subject AS VARCHAR),
                  CAST(first_name AS VARCHAR)),
           created_by, {_MOMENT.format("created_at")}, NULL, NULL
    FROM demo_rows"""  # noqa: S608 -- constant SQL fragments only


@dataclass(frozen=True)
class Summary:
    """What a demo build made: row counts and the period it covers."""

    locations: int
    pupils: int
    accounts: int
    schedules: int
    attendance: int
    agenda_items: int
    logbook: int
    first_day: date
    last_day: date


@dataclass(frozen=True)
class Period:
    """The demo's time span: history from 1 September up to now, and a bit of future."""

    first: date
    now: datetime
    last: date
    school_years: tuple[tuple[date, date], ...]  # 1 September .. last school day

    @property
    def today(self) -> date:
        return self.now.date()

    @classmethod
    def ending_at(cls, now: datetime, years: int) -> "Period":
        """The `years` school years up to `now`, with at least ~3 months of history."""
        today = now.date()
        start_year = today.year if today.month >= 9 else today.year - 1
        if (today - date(start_year, 9, 1)).days < MIN_HISTORY_DAYS:
            start_year -= 1
        first = date(start_year - (years - 1), 9, 1)
        last = today + timedelta(days=FUTURE_DAYS)
        school_years = tuple(
            (date(year, 9, 1), last_school_day(year + 1))
            for year in range(first.year, last.year + 1)
            if date(year, 9, 1) <= last
        )
        return cls(first, now, last, school_years)


def last_school_day(year: int) -> date:
    """The Friday on or before 17 July: the summer holidays start after it."""
    day = date(year, 7, 17)
    return day - timedelta(days=(day.weekday() - 4) % 7)


@dataclass(frozen=True)
class Staff:
    """A supervisor (begeleider) of the demo, with the locations they work at."""

    login: str
    name: str
    initials: str
    locations: tuple[int, ...]


# --- the build -----------------------------------------------------------------------


def build(
    con: db.Connection, students: int = 40, years: int = 1, seed: int = 2026
) -> Summary:
    """Fill an empty database with the demo institute, in one transaction.

    Deterministic for a given seed and clock.now(); refuses a database that already
    has pupils or accounts. Returns a Summary of what was made.
    """
    _check_size(students, years)
    period = Period.ending_at(clock.now(), years)
    tables = generate(students, seed, period)
    password_hash = accounts.hash_password(PASSWORD)
    tables["accounts"]["password_hash"] = password_hash

    with db.transaction(con) as cur:
        _refuse_unless_empty(cur)
        _write(cur, tables)
    summary = _summary(tables, period)
    log.info(
        "demo built: %s pupils, %s attendance rows, %s agenda items",
        summary.pupils,
        summary.attendance,
        summary.agenda_items,
    )
    return summary


def _check_size(students: int, years: int) -> None:
    if not 3 <= students <= 100_000:
        raise InvalidInput("Kies voor de demo 3 tot 100.000 leerlingen.")
    if not 1 <= years <= 10:
        raise InvalidInput("Kies voor de demo 1 tot 10 schooljaren.")


def _refuse_unless_empty(cur: db.Connection) -> None:
    pupils = cur.execute("SELECT count(*) FROM pupils").fetchone()[0]
    users = cur.execute("SELECT count(*) FROM accounts").fetchone()[0]
    if pupils or users:
        raise InvalidInput(
            "De database bevat al leerlingen of accounts; de demo vult alleen een "
            "lege database. Kies een nieuw bestand met STUDYTRACK_DB."
        )


def generate(students: int, seed: int, period: Period) -> dict[str, pd.DataFrame]:
    """Generate every demo table as a DataFrame, in insert order (no database)."""
    staff = _staff(_location_count(students))
    pupils, families = _pupils(students, seed, period)
    traits = _traits(students, seed)
    schedules = _schedules(students, seed, period)
    days = _scheduled_days(schedules, period)
    days = days.join(_day_events(days, traits, period, _rng(seed, 5)))
    supervisors = Supervisors.of(staff, pupils)
    return {
        "locations": _locations(_location_count(students)),
        "pupils": pupils,
        "accounts": _accounts(staff, families, pupils, period),
        "account_locations": _account_locations(staff),
        "account_pupils": _account_pupils(staff, families, students),
        "schedules": schedules,
        "attendance": _attendance(days, supervisors, families, seed, period),
        "agenda_items": _agenda_items(days, traits, supervisors, seed, period),
        "logbook": _logbook(days, traits, pupils, supervisors, seed, period),
    }


def _rng(seed: int, part: int) -> np.random.Generator:
    """An independent random stream per part of the demo, so parts do not shift."""
    return np.random.default_rng([seed, part])


def _write(cur: db.Connection, tables: dict) -> None:
    cur.execute(
        "UPDATE settings SET value = ? WHERE key = 'institute_name'", [INSTITUTE_NAME]
    )
    for table in (
        "locations",
        "pupils",
        "accounts",
        "account_locations",
        "account_pupils",
    ):
        _insert_plain(cur, table, tables[table])
    _insert_bulk(cur, SCHEDULES_SQL, tables["schedules"])
    _insert_bulk(cur, ATTENDANCE_SQL, tables["attendance"])
    _insert_bulk(cur, AGENDA_SQL, tables["agenda_items"])
    _insert_bulk(cur, LOGBOOK_SQL, tables["logbook"])
    for sequence, table in (
        ("location_ids", "locations"),
        ("pupil_ids", "pupils"),
        ("account_ids", "accounts"),
        ("agenda_item_ids", "agenda_items"),
        ("logbook_ids", "logbook"),
    ):
        _advance(cur, sequence, len(tables[table]))


def _insert_plain(cur: db.Connection, table: str, frame: pd.DataFrame) -> None:
    columns = ", ".join(frame.columns)
    _insert_bulk(
        cur,
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM demo_rows",  # noqa: S608 -- table and column names from this module
        frame,
    )


def _insert_bulk(cur: db.Connection, sql: str, frame: pd.DataFrame) -> None:
    # On failure the transaction and this cursor (with the registration) go together.
    cur.register("demo_rows", frame)
    cur.execute(sql)
    cur.unregister("demo_rows")


def _advance(cur: db.Connection, sequence: str, used: int) -> None:
    """Move a sequence past the ids the demo wrote itself (ids 1..used)."""
    if used:
        cur.execute("SELECT max(nextval(?)) FROM range(?)", [sequence, used])


def _summary(tables: dict, period: Period) -> Summary:
    return Summary(
        locations=len(tables["locations"]),
        pupils=len(tables["pupils"]),
        accounts=len(tables["accounts"]),
        schedules=len(tables["schedules"]),
        attendance=len(tables["attendance"]),
        agenda_items=len(tables["agenda_items"]),
        logbook=len(tables["logbook"]),
        first_day=period.first,
        last_day=period.last,
    )


# --- locations, staff and accounts -----------------------------------------------------


def _location_count(students: int) -> int:
    return max(2, min(len(LOCATIONS), round(students / PUPILS_PER_LOCATION)))


def _locations(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": np.arange(1, count + 1, dtype=np.int32),
            "name": [name for name, _ in LOCATIONS[:count]],
        }
    )


def _staff(locations: int) -> list[Staff]:
    """begeleider1 at Centrum, 2 at Oost, 3 at both; two more per further location."""
    staff = [
        Staff("begeleider1", STAFF_NAMES[0], "AB", (0,)),
        Staff("begeleider2", STAFF_NAMES[1], "CD", (1,)),
        Staff("begeleider3", STAFF_NAMES[2], "EF", (0, 1)),
    ]
    names = random.Random(f"staff-{locations}")
    taken = {member.initials for member in staff}
    used = set(STAFF_NAMES) | set(MENTOR_NAMES) | {ADMIN_NAME}
    for location in range(2, locations):
        for _ in range(2):
            name = _new_name(names, used)
            initials = _unique_initials(name, taken)
            staff.append(
                Staff(f"begeleider{len(staff) + 1}", name, initials, (location,))
            )
    return staff


def _new_name(names: random.Random, used: set[str]) -> str:
    """A grown-up's name not used before in this demo."""
    while True:
        name = f"{names.choice(ADULTS)} {_surname(*names.choice(SURNAMES))}"
        if name not in used:
            used.add(name)
            return name


def _unique_initials(name: str, taken: set[str]) -> str:
    """Initials from first name and surname, with a third letter when taken."""
    parts = [_ascii(part) for part in name.split() if part[0].isupper()]
    base = (parts[0][0] + parts[-1][0]).upper()
    letters = string.ascii_uppercase
    candidates = (
        [base]
        + [base + a for a in letters]
        + [base + a + b for a in letters for b in letters]
    )
    initials = next(candidate for candidate in candidates if candidate not in taken)
    taken.add(initials)
    return initials


@dataclass(frozen=True)
class Supervisors:
    """The begeleiders as arrays, to pick one of a pupil's location per generated row."""

    logins: np.ndarray
    initials: np.ndarray
    names: np.ndarray
    per_location: np.ndarray  # (locations, 2): the two supervisors of each location
    location_of: np.ndarray  # per pupil index: location index

    @classmethod
    def of(cls, staff: list[Staff], pupils: pd.DataFrame) -> "Supervisors":
        location_of = pupils["location_id"].to_numpy() - 1
        per_location = np.zeros((location_of.max() + 1, 2), dtype=np.int32)
        filled = np.zeros(len(per_location), dtype=np.int32)
        for index, member in enumerate(staff):
            for location in member.locations:
                per_location[location, filled[location]] = index
                filled[location] += 1
        return cls(
            np.array([member.login for member in staff]),
            np.array([member.initials for member in staff]),
            np.array([member.name for member in staff]),
            per_location,
            location_of,
        )

    def pick(self, pupil: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """For each row's pupil, the index of one of the location's supervisors."""
        return self.per_location[
            self.location_of[pupil], rng.integers(0, 2, len(pupil))
        ]


def _mentor_of(pupil_index: int) -> int:
    """Two mentors share every hundred pupils, alternating (mentor1 and mentor2 first)."""
    return 2 * (pupil_index // PUPILS_PER_LOCATION) + pupil_index % 2


def _accounts(staff, families, pupils: pd.DataFrame, period: Period) -> pd.DataFrame:
    """beheerder, the begeleiders, the mentors, one ouder per family and leerling1."""
    mentors = _mentor_count(len(pupils))
    mentor_names = random.Random(f"mentors-{mentors}")
    used = {member.name for member in staff} | set(MENTOR_NAMES) | {ADMIN_NAME}
    rows = [("beheerder", ADMIN_NAME, "beheerder", None)]
    rows += [(m.login, m.name, "begeleider", m.initials) for m in staff]
    for index in range(mentors):
        if index < len(MENTOR_NAMES):
            name = MENTOR_NAMES[index]
        else:
            name = _new_name(mentor_names, used)
        rows.append((f"mentor{index + 1}", name, "mentor", None))
    rows += [
        (f"ouder{i + 1}", f["parent"], "ouder", None) for i, f in enumerate(families)
    ]
    first_child = pupils.iloc[families[0]["children"][0]]
    rows.append(("leerling1", _full_name(first_child), "leerling", None))

    frame = pd.DataFrame(rows, columns=["login", "name", "role", "initials"])
    frame.insert(0, "id", np.arange(1, len(frame) + 1, dtype=np.int32))
    frame["email"] = [
        _email(name, EMAIL_DOMAINS.get(role, "deleerboom.nl"))
        for name, role in zip(frame["name"], frame["role"], strict=True)
    ]
    frame["phone"] = _account_phones(frame, families)
    frame["must_change_password"] = False
    frame["active"] = True
    frame["created_at"] = datetime.combine(period.first, datetime.min.time())
    return frame


def _mentor_count(students: int) -> int:
    return max(2, _mentor_of(students - 1) + 1)


def _account_phones(frame: pd.DataFrame, families) -> list[str | None]:
    phones = {f"ouder{i + 1}": family["phone"] for i, family in enumerate(families)}
    return [phones.get(login) for login in frame["login"]]


def _account_locations(staff: list[Staff]) -> pd.DataFrame:
    rows = [
        (index + 2, location + 1)  # account 1 is the beheerder
        for index, member in enumerate(staff)
        for location in member.locations
    ]
    return pd.DataFrame(rows, columns=["account_id", "location_id"], dtype=np.int32)


def _account_pupils(staff, families, students: int) -> pd.DataFrame:
    """Parents with their children, mentors with their pupils, leerling1 with itself."""
    first_mentor = len(staff) + 2  # after the beheerder and the begeleiders
    first_parent = first_mentor + _mentor_count(students)
    rows = [(first_mentor + _mentor_of(index), index + 1) for index in range(students)]
    for number, family in enumerate(families):
        rows += [(first_parent + number, child + 1) for child in family["children"]]
    rows.append((first_parent + len(families), families[0]["children"][0] + 1))
    frame = pd.DataFrame(rows, columns=["account_id", "pupil_id"], dtype=np.int32)
    return frame.sort_values(["account_id", "pupil_id"], ignore_index=True)


# --- pupils and families ----------------------------------------------------------------


def _pupils(students: int, seed: int, period: Period):
    """Return (pupils frame, families) with families as dicts of parent and children.

    Pupils of one location have consecutive ids; ouder1's two children come first
    at Centrum and ouder2's one child first at Oost.
    """
    names = random.Random(f"{seed}-pupils")
    locations = _location_count(students)
    location_of = [index * locations // students for index in range(students)]
    schools = {location: names.sample(SCHOOLS, 4) for location in range(locations)}
    families, rows = [], []
    for members in _family_members(location_of, names):
        family = _family(members, location_of[members[0]], names)
        for child, first in zip(
            members, _first_names(len(members), names), strict=True
        ):
            rows.append(_pupil(child, first, family, schools, names, period))
        families.append(family)
    families = _contract_order(families, location_of)
    return pd.DataFrame(rows), families


def _family_members(location_of: list[int], names: random.Random) -> list[list[int]]:
    """Group consecutive pupils of a location into families of one to three children."""
    families, index = [], 0
    while index < len(location_of):
        location = location_of[index]
        room = sum(1 for other in location_of[index : index + 3] if other == location)
        first_of_location = index == 0 or location_of[index - 1] != location
        if first_of_location and location in (0, 1):
            size = 2 - location  # ouder1: two children; ouder2: one
        else:
            draw = names.random()
            size = 3 if draw < 0.03 else 2 if draw < 0.25 else 1
        size = min(size, room)
        families.append(list(range(index, index + size)))
        index += size
    return families


def _contract_order(families: list[dict], location_of: list[int]) -> list[dict]:
    """ouder1 is Centrum's first family, ouder2 Oost's first; the rest in pupil order."""
    oost = next(i for i, f in enumerate(families) if location_of[f["children"][0]] == 1)
    return [families[0], families[oost]] + [
        family for i, family in enumerate(families) if i not in (0, oost)
    ]


def _family(members: list[int], location: int, names: random.Random) -> dict:
    infix, last = names.choice(SURNAMES)
    town = LOCATIONS[location][1]
    if names.random() < 0.3:
        parent_surname = _surname(*names.choice(SURNAMES))
    else:
        parent_surname = _surname(infix, last)
    return {
        "children": members,
        "location": location,
        "infix": infix or None,
        "last": last,
        "parent": f"{names.choice(ADULTS)} {parent_surname}",
        "phone": _phone(names),
        "address": f"{names.choice(STREETS)} {names.randint(1, 180)}, "
        f"{names.randint(1011, 9999)} {_postcode_letters(names)} {town}",
    }


def _first_names(count: int, names: random.Random) -> list[str]:
    """Different first names for the children of one family."""
    chosen: list[str] = []
    while len(chosen) < count:
        first = names.choice(GIRLS if names.random() < 0.5 else BOYS)
        if first not in chosen:
            chosen.append(first)
    return chosen


def _pupil(index, first, family, schools, names: random.Random, period) -> dict:
    location = family["location"]
    school = names.choice(schools[location])
    level = "v" if "Gymnasium" in school else names.choice("mhhvv")
    year = names.randint(1, {"m": 4, "h": 5, "v": 6}[level])
    school_year = period.school_years[-1][0].year
    born = date(school_year - 11 - year, 9, 1) - timedelta(days=names.randint(0, 364))
    full = _surname(family["infix"], family["last"])
    focus = names.sample(SUBJECTS[:9], names.choice((0, 1, 1, 2, 2, 3)))
    return {
        "id": index + 1,
        "number": str(FIRST_NUMBER + index),
        "first_name": first,
        "infix": family["infix"],
        "last_name": family["last"],
        "location_id": location + 1,
        "school": school,
        "class_name": f"{level}{year}{names.choice('abcd')}",
        "birth_date": born,
        "phone": _phone(names),
        "email": _email(f"{first} {full}", EMAIL_DOMAINS["leerling"]),
        "address": family["address"],
        "focus_subjects": ", ".join(sorted(focus)) or None,
        "active": True,
        "updated_by": "beheerder",
        "updated_at": datetime.combine(period.first, datetime.min.time()),
    }


def _surname(infix: str | None, last: str) -> str:
    return f"{infix} {last}" if infix else last


def _full_name(pupil: pd.Series) -> str:
    infix = pupil["infix"] if pd.notna(pupil["infix"]) else None
    return nl.full_name(pupil["first_name"], infix, pupil["last_name"])


def _phone(names: random.Random) -> str:
    return f"06-{names.randint(10_000_000, 99_999_999)}"


def _postcode_letters(names: random.Random) -> str:
    letters = "ABCEGHJKLMNPRTVWXZ"
    return names.choice(letters) + names.choice(letters)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _email(name: str, domain: str) -> str:
    parts = _ascii(name).lower().replace("'", "").replace("ı", "i").split()
    return f"{parts[0]}.{''.join(parts[1:])}@{domain}"


# --- what each pupil is like ------------------------------------------------------------


@dataclass(frozen=True)
class Traits:
    """Per pupil: how often absent or late, how the grades run, which subjects."""

    absence_rate: np.ndarray
    habitually_late: np.ndarray
    grade_level: np.ndarray
    grade_slope: np.ndarray  # change per school year
    subject_tendency: np.ndarray  # (pupils, SUBJECTS)
    subjects: np.ndarray  # (pupils, SUBJECTS_PER_PUPIL): indexes into SUBJECTS


def _traits(students: int, seed: int) -> Traits:
    rng = _rng(seed, 1)
    band = rng.random(students)
    absence = np.select(
        [band < 0.85, band < 0.95],
        [rng.uniform(0.01, 0.05, students), rng.uniform(0.06, 0.09, students)],
        rng.uniform(0.10, 0.18, students),
    )
    late = rng.random(students) < 0.1
    electives = np.argsort(
        rng.random((students, len(SUBJECTS) - CORE_SUBJECTS)), axis=1
    )
    subjects = np.hstack(
        [
            np.tile(np.arange(CORE_SUBJECTS), (students, 1)),
            electives[:, : SUBJECTS_PER_PUPIL - CORE_SUBJECTS] + CORE_SUBJECTS,
        ]
    )
    return Traits(
        absence_rate=absence,
        habitually_late=late,
        grade_level=rng.normal(6.7, 0.7, students),
        grade_slope=rng.normal(0, 0.3, students) - np.where(late, 0.5, 0),
        subject_tendency=rng.normal(0, 0.6, (students, len(SUBJECTS))),
        subjects=subjects,
    )


# --- schedules and the days they make ---------------------------------------------------


def _schedules(students: int, seed: int, period: Period) -> pd.DataFrame:
    """Weekly schedules per school year; some change once during the year."""
    draws = random.Random(f"{seed}-schedules")
    rows = []
    for pupil in range(students):
        for number, (start, end) in enumerate(period.school_years):
            ongoing = number == len(period.school_years) - 1 and period.last <= end
            segments = _segments(max(start, period.first), end, period.today, draws)
            for index, (valid_from, valid_to) in enumerate(segments):
                if ongoing and index == len(segments) - 1:
                    valid_to = None
                rows += [
                    (pupil + 1, weekday, expected, valid_from, valid_to)
                    for weekday, expected in _week(draws)
                ]
    frame = pd.DataFrame(
        rows, columns=["pupil_id", "weekday", "expected_at", "valid_from", "valid_to"]
    )
    frame["valid_from"] = [day.toordinal() - EPOCH for day in frame["valid_from"]]
    frame["valid_to"] = pd.array(
        [None if day is None else day.toordinal() - EPOCH for day in frame["valid_to"]],
        dtype="Int32",
    )
    return frame


def _segments(start: date, end: date, today: date, draws: random.Random):
    """One schedule for the school year, or two when it changes on a Monday."""
    earliest = start + timedelta(days=35)
    latest = min(end, today) - timedelta(days=14)
    if latest <= earliest or draws.random() >= 0.3:
        return [(start, end)]
    change = earliest + timedelta(days=draws.randint(0, (latest - earliest).days))
    change -= timedelta(days=change.weekday())
    return [(start, change - timedelta(days=1)), (change, end)]


def _week(draws: random.Random) -> list[tuple[int, int]]:
    """2 to 5 weekdays, each with an expected time between 13:00 and 15:30."""
    count = draws.choices((2, 3, 4, 5), weights=(0.2, 0.35, 0.3, 0.15))[0]
    usual = 13 * 60 + 15 * draws.randint(0, 10)
    return [
        (
            weekday,
            min(max(usual + 15 * draws.choice((-2, -1, 0, 0, 0, 1, 2)), 780), 930),
        )
        for weekday in sorted(draws.sample(range(1, 6), count))
    ]


def _scheduled_days(schedules: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Every (pupil, day) a schedule expects, in pupil and day order (day: ordinal)."""
    calendar = np.arange(period.first.toordinal(), period.last.toordinal() + 1)
    weekday_of = (calendar - 1) % 7 + 1
    valid_to = schedules["valid_to"].fillna(period.last.toordinal() - EPOCH)
    parts = []
    for weekday in range(1, 8):
        chosen = (schedules["weekday"] == weekday).to_numpy()
        dates = calendar[weekday_of == weekday]
        low = np.searchsorted(dates, schedules["valid_from"].to_numpy()[chosen] + EPOCH)
        high = np.searchsorted(dates, valid_to.to_numpy()[chosen] + EPOCH, side="right")
        count = np.maximum(high - low, 0)
        row = np.repeat(np.arange(len(count)), count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        parts.append(
            pd.DataFrame(
                {
                    "pupil": schedules["pupil_id"].to_numpy()[chosen][row] - 1,
                    "day": dates[low[row] + offset],
                    "expected": schedules["expected_at"].to_numpy()[chosen][row],
                }
            )
        )
    days = pd.concat(parts, ignore_index=True)
    order = np.lexsort((days["day"].to_numpy(), days["pupil"].to_numpy()))
    return days.iloc[order].reset_index(drop=True)


def _day_events(days, traits: Traits, period: Period, rng) -> pd.DataFrame:
    """What happened on each day: afgemeld, remark, arrival and leaving (-1: not so).

    Past days are complete; today is filled as far as clock.now(); later days only
    carry afmeldingen and remarks given in advance.
    """
    pupil, day = days["pupil"].to_numpy(), days["day"].to_numpy()
    remark = _remarks(day, period, rng)
    comes_later = (remark >= 0) & (remark < COMES_LATER)
    shift = np.where(comes_later, 15 * rng.integers(2, 5, len(day)), 0)
    expected = days["expected"].to_numpy() + shift
    absent, reason = _absences(traits, pupil, day, remark, period, rng)
    arrival = expected + _lateness(traits, pupil, day, period, rng)
    leave = _leaving(arrival, remark, rng)
    arrived, left = _so_far(day, absent, expected, arrival, leave, period, rng)
    return pd.DataFrame(
        {
            "expected_today": expected,
            "absent": absent,
            "reason": np.where(absent, reason, -1),
            "remark": remark,
            "arrival": np.where(arrived, arrival, -1),
            "leave": np.where(left, leave, -1),
        }
    )


def _remarks(day, period: Period, rng) -> np.ndarray:
    """A remark on about one day in thirty (indexes into REMARKS; -1: none).

    Remarks made in advance are about coming later.
    """
    future = day > period.today.toordinal()
    count = len(day)
    remark = np.where(
        future,
        rng.integers(0, COMES_LATER, count),
        rng.integers(0, len(REMARKS), count),
    )
    return np.where(rng.random(count) < np.where(future, 0.01, 0.03), remark, -1)


def _absences(traits: Traits, pupil, day, remark, period: Period, rng):
    """Afgemeld days and their reasons (indexes into ABSENCE_REASONS).

    Each pupil has an absence rate of their own; later days are afgemeld only for
    planned reasons; today always has at least one afmelding.
    """
    today = period.today.toordinal()
    chance = np.where(day > today, 0.01, traits.absence_rate[pupil])
    absent = (remark < 0) & (rng.random(len(day)) < chance)
    open_today = np.flatnonzero((day == today) & (remark < 0))
    if len(open_today) and not absent[open_today].any():
        absent[open_today[rng.integers(0, len(open_today))]] = True
    planned = np.array([ABSENCE_REASONS.index(reason) for reason in PLANNED_REASONS])
    reason = np.where(
        day > today,
        planned[rng.integers(0, len(planned), len(day))],
        rng.choice(len(ABSENCE_REASONS), len(day), p=ABSENCE_WEIGHTS),
    )
    return absent, reason


def _leaving(arrival, remark, rng) -> np.ndarray:
    """Leaving one and a half to three hours after arrival; earlier when remarked."""
    count = len(arrival)
    usual = np.minimum(arrival + 90 + 5 * rng.integers(0, 19, count), CLOSING_TIME)
    early = arrival + 60 + 5 * rng.integers(0, 4, count)
    return np.where(np.isin(remark, LEAVES_EARLY), early, usual)


def _so_far(day, absent, expected, arrival, leave, period: Period, rng):
    """(arrived, left): every past day complete, today as far as now."""
    today = period.today.toordinal()
    now = period.now.hour * 60 + period.now.minute
    waiting = (day == today) & (arrival > now)
    expected_today = np.flatnonzero((day == today) & ~absent)
    if len(expected_today) and now < CLOSING_TIME:
        # About one in seven is not in yet, most likely those expected latest.
        keys = rng.random(len(expected_today)) + (expected[expected_today] - 780) / 150
        latest = np.argsort(-keys, kind="stable")[: max(1, len(expected_today) // 7)]
        waiting[expected_today[latest]] = True
    # Now and then a pupil stays away without anyone saying so (niet gekomen).
    no_show = (day < today) & (rng.random(len(day)) < 0.01)
    arrived = ~absent & (day <= today) & ~waiting & ~no_show
    left = arrived & ((day < today) | (leave <= now))
    return arrived, left


def _lateness(traits: Traits, pupil, day, period: Period, rng) -> np.ndarray:
    """Minutes after the expected time (negative: early); habitual latecomers worsen."""
    first, today = period.first.toordinal(), period.today.toordinal()
    progress = np.clip((day - first) / max(today - first, 1), 0, 1)
    chance = np.where(traits.habitually_late[pupil], 0.12 + 0.45 * progress, 0.04)
    late = rng.random(len(day)) < chance
    minutes = 5 + np.minimum(rng.exponential(12, len(day)), 70).astype(np.int64)
    return np.where(late, minutes, -rng.integers(0, 11, len(day)))


# --- attendance, agenda and logbook rows ------------------------------------------------


def _attendance(days, supervisors: Supervisors, families, seed, period) -> pd.DataFrame:
    """A row for every day with something to say: up to now, and advance notices."""
    rng = _rng(seed, 6)
    noted = days["absent"] | (days["remark"] >= 0) | (days["arrival"] >= 0)
    rows = days[noted.to_numpy()]
    count = len(rows)
    pupil, day = rows["pupil"].to_numpy(), rows["day"].to_numpy()
    today = period.today.toordinal()
    remark, arrival = rows["remark"].to_numpy(), rows["arrival"].to_numpy()
    leave, absent = rows["leave"].to_numpy(), rows["absent"].to_numpy()

    logins = [*supervisors.logins, *(f"ouder{i + 1}" for i in range(len(families)))]
    by_parent = absent & (rng.random(count) < 0.6)
    parent = len(supervisors.logins) + _family_of(
        families, len(supervisors.location_of)
    )
    writer = np.where(by_parent, parent[pupil], supervisors.pick(pupil, rng))

    notice = np.where(
        day > today,
        _minute_of_now(period) - rng.integers(5, 3 * 1440, count),
        _minute_of(day, 450 + rng.integers(0, 240, count)),
    )
    seen = _minute_of(day, np.where(leave >= 0, leave, arrival))
    moment = np.minimum(np.where(arrival >= 0, seen, notice), _minute_of_now(period))
    comes_later = (remark >= 0) & (remark < COMES_LATER)
    reason = rows["reason"].to_numpy()
    return pd.DataFrame(
        {
            "pupil_id": pupil + 1,
            "day": day - EPOCH,
            "expected_at": _maybe(rows["expected_today"], (day <= today) | comes_later),
            "arrived_at": _maybe(arrival, arrival >= 0),
            "left_at": _maybe(leave, leave >= 0),
            "absent": absent,
            "absent_reason": pd.Categorical.from_codes(
                np.where(reason == len(ABSENCE_REASONS) - 1, -1, reason),
                ABSENCE_REASONS[:-1],
            ),
            "remark": pd.Categorical.from_codes(remark, REMARKS),
            "updated_by": pd.Categorical.from_codes(writer, logins),
            "updated_at": moment,
        }
    )


def _agenda_items(days, traits, supervisors: Supervisors, seed, period) -> pd.DataFrame:
    """One to three subjects per scheduled day: homework, extra work and tests."""
    rng = _rng(seed, 7)
    per_day = rng.choice(np.array([1, 2, 3]), len(days), p=[0.3, 0.45, 0.25])
    owner = np.repeat(np.arange(len(days)), per_day)
    pupil, day = days["pupil"].to_numpy()[owner], days["day"].to_numpy()[owner]
    count = len(owner)
    subject = _item_subjects(traits, pupil, per_day, rng)
    kind = _item_kinds(count, rng)
    is_test = kind >= len(ALL_KINDS) - len(TEST_KINDS)

    staff = supervisors.pick(pupil, rng)
    signed, signed_minute = _sign_offs(days, owner, is_test, period, rng)
    signed_at = _minute_of(day, signed_minute)
    created_at = np.minimum(
        _minute_of(day - rng.integers(1, 8, count), 900 + rng.integers(0, 150, count)),
        _minute_of_now(period) - rng.integers(5, 3 * 1440, count),
    )
    comment = np.where(
        (day <= period.today.toordinal()) & (rng.random(count) < 0.06),
        rng.integers(0, len(COMMENTS), count),
        -1,
    )
    frame = pd.DataFrame(
        {
            "id": np.arange(1, count + 1, dtype=np.int64),
            "pupil_id": pupil + 1,
            "day": day - EPOCH,
            "subject": pd.Categorical.from_codes(subject, SUBJECTS),
            "kind": pd.Categorical.from_codes(kind, ALL_KINDS),
        }
    )
    frame = frame.join(_descriptions(subject, kind, day, rng))
    return frame.assign(
        comment=pd.Categorical.from_codes(comment, COMMENTS),
        signed_off_by=pd.Categorical.from_codes(
            np.where(signed, staff, -1), supervisors.initials
        ),
        signed_off_at=_maybe(signed_at, signed),
        grade_tenths=_grades(traits, pupil, subject, day, is_test, period, rng),
        weight=_weights(kind, rng),
        created_by=pd.Categorical.from_codes(staff, supervisors.logins),
        created_at=created_at,
        updated_by=pd.Categorical.from_codes(staff, supervisors.logins),
        updated_at=np.where(signed, signed_at, created_at),
    )


def _item_subjects(traits: Traits, pupil, per_day, rng) -> np.ndarray:
    """Distinct subjects of the pupil's own package for the items of one day."""
    owner = np.repeat(np.arange(len(per_day)), per_day)
    within = np.arange(len(owner)) - np.repeat(np.cumsum(per_day) - per_day, per_day)
    start = rng.integers(0, SUBJECTS_PER_PUPIL, len(per_day))[owner]
    # A step coprime with the package size never repeats a subject within a day.
    step = np.array([1, 3, 5, 7])[rng.integers(0, 4, len(per_day))][owner]
    return traits.subjects[pupil, (start + within * step) % SUBJECTS_PER_PUPIL]


def _item_kinds(count: int, rng) -> np.ndarray:
    """Indexes into ALL_KINDS: mostly huiswerk, some extra werk, one in five a test."""
    homework = (rng.random(count) < EXTRA_WORK_SHARE).astype(np.int64)
    test = (
        len(ALL_KINDS)
        - len(TEST_KINDS)
        + rng.choice(len(TEST_KINDS), count, p=TEST_SHARES)
    )
    return np.where(rng.random(count) < TEST_SHARE, test, homework)


def _weights(kind: np.ndarray, rng) -> np.ndarray:
    choices = np.array(
        [(1, 1)] * (len(ALL_KINDS) - len(TEST_KINDS))
        + [(TEST_WEIGHTS[k][0], TEST_WEIGHTS[k][-1]) for k in TEST_KINDS]
    )
    return choices[kind, rng.integers(0, 2, len(kind))]


def _descriptions(subject, kind, day, rng) -> pd.DataFrame:
    """A template per (subject, kind) and the numbers to fill in: chapter follows the year."""
    patterns, first, options, position = _description_templates()
    option = rng.integers(0, 1 << 20, len(kind)) % options[subject, kind]
    pick = position[first[subject, kind] + option]
    chapter = 1 + np.floor(_school_year_fraction(day) * 8).astype(np.int64)
    first_exercise = rng.integers(1, 31, len(kind))
    return pd.DataFrame(
        {
            "template": pd.Categorical.from_codes(pick, patterns),
            "chapter": np.clip(chapter - rng.integers(0, 2, len(kind)), 1, 9),
            "paragraph": rng.integers(1, 6, len(kind)),
            "first_exercise": first_exercise,
            "last_exercise": first_exercise + rng.integers(3, 10, len(kind)),
        }
    )


def _description_templates():
    """The unique patterns; per (subject, kind) its first option and number of options;
    and per option its place among the unique patterns."""
    patterns: list[str] = []
    first = np.zeros((len(SUBJECTS), len(ALL_KINDS)), dtype=np.int64)
    options = np.zeros_like(first)
    for s, subject in enumerate(SUBJECTS):
        for k, kind in enumerate(ALL_KINDS):
            if kind == "huiswerk":
                choices = HOMEWORK[subject]
            elif kind == "extra werk":
                choices = EXTRA_WORK
            elif subject in LANGUAGES and kind in LANGUAGE_TESTS:
                choices = LANGUAGE_TESTS[kind]
            else:
                choices = TESTS[kind]
            first[s, k], options[s, k] = len(patterns), len(choices)
            patterns += choices
    unique = list(dict.fromkeys(patterns))
    position = np.array([unique.index(pattern) for pattern in patterns])
    return unique, first, options, position


def _school_year_fraction(day: np.ndarray) -> np.ndarray:
    """How far into its school year (1 September .. mid July) each day is, 0..1."""
    months = (
        (day - EPOCH).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    )
    start_month = months - (months - 8) % 12  # the September on or before
    start = start_month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return np.clip((day - EPOCH - start) / 320, 0, 1)


def _sign_offs(days, owner, is_test, period: Period, rng):
    """Which items a supervisor signed off while the pupil was in, and at what minute."""
    arrival = days["arrival"].to_numpy()[owner]
    leave = days["leave"].to_numpy()[owner]
    now = period.now.hour * 60 + period.now.minute
    window = np.where(leave >= 0, leave, now) - arrival - 15
    chance = np.where(is_test, 0.85, 0.9)
    signed = (arrival >= 0) & (window >= 5) & (rng.random(len(owner)) < chance)
    minute = (
        arrival + 15 + (rng.random(len(owner)) * np.maximum(window, 0)).astype(np.int64)
    )
    return signed, minute


def _grades(traits: Traits, pupil, subject, day, is_test, period: Period, rng):
    """Grades in tenths for past tests (most of them); recent ones are often awaited."""
    first, today = period.first.toordinal(), period.today.toordinal()
    chance = np.where(day < today - 14, 0.93, 0.65)
    graded = is_test & (day < today) & (rng.random(len(day)) < chance)
    grade = (
        traits.grade_level[pupil]
        + traits.subject_tendency[pupil, subject]
        + traits.grade_slope[pupil] * (day - first) / 365.25
        + rng.normal(0, 0.8, len(day))
    )
    return _maybe(np.rint(np.clip(grade, 3.5, 9.5) * 10), graded)


def _logbook(days, traits, pupils, supervisors: Supervisors, seed, period: Period):
    """About three notes a month per pupil, on days the pupil was in."""
    rng = _rng(seed, 8)
    pupil = days["pupil"].to_numpy()
    present = (days["leave"] >= 0).to_numpy()
    months = max((period.today - period.first).days / 30.4, 1)
    per_month = np.bincount(pupil[present], minlength=len(pupils)) / months
    chance = np.clip(3 / np.maximum(per_month, 1), 0.05, 0.6)
    rows = days[present & (rng.random(len(days)) < chance[pupil])]

    pupil, count = rows["pupil"].to_numpy(), len(rows)
    staff = supervisors.pick(pupil, rng)
    names, name_of = np.unique(pupils["first_name"].to_numpy(), return_inverse=True)
    return pd.DataFrame(
        {
            "id": np.arange(1, count + 1, dtype=np.int64),
            "pupil_id": pupil + 1,
            "day": rows["day"].to_numpy() - EPOCH,
            "author": pd.Categorical.from_codes(staff, supervisors.names),
            "template": pd.Categorical.from_codes(
                rng.integers(0, len(NOTES), count), NOTES
            ),
            "subject": pd.Categorical.from_codes(
                traits.subjects[pupil, rng.integers(0, SUBJECTS_PER_PUPIL, count)],
                SUBJECTS,
            ),
            "first_name": pd.Categorical.from_codes(name_of[pupil], names),
            "created_by": pd.Categorical.from_codes(staff, supervisors.logins),
            "created_at": _minute_of(rows["day"].to_numpy(), rows["leave"].to_numpy()),
        }
    )


# --- small conversions ---------------------------------------------------------------


def _family_of(families: list[dict], students: int) -> np.ndarray:
    """Per pupil index: the number of its family (ouder1 is family 0)."""
    family = np.zeros(students, dtype=np.int64)
    for number, members in enumerate(families):
        family[members["children"]] = number
    return family


def _minute_of(day: np.ndarray, minute: np.ndarray) -> np.ndarray:
    """Minutes since 1970 of a day (ordinal) and a minute of that day."""
    return (day - EPOCH).astype(np.int64) * 1440 + minute


def _minute_of_now(period: Period) -> int:
    return int(
        _minute_of(
            np.int64(period.today.toordinal()), period.now.hour * 60 + period.now.minute
        )
    )


def _maybe(values, present) -> pd.arrays.IntegerArray:
    """Whole numbers where `present`, NULL elsewhere."""
    present = np.asarray(present, dtype=bool)
    values = np.asarray(values, dtype=np.int64)
    return pd.arrays.IntegerArray(np.where(present, values, 0), ~present)
