"""Trends: attendance patterns over the pupils in scope, for mentors and the admin."""

from datetime import date

import streamlit as st

from studytrack import attendance, clock, nl, report, spreadsheet, trends, ui
from studytrack import trend_charts as charts
from studytrack.trends import Group, Period

CACHE_SECONDS = 60
CUSTOM = "zelf kiezen"
UNITS = {"Per week": "week", "Per maand": "maand"}
COMPARE_BY = {"vestiging": "Vestiging", "school": "School", "klas": "Klas"}
COMPARE_BY |= {"mentor": "Mentor"}
DRILL_KEY = "trends_pupil"
VIEWS = (
    "Leerlingen met aandacht",
    "Verloop",
    "Weekdag × week",
    "Vergelijking",
    "Huiswerk en cijfers",
)


# --- cached loads: per scope fingerprint, group and period ------------------------


@st.cache_data(ttl=CACHE_SECONDS, max_entries=64, show_spinner="Trends berekenen…")
def load_overview(scope_key: str, group: Group, period: Period, _scope):
    return trends.overview(ui.connection(), _scope, group, period)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=64, show_spinner=False)
def load_learning(scope_key: str, group: Group, period: Period, _scope):
    return trends.learning(ui.connection(), _scope, group, period)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=64, show_spinner=False)
def load_pupil(scope_key: str, pupil_id: int, period: Period, _scope):
    return trends.pupil_trend(ui.connection(), _scope, pupil_id, period)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=32, show_spinner=False)
def load_group_options(scope_key: str, kind: str, _scope) -> list[Group]:
    return trends.group_options(ui.connection(), _scope, kind)


# --- pieces of the page -------------------------------------------------------------


def choose_period() -> Period:
    today = clock.today()
    presets = [*trends.PRESETS, CUSTOM]
    preset = st.selectbox(
        "Periode",
        presets,
        format_func=str.capitalize,
        key="trends_preset",
    )
    if preset != CUSTOM:
        return trends.preset_period(preset, today)
    default = trends.preset_period("laatste 4 weken", today)
    picked = st.date_input(
        "Van – tot en met",
        value=(default.first, default.last),
        max_value=today,
        format="DD-MM-YYYY",
        key="trends_dates",
    )
    if len(picked) < 2:
        st.caption("Kies ook de laatste dag.")
        return Period(picked[0], picked[0]) if picked else default
    return Period(min(picked[0], today), min(picked[1], today))


def choose_group(scope_key: str, scope) -> Group:
    kind = st.selectbox(
        "Groep",
        list(trends.GROUP_KINDS),
        format_func=trends.GROUP_KINDS.get,
        key="trends_group_kind",
    )
    if kind == "alle":
        return Group()
    options = load_group_options(scope_key, kind, scope)
    if not options:
        st.caption("Geen groepen van deze soort.")
        return Group()
    return st.selectbox(
        trends.GROUP_KINDS[kind],
        options,
        format_func=lambda group: group.label,
        key=f"trends_group_{kind}",
    )


def percent(value: float | None) -> str:
    return "–" if value is None else f"{nl.number(value)} %"


def show_key_figures(overview: trends.Overview) -> None:
    now, change = overview.figures.current, overview.figures.change
    days = f"van {whole(now.expected)} verwachte dagen"
    cards = [
        ("Aanwezig", percent(now.attendance_rate), "attendance_rate", True,
         f"{whole(now.present)} {days}"),
        ("Afgemeld", percent(now.afgemeld_rate), "afgemeld_rate", False,
         f"{whole(now.afgemeld)} {days}"),
        ("Niet gekomen", percent(now.not_come_rate), "not_come_rate", False,
         f"{whole(now.not_come)} {days}, niet afgemeld"),
        ("Te laat", f"{whole(now.late)} keer", "late", False,
         f"{percent(now.late_rate)} {days}"),
        ("Minuten te laat, samen", f"{whole(now.late_minutes)} min", "late_minutes",
         False,
         None),
        ("Gemiddeld per keer te laat", minutes(now.average_late_minutes),
         "average_late_minutes", False, None),
    ]  # fmt: skip
    columns = st.columns(3) + st.columns(3)
    for column, (label, value, name, up_is_good, help_text) in zip(
        columns, cards, strict=True
    ):
        delta = change(name)
        still = delta is None or round(delta, 1) == 0
        column.metric(
            label,
            value,
            None if delta is None else _delta_text(name, 0 if still else delta),
            delta_color="off" if still else "normal" if up_is_good else "inverse",
            delta_arrow="off" if still else "auto",
            help=help_text,
            border=True,
        )


