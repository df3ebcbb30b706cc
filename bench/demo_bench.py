"""How long the demo takes to build: the 40-pupil demo and the 5,000-pupil chain.

    .venv/bin/python bench/demo_bench.py            # both
    .venv/bin/python bench/demo_bench.py --small    # only the 40-pupil demo
    .venv/bin/python bench/demo_bench.py --keep DIR # keep the built files in DIR

Each build goes into a fresh database file at STUDYTRACK_NOW (default: the tests'
Thursday 3 December 2026, 16:05). The chain uses a few GB of memory while building.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("STUDYTRACK_NOW", "2026-12-03T16:05:00")

from studytrack import db, demo  # noqa: E402

SIZES = {"demo": (40, 1), "chain": (5000, 3)}


def measure(directory: Path, name: str, students: int, years: int) -> None:
    """Build one demo into a fresh file and print the time, the rows and the size."""
    path = directory / f"{name}.duckdb"
    started = time.perf_counter()
    con = db.connect(path)
    made = demo.build(con, students=students, years=years)
    con.close()
    seconds = time.perf_counter() - started
    print(
        f"{name}: {students} pupils x {years} year(s) in {seconds:.1f} s "
        f"({made.first_day} .. {made.last_day}, {path.stat().st_size / 2**20:.0f} MB)"
    )
    for table in (
        "locations",
        "pupils",
        "accounts",
        "schedules",
        "attendance",
        "agenda_items",
        "logbook",
    ):
        print(f"  {table:<13} {getattr(made, table):>10,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="only the 40-pupil demo")
    parser.add_argument("--keep", type=Path, help="keep the files in this directory")
    args = parser.parse_args()
    sizes = {"demo": SIZES["demo"]} if args.small else SIZES
    with tempfile.TemporaryDirectory(prefix="demo-bench-") as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        for name, (students, years) in sizes.items():
            measure(directory, name, students, years)


if __name__ == "__main__":
    main()
