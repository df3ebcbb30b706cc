"""The HTML of the parent screens: agenda days, grade squares, the month table.

Plain functions that return HTML strings (no Streamlit), so they can be tested. All
text that users or imports entered goes through `_text`, which escapes it. The
layout wraps: nothing has a fixed width wider than a phone (390 px).
"""

import html
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from studytrack import agenda, grades, nl
from studytrack.agenda import AgendaDay, DayLine, Subject
from studytrack.grades import SubjectGrades
from studytrack.report import MonthReport, Row, Summary

# A speech bubble (Material "chat"), as a CSS image: st.html keeps no inline SVG.
BUBBLE_ICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E"
    "%3Cpath fill='%232f6690' d='M20 2H4c-1.1 0-1.99.9-1.99 2L2 22l4-4h14c1.1 0 "
    "2-.9 2-2V4c0-1.1-.9-2-2-2zM6 9h12v2H6V9zm8 5H6v-2h8v2zm4-6H6V6h12v2z'/%3E%3C/svg%3E"
)
GREEN = "#2e7d32"
DARK_GREEN = "#1b5e20"
RED = "#c62828"
BRIGHT_RED = "#e53935"
DARK_RED = "#8b1a1a"

CSS = f"""
<style>
.stp-day-head {{ display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem;
  margin: 0 0 .15rem 0; }}
.stp-date {{ font-weight: 700; font-size: 1.05rem; color: {DARK_GREEN}; }}
.stp-tag {{ font-size: .75rem; background: {GREEN}; color: #fff; border-radius: .6rem;
  padding: .05rem .5rem; }}
.stp-status {{ display: inline-block; font-weight: 600; border-radius: .35rem;
  padding: .1rem .5rem; margin: .1rem 0 .25rem 0; font-size: .95rem; }}
.stp-tone-present {{ background: #e3f1e4; color: {DARK_GREEN}; }}
.stp-tone-expected {{ background: #eef1f5; color: #33415c; }}
.stp-tone-absent {{ background: #fff3e0; color: #8a4b00; }}
.stp-tone-missing {{ background: #fdecea; color: {RED}; }}
.stp-tone-none {{ background: #f1f1f1; color: #5f5f5f; }}
.stp-remark {{ background: #fffbe6; border-left: 3px solid #e0c200; padding: .2rem .5rem;
  margin: .2rem 0 .35rem 0; font-size: .92rem; overflow-wrap: anywhere; }}
.stp-subject {{ position: relative; display: flex; flex-wrap: wrap; gap: .1rem .75rem;
  padding: .3rem 0; border-top: 1px solid #e6ece6; }}
.stp-subject-name {{ flex: 0 0 10rem; font-weight: 600; overflow-wrap: anywhere; }}
.stp-items {{ flex: 1 1 14rem; min-width: 0; margin: 0 !important;
  padding: 0 !important; list-style: none; }}
.stp-items li {{ margin: 0 0 .15rem 0; overflow-wrap: anywhere; }}
.stp-kind {{ display: inline-block; font-size: .75rem; border: 1px solid #b9c7b9;
  border-radius: .3rem; padding: 0 .35rem; margin-right: .3rem; color: #3b4a3b; }}
.stp-kind-test {{ border-color: {DARK_RED}; color: {DARK_RED}; }}
.stp-signed {{ color: {GREEN}; font-size: .85rem; white-space: nowrap; }}
.stp-open {{ color: #7a7a7a; font-size: .85rem; }}
.stp-empty {{ color: #6b6b6b; font-style: italic; font-size: .92rem; }}
.stp-bubble {{ cursor: help; margin-left: .35rem; outline: none; display: inline-block;
  width: 1.15rem; height: 1.15rem; vertical-align: -.2rem;
  background: url("{BUBBLE_ICON}") center / contain no-repeat; }}
.stp-bubble:focus-visible {{ outline: 2px solid {GREEN}; border-radius: .2rem; }}
.stp-tip {{ display: none; position: absolute; left: 0; right: 0; top: 100%; z-index: 20;
  background: #263238; color: #fff; font-weight: 400; font-size: .88rem;
  line-height: 1.35; padding: .45rem .6rem; border-radius: .4rem;
  box-shadow: 0 2px 8px rgba(0,0,0,.25); white-space: pre-wrap; overflow-wrap: anywhere; }}
.stp-bubble:hover .stp-tip, .stp-bubble:focus .stp-tip,
.stp-sq:hover .stp-tip, .stp-sq:focus .stp-tip {{ display: block; }}
.stp-grade-row {{ position: relative; display: flex; flex-wrap: wrap; align-items: center;
  gap: .35rem .6rem; padding: .45rem 0; border-top: 1px solid #e6ece6; }}
.stp-grade-subject {{ flex: 0 0 9rem; font-weight: 600; overflow-wrap: anywhere; }}
.stp-squares {{ flex: 1 1 12rem; display: flex; flex-wrap: wrap; align-items: center;
  gap: .3rem; }}
.stp-sq {{ display: inline-flex; align-items: center; justify-content: center;
  width: 2.35rem; height: 2.35rem; box-sizing: border-box; border-radius: .25rem;
  border: 2px solid #9bb59c; font-weight: 700; font-size: .9rem; cursor: help;
  color: #1f2a1f; background: #fff; outline: none; }}
.stp-sq:focus-visible {{ box-shadow: 0 0 0 2px {GREEN}; }}
.stp-sq-insufficient {{ color: {RED}; border-color: {RED}; }}
.stp-sq-awaited {{ background: {BRIGHT_RED}; border-color: {BRIGHT_RED}; }}
.stp-sq-planned {{ background: #fff; border-color: {DARK_RED}; }}
.stp-avg {{ font-weight: 700; color: #33415c; margin-left: .2rem; }}
.stp-legend {{ display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .85rem;
  color: #4a4a4a; margin: .2rem 0 .4rem 0; }}
.stp-legend .stp-sq {{ width: 1rem; height: 1rem; border-width: 2px; margin-right: .3rem;
  vertical-align: middle; cursor: default; }}
.stp-summary {{ display: flex; flex-wrap: wrap; gap: .5rem; margin: .3rem 0 .8rem 0; }}
.stp-figure {{ flex: 1 1 7.5rem; background: #f3f8f3; border-radius: .5rem;
  padding: .45rem .7rem; }}
.stp-figure b {{ display: block; font-size: 1.35rem; color: {DARK_GREEN}; }}
.stp-figure span {{ font-size: .82rem; color: #4a4a4a; }}
table.stp-report {{ width: 100%; border-collapse: collapse; font-size: .92rem; }}
.stp-report th {{ text-align: left; background: #eef6ee; color: {DARK_GREEN};
  padding: .35rem .5rem; }}
.stp-report td {{ vertical-align: top; padding: .35rem .5rem; border-top: 1px solid #e3e9e3;
  overflow-wrap: anywhere; }}
.stp-report .stp-line {{ display: block; }}
.stp-report td.stp-report-date {{ white-space: nowrap; }}
.stp-red {{ color: {RED}; font-weight: 600; }}
.stp-muted {{ color: #7a7a7a; }}
.st-key-agenda_weeks, .st-key-agenda_actions {{ gap: .45rem !important; }}
.st-key-agenda_weeks button, .st-key-agenda_actions button {{ padding-left: .7rem;
  padding-right: .7rem; }}
@media (max-width: 640px) {{
  .stp-subject-name, .stp-grade-subject {{ flex-basis: 100%; }}
  table.stp-report, .stp-report tbody, .stp-report tr, .stp-report td {{ display: block;
    width: 100%; box-sizing: border-box; }}
  .stp-report thead {{ display: none; }}
  .stp-report tr {{ border-top: 2px solid #cfe0cf; padding: .3rem 0; }}
  .stp-report td {{ border: none; padding: .1rem .2rem; }}
  .stp-report td[data-label]::before {{ content: attr(data-label) ": ";
    color: #5f6b5f; font-size: .82rem; }}
  .stp-report td.stp-report-date {{ font-weight: 700; color: {DARK_GREEN}; }}
  .stp-report td.stp-report-date::before {{ content: none; }}
  .stp-report td.stp-blank {{ display: none; }}
}}
</style>
"""


