"""Trends: attendance figures over many pupils and days, for mentors and the admin.

Every figure is computed in DuckDB over the whole period, set-based: the calendar
of opening days is generated with range(), joined with the weekly schedules and
the attendance rows, and aggregated in SQL. Callers get small DataFrames back.
This is the bulk-analytics place of product.md §9, so the SQL may be DuckDB's own.

How a day counts (the page shows the same definitions to its users):
- expected: an opening day on which the pupil has an expected time (the day's own
  `attendance.expected_at`, else the schedule valid that day, as in
  `attendance.EXPECTED_AT_SQL`), before today; today counts once the pupil is in
  or afgemeld (the day is not over, so today is never "not come"; as in
  `report.summarise`);
- afgemeld: the day's absent flag (it wins over an arrival time, as in
  `attendance.status_of`);
- present: not afgemeld and an arrival time recorded;
- late: present and arrived at least one whole minute after the expected time
  (minutes as `attendance.minutes_late`);
- not come (niet gekomen, ongeoorloofd afwezig): expected, neither present nor
  afgemeld;
- absent (afwezig) = afgemeld + not come; its share of the expected days gives
  the risk band, the share of expected days late gives the late tier.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from studytrack import attendance, clock, db, nl
from studytrack.access import Scope

log = logging.getLogger(__name__)

# Risk bands for absence (afgemeld + niet gekomen), as a share of expected days.
ABSENCE_EARLY = 5  # % and more: verhoogd risico
ABSENCE_CHRONIC = 10  # % and more: chronisch
# Tiers for late arrivals, as a share of expected days with a late arrival.
LATE_REGULAR = 5  # % and more: regelmatig te laat
LATE_OFTEN = 15  # % and more: vaak te laat

BAND_NONE = "geen risico"
BAND_EARLY = "verhoogd risico"
BAND_CHRONIC = "chronisch"
TIER_NONE = "op tijd"
TIER_REGULAR = "regelmatig te laat"
TIER_OFTEN = "vaak te laat"
BAND_NAMES = (BAND_NONE, BAND_EARLY, BAND_CHRONIC)
TIER_NAMES = (TIER_NONE, TIER_REGULAR, TIER_OFTEN)

PRESETS = (
    "laatste 4 weken",
    "laatste 13 weken",
    "deze maand",
    "vorige maand",
    "dit schooljaar",
)

# Group kinds: the SQL condition on pupils p that selects a group, and its label.
GROUP_KINDS = {
    "alle": "Alle leerlingen",
    "vestiging": "Vestiging",
    "school": "School",
    "klas": "Klas",
    "mentor": "Mentor",
}
_GROUP_FILTERS = {
    "alle": "TRUE",
    "vestiging": "p.location_id = ?",
    "school": "p.school = ?",
    "klas": "p.school IS NOT DISTINCT FROM ? AND p.class_name = ?",
    "mentor": "p.id IN (SELECT pupil_id FROM account_pupils WHERE account_id = ?)",
    "leerling": "p.id = ?",
}
# What a comparison groups the day facts by: a join and the group's label.
_MENTORS = (
    "LEFT JOIN (SELECT ap.pupil_id, a.name FROM account_pupils ap "
    "JOIN accounts a ON a.id = ap.account_id WHERE a.role = 'mentor') mt "
    "ON mt.pupil_id = f.pupil_id"
)
_COMPARE_BY = {
    "vestiging": ("", "l.name"),
    "school": ("", "coalesce(p.school, '(geen school)')"),
    "klas": (
        "",
        "coalesce(p.class_name, '(geen klas)') || coalesce(' · ' || p.school, '')",
    ),
    "mentor": (_MENTORS, "coalesce(mt.name, '(geen mentor)')"),
}
_UNITS = {"week": "week", "maand": "month"}


@dataclass(frozen=True)
class Period:
    """A range of dates, both ends included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> "Period":
        """The period of equal length that ends the day before this one starts."""
        last = self.first - timedelta(days=1)
        return Period(last - timedelta(days=self.days - 1), last)

    @property
    def label(self) -> str:
        """'2 november – 3 december 2026'."""
        first = nl.long_date(self.first, with_year=self.first.year != self.last.year)
        return f"{first.split(' ', 1)[1]} – {nl.long_date(self.last).split(' ', 1)[1]}"


