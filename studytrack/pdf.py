"""Print-ready PDFs for parents: the week's homework overview and the month report.

Text is set in DejaVu Sans (Debian package fonts-dejavu-core), which has é, ë, ï,
'—' and '✓'. Without it the PDF falls back to Helvetica and writes the few
characters outside Latin-1 as their nearest ASCII.
"""

import logging
import unicodedata
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from studytrack import agenda, nl
from studytrack.agenda import Week
from studytrack.pupils import Pupil
from studytrack.report import MonthReport

log = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Two faces only: parsing a face is most of a PDF's cost (about 0,15 s each).
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
}
GREEN = (46, 125, 50)
RED = (198, 40, 40)
GREY = (90, 90, 90)
LIGHT_GREEN = (232, 243, 233)
_ASCII_FALLBACK = str.maketrans(
    {"—": "-", "–": "-", "✓": "v", "·": "-", "…": "...", "’": "'", "‘": "'"}
)


class _Document(FPDF):
    """An A4 document with the institute's header line and a page footer."""

    def __init__(self, institute: str, title: str, printed_at: datetime, **kwargs):
        super().__init__(format="A4", **kwargs)
        self.institute = institute
        self.document_title = title
        self.printed_at = printed_at
        self.family = _add_fonts(self)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        self.set_author(institute)
        self.set_creator("StudyTrack")
        self.alias_nb_pages()

    def text_of(self, text: object) -> str:
        """The text as this document's font can write it."""
        text = "" if text is None else str(text)
        if self.family == "DejaVu":
            return text
        return (
            text.translate(_ASCII_FALLBACK)
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    def header(self) -> None:
        self.set_font(self.family, "B", 9)
        self.set_text_color(*GREEN)
        self.cell(0, 5, self.text_of(self.institute), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*GREEN)
        self.set_line_width(0.6)
        self.line(
            self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1
        )
        self.ln(4)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 7.5)
        self.set_text_color(*GREY)
        printed = (
            f"Afgedrukt op {nl.long_date(self.printed_at.date())} om "
            f"{nl.clock_time(self.printed_at)}"
        )
        self.cell(0, 5, self.text_of(printed), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"pagina {self.page_no()} van {{nb}}", align="R")

    def heading(self, title: str, pupil: Pupil, subtitle: str) -> None:
        self.set_font(self.family, "B", 15)
        self.multi_cell(0, 7, self.text_of(title), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "B", 11)
        self.multi_cell(0, 6, self.text_of(pupil.name), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 9.5)
        self.set_text_color(*GREY)
        details = " · ".join(
            part for part in (pupil.school_and_class, subtitle) if part
        )
        self.multi_cell(0, 5, self.text_of(details), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(3)


def _add_fonts(document: FPDF) -> str:
    if all((FONT_DIR / name).exists() for name in FONT_FILES.values()):
        for style, name in FONT_FILES.items():
            document.add_font("DejaVu", style, str(FONT_DIR / name))
        return "DejaVu"
    log.warning("DejaVu fonts not found in %s; PDFs use Helvetica", FONT_DIR)
    return "helvetica"


def week_pdf(institute: str, pupil: Pupil, week: Week, printed_at: datetime) -> bytes:
    """The homework overview of the week shown on the Agenda, ready to print."""
    title = "Huiswerkoverzicht"
    document = _Document(institute, f"{title} {pupil.name}", printed_at)
    document.add_page()
    document.heading(title, pupil, agenda.week_title(week))
    if not week.days:
        document.set_font(document.family, "", 10)
        document.cell(0, 6, "Het instituut heeft geen openingsdagen ingesteld.")
    for day in week.days:
        _week_day(document, day, printed_at)
    return bytes(document.output())


def _week_day(document: _Document, day: agenda.AgendaDay, printed_at: datetime) -> None:
    family = document.family
    if document.will_page_break(24):
        document.add_page()
    document.set_fill_color(*LIGHT_GREEN)
    document.set_font(family, "B", 11)
    line = agenda.day_line(day.attendance, printed_at)
    document.cell(
        0,
        7,
        document.text_of(f"{nl.long_date(day.day)}  ·  {line.text}"),
        fill=True,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    document.set_font(family, "", 9.5)
    if day.remark:
        document.multi_cell(
            0,
            5,
            document.text_of(f"Opmerking: {day.remark}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if not day.items:
        document.set_font(family, "", 9.5)
        document.set_text_color(*GREY)
        document.cell(0, 6, "Geen huiswerk ingevoerd.", new_x="LMARGIN", new_y="NEXT")
        document.set_text_color(0, 0, 0)
        document.ln(3)
        return
    document.ln(1)
    document.set_font(family, "", 9.5)
    with document.table(
        col_widths=(30, 27, 85, 38),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT"),
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", color=GREY),
        line_height=5,
        padding=(1, 1.5),
    ) as table:
        heading = table.row()
        for text in ("Vak", "Soort", "Omschrijving", "Afgetekend"):
            heading.cell(text)
        for subject in day.subjects:
            for position, item in enumerate(subject.items):
                row = table.row()
                row.cell(document.text_of(subject.name if position == 0 else ""))
                row.cell(document.text_of(item.kind))
                description = item.description
                if item.comment:
                    description += f"\nOpmerking: {item.comment}"
                row.cell(document.text_of(description))
                signed = f"✓ {item.signed_off_by}" if item.signed_off else ""
                row.cell(document.text_of(signed), style=FontFace(color=GREEN))
    document.ln(4)


def month_pdf(
    institute: str, pupil: Pupil, report: MonthReport, printed_at: datetime
) -> bytes:
    """The Persoonlijke rapportage of one month, ready to print (A4 landscape)."""
    title = f"Persoonlijke rapportage {report.title}"
    document = _Document(
        institute, f"{title} {pupil.name}", printed_at, orientation="L"
    )
    document.add_page()
    document.heading(title, pupil, "")
    _month_summary(document, report)
    if not report.rows:
        document.set_font(document.family, "", 10)
        document.cell(0, 6, "Geen gegevens in deze maand.")
        return bytes(document.output())
    _month_table(document, report)
    return bytes(document.output())


def _month_summary(document: _Document, report: MonthReport) -> None:
    summary = report.summary
    late = (
        f"{summary.average_minutes_late} min" if summary.average_minutes_late else "—"
    )
    parts = [
        f"Verwacht: {summary.expected}",
        f"Aanwezig: {summary.present}",
        f"Te laat: {summary.late}",
        f"Afgemeld: {summary.absent}",
        f"Zonder afmelding afwezig: {summary.missing}",
        f"Gemiddeld te laat: {late}",
    ]
    document.set_font(document.family, "", 10)
    document.multi_cell(
        0, 6, document.text_of("   ·   ".join(parts)), new_x="LMARGIN", new_y="NEXT"
    )
    document.ln(2)


def _month_table(document: _Document, report: MonthReport) -> None:
    red = FontFace(color=RED)
    document.set_font(document.family, "", 9)
    with document.table(
        col_widths=(40, 22, 30, 95, 80),
        text_align="LEFT",
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", fill_color=LIGHT_GREEN),
        line_height=4.8,
        padding=(1, 1.5),
        v_align="TOP",
    ) as table:
        heading = table.row()
        for text in (
            "Datum",
            "Verwacht",
            "Aanwezig",
            "Overhoring / opdracht",
            "Opmerkingen",
        ):
            heading.cell(text)
        for row in report.rows:
            span = max(len(row.tests), 1)
            line = table.row()
            line.cell(document.text_of(_short_date(row.day)), rowspan=span)
            line.cell(nl.clock_time(row.expected_at), rowspan=span)
            line.cell(
                document.text_of(row.presence_text),
                rowspan=span,
                style=red if row.late else None,
            )
            first, *others = row.tests or (None,)
            _test_cell(document, line, first, red)
            line.cell(document.text_of("\n".join(row.remarks)), rowspan=span)
            for test in others:
                _test_cell(document, table.row(), test, red)


def _short_date(day) -> str:
    """'di 3 november': fits the narrow date column."""
    return f"{nl.WEEKDAYS_SHORT[day.weekday()]} {day.day} {nl.MONTHS[day.month - 1]}"


def _test_cell(document: _Document, line, test, red: FontFace) -> None:
    if test is None:
        line.cell("")
    else:
        line.cell(document.text_of(test.text), style=red if test.flagged else None)


def download_name(prefix: str, pupil: Pupil, extension: str, suffix: str = "") -> str:
    """A plain file name: 'huiswerk-sanne-de-vries-2026-12-03.pdf'."""
    parts = [prefix, pupil.name, suffix]
    return "-".join(_slug(part) for part in parts if part) + f".{extension}"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = "".join(char if char.isalnum() else "-" for char in plain.lower())
    return "-".join(part for part in cleaned.split("-") if part) or "leerling"
