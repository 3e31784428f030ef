"""Imports from Excel and CSV: read a table, check it cell by cell, plan it, then write it."""