@dataclass(frozen=True)
class Group:
    """A group of pupils to look at: a kind (see GROUP_KINDS) and its key."""

    kind: str = "alle"
    key: tuple = ()
    label: str = "Alle leerlingen"


@dataclass(frozen=True)
class Figures:
    """Counts of expected days and what happened on them."""

    pupils: int = 0
    expected: int = 0
    present: int = 0
    afgemeld: int = 0
    not_come: int = 0
    late: int = 0
    late_minutes: int = 0

    @property
    def attendance_rate(self) -> float | None:
        """Present days as a percentage of expected days."""
        return _percent(self.present, self.expected)

    @property
    def afgemeld_rate(self) -> float | None:
        return _percent(self.afgemeld, self.expected)

    @property
    def not_come_rate(self) -> float | None:
        return _percent(self.not_come, self.expected)

    @property
    def late_rate(self) -> float | None:
        """Late arrivals as a percentage of expected days."""
        return _percent(self.late, self.expected)

    @property
    def average_late_minutes(self) -> float | None:
        """Minutes late per late arrival."""
        return self.late_minutes / self.late if self.late else None


@dataclass(frozen=True)
class KeyFigures:
    """The figures of a period beside those of the period of equal length before it."""

    period: Period
    current: Figures
    previous: Figures

    def change(self, name: str) -> float | None:
        """Current minus previous value of a Figures property (None when unknown)."""
        now, before = getattr(self.current, name), getattr(self.previous, name)
        return None if now is None or before is None else now - before


@dataclass
class Overview:
    """Everything the Trends page shows for one scope, group and period."""

    figures: KeyFigures
    weekly: pd.DataFrame
    monthly: pd.DataFrame
    heatmap: pd.DataFrame
    bands: dict[str, int]
    attention: pd.DataFrame
    learning_weekly: pd.DataFrame
    learning_monthly: pd.DataFrame


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def _frame(con: db.Connection, sql: str, params: list) -> pd.DataFrame:
    """db.frame with DATE columns as dates (DuckDB hands them over as timestamps)."""
    found = db.frame(con, sql, params)
    for column in found.columns:
        if pd.api.types.is_datetime64_any_dtype(found[column]):
            found[column] = found[column].dt.date
    return found


# --- periods and groups -------------------------------------------------------------


def school_year_start(day: date) -> date:
    """1 August of the school year that `day` falls in."""
    return date(day.year if day.month >= 8 else day.year - 1, 8, 1)


def preset_period(preset: str, today: date | None = None) -> Period:
    """The dates of a preset ('laatste 4 weken' …), ending today or last month."""
    today = today or clock.today()
    if preset == "laatste 4 weken":
        return Period(today - timedelta(days=27), today)
    if preset == "laatste 13 weken":
        return Period(today - timedelta(days=90), today)
    if preset == "deze maand":
        return Period(today.replace(day=1), today)
    if preset == "vorige maand":
        last = today.replace(day=1) - timedelta(days=1)
        return Period(last.replace(day=1), last)
    if preset == "dit schooljaar":
        return Period(school_year_start(today), today)
    raise ValueError(f"unknown period preset {preset!r}")


def scope_key(scope: Scope) -> str:
    """A short fingerprint of the scope's pupils, for cache keys."""
    text = ",".join(str(pupil_id) for pupil_id in scope.ids)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def group_options(con: db.Connection, scope: Scope, kind: str) -> list[Group]:
    """The groups of a kind that hold at least one pupil in scope, by name."""
    if kind == "alle":
        return [Group()]
    queries = {
        "vestiging": "SELECT DISTINCT l.id, l.name FROM pupils p "
        "JOIN locations l ON l.id = p.location_id WHERE p.id = ANY(?) ORDER BY 2",
        "school": "SELECT DISTINCT p.school, p.school FROM pupils p "
        "WHERE p.id = ANY(?) AND p.school IS NOT NULL ORDER BY 1",
        "klas": "SELECT DISTINCT p.school, p.class_name FROM pupils p "
        "WHERE p.id = ANY(?) AND p.class_name IS NOT NULL ORDER BY 2, 1",
        "mentor": "SELECT DISTINCT a.id, a.name FROM account_pupils ap "
        "JOIN accounts a ON a.id = ap.account_id "
        "WHERE ap.pupil_id = ANY(?) AND a.role = 'mentor' ORDER BY 2",
    }
    found = db.rows(con, queries[kind], [scope.ids])
    if kind == "klas":
        return [
            Group(kind, (school, name), f"{name} · {school}" if school else name)
            for school, name in found
        ]
    if kind == "school":
        return [Group(kind, (school,), school) for school, _ in found]
    return [Group(kind, (key,), label) for key, label in found]


