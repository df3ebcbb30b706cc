"""The credentials letter for new accounts: login name, one-time password and the link.

One A4 page per person. The one-time password exists only in the returned bytes:
it is never logged or stored. Text is set in DejaVu Sans (Debian package
fonts-dejavu-core) for é, ë and ï; without it the letter falls back to Helvetica
and writes characters outside Latin-1 as '?'.
"""

import logging
from pathlib import Path

from fpdf import FPDF

from studytrack import accounts, clock, nl
from studytrack.errors import InvalidInput

log = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    ("DejaVu", ""): "DejaVuSans.ttf",
    ("DejaVu", "B"): "DejaVuSans-Bold.ttf",
    ("DejaVuMono", ""): "DejaVuSansMono.ttf",
}
GREEN = (46, 125, 50)
GREY = (90, 90, 90)
LIGHT_GREEN = (232, 243, 233)

HELP_TEXT = (
    "Lukt het inloggen niet? Vraag dan aan het huiswerkinstituut of zij een nieuw "
    "wachtwoord en/of inlognaam willen sturen."
)


def credentials_pdf(
    institute: str, app_url: str, letters: list[tuple[str, str, str]]
) -> bytes:
    """A PDF with one letter per (name, login, one_time_password)."""
    if not letters:
        raise InvalidInput("Er zijn geen inloggegevens om een brief van te maken.")
    pdf = FPDF(format="A4")
    sans, mono = _add_fonts(pdf)
    pdf.set_title("Inloggegevens StudyTrack")
    pdf.set_author(_fit(institute, sans))
    pdf.set_creator("StudyTrack")
    pdf.set_margins(25, 25, 25)
    pdf.set_auto_page_break(True, margin=20)
    for name, login, password in letters:
        _letter(pdf, sans, mono, institute, app_url, name, login, password)
    log.info("credentials letter made for %s account(s)", len(letters))
    return bytes(pdf.output())


def _letter(
    pdf: FPDF,
    sans: str,
    mono: str,
    institute: str,
    app_url: str,
    name: str,
    login: str,
    password: str,
) -> None:
    def text(value: str) -> str:
        return _fit(value, sans)

    pdf.add_page()
    width = pdf.epw
    pdf.set_font(sans, "B", 16)
    pdf.set_text_color(*GREEN)
    pdf.multi_cell(width, 8, text(institute), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(sans, "", 10)
    pdf.set_text_color(*GREY)
    pdf.cell(
        width, 6, text("StudyTrack — inloggegevens"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(10)

    pdf.set_text_color(0, 0, 0)
    pdf.set_font(sans, "", 11)
    pdf.cell(width, 6, text(nl.long_date(clock.today())), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(width, 6, text(f"Beste {name},"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(
        width,
        6,
        text(
            f"Je ontvangt hierbij een inlognaam, een wachtwoord en de link naar "
            f"StudyTrack van {institute}. In StudyTrack zie je op elk moment van de "
            "middag of je zoon of dochter binnen is, het huiswerk, de toetsen en de "
            "cijfers, het logboek en de rapportage per maand."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)

    _credentials_box(pdf, sans, mono, app_url, login, password)
    pdf.ln(8)

    pdf.set_font(sans, "B", 11)
    pdf.cell(width, 7, "Zo log je de eerste keer in", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(sans, "", 11)
    steps = (
        f"1. Ga naar {app_url}.",
        "2. Log in met je inlognaam en het eenmalige wachtwoord hierboven.",
        f"3. Kies daarna een eigen wachtwoord van minstens "
        f"{accounts.MIN_PASSWORD_LENGTH} tekens. Het eenmalige wachtwoord werkt "
        "dan niet meer.",
    )
    for step in steps:
        pdf.multi_cell(width, 6, text(step), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.multi_cell(width, 6, text(HELP_TEXT), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    pdf.set_text_color(*GREY)
    pdf.set_font(sans, "", 9.5)
    pdf.multi_cell(
        width,
        5,
        text(
            "Bewaar deze brief op een veilige plek, of vernietig hem zodra je een "
            "eigen wachtwoord hebt gekozen."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(8)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(sans, "", 11)
    pdf.multi_cell(
        width,
        6,
        text(f"Met vriendelijke groet,\n{institute}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _credentials_box(
    pdf: FPDF, sans: str, mono: str, app_url: str, login: str, password: str
) -> None:
    """The three things to type, on a light green panel; the password in monospace."""
    rows = (
        ("Link", app_url, sans),
        ("Inlognaam", login, mono),
        ("Eenmalig wachtwoord", password, mono),
    )
    label_width = 50
    top = pdf.get_y()
    pdf.set_fill_color(*LIGHT_GREEN)
    pdf.rect(pdf.l_margin, top, pdf.epw, 8 * len(rows) + 6, style="F")
    pdf.set_y(top + 3)
    for label, value, font in rows:
        pdf.set_x(pdf.l_margin + 4)
        pdf.set_font(sans, "", 11)
        pdf.cell(label_width, 8, label)
        pdf.set_font(font, "B" if font == sans else "", 12)
        pdf.cell(pdf.epw - label_width - 8, 8, _fit(value, font))
        pdf.ln(8)
    pdf.set_y(top + 8 * len(rows) + 6)


def _add_fonts(pdf: FPDF) -> tuple[str, str]:
    """Register DejaVu when present; return the (sans, mono) family names to use."""
    if all((FONT_DIR / file).exists() for file in FONTS.values()):
        for (family, style), file in FONTS.items():
            pdf.add_font(family, style, str(FONT_DIR / file))
        return "DejaVu", "DejaVuMono"
    log.warning("DejaVu fonts not found in %s; the letter uses Helvetica", FONT_DIR)
    return "Helvetica", "Courier"


def _fit(text: object, family: str) -> str:
    """The text as the font can write it (Latin-1 for the built-in fonts)."""
    text = "" if text is None else str(text)
    if family.startswith("DejaVu"):
        return text
    return text.replace("—", "-").encode("latin-1", "replace").decode("latin-1")
