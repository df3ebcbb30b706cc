"""Huiswerk: a pupil's homework and tests of one week — add, edit, sign off, comment."""

from datetime import date, timedelta

import streamlit as st

from studytrack import access, attendance, clock, homework, kinds, nl, pupils, ui
from studytrack.errors import StudyTrackError

scope = ui.scope_for_roles(
    access.STAFF_ROLES, "Huiswerk invoeren is alleen voor de begeleiding."
)
con = ui.connection()


def act(action, *args, done: str | None = None) -> None:
    """Callback: run one change; its outcome shows on the next run."""
    try:
        changed = action(con, scope, *args)
    except StudyTrackError as error:
        st.session_state["hw_error"] = str(error)
        return
    if changed is False:
        st.session_state["hw_note"] = "Dat was al zo (een collega was je voor)."
    elif done:
        st.toast(done, icon=":material/check:")


def pick_pupil() -> pupils.Pupil:
    return ui.staff_pupil_picker(con, scope, key="hw_pupil")


def shift_week(weeks: int | None) -> None:
    today_monday = homework.week_start(clock.today())
    current = st.session_state.get("hw_week", today_monday)
    st.session_state["hw_week"] = (
        today_monday if weeks is None else current + timedelta(weeks=weeks)
    )
    st.session_state.pop("hw_week_picker", None)


def pick_week() -> date:
    monday = st.session_state.get("hw_week") or homework.week_start(clock.today())
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
        st.button(
            "Vorige week",
            icon=":material/chevron_left:",
            on_click=shift_week,
            args=(-1,),
            key="hw_previous",
        )
        picked = st.date_input(
            "Week van",
            value=monday,
            format="DD-MM-YYYY",
            key="hw_week_picker",
            width=160,
        )
        st.button(
            "Volgende week",
            icon=":material/chevron_right:",
            icon_position="right",
            on_click=shift_week,
            args=(1,),
            key="hw_next",
        )
        st.button("Deze week", on_click=shift_week, args=(None,), key="hw_this_week")
    monday = homework.week_start(picked)
    st.session_state["hw_week"] = monday
    return monday


def add_form(pupil: pupils.Pupil, monday: date, days: list[date]) -> None:
    today = clock.today()
    default_day = today if monday <= today <= monday + timedelta(days=6) else days[0]
    with st.expander("Nieuw huiswerk of nieuwe toets", icon=":material/add:"):
        with st.form("hw_add", clear_on_submit=True, border=False):
            with st.container(horizontal=True, gap="small"):
                day = st.date_input(
                    "Datum",
                    value=default_day,
                    format="DD-MM-YYYY",
                    width=150,
                    key="hw_add_day",
                )
                subject = st.selectbox(
                    "Vak",
                    options=homework.subjects(con, scope, pupil.id),
                    index=None,
                    accept_new_options=True,
                    placeholder="Kies of typ een vak",
                    width=220,
                    key="hw_add_subject",
                )
                kind = st.selectbox(
                    "Soort", kinds.ALL_KINDS, width=160, key="hw_add_kind"
                )
                weight = st.text_input(
                    "Weging",
                    value="1",
                    width=90,
                    help="Alleen voor toetsen.",
                    key="hw_add_weight",
                )
            description = st.text_input(
                "Omschrijving",
                max_chars=homework.MAX_DESCRIPTION,
                placeholder="Bijvoorbeeld: H4 opgaven 1-12 maken",
                key="hw_add_description",
            )
            submitted = st.form_submit_button("Toevoegen", type="primary")
    if submitted:
        try:
            homework.add(
                con, scope, pupil.id, day, subject or "", kind, description, weight
            )
        except StudyTrackError as error:
            st.error(ui.escape(error))
        else:
            st.toast(f"{subject} toegevoegd op {nl.short_date(day)}.")


def show_item(item: homework.Item) -> None:
    key = item.id
    with st.container(
        border=True, horizontal=True, vertical_alignment="center", key=f"hw_{key}"
    ):
        with st.container(width="stretch", gap=None):
            color = "orange" if item.is_test else "blue"
            st.markdown(
                f"**{ui.escape(item.subject)}** :{color}-badge[{ui.escape(item.kind)}]"
                f"  \n{ui.escape(item.description)}"
            )
            if item.comment:
                st.caption(f":material/chat_bubble: {ui.escape(item.comment)}")
            if item.is_test and item.grade is not None:
                st.caption(
                    f"cijfer {nl.grade(item.grade)} · weging {nl.grade(item.weight)}"
                )
        with st.container(
            horizontal=True, width="content", vertical_alignment="center"
        ):
            sign_off(item)
            comment_popover(item)
            edit_popover(item)
            remove_popover(item)


