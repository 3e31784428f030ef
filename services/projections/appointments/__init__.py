"""Appointments by order (001 p.2, 003 p.1, p.2, p.7, 000 p.3): who held each post on any date."""
