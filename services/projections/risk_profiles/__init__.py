"""Risk profiles and anti-risk programmes of identified schools (issue 11 item 7)."""
