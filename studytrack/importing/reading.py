"""Reading an import file into the staging database, as text, with its line numbers.

This is the DuckDB-only file reader of product.md §9: the staging database is a
private in-memory DuckDB, never the institute's database. DuckDB's CSV reader
parses, and keeps the malformed rows aside (store_rejects). By hand is only what it
cannot do: recognise the encoding (UTF-8 with or without byte-order mark, UTF-16
with one, else Windows-1252, transcoded to a temporary UTF-8 file), choose the
delimiter from the header line, read XLSX (openpyxl, first sheet, into a temporary
CSV) and find blank lines inside the file, so that every row keeps the line number
the user sees (the header is line 1; a quoted field with a line break inside counts
as one line, as in a spreadsheet).

The staging table `raw` has the column `line` and one VARCHAR column per header cell
(c0, c1 …); `Staged.columns` maps the contract's column names to them.
"""

import csv
import hashlib
import io
import logging
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import duckdb

from studytrack.importing.contract import KINDS, Kind, Problem, detect, match_header

log = logging.getLogger(__name__)

Stage = duckdb.DuckDBPyConnection

DELIMITERS = (";", ",", "\t")
DELIMITER_NAMES = {";": "puntkomma", ",": "komma", "\t": "tab"}
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTENT = re.compile(rb"[^ \t\r\n]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FOUND_FIELDS = re.compile(r"Found: (\d+)")
_SHOWN_VALUE = 80

NOT_A_TABLE = (
    "Dit is geen CSV- of XLSX-bestand. Sla het bestand in Excel op als "
    "'CSV (gescheiden door lijstscheidingsteken)' of als Excel-werkmap (.xlsx)."
)


@dataclass
class Staged:
    """An import file read into the staging table `raw`, or the reasons it could not be."""

    file_name: str
    checksum: str
    kind: Kind | None = None
    file_format: str = ""
    encoding: str = ""
    delimiter: str = ""
    headers: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # contract name → cN
    spelled: dict[str, str] = field(default_factory=dict)  # contract name → header
    unknown: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected_lines: int = 0
    line_offset: int = 0  # 1 when an Excel hint line "sep=;" precedes the header
    text: str | None = field(default=None, repr=False)

    @property
    def readable(self) -> bool:
        """Whether the rows were read (the file and its header were usable)."""
        header = 1 + self.line_offset
        return not any(
            problem.line is None or problem.line == header for problem in self.problems
        )


def checksum(data: bytes) -> str:
    """The sha256 of a file's bytes, as recorded in the import log."""
    return hashlib.sha256(data).hexdigest()


def read(stage: Stage, file_name: str, data: bytes, kind_name: str | None) -> Staged:
    """Read an import file into `raw` on the staging connection.

    File-level problems (empty, not a table, unknown kind, missing columns) and
    malformed lines land in `Staged.problems`; nothing here raises for bad input.
    """
    staged = Staged(file_name, checksum(data))
    if not _CONTENT.search(data, len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0):
        staged.problems.append(Problem(None, None, None, "Het bestand is leeg."))
        return staged
    with tempfile.TemporaryDirectory(prefix="studytrack-import-") as folder:
        text_file = Path(folder) / "import.csv"
        first_line = _to_utf8_csv(staged, data, text_file)
        if first_line is None:
            return staged
        _match_columns(staged, kind_name, first_line)
        if not staged.readable:
            return staged
        _load(stage, staged, text_file)
    return staged


# --- bytes → a UTF-8 CSV file -----------------------------------------------------


def _to_utf8_csv(staged: Staged, data: bytes, target: Path) -> str | None:
    """Write the file as UTF-8 CSV to `target`; return its header line (None: unusable)."""
    if data.startswith(_XLSX_MAGIC):
        staged.file_format = "xlsx"
        return _xlsx_to_csv(staged, data, target)
    if data.startswith(_OLE_MAGIC):
        staged.problems.append(
            Problem(
                None,
                None,
                None,
                "Dit is een Excel-bestand in het oude formaat (.xls). Sla het in Excel "
                "op als Excel-werkmap (.xlsx) of als CSV en probeer het opnieuw.",
            )
        )
        return None
    staged.file_format = "csv"
    text, body = _decode(staged, data)
    if text is None:
        staged.problems.append(Problem(None, None, None, NOT_A_TABLE))
        return None
    header = _first_line(text)
    if header.lower().startswith("sep=") and len(header) == 5:
        # Excel's hint line "sep=;": the delimiter is given, the header is line 2.
        staged.delimiter = header[4]
        staged.line_offset = 1
        skipped = len(header) + (2 if text[len(header) :].startswith("\r\n") else 1)
        text = text[skipped:]
        body = body[skipped:] if body is not None else None
        header = _first_line(text)
    target.write_bytes(body if body is not None else text.encode("utf-8"))
    staged.text = text
    return header


def _first_line(text: str) -> str:
    """The header line: up to the first line break (\r\n, \n or a lone \r)."""
    ends = [found for found in (text.find("\n"), text.find("\r")) if found >= 0]
    return text[: min(ends)] if ends else text


def _decode(staged: Staged, data: bytes) -> tuple[str | None, bytes | None]:
    """Return the file's text and, when it is already UTF-8, its bytes without BOM."""
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, None
        staged.encoding = "utf-16"
        return (text if _looks_like_text(text) else None), None
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
        staged.encoding = "utf-8-bom"
    else:
        staged.encoding = "utf-8"
    try:
        text = data.decode("utf-8")
        body = data
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None, None
        staged.encoding = "windows-1252"
        body = None
    if not _looks_like_text(text):
        return None, None
    return text, body


def _looks_like_text(text: str) -> bool:
    """Tell text from binary: no NUL bytes and hardly any other control characters."""
    if "\x00" in text:
        return False
    sample = text[:100_000]
    return len(_CONTROL.findall(sample)) <= len(sample) // 200


def _xlsx_to_csv(staged: Staged, data: bytes, target: Path) -> str | None:
    """Write the first sheet of an XLSX file as a `;` CSV; return its header line."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 -- any damage in a foreign file
        log.info("unreadable xlsx %s: %s", staged.file_name, type(error).__name__)
        staged.problems.append(
            Problem(
                None,
                None,
                None,
                "Het Excel-bestand kan niet gelezen worden; het is beschadigd of geen "
                "Excel-werkmap. Sla het opnieuw op als .xlsx of als CSV.",
            )
        )
        return None
    staged.encoding = "xlsx"
    staged.delimiter = ";"
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(min_row=1, values_only=True)
        header = [_cell_text(value) for value in next(rows, ())]
        while header and header[-1] == "":
            header.pop()
        width = max(len(header), 1)
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\n")
            writer.writerow(header or [""])
            for row in rows:
                cells = [_cell_text(value) for value in row[:width]]
                writer.writerow(cells + [""] * (width - len(cells)))
    except Exception as error:  # noqa: BLE001 -- any damage in a foreign file
        log.info("unreadable xlsx %s: %s", staged.file_name, type(error).__name__)
        staged.problems.append(
            Problem(None, None, None, "Het Excel-bestand kan niet gelezen worden.")
        )
        return None
    finally:
        book.close()
    return ";".join(_quote(cell) for cell in header)


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.10f}".rstrip("0").rstrip(".")
    return str(value)


# --- the header ---------------------------------------------------------------------


def _split_header(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def _match_columns(staged: Staged, kind_name: str | None, header_line: str) -> None:
    """Choose the delimiter and the kind, and map the header cells to the contract."""
    if not staged.delimiter:
        staged.delimiter = _best_delimiter(header_line)
    headers = [cell.strip() for cell in _split_header(header_line, staged.delimiter)]
    while headers and headers[-1] == "":
        headers.pop()
    staged.headers = headers
    header_line_number = 1 + staged.line_offset
    if not any(headers):
        staged.problems.append(
            Problem(
                header_line_number,
                None,
                None,
                "De eerste regel is leeg; daar horen de kolomnamen te staan.",
            )
        )
        return
    staged.kind = KINDS.get(kind_name) if kind_name else detect(headers)
    if staged.kind is None:
        staged.problems.append(
            Problem(
                header_line_number,
                None,
                None,
                "Aan de kolomnamen is niet te zien welke gegevens dit zijn; kies de "
                f"soort ({', '.join(KINDS)}) of controleer de kopregel.",
            )
        )
        return
    for index, header in enumerate(headers):
        name = match_header(staged.kind, header)
        if name is None:
            staged.unknown.append(header or "(zonder naam)")
        elif name in staged.columns:
            staged.problems.append(
                Problem(
                    header_line_number,
                    header,
                    None,
                    "Deze kolom staat twee keer in de kopregel.",
                )
            )
        else:
            staged.columns[name] = f"c{index}"
            staged.spelled[name] = header
    for name in staged.kind.required:
        if name not in staged.columns:
            staged.problems.append(
                Problem(
                    header_line_number,
                    name,
                    None,
                    f"De verplichte kolom '{name}' ontbreekt in de kopregel.",
                )
            )


def _best_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most known column names."""

    def score(delimiter: str) -> tuple[int, int]:
        cells = _split_header(header_line, delimiter)
        known = max(
            sum(match_header(kind, cell) is not None for cell in cells)
            for kind in KINDS.values()
        )
        return known, len(cells)

    return max(DELIMITERS, key=score)


# --- rows ---------------------------------------------------------------------------


def _load(stage: Stage, staged: Staged, text_file: Path) -> None:
    """Read the rows with DuckDB into `raw` (with line numbers) and list bad lines."""
    width = len(staged.headers)
    columns = {f"c{index}": "VARCHAR" for index in range(width)}
    offset = staged.line_offset
    try:
        stage.execute(
            "CREATE TABLE raw_rows AS SELECT * FROM read_csv(?, auto_detect = false, "
            "header = true, delim = ?, quote = '\"', escape = '\"', columns = ?, "
            "store_rejects = true, strict_mode = true)",
            [str(text_file), staged.delimiter, columns],
        )
    except duckdb.Error as error:
        log.info("csv reader refused %s: %s", staged.file_name, error)
        staged.problems.append(Problem(None, None, None, NOT_A_TABLE))
        return
    rejected = _rejected_lines(stage, staged, offset)
    skipped = sorted({line for line in rejected} | set(_blank_lines(staged)))
    staged.rejected_lines = len(rejected)
    _number_rows(stage, skipped, offset)


def _rejected_lines(stage: Stage, staged: Staged, offset: int) -> list[int]:
    """Turn DuckDB's rejected lines into problems; return their line numbers."""
    found = stage.execute(
        "SELECT line, arg_min(column_name, column_idx), arg_min(error_type, column_idx), "
        "arg_min(csv_line, column_idx), arg_min(error_message, column_idx) "
        "FROM reject_errors GROUP BY line ORDER BY line"
    ).fetchall()
    headers = {f"c{index}": header for index, header in enumerate(staged.headers)}
    lines = []
    for line, column_name, error_type, csv_line, message in found:
        lines.append(line)
        column = headers.get(column_name) if error_type == "MISSING COLUMNS" else None
        staged.problems.append(
            Problem(
                line + offset,
                column,
                _shown(csv_line),
                _structural_message(error_type, message or "", staged),
            )
        )
    return lines


def _structural_message(error_type: str, message: str, staged: Staged) -> str:
    expected = len(staged.headers)
    found = _FOUND_FIELDS.search(message)
    count = f"{found.group(1)} in plaats van {expected}" if found else ""
    delimiter = DELIMITER_NAMES.get(staged.delimiter, staged.delimiter)
    if error_type == "TOO MANY COLUMNS":
        return (
            f"Deze regel heeft meer velden dan de kopregel ({count}). Staat er een "
            f"{delimiter} te veel, of hoort een tekst met een {delimiter} erin tussen "
            "aanhalingstekens?"
        )
    if error_type == "MISSING COLUMNS":
        return f"Deze regel heeft minder velden dan de kopregel ({count})."
    if error_type == "UNQUOTED VALUE":
        return 'Een aanhalingsteken (") in deze regel wordt niet goed gesloten.'
    if error_type == "LINE SIZE OVER MAXIMUM":
        return "Deze regel is te lang om te lezen."
    if error_type in ("INVALID UNICODE", "INVALID ENCODING"):
        return "Deze regel bevat tekens die geen geldige tekst zijn."
    return "Deze regel kan niet gelezen worden."


def _shown(csv_line: str | None) -> str | None:
    if csv_line is None:
        return None
    text = csv_line.strip("\r\n")
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…"


def _blank_lines(staged: Staged) -> list[int]:
    """The line numbers (as DuckDB counts them) of blank lines between the rows.

    DuckDB skips blank lines without a trace; only when the file has some does a
    second pass with Python's csv module find where they are.
    """
    text = staged.text
    if not text:
        return []
    end = len(text)
    while end and text[end - 1] in "\r\n \t":
        end -= 1
    if text.find("\n\n", 0, end) < 0 and text.find("\n\r\n", 0, end) < 0:
        return []
    reader = csv.reader(
        io.StringIO(text[:end]), delimiter=staged.delimiter, strict=False
    )
    try:
        return [number for number, row in enumerate(reader, start=1) if not row]
    except csv.Error:
        return []


def _number_rows(stage: Stage, skipped: list[int], offset: int) -> None:
    """Create `raw`: the rows read with the line number each has in the file.

    DuckDB keeps the file's order (preserve_insertion_order), so row k is the k-th
    line after the header that was neither blank nor rejected.
    """
    if not skipped:
        first = int(2 + offset)
        stage.execute(
            f"CREATE VIEW raw AS SELECT rowid + {first} AS line, * FROM raw_rows"  # noqa: S608 -- an int
        )
        return
    stage.execute("CREATE TABLE skipped (line BIGINT)")
    stage.executemany("INSERT INTO skipped VALUES (?)", [[line] for line in skipped])
    stage.execute(
        "CREATE TABLE raw AS "
        "WITH numbers AS (SELECT line, row_number() OVER (ORDER BY line) - 1 AS seq "
        "  FROM range(2, 2 + (SELECT count(*) FROM raw_rows) + ?) r(line) "
        "  WHERE line NOT IN (SELECT line FROM skipped)) "
        "SELECT n.line + ? AS line, r.* FROM raw_rows r "
        "JOIN numbers n ON n.seq = r.rowid ORDER BY n.line",
        [len(skipped), offset],
    )
