"""Calendar feeds (issue 14 item 4): iCalendar of what is due, behind private revocable tokens."""
