"""Steps every journey shares: sign in by choosing a demo person, sign out, read the log head."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from cascade.app import open_backend
from tests.browser.conftest import DemoServer


def sign_in(page: Page, server: DemoServer, person: str) -> None:
    """Open the application, get sent to the sign-in page, choose the person, sign in."""
    page.goto(server.url + "/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.get_by_label(re.compile(person)).check()
    page.get_by_role("button", name="Войти").click()


def sign_out(page: Page, server: DemoServer, home: str) -> None:
    """Sign out; the page that was open is then closed to this browser."""
    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    page.goto(server.url + home)
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def head_position(server: DemoServer, tenant: str) -> int:
    """The tenant log's head, read from the store itself (not from a view that may lag)."""
    backend = open_backend(server.settings)
    try:
        return backend.application(tenant).head_position()
    finally:
        backend.close()
