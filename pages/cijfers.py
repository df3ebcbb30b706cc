"""Cijfers: a row of squares per subject, the weighted averages and a chart."""

import streamlit as st

from studytrack import charts, clock, grades, parent_html, ui

con = ui.connection()
scope = ui.scope()
pupil = ui.pupil_header(con, scope)
st.html(parent_html.CSS)
today = clock.today()

heading, picker = st.columns([3, 2], vertical_alignment="bottom")
heading.subheader("Cijfers")
year = picker.selectbox(
    "Schooljaar",
    grades.school_years(today),
    format_func=grades.school_year_label,
    label_visibility="collapsed",
    key="grades_school_year",
)
rows = grades.group_by_subject(grades.school_year_tests(con, scope, pupil.id, year))
if not rows:
    st.info(
        f"Voor {ui.escape(pupil.first_name)} zijn in dit schooljaar nog geen toetsen "
        "ingevoerd. Zodra het instituut toetsen in de agenda zet, verschijnen ze hier."
    )
    st.stop()

st.html(parent_html.grade_legend())
st.html(parent_html.grade_rows(rows, today))
st.caption(
    "Tik of ga met de muis op een vierkantje voor de datum, soort, omschrijving, "
    "weging en het cijfer."
)

st.subheader("Cijferverloop")
if any(test.grade is not None for row in rows for test in row.tests):
    st.plotly_chart(
        charts.grades_figure(rows),
        config={"displayModeBar": False, "locale": "nl"},
        width="stretch",
        key="grades_chart",
    )
    st.caption(
        "Punten: de cijfers. Stippellijn: het gewogen gemiddelde tot dan toe. "
        "Rode lijn: 5,5."
    )
else:
    st.caption("De grafiek verschijnt zodra er een cijfer bekend is.")
