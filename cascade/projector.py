"""The projections in a thread beside the HTTP service (`make run` needs no second process)."""

from __future__ import annotations

import threading

from cascade.placed import server_sides
from services.audit.notary import Notary
from services.audit.schedule import PeriodicCheckpoints
from services.projections.http import ReadSide
from services.projections.runner import ProjectionRunner
from tenants.backends import Backend
from tenants.changes import change_feed


class InProcessProjector:
    """`make run` needs no second process: the runner follows the logs in a daemon thread."""

    def __init__(
        self, backend: Backend, read: ReadSide, checkpoint_interval: float = 0,
        notary: Notary | None = None, checkpoint_events: int = 0,
    ) -> None:
        sides = server_sides(backend, read)  # one runner per PostgreSQL server of placed regions
        self.feeds = [change_feed(server) for server, _ in sides]
        self.runners = [ProjectionRunner(server, side.store, side.views, feed)
                        for (server, side), feed in zip(sides, self.feeds, strict=True)]
        self.threads = [threading.Thread(target=runner.run_forever, name="projector", daemon=True)
                        for runner in self.runners]
        self.feed, self.runner, self.thread = self.feeds[0], self.runners[0], self.threads[0]
        self.checkpoints = PeriodicCheckpoints(backend, checkpoint_interval, notary, checkpoint_events,
                                               history=read.scratch.history if read.scratch else None)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()
        self.checkpoints.start()

    def stop(self) -> None:
        self.checkpoints.stop()
        for runner in self.runners:
            runner.stop()
        for thread, feed in zip(self.threads, self.feeds, strict=True):
            if thread.ident is not None:  # started (an app that failed to start closes it too)
                thread.join(timeout=10)
            feed.close()