def pupil_group(scope: Scope, pupil_id: int, name: str = "") -> Group:
    """A group of one pupil in scope (AccessDenied otherwise), for the drill-down."""
    return Group("leerling", (scope.require(pupil_id),), name)


# --- the day facts, set-based -------------------------------------------------------

# One row per pupil of the group and counted expected day between two dates.
# Parameters: see _facts_params.
_FACTS = """
members AS (
    SELECT p.id AS pupil_id FROM pupils p WHERE p.id = ANY(?) AND ({group_filter})
),
calendar AS (
    SELECT CAST(range AS DATE) AS day
    FROM range(CAST(? AS DATE), CAST(? AS DATE) + INTERVAL 1 DAY, INTERVAL 1 DAY)
    WHERE isodow(range) = ANY(?)
),
planned AS (
    -- the schedule valid on the day; the latest valid_from wins (EXPECTED_AT_SQL)
    SELECT s.pupil_id, c.day, arg_max(s.expected_at, s.valid_from) AS expected_at
    FROM schedules s
    JOIN members m ON m.pupil_id = s.pupil_id
    JOIN calendar c ON s.weekday = isodow(c.day) AND s.valid_from <= c.day
         AND (s.valid_to IS NULL OR c.day <= s.valid_to)
    GROUP BY s.pupil_id, c.day
),
recorded AS (
    SELECT a.pupil_id, a.day, a.expected_at, a.arrived_at, a.absent
    FROM attendance a
    JOIN members m ON m.pupil_id = a.pupil_id
    JOIN calendar c ON c.day = a.day
),
pupil_days AS (
    SELECT coalesce(r.pupil_id, pl.pupil_id) AS pupil_id,
           coalesce(r.day, pl.day) AS day,
           coalesce(r.expected_at, pl.expected_at) AS expected_at,
           r.arrived_at,
           coalesce(r.absent, FALSE) AS absent
    FROM planned pl
    FULL JOIN recorded r ON r.pupil_id = pl.pupil_id AND r.day = pl.day
),
facts AS (
    SELECT pupil_id, day,
           absent AS afgemeld,
           NOT absent AND arrived_at IS NOT NULL AS present,
           NOT absent AND arrived_at IS NULL AS not_come,
           CASE WHEN NOT absent AND arrived_at IS NOT NULL THEN greatest(
               hour(arrived_at) * 60 + minute(arrived_at)
               - hour(expected_at) * 60 - minute(expected_at), 0)
           ELSE 0 END AS minutes_late
    FROM pupil_days
    WHERE expected_at IS NOT NULL
      AND (day < ? OR (day = ? AND (absent OR arrived_at IS NOT NULL)))
)"""

# The counts of a set of facts, and their rates in percent.
_COUNTS = """count(*) AS expected,
    count(*) FILTER (WHERE present) AS present,
    count(*) FILTER (WHERE afgemeld) AS afgemeld,
    count(*) FILTER (WHERE not_come) AS not_come,
    count(*) FILTER (WHERE minutes_late > 0) AS late,
    coalesce(sum(minutes_late), 0) AS late_minutes"""
_RATES = """100.0 * present / nullif(expected, 0) AS attendance_rate,
    100.0 * afgemeld / nullif(expected, 0) AS afgemeld_rate,
    100.0 * not_come / nullif(expected, 0) AS not_come_rate,
    100.0 * (afgemeld + not_come) / nullif(expected, 0) AS absence_rate,
    100.0 * late / nullif(expected, 0) AS late_rate,
    late_minutes / nullif(late, 0) AS average_late_minutes"""


