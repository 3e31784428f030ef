"""The benchmark report: all figures as JSON, and a Markdown page with the tables and the ratios."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

BACKENDS = (("postgres", "PostgreSQL"), ("sqlite", "SQLite"))
LEVELS = ("1", "16", "64")


def write_report(results: dict[str, Any], directory: Path, stamp: str) -> tuple[Path, Path]:
    """`<stamp>.json` and `<stamp>.md` in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    plain = json.loads(json.dumps(results, default=str))  # int keys become strings, as read back
    js = directory / f"{stamp}.json"
    js.write_text(json.dumps(plain, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md = directory / f"{stamp}.md"
    md.write_text(markdown(plain), encoding="utf-8")
    return md, js


def non_2xx(answers: Mapping[Any, int]) -> int:
    """HTTP answers outside 200-299 in a status -> count tally (keys may be JSON strings)."""
    return sum(count for status, count in answers.items() if not 200 <= int(status) <= 299)


def _answers(figure: dict[str, Any] | None) -> str:
    """`0`, or the count with its statuses, e.g. `3 (409 x2, 500 x1)`; a dash when not measured."""
    if not figure or "answers" not in figure:
        return "—"
    bad = {s: c for s, c in sorted(figure["answers"].items()) if not 200 <= int(s) <= 299}
    total = non_2xx(figure["answers"])
    return str(total) if not bad else f"{total} (" + ", ".join(f"{s} x{c}" for s, c in bad.items()) + ")"


def _n(value: Any, digits: int = 0) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, int | float):
        return f"{value:,.{digits}f}"
    return str(value)


def _lat(stats: dict[str, Any] | None) -> str:
    if not stats or not stats.get("n"):
        return "—"
    return f"{stats['p50_ms']:,.1f} / {stats['p99_ms']:,.1f}"


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)  # type: ignore[assignment]
    return data


def _ratio(a: Any, b: Any) -> str:
    if not a or not b:
        return "—"
    return f"{a / b:.2f}"


def ratios(results: dict[str, Any]) -> list[dict[str, Any]]:
    """HTTP ÷ Application ÷ raw events/s, per backend and concurrency."""
    found = []
    for kind, label in BACKENDS:
        b = results.get("backends", {}).get(kind) or {}
        for level in LEVELS:
            http = _get(b, "http", level, "events_per_s")
            direct = _get(b, "direct", level, "events_per_s")
            raw = _get(b, "raw", level, "events_per_s")
            for name, x, y in (("HTTP ÷ Application", http, direct), ("Application ÷ raw", direct, raw),
                               ("HTTP ÷ raw", http, raw)):
                if x and y:
                    found.append({"backend": label, "level": level, "ratio": name, "value": x / y})
    return found


#: The peers of the write path (bench/peers/), as named in the report.
PEERS = (("minimal", "minimal Litestar endpoint (one INSERT)"), ("emmett", "Emmett (load stream, append)"))


