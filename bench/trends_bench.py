"""Time the Trends computations on the large data set (product.md §8: ~1 s).

Make the data set once, then run the benchmark:

    STUDYTRACK_DB=/tmp/large.duckdb python -m studytrack demo --students 5000 --years 3
    STUDYTRACK_DB=/tmp/large.duckdb python bench/trends_bench.py [--runs 5]

The database is opened read-only. Each computation of the page's chain is timed
separately (median of the runs; the first run is included, nothing is cached):
the overview query that yields every figure of the page, the group pickers, and
the drill-down to one pupil. Scenarios: the admin over all 5,000
pupils for the school year and for four weeks, the admin over one location, and a
mentor over their own pupils. The clock stands at STUDYTRACK_NOW, by default the
demo's Thursday 3 December 2026, 16:05.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STUDYTRACK_NOW", "2026-12-03T16:05:00")

from studytrack import access, clock, config, db, report, trends  # noqa: E402
from studytrack.trends import Group  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = config.db_path()
    if not path.exists():
        sys.exit(
            f"{path} bestaat niet; maak eerst de grote dataset met\n"
            f"  STUDYTRACK_DB={path} python -m studytrack demo --students 5000 --years 3"
        )
    con = db.connect(path, read_only=True)
    print(f"database {path}: {_size(con)}; now {clock.now():%Y-%m-%d %H:%M}")
    print(
        f"median of {args.runs} runs, milliseconds; cpu = process time over all "
        f"threads; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n"
    )
    for name, login, preset, group_of in _scenarios(con):
        scope = access.scope_for(con, access.viewer_for(con, login))
        group = group_of(scope)
        period = trends.preset_period(preset)
        _run(
            con,
            f"{name} ({len(scope.ids)} pupils, {preset})",
            scope,
            group,
            period,
            args.runs,
        )
    con.close()


def _scenarios(con: db.Connection):
    def first_location(scope):
        return trends.group_options(con, scope, "vestiging")[0]

    everyone = lambda scope: Group()  # noqa: E731
    return [
        ("beheerder, all locations", "beheerder", "dit schooljaar", everyone),
        ("beheerder, all locations", "beheerder", "laatste 4 weken", everyone),
        ("beheerder, one location", "beheerder", "dit schooljaar", first_location),
        ("mentor1, own pupils", "mentor1", "dit schooljaar", everyone),
    ]


def _run(con, title, scope, group, period, runs: int) -> None:
    first = trends.overview(con, scope, group, period)
    attention = first.attention
    pupil_id = int(attention.iloc[0]["pupil_id"]) if len(attention) else scope.ids[0]
    now = clock.now()
    steps: list[tuple[str, Callable[[], object]]] = [
        ("overview (all figures)", lambda: trends.overview(con, scope, group, period)),
        ("homework and grades", lambda: trends.learning(con, scope, group, period)),
        ("group options (4 kinds)", lambda: [
            trends.group_options(con, scope, kind) for kind in trends.COMPARE_KINDS
        ]),
        ("pupil: months", lambda: trends.pupil_trend(con, scope, pupil_id, period)),
        ("pupil: month report", lambda: report.month_report(
            con, scope, pupil_id, now.year, now.month, now
        )),
    ]  # fmt: skip
    print(title)
    figures = first.figures.current
    print(
        f"  ({figures.expected} expected days, {len(attention)} pupils need attention,"
        f" {sum(len(frame) for frame in first.comparisons.values())} compared groups)"
    )
    total = total_cpu = 0.0
    print(f"  {'':<26} {'wall':>8} {'cpu':>8}")
    for name, step in steps:
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            step()
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        total += statistics.median(walls)
        total_cpu += statistics.median(cpus)
        print(
            f"  {name:<26} {statistics.median(walls):8.1f} {statistics.median(cpus):8.1f}"
        )
    print(f"  {'whole chain':<26} {total:8.1f} {total_cpu:8.1f}\n")


def _size(con: db.Connection) -> str:
    pupils = db.value(con, "SELECT count(*) FROM pupils")
    days = db.value(con, "SELECT count(*) FROM attendance")
    items = db.value(con, "SELECT count(*) FROM agenda_items")
    locations = db.value(con, "SELECT count(*) FROM locations")
    return (
        f"{pupils} pupils, {locations} locations, {days} attendance rows, "
        f"{items} agenda items"
    )


if __name__ == "__main__":
    main()