def _facts_sql(group: Group) -> str:
    return _FACTS.format(group_filter=_GROUP_FILTERS[group.kind])


def _facts_params(
    con: db.Connection, scope: Scope, group: Group, first: date, last: date
) -> list:
    now = clock.now()
    return [
        scope.ids,
        *group.key,
        first,
        last,
        sorted(attendance.opening_days(con)),
        now.date(),
        now.date(),
    ]


# --- the figures --------------------------------------------------------------------


def key_figures(
    con: db.Connection, scope: Scope, group: Group, period: Period
) -> KeyFigures:
    """Attendance, afgemeld, not come and late figures of the period and the one before."""
    before = period.previous()
    found = db.rows(
        con,
        f"""WITH {_facts_sql(group)}
            SELECT f.day >= ? AS current, {_COUNTS}
            FROM facts f GROUP BY ALL""",  # noqa: S608 — constant fragments only
        [*_facts_params(con, scope, group, before.first, period.last), period.first],
    )
    pupils = _member_count(con, scope, group)
    by_period = {row[0]: row[1:] for row in found}
    return KeyFigures(
        period,
        Figures(pupils, *by_period.get(True, ())),
        Figures(pupils, *by_period.get(False, ())),
    )


def _member_count(con: db.Connection, scope: Scope, group: Group) -> int:
    return db.value(
        con,
        f"""SELECT count(*) FROM pupils p
            WHERE p.id = ANY(?) AND ({_GROUP_FILTERS[group.kind]})""",  # noqa: S608 — constant fragment
        [scope.ids, *group.key],
    )


def series(
    con: db.Connection, scope: Scope, group: Group, period: Period, unit: str
) -> pd.DataFrame:
    """Figures per week or per maand: start (Monday or the 1st), counts and rates."""
    trunc = _UNITS[unit]
    return _frame(
        con,
        f"""WITH {_facts_sql(group)},
            counted AS (
                SELECT CAST(date_trunc('{trunc}', f.day) AS DATE) AS start, {_COUNTS}
                FROM facts f GROUP BY 1)
            SELECT *, {_RATES} FROM counted ORDER BY start""",  # noqa: S608 — constant fragments only
        _facts_params(con, scope, group, period.first, period.last),
    )


def heatmap(
    con: db.Connection, scope: Scope, group: Group, period: Period
) -> pd.DataFrame:
    """Figures per week (its Monday) and weekday (1 = maandag): counts and rates."""
    return _frame(
        con,
        f"""WITH {_facts_sql(group)},
            counted AS (
                SELECT CAST(date_trunc('week', f.day) AS DATE) AS week,
                       CAST(isodow(f.day) AS INTEGER) AS weekday, {_COUNTS}
                FROM facts f GROUP BY 1, 2)
            SELECT *, {_RATES} FROM counted ORDER BY week, weekday""",  # noqa: S608 — constant fragments only
        _facts_params(con, scope, group, period.first, period.last),
    )


def comparison(
    con: db.Connection, scope: Scope, group: Group, period: Period, by: str
) -> pd.DataFrame:
    """Figures per location, school, class or mentor within the group, by name."""
    join, label = _COMPARE_BY[by]
    return _frame(
        con,
        f"""WITH {_facts_sql(group)},
            counted AS (
                SELECT {label} AS name, count(DISTINCT f.pupil_id) AS pupils, {_COUNTS}
                FROM facts f
                JOIN pupils p ON p.id = f.pupil_id
                JOIN locations l ON l.id = p.location_id
                {join}
                GROUP BY 1)
            SELECT *, {_RATES} FROM counted ORDER BY name""",  # noqa: S608 — constant fragments only
        _facts_params(con, scope, group, period.first, period.last),
    )


