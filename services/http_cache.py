"""Conditional GET on the read endpoints (RFC 9110 §8.8.3, §13.1.2): ETag and If-None-Match -> 304.

The tag is weak (`W/"…"`): a digest of the answer's bytes before compression, so one tag stands
for the identity, gzip and brotli forms of the same answer (docs/api.md, "Caching"). An answer
is the same bytes exactly when the view behind it has not moved, so the tag changes with the
view's position and with nothing else. Reads are per caller: `Cache-Control: private, no-cache`
lets a browser keep the answer and revalidate it, never a shared cache.
"""

from __future__ import annotations

import hashlib

from litestar.config.compression import CompressionConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send

#: The app's compression (brotli, else gzip; never an event stream): kept answers compress alike.
COMPRESSION = CompressionConfig(backend="brotli", brotli_gzip_fallback=True, exclude=[r"/stream$"])
#: Where conditional GET applies: the JSON and file answers of the API (never a stream).
READ_PREFIX = "/api/"
STREAM = b"text/event-stream"
#: Headers a 304 repeats (RFC 9110 §15.4.5); the body and its length are left out.
KEPT_ON_304 = {b"etag", b"cache-control", b"vary", b"content-location", b"date", b"expires",
               b"x-request-id"}


def entity_tag(body: bytes) -> str:
    """The weak tag of an answer's bytes."""
    return f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison (RFC 9110 §8.8.3.2) of the tag against an If-None-Match list."""
    wanted = [item.strip() for item in if_none_match.split(",")]
    return "*" in wanted or tag.removeprefix("W/") in {item.removeprefix("W/") for item in wanted}


def conditional_get(app: ASGIApp) -> ASGIApp:
    """Buffer a successful GET answer of the API, tag it, and answer 304 when the client has it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith(READ_PREFIX)):
            await app(scope, receive, send)
            return
        request_headers = dict(scope["headers"])
        if_none_match = request_headers.get(b"if-none-match", b"").decode("latin-1")
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False

        async def tagging_send(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] != 200 or headers.get(b"content-type", b"").startswith(STREAM) \
                        or b"etag" in headers:
                    passing = True
                    await send(message)
                    return
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await _answer(send, start, b"".join(chunks), if_none_match)

        await app(scope, receive, tagging_send)

    return middleware


async def _answer(send: Send, start: Message, body: bytes, if_none_match: str) -> None:
    tag = entity_tag(body)
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"cache-control"]
    headers += [(b"etag", tag.encode()), (b"cache-control", b"private, no-cache")]
    if if_none_match and matches(if_none_match, tag):
        kept = [(k, v) for k, v in headers if k.lower() in KEPT_ON_304]
        await send({"type": "http.response.start", "status": 304, "headers": kept})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
