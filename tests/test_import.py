"""Importing real export files: every variant, every problem, idempotence, the log."""

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest

from studytrack import accounts, db, importing
from studytrack.importing import ImportFile

FIXTURES = Path(__file__).parent / "fixtures" / "import"
DAY = date(2026, 12, 3)
ADMIN = "beheerder"

# The three attendance rows that every variant of aanwezigheid holds.
ATTENDANCE = [
    (
        "100001",
        DAY,
        time(14, 30),
        time(14, 35),
        time(17, 0),
        False,
        None,
        "komt later, tandarts",
    ),
    ("100002", DAY, time(14, 30), None, None, True, "ziek", None),
    ("100003", DAY, time(15, 0), time(15, 0), None, False, None, "café"),
]


def fixture(name: str) -> ImportFile:
    return ImportFile.from_path(FIXTURES / name)


def run(con, name: str, **options) -> importing.Outcome:
    return importing.run(con, ADMIN, fixture(name), **options)


def attendance(con) -> list[tuple]:
    return db.rows(
        con,
        "SELECT p.number, a.day, a.expected_at, a.arrived_at, a.left_at, a.absent, "
        "a.absent_reason, a.remark FROM attendance a JOIN pupils p ON p.id = a.pupil_id "
        "ORDER BY p.number, a.day",
    )


def problems(outcome: importing.Outcome) -> list[tuple]:
    return [(p.line, p.column, p.value, p.message) for p in outcome.problems]


def everything(con) -> dict[str, list[tuple]]:
    """Every row of every table that an import can touch, for before/after checks."""
    tables = [
        "locations",
        "pupils",
        "accounts",
        "account_pupils",
        "schedules",
        "attendance",
        "agenda_items",
        "logbook",
    ]
    return {
        table: db.rows(con, f"SELECT * FROM {table} ORDER BY ALL") for table in tables
    }


@pytest.fixture
def institute(con):
    """An institute with two mentors, a begeleider and the three fixture pupils."""
    accounts.create(con, "test", "mentor1", "mentor", "Mentor Een")
    accounts.create(con, "test", "mentor2", "mentor", "Mentor Twee")
    accounts.create(con, "test", "begeleider1", "begeleider", "Anna Bos", initials="AB")
    outcome = run(con, "leerlingen.csv")
    assert (outcome.outcome, outcome.inserted) == ("imported", 3), problems(outcome)
    return con


# --- every variant of a real export --------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "aanwezigheid-utf8-bom-puntkomma.csv",
        "aanwezigheid-utf8-komma.csv",
        "aanwezigheid-tab.txt",
        "aanwezigheid-windows1252.csv",
        "aanwezigheid-utf16-tab.txt",
        "aanwezigheid-sep-regel.csv",
        "aanwezigheid-oude-mac.csv",
        "aanwezigheid-kolommen-door-elkaar.csv",
    ],
)
def test_every_variant_of_an_attendance_export_imports_the_same_rows(institute, name):
    outcome = run(institute, name)

    assert problems(outcome) == []
    assert (outcome.outcome, outcome.kind, outcome.inserted) == (
        "imported",
        "aanwezigheid",
        3,
    )
    assert attendance(institute) == ATTENDANCE


def test_unknown_columns_are_reported_and_ignored(institute):
    outcome = run(institute, "aanwezigheid-kolommen-door-elkaar.csv")

    assert outcome.unknown_columns == ["Notitie"]
    assert outcome.outcome == "imported"


def test_xlsx_first_sheet_imports_with_spreadsheet_row_numbers(institute):
    refused = run(institute, "aanwezigheid.xlsx")
    assert problems(refused) == [
        (6, "datum", "31-02-2026", "'31-02-2026' is geen bestaande datum.")
    ]
    assert attendance(institute) == []

    partial = run(institute, "aanwezigheid.xlsx", good_rows_only=True)

    assert (partial.outcome, partial.inserted, partial.rejected) == ("partial", 3, 1)
    assert attendance(institute) == ATTENDANCE


