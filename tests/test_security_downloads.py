"""Every CSV and XLSX download neutralises spreadsheet formulas (product.md §8).

Text that starts with = + - @, a tab or a carriage return gets one leading quote
(studytrack.spreadsheet.neutralise, the one rule of every download); numbers stay
numbers. Checked on every download the pages offer — the Import page's exports,
problem lists and credentials, the Trends tables — with formula texts in every
free-text field, and on the domain functions behind them.
"""

import csv
import io
import re
import shutil

import openpyxl
import pytest

from studytrack import access, db, exporting, importing, spreadsheet
from studytrack.errors import AccessDenied
from studytrack.importing import ImportFile, delivery
from tests.conftest import app_as
from tests.test_security_access import Downloads

FORMULAS = (
    '=HYPERLINK("http://example.invalid";"klik")',
    "+31-6-12345678",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",  # already quoted once: gets a second quote, the import takes one off
)
STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(,\d+)?$")


def formula_db(source, target):
    """The demo with a formula in every free-text field."""
    shutil.copyfile(source, target)
    con = db.connect(target)
    pick = f"(?)[1 + id % {len(FORMULAS)}]"
    statements = [
        f"UPDATE pupils SET first_name = {pick}, last_name = {pick} || id, "
        f"school = {pick}, class_name = {pick}, address = {pick}, "
        f"focus_subjects = {pick}, phone = {pick}, email = {pick}",
        f"UPDATE accounts SET name = {pick}, email = {pick}, phone = {pick}",
        f"UPDATE attendance SET remark = (?)[1 + pupil_id % {len(FORMULAS)}], "
        f"absent_reason = CASE WHEN absent THEN (?)[1 + pupil_id % "
        f"{len(FORMULAS)}] END",
        f"UPDATE agenda_items SET subject = {pick}, description = {pick} || ' ' || "
        f"id, comment = {pick}",
        f"UPDATE logbook SET text = {pick} || id, author = {pick}",
        "UPDATE locations SET name = (?)[id] || ' vestiging'",
    ]
    for sql in statements:
        con.execute(sql, [list(FORMULAS)] * sql.count("(?)"))
    con.close()
    return target


@pytest.fixture(scope="module")
def formulas_db(demo_template, tmp_path_factory):
    return formula_db(
        demo_template, tmp_path_factory.mktemp("formulas") / "formulas.duckdb"
    )


@pytest.fixture
def formulas(formulas_db, monkeypatch):
    monkeypatch.setenv("STUDYTRACK_DB", str(formulas_db))
    con = db.connect(formulas_db)
    yield con
    con.close()


# --- reading downloads back ------------------------------------------------------------


def cells_of(data: bytes) -> list[str]:
    """Every cell of a CSV (`;`, UTF-8 with BOM) or an XLSX workbook, as text."""
    if data.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(data))
        found = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    # a cell openpyxl stored as a formula is a live formula in Excel
                    assert cell.data_type != "f", f"formula cell {cell.value!r}"
                    if cell.value is not None:
                        found.append(str(cell.value))
        return found
    text = data.decode("utf-8-sig")
    return [
        cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row
    ]


