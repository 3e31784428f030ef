"""The shape both renderers draw: a title, a header line, and blocks (text, tables, charts, signatures).

A document's builder fills a Struct of what it shows; its layout turns that into a `Printable`,
so the DOCX and the PDF of one document come from the same data and the same words.
"""

from __future__ import annotations

from typing import Literal

import msgspec


class Paragraph(msgspec.Struct, frozen=True, tag="paragraph"):
    text: str
    bold: bool = False


class Table(msgspec.Struct, frozen=True, tag="table"):
    """A table with a header row; `widths` are relative column widths."""

    headers: list[str]
    rows: list[list[str]]
    widths: list[int] = []
    caption: str = ""


class Bar(msgspec.Struct, frozen=True):
    label: str
    value: float | None
    shown: str


class Chart(msgspec.Struct, frozen=True, tag="chart"):
    """Horizontal bars of values from 0 to `maximum`, each with its number beside it."""

    title: str
    bars: list[Bar]
    maximum: float = 100.0


class Signatures(msgspec.Struct, frozen=True, tag="signatures"):
    """Lines to sign: each a position, a space for the signature, the name, and the date."""

    lines: list[tuple[str, str]]


Block = Paragraph | Table | Chart | Signatures


class Printable(msgspec.Struct, frozen=True):
    """One document as printed: A4, portrait or landscape, a header naming tenant, number and date."""

    name: str
    title: str
    tenant: str
    number: str
    dated: str
    blocks: list[Block]
    orientation: Literal["portrait", "landscape"] = "portrait"
    subtitle: str = ""

    @property
    def header(self) -> str:
        """«Кайбицкий муниципальный район · № ПШ-20210301 от 1 марта 2021 г.»"""
        return f"{self.tenant} · {self.number} от {self.dated}"
