"""Plotly figures for the parent screens; they never call Streamlit."""

from collections.abc import Sequence
from datetime import date, timedelta

import plotly.graph_objects as go

from studytrack import grades, nl
from studytrack.grades import PASS_MARK, SubjectGrades

# Calm, distinguishable colours (colour-blind safe), one per subject in turn.
PALETTE = (
    "#1b7837",
    "#2166ac",
    "#b35806",
    "#762a83",
    "#01665e",
    "#8c510a",
    "#c51b7d",
    "#4d4d4d",
    "#35978f",
    "#5aae61",
)
FAIL_RED = "#c62828"
MONTHS_SHORT = tuple(name[:3] for name in nl.MONTHS)


def month_ticks(first: date, last: date) -> tuple[list[date], list[str]]:
    """Tick positions on the first of each month from `first` to `last`, Dutch names."""
    values, texts = [], []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        values.append(date(year, month, 1))
        label = MONTHS_SHORT[month - 1]
        texts.append(f"{label} {year}" if month == 1 or not texts else label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return values, texts


def grades_figure(rows: Sequence[SubjectGrades]) -> go.Figure:
    """Grades over time per subject, with each subject's running weighted average
    (dashed, same colour) and the 5,5 line."""
    figure = go.Figure()
    graded_days = []
    for position, row in enumerate(rows):
        graded = [test for test in row.tests if test.grade is not None]
        if not graded:
            continue
        colour = PALETTE[position % len(PALETTE)]
        graded_days += [test.day for test in graded]
        figure.add_trace(
            go.Scatter(
                x=[test.day for test in graded],
                y=[float(test.grade) for test in graded],
                mode="markers",
                name=_plain(row.subject),
                legendgroup=row.subject,
                marker={"color": colour, "size": 9},
                customdata=[
                    [_plain(row.subject), _plain(grades.square_title(test))]
                    for test in graded
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"
                ),
            )
        )
        running = grades.running_averages(graded)
        figure.add_trace(
            go.Scatter(
                x=[day for day, _ in running],
                y=[float(average) for _, average in running],
                mode="lines",
                name=_plain(f"{row.subject} (gemiddelde)"),
                legendgroup=row.subject,
                showlegend=False,
                line={"color": colour, "width": 2, "dash": "dot", "shape": "hv"},
                customdata=[
                    [_plain(row.subject), nl.grade(average)] for _, average in running
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>gemiddelde %{customdata[1]}"
                    "<extra></extra>"
                ),
            )
        )
    figure.add_hline(
        y=float(PASS_MARK),
        line={"color": FAIL_RED, "width": 1, "dash": "dash"},
        annotation_text="5,5",
        annotation_position="top left",
        annotation_font_color=FAIL_RED,
    )
    layout = {
        "template": "plotly_white",
        "separators": ",.",
        "height": 380,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "yaxis": {"range": [0.8, 10.4], "dtick": 1, "title": None, "fixedrange": True},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        "hovermode": "closest",
        "dragmode": False,
    }
    if graded_days:
        first, last = min(graded_days), max(graded_days)
        values, texts = month_ticks(first, last)
        layout["xaxis"] = {
            "range": [
                first.replace(day=1) - timedelta(days=3),
                last + timedelta(days=7),
            ],
            "tickvals": values,
            "ticktext": texts,
            "title": None,
            "fixedrange": True,
        }
    figure.update_layout(**layout)
    return figure


def _plain(text: str) -> str:
    """User text shown by plotly, which reads a little HTML: keep it as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
