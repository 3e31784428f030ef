"""The privacy slice: erasure of a person's data on request (152-ФЗ)."""
