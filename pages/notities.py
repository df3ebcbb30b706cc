"""Logboek schrijven: write a note on a pupil's progress, and correct earlier notes."""

import streamlit as st

from studytrack import access, clock, logbook, nl, pupils, ui
from studytrack.errors import StudyTrackError

scope = ui.scope_for_roles(
    access.STAFF_ROLES, "Het logboek schrijven is alleen voor de begeleiding."
)
con = ui.connection()


def pick_pupil() -> pupils.Pupil:
    return ui.staff_pupil_picker(con, scope, key="notes_pupil")


def new_note(pupil: pupils.Pupil) -> None:
    with st.form("note_new", clear_on_submit=True):
        st.markdown(f"**Nieuwe notitie over {ui.escape(pupil.name)}**")
        day = st.date_input(
            "Datum",
            value=clock.today(),
            max_value=clock.today(),
            format="DD-MM-YYYY",
            width=160,
        )
        text = st.text_area(
            "Notitie",
            max_chars=logbook.MAX_NOTE_LENGTH,
            placeholder="Bijvoorbeeld: werkt geconcentreerd aan wiskunde; "
            "plant zijn week nu zelf.",
        )
        submitted = st.form_submit_button("Opslaan", type="primary")
    if submitted:
        try:
            logbook.add_note(con, scope, pupil.id, day, text)
        except StudyTrackError as error:
            st.error(ui.escape(error))
        else:
            st.toast("Notitie opgeslagen.", icon=":material/check:")


def show_note(note: logbook.Note) -> None:
    with st.container(border=True, key=f"note_{note.id}"):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(
                f"**{nl.long_date(note.day, with_year=False)}** · "
                f"{ui.escape(note.author)}",
                width="stretch",
            )
            edit_popover(note)
        st.markdown(ui.escape(note.text))


def edit_popover(note: logbook.Note) -> None:
    popover = st.popover(
        "Corrigeren",
        icon=":material/edit:",
        key=f"note_edit_{note.id}",
        type="tertiary",
        on_change="rerun",
    )
    if not popover.open:
        return
    with popover, st.form(f"note_edit_form_{note.id}", border=False):
        day = st.date_input(
            "Datum", value=note.day, max_value=clock.today(), format="DD-MM-YYYY"
        )
        text = st.text_area(
            "Notitie", value=note.text, max_chars=logbook.MAX_NOTE_LENGTH, height=180
        )
        if st.form_submit_button("Opslaan", type="primary"):
            try:
                logbook.update_note(con, scope, note.id, text, day)
            except StudyTrackError as error:
                st.error(ui.escape(error))
            else:
                st.rerun()


st.header("Logboek schrijven")
pupil = pick_pupil()
new_note(pupil)

months = logbook.months(con, scope, pupil.id)
if not months:
    st.caption("Er staan nog geen notities over deze leerling in het logboek.")
    st.stop()
year, month = st.selectbox(
    "Eerdere notities",
    options=months,
    format_func=lambda pair: nl.month_name(*pair),
    key="notes_month",
    width=260,
)
for note in logbook.notes(con, scope, pupil.id, year, month):
    show_note(note)
