"""StudyTrack's benchmark suite: page cost, import and the 16:00 peak, in one command.

    .venv/bin/python -m bench            # quick: a few minutes
    .venv/bin/python -m bench --full     # more reruns, 25/50/100 sessions, all builds
    .venv/bin/python -m bench --only pages,load   # parts: pages, load, external

Figures are printed and written to bench/results/latest.md and latest.json, with the
machine they ran on. The chain data set (5,000 pupils, 3 years) is built once into
/tmp/large.duckdb (--large PATH) and reused; --rebuild-large builds it again.

    .venv/bin/python -m bench --server-option runner.postScriptGC=false --save-as x
                                          # what-if: every server with that option
    .venv/bin/python -m bench.profile Agenda --server   # where a page's time goes
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench import datasets, machine, page_cost, report
from bench.server import NOW, ROOT

PARTS = ("pages", "load", "external")
MODES = {
    # reruns per page (server), AppTest runs per page, load levels
    "quick": {"reruns": 5, "apptest_runs": 2, "levels": [100]},
    "full": {"reruns": 20, "apptest_runs": 10, "levels": [25, 50, 100]},
}
# The other engineers' benchmark scripts in bench/, with their arguments per mode;
# "{chain}" in an environment value stands for the chain's database file.
EXTERNAL = {
    "import_bench.py": {"quick": ["--repeat", "1"], "full": [], "env": {}},
    "trends_bench.py": {
        "quick": ["--runs", "2"],
        "full": [],
        "env": {"STUDYTRACK_DB": "{chain}"},
    },
    "demo_bench.py": {"quick": ["--small"], "full": [], "env": {}},
}
EXTERNAL_TIMEOUT = {"quick": 240, "full": 1800}


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--full", action="store_true", help="the full suite (slow)")
    parser.add_argument(
        "--only", default=",".join(PARTS), help="parts, comma-separated"
    )
    parser.add_argument(
        "--large", type=Path, default=Path("/tmp/large.duckdb"), help="the chain file"
    )
    parser.add_argument(
        "--rebuild-large", action="store_true", help="build the chain file again"
    )
    parser.add_argument("--sessions", help="load levels, e.g. 25,50,100")
    parser.add_argument("--spread", type=float, default=60.0, help="arrival window, s")
    parser.add_argument("--save-as", default="latest", help="name of the results files")
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a streamlit option for every server, e.g. runner.postScriptGC=false",
    )
    args = parser.parse_args(argv)
    args.mode = "full" if args.full else "quick"
    args.options = []
    for option in args.server_option:
        name, equals, value = option.partition("=")
        if not equals:
            parser.error(f"--server-option wants NAME=VALUE, not {option!r}")
        args.options += [f"--{name.removeprefix('--')}", value]
    args.parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = set(args.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    return args


def main(argv=None) -> int:
    args = parse_arguments(argv)
    settings = MODES[args.mode]
    levels = (
        [int(n) for n in args.sessions.split(",")]
        if args.sessions
        else settings["levels"]
    )
    started = time.perf_counter()
    results = {
        "mode": args.mode,
        "command": "python -m bench "
        + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:])),
        "machine": machine.describe(),
        "server_options": args.server_option,
        "datasets": {},
        "part_seconds": {},
    }
    print(json.dumps(results["machine"]))
    with tempfile.TemporaryDirectory(prefix="studytrack-bench-") as scratch:
        workdir = Path(scratch)
        with timed(results, "datasets"):
            demo_path, results["datasets"]["demo"] = datasets.demo(workdir)
            if {"pages", "external"} & set(args.parts):
                chain_path, results["datasets"]["chain"] = datasets.chain(
                    args.large, args.rebuild_large
                )
        if "pages" in args.parts:
            with timed(results, "pages"):
                results["pages"] = {}
                for name, path in (("demo", demo_path), ("chain", chain_path)):
                    print(f"page cost on the {name} data …", flush=True)
                    results["pages"][name] = page_cost.measure(
                        path,
                        workdir,
                        name,
                        settings["reruns"],
                        settings["apptest_runs"],
                        options=args.options,
                    )
            print_pages(results)
        if "load" in args.parts:
            with timed(results, "load"):
                results["load"] = []
                results["load_spread_seconds"] = args.spread
                parents = count_parents(demo_path)
                for sessions in levels:
                    print(f"load: {sessions} parents within {args.spread:.0f} s …")
                    level = run_level(demo_path, workdir, sessions, args, parents)
                    results["load"].append(level)
                    print_level(level)
        if "external" in args.parts:
            with timed(results, "external"):
                results["external"] = {}
                for script, how in EXTERNAL.items():
                    print(f"{script} …", flush=True)
                    environment = {
                        key: value.format(chain=chain_path)
                        for key, value in how["env"].items()
                    }
                    found = run_external(script, how[args.mode], environment, args.mode)
                    results["external"][script] = found
                    if not found.get("missing"):
                        print(found["output"][-3000:])
    results["load_average_at_end"] = machine.load_average()
    results["suite_seconds"] = round(time.perf_counter() - started)
    json_path, markdown_path = report.write(results, args.save_as)
    print(
        f"\nwritten: {markdown_path.relative_to(ROOT)} and {json_path.relative_to(ROOT)}"
    )
    return 0


@contextmanager
def timed(results: dict, part: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        results["part_seconds"][part] = round(time.perf_counter() - started)


def run_level(
    demo_path: Path, workdir: Path, sessions: int, args, parents: int
) -> dict:
    from bench import load

    try:
        return load.run_level(
            demo_path, workdir, sessions, args.spread, parents, options=args.options
        )
    except Exception as error:  # noqa: BLE001 - the suite goes on and reports it
        return {"sessions": sessions, "error": f"{type(error).__name__}: {error}"[:500]}


def count_parents(database: Path) -> int:
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        found = con.execute(
            "SELECT count(*) FROM accounts WHERE role = 'ouder' AND login LIKE 'ouder%'"
        ).fetchone()[0]
    return max(1, found)


def run_external(
    script: str, arguments: list[str], environment: dict, mode: str
) -> dict:
    path = ROOT / "bench" / script
    command = [sys.executable, str(path.relative_to(ROOT)), *arguments]
    shown = [f"{key}={value}" for key, value in environment.items()]
    found = {"command": " ".join(shown + ["python"] + command[1:])}
    if not path.exists():
        return found | {"missing": True}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=EXTERNAL_TIMEOUT[mode],
            check=False,
            env=os.environ | {"STUDYTRACK_NOW": NOW} | environment,
        )
        output, code = done.stdout + done.stderr[-2000:], done.returncode
    except subprocess.TimeoutExpired as error:
        output, code = f"{error.stdout or ''}\n(stopped after {error.timeout} s)", None
    return found | {
        "returncode": code,
        "seconds": round(time.perf_counter() - started, 1),
        "output": output
        if isinstance(output, str)
        else output.decode(errors="replace"),
    }


def print_pages(results: dict) -> None:
    print(
        f"\n{'page':<32}{'demo CPU':>10}{'chain CPU':>11}{'ratio':>7}"
        f"{'chain wall':>12}{'AppTest chain':>15}  verdict"
    )
    for row in report.page_rows(results):
        print(
            f"{row['page']:<32}{report._cell(row['demo_cpu_ms'], ' ms'):>10}"
            f"{report._cell(row['chain_cpu_ms'], ' ms'):>11}"
            f"{report._cell(row['ratio']):>7}{report._cell(row['chain_wall_ms'], ' ms'):>12}"
            f"{report._cell(row['apptest_chain_ms'], ' ms'):>15}  {row['verdict']}"
        )
        for problem in row["problems"][:3]:
            print(f"    ! {problem}")


def print_level(level: dict) -> None:
    if "error" in level:
        print(f"  failed: {level['error']}")
        return
    print(
        f"  {level['sessions']} sessions: {level['page_loads']}/"
        f"{level['expected_page_loads']} page loads, p50 {level['p50_ms']} ms, "
        f"p95 {level['p95_ms']} ms, max {level['max_ms']} ms, errors {level['errors']}, "
        f"{level['fragment_reruns']} fragment reruns, RSS {level['rss_before_mib']} → "
        f"{level['rss_after_mib']} MiB ({level['mib_per_session']} MiB/session), "
        f"server CPU {level['server_cpu_seconds']} s in {level['wall_seconds']} s"
    )
    for example in level.get("error_examples", [])[:5]:
        print(f"    ! {example}")


if __name__ == "__main__":
    sys.exit(main())
