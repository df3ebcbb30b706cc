"""A small hand-made institute with known values, for the staff-screen tests.

The clock of the tests is Thursday 3 December 2026, 16:05 (conftest.NOW).

Centrum: Daan van der Berg (100001, expected 14:00 on Thursdays), Eva Jansen
(100002, 16:30), Chloë Dijkstra (100003, 15:00: late and not in), Noor Bakker
(100004, Mondays only: not expected today). Oost: Sem de Vries (200001, 14:30).
Accounts (no passwords; AppTest signs in by session state): beheerder (initials
FA), begeleider1 (AB, Centrum), begeleider2 (CD, Oost), ouder1 (parent of Daan and
Eva), mentor1 (mentor of Daan).
"""

from datetime import date, time

from studytrack import access, db

TODAY = date(2026, 12, 3)

PUPILS = {
    "100001": ("Daan", "van der", "Berg", "Centrum", 4, time(14, 0)),
    "100002": ("Eva", None, "Jansen", "Centrum", 4, time(16, 30)),
    "100003": ("Chloë", None, "Dijkstra", "Centrum", 4, time(15, 0)),
    "100004": ("Noor", None, "Bakker", "Centrum", 1, time(14, 0)),
    "200001": ("Sem", "de", "Vries", "Oost", 4, time(14, 30)),
}
ACCOUNTS = {
    "beheerder": ("Fatima El Amrani", "beheerder", "FA", [], []),
    "begeleider1": ("Anna Bos", "begeleider", "AB", ["Centrum"], []),
    "begeleider2": ("Cas Dekker", "begeleider", "CD", ["Oost"], []),
    "ouder1": ("Ingrid van der Berg", "ouder", None, [], ["100001", "100002"]),
    "mentor1": ("Mark Smit", "mentor", None, [], ["100001"]),
}


def build(con: db.Connection) -> dict[str, int]:
    """Fill an empty database with the small institute; return pupil ids by number."""
    cur = con.cursor()
    cur.execute(
        "UPDATE settings SET value = 'Huiswerkinstituut De Leerboom' "
        "WHERE key = 'institute_name'"
    )
    locations = {}
    for name in ("Centrum", "Oost"):
        locations[name] = cur.execute(
            "INSERT INTO locations (name) VALUES (?) RETURNING id", [name]
        ).fetchone()[0]
    ids = {}
    for number, (first, infix, last, location, weekday, at) in PUPILS.items():
        ids[number] = cur.execute(
            "INSERT INTO pupils (number, first_name, infix, last_name, location_id, "
            "school, class_name) VALUES (?, ?, ?, ?, ?, 'Vossius', 'H4') RETURNING id",
            [number, first, infix, last, locations[location]],
        ).fetchone()[0]
        cur.execute(
            "INSERT INTO schedules (pupil_id, weekday, expected_at) VALUES (?, ?, ?)",
            [ids[number], weekday, at],
        )
    for login, (name, role, initials, places, numbers) in ACCOUNTS.items():
        account_id = cur.execute(
            "INSERT INTO accounts (login, name, role, initials, created_at) "
            "VALUES (?, ?, ?, ?, TIMESTAMP '2026-09-01 09:00') RETURNING id",
            [login, name, role, initials],
        ).fetchone()[0]
        for place in places:
            cur.execute(
                "INSERT INTO account_locations VALUES (?, ?)",
                [account_id, locations[place]],
            )
        for number in numbers:
            cur.execute(
                "INSERT INTO account_pupils VALUES (?, ?)", [account_id, ids[number]]
            )
    cur.close()
    return ids


def scope_of(con: db.Connection, login: str) -> access.Scope:
    """The scope of a login, as app.py builds it."""
    return access.scope_for(con, access.viewer_for(con, login))


def location_id(con: db.Connection, name: str) -> int:
    """The id of a location by name."""
    return db.value(con, "SELECT id FROM locations WHERE name = ?", [name])
