"""One kept object per view store, made on first use and gone with the store (a replay to an
instant has its own store, so nothing kept for the live views serves it)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerStore(Generic[T]):
    """`of(store)`: the store's own object, made by `make` the first time it is asked for."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._kept: weakref.WeakKeyDictionary[object, T] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def of(self, store: object) -> T:
        with self._lock:
            found = self._kept.get(store)
            if found is None:
                found = self._kept[store] = self._make()
            return found
