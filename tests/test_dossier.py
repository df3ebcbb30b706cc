"""Persoonlijk dossier: the pupil's contacts, schedule, focus subjects and mentor."""

from datetime import date, time

import pytest

from studytrack import dossier
from studytrack.errors import AccessDenied
from tests.family_data import build, scope_of

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        ("wiskunde, Frans", ("wiskunde", "Frans")),
        (" wiskunde;;Duits , ", ("wiskunde", "Duits")),
        ("", ()),
        (None, ()),
    ],
)
def test_focus_subjects_are_split_on_commas(text, subjects):
    assert dossier.split_subjects(text) == subjects


def test_the_schedule_leaves_out_ended_lines_and_says_when_one_starts_or_ends():
    lines = [
        dossier.ScheduleLine(2, time(14, 30), date(2026, 8, 24), date(2026, 11, 30)),
        dossier.ScheduleLine(4, time(14, 30), date(2026, 8, 24), None),
        dossier.ScheduleLine(1, time(15, 0), date(2027, 1, 4), date(2027, 3, 31)),
    ]

    current = dossier.current_schedule(lines, TODAY)

    assert [line.weekday_name for line in current] == ["maandag", "donderdag"]
    assert (
        current[0].period_text(TODAY)
        == "vanaf 4 januari 2027, tot en met 31 maart 2027"
    )
    assert current[1].period_text(TODAY) == ""


@pytest.fixture
def family(con):
    return build(con)


def test_the_dossier_of_sanne(con, family):
    found = dossier.dossier(con, scope_of(con, "ouder_a"), family.sanne, TODAY)

    assert (found.name, found.school, found.class_name) == (
        "Sanne de Vries",
        "Stedelijk Gymnasium",
        "3B",
    )
    assert [parent.name for parent in found.parents] == [
        "Joost de Vries",
        "Marieke de Vries",
    ]
    assert [mentor.name for mentor in found.mentors] == ["Peter Jansen"]
    assert [(line.weekday, line.expected_at) for line in found.schedule] == [
        (1, time(14, 30)),
        (2, time(14, 30)),
        (4, time(14, 30)),
        (5, time(13, 0)),
    ]
    assert found.focus_subjects == ("wiskunde", "Frans")


def test_a_parent_cannot_read_the_dossier_of_another_family(con, family):
    with pytest.raises(AccessDenied):
        dossier.dossier(con, scope_of(con, "ouder_b"), family.sanne, TODAY)
