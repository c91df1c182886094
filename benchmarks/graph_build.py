"""Benchmark of ``sahelkg build`` on synthetic corpora of 100, 1,000 and 10,000 letters.

For each size, in a fresh process (so peak memory is that size's own): generate the letters
(``synthetic_letters.py``) next to the five seeds, then measure

* full build: wall time, its phases, quads, store size on disk, peak RSS (build process and its
  extraction workers);
* load rate: quads loaded / seconds of the load and flush phases (bulk loader fed from the extraction
  cache, merges applied), against the baseline of the same run: Oxigraph's own ``bulk_load`` of the
  same N-Quads file into a fresh store and its flush, in this process (the build's ``optimize`` and
  count check come after and are reported as phases of their own);
* incremental rebuild after changing one letter, in-process (the extractor's one-time set-up
  included, then a second change with it warm) and end to end (``sahelkg build`` as a new process).

    python benchmarks/graph_build.py [--sizes 100 1000 10000] [--json OUT]
    python benchmarks/graph_build.py --incremental DATA_DIR   # incremental figures only, on a built folder
    python benchmarks/graph_build.py --load DATA_DIR          # full build from its extraction cache + baseline
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def du(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total


def peak_rss_mb() -> dict:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"process_mb": round(self_kb / 1024, 1), "largest_worker_mb": round(child_kb / 1024, 1)}


def touch_letter(path: Path, i: int) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\nNederland levert {10 + i} militairen aan MINUSMA.\n",
                    encoding="utf-8")




def _baseline_bulk_load(store: Path, manifest, cache, nq: Path, base_dir: Path) -> tuple[float, int]:
    """Oxigraph's own ``bulk_load`` of every letter's cached N-Quads (written to ``nq``) into a fresh
    store at ``base_dir``: (seconds including flush, quads loaded)."""
    from pyoxigraph import RdfFormat, Store

    from sahelkg.graph.records import letters_of

    with open(nq, "wb") as out:
        for e in letters_of(store, manifest).values():
            out.write(cache.quads_path(e["key"]).read_bytes())
    t = time.perf_counter()
    st = Store(str(base_dir))
    st.bulk_load(path=str(nq), format=RdfFormat.N_QUADS)
    st.flush()
    seconds = time.perf_counter() - t
    quads = len(st)
    del st
    return seconds, quads

def _load_figures(full, load_s: float, base_s: float, base_quads: int) -> dict:
    """Quads and load rate of a build, next to the bare ``bulk_load`` baseline of the same run."""
    return {
        "quads": full.quads,
        "quads_loaded": full.loaded_quads,
        "load_quads_per_s": round(full.loaded_quads / load_s) if load_s else None,
        "baseline_bulk_load_s": round(base_s, 2),
        "baseline_quads": base_quads,
        "baseline_quads_per_s": round(base_quads / base_s),
        "load_vs_baseline": round((full.loaded_quads / load_s) / (base_quads / base_s), 2) if load_s else None,
    }


def one(n: int, workdir: Path) -> dict:
    """Measure one corpus size (run in its own process)."""
    from sahelkg.config import load_settings
    from sahelkg.graph.build import build
    from sahelkg.graph.store import current_dir
    from synthetic_letters import generate

    data = workdir / f"data-{n}"
    t = time.perf_counter()
    letters = generate(data / "corpus", n, seed=n)
    gen_s = time.perf_counter() - t
    settings = load_settings(data_dir=str(data))

    t = time.perf_counter()
    full = build(settings, echo=lambda m: None)
    full_s = time.perf_counter() - t
    mem_after_full = peak_rss_mb()
    store_bytes = du(current_dir(settings.store))
    # as the baseline: loaded and on disk (the optimize that follows, for query speed, and the count check
    # are phases of their own, reported apart)
    load_s = full.seconds.get("load", 0) + full.seconds.get("flush", 0)

    # baseline: Oxigraph's bulk loader on the same N-Quads, from one file, in this process
    from sahelkg.extract import EXTRACTOR_VERSION
    from sahelkg.graph.cache import ExtractionCache
    from sahelkg.graph.versions import StoreLayout

    from sahelkg.graph.records import letters_of

    manifest = StoreLayout(settings.store).manifest()
    cache = ExtractionCache(settings.store / "cache", EXTRACTOR_VERSION)
    nq = workdir / f"all-{n}.nq"
    base_s, base_quads = _baseline_bulk_load(settings.store, manifest, cache, nq, workdir / f"baseline-{n}")

    # incremental: one letter changed (cold extractor in this process, then warm)
    touch_letter(letters[n // 2], 1)
    t = time.perf_counter()
    inc1 = build(settings, echo=lambda m: None)
    inc1_s = time.perf_counter() - t
    touch_letter(letters[n // 3], 2)
    t = time.perf_counter()
    inc2 = build(settings, echo=lambda m: None)
    inc2_s = time.perf_counter() - t
    # end to end: a new `sahelkg build` process
    touch_letter(letters[n // 4], 3)
    env = {**os.environ, "SAHELKG_DATA": str(data)}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sahelkg", "build"], env=env, check=True, capture_output=True)
    cli_s = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sahelkg", "build"], env=env, check=True, capture_output=True)
    noop_s = time.perf_counter() - t

    def graph_side(r) -> float:
        return round(sum(v for k, v in r.seconds.items() if k not in ("total", "extract")), 3)

    return {
        "loadavg_1_5_15": [round(x, 1) for x in os.getloadavg()],
        "letters": n + 5,
        "generate_s": round(gen_s, 2),
        "corpus_mb": round(sum(p.stat().st_size for p in letters) / 1e6, 1),
        "full_build_s": round(full_s, 2),
        "full_phases_s": full.seconds,
        **_load_figures(full, load_s, base_s, base_quads),
        "store_mb": round(store_bytes / 1e6, 1),
        "peak_memory": mem_after_full,
        "incremental_cold_s": round(inc1_s, 3),
        "incremental_cold_phases_s": inc1.seconds,
        "incremental_warm_s": round(inc2_s, 3),
        "incremental_warm_phases_s": inc2.seconds,
        "incremental_graph_side_s": graph_side(inc2),
        "incremental_cli_s": round(cli_s, 2),
        "noop_cli_s": round(noop_s, 2),
    }


def incremental_only(data: Path) -> dict:
    """Incremental figures on an already built data folder (one settling build first)."""
    from sahelkg.config import load_settings
    from sahelkg.graph.build import build

    settings = load_settings(data_dir=str(data))
    letters = sorted(settings.corpus.iterdir())
    n = len(letters)
    t = time.perf_counter()
    settle = build(settings, echo=lambda m: None)
    settle_s = time.perf_counter() - t
    results = {"loadavg_1_5_15": [round(x, 1) for x in os.getloadavg()], "letters": n + 5,
               "settle_s": round(settle_s, 2), "settle_mode": settle.mode}
    for label, i in (("cold", 1), ("warm", 2), ("warm2", 3)):
        touch_letter(letters[n // (i + 1)], i)
        t, cpu = time.perf_counter(), time.process_time()
        r = build(settings, echo=lambda m: None)
        results[f"incremental_{label}_s"] = round(time.perf_counter() - t, 3)
        results[f"incremental_{label}_cpu_s"] = round(time.process_time() - cpu, 3)  # this process, all its threads
        results[f"incremental_{label}_phases_s"] = r.seconds
        results[f"incremental_{label}_graph_side_s"] = round(r.seconds["total"] - r.seconds.get("extract", 0), 3)
    env = {**os.environ, "SAHELKG_DATA": str(data)}
    touch_letter(letters[n // 5], 5)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sahelkg", "build"], env=env, check=True, capture_output=True)
    results["incremental_cli_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sahelkg", "build"], env=env, check=True, capture_output=True)
    results["noop_cli_s"] = round(time.perf_counter() - t, 2)
    t, cpu = time.perf_counter(), time.process_time()
    r = build(settings, echo=lambda m: None)
    results["noop_in_process_s"] = round(time.perf_counter() - t, 3)
    results["noop_in_process_cpu_s"] = round(time.process_time() - cpu, 3)
    results["noop_in_process_mode"] = r.mode
    return results


def load_only(data: Path) -> dict:
    """A full build from a warm extraction cache (the load path alone), and the bare loader's baseline.

    The data folder's store versions and build records are deleted first; its extraction cache is
    kept, so the build extracts nothing and bulk-loads every letter (merges applied) into a fresh store.
    """
    import shutil

    from sahelkg.config import load_settings
    from sahelkg.extract import EXTRACTOR_VERSION
    from sahelkg.graph.build import build
    from sahelkg.graph.cache import ExtractionCache
    from sahelkg.graph.records import letters_of
    from sahelkg.graph.store import current_dir
    from sahelkg.graph.versions import StoreLayout

    settings = load_settings(data_dir=str(data))
    store = settings.store
    for p in (store / "versions", store / "current", store / "records.sqlite"):
        if p.is_symlink() or p.is_file():
            p.unlink()
        elif p.is_dir():
            shutil.rmtree(p)
    t, cpu = time.perf_counter(), time.process_time()
    full = build(settings, echo=lambda m: None)
    full_s, full_cpu = time.perf_counter() - t, time.process_time() - cpu
    assert full.mode == "full" and not full.extracted, (full.mode, len(full.extracted))
    load_s = full.seconds.get("load", 0) + full.seconds.get("flush", 0)
    store_bytes = du(current_dir(store))

    manifest = StoreLayout(store).manifest()
    cache = ExtractionCache(store / "cache", EXTRACTOR_VERSION)
    nq = data / "all.nq"
    base_dir = data / "baseline-store"
    shutil.rmtree(base_dir, ignore_errors=True)
    base_s, base_quads = _baseline_bulk_load(store, manifest, cache, nq, base_dir)
    shutil.rmtree(base_dir, ignore_errors=True)
    nq.unlink()
    return {
        "loadavg_1_5_15": [round(x, 1) for x in os.getloadavg()],
        "letters": full.letters,
        "full_build_from_cache_s": round(full_s, 2),
        "full_build_cpu_s": round(full_cpu, 2),
        "phases_s": full.seconds,
        **_load_figures(full, load_s, base_s, base_quads),
        "store_mb": round(store_bytes / 1e6, 1),
        "records_mb": round((store / "records.sqlite").stat().st_size / 1e6, 1)
        if (store / "records.sqlite").is_file() else None,
        "peak_memory": peak_rss_mb(),
    }


def machine() -> dict:
    import pyoxigraph

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"loadavg_at_start": os.getloadavg(), "cpu": cpu, "cores": len(os.sched_getaffinity(0)), "ram_gib": round(mem, 1),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "os": platform.platform()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--json", default=None, help="Also write the results here.")
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--incremental", default=None, metavar="DATA_DIR",
                    help="Only the incremental figures, on a data folder built before.")
    ap.add_argument("--load", default=None, metavar="DATA_DIR",
                    help="Only the full build from a warm extraction cache and the bulk-load baseline, on a data "
                         "folder built before (its store versions are deleted, its cache kept).")
    ap.add_argument("--workdir", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.load:
        print(json.dumps(load_only(Path(a.load).resolve())))
        return
    if a.incremental:
        print(json.dumps(incremental_only(Path(a.incremental).resolve())))
        return
    if a.one is not None:
        print(json.dumps(one(a.one, Path(a.workdir))))
        return
    results = {"machine": machine(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="sahelkg-bench-") as tmp:
        for n in a.sizes:
            out = subprocess.run([sys.executable, __file__, "--one", str(n), "--workdir", tmp],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results["runs"].append(r)
            print(json.dumps(r), flush=True)
    print(json.dumps(results["machine"]))
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
