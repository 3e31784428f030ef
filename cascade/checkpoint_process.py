"""`cascade project`'s periodic checkpoints in a process of their own (issue 16 goal 3).

Chain verification and history replays are CPU-bound Python: in the projector's process they
held the GIL the runner needs back after each round trip, so every live batch waited for them
(bench/live_lag.py --busy: 7.6x the wall time of a one-event batch). Here they share the cores
with the runner through the operating system instead.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any


def _run(stop: Any, parent: int) -> None:
    """The child: the same settings (from the inherited environment), its own pools."""
    from cascade.app import open_notary, opened_stores
    from cascade.logging import configure_logging
    from cascade.settings import settings_or_exit
    from services.audit.schedule import PeriodicCheckpoints

    settings = settings_or_exit()
    configure_logging(settings.log_format, settings.log_level)
    with opened_stores(settings) as (backend, read):
        checkpoints = PeriodicCheckpoints(backend, settings.checkpoint_interval, open_notary(settings),
                                          settings.checkpoint_events,
                                          history=read.scratch.history if read.scratch else None)
        checkpoints.start()
        try:
            while not stop.wait(1.0) and os.getppid() == parent:  # ends with the projector, even killed
                pass
        finally:
            checkpoints.stop()


class CheckpointProcess:
    """Start and stop like PeriodicCheckpoints; the work runs in a spawned child."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process holding pools and threads
        self.stopping = context.Event()
        self.process = context.Process(target=_run, args=(self.stopping, os.getpid()),
                                       name="cascade-checkpoints", daemon=True)

    def start(self) -> None:
        self.process.start()

    def stop(self) -> None:
        if self.process.pid is None:
            return
        self.stopping.set()
        self.process.join(timeout=20)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
