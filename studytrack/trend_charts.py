"""Plotly figures for the Trends page; they take the small frames of `trends`.

Labels are Dutch and built here (plotly's own month names are English); numbers
use a decimal comma. No function calls Streamlit.
"""

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from studytrack import nl, trends

PRESENT = "#2e7d32"
AFGEMELD = "#ef6c00"
NOT_COME = "#c62828"
LATE = "#6a1b9a"
SIGNED_OFF = "#1565c0"
GRADE = "#37474f"

# What a heatmap can show: column of trends.heatmap, Dutch name, colours (low→high).
HEATMAP_MEASURES = {
    "absence_rate": ("Afwezig", "Reds"),
    "afgemeld_rate": ("Afgemeld", "Oranges"),
    "not_come_rate": ("Niet gekomen", "Reds"),
    "late_rate": ("Te laat", "Purples"),
    "attendance_rate": ("Aanwezig", "Greens"),
}
MAX_COMPARED = 25


def _layout(figure: go.Figure, title: str, height: int = 320) -> go.Figure:
    figure.update_layout(
        title=dict(text=title, x=0, xanchor="left", font=dict(size=15)),
        height=height,
        margin=dict(l=10, r=10, t=40, b=10),
        separators=",.",
        template="plotly_white",
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        hovermode="x unified",
    )
    return figure


def period_labels(starts: pd.Series, unit: str) -> list[str]:
    """'wk 49' per week or 'nov 2026' per month."""
    label = trends.week_label if unit == "week" else trends.month_label
    return [label(start) for start in starts]


def attendance_chart(series: pd.DataFrame, unit: str) -> go.Figure:
    """Attendance rate per week or month, with the 90 and 95 % lines of the bands."""
    labels = period_labels(series["start"], unit)
    figure = go.Figure(
        go.Scatter(
            x=labels,
            y=series["attendance_rate"],
            name="Aanwezig",
            mode="lines+markers",
            line=dict(color=PRESENT, width=3),
            customdata=series[["present", "expected"]],
            hovertemplate="%{y:.1f} % (%{customdata[0]} van %{customdata[1]} dagen)"
            "<extra>Aanwezig</extra>",
        )
    )
    for level, text in (
        (100 - trends.ABSENCE_EARLY, "verhoogd risico"),
        (100 - trends.ABSENCE_CHRONIC, "chronisch"),
    ):
        figure.add_hline(
            y=level,
            line=dict(color="#9e9e9e", dash="dot", width=1),
            annotation_text=f"{level} % · {text}",
            annotation_position="bottom right",
            annotation_font=dict(size=11, color="#757575"),
        )
    lowest = series["attendance_rate"].min()
    bottom = 80 if pd.isna(lowest) else min(80, max(0, lowest - 5))
    figure.update_yaxes(range=[bottom, 101], ticksuffix=" %")
    figure.update_xaxes(type="category")
    return _layout(figure, f"Aanwezigheid per {unit}")


