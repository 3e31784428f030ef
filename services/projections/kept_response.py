"""A kept answer as HTTP: its JSON, weak ETag and compressed forms made once per views' stamp.

A 1-3 MB answer (the roadmaps, the calendar) costs more to hash and brotli-compress than to look up,
so the bytes the middlewares would send are kept with the answer (services/projections/answer_cache.py):
the tag is `services.http_cache.entity_tag` of the same JSON, the compressed forms come from
litestar's own compressors under the app's `COMPRESSION` settings, and a matching If-None-Match is
answered 304 before any of them is sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from io import BytesIO
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.middleware.compression.brotli_facade import BrotliCompression
from litestar.middleware.compression.gzip_facade import GzipCompression
from litestar.utils.scope.state import ScopeState

from services.http_cache import COMPRESSION, entity_tag, matches
from services.projections.answer_cache import kept
from services.projections.store import ViewStore
from services.projections.view import View

_FACADES = {"br": BrotliCompression, "gzip": GzipCompression}


class Encoded:
    """One answer's JSON bytes, their weak tag, and their brotli and gzip forms (each made once)."""

    def __init__(self, body: bytes) -> None:
        self.body, self.tag = body, entity_tag(body)
        self._forms: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def form(self, encoding: str) -> bytes:
        """The body as the compression middleware would send it in this encoding."""
        with self._lock:
            if encoding not in self._forms:
                buffer = BytesIO()
                facade = _FACADES[encoding](buffer=buffer, compression_encoding=encoding, config=COMPRESSION)
                facade.write(self.body)
                facade.close()
                self._forms[encoding] = buffer.getvalue()
            return self._forms[encoding]


def encoding_for(accept_encoding: str, size: int) -> str | None:
    """The middleware's choice: brotli if accepted, else gzip, none for a small body."""
    if size < COMPRESSION.minimum_size:
        return None
    if "br" in accept_encoding:
        return "br"
    return "gzip" if "gzip" in accept_encoding else None


def kept_response(request: Request, store: ViewStore, views: Sequence[type[View]], tenants: Sequence[str],
                  question: Hashable, make: Callable[[], Any]) -> Response:
    """The JSON answer to `question`, kept while the views' stamp holds; blocking (run in a thread)."""
    encoded = kept(store, views, tenants, ("http", question), lambda: Encoded(msgspec.json.encode(make())),
                   lambda made: 2 * len(made.body))
    headers = {"etag": encoded.tag, "cache-control": "private, no-cache"}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match and matches(if_none_match, encoded.tag):
        return Response(b"", status_code=304, headers=headers)
    encoding = encoding_for(request.headers.get("accept-encoding", ""), len(encoded.body))
    if encoding is None:
        return Response(encoded.body, media_type=MediaType.JSON, headers=headers)
    ScopeState.from_scope(request.scope).is_cached = True  # already compressed: the middleware sends it as is
    return Response(encoded.form(encoding), media_type=MediaType.JSON,
                    headers={**headers, "content-encoding": encoding, "vary": "Accept-Encoding"})
