"""Vandaag: the desk of one location — who is expected, and one click per arrival."""

import streamlit as st

from studytrack import access, attendance, clock, desk, nl, ui
from studytrack.errors import StudyTrackError

REFRESH_SECONDS = 20
PAGE_SIZE = 40
ALLE = "Alle"
FILTERS = (
    ALLE,
    attendance.VERWACHT,
    desk.TE_LAAT,
    attendance.BINNEN,
    attendance.KLAAR,
    attendance.AFGEMELD,
)
BADGE_COLORS = {
    attendance.VERWACHT: "gray",
    attendance.BINNEN: "green",
    attendance.KLAAR: "blue",
    attendance.AFGEMELD: "violet",
    attendance.NIET_VERWACHT: "gray",
}

scope = ui.scope_for_roles(access.STAFF_ROLES, "Vandaag is alleen voor de begeleiding.")
con = ui.connection()


def click(action, pupil_id: int, name: str, *args) -> None:
    """Button callback: one desk click; its outcome is shown on the next run."""
    try:
        changed = action(con, scope, pupil_id, *args)
    except StudyTrackError as error:
        st.session_state["desk_error"] = f"{name}: {error}"
        return
    if not changed:
        st.session_state["desk_note"] = (
            f"{name}: dat was al zo (een collega was je voor)."
        )
    elif action in (desk.mark_in, desk.mark_done, desk.mark_absent):
        st.session_state["desk_last"] = pupil_id
    elif action is desk.undo:
        st.session_state.pop("desk_last", None)


def last_click_bar(today: desk.DeskDay) -> None:
    """My last click, with its undo, also when the filter hides that pupil now."""
    pupil_id = st.session_state.get("desk_last")
    row = next((row for row in today.rows if row.pupil_id == pupil_id), None)
    if row is None or not desk.undo_label(row):
        return
    with st.container(
        border=True, horizontal=True, vertical_alignment="center", key="desk_last_bar"
    ):
        st.markdown(
            f":material/check_circle: Laatste klik: **{ui.escape(row.name)}** — "
            f"{ui.escape(desk.status_label(row))}",
            width="content",
        )
        st.button(
            "Ongedaan maken",
            key="undo_last",
            icon=":material/undo:",
            on_click=click,
            args=(desk.undo, row.pupil_id, row.name, row.last_click_id),
        )


def save_remark(pupil_id: int, name: str, seen: str | None) -> None:
    text = st.session_state.get(f"remark_text_{pupil_id}", "")
    click(desk.set_remark, pupil_id, name, text, seen)


def absent_with_typed_reason(pupil_id: int, name: str) -> None:
    reason = st.session_state.get(f"reason_text_{pupil_id}", "")
    click(desk.mark_absent, pupil_id, name, reason)


def pick_location() -> int:
    places = dict(desk.locations(con, scope))
    if not places:
        st.info(
            "Je account is nog aan geen vestiging gekoppeld. "
            "Vraag de beheerder om je vestiging in te stellen."
        )
        st.stop()
    chosen = st.session_state.get("desk_location")
    if chosen not in places:
        chosen = next(iter(places))
    if len(places) > 1:
        chosen = st.selectbox(
            "Vestiging",
            options=list(places),
            index=list(places).index(chosen),
            format_func=places.get,
            width=260,
        )
    st.session_state["desk_location"] = chosen
    return chosen


def show_counts(counts: dict[str, int]) -> None:
    with st.container(horizontal=True, gap="medium"):
        for label in FILTERS[1:]:
            st.metric(label, counts.get(label, 0), width=76)


def badge(row: desk.DeskRow) -> None:
    status = row.status
    if row.late and status == attendance.VERWACHT:
        color = "red"
    elif row.minutes_late and status in (attendance.BINNEN, attendance.KLAAR):
        color = "orange"
    else:
        color = BADGE_COLORS.get(status, "gray")
    st.badge(ui.escape(desk.status_label(row)), color=color)


def show_row(row: desk.DeskRow) -> None:
    """One pupil: name, expected time, status and the clicks that fit the status."""
    key = row.pupil_id
    with st.container(
        border=True, horizontal=True, vertical_alignment="center", key=f"deskrow_{key}"
    ):
        with st.container(width=210, gap=None):
            st.markdown(f"**{ui.escape(row.name)}**")
            details = " · ".join(
                ui.escape(part) for part in (row.class_name, row.remark) if part
            )
            if details:
                st.caption(details)
        with st.container(width=56, gap=None):
            st.caption("verwacht")
            st.markdown(nl.clock_time(row.expected_at) or "—")
        with st.container(width=210):
            badge(row)
        with st.container(
            horizontal=True, width="content", gap="small", vertical_alignment="center"
        ):
            actions(row)
            remark_popover(row)


