"""The command body as JSON text, checked before it is decoded: media type, UTF-8, depth, keys.

msgspec decodes the body into the command Structs; what it lets through or trips over is
refused here first: another media type, bytes that are not UTF-8, nesting deep enough to
exhaust the stack, and an object naming a member twice (which one would count?).
"""

from __future__ import annotations

import json
import re
from typing import Any

from litestar import Request

#: Deeper than any command (the deepest nests four levels): refused before parsing.
MAX_DEPTH = 32

_JSON_MEDIA = re.compile(r"^application/(?:[a-z0-9.+-]+\+)?json$")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class BodyRefused(Exception):
    """The body cannot be read as one JSON command; `code` names the problem type."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class _DuplicateKey(Exception):
    pass


def check_json_body(content_type: str, body: bytes) -> None:
    """Refuse a body that is not plain, unique-keyed, reasonably shallow JSON in UTF-8."""
    media, _, parameters = content_type.partition(";")
    media = media.strip()
    if not _JSON_MEDIA.match(media.lower()):
        sent = f"not {media!r}" if media else "and the request names no Content-Type"
        raise BodyRefused(
            "unsupported-media-type", f"the body must be sent as application/json, {sent}",
            "Content-Type",
        )
    charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", parameters, re.IGNORECASE)
    if charset and charset[1].lower() not in ("utf-8", "utf8"):
        raise BodyRefused(
            "unsupported-media-type", f"JSON is UTF-8, not {charset[1]!r}", "Content-Type"
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BodyRefused(
            "malformed-json", f"the body is not UTF-8: invalid byte at offset {error.start}"
        ) from None
    if nesting_depth(text) > MAX_DEPTH:
        raise BodyRefused("json-too-deep", f"the body nests deeper than {MAX_DEPTH} levels")
    try:
        json.loads(text, object_pairs_hook=_unique_members)
    except _DuplicateKey as duplicate:
        name = str(duplicate.args[0])
        raise BodyRefused("duplicate-key", f"member {name!r} appears twice in one object", name) from None
    except ValueError:
        pass  # not JSON at all: the decoder refuses it with its own words


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest, counting brackets outside strings only."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members: dict[str, Any] = {}
    for name, value in pairs:
        if name in members:
            raise _DuplicateKey(name)
        members[name] = value
    return members


async def check_command_body(request: Request) -> None:
    """Before-request hook of the command endpoint: the checks above, on the raw body."""
    check_json_body(request.headers.get("content-type", ""), await request.body())
