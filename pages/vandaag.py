"""Placeholder until this screen lands."""

import streamlit as st

st.header("vandaag")
