"""What every register query takes (scope, search, school, page) and how a page is cut."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, overload

from services.projections.registers.answers import Page

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True)
class Scope:
    """The tenants read (one municipality, or a region's), their names, the date and the page.

    `school`: only rows of this school (a school user's own, or a filter); `limit` None: every
    row (the exports).
    """

    tenants: tuple[str, ...]
    as_of: date
    names: dict[str, str] = field(default_factory=dict)
    q: str | None = None
    school: str | None = None
    page: int = 1
    limit: int | None = DEFAULT_LIMIT
    #: The region the tenants belong to (its regional contests decide base support sites).
    region: str | None = None

    def name_of(self, tenant: str) -> str:
        return self.names.get(tenant, tenant)


def page_of(rows: Sequence[T], scope: Scope) -> tuple[list[T], Page]:
    """The rows of the scope's page, and where it stands; a page past the end is empty."""
    total = len(rows)
    if scope.limit is None:
        return list(rows), Page(total, 1, total, 1)
    pages = max(1, -(-total // scope.limit))
    start = (scope.page - 1) * scope.limit
    return list(rows[start:start + scope.limit]), Page(total, scope.page, scope.limit, pages)


class Built(Sequence[T]):
    """Stored rows made entries only when read: a page builds its own rows, not the whole
    scope's (the visits register of one municipality holds thousands; issue 16 goal 2)."""

    def __init__(self, rows: Sequence[dict[str, Any]], build: Callable[[dict[str, Any]], T]) -> None:
        self.rows, self.build = rows, build

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[T]:
        return (self.build(row) for row in self.rows)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self.build(row) for row in self.rows[index]]
        return self.build(self.rows[index])


class Counted(Sequence[T]):
    """Rows left in the database until read: `len` is one count, a slice one page (`LIMIT` /
    `OFFSET` in the query's order), iterating every row one query; so a register's page returns
    its rows and its total, not the whole scope (issue 16 goal 2)."""

    def __init__(self, count: Callable[[], int], every: Callable[[], list[T]],
                 window: Callable[[int, int], list[T]]) -> None:
        self.count, self.every, self.window = count, every, window
        self._total: int | None = None

    def __len__(self) -> int:
        if self._total is None:
            self._total = self.count()
        return self._total

    def __iter__(self) -> Iterator[T]:
        return iter(self.every())

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, int):
            start = index if index >= 0 else len(self) + index
            found = self.window(start, 1) if start >= 0 else []
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(len(self))
        if step != 1:
            return list(self.every())[index]
        return self.window(start, stop - start) if stop > start else []
