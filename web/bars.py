"""Figures as a number, a bar and a status that is spelled out (never colour alone).

The bands are a display convention of the pages, not a rule of the documents: a share of at
least 90 % is «в норме», of at least 50 % «требует внимания», below that «отстаёт»; nothing to
divide is «нет данных». Indicators against targets keep the overview's own statuses (met,
not_met, no_data, no_target).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.projections.overview.answers import Ratio

GOOD, WATCH = 90.0, 50.0
BAND_WORDS = {"good": "в норме", "watch": "требует внимания", "behind": "отстаёт", "none": "нет данных"}
TARGET_WORDS = {"met": "цель достигнута", "not_met": "цель не достигнута", "no_data": "нет данных",
                "no_target": "цель не задана"}
#: The band a target status is drawn in (its colour class); the words say which it is.
TARGET_BANDS = {"met": "good", "not_met": "behind", "no_data": "none", "no_target": "none"}
BAR_WIDTH = 90


@dataclass(frozen=True)
class Measure:
    """One figure of a row: what it counts, `count` of `of`, its share and its band."""

    label: str
    count: int
    of: int
    percent: float | None
    band: str

    @property
    def words(self) -> str:
        return BAND_WORDS[self.band]

    @property
    def width(self) -> int:
        """The bar's length in SVG units (0 to BAR_WIDTH)."""
        return 0 if self.percent is None else round(BAR_WIDTH * min(max(self.percent, 0.0), 100.0) / 100)


def band(percent: float | None) -> str:
    if percent is None:
        return "none"
    if percent >= GOOD:
        return "good"
    return "watch" if percent >= WATCH else "behind"


def ratio(label: str, value: Ratio) -> Measure:
    return Measure(label, value.count, value.of, value.percent, band(value.percent))
