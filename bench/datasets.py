"""The two data sets: the 40-pupil demo (built fresh) and the chain (built once).

Both are built by the app's own command, `python -m studytrack demo`, at the
benchmarks' fixed "now". The chain (5,000 pupils, 3 years) takes minutes, so it is
kept (default /tmp/large.duckdb) with a note beside it saying how and from which
generator it was built; a changed generator is reported, `--rebuild-large` rebuilds.
"""

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.server import NOW, ROOT

DEMO = (40, 1)
CHAIN = (5000, 3)


def generator_fingerprint() -> str:
    return hashlib.sha256((ROOT / "studytrack" / "demo.py").read_bytes()).hexdigest()[
        :12
    ]


def build(path: Path, students: int, years: int) -> float:
    """Build a demo database at `path` with the app's CLI; return the seconds taken."""
    for stale in (path, path.with_suffix(path.suffix + ".wal")):
        stale.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    environment = os.environ | {"STUDYTRACK_DB": str(path), "STUDYTRACK_NOW": NOW}
    started = time.perf_counter()
    command = [sys.executable, "-m", "studytrack", "demo"]
    command += ["--students", str(students), "--years", str(years)]
    done = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=1800
    )
    if done.returncode != 0:
        raise RuntimeError(f"demo build failed: {done.stderr[-1500:]}")
    return time.perf_counter() - started


def demo(workdir: Path) -> tuple[Path, dict]:
    path = workdir / "demo.duckdb"
    seconds = build(path, *DEMO)
    return path, {"path": str(path), "built_seconds": round(seconds, 1)}


def chain(path: Path, rebuild: bool) -> tuple[Path, dict]:
    """The chain at `path`: built when missing (or asked), else reused."""
    note_path = path.with_suffix(".bench.json")
    note = json.loads(note_path.read_text()) if note_path.exists() else {}
    fingerprint = generator_fingerprint()
    if rebuild or not path.exists():
        print(f"building the chain ({CHAIN[0]} pupils, {CHAIN[1]} years) in {path} …")
        seconds = build(path, *CHAIN)
        note = {
            "students": CHAIN[0],
            "years": CHAIN[1],
            "now": NOW,
            "generator": fingerprint,
            "built": time.strftime("%Y-%m-%d %H:%M"),
            "built_seconds": round(seconds, 1),
        }
        note_path.write_text(json.dumps(note, indent=1))
    info = {"path": str(path), "size_mib": round(path.stat().st_size / 2**20)} | note
    if note.get("generator") != fingerprint:
        info["warning"] = (
            "built by another version of studytrack/demo.py (or by hand); "
            "run with --rebuild-large to rebuild"
        )
    return path, info
