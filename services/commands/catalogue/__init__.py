"""Importing the catalogue registers every command handler."""

from services.commands.catalogue import school  # noqa: F401
