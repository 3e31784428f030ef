"""Fewer cyclic collections while a replay holds a batch of decoded events alive.

With the default thresholds the collector runs every 700 allocations and walks those events
again and again: a sixth of a replay's CPU (the views at an instant). Replays may overlap on
threads of one process, and the threshold is the process's: the first one in raises it, the
last one out puts back what was there.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between two collections of the youngest generation during a replay (default 700).
THRESHOLD = 50_000

_lock = threading.Lock()
_inside = 0
_before: tuple[int, ...] = ()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The youngest generation collected every THRESHOLD allocations while inside."""
    global _inside, _before
    with _lock:
        if _inside == 0:
            _before = gc.get_threshold()
            gc.set_threshold(max(THRESHOLD, _before[0]), *_before[1:])
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0:
                gc.set_threshold(*_before)
