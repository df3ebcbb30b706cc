"""Logboek: the institute's notes on the pupil's progress, per calendar month."""

import streamlit as st

from studytrack import logbook, nl, ui

con = ui.connection()
scope = ui.scope()
pupil = ui.pupil_header(con, scope)

heading, picker = st.columns([3, 2], vertical_alignment="bottom")
heading.subheader("Logboek")
months = logbook.months(con, scope, pupil.id)
if not months:
    st.info(
        f"Er staan nog geen notities over {ui.escape(pupil.first_name)} in het "
        "logboek. Het instituut houdt hier de voortgang bij."
    )
    st.stop()
year, month = picker.selectbox(
    "Maand",
    months,
    format_func=lambda pair: nl.month_name(*pair),
    label_visibility="collapsed",
    key=f"logbook_month_{pupil.id}",
)
for note in logbook.notes(con, scope, pupil.id, year, month):
    with st.container(border=True):
        st.markdown(
            f"**{ui.escape(nl.long_date(note.day))}** · {ui.escape(note.author)}"
        )
        st.markdown("  \n".join(ui.escape(line) for line in note.text.splitlines()))
