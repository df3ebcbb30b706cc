"""Agenda: placeholder until the parent portal lands."""

import streamlit as st

from studytrack import ui

con = ui.connection()
pupil = ui.pupil_header(con, ui.scope())
st.header("Agenda")
