"""Reading printed documents back: the DOCX through python-docx, the PDF through pypdf."""

from __future__ import annotations

import io
from typing import Any

import docx
import pypdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def fetch(api: Any, path: str, who: Any, fmt: str, **params: Any) -> bytes:
    response = api.get(path, who, format=fmt, **params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(DOCX if fmt == "docx" else PDF)
    assert f'.{fmt}"' in response.headers["content-disposition"]
    return response.content


def docx_text(content: bytes) -> tuple[str, list[list[list[str]]], Any]:
    """All paragraphs, every table as rows of cell texts, and the document (sections, header)."""
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return text, tables, document


def pdf_pages(content: bytes) -> tuple[list[str], pypdf.PdfReader]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [page.extract_text() for page in reader.pages], reader


def spaced(text: str) -> str:
    """Line breaks and no-break spaces read as spaces, so a test can look for «№ 662» as typed."""
    return " ".join(text.replace("\u00a0", " ").split())