def absence_chart(series: pd.DataFrame, unit: str) -> go.Figure:
    """Afgemeld, not come and late as a share of expected days, per week or month."""
    labels = period_labels(series["start"], unit)
    figure = go.Figure()
    for column, count, name, colour in (
        ("afgemeld_rate", "afgemeld", "Afgemeld", AFGEMELD),
        ("not_come_rate", "not_come", "Niet gekomen", NOT_COME),
        ("late_rate", "late", "Te laat", LATE),
    ):
        figure.add_bar(
            x=labels,
            y=series[column],
            name=name,
            marker_color=colour,
            customdata=series[[count, "expected"]],
            hovertemplate="%{y:.1f} % (%{customdata[0]} van %{customdata[1]} dagen)"
            f"<extra>{name}</extra>",
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(rangemode="tozero", ticksuffix=" %")
    figure.update_xaxes(type="category")
    return _layout(figure, f"Afwezig en te laat per {unit}")


def late_minutes_chart(series: pd.DataFrame, unit: str) -> go.Figure:
    """Late arrivals per week or month: their number and the average minutes late."""
    labels = period_labels(series["start"], unit)
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_bar(
        x=labels,
        y=series["late"],
        name="Keer te laat",
        marker_color=LATE,
        opacity=0.75,
        customdata=series[["late_minutes"]],
        hovertemplate="%{y} keer, samen %{customdata[0]} min<extra></extra>",
    )
    figure.add_scatter(
        x=labels,
        y=series["average_late_minutes"],
        name="Gem. minuten per keer",
        mode="lines+markers",
        line=dict(color=GRADE, width=2),
        hovertemplate="%{y:.1f} min per keer<extra></extra>",
        secondary_y=True,
    )
    figure.update_yaxes(title_text="keer", rangemode="tozero", secondary_y=False)
    figure.update_yaxes(
        title_text="minuten per keer",
        rangemode="tozero",
        showgrid=False,
        tickmode="auto",
        tickformat=".0f",
        secondary_y=True,
    )
    figure.update_xaxes(type="category")
    return _layout(figure, f"Te laat per {unit}")


def heatmap_chart(
    cells: pd.DataFrame, measure: str, opening_days: list[int]
) -> go.Figure:
    """A weekday × week grid of one rate (see HEATMAP_MEASURES), maandag on top."""
    name, colours = HEATMAP_MEASURES[measure]
    weeks = sorted(cells["week"].unique())
    days = sorted(opening_days)
    grid = cells.pivot_table(index="weekday", columns="week", values=measure)
    grid = grid.reindex(index=days, columns=weeks)
    counts = cells.pivot_table(index="weekday", columns="week", values="expected")
    counts = counts.reindex(index=days, columns=weeks).fillna(0)
    day_names = [nl.WEEKDAYS_SHORT[day - 1] for day in days]
    text = [
        ["" if pd.isna(value) else nl.number(value) for value in row]
        for row in grid.to_numpy()
    ]
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[trends.week_label(week) for week in weeks],
            y=day_names,
            text=text,
            texttemplate="%{text}",
            customdata=counts.to_numpy(),
            # the colours stretch over the values shown, so that small
            # differences between days stand out; the numbers say how big
            colorscale=colours,
            colorbar=dict(ticksuffix=" %", thickness=12),
            hovertemplate="%{x}, %{y}: %{z:.1f} % van %{customdata} verwachte dagen"
            "<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(type="category")
    figure = _layout(figure, f"{name} per dag en week (%)", height=300)
    figure.update_layout(hovermode="closest")
    return figure


def comparison_chart(compared: pd.DataFrame, title: str) -> go.Figure:
    """Absence and late rate per group; the groups with most absence when many."""
    shown = compared.sort_values(["absence_rate", "name"], ascending=[False, True])
    shown = shown.head(MAX_COMPARED).iloc[::-1]
    # names come from imports: plotly reads tags in labels, so escape them
    names = [html.escape(str(name)) for name in shown["name"]]
    figure = go.Figure()
    for column, name, colour in (
        ("afgemeld_rate", "Afgemeld", AFGEMELD),
        ("not_come_rate", "Niet gekomen", NOT_COME),
    ):
        figure.add_bar(
            y=names,
            x=shown[column],
            name=name,
            orientation="h",
            marker_color=colour,
            hovertemplate="%{x:.1f} %" + f"<extra>{name}</extra>",
        )
    figure.add_scatter(
        y=names,
        x=shown["late_rate"],
        name="Te laat",
        mode="markers",
        marker=dict(color=LATE, size=11, symbol="diamond"),
        cliponaxis=False,
        hovertemplate="%{x:.1f} %<extra>Te laat</extra>",
    )
    for level in (trends.ABSENCE_EARLY, trends.ABSENCE_CHRONIC):
        figure.add_vline(x=level, line=dict(color="#9e9e9e", dash="dot", width=1))
    figure.update_layout(barmode="stack")
    figure.update_xaxes(rangemode="tozero", ticksuffix=" %")
    figure.update_yaxes(type="category", automargin=True)
    height = 140 + 28 * len(shown)
    figure = _layout(figure, title, height=max(260, height))
    figure.update_layout(hovermode="y unified", legend_traceorder="normal")
    return figure


def learning_chart(months: pd.DataFrame, title: str, unit: str = "maand") -> go.Figure:
    """Per week or month: attendance and sign-off rate (left) beside the average
    grade (right), with the 5,5 line."""
    labels = period_labels(months["start"], unit)
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_scatter(
        x=labels,
        y=months["attendance_rate"],
        name="Aanwezig",
        mode="lines+markers",
        line=dict(color=PRESENT, width=3),
        customdata=months[["present", "expected"]],
        hovertemplate="%{y:.1f} % (%{customdata[0]} van %{customdata[1]} dagen)"
        "<extra>Aanwezig</extra>",
    )
    figure.add_scatter(
        x=labels,
        y=months["sign_off_rate"],
        name="Huiswerk afgetekend",
        mode="lines+markers",
        line=dict(color=SIGNED_OFF, width=3, dash="dash"),
        customdata=months[["signed_off", "items"]],
        hovertemplate="%{y:.1f} % (%{customdata[0]} van %{customdata[1]})"
        "<extra>Afgetekend</extra>",
    )
    figure.add_scatter(
        x=labels,
        y=months["average_grade"],
        name="Gemiddeld cijfer",
        mode="lines+markers",
        line=dict(color=GRADE, width=2),
        marker=dict(symbol="square", size=9),
        customdata=months[["grades"]],
        hovertemplate="%{y:.1f} (%{customdata[0]} cijfers)<extra>Gemiddeld cijfer</extra>",
        secondary_y=True,
    )
    figure.add_hline(
        y=5.5,
        line=dict(color=NOT_COME, dash="dot", width=1),
        secondary_y=True,
    )
    figure.update_yaxes(range=[0, 101], ticksuffix=" %", secondary_y=False)
    figure.update_yaxes(
        range=[1, 10.2], dtick=1, showgrid=False, title_text="cijfer", secondary_y=True
    )
    figure.update_xaxes(type="category")
    return _layout(figure, title)
