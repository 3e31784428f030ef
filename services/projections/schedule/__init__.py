"""Schedule read model: the monitoring calendar of every tenant, what is due when and what was done."""
