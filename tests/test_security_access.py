"""Nobody sees a pupil outside their scope (product.md §1), proven page by page.

The demo institute has two families (ouder1: two children at Centrum, ouder2: one
at Oost), two mentors and staff of both locations; one pupil is deactivated here.
For every page of app.PAGES and every role the test renders the page in AppTest
and reads ALL of it — headings, Markdown and HTML bodies, labels, options,
dataframes, charts and the payloads of the downloads (PDF, calendar, CSV, XLSX) —
and checks that no name or leerlingnummer of a pupil outside the user's scope is in
it. Pages a role must not get are not offered, and refuse when forced. Then the
same with tampered query parameters and session state, and every domain read with
a scope that excludes the pupil.
"""

import ast
import html
import inspect
import io
import json
import pkgutil
import re
import shutil
from datetime import date, datetime, time, timedelta

import openpyxl
import pytest
from google.protobuf import text_format
from google.protobuf.message import Message
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import studytrack
from studytrack import (
    absence,
    access,
    accounts,
    admin,
    agenda,
    calendar_ics,
    db,
    desk,
    dossier,
    exporting,
    grades,
    homework,
    logbook,
    pupils,
    report,
    trends,
    ui,
)
from studytrack.errors import AccessDenied, StudyTrackError
from tests.conftest import ROOT, app_as, offered_pages

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 16, 5)


def _app_tables() -> tuple[dict[str, tuple], dict[str, dict[str, list[str]]]]:
    """PAGES and MENUS as app.py defines them (read, not imported: importing runs it)."""
    tree = ast.parse((ROOT / "app.py").read_text())
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            names[node.targets[0].id] = node.value
    pages = ast.literal_eval(names["PAGES"])
    lists = {key: ast.literal_eval(names[key]) for key in ("PUPIL_PAGES", "STAFF_DAY")}
    menus = ast.literal_eval(
        ast.unparse(names["MENUS"]).replace("PUPIL_PAGES", repr(lists["PUPIL_PAGES"]))
        .replace("STAFF_DAY", repr(lists["STAFF_DAY"]))
    )  # fmt: skip
    return pages, menus


APP_PAGES, APP_MENUS = _app_tables()
PAGE_FILES = {key: value[0] for key, value in APP_PAGES.items()}
PAGE_TITLES = {key: value[1] for key, value in APP_PAGES.items()}

# The table of pages × roles: which pages each role gets (product.md §1). The test
# below checks app.py against it, and every cell of it against the rendered page.
PUPIL_TABS = {"agenda", "cijfers", "dossier", "logboek", "rapportage"}
STAFF_DAY = {"vandaag", "huiswerk", "cijfers_invoeren", "notities"}
ALLOWED = {
    "ouder": PUPIL_TABS | {"account"},
    "leerling": PUPIL_TABS | {"account"},
    "mentor": PUPIL_TABS | {"trends", "account"},
    "begeleider": STAFF_DAY | PUPIL_TABS | {"account"},
    "beheerder": set(APP_PAGES),
}
LOGINS = {
    "ouder1": "ouder",
    "ouder2": "ouder",
    "leerling1": "leerling",
    "mentor1": "mentor",
    "begeleider1": "begeleider",
    "begeleider2": "begeleider",
    "beheerder": "beheerder",
}
# What a page says when it is run for a role that may not have it.
REFUSALS = {
    "vandaag": "alleen voor de begeleiding",
    "huiswerk": "alleen voor de begeleiding",
    "cijfers_invoeren": "alleen voor de begeleiding",
    "notities": "alleen voor de begeleiding",
    "importeren": "alleen voor de beheerder",
    "beheer": "alleen voor de beheerder",
    "trends": "alleen voor mentoren en de beheerder",
}
# A Centrum pupil of mentor2 and of a family other than ouder1's, made inactive.
DEACTIVATED = "100004"


