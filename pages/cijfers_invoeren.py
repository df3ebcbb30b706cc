"""Cijfers invoeren: a pupil's tests with their grade and weight, to enter or correct."""

import streamlit as st

from studytrack import access, clock, homework, nl, pupils, ui
from studytrack.errors import StudyTrackError

AWAITED = "Nog zonder cijfer"
ALL = "Alle toetsen"
COMING = "Nog te maken"

scope = ui.scope_for_roles(
    access.STAFF_ROLES, "Cijfers invoeren is alleen voor de begeleiding."
)
con = ui.connection()


def pick_pupil() -> pupils.Pupil:
    return ui.staff_pupil_picker(con, scope, key="grades_pupil")


def shown(tests: list[homework.Item], choice: str) -> list[homework.Item]:
    today = clock.today()
    if choice == AWAITED:
        return [test for test in tests if test.grade is None and test.day <= today]
    if choice == COMING:
        return [test for test in tests if test.day > today]
    return list(reversed(tests))


def save(tests: list[homework.Item], version: int) -> None:
    """Write every grade and weight that was changed; report each wrong value."""
    saved, problems = 0, []
    for test in tests:
        typed_grade = st.session_state.get(f"grade_{version}_{test.id}", "")
        typed_weight = st.session_state.get(f"weight_{version}_{test.id}", "")
        grade = None if typed_grade.strip() == nl.grade(test.grade) else typed_grade
        weight = None if typed_weight.strip() == nl.grade(test.weight) else typed_weight
        if grade is None and weight is None:
            continue
        try:
            if homework.set_grade(con, scope, test.id, grade, weight, seen=test):
                saved += 1
        except StudyTrackError as error:
            problems.append(f"{describe(test)}: {error}")
    st.session_state["grades_outcome"] = (saved, problems)
    if not problems:
        st.session_state["grades_version"] = version + 1


def describe(test: homework.Item) -> str:
    return f"{test.subject} {test.kind} van {nl.short_date(test.day)}"


st.header("Cijfers invoeren")
pupil = pick_pupil()
choice = st.segmented_control(
    "Toon", (AWAITED, COMING, ALL), default=AWAITED, required=True, key="grades_show"
)
if outcome := st.session_state.pop("grades_outcome", None):
    saved, problems = outcome
    if saved:
        st.success(
            f"{saved} {'toets' if saved == 1 else 'toetsen'} bijgewerkt.",
            icon=":material/check:",
        )
    for problem in problems:
        st.error(ui.escape(problem))

tests = shown(homework.tests_of(con, scope, pupil.id), choice)
if not tests:
    st.info(
        {
            AWAITED: "Er zijn geen gemaakte toetsen zonder cijfer.",
            COMING: "Er staan geen toetsen gepland.",
            ALL: "Deze leerling heeft nog geen toetsen. Voeg toetsen toe bij Huiswerk.",
        }[choice]
    )
    st.stop()

version = st.session_state.setdefault("grades_version", 0)
with st.form("grades", border=False):
    for test in tests:
        with st.container(
            border=True,
            horizontal=True,
            vertical_alignment="center",
            key=f"grade_row_{test.id}",
        ):
            with st.container(width="stretch", gap=None):
                st.markdown(
                    f"**{ui.escape(test.subject)}** "
                    f":orange-badge[{ui.escape(test.kind)}] "
                    f"{nl.short_date(test.day)}  \n{ui.escape(test.description)}"
                )
                if test.sign_off_text:
                    st.caption(ui.escape(test.sign_off_text))
            with st.container(horizontal=True, width="content", gap="small"):
                st.text_input(
                    "Cijfer",
                    value=nl.grade(test.grade),
                    key=f"grade_{version}_{test.id}",
                    width=90,
                )
                st.text_input(
                    "Weging",
                    value=nl.grade(test.weight),
                    key=f"weight_{version}_{test.id}",
                    width=90,
                )
    st.form_submit_button(
        "Opslaan", type="primary", on_click=save, args=(tests, version)
    )
st.caption(
    "Een cijfer ligt tussen 1,0 en 10,0 (komma of punt). Maak het veld leeg "
    "als het cijfer nog niet bekend is."
)
