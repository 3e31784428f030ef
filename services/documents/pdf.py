"""A `Printable` as PDF: the HTML+CSS template of this package rendered by WeasyPrint.

The font is embedded from Debian's fonts-liberation (Liberation Serif has Times' metrics and
Cyrillic); `make install` installs it and WeasyPrint's Pango libraries when missing.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from services.documents.charts import svg
from services.documents.layout import Printable

TEMPLATES = Path(__file__).with_name("templates")
#: WeasyPrint logs each layout step at INFO: one canonical line per request is the house style.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
FONTS = {"regular": FONT_DIR / "LiberationSerif-Regular.ttf", "bold": FONT_DIR / "LiberationSerif-Bold.ttf"}


class FontMissing(RuntimeError):
    """The embedded font is not installed: say how to install it rather than print boxes."""


def _css(text: str) -> str:
    """A value inside a CSS string: quotes and backslashes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["svg"] = lambda chart: Markup(svg(chart))
    env.filters["css"] = _css
    env.filters["kind"] = lambda block: type(block).__name__
    return env


def html(doc: Printable) -> str:
    missing = [str(path) for path in FONTS.values() if not path.exists()]
    if missing:
        raise FontMissing(f"{', '.join(missing)} missing: run 'apt-get install -y fonts-liberation'")
    fonts = {key: path.as_uri() for key, path in FONTS.items()}
    return _environment().get_template("document.html").render(doc=doc, fonts=fonts)


def pdf_bytes(doc: Printable) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(doc), base_url=str(TEMPLATES)).write_pdf()
