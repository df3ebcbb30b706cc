"""Mijn account: who is signed in, and a change of one's own password."""

import streamlit as st

from studytrack import accounts, clock, ui
from studytrack.errors import StudyTrackError

scope = ui.scope()
viewer = scope.viewer

st.header("Mijn account")
st.markdown(f"Ingelogd als **{ui.escape(viewer.login)}** ({ui.escape(viewer.name)}).")

st.subheader("Wachtwoord wijzigen")
with st.form("change_password", clear_on_submit=True):
    current = st.text_input(
        "Huidig wachtwoord", type="password", autocomplete="current-password"
    )
    new = st.text_input(
        "Nieuw wachtwoord",
        type="password",
        autocomplete="new-password",
        help=f"Minstens {accounts.MIN_PASSWORD_LENGTH} tekens.",
    )
    again = st.text_input("Nieuw wachtwoord (nog een keer)", type="password")
    submitted = st.form_submit_button("Wachtwoord wijzigen", type="primary")

if submitted:
    try:
        if new != again:
            raise StudyTrackError("De twee nieuwe wachtwoorden zijn niet gelijk.")
        accounts.change_password(ui.connection(), viewer.login, current, new)
    except StudyTrackError as error:
        st.error(str(error))
    else:
        # This session goes on under the new password; others end at their next load.
        st.session_state["signed_in_at"] = clock.real_now()
        st.session_state["cookie_expires"] = 0  # a new cookie for the new password
        st.session_state["cookie_action"] = "set"
        st.success("Je wachtwoord is gewijzigd.")
        st.rerun()
