"""The peers `make bench` measures Cascade's write path against, on the same PostgreSQL.

`minimal.py` is a minimal Litestar endpoint doing one psycopg INSERT per request; `emmett/` is an
Express endpoint on Emmett's PostgreSQL event store (npm, pinned by its package-lock.json, installed
by the benchmark only); `peers.py` in bench/ starts them and drives them with Cascade's load driver.
"""