def test_every_spelling_of_dates_times_and_yes_no(institute):
    outcome = run(institute, "aanwezigheid-spellingen.csv")

    assert outcome.inserted == 9
    found = [row[:6] for row in attendance(institute)]
    assert found == [
        ("100001", date(2026, 12, 3), time(14, 5), time(14, 5), time(17, 0), False),
        ("100001", date(2026, 12, 4), time(9, 5), time(9, 5), None, False),
        ("100001", date(2026, 12, 7), time(14, 5), time(14, 10), None, False),
        ("100001", date(2026, 12, 8), time(14, 5), None, None, False),
        ("100002", date(2026, 12, 3), time(14, 30), None, None, True),
        ("100002", date(2026, 12, 4), time(14, 30), None, None, True),
        ("100002", date(2026, 12, 7), time(14, 30), None, None, True),
        ("100002", date(2026, 12, 8), time(14, 30), None, None, True),
        ("100003", date(2026, 12, 3), time(14, 30), None, None, False),
    ]


def test_quoted_fields_keep_separators_and_line_breaks_and_lines_count_as_in_excel(
    institute,
):
    outcome = run(institute, "aanwezigheid-meerregelig.csv", good_rows_only=True)

    # header 1, rows 2 and 3, a blank line 4, rows 5, 6 and 7: the spreadsheet's rows
    assert problems(outcome) == [
        (7, "datum", "32-12-2026", "'32-12-2026' is geen bestaande datum.")
    ]
    remarks = [row[7] for row in attendance(institute)]
    assert remarks == [
        "komt later; tandarts\nom 15:00 terug",
        'zegt: "ik ben ziek"',
        "gewoon",
        "datum bestaat wel",
    ]


def test_grades_with_a_decimal_comma_create_the_tests(institute):
    outcome = run(institute, "cijfers-decimale-komma.csv")

    assert (outcome.outcome, outcome.inserted) == ("imported", 5)
    assert db.rows(
        institute,
        "SELECT p.number, i.day, i.subject, i.kind, i.description, i.grade, i.weight "
        "FROM agenda_items i JOIN pupils p ON p.id = i.pupil_id ORDER BY p.number, i.day",
    ) == [
        (
            "100001",
            date(2026, 12, 1),
            "Wiskunde",
            "SO",
            "H4 paragraaf 1-3",
            Decimal("7.5"),
            Decimal("1.0"),
        ),
        (
            "100001",
            date(2026, 12, 2),
            "Engels",
            "proefwerk",
            "Unit 5",
            Decimal("5.4"),
            Decimal("2.0"),
        ),
        (
            "100002",
            date(2026, 12, 2),
            "Frans",
            "SO",
            "Chapitre 3",
            Decimal("10.0"),
            Decimal("0.5"),
        ),
        (
            "100002",
            date(2026, 12, 10),
            "Frans",
            "mondeling",
            "Spreekbeurt",
            None,
            Decimal("1.0"),
        ),
        (
            "100003",
            date(2026, 11, 26),
            "Biologie",
            "proefwerk",
            "Hoofdstuk 2",
            Decimal("6.0"),
            Decimal("3.0"),
        ),
    ]


def test_comma_separated_grades_are_quoted_decimal_commas(institute):
    outcome = run(institute, "cijfers-komma-gescheiden.csv")

    assert outcome.inserted == 2
    assert db.rows(
        institute, "SELECT description, grade FROM agenda_items ORDER BY day"
    ) == [("H4 paragraaf 1-3", Decimal("7.5")), ("Unit 5, tekstbegrip", Decimal("5.4"))]


def test_homework_with_sign_offs(institute):
    outcome = run(institute, "huiswerk.csv")

    assert outcome.inserted == 3
    assert db.rows(
        institute,
        "SELECT kind, comment, signed_off_by, signed_off_at FROM agenda_items ORDER BY id",
    ) == [
        ("huiswerk", "goed gedaan", "AB", datetime(2026, 12, 3, 16, 40)),
        ("extra werk", None, None, None),
        ("SO", "let op; ook de grammatica", "CD", datetime(2026, 12, 3, 15, 10)),
    ]


def test_schedule_days_times_and_periods(institute):
    outcome = run(institute, "rooster.csv")

    assert outcome.inserted == 4
    assert db.rows(
        institute,
        "SELECT p.number, s.weekday, s.expected_at, s.valid_from, s.valid_to "
        "FROM schedules s JOIN pupils p ON p.id = s.pupil_id ORDER BY ALL",
    ) == [
        ("100001", 1, time(14, 30), date(2000, 1, 1), None),
        ("100001", 3, time(13, 0), date(2000, 1, 1), None),
        ("100001", 5, time(14, 30), date(2027, 1, 1), None),
        ("100002", 2, time(15, 0), date(2026, 9, 1), date(2026, 12, 31)),
    ]


