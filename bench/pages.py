"""The pages' server time and first-load weight, on the demo data with a signed-in session.

Each page is fetched in process (Litestar's test client, no network) `repeats` times per
signed-in person; beside it, a minimal Litestar endpoint measured the same way is the baseline
(what the client, the ASGI call and the framework cost alone). First load: the page and every
stylesheet and script it names, as bytes transferred (compressed when the server compresses).
`python -m bench pages` runs this part alone; `make bench` runs it after the backends.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: The demo person of the sign-in page, and the pages they open (those issues 12 built).
PEOPLE: dict[str, tuple[str, ...]] = {
    "operator.ru16@": ("/r/ru-16", "/r/ru-16/overview", "/r/ru-16/schools", "/r/ru-16/schools?q=сош",
                       "/r/ru-16/programmes"),
    "operator.ru38@": ("/r/ru-38/identification", "/r/ru-38/contests"),
    "officer.kaybitsy@": ("/m/ru-16-kaybitsy", "/m/ru-16-kaybitsy/calendar?month=2021-10"),
    "user.kaybitsy-fedorovskaya@": (
        "/m/ru-16-kaybitsy/schools/kaybitsy-fedorovskaya?month=2021-10",
        "/m/ru-16-kaybitsy/schools/kaybitsy-fedorovskaya/calendar?month=2021-10",
        "/m/ru-16-kaybitsy/schools/kaybitsy-fedorovskaya/reports/new",
    ),
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')


def _stats(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"p50_ms": round(at(0.5), 2), "p95_ms": round(at(0.95), 2), "n": len(ordered)}


def _demo(data_dir: Path) -> None:
    env = {**os.environ, "CASCADE_DATA_DIR": str(data_dir), "CASCADE_LOG_FORMAT": "json"}
    for step in (("init",), ("demo", "--once"), ("project", "--once")):
        done = subprocess.run([sys.executable, "-m", "cascade.cli", *step], env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"cascade {' '.join(step)} failed: {done.stderr[-500:]}")


def _sign_in(client: Any, person: str) -> None:
    page = client.get("/sign-in").text
    choices = [re.search(r'value="(\d+)"', block) for block in page.split('<div class="radio">') if person in block]
    if not choices or choices[0] is None:
        raise RuntimeError(f"{person} is not offered on the sign-in page")
    client.post("/sign-in", data={"csrf_token": _CSRF.findall(page)[-1], "person": choices[0].group(1)})


def _timed(client: Any, path: str, repeats: int) -> tuple[list[float], Any]:
    seconds, answer = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        answer = client.get(path)
        seconds.append(time.perf_counter() - started)
    return seconds, answer


def _first_load(client: Any, answer: Any) -> int:
    """The page and every asset it names, as bytes transferred."""
    total = answer.num_bytes_downloaded
    for asset in sorted(set(_ASSET.findall(answer.text))):
        total += client.get(asset).num_bytes_downloaded
    return total


def baseline(repeats: int) -> dict[str, float]:
    """A minimal Litestar endpoint, measured as the pages are."""
    from litestar import Litestar, get
    from litestar.testing import TestClient

    @get("/ping", media_type="text/plain", sync_to_thread=False)
    def ping() -> str:
        return "pong"

    with TestClient(Litestar([ping])) as client:
        return _stats(_timed(client, "/ping", repeats)[0])


def page_timings(work: Path, repeats: int = 50) -> dict[str, Any]:
    """Server time p50/p95 and first-load bytes of every page, and the baseline (blocking)."""
    from litestar.testing import TestClient

    from cascade.app import create_app
    from cascade.settings import Settings

    data_dir = work / "pages"
    _demo(data_dir)
    app = create_app(Settings(data_dir=str(data_dir), checkpoint_interval=0), projector=False)
    pages: list[dict[str, Any]] = []
    with TestClient(app) as client:
        for person, paths in PEOPLE.items():
            client.cookies.clear()
            _sign_in(client, person)
            for path in paths:
                client.get(path)  # warm: templates compiled, views opened
                seconds, answer = _timed(client, path, repeats)
                pages.append({"path": path, "person": person, "status": answer.status_code,
                              **_stats(seconds), "first_load_bytes": _first_load(client, answer)})
    return {"repeats": repeats, "baseline": baseline(repeats), "pages": pages}


def markdown_section(figures: dict[str, Any] | None) -> list[str]:
    """The pages' table of the report (nothing when the part did not run)."""
    if not figures:
        return []
    base = figures["baseline"]
    rows = [f"| `{p['path']}` | {p['status']} | {p['p50_ms']} | {p['p95_ms']} | {p['first_load_bytes']:,} |"
            for p in figures["pages"]]
    return ["## Pages (demo data, signed in, in process)", "",
            f"Each page {figures['repeats']} times; baseline, a minimal Litestar endpoint measured the "
            f"same way: p50 {base['p50_ms']} ms, p95 {base['p95_ms']} ms. First load: the page and its "
            "stylesheets and scripts, bytes transferred.", "",
            "| page | status | p50 ms | p95 ms | first load bytes |", "|---|---|---|---|---|", *rows, ""]


def main(repeats: int) -> int:
    import json
    import logging
    import shutil
    import tempfile

    logging.getLogger("httpx").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="cascade-bench-pages-"))
    try:
        figures = page_timings(work, repeats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(markdown_section(figures)))
    print(json.dumps(figures, ensure_ascii=False), file=sys.stderr)
    return 0