def peer_ratios(b: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Cascade commands/s ÷ each peer's requests/s, per concurrency, on one backend's figures."""
    found: dict[str, dict[str, float | None]] = {}
    for level in LEVELS:
        cascade = _get(b, "http", level, "units_per_s")
        found[level] = {}
        for name, _ in PEERS:
            peer = _get(b, "peers", name, level, "units_per_s")
            found[level][name] = cascade / peer if cascade and peer else None
    return found


def _peer_rows(b: dict[str, Any]) -> list[list[str]]:
    """Per concurrency: Cascade, each peer and raw psycopg, their non-2xx, and the two ratios."""
    rows = []
    ratio = peer_ratios(b)
    for level in LEVELS:
        http = _get(b, "http", level) or {}
        peers = [_get(b, "peers", name, level) or {} for name, _ in PEERS]
        raw = _get(b, "raw", level) or {}
        cells = [level, f"{_n(http.get('units_per_s'), 1)} ({_lat(http)})", _answers(http)]
        for peer in peers:
            cells += [f"{_n(peer.get('units_per_s'), 1)} ({_lat(peer)})", _answers(peer)]
        cells.append(f"{_n(raw.get('units_per_s'), 1)} ({_lat(raw)})")
        cells += [_n(ratio[level][name], 2) for name, _ in PEERS]
        rows.append(cells)
    return rows


def peers_table(b: dict[str, Any]) -> str:
    """The write path beside the peers, as issue 16 reads it (p50 / p99 ms in brackets)."""
    header = ["connections", "Cascade cmd/s (p50 / p99 ms)", "Cascade non-2xx"]
    for _, label in PEERS:
        header += [f"{label} req/s (p50 / p99 ms)", "non-2xx"]
    header += ["raw psycopg single-row tx/s (p50 / p99 ms)", "Cascade ÷ minimal", "Cascade ÷ Emmett"]
    return _table(header, _peer_rows(b))


def summary_rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The one table: figure, PostgreSQL, SQLite."""
    b = {kind: results.get("backends", {}).get(kind) or {} for kind, _ in BACKENDS}

    def row(label: str, fn: Any) -> tuple[str, str, str]:
        return (label, *(fn(b[kind]) for kind, _ in BACKENDS))  # type: ignore[return-value]

    rows = [
        row("generated region: municipalities / schools / school years", lambda r: "—" if not r.get("region") else
            f"{r['region']['municipalities']} / {r['region']['schools']} / {r['region']['school_years']}"),
        row("generated events (domain + `app.save` of 1,000), events/s", lambda r: "—" if not r.get("region") else
            f"{_n(r['region']['events'])} at {_n(r['region']['events_per_s'])}/s"),
    ]
    for level in LEVELS:
        rows.append(row(f"HTTP commands/s ({level} clients; events/s)", lambda r, lv=level:
                        f"{_n(_get(r, 'http', lv, 'units_per_s'))} ({_n(_get(r, 'http', lv, 'events_per_s'))})"))
        rows.append(row(f"HTTP command latency p50 / p99 ms ({level} clients)",
                        lambda r, lv=level: _lat(_get(r, "http", lv))))
        rows.append(row(f"HTTP answers other than 2xx ({level} clients)",
                        lambda r, lv=level: _answers(_get(r, "http", lv))))
    for level in LEVELS:
        rows.append(row(f"Application `app.save` per command, events/s ({level} threads)",
                        lambda r, lv=level: _n(_get(r, "direct", lv, "events_per_s"))))
    for level in LEVELS:
        rows.append(row(f"raw single-row insert transactions, rows/s ({level} threads)",
                        lambda r, lv=level: _n(_get(r, "raw", lv, "events_per_s"))))
    for level in LEVELS:
        rows.append(row(f"ratios HTTP ÷ Application ÷ raw ({level})", lambda r, lv=level: "{} · {}".format(
            _ratio(_get(r, "http", lv, "events_per_s"), _get(r, "direct", lv, "events_per_s")),
            _ratio(_get(r, "direct", lv, "events_per_s"), _get(r, "raw", lv, "events_per_s")))))
    for level in LEVELS:
        rows.append(row(f"peers req/s: minimal Litestar · Emmett ({level} connections)", lambda r, lv=level:
                        " · ".join(_n(_get(r, "peers", name, lv, "units_per_s"), 1) for name, _ in PEERS)))
        rows.append(row(f"Cascade ÷ minimal · Cascade ÷ Emmett ({level} connections)", lambda r, lv=level:
                        " · ".join(_n(peer_ratios(r)[lv][name], 2) for name, _ in PEERS)))
    for level in LEVELS:
        rows.append(row(f"projection lag p50 / p99 ms under load ({level} clients)",
                        lambda r, lv=level: _lat(_get(r, "lag", lv))))
    rows += [
        row("deadline burst: schools filing in the window", lambda r: "—" if not r.get("burst") else
            f"{r['burst']['schools']} in {r['burst']['window_s']:.0f} s"),
        row("deadline burst: all answered 201 / all visible (views) / overview GET showed all, s",
            lambda r: "—" if not r.get("burst") else f"{_n(r['burst']['all_accepted_s'], 1)} / "
            f"{_n(r['burst']['all_visible_s'], 1)} / {_n(r['burst']['overview_showed_all_s'], 1)}"),
        row("deadline burst: filing latency p50 / p99 ms", lambda r: _lat(_get(r, "burst", "command_latency"))),
        row("deadline burst: answers other than 2xx", lambda r: _answers(r.get("burst"))),
        row("deadline burst: overview GET p50 / p99 ms during it", lambda r: _lat(_get(r, "burst", "overview_get_during_burst"))),
    ]
    views = sorted({v for r in b.values() for v in (_get(r, "rebuild", "views") or {})})
    for view in views:
        rows.append(row(f"full rebuild of `{view}`, events/s",
                        lambda r, v=view: _n(_get(r, "rebuild", "views", v, "events_per_s"))))
    rows += [
        row("raw read + decode of the same events, events/s",
            lambda r: _n(_get(r, "rebuild", "read_decode_events_per_s"))),
        row("state_at, long stream p50 / p99 ms", lambda r: _lat(_get(r, "time_travel", "long stream"))
            + ("" if not _get(r, "time_travel", "long stream") else
               f" ({_n(_get(r, 'time_travel', 'long stream', 'events'))} events)")),
        row("state_at, a roadmap p50 / p99 ms", lambda r: _lat(_get(r, "time_travel", "roadmap"))
            + ("" if not _get(r, "time_travel", "roadmap") else
               f" ({_n(_get(r, 'time_travel', 'roadmap', 'events'))} events)")),
        row("whole tenant at an instant (store_at) p50 / max ms", lambda r: "—" if not _get(r, "time_travel", "whole tenant")
            else f"{_get(r, 'time_travel', 'whole tenant', 'p50_ms'):,.0f} / "
                 f"{_get(r, 'time_travel', 'whole tenant', 'max_ms'):,.0f} "
                 f"({_n(_get(r, 'time_travel', 'whole tenant', 'log_events'))} events)"),
        row("verification (hash chain + checkpoints), events/s", lambda r: _n(_get(r, "verify", "events_per_s"))),
    ]
    queries = sorted({q for r in b.values() for q in (r.get("queries") or {}) if q != "tenant"})
    for query in queries:
        rows.append(row(f"GET {query} p50 / p99 ms", lambda r, q=query: _lat(_get(r, "queries", q))))
    rows += [
        row("peak RSS server / projector, MB", lambda r: "—" if not r.get("memory_mb") else
            f"{_n(r['memory_mb']['server_peak_rss'])} / {_n(r['memory_mb']['projector_peak_rss'])}"),
        row("start-up: tenants registered (provisioning them, s)", lambda r: "—" if not r.get("startup") else
            f"{_n(r['startup']['tenants'])} ({_n(r['startup']['provision_s'], 1)})"),
        row("start-up: server ready, s", lambda r: _n(_get(r, "startup", "server_ready_s"), 2)),
        row("start-up: RSS idle / with every tenant open, MB", lambda r: "—" if not r.get("startup") else
            f"{_n(r['startup'].get('server_rss_idle_mb'))} / {_n(r['startup'].get('server_rss_all_tenants_open_mb'))}"),
        row("start-up: one command to every tenant over HTTP (16 clients), s",
            lambda r: _n(_get(r, "startup", "one_command_per_tenant_s"), 1)),
        row("start-up: projector through every tenant, s / peak RSS MB", lambda r: "—" if not r.get("startup") else
            f"{_n(r['startup'].get('projector_caught_up_s'), 1)} / {_n(r['startup'].get('projector_peak_rss_mb'))}"),
    ]
    return rows


def _table(header: list[str], rows: list[list[str]] | list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _write_path(b: dict[str, Any]) -> str:
    rows = []
    for level in LEVELS:
        http, direct, raw = (_get(b, k, level) or {} for k in ("http", "direct", "raw"))
        executor = _get(b, "executor", level) or {}
        cpu = http.get("cpu") or {}
        rows.append([
            level, _n(http.get("units_per_s"), 1), _n(http.get("events_per_s"), 1), _lat(http), _answers(http),
            _n(executor.get("events_per_s"), 1) if executor else "—",
            _n(direct.get("events_per_s"), 1), _lat(direct), _n(raw.get("events_per_s"), 1), _lat(raw),
            _ratio(http.get("events_per_s"), direct.get("events_per_s")),
            _ratio(direct.get("events_per_s"), raw.get("events_per_s")),
            _ratio(http.get("events_per_s"), raw.get("events_per_s")),
            " / ".join(_n(cpu.get(k), 2) for k in ("server_cores", "projector_cores", "postgres_cores",
                                                     "clients_and_probe_cores")),
        ])
    return _table(["clients / threads", "HTTP cmd/s", "HTTP ev/s", "HTTP p50 / p99 ms", "HTTP non-2xx",
                   "handlers in-process ev/s",
                   "app.save ev/s", "save p50 / p99 ms", "raw rows/s", "raw p50 / p99 ms", "HTTP ÷ app",
                   "app ÷ raw", "HTTP ÷ raw", "CPU cores: server / projector / postgres / clients+probe"], rows)


def markdown(results: dict[str, Any]) -> str:
    m = results.get("machine", {})
    sizes = results.get("sizes", {})
    out = [f"# Cascade benchmarks, {results.get('started')} ({sizes.get('name')})", ""]
    pg = next((b.get("postgres") for b in results.get("backends", {}).values() if b.get("postgres")), None)
    out.append(f"Machine: **{m.get('cores')} cores** ({m.get('usable_cores')} usable), {m.get('cpu')}, "
               f"{m.get('memory_gb')} GB; Python {m.get('python')}, SQLite {m.get('sqlite')}, eventsourcing "
               f"{m.get('eventsourcing')}" + (f", PostgreSQL {pg['version']} ({pg['where']}, fsync {pg['fsync']}, "
                                              f"synchronous_commit {pg['synchronous_commit']})" if pg else "")
               + f". {m.get('server')}; clients, drivers and probes share the same cores. "
               f"Total run {results.get('total_seconds')} s.")
    out += ["", "## Summary", "", _table(["figure", "PostgreSQL", "SQLite"], summary_rows(results)), ""]
    found = ratios(results)
    if found:
        slowest = min((r for r in found if r["ratio"] == "HTTP ÷ raw"), key=lambda r: r["value"], default=None)
        if slowest:
            out.append(f"Slowest ratio: HTTP ÷ raw = **{slowest['value']:.3f}** on {slowest['backend']} at "
                       f"{slowest['level']} client(s): a command over HTTP appends events "
                       f"{1 / slowest['value']:.0f}× slower than the same-size single-row transaction.")
            out.append("")
    out += [
        "Units: HTTP latency is per command as the client sees it (13 commands of 11 types per new school, "
        "14 events, `Idempotency-Key` on each); `app.save` is the same 14 events built with the domain and "
        "saved one command at a time (no HTTP, JSON, tokens, handlers or idempotency rows); raw is one "
        "`INSERT` per transaction of the mean stored-event size into a table shaped like the events table "
        "(one table per thread, no table lock, no chain). The projection lag is from the 201 answer to "
        "every view having read that position (polled every 10 ms).", "",
    ]
    for kind, label in BACKENDS:
        b = results.get("backends", {}).get(kind)
        if not b:
            continue
        out += [f"## {label}", ""]
        if b.get("region"):
            out += [f"Write path (payload {_n(b.get('payload_bytes'))} bytes):", "", _write_path(b), ""]
        if b.get("peers"):
            peers = b["peers"]
            out += ["Beside the peers on the same PostgreSQL, driven by the same client (one keep-alive "
                    "connection each, a `file_report`-sized JSON body; Cascade's figures are those of "
                    "the write path above, the raw ones its single-row transactions):", "",
                    peers_table(b), "",
                    f"Peers' start: minimal {_n(peers.get('minimal_ready_s'), 2)} s, `npm ci` "
                    f"{_n(peers.get('npm_ci_s'), 1)} s (0 when already installed from the lock), Emmett "
                    f"{_n(peers.get('emmett_ready_s'), 2)} s; peer CPU cores per level: "
                    + ", ".join(f"{name} " + " / ".join(_n(_get(peers, name, lv, "cpu", "peer_cores"), 2)
                                                        for lv in LEVELS) for name, _ in PEERS) + ".", ""]
        if b.get("burst"):
            burst = b["burst"]
            out += [f"Deadline-day burst: {burst['schools']} schools file this month's report spread over "
                    f"{burst['window_s']:.0f} s; all {burst['accepted']} answered 201 after "
                    f"{_n(burst['all_accepted_s'], 1)} s, all read by every view after "
                    f"{_n(burst['all_visible_s'], 1)} s (lag p50/p99 {_lat(burst['visible_lag'])} ms), the "
                    f"overview GET showed them all after {_n(burst['overview_showed_all_s'], 1)} s; filing "
                    f"p50/p99 {_lat(burst['command_latency'])} ms; overview GET during the burst p50/p99 "
                    f"{_lat(burst['overview_get_during_burst'])} ms; errors {burst['errors'] or 'none'}.", ""]
        if b.get("rebuild"):
            rb = b["rebuild"]
            out += [f"Rebuild of {_n(rb['events'])} events: read + decode alone {_n(rb['read_decode_events_per_s'])}/s; "
                    + ", ".join(f"`{v}` {_n(x['events_per_s'])}/s ({x['seconds']} s)" for v, x in rb["views"].items())
                    + ".", ""]
        if b.get("profile"):
            top = b["profile"]["top_by_tottime"][:12]
            out += [f"Where a command's time goes (cProfile of the handlers in-process, 1 thread, "
                    f"{b['profile']['commands']} commands, by own time):", "",
                    _table(["function", "calls", "own s", "share of all", "cumulative s"],
                           [[f"`{t['function']}`", _n(t["calls"]), f"{t['tottime_s']:.3f}",
                             f"{t.get('share', 0):.1%}", f"{t['cumtime_s']:.3f}"] for t in top]), ""]
        errors = {f"{k} x{lv}": _get(b, k, lv, "errors") for k in ("http", "direct", "executor", "raw")
                  for lv in LEVELS if _get(b, k, lv, "errors")}
        errors |= {f"peer {name} x{lv}": _get(b, "peers", name, lv, "errors") for name, _ in PEERS
                   for lv in LEVELS if _get(b, "peers", name, lv, "errors")}
        if errors:
            out += [f"Errors during load: {errors}", ""]
            samples = [s for k in ("http", "direct", "executor") for lv in LEVELS
                       for s in (_get(b, k, lv, "error_samples") or [])]
            out += [f"- `{s}`" for s in samples[:5]] + [""]
        out += ["Phase times (s): " + ", ".join(f"{k} {v}" for k, v in b.get("phase_seconds", {}).items()), ""]
    from bench.pages import markdown_section

    out += markdown_section(results.get("pages"))
    out += ["## Not measured", ""]
    missing = [f"- {label}: {item}" for kind, label in BACKENDS
               for item in (results.get("backends", {}).get(kind) or {}).get("not_measured", [])]
    out += missing or ["- Nothing failed in this run."]
    out += [f"- Sizes of this run: {sizes}."]
    return "\n".join(out) + "\n"