def live_formulas(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run: they start a formula and are not a number."""
    return [
        cell
        for cell in cells
        if cell.startswith(STARTS) and not NUMBER.match(cell.strip())
    ]


def neutralised(cells: list[str]) -> list[str]:
    """Cells that hold one of the formula texts, quoted."""
    return [cell for cell in cells if cell.startswith("'") and len(cell) > 1]


def is_spreadsheet(mime: str, data: bytes) -> bool:
    return "csv" in mime or "spreadsheet" in mime or data.startswith(b"PK")


def spreadsheets(downloads: Downloads) -> list[bytes]:
    found = []
    for mime, data in downloads.payloads:
        data = data() if callable(data) else data
        data = data.encode() if isinstance(data, str) else bytes(data)
        if is_spreadsheet(mime, data):
            found.append(data)
    return found


# --- the rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+31", "'+31"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("''-x", "'''-x"),
        ("gewoon", "gewoon"),
        ("'citaat'", "'citaat'"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_the_one_rule_quotes_formula_starts_once(text, safe):
    assert spreadsheet.neutralise(text) == safe
    assert exporting.guard_formula(text) == safe  # the same rule, not a second one


@pytest.mark.parametrize("value", [7, -2.5, None, True])
def test_numbers_and_empty_cells_stay_as_they_are(value):
    assert spreadsheet.neutralise(value) is value


def test_the_import_takes_exactly_the_added_quote_off(con, tmp_path):
    """Export → import gives the formula texts back exactly (no quote lost or kept)."""
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    for number, text in enumerate(FORMULAS, start=1):
        con.execute(
            "INSERT INTO pupils (number, first_name, last_name, location_id) "
            "VALUES (?, ?, 'Achternaam', 1)",
            [str(number), text.strip("\t\r") or "x"],
        )
    scope = exporting.institute_scope(con, "test")
    exported = exporting.export(con, scope, "leerlingen")
    con.execute("UPDATE pupils SET first_name = 'weg'")

    outcome = importing.run(con, "test", ImportFile("leerlingen.csv", exported))

    assert outcome.problem_count == 0, outcome.problems
    back = dict(db.rows(con, "SELECT number, first_name FROM pupils"))
    assert back == {
        str(n): text.strip("\t\r") or "x" for n, text in enumerate(FORMULAS, start=1)
    }


# --- every download ---------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", list(importing.KINDS))
def test_every_export_neutralises_formulas(formulas, kind, file_format):
    scope = exporting.institute_scope(formulas, "beheerder")

    cells = cells_of(exporting.export(formulas, scope, kind, file_format))

    assert live_formulas(cells) == []
    if kind not in ("rooster", "cijfers"):  # the kinds with free text
        assert neutralised(cells), "the formula texts are in the file, quoted"


def test_the_import_pages_downloads_neutralise_formulas(formulas, monkeypatch):
    downloads = Downloads(monkeypatch)
    at = app_as("beheerder", "pages/importeren.py")
    at.segmented_control(key="import_section").set_value("Exporteren").run()
    assert not at.exception

    files = spreadsheets(downloads)

    assert len(files) == 2 * len(importing.KINDS)
    for data in files:
        assert live_formulas(cells_of(data)) == []


def test_the_trends_downloads_neutralise_formulas(formulas, monkeypatch):
    downloads = Downloads(monkeypatch)
    at = app_as("beheerder", "pages/trends.py")
    control = at.segmented_control(key="trends_view")
    for view in control.options[1:]:
        control.set_value(view).run()
        assert not at.exception, view
        control = at.segmented_control(key="trends_view")
    # the comparison per school and per class holds imported names
    at.segmented_control(key="trends_view").set_value("Vergelijking").run()
    for by in ("school", "klas", "mentor"):
        at.segmented_control(key="trends_compare_by").set_value(by).run()

    files = spreadsheets(downloads)

    assert len(files) >= 5
    cells = [cell for data in files for cell in cells_of(data)]
    assert live_formulas(cells) == []
    assert neutralised(cells), "imported names are in the tables, quoted"


OUDERS = (
    "gebruikersnaam;naam;email;telefoon;leerlingnummer\r\n"
    'formule1;"=HYPERLINK(""http://example.invalid"";""klik"")";;+31612345678;100001\r\n'
    "formule2;@SUM(A1:A9);;;100002\r\n"
    "formule3;-2+3;;;100003\r\n"
    "formule4;Gewone Naam;;;=1+1\r\n"
)


def test_credentials_and_problem_lists_neutralise_formulas(demo_db, monkeypatch):
    downloads = Downloads(monkeypatch)
    at = app_as("beheerder", "pages/importeren.py")
    at.file_uploader[0].set_value(("ouders.csv", OUDERS.encode(), "text/csv"))
    at.checkbox(key="import_good_only").check()
    at.run()
    assert not at.exception
    at.button(key="import_commit").click().run()
    assert not at.exception

    files = spreadsheets(downloads)
    cells = [cell for data in files for cell in cells_of(data)]

    # the problem list (=1+1 is no leerlingnummer) and the three new parents
    assert "'=1+1" in cells
    assert "'@SUM(A1:A9)" in cells and "'-2+3" in cells
    assert live_formulas(cells) == []


def test_the_domain_csvs_of_the_import_neutralise_formulas():
    credentials = [importing.Credential("=1+1", "-login", "k7mq-p3xa-92ht")]
    problems = [importing.Problem(2, "@kolom", "+31", "=fout")]

    cells = cells_of(delivery.credentials_csv(credentials)) + cells_of(
        delivery.problems_csv(problems)
    )

    assert live_formulas(cells) == []
    assert {"'=1+1", "'-login", "'@kolom", "'+31", "'=fout"} <= set(cells)


def test_the_checks_catch_a_live_formula():
    """The detector itself: an unguarded CSV is caught."""
    bad = "naam;getal\r\n=1+1;-3\r\n".encode("utf-8-sig")

    assert live_formulas(cells_of(bad)) == ["=1+1"]


def test_a_scope_without_the_admin_gets_no_export(formulas):
    scope = access.scope_for(formulas, access.viewer_for(formulas, "begeleider1"))

    with pytest.raises(AccessDenied):
        exporting.export(formulas, scope, "leerlingen")
