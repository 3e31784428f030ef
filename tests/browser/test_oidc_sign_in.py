"""Sign-in through a real OpenID Connect provider on loopback (authorization code + PKCE).

The provider (tests/browser/oidc_provider.py) is built from Authlib's server components and
serves a real login form; the application is configured for it as production would be
(CASCADE_OIDC_*, with claim names of the provider's own). The browser signs in there and lands
on its home; a provider naming a school of another municipality is refused by the registry; a
tampered state and a wrong nonce are refused; sign-out ends the session here and at the provider.
"""

from __future__ import annotations

import os
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
import uvicorn
from playwright.sync_api import Page, expect

from cascade.app import create_app
from cascade.settings import Settings
from domain.roles import SCHOOL_USER
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    Person,
    Provider,
    RunningProvider,
)

# The provider serves plain HTTP on loopback; Authlib's server refuses that unless told.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")

TENANT = "ru-16-kaybitsy"
SCHOOL = "kaybitsy-fedorovskaya"
HOME = f"/m/{TENANT}/schools/{SCHOOL}"
CLAIMS = {"role": "cascade_role", "region": "cascade_region", "tenant": "cascade_municipality",
          "school": "cascade_school"}
TEACHER = Person("fedorovskaya", {"cascade_role": SCHOOL_USER, "cascade_region": "ru-16",
                                  "cascade_municipality": TENANT, "cascade_school": SCHOOL})
# A school of Leninogorsk claimed under Kaybitsy: the registry does not hold it there.
STRANGER = Person("stranger", {"cascade_role": SCHOOL_USER, "cascade_region": "ru-16",
                               "cascade_municipality": TENANT, "cascade_school": "leninogorsk-school-2"})


@dataclass
class OidcSite:
    url: str
    provider: Provider


@pytest.fixture(scope="module")
def oidc_site(demo_server: DemoServer) -> Iterator[OidcSite]:
    """The application on the demo data, its sign-in configured for the loopback provider."""
    provider = Provider([TEACHER, STRANGER])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    provider.register(f"{url}/sign-in/callback")
    with RunningProvider(provider):
        settings = Settings(
            data_dir=demo_server.settings.data_dir, checkpoint_interval=0,
            oidc_discovery_url=f"{provider.url}/.well-known/openid-configuration",
            oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
            oidc_redirect_url=f"{url}/sign-in/callback", oidc_role_claim=CLAIMS["role"],
            oidc_region_claim=CLAIMS["region"], oidc_tenant_claim=CLAIMS["tenant"],
            oidc_school_claim=CLAIMS["school"],
        )
        server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning",
                                               access_log=False, lifespan="on"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        try:
            yield OidcSite(url, provider)
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            sock.close()


def _sign_in_at_provider(page: Page, site: OidcSite, login: str) -> None:
    page.goto(site.url + "/")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    page.get_by_role("link", name="Войти через поставщика удостоверений").click()
    expect(page).to_have_url(re.compile("^" + re.escape(site.provider.url) + "/authorize"))
    page.get_by_label("Имя").fill(login)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти у поставщика").click()


def test_oidc_sign_in_lands_on_the_school_home_and_sign_out_ends_it_at_the_provider(
    page: Page, oidc_site: OidcSite, shots: Screenshots
) -> None:
    page.goto(oidc_site.url + "/sign-in")
    shots.take("sign-in")
    _sign_in_at_provider(page, oidc_site, TEACHER.login)
    expect(page).to_have_url(re.compile(re.escape(oidc_site.url + HOME) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Что сделать")
    expect(page.locator(".site-header__role")).to_have_text("представитель школы")
    shots.take("home")
    cookie = next(c for c in page.context.cookies() if c["name"] == "cascade_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(re.compile(re.escape(oidc_site.url) + r"/sign-in$"))
    assert len(oidc_site.provider.logged_out) == 1 and oidc_site.provider.logged_out[0]
    page.goto(oidc_site.url + HOME)
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    shots.take("signed-out")


def test_a_provider_naming_a_foreign_school_is_refused(
    page: Page, oidc_site: OidcSite, shots: Screenshots
) -> None:
    _sign_in_at_provider(page, oidc_site, STRANGER.login)
    expect(page.get_by_role("alert")).to_contain_text("Реестр не подтверждает полномочия")
    shots.take("refused")
    page.goto(oidc_site.url + HOME)
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def _provider_answer(site: OidcSite, client: httpx.Client, login: str) -> str:
    """Start a sign-in and log in at the provider over HTTP; the callback URL it sends back."""
    started = client.get(site.url + "/sign-in/oidc")
    assert started.status_code == 303, started.text
    authorize = started.headers["location"]
    assert parse_qs(urlsplit(authorize).query)["code_challenge_method"] == ["S256"]
    assert client.get(authorize).status_code == 200  # the login form
    answered = client.post(authorize, data={"login": login, "password": PASSWORD})
    assert answered.status_code == 302, answered.text
    return answered.headers["location"]


def _with_state(url: str, state: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, "state": state})))


def test_a_tampered_state_is_refused_and_the_started_sign_in_is_spent(oidc_site: OidcSite) -> None:
    with httpx.Client(timeout=30) as client:
        callback = _provider_answer(oidc_site, client, TEACHER.login)
        refused = client.get(_with_state(callback, "not-the-state-we-sent"))
        assert refused.status_code == 403
        assert "не относится к начатому здесь входу" in refused.text
        assert client.get(callback).status_code == 403  # the state was good once, and is spent
        assert client.get(oidc_site.url + HOME).headers["location"] == "/sign-in"


def test_an_id_token_with_a_wrong_nonce_is_refused(oidc_site: OidcSite) -> None:
    oidc_site.provider.forge_nonce = True
    try:
        with httpx.Client(timeout=30) as client:
            refused = client.get(_provider_answer(oidc_site, client, TEACHER.login))
            assert refused.status_code == 403
            assert "не прошло проверку" in refused.text
            assert client.get(oidc_site.url + HOME).headers["location"] == "/sign-in"
    finally:
        oidc_site.provider.forge_nonce = False


def test_the_right_answer_signs_in_over_http(oidc_site: OidcSite) -> None:
    """The control of the two refusals above: the same steps, untampered, sign in."""
    with httpx.Client(timeout=30) as client:
        signed_in = client.get(_provider_answer(oidc_site, client, TEACHER.login))
        assert signed_in.status_code == 303 and signed_in.headers["location"] == HOME
        assert client.get(oidc_site.url + HOME).status_code == 200