def test_pupils_with_locations_mentors_and_accents(institute):
    found = db.rows(
        institute,
        "SELECT p.number, p.first_name, p.infix, p.last_name, l.name, p.birth_date, "
        "p.address, p.focus_subjects FROM pupils p "
        "JOIN locations l ON l.id = p.location_id ORDER BY p.number",
    )
    assert found == [
        (
            "100001",
            "Daan",
            "van der",
            "Berg",
            "Centrum",
            date(2010, 4, 3),
            "Dorpsstraat 1; 3741 AB Baarn",
            "Wiskunde, Engels",
        ),
        ("100002", "Zoë", None, "Jansen", "Centrum", date(2009, 11, 30), None, "Frans"),
        ("100003", "Anaïs", "de", "Vries", "Oost", date(2011, 1, 15), None, None),
    ]
    assert db.rows(
        institute,
        "SELECT p.number, a.login FROM account_pupils x JOIN accounts a ON a.id = x.account_id "
        "JOIN pupils p ON p.id = x.pupil_id ORDER BY ALL",
    ) == [("100001", "mentor1"), ("100003", "mentor1"), ("100003", "mentor2")]


def test_a_new_mentor_list_replaces_the_old_one(institute):
    changed = b"leerlingnummer;voornaam;achternaam;mentor\n100003;Ana\xc3\xafs;Vries;mentor2\n"

    outcome = importing.run(institute, ADMIN, ImportFile("mentor.csv", changed))

    assert (outcome.inserted, outcome.updated) == (0, 1)
    assert db.rows(
        institute,
        "SELECT a.login FROM account_pupils x JOIN accounts a ON a.id = x.account_id "
        "JOIN pupils p ON p.id = x.pupil_id WHERE p.number = '100003'",
    ) == [("mentor2",)]


def test_parents_get_accounts_links_and_one_time_passwords_never_stored_plain(
    institute, caplog
):
    caplog.set_level("DEBUG")

    outcome = run(institute, "ouders.csv")

    assert (outcome.inserted, outcome.updated) == (3, 0)
    assert [(c.name, c.login) for c in outcome.credentials] == [
        ("Sanne van der Berg", "fam.berg"),
        ("Joost de Vries", "jvries"),
    ]
    stored = dict(
        db.rows(
            institute, "SELECT login, password_hash FROM accounts WHERE role = 'ouder'"
        )
    )
    dump = repr(everything(institute)) + repr(
        db.rows(institute, "SELECT * FROM changes")
    )
    for credential in outcome.credentials:
        assert accounts.password_matches(
            credential.one_time_password, stored[credential.login]
        )
        assert credential.one_time_password not in dump
        assert credential.one_time_password not in caplog.text
    assert db.rows(
        institute,
        "SELECT a.login, a.email, a.phone, a.must_change_password, p.number "
        "FROM accounts a JOIN account_pupils x ON x.account_id = a.id "
        "JOIN pupils p ON p.id = x.pupil_id WHERE a.role = 'ouder' ORDER BY ALL",
    ) == [
        ("fam.berg", "sanne@example.nl", "06-11111111", True, "100001"),
        ("fam.berg", "sanne@example.nl", "06-11111111", True, "100002"),
        ("jvries", "joost@example.nl", None, True, "100003"),
    ]


def test_a_second_parents_import_keeps_passwords_and_makes_no_new_ones(institute):
    first = run(institute, "ouders.csv")
    hashes = db.rows(
        institute, "SELECT login, password_hash FROM accounts ORDER BY login"
    )

    second = run(institute, "ouders.csv")

    assert len(first.credentials) == 2
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 3)
    assert second.credentials == []
    assert (
        db.rows(institute, "SELECT login, password_hash FROM accounts ORDER BY login")
        == hashes
    )


def test_formula_guards_from_an_export_are_removed_on_import(institute):
    outcome = run(institute, "formules.csv")

    assert outcome.inserted == 6
    assert [
        row[0] for row in db.rows(institute, "SELECT text FROM logbook ORDER BY id")
    ] == [
        '=HYPERLINK("http://x")',
        "+31 6 12345678",
        "-- niet vergeten",
        "@mentor",
        "'=twee aanhalingstekens",
        "'t Is goed gegaan",
    ]


# --- every kind of problem --------------------------------------------------------------


