"""The JSON log line is one msgspec-encoded object; what JSON has no type for is written as text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import msgspec

from cascade.logging import render_json


def test_the_json_line_carries_every_field_and_writes_unknown_types_as_text():
    line = render_json(None, "info", {"event": "command accepted", "status": 201, "duration_ms": 1.5,
                                      "file": Path("/var/x"), "error": ValueError("bad"),
                                      "value": Decimal("2.5"), "actor": "Иванов"})

    assert isinstance(line, bytes) and b"\n" not in line
    assert msgspec.json.decode(line) == {"event": "command accepted", "status": 201, "duration_ms": 1.5,
                                         "file": "/var/x", "error": "bad", "value": "2.5",
                                         "actor": "Иванов"}
