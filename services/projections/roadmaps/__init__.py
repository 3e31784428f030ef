"""Roadmaps read model: every approved roadmap and its items with schedule, status and evidence."""