def _text(value: object) -> str:
    """User or import text, escaped for HTML (quotes too, for attributes)."""
    return "" if value is None else html.escape(str(value), quote=True)


# --- Agenda -------------------------------------------------------------------------


def day_head(day: date, today: date) -> str:
    """The date of an agenda day, with a 'vandaag' tag on today."""
    tag = '<span class="stp-tag">vandaag</span>' if day == today else ""
    return (
        f'<div class="stp-day-head"><span class="stp-date">'
        f"{_text(nl.long_date(day, with_year=False))}</span>{tag}</div>"
    )


def status(line: DayLine) -> str:
    """The line under a date as a coloured label."""
    return f'<div class="stp-status stp-tone-{line.tone}">{_text(line.text)}</div>'


def day_body(day: AgendaDay, today: date) -> str:
    """The day's remark and its homework per subject."""
    parts = []
    if day.remark:
        parts.append(f'<div class="stp-remark">Opmerking: {_text(day.remark)}</div>')
    if not day.items:
        parts.append('<div class="stp-empty">Geen huiswerk ingevoerd.</div>')
    for subject in day.subjects:
        parts.append(_subject(subject, due=day.day <= today))
    return "".join(parts)


def _subject(subject: Subject, due: bool) -> str:
    bubble = ""
    if subject.comments:
        comments = "\n".join(subject.comments)
        bubble = (
            '<span class="stp-bubble" tabindex="0" role="button" '
            f'aria-label="Opmerking bij {_text(subject.name)}">'
            f'<span class="stp-tip" role="tooltip">{_text(comments)}</span></span>'
        )
    items = "".join(_item(item, due) for item in subject.items)
    return (
        f'<div class="stp-subject"><div class="stp-subject-name">{_text(subject.name)}'
        f'{bubble}</div><ul class="stp-items">{items}</ul></div>'
    )