# Per pupil: the period's counts, rates, band and tier, the previous period's
# attendance rate and the weekly attendance rates. Extra parameters after the
# facts: period.first (split), the four thresholds.
_PER_PUPIL = """
split AS (SELECT f.*, f.day >= ? AS current FROM facts f),
now_counts AS (
    SELECT pupil_id, {counts} FROM split WHERE current GROUP BY pupil_id
),
before_counts AS (
    SELECT pupil_id, 100.0 * count(*) FILTER (WHERE present) / count(*) AS rate
    FROM split WHERE NOT current GROUP BY pupil_id
),
weeks AS (
    SELECT pupil_id, date_trunc('week', day) AS week,
           100.0 * count(*) FILTER (WHERE present) / count(*) AS rate
    FROM split WHERE current GROUP BY 1, 2
),
per_pupil AS (
    SELECT c.*, {rates},
        CASE WHEN (c.afgemeld + c.not_come) * 100 >= ? * c.expected THEN 2
             WHEN (c.afgemeld + c.not_come) * 100 >= ? * c.expected THEN 1
             ELSE 0 END AS band_level,
        CASE WHEN c.late * 100 >= ? * c.expected THEN 2
             WHEN c.late * 100 >= ? * c.expected THEN 1
             ELSE 0 END AS tier_level,
        b.rate AS previous_attendance_rate,
        (SELECT list(w.rate ORDER BY w.week) FROM weeks w
         WHERE w.pupil_id = c.pupil_id) AS weekly_attendance
    FROM now_counts c LEFT JOIN before_counts b ON b.pupil_id = c.pupil_id
)"""


def _per_pupil_sql(group: Group) -> str:
    return (
        f"WITH {_facts_sql(group)}," + _PER_PUPIL.format(counts=_COUNTS, rates=_RATES)  # noqa: S608 — constant fragments
    )


def _per_pupil_params(
    con: db.Connection, scope: Scope, group: Group, period: Period
) -> list:
    before = period.previous()
    return [
        *_facts_params(con, scope, group, before.first, period.last),
        period.first,
        ABSENCE_CHRONIC,
        ABSENCE_EARLY,
        LATE_OFTEN,
        LATE_REGULAR,
    ]


def band_counts(
    con: db.Connection, scope: Scope, group: Group, period: Period
) -> dict[str, int]:
    """How many pupils fall in each absence band and late tier."""
    found = db.one(
        con,
        f"""{_per_pupil_sql(group)}
             SELECT count(*) FILTER (WHERE band_level = 0),
                    count(*) FILTER (WHERE band_level = 1),
                    count(*) FILTER (WHERE band_level = 2),
                    count(*) FILTER (WHERE tier_level = 0),
                    count(*) FILTER (WHERE tier_level = 1),
                    count(*) FILTER (WHERE tier_level = 2)
             FROM per_pupil""",  # noqa: S608 — constant fragments only
        _per_pupil_params(con, scope, group, period),
    )
    return dict(zip(BAND_NAMES + TIER_NAMES, found, strict=True))


def pupil_figures(
    con: db.Connection,
    scope: Scope,
    group: Group,
    period: Period,
    attention_only: bool = True,
) -> pd.DataFrame:
    """Per pupil with expected days: counts, rates, band, tier and trend.

    With attention_only, only pupils in a risk band or a late tier, the most
    serious first; else every pupil, by name.
    """
    where = "WHERE band_level > 0 OR tier_level > 0" if attention_only else ""
    order = (
        "band_level DESC, absence_rate DESC, tier_level DESC, late_rate DESC, name"
        if attention_only
        else "name"
    )
    found = db.frame(
        con,
        f"""{_per_pupil_sql(group)}
              SELECT pp.pupil_id, p.number,
                  concat_ws(' ', p.first_name, nullif(p.infix, ''), p.last_name) AS name,
                  p.last_name, p.first_name,
                  p.class_name, p.school, l.name AS location,
                  pp.* EXCLUDE (pupil_id),
                  pp.attendance_rate - pp.previous_attendance_rate AS attendance_change
              FROM per_pupil pp
              JOIN pupils p ON p.id = pp.pupil_id
              JOIN locations l ON l.id = p.location_id
              {where}
              ORDER BY {order}""",  # noqa: S608 — constant fragments only
        _per_pupil_params(con, scope, group, period),
    )
    found["band"] = found["band_level"].map(dict(enumerate(BAND_NAMES)))
    found["tier"] = found["tier_level"].map(dict(enumerate(TIER_NAMES)))
    return found


