"""Exports in the import's own format: Dutch Excel CSV or XLSX, formulas neutralised,
and export → import into an empty database gives the same data."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from studytrack import access, accounts, db, exporting, importing
from studytrack.errors import AccessDenied
from studytrack.importing import ImportFile

FIXTURES = Path(__file__).parent / "fixtures" / "import"
ORDER = [
    "leerlingen",
    "ouders",
    "rooster",
    "aanwezigheid",
    "huiswerk",
    "cijfers",
    "logboek",
]


def admin_scope(con) -> access.Scope:
    return exporting.institute_scope(con, "beheerder")


@pytest.fixture
def institute(con):
    accounts.create(con, "test", "mentor1", "mentor", "Mentor Een")
    accounts.create(con, "test", "mentor2", "mentor", "Mentor Twee")
    for name in (
        "leerlingen.csv",
        "ouders.csv",
        "rooster.csv",
        "cijfers-decimale-komma.csv",
        "huiswerk.csv",
        "logboek.csv",
        "formules.csv",
    ):
        outcome = importing.run(con, "test", ImportFile.from_path(FIXTURES / name))
        assert outcome.outcome == "imported", outcome.problems
    importing.run(con, "test", ImportFile.from_path(FIXTURES / "aanwezigheid-tab.txt"))
    return con


def test_csv_is_dutch_excel_with_bom_semicolons_and_the_import_headers(institute):
    data = exporting.export(institute, admin_scope(institute), "aanwezigheid")

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        "leerlingnummer;datum;verwacht;binnen;klaar;afgemeld;reden;opmerking",
        "100001;03-12-2026;14:30;14:35;17:00;nee;;komt later, tandarts",
        "100002;03-12-2026;14:30;;;ja;ziek;",
        "100003;03-12-2026;15:00;15:00;;nee;;café",
        "",
    ]


def test_grades_have_a_decimal_comma_and_weights_no_needless_decimals(institute):
    text = exporting.export(institute, admin_scope(institute), "cijfers").decode(
        "utf-8-sig"
    )

    assert text.split("\r\n")[:4] == [
        "leerlingnummer;datum;vak;soort;omschrijving;cijfer;weging",
        "100001;01-12-2026;Wiskunde;SO;H4 paragraaf 1-3;7,5;1",
        "100001;02-12-2026;Engels;proefwerk;Unit 5;5,4;2",
        "100002;02-12-2026;Frans;SO;Chapitre 3;10,0;0,5",
    ]


def test_schedule_days_are_written_as_the_import_reads_them(institute):
    text = exporting.export(institute, admin_scope(institute), "rooster").decode(
        "utf-8-sig"
    )

    assert text.split("\r\n")[1:5] == [
        "100001;ma;14:30;;",
        "100001;wo;13:00;;",
        "100001;vr;14:30;01-01-2027;",
        "100002;di;15:00;01-09-2026;31-12-2026",
    ]


def test_cells_a_spreadsheet_would_run_as_formulas_get_a_leading_quote(institute):
    text = exporting.export(institute, admin_scope(institute), "logboek").decode(
        "utf-8-sig"
    )

    assert "100002;01-12-2026;AB;'=1+1 is geen formule hier" in text
    assert "100001;01-12-2026;AB;'+31 6 12345678" in text
    assert "100001;01-12-2026;AB;'-- niet vergeten" in text
    assert "100001;01-12-2026;AB;'@mentor" in text
    assert "100001;01-12-2026;AB;''=twee aanhalingstekens" in text
    assert "100001;01-12-2026;AB;'t Is goed gegaan" in text
    assert ";=" not in text and ";+" not in text and ";@" not in text


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+31", "'+31"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("'t Hooft", "'t Hooft"),
        ("a=b", "a=b"),
    ],
)
def test_guard_formula(text, guarded):
    assert exporting.guard_formula(text) == guarded


def test_xlsx_export_holds_the_same_cells_as_text(institute):
    data = exporting.export(institute, admin_scope(institute), "logboek", "xlsx")

    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["leerlingnummer", "datum", "auteur", "tekst"]
    assert ["100002", "01-12-2026", "AB", "'=1+1 is geen formule hier"] in rows


def test_only_an_administrator_may_export(institute):
    viewer = access.Viewer(9, "ab", "Anna", "begeleider", "AB", frozenset({1}))
    scope = access.Scope(viewer, frozenset({1, 2, 3}))

    with pytest.raises(AccessDenied, match="Alleen de beheerder"):
        exporting.export(institute, scope, "leerlingen")


def _export_all(con, file_format="csv") -> dict[str, bytes]:
    scope = admin_scope(con)
    return {kind: exporting.export(con, scope, kind, file_format) for kind in ORDER}


def _import_all(con, files: dict[str, bytes], suffix="csv") -> None:
    for kind in ORDER:
        outcome = importing.run(
            con, "test", ImportFile(f"{kind}.{suffix}", files[kind]), kind
        )
        assert outcome.outcome == "imported", (kind, outcome.problems[:5])


def _mentors(con) -> list[tuple[str, str]]:
    return db.rows(
        con, "SELECT login, name FROM accounts WHERE role = 'mentor' ORDER BY login"
    )


def test_export_then_import_into_an_empty_database_gives_the_same_data(
    demo_con, tmp_path
):
    exported = _export_all(demo_con)
    empty = db.connect(tmp_path / "leeg.duckdb")
    try:
        for login, name in _mentors(demo_con):
            accounts.create(empty, "test", login, "mentor", name)

        _import_all(empty, exported)

        assert _export_all(empty) == exported
        assert db.value(empty, "SELECT count(*) FROM attendance") == db.value(
            demo_con, "SELECT count(*) FROM attendance"
        )
    finally:
        empty.close()


def test_xlsx_export_then_import_round_trips_too(institute, tmp_path):
    exported = _export_all(institute, "xlsx")
    empty = db.connect(tmp_path / "leeg.duckdb")
    try:
        for login, name in _mentors(institute):
            accounts.create(empty, "test", login, "mentor", name)

        _import_all(empty, exported, "xlsx")

        assert _export_all(empty) == _export_all(institute)
    finally:
        empty.close()


def test_export_to_file_chooses_the_format_by_name(institute, tmp_path):
    scope = admin_scope(institute)

    csv_rows = exporting.export_to_file(
        institute, scope, "leerlingen", tmp_path / "l.csv"
    )
    xlsx_rows = exporting.export_to_file(
        institute, scope, "leerlingen", tmp_path / "l.xlsx"
    )

    assert csv_rows == xlsx_rows == 3
    assert (tmp_path / "l.csv").read_bytes().startswith(b"\xef\xbb\xbfleerlingnummer;")
    assert (tmp_path / "l.xlsx").read_bytes().startswith(b"PK\x03\x04")
