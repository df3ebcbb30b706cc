"""A real StudyTrack server for the benchmarks, and what it costs the machine.

The server runs on a loopback port with its own copy of a database, a fixed clock and
a known cookie key, started as `start.sh` starts it (`python -m studytrack.server`,
i.e. `streamlit run app.py` with pages/ not read as a page directory). Its CPU time is read
from the kernel's per-process CPU clock (nanoseconds, every thread, also the ones
that ended), its memory from /proc. It is stopped by its PID.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-12-03T16:05:00"
COOKIE_KEY = "bench-cookie-key-not-secret-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a whole process so far, in seconds."""
    # The process-wide CPUCLOCK_SCHED clock of another process: (~pid << 3) | 2.
    try:
        return time.clock_gettime((~pid << 3) | 2)
    except OSError:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mib(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and at its highest (VmHWM) in MiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


def start_command(launcher: str | None = None) -> list[str]:
    """How the app is started: as start.sh does (studytrack.server, which keeps
    Streamlit from reading pages/ as its own page directory), else `streamlit run`;
    a launcher module of the bench takes the same options as studytrack.server."""
    if launcher:
        return [launcher]
    if (ROOT / "studytrack" / "server.py").exists():
        return ["studytrack.server"]
    return ["streamlit", "run", "app.py"]


class Server:
    """`streamlit run app.py` on a free loopback port, on a copy of `database`."""

    def __init__(
        self,
        database: Path,
        workdir: Path,
        name: str = "server",
        options: list[str] | None = None,
        launcher: str | None = None,
        env: dict[str, str] | None = None,
    ):
        workdir.mkdir(parents=True, exist_ok=True)
        self.database = workdir / f"{name}.duckdb"
        for stale in (self.database, self.database.with_suffix(".duckdb.wal")):
            stale.unlink(missing_ok=True)
        shutil.copyfile(database, self.database)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"{name}.log"
        environment = (
            os.environ
            | {
                "STUDYTRACK_DB": str(self.database),
                "STUDYTRACK_NOW": NOW,
                "STUDYTRACK_COOKIE_KEY": COOKIE_KEY,
            }
            | (env or {})
        )
        command = [
            sys.executable,
            "-m",
            *start_command(launcher),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(self.port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            # Others edit the shared tree while we measure: no reloads mid-run.
            "--server.fileWatcherType",
            "none",
            *(options or []),
        ]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        self.pid = self.process.pid
        self._wait_until_listening()

    def _wait_until_listening(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit stopped: {self.log_tail()}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not start listening in time")

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.pid)

    def memory(self) -> dict[str, float]:
        return memory_mib(self.pid)

    def log_tail(self, characters: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-characters:]

    def errors_logged(self) -> list[str]:
        """Tracebacks and errors the server wrote to its log."""
        text = self.log_path.read_text(errors="replace")
        return [
            line
            for line in text.splitlines()
            if "Traceback" in line or " ERROR " in line or "Uncaught" in line
        ]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