def minutes(value: float | None) -> str:
    return "–" if value is None else f"{nl.number(value)} min"


def whole(count: int) -> str:
    """'5.719': a count with a thousands dot."""
    return f"{count:,}".replace(",", ".")


def _delta_text(name: str, delta: float) -> str:
    """'+1,2 pp', '-3 keer', '+48 min'; a change of nothing reads '0 …'."""
    sign = "+" if delta > 0 else "-" if delta < 0 else ""
    if name.endswith("_rate"):
        return f"{sign}{nl.number(abs(delta))} pp"
    if name == "average_late_minutes":
        return f"{sign}{nl.number(abs(delta))} min"
    unit = "min" if name == "late_minutes" else "keer"
    return f"{sign}{whole(abs(int(delta)))} {unit}"


def show_bands(bands: dict[str, int]) -> None:
    st.caption("Aantal leerlingen per risicoband en te laat-niveau")
    row = st.container(horizontal=True, wrap=True, key="trends_bands")
    for name, limits in zip(
        (
            trends.BAND_EARLY,
            trends.BAND_CHRONIC,
            trends.TIER_REGULAR,
            trends.TIER_OFTEN,
        ),
        (
            f"afwezig {trends.ABSENCE_EARLY}–{trends.ABSENCE_CHRONIC} %",
            f"afwezig {trends.ABSENCE_CHRONIC} % of meer",
            f"te laat {trends.LATE_REGULAR}–{trends.LATE_OFTEN} % van de dagen",
            f"te laat {trends.LATE_OFTEN} % of meer van de dagen",
        ),
        strict=True,
    ):
        row.metric(
            name.capitalize(),
            whole(bands[name]),
            help=f"Leerlingen met {limits}",
            border=True,
        )


