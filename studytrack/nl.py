"""Dutch words and notation: dates, times and grades as users read and type them."""

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from studytrack.errors import InvalidInput

WEEKDAYS = (
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
)
WEEKDAYS_SHORT = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def long_date(day: date, with_year: bool = True) -> str:
    """'donderdag 3 december 2026' (or without the year)."""
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def short_date(day: date) -> str:
    """'do 3-12'."""
    return f"{WEEKDAYS_SHORT[day.weekday()]} {day.day}-{day.month}"


def numeric_date(day: date) -> str:
    """'03-12-2026', the way Dutch spreadsheets write a date."""
    return day.strftime("%d-%m-%Y")


def month_name(year: int, month: int) -> str:
    """'december 2026'."""
    return f"{MONTHS[month - 1]} {year}"


def clock_time(moment: time | datetime | None) -> str:
    """'14:05' (24-hour); empty for None."""
    return "" if moment is None else moment.strftime("%H:%M")


def grade(value: float | Decimal | None, empty: str = "") -> str:
    """'6,8': one decimal, decimal comma; `empty` for None."""
    if value is None:
        return empty
    # Half up, as schools round: 6,85 is a 6,9.
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded}".replace(".", ",")


def number(value: float | Decimal | int, decimals: int = 1) -> str:
    """A number with a decimal comma and a fixed number of decimals."""
    return f"{value:.{decimals}f}".replace(".", ",")


def full_name(first: str, infix: str | None, last: str) -> str:
    """'Daan van der Berg': first name, tussenvoegsel, surname."""
    return " ".join(part for part in (first, infix, last) if part)


# --- parsing what users type and files contain --------------------------------------

# Plain digits only (re.ASCII): no other scripts' digits, as int() would read them.
_DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$", re.ASCII)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$", re.ASCII)
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$", re.ASCII)
# A grade or weight as people and spreadsheets write it: digits with a decimal comma
# or point. Not what Decimal reads besides: exponents (1e1), underscores (1_0),
# other scripts' digits, NaN or Infinity.
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$", re.ASCII)
_YES = {"ja", "j", "1", "true", "waar", "yes", "y", "x"}
_NO = {"nee", "n", "0", "false", "onwaar", "no", ""}
_WEEKDAY_NUMBERS = {name: i + 1 for i, name in enumerate(WEEKDAYS)} | {
    name: i + 1 for i, name in enumerate(WEEKDAYS_SHORT)
}


def parse_date(text: str) -> date:
    """Read '03-12-2026', '3-12-2026', '03/12/2026' or '2026-12-03'."""
    text = str(text).strip()
    if match := _DATE_DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _DATE_ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise InvalidInput(f"'{text}' is geen datum; schrijf bijvoorbeeld 03-12-2026.")
    try:
        return date(year, month, day)
    except ValueError as error:
        raise InvalidInput(f"'{text}' is geen bestaande datum.") from error


def parse_time(text: str) -> time:
    """Read '14:05', '9:05' or '14.05'."""
    text = str(text).strip()
    match = _TIME.match(text)
    if not match:
        raise InvalidInput(f"'{text}' is geen tijd; schrijf bijvoorbeeld 14:05.")
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidInput(f"'{text}' is geen bestaande tijd.")
    return time(hour, minute)


def parse_yes_no(text: str) -> bool:
    """Read ja/nee, j/n, 1/0, true/false (empty is nee)."""
    cleaned = str(text).strip().lower()
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    raise InvalidInput(f"'{text}' is geen ja of nee.")


def parse_grade(text: str | float) -> Decimal:
    """Read a grade from 1,0 to 10,0 with a decimal comma or point; one decimal."""
    cleaned = str(text).strip().replace(",", ".")
    try:
        if not _NUMBER.match(cleaned):
            raise InvalidOperation
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise InvalidInput(
            f"'{text}' is geen cijfer; schrijf bijvoorbeeld 7,5."
        ) from error
    if not value.is_finite() or not Decimal(1) <= value <= Decimal(10):
        raise InvalidInput(f"Een cijfer ligt tussen 1,0 en 10,0; '{text}' niet.")
    if value != value.quantize(Decimal("0.1")):
        raise InvalidInput(
            f"Een cijfer heeft hoogstens één decimaal; '{text}' heeft er meer."
        )
    return value.quantize(Decimal("0.1"))


def parse_weight(text: str | float) -> Decimal:
    """Read a test's weight (weging): a positive number, decimal comma or point."""
    cleaned = str(text).strip().replace(",", ".")
    if cleaned == "":
        return Decimal(1)
    try:
        if not _NUMBER.match(cleaned):
            raise InvalidOperation
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise InvalidInput(
            f"'{text}' is geen weging; schrijf bijvoorbeeld 2."
        ) from error
    if not value.is_finite() or not Decimal("0.1") <= value <= Decimal(100):
        raise InvalidInput(f"Een weging ligt tussen 0,1 en 100; '{text}' niet.")
    if value != value.quantize(Decimal("0.1")):
        raise InvalidInput(
            f"Een weging heeft hoogstens één decimaal; '{text}' heeft er meer."
        )
    return value


def parse_weekday(text: str) -> int:
    """Read 'ma'…'vr' or 'maandag'…'vrijdag' (also za/zo) as ISO weekday 1…7."""
    cleaned = str(text).strip().lower()
    if cleaned not in _WEEKDAY_NUMBERS:
        raise InvalidInput(f"'{text}' is geen dag; schrijf ma, di, wo, do of vr.")
    return _WEEKDAY_NUMBERS[cleaned]
