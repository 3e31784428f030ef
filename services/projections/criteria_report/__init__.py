"""Effectiveness-criteria report of 003 (issue 11 item 9), read from other models' queries."""
