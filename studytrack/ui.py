"""Shared Streamlit pieces: the connection, the signed-in scope, the pupil header.

The only module of `studytrack/` that imports Streamlit.
"""

import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from studytrack import access, config, db, pupils
from studytrack.access import Scope
from studytrack.errors import StudyTrackError

log = logging.getLogger(__name__)
T = TypeVar("T")

PUPIL_KEY = "pupil_id"


def connection() -> db.Connection:
    """Return this process's connection to the configured database."""
    return _connection(str(config.db_path()))


@st.cache_resource(show_spinner="StudyTrack wordt gestart…")
def _connection(path: str) -> db.Connection:
    """Open the database once per process; a first start builds the demo institute."""
    fresh = not Path(path).exists()
    con = db.connect(path)
    if fresh:
        from studytrack import demo

        log.info("no database at %s: building the demo institute", path)
        demo.build(con)
    return con


def scope() -> Scope:
    """Return the scope of the signed-in user (set by app.py on every run)."""
    found = st.session_state.get("scope")
    if found is None:
        st.error("Je bent niet ingelogd.")
        st.stop()
    return found


def scope_for_roles(roles: set[str], refusal: str) -> Scope:
    """Return the scope if the signed-in role is one of `roles`; else say `refusal`."""
    found = scope()
    if found.viewer.role not in roles:
        st.error(refusal)
        st.stop()
    return found


def staff_pupil_picker(con: db.Connection, scope: Scope, key: str) -> pupils.Pupil:
    """A searchable choice among the pupils in scope, for the staff screens.

    The choice is shared with the pupil screens and always checked against the scope.
    """
    visible = pupils.visible(con, scope)
    if not visible:
        st.info("Er zijn geen leerlingen op jouw vestiging(en).")
        st.stop()
    by_id = {pupil.id: pupil for pupil in visible}
    chosen = st.session_state.get(PUPIL_KEY)
    if chosen not in by_id:
        chosen = visible[0].id
    chosen = st.selectbox(
        "Leerling",
        options=list(by_id),
        index=list(by_id).index(chosen),
        format_func=lambda pupil_id: _staff_label(by_id[pupil_id]),
        key=key,
    )
    st.session_state[PUPIL_KEY] = chosen
    return by_id[chosen]


def _staff_label(pupil: pupils.Pupil) -> str:
    details = ", ".join(part for part in (pupil.class_name, pupil.location) if part)
    return f"{pupil.name} ({details})" if details else pupil.name


def institute_name() -> str:
    """Return the institute's name as configured in the database."""
    return db.setting(connection(), "institute_name")


def pupil_header(con: db.Connection, scope: Scope) -> pupils.Pupil:
    """Show the chosen pupil at the top (a picker when there are several); return it.

    The top part is a green bar that folds in, under the institute's name. The
    choice is kept per session and always checked against the scope.
    """
    visible = pupils.visible(con, scope)
    if not visible:
        st.info(
            "Er zijn (nog) geen leerlingen aan je account gekoppeld. "
            "Neem contact op met het huiswerkinstituut."
        )
        st.stop()
    by_id = {pupil.id: pupil for pupil in visible}
    chosen = st.session_state.get(PUPIL_KEY)
    if chosen not in by_id:
        chosen = visible[0].id
    pupil = by_id[chosen]
    st.html(_HEADER_CSS)
    with st.container(key="pupil_header"):
        st.html(
            '<div class="stp-institute">'
            f"{escape_html(db.setting(con, 'institute_name'))}</div>"
        )
        label = escape(pupil.name)
        if pupil.school_and_class:
            label += f" · {escape(pupil.school_and_class)}"
        with st.expander(label, expanded=True, icon=":material/school:"):
            if len(visible) > 1:
                # The picker always shows the pupil chosen, also when another page
                # chose one (Trends' drill-down).
                st.session_state["pupil_picker"] = chosen
                st.selectbox(
                    "Leerling",
                    options=list(by_id),
                    format_func=lambda pupil_id: _pupil_label(by_id[pupil_id]),
                    key="pupil_picker",
                    on_change=_remember_pick,
                )
            st.caption(
                f"Vestiging {escape(pupil.location)} · leerlingnummer "
                f"{escape(pupil.number)}"
            )
    st.session_state[PUPIL_KEY] = chosen
    return pupil


def _remember_pick() -> None:
    """Picker callback: runs before the page, so the bar shows the new pupil at once."""
    st.session_state[PUPIL_KEY] = st.session_state.get("pupil_picker")


# The green bar at the top of the pupil screens (the original's "groene balk").
_HEADER_CSS = """<style>
.st-key-pupil_header .stp-institute { color: #2e7d32; font-weight: 700;
  letter-spacing: .03em; font-size: .85rem; text-transform: uppercase; }
.st-key-pupil_header details { border-color: #2e7d32; }
.st-key-pupil_header summary { background: #2e7d32; color: #fff; border-radius: .4rem;
  display: flex; align-items: center; }
.st-key-pupil_header summary > span { flex: 1 1 auto; min-width: 0; }
.st-key-pupil_header summary::after { content: ""; flex: none; margin: 0 .2rem 0 .6rem;
  border-left: .45rem solid transparent; border-right: .45rem solid transparent;
  border-top: .55rem solid #fff; transition: transform .15s; }
.st-key-pupil_header details:not([open]) summary::after { transform: rotate(90deg); }
.st-key-pupil_header summary:hover { background: #27692b; color: #fff; }
.st-key-pupil_header summary p { font-size: 1.1rem; font-weight: 700; color: #fff; }
.st-key-pupil_header summary svg, .st-key-pupil_header summary span { color: #fff; }
.st-key-pupil_header details[open] summary { border-radius: .4rem .4rem 0 0; }
</style>"""


def _pupil_label(pupil: pupils.Pupil) -> str:
    details = pupil.school_and_class
    return f"{pupil.name} ({details})" if details else pupil.name


_MARKDOWN_SPECIALS = frozenset("\\`*_{}[]()#+-.!|~$:<>")


def escape_html(text: object) -> str:
    """Escape user text for HTML that we build ourselves (unsafe_allow_html)."""
    return "" if text is None else html.escape(str(text), quote=True)


def escape(text: object) -> str:
    """Escape user text for st.markdown: it shows as typed, never as Markdown or HTML."""
    escaped = "" if text is None else html.escape(str(text), quote=False)
    return "".join(
        "\\" + char if char in _MARKDOWN_SPECIALS else char for char in escaped
    )


def guarded(action: Callable[[], T]) -> T | None:
    """Run an action; show a StudyTrackError's Dutch message instead of a traceback."""
    try:
        return action()
    except StudyTrackError as error:
        st.error(str(error))
        return None


def viewer_scope(con: db.Connection, login: str) -> Scope | None:
    """Return the scope for an active login, or None (unknown or deactivated)."""
    viewer = access.viewer_for(con, login)
    return None if viewer is None else access.scope_for(con, viewer)
