"""Page-wise listing: `?page=` on every list."""

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count


def paginate(session: Session, query, page: int, per_page: int) -> Page:
    """One page of `query` and the total count, in two queries. A page past the end is clamped to the last."""
    total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    last_page = max(1, math.ceil(total / per_page))
    number = min(max(page, 1), last_page)
    items = list(session.exec(query.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, number=number, per_page=per_page, total=total)
