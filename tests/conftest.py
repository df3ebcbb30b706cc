"""Shared fixtures: a fixed clock, fresh databases, AppTest sign-in and a real server."""

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from studytrack import db

ROOT = Path(__file__).resolve().parent.parent
# Thursday 3 December 2026, five past four in the afternoon: the 16:00 peak.
NOW = "2026-12-03T16:05:00"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Every test runs at NOW unless it sets STUDYTRACK_NOW itself."""
    monkeypatch.setenv("STUDYTRACK_NOW", NOW)
    monkeypatch.setenv(
        "STUDYTRACK_COOKIE_KEY", "test-cookie-key-not-secret-0123456789abcdef"
    )
    monkeypatch.setenv("STUDYTRACK_BCRYPT_ROUNDS", "4")


@pytest.fixture(autouse=True)
def navigation_mode_of_a_running_server(monkeypatch):
    """Make AppTest treat `pages/` as the running server does once app.py has run.

    A running server stops reading `pages/` as a page directory after the first
    st.navigation call. AppTest forgets that before every run and would then run a
    page file directly on a rerun, without app.py and its sign-in.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """A database file of this test's own, named in STUDYTRACK_DB."""
    path = tmp_path / "studytrack.duckdb"
    monkeypatch.setenv("STUDYTRACK_DB", str(path))
    return path


@pytest.fixture
def con(db_path):
    """A fresh, empty StudyTrack database."""
    connection = db.connect(db_path)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo institute (40 pupils, built at NOW), made once per test session."""
    from studytrack import demo

    path = tmp_path_factory.mktemp("demo") / "demo-template.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDYTRACK_NOW", NOW)
        patch.setenv("STUDYTRACK_BCRYPT_ROUNDS", "4")
        connection = db.connect(path)
        try:
            demo.build(connection)
        finally:
            connection.close()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path, monkeypatch) -> Path:
    """This test's own copy of the demo database, named in STUDYTRACK_DB."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_template, path)
    monkeypatch.setenv("STUDYTRACK_DB", str(path))
    return path


@pytest.fixture
def demo_con(demo_db):
    """A connection to this test's copy of the demo database."""
    connection = db.connect(demo_db)
    yield connection
    connection.close()


def app_as(login: str | None, page: str | None = None, timeout: float = 60):
    """An AppTest of app.py, signed in as `login` (None: signed out), run once.

    The database is the one named in STUDYTRACK_DB.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if login:
        at.session_state["login"] = login
        at.session_state["signed_in_at"] = datetime(2100, 1, 1)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def offered_pages(at) -> list[str]:
    """The titles of the pages st.navigation registered in the last run.

    AppTest has no public view of the navigation; this reads its registry.
    """
    return [info["page_name"] for info in at._registered_pages.values()]


# --- the real server and a real browser ---------------------------------------------


def require_chromium() -> None:
    """Skip without Chromium on a laptop; in CI (CI=true) a missing browser fails."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        _missing("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _missing(f"{CHROMIUM} is not installed (apt-get install -y chromium)")


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A real `streamlit run app.py` on a free loopback port, stopped by its PID."""

    def __init__(self, db_file: Path, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = db_file.with_suffix(".server.log")
        environment = os.environ | {
            "STUDYTRACK_DB": str(db_file),
            "STUDYTRACK_NOW": NOW,
            "STUDYTRACK_COOKIE_KEY": "test-cookie-key-not-secret-0123456789abcdef",
        }
        environment |= env or {}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "studytrack.server",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self._wait_until_listening()

    def _wait_until_listening(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit stopped: {self.log.read_text()[-2000:]}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError("streamlit did not start listening in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_until_idle(page, timeout: float = 30_000) -> None:
    """Wait until the app has finished its run: no running indicator, no stale
    elements. Click only then, or the click may land on an element being replaced."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidgetRunningIcon]')"
        " && !document.querySelector('[data-stale=true]')",
        timeout=timeout,
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def screenshot_on_failure(request, tmp_path):
    """Register pages with `watch(page)`; a failing test leaves their screenshots."""
    pages = []
    yield pages.append
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for number, page in enumerate(pages):
            target = tmp_path / f"failure-{number}.png"
            try:
                page.screenshot(path=str(target), full_page=True)
                print(f"screenshot of the failing page: {target}")
            except Exception as error:  # the page may be gone; the test failed anyway
                print(f"no screenshot: {error}")


@pytest.fixture
def browser():
    """A headless Debian Chromium driven by Playwright."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()
