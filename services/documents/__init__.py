"""Printable documents (DOCX and PDF) built from the read models' queries (issue 14 item 1).

Each document has a data builder (a msgspec Struct of what it shows, read through the queries the
endpoints use) and a layout into the shared `Printable` shape that both renderers draw.
"""
