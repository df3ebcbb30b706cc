"""Page cost: what one run of a page costs the server, on the demo and the chain.

The faithful figure: a real server, one signed-in session per role over the
websocket, N reruns of each page (every click in Streamlit reruns app.py and the
page); per rerun the server's CPU time (kernel per-process CPU clock, so all its
threads) and the time until `script_finished`. The second figure: the same page in
AppTest (app.py + page in this process, no network), timed per `at.run()`.
"""

import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from bench.client import Session, sign_in_cookie
from bench.server import COOKIE_KEY, NOW, ROOT, Server

# (label, menu title, page file, login); each page for the role that uses it.
PAGES = [
    ("Mijn account (app.py alone)", "Mijn account", "pages/account.py", "ouder1"),
    ("Agenda", "Agenda", "pages/agenda.py", "ouder1"),
    ("Cijfers", "Cijfers", "pages/cijfers.py", "ouder1"),
    ("Persoonlijk dossier", "Persoonlijk dossier", "pages/dossier.py", "ouder1"),
    ("Logboek", "Logboek", "pages/logboek.py", "ouder1"),
    (
        "Persoonlijke rapportage",
        "Persoonlijke rapportage",
        "pages/rapportage.py",
        "ouder1",
    ),
    ("Vandaag (desk, begeleider1)", "Vandaag", "pages/vandaag.py", "begeleider1"),
    ("Trends (beheerder, all pupils)", "Trends", "pages/trends.py", "beheerder"),
]
RERUN_TIMEOUT = 120.0


@dataclass
class PageFigures:
    """The figures of one page on one data set."""

    page: str
    title: str
    login: str
    first_seconds: float | None = None
    first_runs: int | None = None
    rerun_wall_ms: float | None = None
    rerun_cpu_ms: float | None = None
    rerun_cpu_ms_min: float | None = None
    apptest_wall_ms: float | None = None
    apptest_cpu_ms: float | None = None
    runs: int = 0
    problems: list[str] = field(default_factory=list)


def median_ms(values: list[float]) -> float | None:
    return round(statistics.median(values) * 1000, 1) if values else None


async def _measure_role(server: Server, login: str, pages, reruns: int) -> list:
    """One session of `login`: open each of its pages, then rerun it `reruns` times."""
    session = Session(
        server.url,
        sign_in_cookie(login, COOKIE_KEY),
        timeout=RERUN_TIMEOUT,
        cpu_clock=server.cpu_seconds,
    )
    await session.connect()
    results = []
    try:
        first_load = await session.open_page("")
        for label, title, _file, _login in pages:
            figures = PageFigures(label, title, login)
            results.append(figures)
            try:
                first = await session.open_page(title, title=title)
                figures.first_seconds = round(first.seconds, 3)
                figures.first_runs = first.runs
                _note_problems(figures, first, first_load)
                if session.page_script_hash != session.page_titles.get(title):
                    figures.problems.append("another page was shown")
                await session.rerun()  # one warm-up run
                walls, cpus = [], []
                for _ in range(reruns):
                    load = await session.rerun()
                    _note_problems(figures, load)
                    walls.append(load.seconds)
                    cpus.append(load.server_cpu)
                figures.runs = reruns
                figures.rerun_wall_ms = median_ms(walls)
                figures.rerun_cpu_ms = median_ms(cpus)
                figures.rerun_cpu_ms_min = round(min(cpus) * 1000, 1)
            except Exception as error:  # noqa: BLE001 - reported; the next page goes on
                figures.problems.append(f"{type(error).__name__}: {error}"[:300])
                if session.socket is None or isinstance(error, TimeoutError):
                    break
    finally:
        await session.close()
    return results


def _note_problems(figures: PageFigures, *loads) -> None:
    for load in loads:
        for text in load.exceptions + [f"st.error: {m}" for m in load.errors_shown]:
            if text not in figures.problems:
                figures.problems.append(text)


