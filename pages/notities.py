"""Logboek schrijven: write a note on a pupil's progress, and correct earlier notes."""

import streamlit as st

from studytrack import clock, logbook, nl, pupils, ui
from studytrack.errors import StudyTrackError

scope = ui.scope()
if not scope.viewer.is_staff:
    st.error("Het logboek schrijven is alleen voor de begeleiding.")
    st.stop()
con = ui.connection()


def pick_pupil() -> pupils.Pupil:
    visible = pupils.visible(con, scope)
    if not visible:
        st.info("Er zijn geen leerlingen op jouw vestiging(en).")
        st.stop()
    by_id = {pupil.id: pupil for pupil in visible}
    chosen = st.session_state.get(ui.PUPIL_KEY)
    if chosen not in by_id:
        chosen = visible[0].id
    chosen = st.selectbox(
        "Leerling",
        options=list(by_id),
        index=list(by_id).index(chosen),
        format_func=lambda pupil_id: label(by_id[pupil_id]),
        key="notes_pupil",
    )
    st.session_state[ui.PUPIL_KEY] = chosen
    return by_id[chosen]


def label(pupil: pupils.Pupil) -> str:
    details = ", ".join(part for part in (pupil.class_name, pupil.location) if part)
    return f"{pupil.name} ({details})" if details else pupil.name


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