def actions(row: desk.DeskRow) -> None:
    key = row.pupil_id
    status = row.status
    if status in (attendance.VERWACHT, attendance.NIET_VERWACHT, attendance.AFGEMELD):
        # An afgemeld pupil who comes after all is let in too (undo restores it).
        st.button(
            "Binnen",
            key=f"in_{key}",
            type="secondary" if status == attendance.AFGEMELD else "primary",
            icon=":material/login:",
            on_click=click,
            args=(desk.mark_in, key, row.name),
        )
    if status in (attendance.VERWACHT, attendance.NIET_VERWACHT):
        absent_popover(row)
    elif status == attendance.BINNEN:
        st.button(
            "Klaar",
            key=f"done_{key}",
            type="primary",
            icon=":material/logout:",
            on_click=click,
            args=(desk.mark_done, key, row.name),
        )
    undo = desk.undo_label(row)
    if undo:
        st.button(
            "Ongedaan",
            key=f"undo_{key}",
            type="tertiary",
            icon=":material/undo:",
            help=f"Maak de klik '{undo}' ongedaan",
            on_click=click,
            args=(desk.undo, key, row.name, row.last_click_id),
        )


def absent_popover(row: desk.DeskRow) -> None:
    key = row.pupil_id
    popover = st.popover("Afgemeld", key=f"absent_{key}", on_change="rerun")
    if not popover.open:
        return
    with popover:
        st.markdown(f"**{ui.escape(row.name)}** afmelden voor vandaag")
        with st.container(horizontal=True, gap="small"):
            for reason in desk.COMMON_REASONS:
                st.button(
                    reason,
                    key=f"reason_{reason}_{key}",
                    on_click=click,
                    args=(desk.mark_absent, key, row.name, reason),
                )
        st.text_input("Andere reden", key=f"reason_text_{key}", max_chars=desk.MAX_TEXT)
        st.button(
            "Afmelden",
            key=f"absent_other_{key}",
            on_click=absent_with_typed_reason,
            args=(key, row.name),
        )


def remark_popover(row: desk.DeskRow) -> None:
    key = row.pupil_id
    popover = st.popover(
        "",
        icon=":material/edit_note:",
        help="Opmerking van vandaag",
        key=f"remark_{key}",
        type="tertiary",
        on_change="rerun",
    )
    if not popover.open:
        return
    with popover:
        st.text_area(
            f"Opmerking bij {ui.escape(row.name)}",
            value=row.remark or "",
            key=f"remark_text_{key}",
            max_chars=desk.MAX_TEXT,
            placeholder="Bijvoorbeeld: komt later, tandarts",
        )
        st.button(
            "Opslaan",
            key=f"remark_save_{key}",
            type="primary",
            on_click=save_remark,
            args=(key, row.name, row.remark),
        )


def matches(row: desk.DeskRow, chosen: str, search: str) -> bool:
    if search and search not in row.name.lower() and search != row.number:
        return False
    if chosen == ALLE:
        return True
    if chosen == desk.TE_LAAT:
        return row.late
    return row.status == chosen


def walk_in(today: desk.DeskDay) -> None:
    popover = st.popover(
        "Niet verwacht, toch binnen",
        icon=":material/person_add:",
        key="walk_in",
        on_change="rerun",
    )
    if not popover.open:
        return
    with popover:
        candidates = dict(desk.walk_in_candidates(con, scope, today))
        if not candidates:
            st.caption("Alle leerlingen van deze vestiging staan al op de lijst.")
            return
        pupil_id = st.selectbox(
            "Leerling", options=list(candidates), format_func=candidates.get
        )
        st.button(
            "Binnen",
            key="walk_in_button",
            type="primary",
            on_click=click,
            args=(desk.mark_in, pupil_id, candidates[pupil_id]),
        )


@st.fragment(run_every=REFRESH_SECONDS)
def desk_list(location_id: int) -> None:
    """The list and its counts; reruns on every click and every REFRESH_SECONDS."""
    today = desk.day_list(con, scope, location_id)
    if error := st.session_state.pop("desk_error", None):
        st.error(ui.escape(error))
    if note := st.session_state.pop("desk_note", None):
        st.info(ui.escape(note))
    if not today.is_open:
        st.info("Vandaag is het instituut gesloten.")
    show_counts(today.counts)
    last_click_bar(today)
    chosen = st.pills("Toon", FILTERS, default=ALLE, key="desk_filter", required=True)
    with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
        search = st.text_input(
            "Zoek leerling",
            key="desk_search",
            placeholder="naam of leerlingnummer",
            width=240,
        )
        walk_in(today)
    search = search.strip().lower()
    shown = [row for row in today.rows if matches(row, chosen, search)]
    if not shown:
        st.caption("Geen leerlingen om te tonen.")
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = 1
    if pages > 1:
        page = st.number_input(
            f"Pagina (van {pages}; {len(shown)} leerlingen)",
            min_value=1,
            max_value=pages,
            key="desk_page",
            width=220,
        )
    for row in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        show_row(row)
    st.caption(
        f"Bijgewerkt om {nl.clock_time(clock.now())}; "
        f"de lijst ververst elke {REFRESH_SECONDS} seconden."
    )


with st.container(horizontal=True, vertical_alignment="bottom"):
    st.header(
        f"Vandaag, {nl.long_date(clock.today(), with_year=False)}", width="stretch"
    )
    location = pick_location()
desk_list(location)
