"""Reports read model: each school report's state (filed, accepted, returned), for the officer's work list."""