# --- the institute ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def institute(demo_template, tmp_path_factory):
    """A copy of the demo with one deactivated pupil, shared by this module (read only)."""
    path = tmp_path_factory.mktemp("access") / "access.duckdb"
    shutil.copyfile(demo_template, path)
    con = db.connect(path)
    con.execute("UPDATE pupils SET active = FALSE WHERE number = ?", [DEACTIVATED])
    con.close()
    return path


@pytest.fixture
def con(institute, monkeypatch):
    monkeypatch.setenv("STUDYTRACK_DB", str(institute))
    return ui._connection(str(institute))


def scope_of(con, login: str) -> access.Scope:
    return access.scope_for(con, access.viewer_for(con, login))


def everybody(con) -> dict[int, tuple[str, str]]:
    """Every pupil, active or not: id → (full name, leerlingnummer)."""
    return {
        pupil_id: (" ".join(part for part in (first, infix, last) if part), number)
        for pupil_id, first, infix, last, number in db.rows(
            con, "SELECT id, first_name, infix, last_name, number FROM pupils"
        )
    }


def outsiders(con, login: str) -> dict[int, tuple[str, str]]:
    """The pupils `login` may not see (the admin may see every pupil, even inactive)."""
    if LOGINS[login] == "beheerder":
        return {}
    visible = scope_of(con, login).pupil_ids
    return {key: value for key, value in everybody(con).items() if key not in visible}


# --- reading everything a page rendered -----------------------------------------------


class Downloads:
    """Catches every download payload a run registers, also the deferred ones."""

    def __init__(self, monkeypatch):
        self.payloads: list[tuple[str, object]] = []
        add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

        def record(manager, data, mimetype, *args, **kwargs):
            self.payloads.append((mimetype or "", data))
            return add(manager, data, mimetype, *args, **kwargs)

        def record_deferred(manager, callable_, mimetype, *args, **kwargs):
            self.payloads.append((mimetype or "", callable_))
            return add_deferred(manager, callable_, mimetype, *args, **kwargs)

        monkeypatch.setattr(MediaFileManager, "add", record)
        monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)

    def text(self) -> str:
        """The payloads as text: PDFs and workbooks read, calendars and CSVs decoded."""
        return "\n".join(payload_text(mime, data) for mime, data in self.payloads)


