"""Demo data from the source documents, posted through the same command handlers as any client."""
