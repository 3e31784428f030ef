"""A `Printable` as DOCX with python-docx: A4, the header line, «Страница N из M» fields in the footer."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from services.documents.charts import text_bar
from services.documents.layout import Chart, Paragraph, Printable, Signatures, Table

FONT = "Times New Roman"
A4 = (Mm(210), Mm(297))


def _page(document: Document, doc: Printable) -> None:  # type: ignore[valid-type]
    section = document.sections[0]
    short, long = A4
    landscape = doc.orientation == "landscape"
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin = section.bottom_margin = Mm(18)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.font.size = Pt(9 if landscape else 11)
    header = section.header.paragraphs[0]
    header.text = doc.header
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Страница ")
    _field(footer, "PAGE")
    footer.add_run(" из ")
    _field(footer, "NUMPAGES")


def _field(paragraph, code: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, NUMPAGES) that the word processor fills in when it lays out the pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text != "1" else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _table(document, block: Table) -> None:  # type: ignore[no-untyped-def]
    if block.caption:
        document.add_paragraph().add_run(block.caption).bold = True
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(table.rows[0])
    for row in block.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _chart(document, block: Chart) -> None:  # type: ignore[no-untyped-def]
    rows = [[bar.label, text_bar(bar.value, block.maximum), bar.shown] for bar in block.bars]
    _table(document, Table(["", block.title, "значение"], rows, caption=block.title))


def _signatures(document, block: Signatures) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=0, cols=4)
    for position, name in block.lines:
        cells = table.add_row().cells
        for cell, text in zip(cells, (position, "____________", name, "«___» ____________ 20__ г."), strict=True):
            cell.text = text


def docx_bytes(doc: Printable) -> bytes:
    document = Document()
    _page(document, doc)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title)
    run.bold, run.font.size = True, Pt(14)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph().add_run(block.text).bold = block.bold
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            _chart(document, block)
        elif isinstance(block, Signatures):
            _signatures(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
