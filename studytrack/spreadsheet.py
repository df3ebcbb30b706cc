"""Downloads that open safely in Dutch Excel: `;`, decimal comma, no live formulas.

A cell that starts with = + - @, a tab or a carriage return can be taken for a
formula by a spreadsheet (CSV injection); such text gets a leading quote so it
shows as typed. Numbers stay numbers.
"""

from datetime import date, datetime

import pandas as pd

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Return text that could start a formula with a leading quote; anything else as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
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