def test_every_problem_of_an_attendance_file_is_listed_with_line_and_column(institute):
    outcome = run(institute, "fouten-aanwezigheid.csv")

    assert problems(outcome) == [
        (
            3,
            "leerlingnummer",
            "999999",
            "Er is geen leerling met dit leerlingnummer; importeer eerst de leerlingen.",
        ),
        (4, "datum", "31-02-2026", "'31-02-2026' is geen bestaande datum."),
        (5, "verwacht", "25:00", "'25:00' is geen bestaande tijd."),
        (5, "binnen", "14:75", "'14:75' is geen bestaande tijd."),
        (6, "afgemeld", "misschien", "'misschien' is geen ja of nee."),
        (7, "klaar", "15:00", "Klaar ligt vóór binnen (16:00)."),
        (8, "leerlingnummer", None, "Dit veld is verplicht en is leeg."),
        (
            9,
            None,
            None,
            "Deze rij staat al op regel 2 (zelfde leerlingnummer en datum).",
        ),
        (
            10,
            None,
            "100002;03-12-2026;14:30;;;nee;;;te veel",
            "Deze regel heeft meer velden dan de kopregel (9 in plaats van 8). Staat er "
            "een puntkomma te veel, of hoort een tekst met een puntkomma erin tussen "
            "aanhalingstekens?",
        ),
        (
            11,
            "binnen",
            "100002;04-12-2026;14:30",
            "Deze regel heeft minder velden dan de kopregel (3 in plaats van 8).",
        ),
        (
            13,
            "datum",
            "4 december",
            "'4 december' is geen datum; schrijf bijvoorbeeld 03-12-2026.",
        ),
        (
            14,
            None,
            '100003;05-12-2026;14:30;;;nee;;"niet gesloten',
            'Een aanhalingsteken (") in deze regel wordt niet goed gesloten.',
        ),
    ]
    assert (outcome.outcome, outcome.rows, outcome.rejected) == ("refused", 13, 11)


def test_a_file_with_problems_imports_nothing_by_default(institute):
    before = everything(institute)

    outcome = run(institute, "fouten-aanwezigheid.csv")

    assert outcome.summary == (
        "fouten-aanwezigheid.csv (aanwezigheid): 12 problemen; er is niets geïmporteerd."
    )
    assert everything(institute) == before


def test_good_rows_only_imports_the_rest(institute):
    outcome = run(institute, "fouten-aanwezigheid.csv", good_rows_only=True)

    assert (outcome.outcome, outcome.inserted, outcome.rejected) == ("partial", 2, 11)
    assert [(row[0], row[7]) for row in attendance(institute)] == [
        ("100001", "goed"),
        ("100003", "goed"),
    ]


def test_grade_problems(institute):
    outcome = run(institute, "fouten-cijfers.csv")

    assert problems(outcome) == [
        (2, "cijfer", "11", "Een cijfer ligt tussen 1,0 en 10,0; '11' niet."),
        (3, "cijfer", "0,5", "Een cijfer ligt tussen 1,0 en 10,0; '0,5' niet."),
        (
            4,
            "cijfer",
            "7,25",
            "Een cijfer heeft hoogstens één decimaal; '7,25' heeft er meer.",
        ),
        (5, "cijfer", "goed", "'goed' is geen cijfer; schrijf bijvoorbeeld 7,5."),
        (6, "weging", "0", "Een weging ligt tussen 0,1 en 100; '0' niet."),
        (
            7,
            "soort",
            "huiswerk",
            "'huiswerk' is geen toets; een cijfer hoort bij SO, proefwerk, mondeling, "
            "presentatie, opdracht, overhoring.",
        ),
        (
            8,
            "soort",
            "tentamen",
            "'tentamen' is geen soort; kies uit huiswerk, extra werk, SO, proefwerk, "
            "mondeling, presentatie, opdracht, overhoring.",
        ),
    ]


def test_pupil_problems(institute):
    outcome = run(institute, "fouten-leerlingen.csv")

    assert problems(outcome) == [
        (2, "voornaam", None, "Dit veld is verplicht en is leeg."),
        (
            3,
            "geboortedatum",
            "01-01-2030",
            "Een geboortedatum ligt niet in de toekomst.",
        ),
        (4, "email", "ravi(at)example.nl", "'ravi(at)example.nl' is geen e-mailadres."),
        (
            5,
            "mentor",
            "mentor1, onbekend",
            "Er is geen mentor met de inlognaam 'onbekend'.",
        ),
        (
            6,
            "vestiging",
            None,
            "Het instituut heeft meer vestigingen; vul de vestiging van de leerling in.",
        ),
    ]