def payload_text(mime: str, data) -> str:
    if callable(data):
        data = data()
    if isinstance(data, str):
        return data
    data = bytes(data)
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(data)).pages
        )
    if data.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            ";".join("" if cell is None else str(cell) for cell in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if mime.startswith("image/"):
        return ""
    return data.decode("utf-8", errors="replace")


def rendered(at) -> str:
    """Every piece of text of the last run: all protos of the element tree (labels,
    bodies, options, help texts, chart specs) and the cells of every dataframe."""
    parts = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            parts.append(text_format.MessageToString(proto, as_utf8=True))
        if getattr(node, "type", None) in ("arrow_data_frame", "dataframe", "table"):
            parts.append(node.value.to_csv())
    return "\n".join(parts)


def spellings(name: str) -> set[str]:
    """A name as it can appear: plain, HTML-escaped, Markdown-escaped, in JSON."""
    return {name, html.escape(name), ui.escape(name), json.dumps(name)[1:-1]}


# Streamlit's own identifiers (element ids, file ids, urls) are hashes, not text.
_IDENTIFIERS = re.compile(
    r'^\s*(id|form_id|deferred_file_id|url|fragment_id|active_script_hash): ".*"$',
    re.MULTILINE,
)


def leaks(text: str, hidden: dict[int, tuple[str, str]]) -> list[str]:
    """What of the hidden pupils is in `text`: names and leerlingnummers."""
    text = _IDENTIFIERS.sub("", text)
    found = []
    for name, number in hidden.values():
        found += [f"name {name!r}" for spelled in spellings(name) if spelled in text]
        if re.search(rf"(?<![0-9A-Za-z]){number}(?![0-9A-Za-z])", text):
            found.append(f"leerlingnummer {number}")
    return sorted(set(found))


def errors_of(at) -> list[str]:
    return [str(item.value) for item in at.exception]


def whole_page(at, page: str) -> str:
    """All text of a page, with every section or view of it opened once."""
    texts = [rendered(at)]
    switches = {
        "trends": "trends_view",
        "importeren": "import_section",
        "beheer": "admin_section",
    }
    if page in switches:
        control = at.segmented_control(key=switches[page])
        for option in control.options[1:]:
            control.set_value(option).run()
            assert not errors_of(at), (page, option, errors_of(at))
            texts.append(rendered(at))
            control = at.segmented_control(key=switches[page])
    return "\n".join(texts)


# --- the table of pages × roles ---------------------------------------------------------


def test_the_table_matches_the_navigation_of_app_py():
    assert set(ALLOWED) == set(APP_MENUS)
    for role, menu in APP_MENUS.items():
        offered = {key for keys in menu.values() for key in keys}
        assert offered == ALLOWED[role], role
    files = {f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py")}
    assert files == set(PAGE_FILES.values())


@pytest.mark.parametrize("login", sorted(LOGINS))
def test_each_role_is_offered_exactly_its_pages(con, login):
    at = app_as(login)

    assert not errors_of(at)
    role = LOGINS[login]
    screens = set(offered_pages(at)) & set(PAGE_TITLES.values())
    assert screens == {PAGE_TITLES[key] for key in ALLOWED[role]}


CELLS = [
    (login, page)
    for login, role in LOGINS.items()
    for page in APP_PAGES
    if page in ALLOWED[role]
]


@pytest.mark.parametrize(("login", "page"), CELLS)
def test_a_page_shows_nothing_of_a_pupil_outside_the_scope(
    con, monkeypatch, login, page
):
    downloads = Downloads(monkeypatch)
    at = app_as(login, PAGE_FILES[page])
    assert not errors_of(at), errors_of(at)

    text = whole_page(at, page) + downloads.text()

    assert leaks(text, outsiders(con, login)) == []
    # the check reads what the page shows: the user's own pupils are in it
    if page in PUPIL_TABS | STAFF_DAY - {"vandaag"}:
        first = pupils.visible(con, scope_of(con, login))[0]
        assert first.name in text


@pytest.mark.parametrize("page", ["agenda", "dossier", "cijfers", "logboek"])
def test_a_parent_of_two_sees_only_their_own_two_children_on_each(con, page):
    at = app_as("ouder1", PAGE_FILES[page])
    own = pupils.visible(con, scope_of(con, "ouder1"))
    picker = at.selectbox(key="pupil_picker")

    assert sorted(picker.options) == sorted(ui._pupil_label(pupil) for pupil in own)
    picker.select(own[1].id).run()
    assert not errors_of(at)
    assert own[1].name in at.expander[0].label
    assert leaks(rendered(at), outsiders(con, "ouder1")) == []


FORBIDDEN = [
    pytest.param(login, page)
    for login, role in LOGINS.items()
    for page in APP_PAGES
    if page not in ALLOWED[role]
]


@pytest.mark.parametrize(("login", "page"), FORBIDDEN)
def test_a_page_a_role_may_not_have_is_not_offered_and_refuses_when_forced(
    con, login, page
):
    # not offered
    at = app_as(login)
    assert PAGE_TITLES[page] not in offered_pages(at)

    # forced by address: a session that is on the page (here: the admin's) while the
    # signed-in account is `login` gets that role's first page instead
    at = app_as("beheerder", PAGE_FILES[page])
    at.session_state["login"] = login
    at.run()
    assert not errors_of(at)
    assert PAGE_TITLES[page] not in offered_pages(at)
    shown = [item.value for item in [*at.title, *at.header]]
    assert not any(PAGE_TITLES[page] in heading for heading in shown), shown
    assert leaks(rendered(at), outsiders(con, login)) == []

    # forced by running the page itself with this role's scope in session state
    direct = AppTest.from_file(str(ROOT / PAGE_FILES[page]), default_timeout=60)
    direct.session_state["scope"] = scope_of(con, login)
    direct.session_state["login"] = login
    direct.run()
    assert not errors_of(direct)
    messages = " ".join(item.value for item in [*direct.error, *direct.info])
    assert REFUSALS[page] in messages
    assert leaks(rendered(direct), outsiders(con, login)) == []


# --- tampering: the address and session state -------------------------------------------


def other_pupil(con, login: str) -> tuple[int, str]:
    """A pupil `login` may not see, preferably of the other location (id, number)."""
    hidden = outsiders(con, login)
    own_locations = {
        pupil.location for pupil in pupils.visible(con, scope_of(con, login))
    }
    for pupil_id, (_name, number) in sorted(hidden.items()):
        place = db.value(
            con,
            "SELECT l.name FROM pupils p JOIN locations l ON l.id = p.location_id "
            "WHERE p.id = ?",
            [pupil_id],
        )
        if place not in own_locations:
            return pupil_id, number
    pupil_id = min(hidden)
    return pupil_id, hidden[pupil_id][1]


def location_id(con, name: str) -> int:
    return db.value(con, "SELECT id FROM locations WHERE name = ?", [name])


def tampered_state(con, login: str) -> dict:
    """Every session-state key a page reads a pupil, location or period from, set to
    something outside the scope."""
    pupil_id, _number = other_pupil(con, login)
    oost = location_id(con, "Oost")
    keys = {
        ui.PUPIL_KEY: pupil_id,
        "pupil_picker": pupil_id,
        "hw_pupil": pupil_id,
        "grades_pupil": pupil_id,
        "notes_pupil": pupil_id,
        "desk_location": oost,
        "desk_last": pupil_id,
        "trends_pupil": pupil_id,
        "trends_clicked": pupil_id,
        "trends_group_vestiging": trends.Group("vestiging", (oost,), "Oost"),
        "trends_group_kind": "vestiging",
        f"logbook_month_{pupil_id}": (2026, 11),
        f"report_month_{pupil_id}": (2026, 11),
        f"trends_month_{pupil_id}": (2026, 11),
        "agenda_week_offset": 10_000,
        "hw_week": date(1900, 1, 1),
    }
    return keys


def tampered_query(con, login: str) -> dict[str, str]:
    pupil_id, number = other_pupil(con, login)
    return {
        "pupil": str(pupil_id),
        "pupil_id": str(pupil_id),
        "leerling": number,
        "leerlingnummer": number,
        "location": str(location_id(con, "Oost")),
        "vestiging": "Oost",
        "week": "2020-01-06",
        "login": "beheerder",
    }


def tamper(login: str, page: str, state: dict, query: dict | None = None):
    """Open `page` as `login` with tampered session state and query parameters.

    The values are set on another page (Mijn account), as a client could send them
    before opening the page: widget keys then reach the page as they are.
    """
    at = app_as(login, PAGE_FILES["account"])
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    return at.switch_page(PAGE_FILES[page]).run()


TAMPER_CELLS = [
    (login, page)
    for login, role in LOGINS.items()
    for page in APP_PAGES
    if page in ALLOWED[role] and role != "beheerder" and page != "account"
]


@pytest.mark.parametrize(("login", "page"), TAMPER_CELLS)
def test_tampered_query_parameters_and_session_state_widen_nothing(
    con, monkeypatch, login, page
):
    downloads = Downloads(monkeypatch)
    at = tamper(login, page, tampered_state(con, login), tampered_query(con, login))

    assert not errors_of(at), errors_of(at)
    hidden = outsiders(con, login)
    assert leaks(rendered(at) + downloads.text(), hidden) == []
    # the session still belongs to `login`, with its own scope
    assert at.session_state["scope"].pupil_ids == scope_of(con, login).pupil_ids
    # and the next run after a click somewhere is as clean
    at.run()
    assert not errors_of(at)
    assert leaks(rendered(at), hidden) == []


def test_a_begeleider_forcing_the_other_location_on_the_desk_sees_their_own(con):
    at = tamper("begeleider1", "vandaag", {"desk_location": location_id(con, "Oost")})

    assert not errors_of(at)
    assert at.session_state["desk_location"] == location_id(con, "Centrum")
    assert leaks(rendered(at), outsiders(con, "begeleider1")) == []


def test_the_trends_drill_down_refuses_a_pupil_outside_the_scope(con):
    pupil_id, _ = other_pupil(con, "mentor1")
    at = tamper("mentor1", "trends", {"trends_pupil": pupil_id})

    assert not errors_of(at)
    assert at.session_state["trends_pupil"] != pupil_id
    assert leaks(rendered(at), outsiders(con, "mentor1")) == []


# --- every domain read with a scope that excludes the pupil -----------------------------


def _other_locations_item(con, pupil_id: int) -> int:
    return db.value(
        con, "SELECT min(id) FROM agenda_items WHERE pupil_id = ?", [pupil_id]
    )


def _note(con, pupil_id: int) -> int:
    return db.value(con, "SELECT min(id) FROM logbook WHERE pupil_id = ?", [pupil_id])


def domain_calls(con, pupil_id: int, location: int):
    """Each function of studytrack/ that takes a scope, called on the hidden pupil.

    Returns (name, call); a call either raises AccessDenied or returns what it found.
    """
    pupil = pupils.Pupil(pupil_id, "x", "x", None, "x", None, None, "x")
    item_id = _other_locations_item(con, pupil_id)
    note_id = _note(con, pupil_id)
    period = trends.Period(TODAY - timedelta(days=90), TODAY)
    group = trends.Group("vestiging", (location,), "x")
    leerling = trends.Group("leerling", (pupil_id,), "x")
    return {
        "absence.report": lambda s: absence.report(con, s, pupil_id, TODAY, "ziek"),
        "absence.reportable_days": lambda s: absence.reportable_days(
            con, s, pupil_id, NOW
        ),
        "absence.upcoming": lambda s: absence.upcoming(con, s, pupil_id, NOW),
        "absence.withdraw": lambda s: absence.withdraw(con, s, pupil_id, TODAY),
        "admin.account": lambda s: admin.account(con, s, "ouder1"),
        "admin.accounts_list": lambda s: admin.accounts_list(con, s),
        "admin.add_location": lambda s: admin.add_location(con, s, "Noord"),
        "admin.create_account": lambda s: admin.create_account(
            con, s, "indringer", "ouder", "Indringer", pupil_ids=[pupil_id]
        ),
        "admin.lift_lock": lambda s: admin.lift_lock(con, s, "ouder1"),
        "admin.locations": lambda s: admin.locations(con, s),
        "admin.locked_logins": lambda s: admin.locked_logins(con, s),
        "admin.pupil": lambda s: admin.pupil(con, s, pupil_id),
        "admin.pupils": lambda s: admin.pupils(con, s),
        "admin.rename_location": lambda s: admin.rename_location(
            con, s, location, "Weg"
        ),
        "admin.require_admin": lambda s: admin.require_admin(s),
        "admin.reset_password": lambda s: admin.reset_password(con, s, "ouder1"),
        "admin.save_pupil": lambda s: admin.save_pupil(
            con,
            s,
            admin.PupilFields(
                number="999999", first_name="X", last_name="Y", location_id=location
            ),
        ),
        "admin.schedule": lambda s: admin.schedule(con, s, pupil_id),
        "admin.set_account_locations": lambda s: admin.set_account_locations(
            con, s, "begeleider2", [location]
        ),
        "admin.set_account_pupils": lambda s: admin.set_account_pupils(
            con, s, "ouder2", [pupil_id]
        ),
        "admin.set_active": lambda s: admin.set_active(con, s, "ouder1", False),
        "admin.set_pupil_active": lambda s: admin.set_pupil_active(
            con, s, pupil_id, False
        ),
        "admin.set_pupil_mentors": lambda s: admin.set_pupil_mentors(
            con, s, pupil_id, ["mentor2"]
        ),
        "admin.set_schedule": lambda s: admin.set_schedule(
            con, s, pupil_id, {1: time(15, 0)}
        ),
        "admin.update_account": lambda s: admin.update_account(
            con, s, "ouder1", "X", None, None, None
        ),
        "agenda.items_between": lambda s: agenda.items_between(
            con, s, pupil_id, TODAY - timedelta(days=60), TODAY
        ),
        "agenda.today_line": lambda s: agenda.today_line(con, s, pupil_id, NOW),
        "agenda.week": lambda s: agenda.week(con, s, pupil_id, TODAY),
        "calendar_ics.coming_weeks": lambda s: calendar_ics.coming_weeks(
            con, s, "Instituut", pupil, NOW
        ),
        "desk.day_list": lambda s: desk.day_list(con, s, location),
        "desk.locations": lambda s: desk.locations(con, s),
        "desk.mark_absent": lambda s: desk.mark_absent(con, s, pupil_id, "ziek"),
        "desk.mark_done": lambda s: desk.mark_done(con, s, pupil_id),
        "desk.mark_in": lambda s: desk.mark_in(con, s, pupil_id),
        "desk.set_remark": lambda s: desk.set_remark(con, s, pupil_id, "x"),
        "desk.undo": lambda s: desk.undo(con, s, pupil_id, 1),
        "desk.walk_in_candidates": lambda s: desk.walk_in_candidates(
            con, s, desk.day_list(con, s, location)
        ),
        "dossier.dossier": lambda s: dossier.dossier(con, s, pupil_id, TODAY),
        "exporting.export": lambda s: exporting.export(con, s, "leerlingen"),
        "exporting.export_to_file": None,  # writes what exporting.rows yields
        "exporting.row_count": lambda s: exporting.row_count(con, s, "leerlingen"),
        "exporting.rows": lambda s: list(exporting.rows(con, s, "aanwezigheid")),
        "grades.school_year_tests": lambda s: grades.school_year_tests(
            con, s, pupil_id, 2026
        ),
        "grades.tests_between": lambda s: grades.tests_between(
            con, s, pupil_id, date(2026, 8, 1), TODAY
        ),
        "homework.add": lambda s: homework.add(
            con, s, pupil_id, TODAY, "Frans", "huiswerk", "x"
        ),
        "homework.edit": lambda s: _edit(con, s, item_id),
        "homework.item": lambda s: homework.item(con, s, item_id),
        "homework.remove": lambda s: homework.remove(con, s, item_id),
        "homework.set_comment": lambda s: homework.set_comment(
            con, s, item_id, "x", None
        ),
        "homework.set_grade": lambda s: homework.set_grade(con, s, item_id, "7"),
        "homework.sign_off": lambda s: homework.sign_off(con, s, item_id),
        "homework.subjects": lambda s: homework.subjects(con, s, pupil_id),
        "homework.tests_of": lambda s: homework.tests_of(con, s, pupil_id),
        "homework.undo_sign_off": lambda s: homework.undo_sign_off(con, s, item_id),
        "homework.week_items": lambda s: homework.week_items(
            con, s, pupil_id, homework.week_start(TODAY)
        ),
        "logbook.add_note": lambda s: logbook.add_note(con, s, pupil_id, TODAY, "x"),
        "logbook.months": lambda s: logbook.months(con, s, pupil_id),
        "logbook.notes": lambda s: logbook.notes(con, s, pupil_id, 2026, 11),
        "logbook.update_note": lambda s: logbook.update_note(con, s, note_id, "x"),
        "pupils.get": lambda s: pupils.get(con, s, pupil_id),
        "pupils.visible": lambda s: pupils.visible(con, s),
        "report.month_report": lambda s: report.month_report(
            con, s, pupil_id, 2026, 11, NOW
        ),
        "report.oldest_day": lambda s: report.oldest_day(con, s, pupil_id, TODAY),
        "trends.group_options": lambda s: trends.group_options(con, s, "vestiging"),
        "trends.learning": lambda s: trends.learning(con, s, leerling, period),
        "trends.overview": lambda s: trends.overview(con, s, group, period),
        "trends.pupil_group": lambda s: trends.pupil_group(s, pupil_id),
        "trends.pupil_trend": lambda s: trends.pupil_trend(con, s, pupil_id, period),
        "trends.scope_key": None,  # a fingerprint of the scope's own ids
    }


def _edit(con, scope: access.Scope, item_id: int) -> bool:
    """Edit an item as it was read by someone who may see it (the admin)."""
    seen = homework.item(con, scope_of(con, "beheerder"), item_id)
    return homework.edit(con, scope, seen, TODAY, "x", seen.kind, "x")


def scoped_functions() -> set[str]:
    """Every public function of studytrack/ with a `scope` parameter."""
    found = set()
    for info in pkgutil.walk_packages(studytrack.__path__, "studytrack."):
        if info.name in ("studytrack.ui", "studytrack.server", "studytrack.__main__"):
            continue
        module = __import__(info.name, fromlist=["_"])
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != info.name or name.startswith("_"):
                continue
            if "scope" in inspect.signature(function).parameters:
                found.add(f"{info.name.removeprefix('studytrack.')}.{name}")
    return found


@pytest.fixture
def writable(demo_con):
    """A fresh copy of the demo (these calls may write when a check is missing)."""
    return demo_con


def test_every_function_that_takes_a_scope_is_in_the_table(writable):
    table = domain_calls(writable, 1, 2)

    assert scoped_functions() - set(table) == set()


def mentions(found, pupil_id: int, number: str, name: str) -> bool:
    """Whether a result holds the hidden pupil: their id, number or name."""
    if found is None or isinstance(found, bool | int | str) and not found:
        return False
    if isinstance(found, bytes):
        return number.encode() in found or name.encode() in found
    text = repr(found)
    if number in text or name in text:
        return True
    return f"pupil_id={pupil_id}," in text or f"pupil_id={pupil_id})" in text


@pytest.mark.parametrize(
    ("login", "hidden_number"),
    [
        ("ouder2", "100001"),  # another family's child, other location
        ("leerling1", "100002"),  # their own brother
        ("mentor1", "100002"),  # mentor2's pupil
        ("begeleider2", "100001"),  # a Centrum pupil for Oost's staff
    ],
)
def test_every_domain_function_refuses_or_finds_nothing_outside_the_scope(
    writable, login, hidden_number
):
    con = writable
    pupil_id = db.value(con, "SELECT id FROM pupils WHERE number = ?", [hidden_number])
    name = everybody(con)[pupil_id][0]
    location = db.value(con, "SELECT location_id FROM pupils WHERE id = ?", [pupil_id])
    scope = scope_of(con, login)
    assert pupil_id not in scope.pupil_ids
    before = _fingerprint(con)

    failures = []
    for function, call in domain_calls(con, pupil_id, location).items():
        if call is None:
            continue
        try:
            found = call(scope)
        except AccessDenied:
            continue
        except StudyTrackError as error:
            failures.append(f"{function}: {type(error).__name__} {error}")
            continue
        if mentions(found, pupil_id, hidden_number, name):
            failures.append(f"{function}: returned the hidden pupil")

    assert failures == [], "\n".join(failures)
    assert _fingerprint(con) == before


def _fingerprint(con) -> list:
    """Everything the calls above could change, to prove that none of them wrote."""
    return [
        db.rows(con, f"SELECT * FROM {table} ORDER BY ALL")  # noqa: S608 — names above
        for table in (
            "pupils",
            "accounts",
            "account_pupils",
            "account_locations",
            "locations",
            "attendance",
            "agenda_items",
            "logbook",
            "schedules",
        )
    ]


def test_a_deactivated_pupil_shows_nowhere_for_staff_or_family(con):
    pupil_id = db.value(con, "SELECT id FROM pupils WHERE number = ?", [DEACTIVATED])
    for login in LOGINS:
        if LOGINS[login] != "beheerder":
            assert pupil_id not in scope_of(con, login).pupil_ids, login


# --- sign-in: throttling through the real form ------------------------------------------

DEMO_PASSWORD = "demo-studytrack"
WRONG = "Inlognaam of wachtwoord klopt niet."
LOCKED = "Te veel mislukte pogingen"


def sign_in(at, login: str, password: str):
    at.text_input(key="signin_login").input(login)
    at.text_input(key="signin_password").input(password)
    return at.button(key="FormSubmitter:signin-Inloggen").click().run()


def form_message(at) -> str:
    return " ".join(str(item.value) for item in at.error)


def fail_five_times(login: str):
    at = app_as(None)
    for _ in range(5):
        sign_in(at, login, "fout-wachtwoord")
        assert form_message(at) == WRONG
    return at


def test_five_failures_lock_a_login_for_a_quarter_even_with_the_right_password(
    demo_con, monkeypatch
):
    at = fail_five_times("ouder1")

    sign_in(at, "ouder1", DEMO_PASSWORD)
    assert LOCKED in form_message(at)
    assert "login" not in at.session_state
    # still locked a minute before the quarter is over, open again after it
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-03T16:19:00")
    assert LOCKED in form_message(sign_in(app_as(None), "ouder1", DEMO_PASSWORD))
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-03T16:35:00")
    at = sign_in(app_as(None), "ouder1", DEMO_PASSWORD)
    assert at.session_state["login"] == "ouder1"


def test_the_lock_does_not_tell_whether_a_login_exists(demo_con):
    for login in ("ouder2", "bestaat-niet"):
        at = fail_five_times(login)
        sign_in(at, login, DEMO_PASSWORD)
        assert LOCKED in form_message(at), login
    # the same words for a wrong password and for an unknown login
    assert form_message(sign_in(app_as(None), "mentor1", "fout")) == WRONG
    assert form_message(sign_in(app_as(None), "niemand-hier", "fout")) == WRONG


def test_every_attempt_is_recorded(demo_con):
    at = fail_five_times("mentor1")
    sign_in(at, "mentor1", DEMO_PASSWORD)

    outcomes = [
        outcome
        for (outcome,) in db.rows(
            demo_con,
            "SELECT outcome FROM login_attempts WHERE login = 'mentor1' ORDER BY id",
        )
    ]
    assert outcomes == ["wrong"] * 5 + ["refused"]


def test_failures_spread_over_more_than_a_quarter_do_not_lock(demo_con, monkeypatch):
    at = app_as(None)
    for minute in (0, 4, 8, 12, 21):
        monkeypatch.setenv("STUDYTRACK_NOW", f"2026-12-03T16:{minute:02d}:00")
        sign_in(at, "ouder1", "fout-wachtwoord")

    sign_in(at, "ouder1", DEMO_PASSWORD)
    assert at.session_state["login"] == "ouder1"


def test_the_admin_lifts_a_lock_on_the_beheer_page(demo_con):
    fail_five_times("ouder1")
    assert accounts.is_locked(demo_con, "ouder1")

    at = app_as("beheerder", PAGE_FILES["beheer"])
    at.selectbox(key="admin_account").select("ouder1").run()
    assert "geblokkeerd" in at.caption[0].value
    at.button(key="admin_lift").click().run()
    assert not errors_of(at)

    assert not accounts.is_locked(demo_con, "ouder1")
    at = sign_in(app_as(None), "ouder1", DEMO_PASSWORD)
    assert at.session_state["login"] == "ouder1"
    assert db.value(
        demo_con,
        "SELECT count(*) FROM login_attempts WHERE login = 'ouder1' "
        "AND outcome = 'lifted'",
    )


def test_only_the_admin_may_lift_a_lock(demo_con):
    fail_five_times("ouder1")

    with pytest.raises(AccessDenied):
        admin.lift_lock(demo_con, scope_of(demo_con, "begeleider1"), "ouder1")
    assert accounts.is_locked(demo_con, "ouder1")
