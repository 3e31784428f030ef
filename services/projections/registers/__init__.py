"""Registers read model: the lists officials work from (schools, partnerships, visits, reports, internships, approval sheets, people)."""
