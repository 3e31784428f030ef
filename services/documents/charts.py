"""Bar charts drawn as SVG on the server (no script, no chart library): label, bar, number beside."""

from __future__ import annotations

from html import escape

from services.documents.layout import Chart

WIDTH = 330
ROW = 18
LABEL = 120
FONT = 'font-family="Document Serif, serif" font-size="9"'
NUMBER = 60


def svg(chart: Chart) -> str:
    """The chart as an inline SVG element, its height fitted to the bars."""
    room = WIDTH - LABEL - NUMBER
    height = ROW * len(chart.bars) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(chart.title)}">']
    for index, bar in enumerate(chart.bars):
        y = index * ROW + 2
        share = 0.0 if bar.value is None or chart.maximum <= 0 else min(max(bar.value / chart.maximum, 0), 1)
        label = bar.label if len(bar.label) <= 22 else bar.label[:21] + "…"
        parts.append(f'<text x="0" y="{y + 12}" {FONT}>{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y + 2}" width="{room}" height="{ROW - 6}" fill="#eeeeee"/>')
        parts.append(f'<rect x="{LABEL}" y="{y + 2}" width="{round(room * share, 1)}" height="{ROW - 6}" '
                     f'fill="#2f5d8a"/>')
        parts.append(f'<text x="{LABEL + room + 4}" y="{y + 12}" {FONT}>{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def text_bar(value: float | None, maximum: float, cells: int = 20) -> str:
    """The same bar in a DOCX table cell: full blocks for the share, light shade for the rest."""
    share = 0.0 if value is None or maximum <= 0 else min(max(value / maximum, 0), 1)
    full = round(share * cells)
    return "█" * full + "░" * (cells - full)