def measure_server(
    database: Path,
    workdir: Path,
    name: str,
    reruns: int,
    pages=PAGES,
    options: list[str] | None = None,
) -> dict:
    """Page cost over the websocket of a real server on a copy of `database`."""
    with Server(database, workdir, name=f"pages-{name}", options=options) as server:
        return measure_on(server, reruns, pages)


def measure_on(server: Server, reruns: int, pages=PAGES) -> dict:
    """Page cost of `pages` on a running server: one session per login."""
    by_login: dict[str, list] = {}
    for page in pages:
        by_login.setdefault(page[3], []).append(page)
    figures = []
    started_cpu = server.cpu_seconds()
    for login, own_pages in by_login.items():
        figures += asyncio.run(_measure_role(server, login, own_pages, reruns))
    return {
        "pages": figures,
        "server_rss_mib": round(server.memory().get("VmRSS", 0)),
        "server_cpu_seconds": round(server.cpu_seconds() - started_cpu, 1),
        "server_errors_logged": server.errors_logged()[:20],
    }


def measure_apptest(database: Path, runs: int, timeout: float = 600) -> dict:
    """Page cost in AppTest, in a fresh process on `database` (a copy is not needed:
    the pages read only)."""
    environment = os.environ | {
        "STUDYTRACK_DB": str(database),
        "STUDYTRACK_NOW": NOW,
        "STUDYTRACK_COOKIE_KEY": COOKIE_KEY,
    }
    command = [sys.executable, "-m", "bench.page_cost", "--apptest", str(runs)]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr or done.stdout)[-1500:]}
    return json.loads(lines[-1])


def _apptest_main(runs: int) -> None:
    """In this process: AppTest of app.py for each page, `runs` timed reruns each."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    # As in tests/conftest.py: a running server stops using pages/ as a page
    # directory after app.py's st.navigation; AppTest forgets that on every run.
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    found = {}
    for label, _title, page_file, login in PAGES:
        entry = {"wall": [], "cpu": [], "problems": []}
        found[label] = entry
        try:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RERUN_TIMEOUT)
            at.session_state["login"] = login
            at.session_state["signed_in_at"] = datetime(2100, 1, 1)
            at.run()
            at.switch_page(page_file).run()
            at.run()  # warm-up
            for _ in range(runs):
                wall, cpu = time.perf_counter(), time.process_time()
                at.run()
                entry["wall"].append(time.perf_counter() - wall)
                entry["cpu"].append(time.process_time() - cpu)
            entry["problems"] += [str(e.value)[:200] for e in at.exception]
            entry["problems"] += [f"st.error: {e.value}"[:200] for e in at.error]
        except Exception as error:  # noqa: BLE001 - reported, the next page goes on
            entry["problems"].append(f"{type(error).__name__}: {error}"[:300])
    print(
        json.dumps(
            {
                label: {
                    "wall_ms": median_ms(entry["wall"]),
                    "cpu_ms": median_ms(entry["cpu"]),
                    "problems": entry["problems"],
                }
                for label, entry in found.items()
            }
        )
    )


def measure(
    database: Path,
    workdir: Path,
    name: str,
    reruns: int,
    apptest_runs: int,
    options: list[str] | None = None,
):
    """Both figures for every page on one data set; a dict for the results file."""
    server = measure_server(database, workdir, name, reruns, options=options)
    apptest = measure_apptest(database, apptest_runs) if apptest_runs else {}
    for figures in server["pages"]:
        found = apptest.get(figures.page) or {}
        figures.apptest_wall_ms = found.get("wall_ms")
        figures.apptest_cpu_ms = found.get("cpu_ms")
        figures.problems += [f"AppTest: {p}" for p in found.get("problems", [])]
    server["pages"] = [asdict(figures) for figures in server["pages"]]
    if "error" in apptest:
        server["apptest_error"] = apptest["error"]
    return server


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--apptest":
        logging.disable(logging.WARNING)
        _apptest_main(int(sys.argv[2]))
    else:
        sys.exit(
            "usage: python -m bench.page_cost --apptest RUNS (run by python -m bench)"
        )
