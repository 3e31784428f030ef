"""Issue 16 goal 4: a rebuild folded in a scratch file and copied in bulk equals the view the
runner built incrementally, event batch by event batch, on both backends."""

from __future__ import annotations

from cascade.app import load_calendars, open_read_side
from cascade.demo.loader import post_demo
from cascade.settings import Settings
from services.commands.executor import CommandExecutor
from services.projections.rebuild import rebuild
from services.projections.runner import ProjectionRunner
from tests.integration.test_live_projection import _snapshot


def test_a_rebuilt_view_equals_the_incrementally_built_one(backend, tmp_path):
    settings = Settings(data_dir=str(tmp_path / "var"))
    post_demo(backend, CommandExecutor(load_calendars(settings)))
    read = open_read_side(settings, backend)
    try:
        # Incrementally: small batches, as the projector follows the logs.
        ProjectionRunner(backend, read.store, read.views, batch=7).run_once()
        filled = 0
        for view in read.views:
            before = _snapshot(read, view)
            filled += any(before.values())
            report = rebuild(backend, read.store, view)
            assert report.events > 0 and report.replaced is not None
            assert _snapshot(read, view) == before, view.name
        assert filled >= len(read.views) - 2  # the demo fills nearly every view: rows compared
    finally:
        read.store.db.close()
