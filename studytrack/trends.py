"""Trends: attendance figures over many pupils and days, for mentors and the admin.

Every figure is computed in DuckDB over the whole period, set-based: the calendar
of opening days is generated with range(), joined with the weekly schedules and
the attendance rows, and aggregated in SQL. Callers get small DataFrames back.
This is the bulk-analytics place of product.md §9, so the SQL may be DuckDB's own.

How a day counts (the page shows the same definitions to its users):
- expected: an opening day on which the pupil has an expected time (the day's own
  `attendance.expected_at`, else the schedule valid that day, as in
  `attendance.EXPECTED_AT_SQL`), before today; today counts once the pupil is in
  or afgemeld (the day is not over, so today is never "not come", as in the
  month report's `report.summarise`);
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

# The kinds of group one can look at, as the page names them.
GROUP_KINDS = {
    "alle": "Alle leerlingen",
    "vestiging": "Vestiging",
    "school": "School",
    "klas": "Klas",
    "mentor": "Mentor",
}
# Per kind: the condition on pupils p that selects the group, with its named
# parameters (the Group's key, in this order).
_GROUP_FILTERS = {
    "alle": "TRUE",
    "vestiging": "p.location_id = $group_key",
    "school": "p.school = $group_key",
    "klas": "p.school IS NOT DISTINCT FROM $group_school AND p.class_name = $group_class",
    "mentor": "p.id IN (SELECT pupil_id FROM account_pupils WHERE account_id = $group_key)",
    "leerling": "p.id = $group_key",
}
_GROUP_PARAMS = {
    "alle": (),
    "vestiging": ("group_key",),
    "school": ("group_key",),
    "klas": ("group_school", "group_class"),
    "mentor": ("group_key",),
    "leerling": ("group_key",),
}
COMPARE_KINDS = ("vestiging", "school", "klas", "mentor")


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
    comparisons: dict[str, pd.DataFrame]


def _percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


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


# --- the overview: one query over the day facts -------------------------------------

# The counts of a set of day facts, and their rates in percent.
_COUNTS = """count(*) AS expected,
    count(*) FILTER (WHERE present) AS present,
    count(*) FILTER (WHERE afgemeld) AS afgemeld,
    count(*) FILTER (WHERE not_come) AS not_come,
    count(*) FILTER (WHERE minutes_late > 0) AS late,
    CAST(coalesce(sum(minutes_late), 0) AS BIGINT) AS late_minutes"""
_SUMS = """CAST(sum(expected) AS BIGINT) AS expected,
    CAST(sum(present) AS BIGINT) AS present,
    CAST(sum(afgemeld) AS BIGINT) AS afgemeld,
    CAST(sum(not_come) AS BIGINT) AS not_come,
    CAST(sum(late) AS BIGINT) AS late,
    CAST(sum(late_minutes) AS BIGINT) AS late_minutes"""
_RATES = """100.0 * present / nullif(expected, 0) AS attendance_rate,
    100.0 * afgemeld / nullif(expected, 0) AS afgemeld_rate,
    100.0 * not_come / nullif(expected, 0) AS not_come_rate,
    100.0 * (afgemeld + not_come) / nullif(expected, 0) AS absence_rate,
    100.0 * late / nullif(expected, 0) AS late_rate,
    late_minutes / nullif(late, 0) AS average_late_minutes"""
_LEARNING = """count(*) AS items,
    count(signed_off_at) AS signed_off,
    100.0 * count(signed_off_at) / count(*) AS sign_off_rate,
    count(grade) AS grades,
    CAST(sum(grade * weight) / sum(weight) FILTER (WHERE grade IS NOT NULL)
         AS DOUBLE) AS average_grade"""

# One row of lists (DuckDB structs), one list per part of the page. The day facts
# are built once (MATERIALIZED) from the previous period's first day to the
# period's last day, and every part aggregates them.
_OVERVIEW = """
WITH members AS (
    SELECT p.id AS pupil_id FROM pupils p
    WHERE p.id = ANY($scope_ids) AND ({group_filter})
),
calendar AS (
    SELECT CAST(range AS DATE) AS day
    FROM range(CAST($first AS DATE), CAST($last AS DATE) + INTERVAL 1 DAY,
               INTERVAL 1 DAY)
    WHERE isodow(range) = ANY($open_days)
),
scheduled AS (
    SELECT s.* FROM schedules s JOIN members m ON m.pupil_id = s.pupil_id
    WHERE s.valid_from <= $last AND (s.valid_to IS NULL OR s.valid_to >= $first)
),
pieces AS (
    -- each pupil's weekday cut at every valid_from and valid_to: within a piece
    -- the same schedule rows are valid
    SELECT pupil_id, weekday, start,
           lead(start) OVER (PARTITION BY pupil_id, weekday ORDER BY start) - 1
               AS stop
    FROM (SELECT pupil_id, weekday, valid_from AS start FROM scheduled
          UNION
          SELECT pupil_id, weekday, valid_to + 1 FROM scheduled
          WHERE valid_to IS NOT NULL)
),
segments AS (
    -- per piece the schedule valid then; the latest valid_from wins, as in
    -- attendance.EXPECTED_AT_SQL
    SELECT pc.pupil_id, pc.weekday, pc.start, pc.stop,
           arg_max(s.expected_at, s.valid_from) AS expected_at
    FROM pieces pc
    JOIN scheduled s ON s.pupil_id = pc.pupil_id AND s.weekday = pc.weekday
         AND s.valid_from <= pc.start
         AND (s.valid_to IS NULL OR s.valid_to >= pc.start)
    GROUP BY pc.pupil_id, pc.weekday, pc.start, pc.stop
),
planned AS (
    SELECT sg.pupil_id, c.day, sg.expected_at
    FROM segments sg
    JOIN calendar c ON isodow(c.day) = sg.weekday AND c.day >= sg.start
         AND (sg.stop IS NULL OR c.day <= sg.stop)
),
recorded AS (
    SELECT a.pupil_id, a.day, a.expected_at, a.arrived_at, a.absent
    FROM attendance a
    JOIN members m ON m.pupil_id = a.pupil_id
    JOIN calendar c ON c.day = a.day
    WHERE a.day BETWEEN $first AND $last
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
facts AS MATERIALIZED (
    SELECT pupil_id, day, day >= $current_first AS current,
           CAST(date_trunc('week', day) AS DATE) AS week,
           CAST(date_trunc('month', day) AS DATE) AS month,
           absent AS afgemeld,
           NOT absent AND arrived_at IS NOT NULL AS present,
           NOT absent AND arrived_at IS NULL AS not_come,
           CASE WHEN NOT absent AND arrived_at IS NOT NULL THEN greatest(
               hour(arrived_at) * 60 + minute(arrived_at)
               - hour(expected_at) * 60 - minute(expected_at), 0)
           ELSE 0 END AS minutes_late
    FROM pupil_days
    WHERE expected_at IS NOT NULL
      AND (day < $today OR (day = $today AND (absent OR arrived_at IS NOT NULL)))
),
current_facts AS (SELECT * FROM facts WHERE current),
period_counts AS (SELECT current, {counts} FROM facts GROUP BY current),
week_counts AS (SELECT week AS start, {counts} FROM current_facts GROUP BY 1),
month_counts AS (SELECT month AS start, {counts} FROM current_facts GROUP BY 1),
cell_counts AS (
    SELECT week, CAST(isodow(day) AS INTEGER) AS weekday, {counts}
    FROM current_facts GROUP BY 1, 2
),
pupil_counts AS (SELECT pupil_id, {counts} FROM current_facts GROUP BY 1),
banded AS (
    SELECT c.*, {rates},
        CASE WHEN (afgemeld + not_come) * 100 >= $absence_chronic * expected THEN 2
             WHEN (afgemeld + not_come) * 100 >= $absence_early * expected THEN 1
             ELSE 0 END AS band_level,
        CASE WHEN late * 100 >= $late_often * expected THEN 2
             WHEN late * 100 >= $late_regular * expected THEN 1
             ELSE 0 END AS tier_level
    FROM pupil_counts c
),
attention AS (
    SELECT b.*, p.number,
           concat_ws(' ', p.first_name, nullif(p.infix, ''), p.last_name) AS name,
           p.class_name, p.school, l.name AS location,
           earlier.rate AS previous_attendance_rate,
           b.attendance_rate - earlier.rate AS attendance_change,
           weeks.rates AS weekly_attendance
    FROM banded b
    JOIN pupils p ON p.id = b.pupil_id
    JOIN locations l ON l.id = p.location_id
    LEFT JOIN (
        SELECT pupil_id, 100.0 * count(*) FILTER (WHERE present) / count(*) AS rate
        FROM facts WHERE NOT current GROUP BY pupil_id
    ) earlier ON earlier.pupil_id = b.pupil_id
    LEFT JOIN (
        SELECT pupil_id, list(rate ORDER BY week) AS rates FROM (
            SELECT pupil_id, week,
                   100.0 * count(*) FILTER (WHERE present) / count(*) AS rate
            FROM current_facts GROUP BY 1, 2)
        GROUP BY pupil_id
    ) weeks ON weeks.pupil_id = b.pupil_id
    WHERE b.band_level > 0 OR b.tier_level > 0
),
compared AS (
    -- per pupil first, then per location, school and class (and mentor)
    SELECT CASE WHEN grouping(location) = 0 THEN 'vestiging'
                WHEN grouping(school) = 0 THEN 'school' ELSE 'klas' END AS kind,
           coalesce(location, school, class) AS name,
           count(*) AS pupils, {sums}
    FROM (
        SELECT c.*, l.name AS location,
               coalesce(p.school, '(geen school)') AS school,
               coalesce(p.class_name, '(geen klas)') || coalesce(' · ' || p.school, '')
                   AS class
        FROM pupil_counts c
        JOIN pupils p ON p.id = c.pupil_id
        JOIN locations l ON l.id = p.location_id)
    GROUP BY GROUPING SETS ((location), (school), (class))
    UNION ALL
    SELECT 'mentor', coalesce(mt.name, '(geen mentor)'), count(*), {sums}
    FROM pupil_counts c
    LEFT JOIN (
        SELECT ap.pupil_id, a.name FROM account_pupils ap
        JOIN accounts a ON a.id = ap.account_id WHERE a.role = 'mentor'
    ) mt ON mt.pupil_id = c.pupil_id
    GROUP BY 2
)
SELECT
    (SELECT count(*) FROM members) AS pupils,
    (SELECT list(x) FROM period_counts x) AS periods,
    (SELECT list(x ORDER BY x.start) FROM (
        SELECT *, {rates} FROM week_counts) x) AS weekly,
    (SELECT list(x ORDER BY x.start) FROM (
        SELECT *, {rates} FROM month_counts) x) AS monthly,
    (SELECT list(x ORDER BY x.week, x.weekday) FROM (
        SELECT *, {rates} FROM cell_counts) x) AS heatmap,
    (SELECT list(band_level) FROM banded) AS band_levels,
    (SELECT list(tier_level) FROM banded) AS tier_levels,
    (SELECT list(x ORDER BY x.band_level DESC, x.absence_rate DESC,
                 x.tier_level DESC, x.late_rate DESC, x.name) FROM attention x)
        AS attention,
    (SELECT list(x ORDER BY x.kind, x.name) FROM (
        SELECT *, {rates} FROM compared) x) AS compared
"""

# Agenda items of the group from the period's first day up to today, per week and
# per month.
_LEARNING_SQL = """
WITH members AS (
    SELECT p.id AS pupil_id FROM pupils p
    WHERE p.id = ANY($scope_ids) AND ({group_filter})
),
items AS (
    SELECT i.day, i.signed_off_at, i.grade, i.weight
    FROM agenda_items i JOIN members m ON m.pupil_id = i.pupil_id
    WHERE i.day BETWEEN $first AND $last AND i.day <= $today
)
SELECT
    (SELECT list(x ORDER BY x.start) FROM (
        SELECT CAST(date_trunc('week', day) AS DATE) AS start, {learning}
        FROM items GROUP BY 1) x) AS weekly,
    (SELECT list(x ORDER BY x.start) FROM (
        SELECT CAST(date_trunc('month', day) AS DATE) AS start, {learning}
        FROM items GROUP BY 1) x) AS monthly
"""

_SERIES_COLUMNS = [
    "expected", "present", "afgemeld", "not_come", "late", "late_minutes",
    "attendance_rate", "afgemeld_rate", "not_come_rate", "absence_rate",
    "late_rate", "average_late_minutes",
]  # fmt: skip
_LEARNING_COLUMNS = [
    "start", "items", "signed_off", "sign_off_rate", "grades", "average_grade"
]  # fmt: skip


def overview(
    con: db.Connection, scope: Scope, group: Group, period: Period
) -> Overview:
    """Every figure of the Trends page for the pupils of a group in scope.

    One query: the period's and the previous period's day facts are built once
    and aggregated per period, week, month, weekday × week, pupil and group.
    Homework and grades come from `learning`.
    """
    before = period.previous()
    today = clock.today()
    sql = _OVERVIEW.format(
        group_filter=_GROUP_FILTERS[group.kind],
        counts=_COUNTS,
        sums=_SUMS,
        rates=_RATES,
        learning=_LEARNING,
    )
    params = {
        "scope_ids": scope.ids,
        **dict(zip(_GROUP_PARAMS[group.kind], group.key, strict=True)),
        "first": before.first,
        "last": period.last,
        "current_first": period.first,
        "open_days": sorted(attendance.opening_days(con)),
        "today": today,
        "absence_early": ABSENCE_EARLY,
        "absence_chronic": ABSENCE_CHRONIC,
        "late_regular": LATE_REGULAR,
        "late_often": LATE_OFTEN,
    }
    found = db.one(con, sql, params)
    pupils, periods, weekly, monthly, cells, band_levels, tier_levels = found[:7]
    attention, compared = found[7:]
    return Overview(
        figures=_key_figures(period, pupils, periods),
        weekly=_table(weekly, ["start", *_SERIES_COLUMNS]),
        monthly=_table(monthly, ["start", *_SERIES_COLUMNS]),
        heatmap=_table(cells, ["week", "weekday", *_SERIES_COLUMNS]),
        bands=_band_counts(band_levels or [], tier_levels or []),
        attention=_attention(attention),
        comparisons=_comparisons(compared),
    )


def learning(
    con: db.Connection, scope: Scope, group: Group, period: Period
) -> dict[str, pd.DataFrame]:
    """Homework and tests per week and per maand: items due, signed off, grades.

    Items count from the period's first day up to today; the sign-off rate is the
    signed-off items as a percentage of those items, the average grade is weighted.
    """
    sql = _LEARNING_SQL.format(
        group_filter=_GROUP_FILTERS[group.kind], learning=_LEARNING
    )
    params = {
        "scope_ids": scope.ids,
        **dict(zip(_GROUP_PARAMS[group.kind], group.key, strict=True)),
        "first": period.first,
        "last": period.last,
        "today": clock.today(),
    }
    weekly, monthly = db.one(con, sql, params)
    return {
        "week": _table(weekly, _LEARNING_COLUMNS),
        "maand": _table(monthly, _LEARNING_COLUMNS),
    }


def _table(rows: list[dict] | None, columns: list[str]) -> pd.DataFrame:
    """A list of DuckDB structs as a DataFrame (with these columns when empty)."""
    return pd.DataFrame(rows or [], columns=None if rows else columns)


def _key_figures(period: Period, pupils: int, periods: list[dict] | None) -> KeyFigures:
    by_period = {row.pop("current"): row for row in periods or []}
    return KeyFigures(
        period,
        Figures(pupils, **by_period.get(True, {})),
        Figures(pupils, **by_period.get(False, {})),
    )


def _band_counts(band_levels: list[int], tier_levels: list[int]) -> dict[str, int]:
    counts = dict.fromkeys(BAND_NAMES + TIER_NAMES, 0)
    for level in band_levels:
        counts[BAND_NAMES[level]] += 1
    for level in tier_levels:
        counts[TIER_NAMES[level]] += 1
    return counts


def _attention(rows: list[dict] | None) -> pd.DataFrame:
    found = pd.DataFrame(rows or [])
    if found.empty:
        return pd.DataFrame(columns=["pupil_id", "name", "band", "tier"])
    found["band"] = [BAND_NAMES[level] for level in found["band_level"]]
    found["tier"] = [TIER_NAMES[level] for level in found["tier_level"]]
    return found


def _comparisons(rows: list[dict] | None) -> dict[str, pd.DataFrame]:
    found = _table(rows, ["kind", "name", "pupils", *_SERIES_COLUMNS])
    return {
        kind: found[found["kind"] == kind].drop(columns="kind").reset_index(drop=True)
        for kind in COMPARE_KINDS
    }


# --- one pupil ----------------------------------------------------------------------


def pupil_trend(
    con: db.Connection, scope: Scope, pupil_id: int, period: Period
) -> pd.DataFrame:
    """One pupil per month from the school year's start: attendance, sign-off, grade."""
    group = pupil_group(scope, pupil_id)
    longer = Period(min(period.first, school_year_start(period.last)), period.last)
    found = overview(con, scope, group, longer)
    return merge_months(found.monthly, learning(con, scope, group, longer)["maand"])


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
