"""The Import page through app.py with AppTest: upload, preview, problems, commit,
history and exports, for the administrator only."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from studytrack import access, accounts, db, importing
from studytrack.importing import ImportFile
from tests.conftest import ROOT, app_as, offered_pages

PAGE = "pages/importeren.py"
FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def institute(con):
    accounts.create(
        con,
        "test",
        "baas",
        "beheerder",
        "Fatima El Amrani",
        password="beheer-wachtwoord",
    )
    accounts.create(
        con,
        "test",
        "ab",
        "begeleider",
        "Anna Bos",
        initials="AB",
        password="begeleider-ww",
    )
    accounts.create(con, "test", "mentor1", "mentor", "Mentor Een")
    accounts.create(con, "test", "mentor2", "mentor", "Mentor Twee")
    importing.run(con, "baas", ImportFile.from_path(FIXTURES / "leerlingen.csv"))
    return con


def upload(at, name: str, kind: str | None = None, good_only: bool = False):
    data = (FIXTURES / name).read_bytes()
    at.file_uploader[0].set_value((name, data, "text/csv"))
    if kind:
        at.selectbox(key="import_kind").set_value(kind)
    if good_only:
        at.checkbox(key="import_good_only").check()
    at.run()
    assert not at.exception, at.exception
    return at


def table_with(at, column: str):
    """The (first) table on the page that has this column."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_the_page_is_for_the_administrator_only(institute):
    assert "Import" in offered_pages(app_as("baas"))
    assert "Import" not in offered_pages(app_as("ab"))
    # … and the page itself refuses anyone else, whatever the navigation does.
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    at.session_state["scope"] = access.scope_for(
        institute, access.viewer_for(institute, "ab")
    )
    at.run()
    assert [error.value for error in at.error] == [
        "Importeren is alleen voor de beheerder."
    ]
    assert len(at.file_uploader) == 0


def test_without_a_file_the_page_explains_what_to_do(institute):
    at = app_as("baas", PAGE)

    assert not at.exception, at.exception
    assert at.title[0].value == "Import"
    assert at.info[0].value.startswith("Kies een bestand.")
    assert "import_commit" not in [button.key for button in at.button]


def test_a_file_with_problems_shows_them_and_cannot_be_imported_as_a_whole(institute):
    at = upload(app_as("baas", PAGE), "fouten-cijfers.csv")

    assert metrics(at) == {
        "Rijen": "8",
        "Nieuw": "1",
        "Gewijzigd": "0",
        "Ongewijzigd": "0",
        "Met problemen": "7",
    }
    assert at.subheader[0].value == "7 problemen"
    table = table_with(at, "Probleem")
    assert list(table.columns) == ["Regel", "Kolom", "Waarde", "Probleem"]
    assert table.iloc[0].tolist() == [
        2,
        "cijfer",
        "11",
        "Een cijfer ligt tussen 1,0 en 10,0; '11' niet.",
    ]
    assert at.button(key="import_commit").disabled
    assert db.value(institute, "SELECT count(*) FROM agenda_items") == 0


def test_good_rows_only_imports_the_rest_and_records_it(institute):
    at = upload(app_as("baas", PAGE), "fouten-cijfers.csv", good_only=True)
    assert not at.button(key="import_commit").disabled

    at.button(key="import_commit").click().run()

    assert not at.exception, at.exception
    assert at.warning[0].value == (
        "fouten-cijfers.csv (cijfers): 8 rijen; 1 nieuw, 0 gewijzigd, 0 ongewijzigd, "
        "7 geweigerd."
    )
    assert db.value(institute, "SELECT count(*) FROM agenda_items") == 1
    assert db.rows(
        institute, "SELECT imported_by, outcome FROM imports ORDER BY id DESC LIMIT 1"
    ) == [("baas", "partial")]


def test_a_clean_file_is_recognised_previewed_and_imported(institute):
    at = upload(app_as("baas", PAGE), "aanwezigheid-kolommen-door-elkaar.csv")

    assert "Aanwezigheid" in at.markdown[0].value
    assert metrics(at)["Nieuw"] == "3"
    assert at.warning[0].value == "Onbekende kolommen, die worden overgeslagen: Notitie"
    preview = table_with(at, "Leerlingnummer")
    assert list(preview["Leerlingnummer"]) == ["100001", "100002", "100003"]

    at.button(key="import_commit").click().run()

    assert at.success[0].value.endswith(
        "3 rijen; 3 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 geweigerd."
    )
    assert db.value(institute, "SELECT count(*) FROM attendance") == 3
    assert len(at.file_uploader) == 1 and at.file_uploader[0].value is None


def test_new_parents_credentials_are_offered_once_and_can_be_forgotten(institute):
    at = upload(app_as("baas", PAGE), "ouders.csv")
    at.button(key="import_commit").click().run()

    assert not at.exception, at.exception
    box = at.get("download_button")
    assert [button.proto.label for button in box] == [
        "Brieven met inloggegevens (PDF)",
        "Lijst met wachtwoorden (CSV)",
    ]
    assert "2 nieuwe ouders" in at.markdown[0].value

    at.button(key="import_forget").click().run()

    assert at.get("download_button") == []


def test_history_lists_every_import_newest_first(institute):
    importing.run(
        institute, "baas", ImportFile.from_path(FIXTURES / "fouten-cijfers.csv")
    )
    at = app_as("baas", PAGE)

    at.segmented_control(key="import_section").set_value("Geschiedenis").run()

    table = table_with(at, "Bestand")
    assert list(table["Bestand"]) == ["fouten-cijfers.csv", "leerlingen.csv"]
    assert list(table["Uitkomst"]) == ["geweigerd", "geïmporteerd"]
    assert list(table["Door"]) == ["baas", "baas"]


def test_exports_offer_every_kind_as_csv_and_xlsx(institute):
    at = app_as("baas", PAGE)

    at.segmented_control(key="import_section").set_value("Exporteren").run()

    assert not at.exception, at.exception
    buttons = at.get("download_button")
    assert len(buttons) == 2 * len(importing.KINDS)
    assert "**Leerlingen** · 3 rijen" in [m.value for m in at.markdown]
