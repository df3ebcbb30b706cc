"""Every piece of user or import text shows as typed: never as HTML, never as Markdown.

The demo institute gets hostile texts in every free-text field (`hostile_institute`,
shared with the browser test); then every page, for every role that has it, is
rendered in AppTest and each kind of output is checked the way its browser side
reads it: Markdown bodies and labels must hold the escaped forms, HTML bodies
entities, chart labels no tags.
"""

import json
import re
import shutil
from pathlib import Path

import pytest

from studytrack import db
from tests.conftest import app_as

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
LINK = "[klik](javascript:alert(1))"
MIXED = "**vet** <b>x</b> :red[rood] $x^2$"
RTL = "\u202egnitsket\u200b\u200d\ufeffzw"
LONG = "L" * 4_990 + "<b>einde</b>"
# All of them in one text, for the fields that show in a sentence.
ALL = f"{SCRIPT} {IMG} {SVG} {LINK} {MIXED} {RTL}"
HOSTILE = (SCRIPT, IMG, SVG, LINK, MIXED, LONG, RTL)

# Raw fragments that must never reach Markdown unescaped (it would render them).
MARKDOWN_RAW = ("<script", "<img", "<svg", "<b>", "](javascript:", "**vet**")
MARKDOWN_RAW_RE = (
    re.compile(r"(?<!\\):red(?<!\\)\["),  # a colour directive
    re.compile(r"(?<!\\)\$x\^2(?<!\\)\$"),  # LaTeX
)
# Raw fragments that must never reach HTML unescaped (as text "javascript:" is fine,
# as a link target it is not).
HTML_RAW = ("<script>alert", "<img src=x", "<svg onload", "<b>x</b>")
HTML_LINK = re.compile(r"(href|src)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def make_hostile(source: Path, target: Path) -> Path:
    """A copy of the demo with hostile texts in every free-text field."""
    shutil.copyfile(source, target)
    con = db.connect(target)
    statements = [
        # pupils: names (each part), school, class, address, focus subjects, contact
        (
            "UPDATE pupils SET first_name = ?, infix = ?, last_name = ? || ' ' || "
            "number, school = ?, class_name = ?, address = ?, focus_subjects = ?, "
            "phone = ?, email = ?",
            [SCRIPT, SVG, IMG, ALL, MIXED, LONG, f"{MIXED}, {LINK}, {RTL}", LINK, SVG],
        ),
        # accounts: every name (parents, mentors, staff), e-mail and phone
        ("UPDATE accounts SET name = ? || ' ' || login, email = ?, phone = ?",
         [ALL, SVG, LINK]),
        # attendance: remarks and absence reasons (long ones too)
        ("UPDATE attendance SET remark = ?, absent_reason = CASE WHEN absent "
         "THEN ? END", [ALL, LONG]),
        # homework and tests: subjects, descriptions, comments, who signed off
        ("UPDATE agenda_items SET subject = (?)[1 + id % 4], description = ? || ' #' "
         "|| id, comment = ?, signed_off_by = CASE WHEN signed_off_by IS NOT NULL "
         "THEN ? END", [[SCRIPT, IMG, MIXED, RTL], ALL, LONG, "<b>x</b>"]),
        # the logbook: notes and their authors
        ("UPDATE logbook SET text = ? || ' #' || id || chr(10) || ?, author = ?",
         [ALL, LONG, MIXED]),
        ("UPDATE locations SET name = ? || ' ' || id", [ALL]),
        ("UPDATE settings SET value = ? WHERE key = 'institute_name'", [ALL]),
        ("INSERT INTO imports (kind, file_name, checksum, imported_by, imported_at, "
         "outcome) VALUES ('leerlingen', ?, 'x', ?, TIMESTAMP '2026-12-01 10:00', "
         "'geslaagd')", [f"{SCRIPT}.csv", MIXED]),
    ]  # fmt: skip
    try:
        for sql, params in statements:
            con.execute(sql, params)
    finally:
        con.close()
    return target


@pytest.fixture(scope="module")
def hostile_db(demo_template, tmp_path_factory) -> Path:
    return make_hostile(
        demo_template, tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    )


@pytest.fixture
def hostile(hostile_db, monkeypatch) -> Path:
    monkeypatch.setenv("STUDYTRACK_DB", str(hostile_db))
    return hostile_db


# --- reading what a page hands to the browser, by how the browser reads it ---------------

# Element fields the browser renders as Markdown (labels, bodies, help texts).
MARKDOWN_FIELDS = {"label", "body", "help", "caption", "text"}
PLAIN_TYPES = {"code", "html", "arrow_data_frame", "dataframe", "table", "json"}


def markdown_texts(at) -> list[str]:
    """Every string of the last run that the browser renders as Markdown."""
    found = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", None)
        if proto is None or kind in PLAIN_TYPES or not hasattr(proto, "ListFields"):
            continue
        for field, value in proto.ListFields():
            if field.name in MARKDOWN_FIELDS and isinstance(value, str):
                found.append(value)
            # radio, pills and segmented-control options are Markdown as well
            if field.name == "options" and kind in ("radio", "button_group"):
                found += [getattr(option, "content", option) for option in value]
    return [text for text in found if isinstance(text, str)]


def html_bodies(at) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def chart_strings(at) -> list[str]:
    """Every string in the plotly figures (names, labels, hover data)."""
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "legendgroup":  # an identifier, never shown
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for chart in at.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return found


def unescaped(at) -> list[str]:
    """Each place where hostile text would be rendered instead of shown."""
    problems = []
    for text in markdown_texts(at):
        for raw in MARKDOWN_RAW:
            if raw in text:
                problems.append(f"Markdown holds {raw!r}: {text[:160]!r}")
        for pattern in MARKDOWN_RAW_RE:
            if pattern.search(text):
                problems.append(f"Markdown holds {pattern.pattern}: {text[:160]!r}")
    for body in html_bodies(at):
        for raw in HTML_RAW:
            if raw in body:
                problems.append(f"HTML holds {raw!r}: {body[:160]!r}")
        if HTML_LINK.search(body):
            problems.append(f"HTML links to javascript: {body[:160]!r}")
    for text in chart_strings(at):
        # plotly reads <b>, <a href> and a few more tags in its labels
        for raw in ("<script", "<img", "<svg", "<b>x</b>", "<a "):
            if raw in text:
                problems.append(f"chart holds {raw!r}: {text[:160]!r}")
    return sorted(set(problems))


def errors_of(at) -> list[str]:
    return [str(item.value) for item in at.exception]


def escaped_somewhere(at) -> bool:
    """Whether the hostile text is on the page, shown as text (escaped)."""
    shown = "\n".join(markdown_texts(at) + html_bodies(at))
    return "&lt;script&gt;" in shown or "\\<script" in shown


# --- the pages ------------------------------------------------------------------------

PUPIL_TABS = ["agenda", "cijfers", "dossier", "logboek", "rapportage", "account"]
STAFF = ["vandaag", "huiswerk", "cijfers_invoeren", "notities"]
CELLS = (
    [("ouder1", page) for page in PUPIL_TABS]
    + [("mentor1", "trends")]
    + [("begeleider1", page) for page in STAFF]
    + [("beheerder", page) for page in ("trends", "importeren", "beheer")]
)
SWITCHES = {
    "trends": "trends_view",
    "importeren": "import_section",
    "beheer": "admin_section",
}


@pytest.mark.parametrize(("login", "page"), CELLS)
def test_hostile_text_shows_as_plain_text_on_every_page(hostile, login, page):
    at = app_as(login, f"pages/{page}.py")
    assert not errors_of(at), errors_of(at)
    problems = unescaped(at)
    seen = escaped_somewhere(at)

    # every view or section of the page
    if page in SWITCHES:
        control = at.segmented_control(key=SWITCHES[page])
        for option in control.options[1:]:
            control.set_value(option).run()
            assert not errors_of(at), (option, errors_of(at))
            problems += unescaped(at)
            seen = seen or escaped_somewhere(at)
            control = at.segmented_control(key=SWITCHES[page])

    assert problems == []
    assert seen, "the hostile text should be on the page, escaped"


def test_the_afmelden_dialog_shows_the_name_as_plain_text(hostile):
    at = app_as("ouder1", "pages/agenda.py")
    at.button(key="open_afmelden").click().run()

    assert not errors_of(at)
    assert unescaped(at) == []


def test_the_desk_popovers_show_names_and_remarks_as_plain_text(hostile):
    at = app_as("begeleider1", "pages/vandaag.py")
    expected = [
        button.key.removeprefix("in_")
        for button in at.button
        if (button.key or "").startswith("in_")
    ]
    # open the Afgemeld and the remark popover of the first expected pupil
    at.session_state[f"absent_{expected[0]}"] = True
    at.session_state[f"remark_{expected[0]}"] = True
    at.run()

    assert not errors_of(at)
    label = at.text_area(key=f"remark_text_{expected[0]}").label
    assert label.startswith("Opmerking bij &lt;script&gt;")
    assert unescaped(at) == []


def test_the_checks_see_an_unescaped_name(hostile, monkeypatch):
    """The detector itself: with escaping switched off it finds the raw tags."""
    from studytrack import ui

    monkeypatch.setattr(ui, "escape", lambda text: "" if text is None else str(text))
    at = app_as("ouder1", "pages/dossier.py")

    assert any("<script" in problem for problem in unescaped(at))
