"""Progress bars with counts and rates (rich) for long CLI operations, on a terminal only.

Piped into a file or run by cron, the operations print only their closing summary: no control
characters end up in logs. FORCE_COLOR / TTY_COMPATIBLE (rich's own variables) force the bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

Advance = Callable[[int], None]


class RateColumn(ProgressColumn):
    """`1,234 events/s` from rich's moving estimate."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} {self.unit}/s" if speed else f"- {self.unit}/s")


def _ignore(_: int) -> None:
    return None


@contextmanager
def progress(label: str, total: int | None, unit: str = "events",
             console: Console | None = None) -> Iterator[Advance]:
    """Yield `advance(n)`; draws `label ━━━ done/total  rate  elapsed  eta` while on a terminal."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield _ignore
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn(unit), RateColumn(unit), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


class Positions:
    """Turns log positions reached into advances (positions may have gaps: the bar counts them)."""

    def __init__(self, advance: Advance, start: int = 0) -> None:
        self.advance = advance
        self.at = start

    def reached(self, position: int) -> None:
        if position > self.at:
            self.advance(position - self.at)
            self.at = position