def test_parent_problems(institute):
    outcome = run(institute, "fouten-ouders.csv")

    assert problems(outcome) == [
        (
            2,
            "gebruikersnaam",
            "fam berg",
            "Een inlognaam is 1 tot 64 tekens, zonder spaties.",
        ),
        (
            3,
            "gebruikersnaam",
            "begeleider1",
            "Deze inlognaam hoort bij een account met de rol begeleider, niet bij een ouder.",
        ),
        (
            5,
            "naam",
            "Johan de Vries",
            "Dezelfde gebruikersnaam staat op regel 4 met een andere naam: Joost de Vries.",
        ),
    ]


def test_schedule_problems(institute):
    outcome = run(institute, "fouten-rooster.csv")

    assert problems(outcome) == [
        (
            2,
            "dag",
            "zaterdagmiddag",
            "'zaterdagmiddag' is geen dag; schrijf ma, di, wo, do of vr.",
        ),
        (3, "tot", "01-08-2026", "Tot ligt vóór vanaf (01-09-2026)."),
        (4, "verwacht", None, "Dit veld is verplicht en is leeg."),
    ]


def test_homework_problems(institute):
    outcome = run(institute, "fouten-huiswerk.csv")

    assert problems(outcome) == [
        (
            2,
            "afgetekend_door",
            "A1B",
            "'A1B' zijn geen initialen; schrijf 1 tot 4 letters, bijvoorbeeld AB.",
        ),
        (
            3,
            "afgetekend_door",
            None,
            "Afgetekend_op is ingevuld maar afgetekend_door niet; vul de initialen in van "
            "wie aftekende.",
        ),
        (4, "afgetekend_op", "07-12-2026 25:00", "'25:00' is geen bestaande tijd."),
    ]


NOT_A_TABLE = (
    "Dit is geen CSV- of XLSX-bestand. Sla het bestand in Excel op als 'CSV "
    "(gescheiden door lijstscheidingsteken)' of als Excel-werkmap (.xlsx)."
)


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("leeg.csv", None, (None, None, None, "Het bestand is leeg.")),
        ("alleen-bom.csv", "aanwezigheid", (None, None, None, "Het bestand is leeg.")),
        (
            "alleen-kopregel.csv",
            None,
            (None, None, None, "Het bestand heeft geen rijen onder de kopregel."),
        ),
        ("geen-csv.pdf", "aanwezigheid", (None, None, None, NOT_A_TABLE)),
        (
            "oud-excel.xls",
            None,
            (
                None,
                None,
                None,
                "Dit is een Excel-bestand in het oude formaat (.xls). Sla het in Excel "
                "op als Excel-werkmap (.xlsx) of als CSV en probeer het opnieuw.",
            ),
        ),
        (
            "kapot.xlsx",
            None,
            (
                None,
                None,
                None,
                "Het Excel-bestand kan niet gelezen worden; het is beschadigd of geen "
                "Excel-werkmap. Sla het opnieuw op als .xlsx of als CSV.",
            ),
        ),
        (
            "ontbrekende-kolom.csv",
            "aanwezigheid",
            (1, "datum", None, "De verplichte kolom 'datum' ontbreekt in de kopregel."),
        ),
        (
            "dubbele-kolom.csv",
            None,
            (1, "Datum", None, "Deze kolom staat twee keer in de kopregel."),
        ),
        (
            "onbekende-soort.csv",
            None,
            (
                1,
                None,
                None,
                "Aan de kolomnamen is niet te zien welke gegevens dit zijn; kies de "
                "soort (leerlingen, ouders, rooster, aanwezigheid, huiswerk, cijfers, "
                "logboek) of controleer de kopregel.",
            ),
        ),
    ],
)
def test_a_file_that_cannot_be_imported_gets_one_clear_problem(
    institute, name, kind, expected
):
    before = everything(institute)

    outcome = run(institute, name, kind=kind)

    assert problems(outcome) == [expected]
    assert outcome.outcome == "refused"
    assert everything(institute) == before


def test_a_header_problem_after_an_excel_sep_line_is_on_line_2(institute):
    data = b"sep=;\r\nleerlingnummer;verwacht\r\n100001;14:30\r\n"

    outcome = importing.run(
        institute, ADMIN, ImportFile("sep.csv", data), "aanwezigheid"
    )

    assert problems(outcome) == [
        (2, "datum", None, "De verplichte kolom 'datum' ontbreekt in de kopregel.")
    ]


