"""Calendar quarters, the rhythm of the measures' progress reviews."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_month(self) -> int:
        return 3 * self.number

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)


def in_last_month_of_quarter(day: date) -> bool:
    return day.month == Quarter.of(day).last_month


def today_in(timezone_name: str) -> date:
    """Today's date where the municipality is: due dates and quarters follow its calendar, not UTC's."""
    return datetime.now(ZoneInfo(timezone_name)).date()


def recent_quarters(today: date, count: int = 8) -> list[Quarter]:
    """The current quarter and the ones before it, newest first: the quarters a review can be recorded for."""
    quarters = [Quarter.of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


def parse_quarter(text: str) -> Quarter | None:
    """ "2026-Q4" → Quarter(2026, 4); None for anything else."""
    year, _separator, number = text.partition("-Q")
    if not (year.isdigit() and number.isdigit() and 1 <= int(number) <= 4 and len(year) == 4):
        return None
    return Quarter(int(year), int(number))