def sign_off(item: homework.Item) -> None:
    if item.signed_off_by:
        st.badge(
            f"Afgetekend {ui.escape(item.signed_off_by)}",
            icon=":material/check:",
            color="green",
            help=ui.escape(item.sign_off_text),
        )
        st.button(
            "",
            key=f"hw_unsign_{item.id}",
            icon=":material/undo:",
            type="tertiary",
            help="Aftekenen ongedaan maken",
            on_click=act,
            args=(homework.undo_sign_off, item.id),
        )
    else:
        st.button(
            "Aftekenen",
            key=f"hw_sign_{item.id}",
            icon=":material/check:",
            on_click=act,
            args=(homework.sign_off, item.id),
            kwargs={"done": f"{item.subject} afgetekend."},
        )


def comment_popover(item: homework.Item) -> None:
    popover = st.popover(
        "",
        icon=":material/chat_bubble:" if item.comment else ":material/add_comment:",
        help="Opmerking bij dit item (ouders zien hem als tekstballon)",
        key=f"hw_comment_{item.id}",
        type="tertiary",
        on_change="rerun",
    )
    if not popover.open:
        return
    with popover:
        text_key = f"hw_comment_text_{item.id}"
        st.text_area(
            f"Opmerking bij {ui.escape(item.subject)}",
            value=item.comment or "",
            key=text_key,
            max_chars=homework.MAX_COMMENT,
        )
        st.button(
            "Opslaan",
            key=f"hw_comment_save_{item.id}",
            type="primary",
            on_click=lambda: act(
                homework.set_comment,
                item.id,
                st.session_state.get(text_key, ""),
                item.comment,
                done="Opmerking opgeslagen.",
            ),
        )


def edit_popover(item: homework.Item) -> None:
    popover = st.popover(
        "",
        icon=":material/edit:",
        help="Wijzigen",
        key=f"hw_edit_{item.id}",
        type="tertiary",
        on_change="rerun",
    )
    if not popover.open:
        return
    with popover, st.form(f"hw_edit_form_{item.id}", border=False):
        day = st.date_input("Datum", value=item.day, format="DD-MM-YYYY")
        subject = st.text_input("Vak", value=item.subject)
        kind = st.selectbox(
            "Soort", kinds.ALL_KINDS, index=kinds.ALL_KINDS.index(item.kind)
        )
        description = st.text_input("Omschrijving", value=item.description)
        if st.form_submit_button("Opslaan", type="primary"):
            act(homework.edit, item, day, subject, kind, description, done="Gewijzigd.")
            st.rerun()


def remove_popover(item: homework.Item) -> None:
    popover = st.popover(
        "",
        icon=":material/delete:",
        help="Verwijderen",
        key=f"hw_remove_{item.id}",
        type="tertiary",
        on_change="rerun",
    )
    if not popover.open:
        return
    with popover:
        st.markdown(
            f"**{ui.escape(item.subject)}** — {ui.escape(item.description)} verwijderen?"
        )
        st.button(
            "Verwijderen",
            key=f"hw_remove_yes_{item.id}",
            icon=":material/delete:",
            on_click=act,
            args=(homework.remove, item.id),
            kwargs={"done": "Verwijderd."},
        )


st.header("Huiswerk")
pupil = pick_pupil()
monday = pick_week()
open_days = sorted(attendance.opening_days(con))
days = [monday + timedelta(days=weekday - 1) for weekday in open_days]
if error := st.session_state.pop("hw_error", None):
    st.error(ui.escape(error))
if note := st.session_state.pop("hw_note", None):
    st.info(note)
add_form(pupil, monday, days)

items = homework.week_items(con, scope, pupil.id, monday)
by_day = {day: [item for item in items if item.day == day] for day in days}
for item in items:
    by_day.setdefault(item.day, [item])  # an item on a closed day still shows
for day in sorted(by_day):
    title = nl.long_date(day, with_year=False).capitalize()
    if day == clock.today():
        title += " (vandaag)"
    st.subheader(title, divider="gray")
    if not by_day[day]:
        st.caption("Geen huiswerk of toetsen.")
    for item in by_day[day]:
        show_item(item)
