"""Events recorded after a replay's instant, told apart by their recorded instant alone.

A replay up to an instant (the views at an instant: scratch.py) reads the log to its head but
shows only the events recorded by then; most of a tail read past the instant is never shown.
Their `timestamp` is read without decoding the rest into the event's class: a tenth of the cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from services.projections.failures import decode


class _Recorded(msgspec.Struct):
    timestamp: datetime


_probe = msgspec.json.Decoder(_Recorded)


@dataclass(frozen=True)
class Later:
    """An event recorded after the instant: not shown, so never decoded."""

    timestamp: datetime


def decode_until(app: Any, notification: Any, until: datetime) -> object:
    """`failures.decode`, unless the stored event was recorded after `until` (then a `Later`).

    An event whose instant cannot be read that way is decoded as before (an undecodable one is
    then applied and fails as always); one recorded after the instant is not shown in any case.
    """
    try:
        recorded = _probe.decode(notification.state).timestamp
    except (msgspec.DecodeError, msgspec.ValidationError):
        return decode(app, notification)
    if recorded.tzinfo is not None and recorded > until:
        return Later(recorded)
    return decode(app, notification)
