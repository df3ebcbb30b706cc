"""Agenda: five institute days from today, today's live status, homework per subject."""

from datetime import date, datetime

import streamlit as st

from studytrack import (
    absence,
    accounts,
    agenda,
    calendar_ics,
    clock,
    db,
    nl,
    parent_html,
    pdf,
    ui,
)
from studytrack.errors import StudyTrackError

WEEK_KEY = "agenda_week_offset"
MESSAGE_KEY = "agenda_message"
STATUS_REFRESH_SECONDS = 30


def move_week(step: int) -> None:
    """Button callback: a week back or forward; step 0 goes back to today."""
    current = st.session_state.get(WEEK_KEY, 0) if step else 0
    st.session_state[WEEK_KEY] = agenda.clamp_offset(current + step)


@st.fragment(run_every=STATUS_REFRESH_SECONDS)
def live_status(pupil_id: int) -> None:
    """Today's status, refreshed on its own; only this small part reruns."""
    con = ui.connection()
    login = st.session_state.get("login")
    if (
        not login
        or accounts.session_check(con, login, st.session_state["signed_in_at"]) is None
    ):
        return
    line = agenda.today_line(con, ui.scope(), pupil_id, clock.now())
    st.html(parent_html.status(line))


def withdraw(pupil_id: int, day: date) -> None:
    """Button callback: withdraw a parent's afmelding."""
    try:
        absence.withdraw(ui.connection(), ui.scope(), pupil_id, day)
        st.session_state[MESSAGE_KEY] = (
            "success",
            f"De afmelding voor {nl.long_date(day, with_year=False)} is ingetrokken.",
        )
    except StudyTrackError as error:
        st.session_state[MESSAGE_KEY] = ("error", str(error))


@st.dialog("Afmelden")
def report_absence(pupil_id: int, name: str) -> None:
    """A parent reports their child absent for today or a later day, with a reason."""
    con, scope, now = ui.connection(), ui.scope(), clock.now()
    days = absence.reportable_days(con, scope, pupil_id, now)
    current = absence.upcoming(con, scope, pupil_id, now)
    if current:
        st.markdown(
            "**Al afgemeld:**  \n"
            + "  \n".join(ui.escape(item.text) for item in current)
        )
    if not days:
        st.info(
            f"Er is de komende {absence.DAYS_AHEAD} dagen geen dag waarop "
            f"{ui.escape(name)} verwacht wordt en nog afgemeld kan worden."
        )
        return
    with st.form("afmelden", border=False):
        day = st.selectbox(
            "Dag",
            days,
            key="afmelden_day",
            format_func=lambda when: (
                nl.long_date(when, with_year=False)
                + (" (vandaag)" if when == now.date() else "")
            ),
        )
        reason = st.text_input(
            "Reden",
            key="afmelden_reason",
            max_chars=absence.MAX_REASON_LENGTH,
            placeholder="bijvoorbeeld ziek of tandarts",
        )
        sent = st.form_submit_button(
            f"{ui.escape(name)} afmelden", type="primary", key="afmelden_send"
        )
    if sent:
        try:
            absence.report(con, scope, pupil_id, day, reason)
        except StudyTrackError as error:
            st.error(ui.escape(str(error)))
        else:
            st.session_state[MESSAGE_KEY] = (
                "success",
                f"{name} is afgemeld voor {nl.long_date(day, with_year=False)}. "
                "De begeleiding ziet het meteen.",
            )
            st.rerun()


def show_toolbar(
    con: db.Connection, scope, pupil, week: agenda.Week, is_parent: bool
) -> None:
    """Week navigation, the printer button, the calendar file and Afmelden."""
    institute = db.setting(con, "institute_name")
    first = week.first

    def week_file() -> bytes:
        shown = agenda.week(con, scope, pupil.id, first)
        return pdf.week_pdf(institute, pupil, shown, clock.now())

    def calendar_file() -> bytes:
        return calendar_ics.coming_weeks(con, scope, institute, pupil, clock.now())

    with st.container(horizontal=True, gap="small", key="agenda_weeks"):
        st.button(
            "‹ vorige week",
            on_click=move_week,
            args=(-1,),
            key="week_back",
        )
        st.button("vandaag", on_click=move_week, args=(0,), key="week_today")
        st.button(
            "volgende week ›",
            on_click=move_week,
            args=(1,),
            key="week_next",
        )
    with st.container(horizontal=True, gap="small", key="agenda_actions"):
        st.download_button(
            "Afdrukken",
            data=week_file,
            file_name=pdf.download_name("huiswerk", pupil, "pdf", first.isoformat()),
            mime="application/pdf",
            icon=":material/print:",
            on_click="ignore",
            help="Het huiswerkoverzicht van deze week als PDF, klaar om af te drukken",
            key="print_week",
        )
        st.download_button(
            "Agenda-bestand",
            data=calendar_file,
            file_name=calendar_ics.file_name(pupil),
            mime="text/calendar",
            icon=":material/event:",
            on_click="ignore",
            help=(
                "De verwachte dagen en geplande toetsen van de komende "
                f"{calendar_ics.WEEKS_AHEAD} weken, voor de agenda op je telefoon"
            ),
            key="calendar_file",
        )
        if is_parent:
            if st.button("Afmelden", icon=":material/event_busy:", key="open_afmelden"):
                report_absence(pupil.id, pupil.first_name)


def show_day(
    pupil_id: int, day: agenda.AgendaDay, now: datetime, withdrawable: set[date]
) -> None:
    """One day: date, status, remark and homework; a withdraw button when allowed."""
    today = now.date()
    with st.container(border=True):
        if day.day == today:
            st.html(parent_html.day_head(day.day, today))
            live_status(pupil_id)
            st.html(parent_html.day_body(day, today))
        else:
            line = agenda.day_line(day.attendance, now)
            st.html(
                parent_html.day_head(day.day, today)
                + parent_html.status(line)
                + parent_html.day_body(day, today)
            )
        if day.day in withdrawable:
            st.button(
                "Afmelding intrekken",
                icon=":material/undo:",
                type="tertiary",
                on_click=withdraw,
                args=(pupil_id, day.day),
                key=f"withdraw_{day.day.isoformat()}",
            )


con = ui.connection()
scope = ui.scope()
pupil = ui.pupil_header(con, scope)
st.html(parent_html.CSS)
now = clock.now()
today = now.date()
offset = agenda.clamp_offset(st.session_state.get(WEEK_KEY, 0))
week = agenda.week(con, scope, pupil.id, agenda.week_start(today, offset))
is_parent = scope.viewer.role == "ouder"

st.subheader("Agenda")
st.caption(
    agenda.week_title(week) or "Het instituut heeft geen openingsdagen ingesteld."
)
show_toolbar(con, scope, pupil, week, is_parent)
if message := st.session_state.pop(MESSAGE_KEY, None):
    kind, text = message
    (st.success if kind == "success" else st.error)(ui.escape(text))

withdrawable = set()
if is_parent:
    withdrawable = {
        item.day
        for item in absence.upcoming(con, scope, pupil.id, now)
        if item.can_withdraw
    }
if not week.has_items and all(day.attendance.expected_at is None for day in week.days):
    st.info(
        f"Voor {ui.escape(pupil.first_name)} staat in deze dagen nog niets in de agenda: "
        "geen rooster en geen huiswerk. Zodra het instituut het rooster of huiswerk "
        "invoert, verschijnt het hier."
    )
for day in week.days:
    show_day(pupil.id, day, now, withdrawable)
