"""The minimal peer: a Litestar endpoint doing one psycopg INSERT per request (`make bench` only).

What the stack costs with nothing of Cascade in it: uvicorn (the same HTTP parser as `cascade
serve`), Litestar's routing and JSON, and one single-row INSERT transaction per request on an
async psycopg pool, into a table shaped like the events table. No token, no validation, no
idempotency, no chain. Run: python -m bench.peers.minimal --port P --url URL [--schema S]
"""

from __future__ import annotations

import argparse
import uuid
from typing import Any

import msgspec
import uvicorn
from litestar import Litestar, Request, get, post
from litestar.response import Response
from psycopg_pool import AsyncConnectionPool

TABLE = "bench_minimal_peer"
DDL = (f"CREATE TABLE IF NOT EXISTS {TABLE} (originator_id uuid NOT NULL, originator_version BIGINT "
       "NOT NULL, topic TEXT NOT NULL, state bytea NOT NULL, notification_id BIGSERIAL UNIQUE, "
       "PRIMARY KEY (originator_id, originator_version))")
INSERT = f"INSERT INTO {TABLE} VALUES (%s, 1, %s, %s) RETURNING notification_id"


def create_app(url: str, schema: str = "public", pool_size: int = 16) -> Litestar:
    """The peer's application: POST /commands stores the body as one row and answers 201."""
    pool = AsyncConnectionPool(url, min_size=pool_size, max_size=pool_size, open=False,
                               kwargs={"autocommit": True, "options": f"-c search_path={schema}"})

    async def open_pool() -> None:
        await pool.open(wait=True)
        async with pool.connection() as conn:
            await conn.execute(DDL)

    @post("/commands", status_code=201)
    async def command(request: Request) -> Response[dict[str, Any]]:
        body = await request.body()
        topic = msgspec.json.decode(body).get("type", "command")
        async with pool.connection() as conn:
            row = await (await conn.execute(INSERT, (uuid.uuid4(), topic, body))).fetchone()
        return Response({"position": row[0] if row else None}, status_code=201)

    @get("/health", sync_to_thread=False)
    def health() -> str:
        return "ok"

    return Litestar([command, health], on_startup=[open_pool], on_shutdown=[pool.close])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--url", required=True, help="PostgreSQL URL")
    parser.add_argument("--schema", default="public")
    parser.add_argument("--http", default="httptools", help="uvicorn's HTTP parser (as cascade serve)")
    args = parser.parse_args(argv)
    uvicorn.run(create_app(args.url, args.schema), host="127.0.0.1", port=args.port, http=args.http,
                log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