def learning(
    con: db.Connection,
    scope: Scope,
    group: Group,
    period: Period,
    unit: str = "maand",
) -> pd.DataFrame:
    """Per week or month: agenda items due and signed off, and the weighted average grade.

    Items count from the period's first day up to today; the sign-off rate is
    signed-off items as a percentage of the items due.
    """
    trunc = _UNITS[unit]
    now = clock.now()
    return _frame(
        con,
        f"""WITH members AS (
                SELECT p.id AS pupil_id FROM pupils p
                WHERE p.id = ANY(?) AND ({_GROUP_FILTERS[group.kind]}))
            SELECT CAST(date_trunc('{trunc}', i.day) AS DATE) AS start,
                   count(*) AS items,
                   count(i.signed_off_at) AS signed_off,
                   100.0 * count(i.signed_off_at) / count(*) AS sign_off_rate,
                   count(i.grade) AS grades,
                   CAST(sum(i.grade * i.weight) / sum(i.weight) FILTER (
                       WHERE i.grade IS NOT NULL) AS DOUBLE) AS average_grade
            FROM agenda_items i JOIN members m ON m.pupil_id = i.pupil_id
            WHERE i.day BETWEEN ? AND ? AND i.day <= ?
            GROUP BY 1 ORDER BY 1""",  # noqa: S608 — constant fragment
        [scope.ids, *group.key, period.first, period.last, now.date()],
    )


def overview(
    con: db.Connection, scope: Scope, group: Group, period: Period
) -> Overview:
    """Every figure of the Trends page for a group and period (comparison apart)."""
    return Overview(
        figures=key_figures(con, scope, group, period),
        weekly=series(con, scope, group, period, "week"),
        monthly=series(con, scope, group, period, "maand"),
        heatmap=heatmap(con, scope, group, period),
        bands=band_counts(con, scope, group, period),
        attention=pupil_figures(con, scope, group, period),
        learning_weekly=learning(con, scope, group, period, "week"),
        learning_monthly=learning(con, scope, group, period, "maand"),
    )


# --- one pupil ----------------------------------------------------------------------


def pupil_month(
    con: db.Connection, scope: Scope, pupil_id: int, year: int, month: int
) -> pd.DataFrame:
    """One pupil's institute days of a month: expected, arrived, minutes late, status."""
    scope.require(pupil_id)
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    today = clock.today()
    rows = []
    for day in attendance.days(con, pupil_id, first, min(last, today)):
        if day.expected_at is None and day.arrived_at is None and not day.absent:
            continue
        rows.append(
            {
                "datum": day.day,
                "verwacht": nl.clock_time(day.expected_at),
                "binnen": nl.clock_time(day.arrived_at),
                "minuten te laat": day.minutes_late if not day.absent else 0,
                "status": _day_status(day, today),
                "reden / opmerking": day.absent_reason or day.remark or "",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "datum",
            "verwacht",
            "binnen",
            "minuten te laat",
            "status",
            "reden / opmerking",
        ],
    )


def _day_status(day: attendance.Day, today: date) -> str:
    if day.absent:
        return "Afgemeld"
    if day.arrived_at is not None:
        return "Te laat" if day.minutes_late > 0 else "Aanwezig"
    if day.expected_at is None:
        return "Niet verwacht"
    if day.day < today or day.expected_at <= clock.time_now():
        return "Niet gekomen"
    return "Verwacht"


def pupil_trend(
    con: db.Connection, scope: Scope, pupil_id: int, period: Period
) -> pd.DataFrame:
    """One pupil per month from the school year's start: attendance, sign-off, grade."""
    group = pupil_group(scope, pupil_id)
    longer = Period(min(period.first, school_year_start(period.last)), period.last)
    months = series(con, scope, group, longer, "maand")
    learned = learning(con, scope, group, longer)
    return merge_months(months, learned)


def merge_months(months: pd.DataFrame, learned: pd.DataFrame) -> pd.DataFrame:
    """Attendance per month beside sign-off rate and average grade per month."""
    return months.merge(learned, on="start", how="outer").sort_values("start")


def month_label(start: date | datetime) -> str:
    """'nov 2026'."""
    return f"{nl.MONTHS[start.month - 1][:3]} {start.year}"


def week_label(start: date | datetime) -> str:
    """'wk 49' (ISO week number of the Monday)."""
    return f"wk {start.isocalendar()[1]}"


