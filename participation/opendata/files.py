"""Writing a dataset's records as CSV or JSON, piece by piece, so a file of any length streams out.

CSV: plain UTF-8, comma-separated, a header row of the record keys; lists joined with "; "; true/false as words.
A cell whose text starts like a spreadsheet formula is prefixed with a single quote, so opening the file in a
spreadsheet program never runs what a resident typed (CSV injection).
JSON: one object with `licence`, `source`, `generated` and `items`.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from participation.opendata.datasets import Record

LIST_SEPARATOR = "; "
# What spreadsheet programs read as the start of a formula (tab and carriage return too, as OWASP advises).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """The text, made inert for spreadsheet programs if it starts like a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(entry) for entry in value)
    return neutralised(str(value))


class _Line:
    """A file-like object that hands back what the csv writer writes, one row at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(keys: list[str], records: Iterable[Record]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(keys)
    for record in records:
        yield writer.writerow([csv_cell(record[key]) for key in keys])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_chunks(head: dict[str, Any], records: Iterable[Record]) -> Iterator[str]:
    """`head` as a JSON object whose last member is `items`: the records, as they come."""
    yield _dumps(head)[:-1] + ',"items":['
    for number, record in enumerate(records):
        yield ("," if number else "") + _dumps(record)
    yield "]}"
