"""The app's server with cProfile around every script run, for `bench.profile --server`.

    python -m bench._profiled_server --server.port …   (as python -m studytrack.server)

SIGUSR1 starts a fresh profile; SIGUSR2 writes the profile (cProfile format) and the
queries (JSON) to the files named in BENCH_PROFILE_OUT and BENCH_QUERIES_OUT.
Everything the script thread does is in it, also Streamlit's gc.collect after a run.
"""

import cProfile
import json
import os
import signal
import sys

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

from bench.profile import time_queries

state = {"profile": cProfile.Profile(), "queries": {}}
active = {"on": True}
_original_run = ScriptRunner._run_script


def _profiled_run(self, rerun_data):
    profile = state["profile"]
    profile.enable()
    try:
        return _original_run(self, rerun_data)
    finally:
        profile.disable()


def _restart(*_args) -> None:
    state["profile"] = cProfile.Profile()
    state["queries"].clear()


def _write(*_args) -> None:
    state["profile"].dump_stats(os.environ["BENCH_PROFILE_OUT"])
    found = [
        {"caller": where, "sql": sql, "seconds": times}
        for (where, sql), times in state["queries"].items()
    ]
    with open(os.environ["BENCH_QUERIES_OUT"], "w") as handle:
        json.dump(found, handle)


def main() -> None:
    ScriptRunner._run_script = _profiled_run
    time_queries(state["queries"], active)
    signal.signal(signal.SIGUSR1, _restart)
    signal.signal(signal.SIGUSR2, _write)
    from studytrack import server

    server.main(sys.argv[1:])


if __name__ == "__main__":
    main()
