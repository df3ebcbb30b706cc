"""Persoonlijke rapportage: a calendar month per table, with its summary and a PDF."""

import streamlit as st

from studytrack import clock, db, nl, parent_html, pdf, report, ui

con = ui.connection()
scope = ui.scope()
pupil = ui.pupil_header(con, scope)
st.html(parent_html.CSS)
now = clock.now()

heading, picker = st.columns([3, 2], vertical_alignment="bottom")
heading.subheader("Persoonlijke rapportage")
months = report.months(now.date(), report.oldest_day(con, scope, pupil.id, now.date()))
year, month = picker.selectbox(
    "Maand",
    months,
    format_func=lambda pair: nl.month_name(*pair),
    label_visibility="collapsed",
    key=f"report_month_{pupil.id}",
)
found = report.month_report(con, scope, pupil.id, year, month, now)
institute = db.setting(con, "institute_name")


def month_file() -> bytes:
    fresh = report.month_report(con, scope, pupil.id, year, month, clock.now())
    return pdf.month_pdf(institute, pupil, fresh, clock.now())


st.html(parent_html.summary(found.summary))
st.download_button(
    f"PDF van {found.title}",
    data=month_file,
    file_name=pdf.download_name("rapportage", pupil, "pdf", f"{year}-{month:02d}"),
    mime="application/pdf",
    icon=":material/print:",
    on_click="ignore",
    key="print_month",
)
if not found.rows:
    st.info(
        f"In {found.title} is er voor {ui.escape(pupil.first_name)} (nog) niets te "
        "melden: geen verwachte dagen, toetsen of opmerkingen."
    )
    st.stop()
st.html(parent_html.report_table(found, now))
st.caption(
    "Rood onder aanwezig: later binnen dan verwacht. Rood onder overhoring / "
    "opdracht: niet afgetekend door de begeleiding. Tussen accolades: wie het "
    "aftekende."
)
