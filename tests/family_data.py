"""A hand-made institute with known values for the parent-portal tests.

The clock of the tests stands at Thursday 3 December 2026, 16:05. The family De
Vries has two children: Sanne (with a history) and Daan (new, no data at all). The
family Bakker's Noor is at the other location and must never show up for them.

Frans for Sanne this school year: 5,0 (weging 1), 7,2 (1) and 7,5 (2): (6,8).
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

from studytrack import access, accounts, db

PASSWORD = "leerboom-test-wachtwoord"
NOW = datetime(2026, 12, 3, 16, 5)


@dataclass(frozen=True)
class Family:
    sanne: int
    daan: int
    noor: int


@cache
def _password_hash() -> str:
    return accounts.hash_password(PASSWORD)


def _account(cur, login, name, role, initials=None, email=None, phone=None):
    return cur.execute(
        "INSERT INTO accounts (login, name, role, initials, email, phone, "
        "password_hash, password_changed_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [login, name, role, initials, email, phone, _password_hash(), NOW, NOW],
    ).fetchone()[0]


def _pupil(cur, number, first, infix, last, location, school, class_name, **extra):
    columns = ["number", "first_name", "infix", "last_name", "location_id", "school"]
    columns += ["class_name", *extra]
    values = [number, first, infix, last, location, school, class_name, *extra.values()]
    marks = ", ".join("?" for _ in values)
    return cur.execute(
        f"INSERT INTO pupils ({', '.join(columns)}) VALUES ({marks}) RETURNING id",
        values,
    ).fetchone()[0]


def _item(cur, pupil, day, subject, kind, description, **extra):
    columns = ["pupil_id", "day", "subject", "kind", "description", *extra]
    values = [pupil, day, subject, kind, description, *extra.values()]
    marks = ", ".join("?" for _ in values)
    cur.execute(
        f"INSERT INTO agenda_items ({', '.join(columns)}) VALUES ({marks})", values
    )


def _attendance(cur, pupil, day, **facts):
    columns = ["pupil_id", "day", *facts]
    values = [pupil, day, *facts.values()]
    marks = ", ".join("?" for _ in values)
    cur.execute(
        f"INSERT INTO attendance ({', '.join(columns)}) VALUES ({marks})", values
    )


def build(con: db.Connection) -> Family:
    """Fill an empty migrated database with the hand-made institute."""
    with db.transaction(con) as cur:
        cur.execute(
            "UPDATE settings SET value = 'Huiswerkinstituut De Leerboom' "
            "WHERE key = 'institute_name'"
        )
        centrum = cur.execute(
            "INSERT INTO locations (name) VALUES ('Centrum') RETURNING id"
        ).fetchone()[0]
        oost = cur.execute(
            "INSERT INTO locations (name) VALUES ('Oost') RETURNING id"
        ).fetchone()[0]
        sanne = _pupil(
            cur,
            "900001",
            "Sanne",
            "de",
            "Vries",
            centrum,
            "Stedelijk Gymnasium",
            "3B",
            birth_date=date(2012, 5, 17),
            phone="06-12345678",
            email="sanne@example.nl",
            address="Lindenlaan 4, 3581 AB Utrecht",
            focus_subjects="wiskunde, Frans",
        )
        daan = _pupil(
            cur, "900002", "Daan", "de", "Vries", centrum, "Christelijk Lyceum", "1A"
        )
        noor = _pupil(cur, "900003", "Noor", None, "Bakker", oost, "Het Baken", "2C")
        links = {
            "ouder_a": ("Marieke de Vries", "ouder", None, [sanne, daan]),
            "ouder_a2": ("Joost de Vries", "ouder", None, [sanne]),
            "ouder_b": ("Karin Bakker", "ouder", None, [noor]),
            "leerling_a": ("Sanne de Vries", "leerling", None, [sanne]),
            "mentor_a": ("Peter Jansen", "mentor", None, [sanne]),
        }
        for login, (name, role, initials, pupils) in links.items():
            email = f"{login}@example.nl"
            account = _account(cur, login, name, role, initials, email, "06-11112222")
            for pupil in pupils:
                cur.execute(
                    "INSERT INTO account_pupils VALUES (?, ?)", [account, pupil]
                )
        for login, name, initials, location in (
            ("staf_a", "Anna Bakker", "AB", centrum),
            ("staf_b", "Chris Dekker", "CD", oost),
        ):
            account = _account(cur, login, name, "begeleider", initials)
            cur.execute(
                "INSERT INTO account_locations VALUES (?, ?)", [account, location]
            )
        _account(cur, "beheer", "Fatima El Amrani", "beheerder")

        for weekday, expected in (
            (1, "14:30"),
            (2, "14:30"),
            (4, "14:30"),
            (5, "13:00"),
        ):
            cur.execute(
                "INSERT INTO schedules (pupil_id, weekday, expected_at, valid_from) "
                "VALUES (?, ?, ?, DATE '2026-08-24')",
                [sanne, weekday, expected],
            )
        cur.execute(
            "INSERT INTO schedules (pupil_id, weekday, expected_at, valid_from) "
            "VALUES (?, 3, '15:00', DATE '2026-08-24')",
            [noor],
        )
        _attendance(
            cur, sanne, date(2026, 11, 26), arrived_at=time(14, 30), left_at=time(17, 0)
        )
        _attendance(
            cur,
            sanne,
            date(2026, 11, 27),
            arrived_at=time(13, 20),
            left_at=time(16, 30),
            remark="Trein had vertraging",
        )
        _attendance(cur, sanne, date(2026, 11, 30), absent=True, absent_reason="ziek")
        _attendance(
            cur, sanne, date(2026, 12, 1), arrived_at=time(14, 45), left_at=time(17, 10)
        )
        _attendance(
            cur,
            sanne,
            date(2026, 12, 3),
            arrived_at=time(14, 5),
            remark="Gaat om 17:00 naar de <b>tandarts</b>",
        )
        _attendance(
            cur,
            sanne,
            date(2026, 12, 7),
            expected_at=time(15, 30),
            remark="Komt later, tandarts",
        )
        _attendance(
            cur, noor, date(2026, 12, 2), absent=True, absent_reason="geheim-ziek"
        )

        signed = {"signed_off_by": "AB", "signed_off_at": datetime(2026, 12, 2, 17, 0)}
        _item(cur, sanne, date(2026, 6, 10), "Frans", "SO", "Oud", grade=Decimal("6.0"))
        _item(
            cur,
            sanne,
            date(2026, 10, 8),
            "Frans",
            "SO",
            "Woordjes H1",
            grade=Decimal("5.0"),
            **signed,
        )
        _item(
            cur,
            sanne,
            date(2026, 11, 12),
            "Frans",
            "proefwerk",
            "H1-H2",
            grade=Decimal("7.2"),
            **signed,
        )
        _item(
            cur,
            sanne,
            date(2026, 12, 3),
            "Frans",
            "SO",
            "Vocabulaire H3",
            grade=Decimal("7.5"),
            weight=Decimal(2),
            comment="Goed geleerd!",
            **signed,
        )
        _item(
            cur,
            sanne,
            date(2026, 12, 3),
            "Wiskunde",
            "huiswerk",
            "Par. 4.2 opg. 1-12",
            **signed,
        )
        _item(
            cur,
            sanne,
            date(2026, 12, 3),
            "Engels",
            "huiswerk",
            'Lezen: <b>hoofdstuk</b> & "samenvatting"',
            comment="Let op: <script>alert(1)</script> maak ook opg. 5",
        )
        _item(
            cur,
            sanne,
            date(2026, 10, 15),
            "Wiskunde",
            "SO",
            "H3",
            grade=Decimal("8.0"),
            **signed,
        )
        _item(cur, sanne, date(2026, 11, 26), "Wiskunde", "proefwerk", "H4", **signed)
        _item(cur, sanne, date(2026, 12, 3), "Geschiedenis", "overhoring", "Jaartallen")
        _item(cur, sanne, date(2026, 12, 10), "Wiskunde", "SO", "Par. 5.1")
        _item(cur, sanne, date(2026, 12, 8), "Biologie", "presentatie", "Cellen")
        _item(cur, sanne, date(2026, 12, 4), "Frans", "huiswerk", "Leer H4 woordjes")
        _item(
            cur,
            noor,
            date(2026, 12, 3),
            "Duits",
            "SO",
            "geheim-toets",
            grade=Decimal("4.0"),
        )

        for pupil, day, author, text in (
            (
                sanne,
                date(2026, 12, 2),
                "Anna Bakker",
                "Sanne werkt geconcentreerd aan wiskunde.",
            ),
            (
                sanne,
                date(2026, 11, 20),
                "Anna Bakker",
                "Planning besproken <b>met</b> Sanne.",
            ),
            (sanne, date(2026, 10, 5), "Chris Dekker", "Eerste week goed verlopen."),
            (noor, date(2026, 12, 1), "Chris Dekker", "geheim van Noor"),
        ):
            cur.execute(
                "INSERT INTO logbook (pupil_id, day, author, text) VALUES (?, ?, ?, ?)",
                [pupil, day, author, text],
            )
    return Family(sanne, daan, noor)


def scope_of(con: db.Connection, login: str) -> access.Scope:
    """The scope of a login in the hand-made institute."""
    viewer = access.viewer_for(con, login)
    assert viewer is not None, login
    return access.scope_for(con, viewer)