def download(frame, name: str, key: str, label: str = "Download CSV") -> None:
    """A CSV download of a table as shown (rates to one decimal)."""
    st.download_button(
        label,
        data=lambda: spreadsheet.to_csv_bytes(frame.round(1)),
        file_name=f"trends-{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )


def show_course(overview: trends.Overview) -> None:
    choice = st.segmented_control(
        "Verloop", list(UNITS), default="Per week", key="trends_unit"
    )
    unit = UNITS[choice or "Per week"]
    frame = overview.weekly if unit == "week" else overview.monthly
    if frame.empty:
        st.info("Geen verwachte dagen in deze periode.")
        return
    left, right = st.columns(2)
    left.plotly_chart(charts.attendance_chart(frame, unit), width="stretch")
    right.plotly_chart(charts.absence_chart(frame, unit), width="stretch")
    st.plotly_chart(charts.late_minutes_chart(frame, unit), width="stretch")
    table = trends.readable(frame, trends.SERIES_COLUMNS, unit)
    with st.expander("Tabel"):
        st.dataframe(table, hide_index=True, column_config=_number_formats(table))
        download(table, f"per-{unit}", f"download_{unit}")


def show_heatmap(overview: trends.Overview, open_days: list[int]) -> None:
    measures = charts.HEATMAP_MEASURES
    measure = st.segmented_control(
        "Toon",
        list(measures),
        format_func=lambda key: measures[key][0],
        help="Afwezig = afgemeld + niet gekomen.",
        default="absence_rate",
        key="trends_heatmap_measure",
    )
    if overview.heatmap.empty:
        st.info("Geen verwachte dagen in deze periode.")
        return
    st.plotly_chart(
        charts.heatmap_chart(overview.heatmap, measure or "absence_rate", open_days),
        width="stretch",
    )
    st.caption(
        "Elk vak is één weekdag van één week: het percentage van de verwachte dagen "
        "(afwezig = afgemeld + niet gekomen). Een lege plek: niemand verwacht. Zo "
        "vallen patronen op, zoals vaak afwezig op vrijdag."
    )
    table = trends.readable(
        overview.heatmap, ["week", "weekday", *trends.SERIES_COLUMNS[1:]]
    )
    download(table, "weekdag-week", "download_heatmap")


def show_comparison(overview: trends.Overview, scope) -> None:
    default = "vestiging" if scope.viewer.is_admin else "klas"
    by = st.segmented_control(
        "Vergelijk per",
        list(COMPARE_BY),
        format_func=COMPARE_BY.get,
        default=default,
        key="trends_compare_by",
    )
    by = by or default
    compared = overview.comparisons[by]
    if compared.empty:
        st.info("Geen verwachte dagen in deze periode.")
        return
    title = f"Afwezig en te laat per {COMPARE_BY[by].lower()}"
    st.plotly_chart(charts.comparison_chart(compared, title), width="stretch")
    if len(compared) > charts.MAX_COMPARED:
        st.caption(
            f"De grafiek toont de {charts.MAX_COMPARED} met de meeste afwezigheid; "
            "de tabel toont ze allemaal."
        )
    table = trends.readable(compared, trends.COMPARISON_COLUMNS)
    table = table.rename(columns={"Naam": COMPARE_BY[by]})
    st.dataframe(table, hide_index=True, column_config=_number_formats(table))
    download(table, f"per-{by}", "download_comparison")


def show_attention(overview: trends.Overview, scope, period: Period) -> None:
    st.markdown(
        f"Leerlingen met **verhoogd risico** (afwezig {trends.ABSENCE_EARLY} tot "
        f"{trends.ABSENCE_CHRONIC} % van de verwachte dagen), **chronisch** "
        f"afwezig ({trends.ABSENCE_CHRONIC} % of meer), **regelmatig te laat** "
        f"({trends.LATE_REGULAR} tot {trends.LATE_OFTEN} % van de verwachte dagen) "
        f"of **vaak te laat** ({trends.LATE_OFTEN} % of meer). Afwezig = afgemeld + "
        "niet gekomen. Klik op een kolomkop om te sorteren, op een rij om de "
        "leerling te bekijken."
    )
    attention = overview.attention
    if attention.empty:
        st.success("Geen leerlingen die aandacht nodig hebben in deze periode.")
        return
    table = trends.readable(attention, trends.ATTENTION_COLUMNS)
    if not scope.viewer.is_admin:
        table = table.drop(columns=["Vestiging"])
    event = st.dataframe(
        table,
        hide_index=True,
        column_config=_number_formats(table)
        | {
            "Aanwezig per week": st.column_config.LineChartColumn(
                "Verloop per week", y_min=0, y_max=100, width="small"
            ),
        },
        on_select="rerun",
        selection_mode="single-row",
        key="trends_attention_table",
    )
    st.caption(
        "Percentages naar beneden afgerond op hele procenten, zodat ze met de banden "
        "kloppen. Verschil: aanwezig % min dat van de vorige periode (procentpunten)."
    )
    download(table.drop(columns=["Aanwezig per week"]), "aandacht", "download_att")
    _follow_table_selection(event, attention)
    show_drill_down(attention, scope, period)


def _follow_table_selection(event, attention) -> None:
    """A click on a row picks that pupil below (only when the click changes)."""
    rows = event.selection.rows if event else []
    clicked = int(attention.iloc[rows[0]]["pupil_id"]) if rows else None
    if clicked != st.session_state.get("trends_clicked"):
        st.session_state["trends_clicked"] = clicked
        if clicked is not None:
            st.session_state[DRILL_KEY] = clicked


def show_drill_down(attention, scope, period: Period) -> None:
    by_id = {int(row.pupil_id): row for row in attention.itertuples(index=False)}
    if st.session_state.get(DRILL_KEY) not in by_id:
        st.session_state[DRILL_KEY] = None
    st.subheader("Eén leerling bekijken")
    pupil_id = st.selectbox(
        "Leerling",
        list(by_id),
        format_func=lambda key: _pupil_label(by_id[key]),
        placeholder="Kies een leerling uit de lijst",
        key=DRILL_KEY,
    )
    if pupil_id is None:
        return
    row = by_id[pupil_id]
    details = [row.class_name, row.school, row.location, row.band, row.tier]
    st.markdown(
        f"**{ui.escape(row.name)}** · "
        + " · ".join(ui.escape(part) for part in details if part)
    )
    months = load_pupil(trends.scope_key(scope), pupil_id, period, scope)
    left, right = st.columns([3, 2])
    left.plotly_chart(
        charts.learning_chart(months, "Per maand dit schooljaar"), width="stretch"
    )
    with right:
        show_month_report(scope, pupil_id, period)
    if st.button(
        "Open de persoonlijke rapportage",
        icon=":material/summarize:",
        key="trends_open_report",
    ):
        st.session_state[ui.PUPIL_KEY] = pupil_id
        st.switch_page("pages/rapportage.py")


def _pupil_label(row) -> str:
    return f"{row.name} ({row.class_name})" if row.class_name else row.name


def show_month_report(scope, pupil_id: int, period: Period) -> None:
    """The pupil's month in the words of the Persoonlijke rapportage."""
    first = min(period.first, trends.school_year_start(period.last))
    months = _months_between(first, period.last)
    year, month = st.selectbox(
        "Maand",
        months,
        format_func=lambda ym: nl.month_name(*ym),
        key=f"trends_month_{pupil_id}",
    )
    found = report.month_report(
        ui.connection(), scope, pupil_id, year, month, clock.now()
    )
    summary = found.summary
    average = summary.average_minutes_late
    st.markdown(
        f"Verwacht **{summary.expected}** · aanwezig **{summary.present}** · "
        f"te laat **{summary.late}**"
        + (f" (gem. {average} min)" if average is not None else "")
        + f" · afgemeld **{summary.absent}** · niet gekomen **{summary.missing}**"
    )
    rows = [
        {
            "Datum": nl.short_date(row.day),
            "Verwacht": nl.clock_time(row.expected_at),
            "Aanwezig": row.presence_text,
            "Te laat": f"{row.minutes_late} min" if row.late else "",
            "Opmerkingen": " · ".join(row.remarks),
        }
        for row in found.rows
        if row.day <= clock.today()
    ]
    if rows:
        st.dataframe(rows, hide_index=True)
    else:
        st.caption("Geen dagen in deze maand.")


def _months_between(first: date, last: date) -> list[tuple[int, int]]:
    found = []
    year, month = last.year, last.month
    while (year, month) >= (first.year, first.month):
        found.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found


def show_learning(overview: trends.Overview, learned: dict, period: Period) -> None:
    default = "Per week" if period.days <= 120 else "Per maand"
    choice = st.segmented_control(
        "Huiswerk en cijfers", list(UNITS), default=default, key="trends_learn_unit"
    )
    unit = UNITS[choice or default]
    if unit == "week":
        found = trends.merge_months(overview.weekly, learned["week"])
    else:
        found = trends.merge_months(overview.monthly, learned["maand"])
    if found.empty:
        st.info("Geen gegevens in deze periode.")
        return
    title = f"Aanwezig, afgetekend en cijfer per {unit}"
    st.plotly_chart(charts.learning_chart(found, title, unit), width="stretch")
    table = trends.readable(found, trends.LEARNING_COLUMNS, unit)
    shown = table.assign(**{"Gemiddeld cijfer": table["Gemiddeld cijfer"].map(_grade)})
    st.dataframe(shown, hide_index=True, column_config=_number_formats(shown))
    download(table, f"huiswerk-cijfers-per-{unit}", "download_learning")


def _grade(value) -> str:
    return "" if value is None or value != value else nl.grade(value)


def show_definitions() -> None:
    st.markdown(
        f"""
- **Verwachte dag**: een dag waarop het instituut open is en de leerling een
  verwachte tijd heeft: de eigen tijd van die dag, anders het rooster dat op die
  datum geldt. Alleen dagen vóór vandaag tellen; vandaag telt mee zodra de
  leerling binnen is of is afgemeld.
- **Aanwezig**: er is een tijd van binnenkomst en de leerling is niet afgemeld.
- **Te laat**: aanwezig en minstens één hele minuut na de verwachte tijd binnen.
  *Minuten te laat* = binnenkomst min verwachte tijd; het gemiddelde is per keer
  te laat.
- **Afgemeld**: de dag staat op afgemeld (door ouder of begeleiding). Afgemeld
  gaat voor een tijd van binnenkomst.
- **Niet gekomen** (ongeoorloofd afwezig): verwacht, niet afgemeld en niet
  binnengekomen.
- **Afwezig** = afgemeld + niet gekomen. Aanwezig + afgemeld + niet gekomen =
  100 % van de verwachte dagen.
- **Risico afwezigheid**: afwezig op {trends.ABSENCE_EARLY} tot
  {trends.ABSENCE_CHRONIC} % van de verwachte dagen is *verhoogd risico*,
  {trends.ABSENCE_CHRONIC} % of meer is *chronisch*.
- **Te laat-niveau**: te laat op {trends.LATE_REGULAR} tot {trends.LATE_OFTEN} %
  van de verwachte dagen is *regelmatig te laat*, {trends.LATE_OFTEN} % of meer is
  *vaak te laat*.
- **Verschil**: tegenover de periode van dezelfde lengte direct ervoor; bij
  percentages in procentpunten (pp).
- **Afgetekend %**: van het huiswerk en de toetsen met een datum in de periode
  (tot en met vandaag) het deel dat de begeleiding heeft afgetekend.
  **Gemiddeld cijfer**: gewogen gemiddelde (weging) van de cijfers van die maand.
"""
    )


def _number_formats(table) -> dict:
    formats = {}
    for column in table.columns:
        if column.endswith("%"):
            formats[column] = st.column_config.NumberColumn(format="%d %%")
        elif column.endswith("(pp)"):
            formats[column] = st.column_config.NumberColumn(format="%+d")
        elif column == "Gem. minuten per keer":
            formats[column] = st.column_config.NumberColumn(format="%.0f min")
        elif column in ("Vanaf", "Week van"):
            formats[column] = st.column_config.DateColumn(format="D-M-YYYY")
    return formats


# --- the page -----------------------------------------------------------------------

scope = ui.scope_for_roles(
    {"mentor", "beheerder"}, "Trends is alleen voor mentoren en de beheerder."
)
st.title("Trends")
if not scope.ids:
    st.info("Er zijn (nog) geen leerlingen aan je account gekoppeld.")
    st.stop()
scope_key = trends.scope_key(scope)

left, middle, right = st.columns([1, 1, 1], vertical_alignment="bottom")
with left:
    period = choose_period()
with middle:
    group = choose_group(scope_key, scope)
overview = load_overview(scope_key, group, period, scope)
with right:
    download(
        trends.figures_table(overview.figures),
        "kengetallen",
        "download_keys",
        "Kengetallen (CSV)",
    )

previous = period.previous()
st.caption(
    f"{ui.escape(group.label)} · {whole(overview.figures.current.pupils)} leerlingen · "
    f"{period.label} · vergeleken met {previous.label}"
)
show_key_figures(overview)
show_bands(overview.bands)
with st.expander("Hoe tellen we? Definities"):
    show_definitions()

# One view at a time: only what is open is drawn (and homework is only loaded then).
view = st.segmented_control(
    "Bekijk", list(VIEWS), default=VIEWS[0], key="trends_view", width="stretch"
)
view = view or VIEWS[0]
if view == "Leerlingen met aandacht":
    show_attention(overview, scope, period)
elif view == "Verloop":
    show_course(overview)
elif view == "Weekdag × week":
    show_heatmap(overview, sorted(attendance.opening_days(ui.connection())))
elif view == "Vergelijking":
    show_comparison(overview, scope)
else:
    show_learning(overview, load_learning(scope_key, group, period, scope), period)
