"""Load and soak: drive a real ``sahelkg serve`` with many concurrent clients and a realistic mix.

    .venv/bin/python benchmarks/soak.py                      # the benchmark: 64 clients x 300 s
    .venv/bin/python benchmarks/soak.py --clients 16 --seconds 20 --json out.json

Starts ``sahelkg serve`` on 127.0.0.1 (a free port) over a store built from the seed letters (or
``--data DIR``), with rate limiting off (every client here is 127.0.0.1, i.e. one "client" to the
limiter; the limiter is tested on its own). All traffic goes to 127.0.0.1, and stops after
``--seconds`` (and at most ``--max-requests``).

The clients can be spread over ``--procs`` load-generator processes (threads in each), so that
they do not queue on one interpreter lock; the default is one process, because on a machine where
the generator shares the server's cores, more processes take more CPU from the server at the same
moments (measured: docs/reliability.md). Each client is a thread running a closed loop: pick a request from the mix, send it on a fresh
connection, read the whole answer, think (exponential, mean ``--think`` s), repeat. Mix (weights):

- light (75): the 30 competency questions on /sparql, resource pages, actor search, an actor's
  relations (depth 1), letter pages, the actor graph page, /health;
- heavy (15): the timeline page and API, relations at depth 3, paths between actors, the N-Quads
  dump, and a self-join over all triples (CPU-bound, well inside the time limit);
- malformed (10): syntax errors, SPARQL Update, SERVICE, unknown parameters, non-UTF-8 bytes,
  a 1 MiB body, odd Accept headers - each must get a 4xx.

Reported: requests per class and status, latency percentiles per class (ms, whole request as the
client sees it), transport errors, 5xx count, and the workers' memory: summed RSS of the gunicorn
workers sampled every 5 s, growth from the end of warm-up (first 20% of the run) to the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the shared `sahelkg serve` process helper of the tests
from serverproc import SAHELKG, Server  # noqa: E402
BASE = "https://w3id.org/sahelkg/"
PX = "PREFIX skg: <https://w3id.org/sahelkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


# ---------------------------------------------------------------------------------------- the mix

def build_mix(url: str) -> list[tuple[str, float, callable, str]]:
    """(class, weight, fn(session) -> response, label) for every kind of request, using ids from the store."""
    s = requests.Session()

    def select(q: str) -> list[dict]:
        r = s.get(url + "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
        r.raise_for_status()
        return r.json()["results"]["bindings"]

    actors = [r["a"]["value"][len(BASE) + 3:] for r in select(
        PX + "SELECT DISTINCT ?a { ?a a ?c . ?c rdfs:subClassOf* skg:Actor FILTER(STRSTARTS(STR(?a), \"" + BASE + "id/\")) } LIMIT 200")]
    letters = [r["l"]["value"].rsplit("/", 1)[-1] for r in select(PX + "SELECT ?l { ?l a skg:Letter ; skg:text ?t }")]
    resources = [r["x"]["value"][len(BASE):] for r in select(
        f"SELECT DISTINCT ?x {{ ?x ?p ?o FILTER(STRSTARTS(STR(?x), \"{BASE}id/\")) }} LIMIT 400")]
    cqs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "ontology" / "queries").glob("*.rq"))]
    words = ["mali", "minusma", "jnim", "nederland", "frankrijk", "eu", "wagner", "un", "niger", "ecowas"]
    if not (actors and letters and resources and cqs):
        raise SystemExit("the store has no actors/letters/resources to drive the mix with")

    J = {"Accept": "application/sparql-results+json"}
    H = {"Accept": "text/html"}

    def get(path, headers=None, **params):
        return lambda ses: ses.get(url + path, params=params or None, headers=headers, timeout=120)

    def post(path, data, headers=None):
        return lambda ses: ses.post(url + path, data=data, headers=headers, timeout=120)

    # (weight within the class, label, request); labels name the kind in the per-kind report
    light = [
        (30, "competency question (POST /sparql)",
         lambda ses: ses.post(url + "/sparql", data={"query": random.choice(cqs)}, headers=J, timeout=120)),
        (15, "resource page", lambda ses: ses.get(url + "/" + random.choice(resources), headers=H, timeout=120)),
        (10, "actor search", lambda ses: ses.get(url + "/api/actors", params={"q": random.choice(words)}, timeout=120)),
        (10, "actor relations",
         lambda ses: ses.get(url + f"/api/actors/{random.choice(actors)}/relations", timeout=120)),
        (5, "letter page", lambda ses: ses.get(url + f"/letter/{random.choice(letters)}", headers=H, timeout=120)),
        (3, "actor graph page",
         lambda ses: ses.get(url + f"/actors/{random.choice(actors)}/graph", headers=H, timeout=120)),
        (2, "/health", get("/health")),
    ]
    heavy = [
        (3, "/timeline", get("/timeline", H)),
        (3, "/api/timeline", get("/api/timeline")),
        (3, "relations depth 3", lambda ses: ses.get(url + f"/api/actors/{random.choice(actors)}/relations",
                                                     params={"depth": 3}, timeout=120)),
        (2, "/api/paths", lambda ses: ses.get(url + "/api/paths", params={"from": random.choice(actors),
                                                                          "to": random.choice(actors)}, timeout=120)),
        (2, "/dumps/sahelkg.nq", get("/dumps/sahelkg.nq")),
        # a different LIMIT each time: never answered from the response cache, always computed
        (2, "self-join (POST /sparql)", lambda ses: ses.post(url + "/sparql", data={
            "query": "SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o . ?s ?q ?o2 } GROUP BY ?p ORDER BY DESC(?n) "
                     f"LIMIT {random.randrange(1000, 10**9)}"}, headers=J, timeout=120)),
    ]
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * (1024 * 1024)
    malformed = [
        (2, "syntax error", get("/sparql", J, query="SELEC ?x WHERE { ?x ?y }")),
        (1, "update", post("/sparql", {"update": f"DROP GRAPH <{BASE}graph/ontology>"})),
        (1, "SERVICE", post("/sparql", {"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})),
        (1, "non-UTF-8 body", lambda ses: ses.post(url + "/sparql", data=b"SELECT * { ?s ?p \xff\xfe }",
                                                   headers={"Content-Type": "application/sparql-query"}, timeout=120)),
        (1, "1 MiB body", lambda ses: ses.post(url + "/sparql", data=big.encode(),
                                               headers={"Content-Type": "application/sparql-query"}, timeout=120)),
        (1, "odd Accept", get("/sparql", {"Accept": "application/x-nonsense"}, query="ASK {}")),
        (1, "bad limit", get("/api/actors", limit="many")),
        (1, "depth 9", lambda ses: ses.get(url + f"/api/actors/{random.choice(actors)}/relations",
                                           params={"depth": 9}, timeout=120)),
        (1, "path traversal", get("/static/../../../../etc/passwd")),
    ]
    mix: list[tuple[str, float, callable, str]] = []
    for cls, items in (("light", light), ("heavy", heavy), ("malformed", malformed)):
        total = sum(w for w, _, _ in items)
        share = {"light": 75, "heavy": 15, "malformed": 10}[cls]
        mix += [(cls, share * w / total, fn, label) for w, label, fn in items]
    return mix


# ---------------------------------------------------------------------------------------- driving

def _pct(xs: list[float], p: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def _app_ms(header: str) -> float | None:
    """The ``app;dur=<ms>`` entry of a Server-Timing header (time the request spent in the app)."""
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name == "app" and params.startswith("dur="):
            try:
                return float(params[4:])
            except ValueError:
                return None
    return None


def _clients(mix, url_clients: list[int], stop_at: float, think: float, max_requests: int, seed: int) -> dict:
    """Closed-loop clients ``url_clients`` (thread each) of one load-generator process; their raw samples."""
    weights = [m[1] for m in mix]
    out = {"lat": defaultdict(list), "by_kind": defaultdict(list), "app": defaultdict(list),
           "outside": defaultdict(list), "status": defaultdict(Counter), "errors": Counter(), "unexpected": [],
           "cpu_s": 0.0}
    lock = threading.Lock()
    count = [0]

    def client(i: int) -> None:
        rnd = random.Random(seed * 1000 + i)
        while time.monotonic() < stop_at:
            with lock:
                if count[0] >= max_requests:
                    return
                count[0] += 1
            cls, _, fn, label = rnd.choices(mix, weights=weights)[0]
            t0 = time.perf_counter()
            with requests.Session() as ses:  # a fresh connection each time, as independent clients
                try:
                    r = fn(ses)
                    _ = r.content
                    code = r.status_code
                except requests.RequestException as e:
                    with lock:
                        out["errors"][type(e).__name__] += 1
                    continue
            dt = (time.perf_counter() - t0) * 1000
            served = _app_ms(r.headers.get("Server-Timing", ""))
            with lock:
                out["lat"][cls].append(dt)
                out["by_kind"][f"{cls}: {label}"].append(dt)
                if served is not None:
                    out["app"][f"{cls}: {label}"].append(served)
                    out["outside"][cls].append(dt - served)
                out["status"][cls][code] += 1
                ok = (200 <= code < 300 or code == 303) if cls != "malformed" else (400 <= code < 500)
                if not ok and len(out["unexpected"]) < 50:
                    out["unexpected"].append(f"{cls} {r.request.method} {r.request.path_url[:120]} -> {code}: {r.text[:160]!r}")
            if think > 0:
                time.sleep(min(rnd.expovariate(1 / think), 10 * think))

    cpu0 = time.process_time()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in url_clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, stop_at - time.monotonic()) + 180)
    out["cpu_s"] = time.process_time() - cpu0
    return {k: (dict(v) if isinstance(v, defaultdict) else v) for k, v in out.items()}


def _process_main(mix, ids, stop_at, think, max_requests, seed, queue) -> None:
    queue.put(_clients(mix, ids, stop_at, think, max_requests, seed))


def drive(url: str, clients: int, seconds: float, think: float, worker_pids=None, max_requests: int = 2_000_000,
          warmup: float = 0.2, seed: int = 7, skip=(), procs: int = 1) -> dict:
    """Run the mix against ``url``; the report (see module docstring).

    The clients are spread over ``procs`` load-generator processes (threads in each), so they do not
    all wait on one interpreter lock; ``procs=1`` (the default) runs them in this process.
    """
    import multiprocessing

    random.seed(seed)
    mix = [m for m in build_mix(url) if not any(s in m[3] for s in skip)]
    stop_at = time.monotonic() + seconds
    mem: list[tuple[float, int, int]] = []  # (t, summed worker RSS, workers)
    t_start = time.monotonic()

    def sampler() -> None:
        while time.monotonic() < stop_at:
            if worker_pids is not None:
                rss, n = 0, 0
                for p in worker_pids():
                    try:
                        rss += p.memory_info().rss
                        n += 1
                    except psutil.Error:
                        pass
                mem.append((time.monotonic() - t_start, rss, n))
            time.sleep(5)

    sm = threading.Thread(target=sampler, daemon=True)
    sm.start()
    load_before = os.getloadavg()
    per = [list(range(clients))[k::max(1, procs)] for k in range(max(1, procs))]
    per_max = max(1, max_requests // max(1, procs))
    if procs <= 1:
        parts = [_clients(mix, per[0], stop_at, think, max_requests, seed)]
    else:
        ctx = multiprocessing.get_context("fork")  # the mix holds closures over this process's session
        queue = ctx.Queue()
        workers = [ctx.Process(target=_process_main, args=(mix, ids, stop_at, think, per_max, seed, queue), daemon=True)
                   for ids in per if ids]
        for w in workers:
            w.start()
        parts = [queue.get(timeout=seconds + 300) for _ in workers]
        for w in workers:
            w.join(30)
    elapsed = time.monotonic() - t_start

    def merged(key: str, kind=list) -> dict:
        out: dict = defaultdict(kind)
        for part in parts:
            for k, v in part[key].items():
                if kind is list:
                    out[k].extend(v)
                else:
                    out[k].update(v)
        return out

    lat, by_kind, app, outside = merged("lat"), merged("by_kind"), merged("app"), merged("outside")
    status = merged("status", Counter)
    errors: Counter = Counter()
    for part in parts:
        errors.update(part["errors"])
    unexpected = [u for part in parts for u in part["unexpected"]][:50]
    report = {
        "loadavg_before": [round(x, 2) for x in load_before], "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "load_generator_processes": max(1, procs),
        "load_generator_cpu_s": round(sum(part["cpu_s"] for part in parts), 1),
        "clients": clients, "seconds": round(elapsed, 1), "think_s": think,
        "requests": sum(sum(c.values()) for c in status.values()),
        "transport_errors": dict(errors),
        "status": {cls: dict(sorted(c.items())) for cls, c in status.items()},
        "server_errors_5xx": sum(n for c in status.values() for code, n in c.items() if code >= 500),
        "unexpected": unexpected,
        "latency_ms": {cls: {"n": len(xs), "p50": round(_pct(xs, 50), 1), "p90": round(_pct(xs, 90), 1),
                             "p99": round(_pct(xs, 99), 1), "max": round(max(xs), 1),
                             "mean": round(statistics.fmean(xs), 1)} for cls, xs in lat.items() if xs},
        "outside_app_ms": {cls: {"p50": round(_pct(xs, 50), 1), "p90": round(_pct(xs, 90), 1), "p99": round(_pct(xs, 99), 1)}
                           for cls, xs in outside.items() if xs},
        "by_kind_ms": {k: {"n": len(xs), "p50": round(_pct(xs, 50), 1), "p99": round(_pct(xs, 99), 1),
                           "app_p50": round(_pct(app[k], 50), 1) if app[k] else None,
                           "app_p99": round(_pct(app[k], 99), 1) if app[k] else None}
                       for k, xs in sorted(by_kind.items())},
    }
    report["throughput_rps"] = round(report["requests"] / elapsed, 1)
    if mem:
        after = [m for m in mem if m[0] >= warmup * seconds] or mem
        base, last = after[0][1], after[-1][1]
        report["memory"] = {"samples": len(mem), "warm_rss_mb": round(base / 2**20, 1), "end_rss_mb": round(last / 2**20, 1),
                            "max_rss_mb": round(max(m[1] for m in after) / 2**20, 1),
                            "growth_pct": round(100 * (last - base) / base, 1) if base else None,
                            "workers_at_end": after[-1][2],
                            "series_mb": [(round(t), round(rss / 2**20, 1)) for t, rss, _ in mem[::6]]}
    return report


# ---------------------------------------------------------------------------------------- the server

def machine() -> dict:
    return {"cpus": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform()}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--think", type=float, default=0.25, help="mean think time per client between requests (s)")
    ap.add_argument("--workers", type=int, default=int(os.environ.get("SAHELKG_WORKERS", "2")),
                    help="gunicorn workers (gthread, SAHELKG_THREADS threads each); default 2, one per core here")
    ap.add_argument("--data", type=Path, default=None, help="data folder with a built store (default: build the seeds)")
    ap.add_argument("--url", default=None, help="drive an already running server on 127.0.0.1 instead")
    ap.add_argument("--max-requests", type=int, default=2_000_000)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--skip", action="append", default=[], help="leave out heavy requests whose path contains this")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="set in the server's environment (e.g. SAHELKG_HEAVY_SLOTS=1), to compare settings")
    ap.add_argument("--procs", type=int, default=1,
                    help="load-generator processes the clients are spread over (default 1; more only when the "
                         "generator has cores of its own: on the server's cores they take CPU from it)")
    a = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="sahelkg-soak-"))
    served = None
    try:
        if a.url:
            if not a.url.startswith(("http://127.0.0.1", "http://localhost")):
                raise SystemExit("soak traffic goes to 127.0.0.1 only")
            url, pids = a.url, None
        else:
            data = a.data
            if data is None:
                data = tmp / "data"
                done = subprocess.run(SAHELKG + ["--data", str(data), "build"], capture_output=True, text=True)
                if done.returncode != 0:
                    raise SystemExit(f"build failed: {done.stderr[-2000:]}")
            try:
                env = dict(kv.split("=", 1) for kv in a.env)
                served = Server(tmp / "serve.log", data=data, workers=a.workers, timeout=30, env=env)
            except RuntimeError as e:
                raise SystemExit(str(e)) from None
            url, pids = served.url, served.workers
        report = drive(url, a.clients, a.seconds, a.think, pids, a.max_requests, skip=a.skip, procs=a.procs)
        report["skipped"] = a.skip
        report["server_env"] = a.env
        report["workers"] = a.workers
        report["machine"] = machine()
        if served is not None:
            log = (tmp / "serve.log").read_text(errors="replace")
            report["worker_timeouts_logged"] = log.count('"timeout":true')
            report["tracebacks_logged"] = log.count("Traceback")
    finally:
        if served is not None:
            served.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    text = json.dumps(report, indent=1)
    print(text)
    if a.json:
        a.json.write_text(text)


if __name__ == "__main__":
    main()
