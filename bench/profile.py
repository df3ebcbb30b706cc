"""Where a page's time goes: cProfile of app.py + page reruns in AppTest.

    .venv/bin/python -m bench.profile Agenda --db /tmp/large.duckdb
    .venv/bin/python -m bench.profile Trends --login beheerder --runs 3 --top 40
    .venv/bin/python -m bench.profile Agenda --server   # in a real server instead

--server profiles a real `streamlit run` (bench._profiled_server) while one signed-in
session reruns the page over the websocket: the truest picture, with Streamlit's
own work after each run (gc.collect) and without AppTest's.

The profile covers the script thread only (app.py, the page, the domain functions,
the queries); it prints every query with its caller and time per rerun, the
project's own functions by cumulative time per rerun, then the heaviest library
calls. AppTest compiles the scripts on every run (a server keeps the bytecode), so
ast/compile time in the profile is AppTest's, not the server's. A page's default login is the one the benchmark
uses (ouder1 for the parent tabs, begeleider1 for Vandaag, beheerder for Trends).
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import time
from datetime import datetime
from pathlib import Path

from bench.page_cost import PAGES
from bench.server import COOKIE_KEY, NOW, ROOT

OWN = (str(ROOT / "app.py"), str(ROOT / "pages"), str(ROOT / "studytrack"))


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("page", help="menu title: Agenda, Cijfers, …, Vandaag, Trends")
    parser.add_argument("--db", type=Path, default=Path("/tmp/large.duckdb"))
    parser.add_argument("--login", help="default: the benchmark's login for the page")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--server", action="store_true", help="profile a real server")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_arguments(argv)
    matches = [page for page in PAGES if page[1].lower() == args.page.lower()]
    if not matches:
        titles = ", ".join(page[1] for page in PAGES)
        sys.exit(f"unknown page {args.page!r}; one of: {titles}")
    _label, title, page_file, login = matches[0]
    os.environ.update(
        STUDYTRACK_DB=str(args.db), STUDYTRACK_NOW=NOW, STUDYTRACK_COOKIE_KEY=COOKIE_KEY
    )
    logging.disable(logging.WARNING)
    if args.server:
        profiler, queries, walls = profile_server(
            args.db, title, args.login or login, args.runs
        )
    else:
        profiler = cProfile.Profile()
        queries: dict[tuple[str, str], list[float]] = {}
        walls = profile_reruns(
            profiler, queries, page_file, args.login or login, args.runs
        )
    print(
        f"{title} as {args.login or login} on {args.db.name}: {args.runs} reruns, "
        f"wall per rerun {', '.join(f'{w * 1000:.0f}' for w in walls)} ms"
    )
    print_queries(queries, args.runs)
    print_stats(profiler, args.runs, args.top)
    return 0


def time_queries(queries: dict, active: dict) -> None:
    """Wrap db.rows/one/frame: time each query per (caller, SQL) while active."""
    from studytrack import db

    def timed(function):
        def run(con, sql, params=()):
            if not active["on"]:
                return function(con, sql, params)
            caller = sys._getframe(1)
            if caller.f_code.co_name == "value":
                caller = caller.f_back
            where = f"{Path(caller.f_code.co_filename).name}:{caller.f_code.co_name}"
            started = time.perf_counter()
            try:
                return function(con, sql, params)
            finally:
                text = " ".join(sql.split())
                queries.setdefault((where, text), []).append(
                    time.perf_counter() - started
                )

        return run

    for name in ("rows", "one", "frame"):
        setattr(db, name, timed(getattr(db, name)))


def print_queries(queries: dict, runs: int) -> None:
    total = sum(sum(times) for times in queries.values()) / runs
    count = sum(len(times) for times in queries.values()) / runs
    print(f"\nqueries per rerun: {count:.0f}, {total * 1000:.1f} ms in all")
    print(f"{'ms':>8} {'calls':>6}  caller: SQL")
    ordered = sorted(queries.items(), key=lambda item: -sum(item[1]))
    for (where, text), times in ordered:
        print(
            f"{sum(times) / runs * 1000:8.1f} {len(times) / runs:6.1f}  {where}: {text[:150]}"
        )


def profile_reruns(
    profiler: cProfile.Profile, queries: dict, page_file: str, login: str, runs: int
):
    """Run the page in AppTest; profile `runs` reruns on the script thread."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.testing.v1 import AppTest

    original_init = PagesManager.__init__

    def init(self, *args, **kwargs):  # as tests/conftest.py: the server's page mode
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    original_run = ScriptRunner._run_script
    active = {"on": False}

    def run_script(self, rerun_data):
        if not active["on"]:
            return original_run(self, rerun_data)
        profiler.enable()
        try:
            return original_run(self, rerun_data)
        finally:
            profiler.disable()

    ScriptRunner._run_script = run_script
    time_queries(queries, active)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["login"] = login
    at.session_state["signed_in_at"] = datetime(2100, 1, 1)
    at.run()
    at.switch_page(page_file).run()
    at.run()
    if at.exception:
        print("the page raised:", [e.value for e in at.exception])
    walls = []
    active["on"] = True
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        walls.append(time.perf_counter() - started)
    active["on"] = False
    return walls


