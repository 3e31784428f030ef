"""The real server with the demo data, and Debian's Chromium driven by Playwright.

The server is uvicorn on a loopback port with the SQLite store, loaded as `make run` loads it
(`cascade init`, `cascade demo`, `cascade project --once`), then serving with the projections in
process. The browser is the system's Chromium, launched by path: a missing one fails the tests
with the command that installs it (they never skip). Screenshots go to test-output/screenshots.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from cascade.app import create_app
from cascade.settings import Settings
from services.auth import Principal, ensure_development_key, mint_token

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CASCADE_TEST_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("CASCADE_TEST_OUTPUT", ROOT / "test-output")) / "screenshots"


@dataclass
class DemoServer:
    """The running application and a JSON API client that signs as any principal."""

    url: str
    settings: Settings

    def api(self, principal: Principal, path: str) -> dict:
        """GET a JSON API path as this principal (a bearer token, as any API client)."""
        token = mint_token(ensure_development_key(self.settings.dev_key_path), principal,
                           audience=self.settings.jwt_audience)
        answer = httpx.get(self.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()


def _cascade(data_dir: Path, *args: str) -> None:
    env = {**os.environ, "CASCADE_DATA_DIR": str(data_dir), "CASCADE_LOG_FORMAT": "json"}
    done = subprocess.run(
        [sys.executable, "-m", "cascade.cli", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"cascade {' '.join(args)} failed:\n{done.stderr}"


@pytest.fixture(scope="package")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    data_dir = tmp_path_factory.mktemp("web") / "var"
    for step in (("init",), ("demo", "--once"), ("project", "--once")):
        _cascade(data_dir, *step)
    settings = Settings(data_dir=str(data_dir), checkpoint_interval=0)
    app = create_app(settings, projector=True)
    # Bound and listening before the server starts: a client may connect at once (no polling).
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield DemoServer(f"http://127.0.0.1:{sock.getsockname()[1]}", settings)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


# Package scope: Playwright's sync API keeps an event loop running in this thread while it is
# open, which would break later tests that start a loop of their own.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"the browser tests need Chromium at {CHROMIUM}: run `make install` (as root on "
            "Debian it installs it) or `sudo apt-get install -y chromium`, or set "
            "CASCADE_TEST_CHROMIUM to its path", pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (no cookies) per test, in Russian, as a person would open it."""
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    # A refused page's status is reported as a failed load: that is the page, not an error.
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error"
              and not m.text.startswith("Failed to load resource") else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
    assert errors == [], f"the browser reported errors (e.g. a CSP refusal): {errors}"


class Screenshots:
    """Numbered screenshots of one journey under test-output/screenshots/<journey>/."""

    def __init__(self, page: Page, journey: str) -> None:
        self.page = page
        self.folder = SCREENSHOTS / journey
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def take(self, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(page: Page, request: pytest.FixtureRequest) -> Screenshots:
    return Screenshots(page, request.node.name.removeprefix("test_"))