# --- idempotence, updates, dry runs -------------------------------------------------------


def test_the_same_file_twice_changes_nothing_the_second_time(institute):
    first = run(institute, "aanwezigheid-utf8-bom-puntkomma.csv")
    after_first = everything(institute)

    second = run(institute, "aanwezigheid-utf8-bom-puntkomma.csv")

    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 3)
    assert everything(institute) == after_first


def test_an_updated_export_updates_only_the_changed_rows_and_deletes_nothing(institute):
    run(institute, "aanwezigheid-utf8-bom-puntkomma.csv")
    updated = (
        b"leerlingnummer;datum;binnen;klaar\n"
        b"100001;03-12-2026;14:35;17:15\n"  # klaar changed
        b"100002;03-12-2026;;\n"  # empty cells: unchanged
    )

    outcome = importing.run(institute, ADMIN, ImportFile("bijgewerkt.csv", updated))

    assert (outcome.inserted, outcome.updated, outcome.unchanged) == (0, 1, 1)
    expected = list(ATTENDANCE)
    expected[0] = expected[0][:4] + (time(17, 15),) + expected[0][5:]
    assert attendance(institute) == expected


def test_an_updated_homework_file_updates_the_comment_only(institute):
    run(institute, "huiswerk.csv")
    changed = (
        (FIXTURES / "huiswerk.csv")
        .read_text(encoding="utf-8-sig")
        .replace("goed gedaan", "heel goed gedaan")
    )

    outcome = importing.run(
        institute, ADMIN, ImportFile("huiswerk.csv", changed.encode())
    )

    assert (outcome.inserted, outcome.updated, outcome.unchanged) == (0, 1, 2)


def test_a_dry_run_counts_but_changes_and_records_nothing(institute):
    before = everything(institute)
    imports = db.value(institute, "SELECT count(*) FROM imports")

    outcome = run(institute, "aanwezigheid-tab.txt", dry_run=True)

    assert (outcome.dry_run, outcome.inserted, outcome.outcome) == (True, 3, "imported")
    assert outcome.summary == (
        "aanwezigheid-tab.txt (aanwezigheid): 3 rijen; 3 nieuw, 0 gewijzigd, "
        "0 ongewijzigd, 0 geweigerd; proef, er is niets veranderd."
    )
    assert everything(institute) == before
    assert db.value(institute, "SELECT count(*) FROM imports") == imports


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("leerlingen.csv", "leerlingen"),
        ("ouders.csv", "ouders"),
        ("rooster.csv", "rooster"),
        ("aanwezigheid-tab.txt", "aanwezigheid"),
        ("huiswerk.csv", "huiswerk"),
        ("cijfers-decimale-komma.csv", "cijfers"),
        ("logboek.csv", "logboek"),
    ],
)
def test_the_kind_is_recognised_from_the_header(institute, name, kind):
    assert run(institute, name, dry_run=True).kind == kind


# --- the import log -------------------------------------------------------------------


def test_every_import_is_logged_with_who_when_checksum_and_counts(institute):
    run(institute, "aanwezigheid-tab.txt")
    run(institute, "fouten-cijfers.csv")

    found = db.rows(
        institute,
        "SELECT kind, file_name, checksum, imported_by, imported_at, inserted, updated, "
        "unchanged, rejected, outcome FROM imports ORDER BY id",
    )
    assert [row[:2] for row in found] == [
        ("leerlingen", "leerlingen.csv"),
        ("aanwezigheid", "aanwezigheid-tab.txt"),
        ("cijfers", "fouten-cijfers.csv"),
    ]
    assert found[1][2] == importing.reading.checksum(
        (FIXTURES / "aanwezigheid-tab.txt").read_bytes()
    )
    assert found[1][3:] == (ADMIN, datetime(2026, 12, 3, 16, 5), 3, 0, 0, 0, "imported")
    assert found[2][5:] == (0, 0, 0, 7, "refused")


def test_history_shows_the_latest_import_first_in_dutch(institute):
    run(institute, "fouten-cijfers.csv")

    shown = importing.history(institute)

    assert list(shown.columns) == [
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
    assert shown.iloc[0][["Tijdstip", "Soort", "Bestand", "Uitkomst"]].tolist() == [
        "03-12-2026 16:05",
        "cijfers",
        "fouten-cijfers.csv",
        "geweigerd",
    ]
    assert shown.iloc[1]["Uitkomst"] == "geïmporteerd"
