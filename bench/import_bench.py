"""Benchmark: importing a million attendance rows (product.md §8: "in seconds").

Generates a one-million-row aanwezigheid file in the Dutch format (`;`, dd-mm-yyyy,
14:05, ja/nee) for 5,000 pupils that exist, then times, each on a fresh database:

1. our import (`studytrack.importing.run`: read, check every cell, write in one
   transaction, with the import log), also broken down into its phases;
2. a bare DuckDB `read_csv` of the same file into a table (no checks, no keys);
3. pandas `read_csv` plus an insert of the DataFrame into DuckDB.

    python bench/import_bench.py [--rows N] [--pupils P] [--repeat R] [--keep DIR]

Not part of the tests. Each way runs R times (default 3) and the best time counts,
which keeps the figures steady on a busy machine. Prints rows per second and the
ratios to the bare load.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STUDYTRACK_NOW", "2026-12-03T16:05")

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from studytrack import db, importing  # noqa: E402


def make_file(path: Path, rows: int, pupils: int) -> None:
    """Write `rows` attendance rows: school days from 2023-01-02, every pupil each day."""
    written, day = 0, date(2023, 1, 2)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "leerlingnummer;datum;verwacht;binnen;klaar;afgemeld;reden;opmerking\r\n"
        )
        while written < rows:
            if day.weekday() < 5:
                text = day.strftime("%d-%m-%Y")
                lines = []
                for pupil in range(min(pupils, rows - written)):
                    if (pupil + day.day) % 23 == 0:
                        lines.append(f"{100001 + pupil};{text};14:30;;;ja;ziek;\r\n")
                    else:
                        minute = 30 + (pupil * 7 + day.day) % 20
                        late = "komt later" if minute > 45 else ""
                        lines.append(
                            f"{100001 + pupil};{text};14:30;14:{minute:02d};17:00;nee;;{late}\r\n"
                        )
                handle.write("".join(lines))
                written += len(lines)
            day += timedelta(days=1)


def fresh_institute(path: Path, pupils: int) -> db.Connection:
    """A new StudyTrack database with one location and `pupils` pupils."""
    con = db.connect(path)
    con.execute("INSERT INTO locations (name) VALUES ('Centrum')")
    con.execute(
        "INSERT INTO pupils (number, first_name, last_name, location_id) "
        "SELECT CAST(100000 + i AS VARCHAR), 'Voornaam', 'Achternaam', 1 "
        "FROM range(1, ?) r(i)",
        [pupils + 1],
    )
    return con


def ours(
    folder: Path, file: Path, pupils: int, run: int
) -> tuple[float, list, importing.Outcome]:
    con = fresh_institute(folder / f"ours-{run}.duckdb", pupils)
    phases = []
    source = importing.ImportFile(file.name, file.read_bytes())
    start = time.perf_counter()
    outcome = importing.run(
        con,
        "bench",
        source,
        "aanwezigheid",
        progress=lambda fraction, text: phases.append((time.perf_counter(), text)),
    )
    seconds = time.perf_counter() - start
    con.close()
    steps = [
        (text, later - moment)
        for (moment, text), (later, _) in zip(phases, phases[1:], strict=False)
    ]
    return seconds, steps, outcome


def bare_duckdb(folder: Path, file: Path, run: int) -> float:
    con = duckdb.connect(str(folder / f"bare-{run}.duckdb"))
    start = time.perf_counter()
    con.execute(
        "CREATE TABLE attendance AS SELECT * FROM read_csv(?, delim = ';', header = true)",
        [str(file)],
    )
    seconds = time.perf_counter() - start
    con.close()
    return seconds


def pandas_insert(folder: Path, file: Path, run: int) -> float:
    con = duckdb.connect(str(folder / f"pandas-{run}.duckdb"))
    start = time.perf_counter()
    frame = pd.read_csv(file, sep=";", dtype=str, keep_default_na=False)
    con.register("frame", frame)
    con.execute("CREATE TABLE attendance AS SELECT * FROM frame")
    seconds = time.perf_counter() - start
    con.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pupils", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the file and databases here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="studytrack-bench-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        file = folder / "aanwezigheid.csv"
        make_file(file, args.rows, args.pupils)
        size = file.stat().st_size / 1e6
        print(
            f"{args.rows:,} rows, {args.pupils:,} pupils, {size:.1f} MB, DuckDB {duckdb.__version__}"
        )

        runs = []
        bare_seconds = pandas_seconds = float("inf")
        for run in range(args.repeat):
            # interleaved, so that a busy moment of the machine hits every way alike
            runs.append(ours(folder, file, args.pupils, run))
            bare_seconds = min(bare_seconds, bare_duckdb(folder, file, run))
            pandas_seconds = min(pandas_seconds, pandas_insert(folder, file, run))
        our_seconds, steps, outcome = min(runs, key=lambda found: found[0])

        assert outcome.inserted == args.rows, outcome.summary
        rows = args.rows
        print(f"{'':28}{'seconds':>9}{'rows/s':>13}{'x bare':>9}")
        for label, seconds in (
            ("StudyTrack import", our_seconds),
            ("bare DuckDB read_csv", bare_seconds),
            ("pandas read_csv + insert", pandas_seconds),
        ):
            print(
                f"{label:28}{seconds:9.2f}{rows / seconds:13,.0f}"
                f"{seconds / bare_seconds:9.1f}"
            )
        print("import phases: " + ", ".join(f"{text} {s:.2f}s" for text, s in steps))


if __name__ == "__main__":
    main()