def _item(item: agenda.Item, due: bool) -> str:
    """One item; 'nog niet afgetekend' only once its day has come."""
    kind_class = "stp-kind stp-kind-test" if item.is_test else "stp-kind"
    signed = ""
    if item.signed_off:
        signed = f'<span class="stp-signed">✓ {_text(item.sign_off_text)}</span>'
    elif due:
        signed = '<span class="stp-open">nog niet afgetekend</span>'
    return (
        f'<li><span class="{kind_class}">{_text(item.kind)}</span>'
        f"{_text(item.description)} {signed}</li>"
    )


# --- Cijfers ------------------------------------------------------------------------


def grade_legend() -> str:
    """What the squares mean."""
    return (
        '<div class="stp-legend">'
        '<span><span class="stp-sq stp-sq-awaited"></span>toets geweest, cijfer volgt</span>'
        '<span><span class="stp-sq stp-sq-planned"></span>toets gepland</span>'
        f'<span><b style="color:{RED}">4,8</b> onvoldoende (onder 5,5)</span>'
        "<span>(6,8) gewogen gemiddelde</span></div>"
    )


def grade_rows(rows: Sequence[SubjectGrades], today: date) -> str:
    """A row per subject: a square per test, then the weighted average in brackets."""
    return "".join(_grade_row(row, today) for row in rows)


