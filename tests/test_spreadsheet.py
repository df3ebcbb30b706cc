"""Downloads open in Dutch Excel as data, never as formulas."""

import csv
import io
from datetime import date

import pandas as pd
import pytest

from studytrack.spreadsheet import neutralise, to_csv_bytes


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Zoë van der Berg", "Zoë van der Berg"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralise_quotes_text_that_could_start_a_formula(cell, safe):
    assert neutralise(cell) == safe


def test_csv_uses_semicolons_decimal_commas_and_dutch_dates():
    frame = pd.DataFrame(
        {
            "naam": ["=1+1", 'Zoë; de "Vries"'],
            "aanwezig %": [86.7, -2.5],
            "dagen": [30, 4],
            "datum": [date(2026, 12, 3), date(2026, 1, 5)],
        }
    )

    data = to_csv_bytes(frame)

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["naam", "aanwezig %", "dagen", "datum"],
        ["'=1+1", "86,7", "30", "03-12-2026"],
        ['Zoë; de "Vries"', "-2,5", "4", "05-01-2026"],
    ]


def test_csv_neutralises_headers_too():
    data = to_csv_bytes(pd.DataFrame({"=kop": [1]}))

    assert data.decode("utf-8-sig").splitlines()[0] == "'=kop"
