"""The audit slice: hash chain verification, checkpoints, bundles, time travel and their endpoints."""