def _grade_row(row: SubjectGrades, today: date) -> str:
    squares = "".join(_square(test, today) for test in row.tests)
    average = grades.average_text(row.average)
    average_html = f'<span class="stp-avg">{average}</span>' if average else ""
    return (
        f'<div class="stp-grade-row"><div class="stp-grade-subject">{_text(row.subject)}'
        f'</div><div class="stp-squares">{squares}{average_html}</div></div>'
    )


def _square(test: grades.Test, today: date) -> str:
    state = grades.square_state(test.day, test.grade, today)
    title = _text(grades.square_title(test))
    inside = nl.grade(test.grade) if test.grade is not None else ""
    return (
        f'<span class="stp-sq stp-sq-{state}" tabindex="0" role="img" '
        f'aria-label="{title}">{inside}<span class="stp-tip" role="tooltip">{title}'
        "</span></span>"
    )


# --- Persoonlijke rapportage -------------------------------------------------------


def summary(figures: Summary) -> str:
    """The month in figures, as tiles that wrap."""
    late = (
        f"{figures.average_minutes_late} min"
        if figures.average_minutes_late is not None
        else "—"
    )
    tiles = [
        (figures.expected, "dagen verwacht"),
        (figures.present, "aanwezig"),
        (figures.late, "te laat"),
        (figures.absent, "afgemeld"),
        (late, "gemiddeld te laat"),
    ]
    if figures.missing:
        tiles.append((figures.missing, "afwezig zonder afmelding"))
    return (
        '<div class="stp-summary">'
        + "".join(
            f'<div class="stp-figure"><b>{value}</b><span>{label}</span></div>'
            for value, label in tiles
        )
        + "</div>"
    )


def report_table(month: MonthReport, now: datetime) -> str:
    """The month's table: datum, verwacht / aanwezig, overhoring / opdracht,
    opmerkingen; late arrivals and tests not signed off in red."""
    head = (
        "<thead><tr><th>Datum</th><th>Verwacht / aanwezig</th>"
        "<th>Overhoring / opdracht</th><th>Opmerkingen</th></tr></thead>"
    )
    body = "".join(_report_row(row, now) for row in month.rows)
    return f'<table class="stp-report">{head}<tbody>{body}</tbody></table>'


def _report_row(row: Row, now: datetime) -> str:
    tests = _lines(
        (
            f'<span class="stp-line{" stp-red" if test.flagged else ""}">'
            f"{_text(test.text)}</span>"
        )
        for test in row.tests
    )
    remarks = _lines(
        f'<span class="stp-line">{_text(remark)}</span>' for remark in row.remarks
    )
    return (
        f'<tr><td class="stp-report-date">{_text(nl.long_date(row.day, with_year=False))}'
        f'</td><td data-label="Verwacht / aanwezig">{_presence(row, now)}</td>'
        f'<td data-label="Overhoring / opdracht"{_blank(row.tests)}>{tests}</td>'
        f'<td data-label="Opmerkingen"{_blank(row.remarks)}>{remarks}</td></tr>'
    )


def _presence(row: Row, now: datetime) -> str:
    expected = nl.clock_time(row.expected_at) or "—"
    if row.absent:
        presence = _text(row.presence_text)
    elif row.arrived_at is not None and row.late:
        presence = (
            f'<span class="stp-red" title="{row.minutes_late} minuten later dan '
            f'verwacht">{_text(row.presence_text)}</span>'
        )
    elif row.arrived_at is not None:
        presence = _text(row.presence_text)
    elif row.expected_at is not None and row.day < now.date():
        presence = '<span class="stp-red">niet aanwezig</span>'
    else:
        presence = '<span class="stp-muted">—</span>'
    return f"{expected} / {presence}"


def _blank(values: Sequence) -> str:
    """Mark an empty cell, which phones leave out."""
    return "" if values else ' class="stp-blank"'


def _lines(parts: Iterable[str]) -> str:
    joined = "".join(parts)
    return joined or '<span class="stp-muted">—</span>'
