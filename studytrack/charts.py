"""Plotly figures for the parent screens; they never call Streamlit."""

from collections.abc import Sequence
from datetime import date, timedelta

import plotly.graph_objects as go

from studytrack import grades, nl
from studytrack.grades import PASS_MARK, SubjectGrades

# Distinct colours, none of them the red of the 5,5 line; one per graded subject.
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
    "#393b79",
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
    (dotted, same colour) and the 5,5 line."""
    traces = []
    graded_days = []
    graded_rows = [row for row in rows if any(t.grade is not None for t in row.tests)]
    for position, row in enumerate(graded_rows):
        graded = [test for test in row.tests if test.grade is not None]
        colour = PALETTE[position % len(PALETTE)]
        subject = _plain(row.subject)
        graded_days += [test.day for test in graded]
        traces.append(
            {
                "type": "scatter",
                "x": [test.day for test in graded],
                "y": [float(test.grade) for test in graded],
                "mode": "markers",
                "name": subject,
                "legendgroup": row.subject,
                "marker": {"color": colour, "size": 9},
                "customdata": [
                    [subject, _plain(grades.square_title(test))] for test in graded
                ],
                "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[1]}"
                "<extra></extra>",
            }
        )
        running = grades.running_averages(graded)
        traces.append(
            {
                "type": "scatter",
                "x": [day for day, _ in running],
                "y": [float(average) for _, average in running],
                "mode": "lines",
                "name": _plain(f"{row.subject} (gemiddelde)"),
                "legendgroup": row.subject,
                "showlegend": False,
                "line": {"color": colour, "width": 2, "dash": "dot"},
                "customdata": [[subject, nl.grade(average)] for _, average in running],
                "hovertemplate": "<b>%{customdata[0]}</b><br>gemiddelde "
                "%{customdata[1]}<extra></extra>",
            }
        )
    layout = {
        "separators": ",.",
        "height": 380,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "yaxis": {"range": [0.8, 10.4], "dtick": 1, "fixedrange": True},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        "hovermode": "closest",
        "dragmode": False,
        # The 5,5 line across the whole width, with its label at the left.
        "shapes": [
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": float(PASS_MARK),
                "y1": float(PASS_MARK),
                "line": {"color": FAIL_RED, "width": 1, "dash": "dash"},
            }
        ],
        "annotations": [
            {
                "xref": "paper",
                "x": 0,
                "xanchor": "left",
                "yref": "y",
                "y": float(PASS_MARK),
                "yanchor": "bottom",
                "text": "5,5",
                "showarrow": False,
                "font": {"color": FAIL_RED},
            }
        ],
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
            "fixedrange": True,
        }
    return go.Figure(data=traces, layout=layout)


def _plain(text: str) -> str:
    """User text shown by plotly, which reads a little HTML: keep it as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