# --- tables as people read them -------------------------------------------------------

LABELS = {
    "start": "Vanaf",
    "week": "Week van",
    "weekday": "Weekdag",
    "name": "Naam",
    "number": "Leerlingnummer",
    "class_name": "Klas",
    "school": "School",
    "location": "Vestiging",
    "pupils": "Leerlingen",
    "expected": "Verwacht (dagen)",
    "present": "Aanwezig (dagen)",
    "afgemeld": "Afgemeld (dagen)",
    "not_come": "Niet gekomen (dagen)",
    "late": "Te laat (keer)",
    "late_minutes": "Minuten te laat",
    "attendance_rate": "Aanwezig %",
    "afgemeld_rate": "Afgemeld %",
    "not_come_rate": "Niet gekomen %",
    "absence_rate": "Afwezig %",
    "late_rate": "Te laat %",
    "average_late_minutes": "Gem. minuten per keer",
    "band": "Risico afwezigheid",
    "tier": "Te laat-niveau",
    "attendance_change": "Verschil aanwezig (pp)",
    "previous_attendance_rate": "Aanwezig % vorige periode",
    "weekly_attendance": "Aanwezig per week",
    "items": "Huiswerk en toetsen",
    "signed_off": "Afgetekend",
    "sign_off_rate": "Afgetekend %",
    "grades": "Cijfers",
    "average_grade": "Gemiddeld cijfer",
}
SERIES_COLUMNS = [
    "start",
    "attendance_rate",
    "afgemeld_rate",
    "not_come_rate",
    "late_rate",
    "average_late_minutes",
    "expected",
    "present",
    "afgemeld",
    "not_come",
    "late",
    "late_minutes",
]
COMPARISON_COLUMNS = ["name", "pupils", *SERIES_COLUMNS[1:]]
ATTENTION_COLUMNS = [
    "name",
    "class_name",
    "band",
    "absence_rate",
    "tier",
    "late",
    "late_minutes",
    "attendance_rate",
    "attendance_change",
    "weekly_attendance",
    "afgemeld_rate",
    "not_come_rate",
    "expected",
    "location",
]
LEARNING_COLUMNS = [
    "start",
    "attendance_rate",
    "items",
    "signed_off",
    "sign_off_rate",
    "grades",
    "average_grade",
]


def readable(frame: pd.DataFrame, columns: list[str], unit: str = "") -> pd.DataFrame:
    """The chosen columns under their Dutch names; week and month starts as labels."""
    shown = frame[[column for column in columns if column in frame.columns]].copy()
    if "start" in shown and unit == "week":
        shown.insert(0, "Week", [week_label(start) for start in shown["start"]])
    elif "start" in shown and unit == "maand":
        shown["start"] = [month_label(start) for start in shown["start"]]
        shown = shown.rename(columns={"start": "Maand"})
    if "weekday" in shown:
        shown["weekday"] = [nl.WEEKDAYS[day - 1] for day in shown["weekday"]]
    return shown.rename(columns=LABELS)


def figures_table(figures: KeyFigures) -> pd.DataFrame:
    """The key figures of the period and the previous one, a row per figure."""
    rows = [
        ("Leerlingen", "pupils"),
        ("Verwachte dagen", "expected"),
        ("Aanwezig (dagen)", "present"),
        ("Afgemeld (dagen)", "afgemeld"),
        ("Niet gekomen (dagen)", "not_come"),
        ("Te laat (keer)", "late"),
        ("Minuten te laat", "late_minutes"),
        ("Aanwezig %", "attendance_rate"),
        ("Afgemeld %", "afgemeld_rate"),
        ("Niet gekomen %", "not_come_rate"),
        ("Te laat %", "late_rate"),
        ("Gem. minuten per keer", "average_late_minutes"),
    ]
    return pd.DataFrame(
        [
            (
                label,
                getattr(figures.current, name),
                getattr(figures.previous, name),
                figures.change(name),
            )
            for label, name in rows
        ],
        columns=[
            "Kengetal",
            f"Periode {figures.period.label}",
            f"Vorige periode {figures.period.previous().label}",
            "Verschil",
        ],
    )
