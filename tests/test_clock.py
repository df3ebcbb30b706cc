import time
from datetime import date, datetime

import pytest

from studytrack import clock
from studytrack.errors import InvalidInput


def test_studytrack_now_fixes_now_and_today(monkeypatch):
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-03T16:05")
    assert clock.now() == datetime(2026, 12, 3, 16, 5)
    assert clock.today() == date(2026, 12, 3)


def test_now_with_a_zone_is_read_as_amsterdam_time(monkeypatch):
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-12-03T23:30+00:00")
    assert clock.now() == datetime(2026, 12, 4, 0, 30)


def test_summer_time_is_two_hours_ahead_of_utc(monkeypatch):
    monkeypatch.setenv("STUDYTRACK_NOW", "2026-07-01T12:00Z")
    assert clock.now().hour == 14


def test_without_studytrack_now_the_clock_is_amsterdam_whatever_the_server_zone(
    monkeypatch,
):
    monkeypatch.delenv("STUDYTRACK_NOW")
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    expected = datetime.now(clock.AMSTERDAM).replace(tzinfo=None)
    try:
        assert abs((clock.now() - expected).total_seconds()) < 5
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_broken_studytrack_now_gives_a_dutch_message(monkeypatch):
    monkeypatch.setenv("STUDYTRACK_NOW", "morgen")
    with pytest.raises(InvalidInput, match="geen geldige datum-tijd"):
        clock.now()