def profile_server(database: Path, title: str, login: str, runs: int):
    """Profile `runs` reruns of a page in a real server; (stats, queries, walls)."""
    import asyncio
    import json
    import signal
    import tempfile

    from bench.client import Session, sign_in_cookie
    from bench.server import Server

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as scratch:
        workdir = Path(scratch)
        out = {
            "BENCH_PROFILE_OUT": str(workdir / "server.prof"),
            "BENCH_QUERIES_OUT": str(workdir / "queries.json"),
        }
        with Server(
            database, workdir, launcher="bench._profiled_server", env=out
        ) as server:

            async def reruns() -> list[float]:
                session = Session(server.url, sign_in_cookie(login, COOKIE_KEY), 300)
                await session.connect()
                try:
                    await session.open_page("")
                    await session.open_page(title, title=title)
                    await session.rerun()
                    os.kill(server.pid, signal.SIGUSR1)
                    await asyncio.sleep(0.5)
                    return [(await session.rerun()).seconds for _ in range(runs)]
                finally:
                    await session.close()

            walls = asyncio.run(reruns())
            os.kill(server.pid, signal.SIGUSR2)
            deadline = time.monotonic() + 30
            while not Path(out["BENCH_QUERIES_OUT"]).exists():
                if time.monotonic() > deadline:
                    raise RuntimeError("the profiled server wrote no profile")
                time.sleep(0.2)
            time.sleep(0.5)
            stats = pstats.Stats(out["BENCH_PROFILE_OUT"])
            found = json.loads(Path(out["BENCH_QUERIES_OUT"]).read_text())
    queries = {(q["caller"], q["sql"]): q["seconds"] for q in found}
    return stats, queries, walls


def print_stats(profiler, runs: int, top: int) -> None:
    stats = profiler if isinstance(profiler, pstats.Stats) else pstats.Stats(profiler)
    rows = []
    for (path, line, name), (
        _cc,
        calls,
        own,
        cumulative,
        _callers,
    ) in stats.stats.items():
        rows.append((cumulative / runs, own / runs, calls / runs, path, line, name))
    own_rows = [row for row in rows if row[3].startswith(OWN)]
    print(f"\nproject functions, by cumulative time per rerun (top {top}):")
    _print_rows(sorted(own_rows, reverse=True)[:top])
    print(f"\nall functions, by own time per rerun (top {top}):")
    _print_rows(sorted(rows, key=lambda row: row[1], reverse=True)[:top])


def _print_rows(rows) -> None:
    out = io.StringIO()
    print(f"{'cum ms':>8} {'own ms':>8} {'calls':>7}  function", file=out)
    for cumulative, own, calls, path, line, name in rows:
        where = path.replace(str(ROOT) + "/", "")
        if "site-packages/" in where:
            where = where.split("site-packages/", 1)[1]
        print(
            f"{cumulative * 1000:8.1f} {own * 1000:8.1f} {calls:7.0f}  "
            f"{where}:{line} {name}",
            file=out,
        )
    print(out.getvalue(), end="")


if __name__ == "__main__":
    sys.exit(main())
