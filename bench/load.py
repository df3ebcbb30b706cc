"""The 16:00 peak: many signed-in parents on one real server, over the websocket.

Each parent arrives at a moment spread over one minute, opens the Agenda (signed in
by the remembered sign-in cookie) and then moves through the weeks three times a few
seconds apart ("volgende week", "volgende week", "vorige week"). Then the tab stays
open, as parents leave it, and the browser's timer reruns the live-status fragment
(run_every) until every parent has finished. Page loads are timed from the request
to `script_finished`; errors are exceptions in the ForwardMsgs, alerts with
st.error, a missing Agenda (not signed in), disconnects and timeouts.
"""

import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.client import Session, sign_in_cookie
from bench.server import COOKIE_KEY, Server

STEPS = ("week_next", "week_next", "week_back")
THINK_SECONDS = (2.0, 5.0)
LOAD_TIMEOUT = 30.0
CONNECT_TIMEOUT = 30.0


@dataclass
class Walk:
    """What one parent's session saw."""

    login: str
    loads: list[tuple[str, float]] = field(default_factory=list)
    runs: list[tuple[str, int]] = field(default_factory=list)
    fragments: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    connect_seconds: float | None = None


def percentile(values: list[float], share: float) -> float | None:
    """The value below which `share` of the values lie (nearest rank)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


class Peak:
    """One load level: `sessions` parents arriving over `spread` seconds."""

    def __init__(
        self,
        server: Server,
        sessions: int,
        spread: float,
        parents: int,
        think: tuple[float, float] = THINK_SECONDS,
    ):
        self.server = server
        self.think = think
        self.sessions = sessions
        self.spread = spread
        self.parents = parents
        self.random = random.Random(sessions)
        self.walked = 0
        self.all_walked = asyncio.Event()
        self.release = asyncio.Event()

    async def run(self) -> list[Walk]:
        started = time.monotonic()
        arrivals = sorted(
            self.random.uniform(0, self.spread) for _ in range(self.sessions)
        )
        tasks = [
            asyncio.create_task(self.parent(number, started + arrival))
            for number, arrival in enumerate(arrivals)
        ]
        limit = self.spread + LOAD_TIMEOUT * (len(STEPS) + 2) + 60
        try:
            await asyncio.wait_for(self.all_walked.wait(), limit)
        except TimeoutError:
            pass
        self.memory_with_everyone = self.server.memory()
        self.release.set()
        done, pending = await asyncio.wait(tasks, timeout=LOAD_TIMEOUT + 10)
        for task in pending:
            task.cancel()
        return [task.result() for task in done if not task.cancelled()]

    async def parent(self, number: int, arrival: float) -> Walk:
        login = f"ouder{number % self.parents + 1}"
        walk = Walk(login)
        session = Session(
            self.server.url, sign_in_cookie(login, COOKIE_KEY), timeout=LOAD_TIMEOUT
        )
        try:
            await asyncio.sleep(max(0.0, arrival - time.monotonic()))
            connecting = time.perf_counter()
            await asyncio.wait_for(session.connect(), CONNECT_TIMEOUT)
            walk.connect_seconds = time.perf_counter() - connecting
            # Parents open the site; the Agenda is their first page.
            await self._load(walk, "open Agenda", session.open_page(""), session)
            for key in STEPS:
                await self._idle(session, walk, self.random.uniform(*self.think))
                await self._load(walk, key, session.click(key), session)
        except Exception as error:  # noqa: BLE001 - every failure is a counted error
            walk.errors.append(f"{type(error).__name__}: {error}"[:300])
        finally:
            self.walked += 1
            if self.walked == self.sessions:
                self.all_walked.set()
        try:
            # The tab stays open until everybody has had their turn.
            while not self.release.is_set():
                await self._idle(session, walk, 1.0)
        except Exception as error:  # noqa: BLE001
            walk.errors.append(f"idle: {type(error).__name__}: {error}"[:300])
        finally:
            await session.close()
        return walk

    async def _load(self, walk: Walk, what: str, request, session: Session) -> None:
        load = await request
        walk.loads.append((what, load.seconds))
        walk.runs.append((what, load.runs))
        walk.errors += [f"{what}: exception {text}" for text in load.exceptions]
        walk.errors += [f"{what}: st.error {text}" for text in load.errors_shown]
        if "week_next" not in session.widget_ids:
            walk.errors.append(f"{what}: the Agenda did not show (not signed in?)")

    async def _idle(self, session: Session, walk: Walk, seconds: float) -> None:
        """Wait like an open tab: the browser reruns run_every fragments when due."""
        until = time.monotonic() + seconds
        while (now := time.monotonic()) < until:
            due = session.next_fragment()
            if due and due[1] <= now:
                load = await session.run_fragment(due[0])
                walk.fragments.append(load.seconds)
                walk.errors += [f"fragment: {text}" for text in load.exceptions]
                continue
            wake = min(until, due[1]) if due else until
            await asyncio.sleep(max(0.0, min(wake - now, 1.0)))


def run_level(
    database: Path,
    workdir: Path,
    sessions: int,
    spread: float,
    parents: int,
    think: tuple[float, float] = THINK_SECONDS,
    options: list[str] | None = None,
) -> dict:
    """One level on a fresh server with its own copy of the demo database."""
    with Server(database, workdir, name=f"load-{sessions}", options=options) as server:
        # Somebody has been on the site before the peak: imports, the connection
        # and the caches are warm, as on a server that has been up for a while.
        asyncio.run(first_visitor(server))
        return run_on(server, sessions, spread, parents, think)


def run_on(
    server: Server,
    sessions: int,
    spread: float,
    parents: int,
    think: tuple[float, float] = THINK_SECONDS,
) -> dict:
    """One level on a running server (that has had its first visitor)."""
    before = server.memory()
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    client_cpu_before = time.process_time()

    async def level():
        peak = Peak(server, sessions, spread, parents, think)
        walks = await peak.run()
        return peak, walks

    peak, walks = asyncio.run(level())
    return summarise(
        walks,
        sessions,
        before,
        peak.memory_with_everyone,
        server_cpu=server.cpu_seconds() - cpu_before,
        client_cpu=time.process_time() - client_cpu_before,
        seconds=time.perf_counter() - started,
        logged=server.errors_logged(),
    )


async def first_visitor(server: Server) -> None:
    session = Session(server.url, sign_in_cookie("ouder1", COOKIE_KEY), timeout=120)
    await session.connect()
    try:
        await session.open_page("")
    finally:
        await session.close()


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def summarise(walks, sessions, before, after, server_cpu, client_cpu, seconds, logged):
    pages = [secs for walk in walks for _what, secs in walk.loads]
    opens = [
        secs for walk in walks for what, secs in walk.loads if what == "open Agenda"
    ]
    clicks = [
        secs for walk in walks for what, secs in walk.loads if what != "open Agenda"
    ]
    fragments = [secs for walk in walks for secs in walk.fragments]
    errors = [f"{walk.login}: {error}" for walk in walks for error in walk.errors]
    missing = sessions - len(walks)
    if missing:
        errors.append(f"{missing} session(s) did not end in time")

    def ms(value):
        return None if value is None else round(value * 1000)

    rss_before = before.get("VmRSS", 0)
    rss_after = after.get("VmRSS", 0)
    return {
        "sessions": sessions,
        "page_loads": len(pages),
        "expected_page_loads": sessions * (len(STEPS) + 1),
        "p50_ms": ms(percentile(pages, 0.5)),
        "p95_ms": ms(percentile(pages, 0.95)),
        "max_ms": ms(max(pages, default=None)),
        "open_p50_ms": ms(percentile(opens, 0.5)),
        "open_p95_ms": ms(percentile(opens, 0.95)),
        "click_p50_ms": ms(percentile(clicks, 0.5)),
        "click_p95_ms": ms(percentile(clicks, 0.95)),
        "script_runs_per_open": _mean(
            [
                runs
                for walk in walks
                for what, runs in walk.runs
                if what == "open Agenda"
            ]
        ),
        "script_runs_per_click": _mean(
            [
                runs
                for walk in walks
                for what, runs in walk.runs
                if what != "open Agenda"
            ]
        ),
        "fragment_reruns": len(fragments),
        "fragment_p95_ms": ms(percentile(fragments, 0.95)),
        "connect_p95_ms": ms(
            percentile([w.connect_seconds for w in walks if w.connect_seconds], 0.95)
        ),
        "errors": len(errors),
        "error_examples": errors[:10],
        "server_errors_logged": logged[:10],
        "rss_before_mib": round(rss_before),
        "rss_after_mib": round(rss_after),
        "rss_peak_mib": round(after.get("VmHWM", 0)),
        "mib_per_session": round((rss_after - rss_before) / sessions, 2),
        "server_cpu_seconds": round(server_cpu, 1),
        "client_cpu_seconds": round(client_cpu, 1),
        "wall_seconds": round(seconds, 1),
        "server_cpu_share": round(server_cpu / seconds, 2) if seconds else None,
        "load_average": [round(value, 1) for value in os.getloadavg()],
        "mean_page_ms": ms(statistics.fmean(pages)) if pages else None,
    }
