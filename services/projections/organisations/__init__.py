"""Organisations that are not schools, their events for many schools, teacher coverage (001, 004)."""
