"""Downloads that open safely in Dutch Excel: `;`, decimal comma, no live formulas.

A cell that starts with = + - @, a tab or a carriage return can be taken for a
formula by a spreadsheet (CSV injection); such text gets a leading quote so it
shows as typed. Numbers stay numbers. `neutralise` is the one rule for every CSV
and XLSX download (trends, exports, credentials, problem lists); the import takes
exactly one leading quote off again (importing.checking), so exported text
round-trips.
"""

import re
from datetime import date, datetime

import pandas as pd

# Text that starts a formula, also after quotes an earlier export added: "'=1"
# becomes "''=1", which the import reads back as "'=1".
FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")


def neutralise(value: object) -> object:
    """Return text that could start a formula with one leading quote; anything else as is."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as a Dutch Excel CSV: `;`, decimal comma, dd-mm-jjjj, UTF-8 with BOM."""
    safe = frame.copy()
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    for column in safe.columns:
        cells = safe[column]
        if pd.api.types.is_datetime64_any_dtype(cells):
            safe[column] = cells.dt.strftime("%d-%m-%Y")
        elif cells.dtype == object or pd.api.types.is_string_dtype(cells):
            safe[column] = cells.map(_cell)
    text = safe.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return neutralise(value)
