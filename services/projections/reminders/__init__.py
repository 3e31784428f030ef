"""E-mail reminders (issue 14 item 5): subscribers, the outbox and its sender."""
