"""Overlapping replays raise the collector's threshold once and the last one out restores it."""

from __future__ import annotations

import gc

from services.projections.collector import THRESHOLD, fewer_collections


def test_overlapping_replays_restore_the_threshold_only_when_the_last_one_ends():
    before = gc.get_threshold()
    first, second = fewer_collections(), fewer_collections()
    first.__enter__()
    assert gc.get_threshold()[0] == max(THRESHOLD, before[0])
    second.__enter__()
    first.__exit__(None, None, None)  # the first one out: the second still replays
    assert gc.get_threshold()[0] == max(THRESHOLD, before[0])
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
