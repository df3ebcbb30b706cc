"""The benchmark harness works at all: a real server, the websocket client, signed-in
parents moving through the weeks, and the page-cost figures. No timing assertions."""

import asyncio

import pytest

from bench import load, page_cost
from bench.client import ProtocolError, Session, sign_in_cookie
from bench.server import COOKIE_KEY, Server


@pytest.fixture(scope="module")
def server(demo_template, tmp_path_factory):
    """One server for the module, on its own copy of the demo, after a first visit."""
    running = Server(demo_template, tmp_path_factory.mktemp("bench-server"))
    try:
        asyncio.run(load.first_visitor(running))
        yield running
    finally:
        running.stop()


def visit(server, login, steps):
    """Open the site as `login` (None: no cookie) and click the buttons in `steps`."""

    async def run():
        cookie = sign_in_cookie(login, COOKIE_KEY) if login else None
        session = Session(server.url, cookie)
        await session.connect()
        try:
            loads = [await session.open_page("")]
            for key in steps:
                loads.append(await session.click(key))
            return session, loads
        finally:
            await session.close()

    return asyncio.run(run())


def test_a_parent_signed_in_by_cookie_sees_the_agenda_and_can_click(server):
    session, loads = visit(server, "ouder1", ["week_next"])

    assert [load.exceptions for load in loads] == [[], []]
    assert [load.errors_shown for load in loads] == [[], []]
    assert "week_back" in session.widget_ids
    assert all(load.messages > 0 for load in loads)


def test_without_a_cookie_there_is_no_agenda_to_click(server):
    with pytest.raises(ProtocolError, match="week_next"):
        visit(server, None, ["week_next"])


def test_two_parents_walk_through_the_weeks_without_errors(server):
    level = load.run_on(server, sessions=2, spread=0.5, parents=2, think=(0.1, 0.2))

    assert level["errors"] == 0, level["error_examples"]
    assert level["page_loads"] == level["expected_page_loads"] == 8
    assert level["p95_ms"] is not None
    assert level["rss_after_mib"] > 0


def test_page_cost_measures_each_page_it_is_given(server):
    pages = [page for page in page_cost.PAGES if page[1] in ("Agenda", "Vandaag")]

    found = page_cost.measure_on(server, reruns=2, pages=pages)

    assert [figures.title for figures in found["pages"]] == ["Agenda", "Vandaag"]
    for figures in found["pages"]:
        assert figures.problems == []
        assert figures.runs == 2
        assert figures.rerun_cpu_ms > 0
