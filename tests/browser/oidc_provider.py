"""A real OpenID Connect provider on loopback, built from Authlib's server components on Flask.

Discovery document, authorization endpoint with a login form (a real HTML form the browser
fills in), token endpoint (authorization code grant, PKCE S256 required, client_secret_basic),
JWKS and an RP-initiated logout endpoint. ID tokens are RS256, signed by a key made per run.
`forge_nonce` makes the next codes carry a nonce other than the one the client sent, as a
provider that mixes up sign-ins (or an attacker replaying another's token) would.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.models import ClientMixin
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from flask import Flask, Response, redirect, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "cascade-kabinet"
CLIENT_SECRET = secrets.token_urlsafe(24)
PASSWORD = "пароль-для-теста"


@dataclass
class Person:
    """An account at the provider: its login and the claims its ID token carries."""

    login: str
    claims: dict[str, str]


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in ("openid", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic" if endpoint == "token" else True

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    person: Person
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return "0"

    def get_amr(self) -> list[str]:
        return ["pwd"]


class Provider:
    """The provider's state and its Flask application (server components from Authlib)."""

    def __init__(self, people: list[Person]) -> None:
        self.people = {p.login: p for p in people}
        self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8), "use": "sig"},
                                       private=True)
        self.codes: dict[str, Code] = {}
        self.clients: dict[str, Client] = {}
        self.forge_nonce = False
        self.logged_out: list[str] = []
        self.url = ""
        self.app = self._app()

    def register(self, redirect_uri: str) -> None:
        self.clients[CLIENT_ID] = Client(CLIENT_ID, CLIENT_SECRET, [redirect_uri])

    def _grant(self) -> type[grants.AuthorizationCodeGrant]:
        provider = self

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]

            def save_authorization_code(self, code: str, req: Any) -> None:
                nonce = req.payload.data.get("nonce")
                provider.codes[code] = Code(
                    code, req.client.get_client_id(), req.payload.redirect_uri, req.scope, req.user,
                    secrets.token_urlsafe(16) if provider.forge_nonce else nonce,
                    req.payload.data.get("code_challenge"), req.payload.data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                found = provider.codes.get(code)
                return found if found and found.client_id == client.get_client_id() else None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> Person:
                return authorization_code.person

        return CodeGrant

    def _openid(self) -> OpenIDCode:
        provider = self

        class Extension(OpenIDCode):
            def exists_nonce(self, nonce: str, req: Any) -> bool:
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client: Client) -> RSAKey:
                return provider.key

            def get_client_algorithm(self, client: Client) -> str:
                return "RS256"

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                return {"iss": provider.url, "aud": [client.get_client_id()]}

            def get_encode_header(self, client: Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": provider.key.kid or ""}

            def generate_user_info(self, user: Person, scope: str) -> dict[str, str]:
                return {"sub": user.login, **user.claims}

        return Extension(require_nonce=True)

    def _app(self) -> Flask:
        app = Flask("oidc-test-provider")
        server = AuthorizationServer(app, query_client=self.clients.get,
                                     save_token=lambda token, req: None)
        server.register_grant(self._grant(), [CodeChallenge(required=True), self._openid()])

        @app.get("/.well-known/openid-configuration")
        def discovery() -> dict[str, Any]:
            return {
                "issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                "end_session_endpoint": f"{self.url}/logout",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            }

        @app.get("/jwks")
        def jwks() -> dict[str, Any]:
            return {"keys": [self.key.as_dict(private=False)]}

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize() -> Any:
            if request.method == "GET":
                server.get_consent_grant(end_user=None)  # refuses a bad client or redirect URI
                return _login_form("")
            person = self.people.get(request.form.get("login", ""))
            if person is None or request.form.get("password") != PASSWORD:
                return _login_form("Неверное имя или пароль."), 401
            grant = server.get_consent_grant(end_user=person)
            return server.create_authorization_response(grant=grant, grant_user=person)

        @app.post("/token")
        def token() -> Any:
            return server.create_token_response()

        @app.get("/logout")
        def logout() -> Any:
            self.logged_out.append(request.args.get("id_token_hint", ""))
            return redirect(request.args.get("post_logout_redirect_uri") or "/", code=303)

        return app


def _login_form(error: str) -> Response:
    """The provider's own sign-in page: a plain form posting back to the same address."""
    message = f'<p role="alert">{escape(error)}</p>' if error else ""
    body = f"""<!doctype html><html lang="ru"><head><meta charset="utf-8">
<title>Вход — тестовый поставщик</title></head><body><main>
<h1>Тестовый поставщик удостоверений</h1>{message}
<form method="post" action="/authorize?{escape(urlencode(request.args))}">
<label for="login">Имя</label> <input id="login" name="login" autocomplete="username">
<label for="password">Пароль</label> <input id="password" name="password" type="password">
<button type="submit">Войти у поставщика</button></form></main></body></html>"""
    return Response(body, mimetype="text/html")


class RunningProvider:
    """The provider served by werkzeug on a loopback port in a thread."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.server = make_server("127.0.0.1", 0, provider.app, threaded=True)
        provider.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self.thread.start()
        return self.provider

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=30)
        self.server.server_close()
