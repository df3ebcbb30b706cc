"""Persoonlijke rapportage: rows per date, test lines, the summary, and the PDF."""

import dataclasses
import io
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from pypdf import PdfReader

from studytrack import agenda, pdf, pupils, report
from studytrack.attendance import Day
from studytrack.errors import AccessDenied
from tests.family_data import build, scope_of

NOW = datetime(2026, 12, 3, 16, 5)
TODAY = NOW.date()


def _item(kind, description, grade=None, signed=None, comment=None, subject="Frans"):
    return agenda.Item(
        1,
        TODAY,
        subject,
        kind,
        description,
        comment,
        signed,
        None,
        None if grade is None else Decimal(grade),
        Decimal(1),
    )


@pytest.mark.parametrize(
    ("item", "text", "signed"),
    [
        (
            _item("SO", "Vocabulaire H3", "7.5", "AB"),
            "Frans SO Vocabulaire H3 — 7,5 {AB}",
            True,
        ),
        (
            _item("SO", "Vocabulaire H3", None, "AB"),
            "Frans SO Vocabulaire H3 {AB}",
            True,
        ),
        (_item("SO", "Vocabulaire H3", "4.5"), "Frans SO Vocabulaire H3 — 4,5", False),
        (_item("opdracht", "Werkstuk"), "Frans opdracht Werkstuk", False),
    ],
)
def test_a_test_line_has_the_grade_after_a_dash_and_the_signer_in_braces(
    item, text, signed
):
    assert report.test_line(item, TODAY) == report.TestLine(text, signed, not signed)


def test_a_test_still_to_come_is_not_red_yet():
    item = _item("SO", "H5")
    later = dataclasses.replace(item, day=date(2026, 12, 10))

    assert report.test_line(later, TODAY).flagged is False
    assert report.test_line(item, TODAY).flagged is True


def test_a_row_tells_lateness_and_only_tests_go_in_the_test_column():
    days = [Day(TODAY, time(14, 30), time(14, 45), time(17, 10), remark="Tandarts")]
    items = [
        _item("SO", "H3", "7.5", "AB"),
        _item("huiswerk", "Leren", comment="Goed", subject="Wiskunde"),
    ]

    (row,) = report.build_rows(days, items, TODAY)

    assert row.late and row.minutes_late == 15
    assert row.presence_text == "14:45–17:10"
    assert [test.text for test in row.tests] == ["Frans SO H3 — 7,5 {AB}"]
    assert row.remarks == ("Tandarts", "Wiskunde: Goed")


def test_days_without_anything_are_left_out_and_later_days_only_when_planned():
    days = [
        Day(date(2026, 12, 2), None),  # not expected, nothing happened
        Day(date(2026, 12, 4), time(13, 0)),  # tomorrow, nothing planned
        Day(date(2026, 12, 7), time(14, 30), absent=True, absent_reason="vakantie"),
    ]
    rows = report.build_rows(days, [], TODAY)

    assert [row.day for row in rows] == [date(2026, 12, 7)]
    assert rows[0].presence_text == "afgemeld: vakantie"


def _row(day, expected=time(14, 30), arrived=None, absent=False):
    late = 0
    if expected and arrived:
        late = max(
            0,
            (arrived.hour * 60 + arrived.minute)
            - (expected.hour * 60 + expected.minute),
        )
    return report.Row(day, expected, arrived, None, absent, None, late, (), ())


def test_the_summary_counts_expected_present_late_afgemeld_and_missing():
    rows = [
        _row(date(2026, 11, 2), arrived=time(14, 30)),
        _row(date(2026, 11, 3), arrived=time(14, 40)),  # 10 late
        _row(date(2026, 11, 5), arrived=time(14, 50)),  # 20 late
        _row(date(2026, 11, 6), absent=True),
        _row(date(2026, 11, 9)),  # missing
        _row(date(2026, 11, 10), expected=None),  # not expected
    ]

    summary = report.summarise(rows, TODAY)

    assert summary == report.Summary(
        expected=5, present=3, late=2, absent=1, missing=1, average_minutes_late=15
    )


def test_today_before_the_pupil_came_is_not_missing():
    summary = report.summarise([_row(TODAY)], TODAY)

    assert (summary.expected, summary.present, summary.missing) == (1, 0, 0)
    assert summary.average_minutes_late is None


