"""Load benchmark of ``sahelkg serve``: wrk against a simple SELECT on the seed graph.

Measures, on this machine:
- throughput and latency percentiles at 32 concurrent connections (targets: >= 1,000 requests/s
  on 2 cores, p99 < 50 ms, zero errors);
- single-client median latency over HTTP against the same query in-process (pyoxigraph query +
  the same serialiser, no HTTP): the median HTTP overhead (target < 1 ms).
Results go to the "Server" section of docs/benchmarks.md (between its markers) and to stdout.

    .venv/bin/python benchmarks/server_load.py [--store DIR] [--workers N] [--duration S] [--no-write]

Needs ``wrk`` (Debian package). Without --store the seed graph is built into a temporary folder.
The rate limiter is switched off for the run (one client address sends everything).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
SAHELKG = str(ROOT / ".venv" / "bin" / "sahelkg") if (ROOT / ".venv" / "bin" / "sahelkg").exists() else "sahelkg"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- server-benchmark:start -->", "<!-- server-benchmark:end -->"
QUERY = ("PREFIX skg: <https://w3id.org/sahelkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         "SELECT ?s ?label WHERE { ?s a skg:State ; rdfs:label ?label } LIMIT 10")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("sahelkg serve exited early")
        try:
            if requests.get(url + "/health", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit("sahelkg serve did not become healthy")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def server_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds (user + system) used so far by the server: arbiter and workers."""
    import psutil

    total = 0.0
    root = psutil.Process(proc.pid)
    for p in [root, *root.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def run_wrk(url: str, threads: int, connections: int, seconds: int) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    pct = {int(p): _ms(v, u) for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    socket_errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    return {"rps": rps, "p50": pct.get(50), "p75": pct.get(75), "p90": pct.get(90), "p99": pct.get(99),
            "requests": total, "errors": socket_errors + non2xx, "raw": out}


def in_process_ms(store_path: str, n: int = 3000) -> float:
    """Median time of the same query in-process: open store, query, same serialiser (JSON)."""
    from sahelkg.server.results import serialise
    from sahelkg.server.store import read_only_store

    store = read_only_store(store_path)
    times = []
    for i in range(n + 200):
        t0 = time.perf_counter()
        serialise(store.query(QUERY, use_default_graph_as_union=True), "application/sparql-results+json", 10000)
        if i >= 200:
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    import gunicorn
    import pyoxigraph

    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
            f"gunicorn {gunicorn.__version__}, {platform.system()} {platform.release()}")


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    block = f"{START}\n{section.rstrip()}\n{END}"
    if START in text and END in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", help="an existing store (default: build the seed graph into a temp folder)")
    ap.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    ap.add_argument("--duration", type=int, default=20, help="seconds of load")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=3, help="load runs; the table shows the median run, all are listed")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="sahelkg-serverbench-"))
    try:
        store = args.store
        if not store:
            subprocess.run([SAHELKG, "--data", str(tmp), "build"], check=True, capture_output=True)
            store = str(tmp / "store")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "SAHELKG_RATE_LIMIT": "off"}
        log = open(tmp / "serve.log", "wb")
        proc = subprocess.Popen([SAHELKG, "serve", "--host", "127.0.0.1", "--port", str(port), "--store", store,
                                 "--workers", str(args.workers)], stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_healthy(url, proc)
            target = f"{url}/sparql?query={quote(QUERY, safe='')}"
            load_before = os.getloadavg()[0]
            run_wrk(target, 2, args.connections, 3)  # warm-up
            runs = []
            for _ in range(args.repeat):
                cpu0 = server_cpu(proc)
                r = run_wrk(target, 2, args.connections, args.duration)
                r["cpu_ms"] = (server_cpu(proc) - cpu0) / r["requests"] * 1000
                r["load"] = os.getloadavg()[0]
                runs.append(r)
            load = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]  # the median run by throughput
            cpu_per_request = load["cpu_ms"]
            single = run_wrk(target, 1, 1, max(5, args.duration // 2))
            load_after = os.getloadavg()[0]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()
        base = in_process_ms(store)
        overhead = single["p50"] - base
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ok = lambda cond: "met" if cond else "NOT met"  # noqa: E731
    section = f"""## Server (`sahelkg serve`)

Run by `benchmarks/server_load.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.
Machine: {machine()}. Load average (1 min) before/after the run: {load_before:.2f} / {load_after:.2f}
(the load generator, wrk, runs on the same cores). Server: {args.workers} gunicorn gthread workers, seed graph,
rate limiter off. Query (GET `/sparql`, JSON results): `{QUERY}`

| measure | result | target |
|---|---|---|
| throughput, {args.connections} connections, {args.duration} s (median of {len(runs)} runs) | {load['rps']:.0f} requests/s ({load['requests']} requests) | ≥ 1,000/s on 2 cores: {ok(load['rps'] >= 1000)} |
| latency p50 / p90 / p99 | {load['p50']:.2f} / {load['p90']:.2f} / {load['p99']:.2f} ms | p99 < 50 ms: {ok(load['p99'] < 50)} |
| errors (socket + non-2xx) | {load['errors']} | 0: {ok(load['errors'] == 0)} |
| server CPU per request (arbiter + workers, user + system) | {cpu_per_request:.3f} ms, i.e. at most {2000 / cpu_per_request:.0f} requests/s if the server had 2 cores to itself | |
| single client, median over HTTP | {single['p50']:.3f} ms | |
| same query in-process (query + JSON serialiser), median | {base:.3f} ms | |
| median HTTP overhead (difference) | {overhead:.3f} ms (ratio HTTP / in-process {single['p50'] / base:.1f}×) | < 1 ms: {ok(overhead < 1)} |

All {len(runs)} load runs (requests/s, p99 ms, errors, load average after): {"; ".join(f"{r['rps']:.0f}, {r['p99']:.1f}, {r['errors']}, {r['load']:.1f}" for r in runs)}.
"""
    print(section)
    print(load["raw"])
    if not args.no_write:
        write_doc(section)


if __name__ == "__main__":
    sys.exit(main())