def test_month_bounds_and_the_month_picker():
    assert report.month_bounds(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
    assert report.month_bounds(2027, 2) == (date(2027, 2, 1), date(2027, 2, 28))
    assert report.months(TODAY, date(2026, 10, 14)) == [
        (2026, 12),
        (2026, 11),
        (2026, 10),
    ]
    assert report.months(TODAY, None) == [(2026, 12)]
    assert len(report.months(TODAY, date(2010, 1, 1))) == report.MONTHS_SHOWN


# --- on real data ----------------------------------------------------------------------


@pytest.fixture
def family(con):
    return build(con)


def test_december_on_real_data(con, family):
    month = report.month_report(
        con, scope_of(con, "ouder_a"), family.sanne, 2026, 12, NOW
    )

    by_day = {row.day: row for row in month.rows}
    assert by_day[date(2026, 12, 1)].late
    today = by_day[TODAY]
    assert not today.late
    assert [(test.text, test.flagged) for test in today.tests] == [
        ("Frans SO Vocabulaire H3 — 7,5 {AB}", False),
        ("Geschiedenis overhoring Jaartallen", True),
    ]
    assert not by_day[date(2026, 12, 8)].tests[0].flagged
    assert today.remarks[0] == "Gaat om 17:00 naar de <b>tandarts</b>"
    assert date(2026, 12, 8) in by_day  # a presentation is planned
    assert date(2026, 12, 4) not in by_day  # only homework: not in the report
    assert month.summary == report.Summary(2, 2, 1, 0, 0, 15)


def test_november_shows_the_afgemeld_day_and_the_remark(con, family):
    month = report.month_report(
        con, scope_of(con, "ouder_a"), family.sanne, 2026, 11, NOW
    )

    by_day = {row.day: row for row in month.rows}
    assert by_day[date(2026, 11, 30)].presence_text == "afgemeld: ziek"
    assert by_day[date(2026, 11, 27)].remarks == ("Trein had vertraging",)
    assert by_day[date(2026, 11, 27)].minutes_late == 20
    assert month.summary.absent == 1


def test_the_oldest_month_comes_from_attendance(con, family):
    scope = scope_of(con, "ouder_a")

    assert report.oldest_day(con, scope, family.sanne, TODAY) == date(2026, 11, 26)
    assert report.oldest_day(con, scope, family.daan, TODAY) is None


def test_a_mentor_of_another_pupil_cannot_read_the_report(con, family):
    with pytest.raises(AccessDenied):
        report.month_report(con, scope_of(con, "mentor_a"), family.daan, 2026, 12, NOW)


def test_the_month_pdf_is_a_pdf_with_the_pupil_and_the_red_and_braced_lines(
    con, family
):
    scope = scope_of(con, "ouder_a")
    month = report.month_report(con, scope, family.sanne, 2026, 12, NOW)
    pupil = pupils.get(con, scope, family.sanne)

    data = pdf.month_pdf("Huiswerkinstituut De Leerboom", pupil, month, NOW)

    assert data.startswith(b"%PDF")
    document = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in document.pages)
    assert (
        document.metadata.title
        == "Persoonlijke rapportage december 2026 Sanne de Vries"
    )
    assert "Sanne de Vries" in text
    assert "Frans SO Vocabulaire H3 — 7,5 {AB}" in text
    assert "Gaat om 17:00 naar de <b>tandarts</b>" in text


def test_the_week_pdf_lists_the_homework_with_sign_off(con, family):
    scope = scope_of(con, "ouder_a")
    week = agenda.week(con, scope, family.sanne, TODAY)
    pupil = pupils.get(con, scope, family.sanne)

    data = pdf.week_pdf("Huiswerkinstituut De Leerboom", pupil, week, NOW)

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Huiswerkoverzicht" in text
    assert "Sanne de Vries" in text
    assert "Stedelijk Gymnasium, 3B" in text
    assert "donderdag 3 december 2026" in text
    assert "✓ AB" in text
    assert 'Lezen: <b>hoofdstuk</b> & "samenvatting"' in text


def test_without_dejavu_the_pdf_falls_back_to_helvetica(
    con, family, monkeypatch, tmp_path
):
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    scope = scope_of(con, "ouder_a")
    month = report.month_report(con, scope, family.sanne, 2026, 12, NOW)
    pupil = pupils.get(con, scope, family.sanne)

    data = pdf.month_pdf("Huiswerkinstituut De Leerboom", pupil, month, NOW)

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Frans SO Vocabulaire H3 - 7,5 {AB}" in text
