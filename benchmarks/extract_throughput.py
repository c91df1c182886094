"""Throughput of the whole extractor, letter → facts → quads, in characters per CPU second on one core.

Three corpora, each run in this one process (one core):

- ``seeds``: the five seed letters as shipped (best of ``--repeat`` rounds);
- ``synthetic``: ``--letters`` synthetic letters (``benchmarks/synthetic_letters.py``, written from the
  genre, deterministic by seed) — many letters of natural size;
- ``large``: each seed glued ``--copies`` times and lightly varied (numbers and years changed) into one
  big letter, so per-letter costs do not hide per-character costs.

Times are CPU time of this process (``time.process_time``; the machine is shared, so wall-clock time
would measure the other jobs too). For each corpus: chars/s for ``extract_letter`` (all steps and
every fact extractor) and for ``extract_letter`` + ``to_quads``, best round, and the latter in the
first round alone (``1st round``: what a build that extracts each letter once sees, before the
per-process caches of words and dates are warm); the CPU time and chars/s of each step, best of
``--repeat`` timed rounds (a step's chars/s is the corpus size over the time spent in that step); the in-process baseline of the same
run, ``str.splitlines`` + ``re.findall(r"\\w+")`` over the same text, and the ratio against it;
peak Python allocation (tracemalloc, in a separate untimed round) and the process RSS; ``gc``: the
share of the best round's CPU time spent in the cyclic garbage collector (``gc.callbacks``; the
pipeline freezes its static data out of the collector after the first letter, see
``extract/pipeline.py``).

Memory as the corpus grows: synthetic corpora of 1×, 2× and 4× ``--grow`` letters are extracted one
letter after another, as the graph builder does, and the peak allocation of each run is printed (it
stays flat when nothing is kept from letter to letter; tracemalloc makes these runs several times
slower, hence their own, smaller size).

    .venv/bin/python benchmarks/extract_throughput.py [--repeat 3] [--letters 200] [--copies 10] [--grow 50]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import platform
import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sahelkg.extract.facts as facts_pkg  # noqa: E402
from sahelkg.extract import extract_letter, to_quads  # noqa: E402
from sahelkg.extract.model import Letter  # noqa: E402
from sahelkg.resources import seed_letters  # noqa: E402
from synthetic_letters import letter_text  # noqa: E402


def _letter(name: str, text: str) -> Letter:
    return Letter(name=name, text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def _vary(text: str, rng: random.Random) -> str:
    """The same letter with its numbers and years changed, so no two copies are identical."""
    def num(m: re.Match) -> str:
        s = m.group()
        if len(s) == 4 and s.startswith(("19", "20")):
            return str(int(s) + rng.randint(-3, 3))
        return str(max(1, int(s) + rng.randint(-5, 5)))
    return re.sub(r"\b\d{1,4}\b", num, text)


def corpora(n_synthetic: int, copies: int) -> dict[str, list[Letter]]:
    seeds = [_letter(p.stem, p.read_text(encoding="utf-8")) for p in seed_letters()]
    synthetic = [_letter(f"syn{i:04d}", letter_text(i, seed=7)) for i in range(n_synthetic)]
    rng = random.Random(11)
    large = [_letter(f"{s.name}-x{copies}", "\n\n".join(_vary(s.text, rng) for _ in range(copies))) for s in seeds]
    return {"seeds": seeds, "synthetic": synthetic, "large": large}


class _StepTimer:
    """Wraps the pipeline's steps and each fact extractor to add up the CPU time spent in them."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._patches = []

    def _wrap(self, module, attr: str, label: str) -> None:
        fn = getattr(module, attr)

        def timed(*a, **kw):
            t = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                self.spent[label] = self.spent.get(label, 0.0) + time.process_time() - t
        timed.__module__, timed.__qualname__ = fn.__module__, fn.__qualname__
        setattr(module, attr, timed)
        self._patches.append((module, attr, fn))

    def __enter__(self):
        import sahelkg.extract.dates as dates
        import sahelkg.extract.mentions as mentions
        import sahelkg.extract.normalise as normalise
        import sahelkg.extract.sentences as sentences
        import sahelkg.extract.values as values

        for mod, attr in ((normalise, "normalise"), (sentences, "split"), (mentions, "find_mentions"),
                          (values, "find_quantities"), (dates, "find_dates"), (dates, "find_letter_date")):
            self._wrap(mod, attr, attr)
        wrapped = []
        for fx in facts_pkg.FACT_EXTRACTORS:
            holder = type("H", (), {"f": staticmethod(fx)})
            self._wrap(holder, "f", fx.__module__.rsplit(".", 1)[-1])
            wrapped.append(holder.f)
        self._patches.append((facts_pkg, "FACT_EXTRACTORS", facts_pkg.FACT_EXTRACTORS))
        facts_pkg.FACT_EXTRACTORS = tuple(wrapped)
        return self

    def __exit__(self, *exc) -> None:
        for module, attr, fn in reversed(self._patches):
            setattr(module, attr, fn)


class _CollectorClock:
    """CPU time spent in the cyclic garbage collector while active (``gc.callbacks``), by generation."""

    def __init__(self) -> None:
        self.spent = [0.0, 0.0, 0.0]
        self.runs = [0, 0, 0]
        self._t = 0.0

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t = time.process_time()
        else:
            g = info["generation"]
            self.spent[g] += time.process_time() - self._t
            self.runs[g] += 1

    def __enter__(self):
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc) -> None:
        gc.callbacks.remove(self._callback)


def _baseline(letters: list[Letter]) -> float:
    t = time.process_time()
    for lt in letters:
        lt.text.splitlines()
        re.findall(r"\w+", lt.text)
    return time.process_time() - t


def _peak_mb(letters: list[Letter]) -> float:
    """Peak Python allocation (MB) while extracting ``letters`` one after another (nothing kept)."""
    tracemalloc.start()
    for lt in letters:
        to_quads(extract_letter(lt))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def run(name: str, letters: list[Letter], repeat: int) -> dict:
    chars = sum(len(lt.text) for lt in letters)
    best_ex = best_all = best_base = float("inf")
    first_all = None
    gc_share = None
    n_facts = n_quads = 0
    for _ in range(repeat):
        with _CollectorClock() as collector:
            t = time.process_time()
            exs = [extract_letter(lt) for lt in letters]
            t_ex = time.process_time() - t
            t = time.process_time()
            quads = [to_quads(e) for e in exs]
            t_rdf = time.process_time() - t
        if t_ex + t_rdf < best_all:  # the collector's share of the best round
            gc_share = sum(collector.spent) / (t_ex + t_rdf)
        best_ex = min(best_ex, t_ex)
        best_all = min(best_all, t_ex + t_rdf)
        first_all = t_ex + t_rdf if first_all is None else first_all
        best_base = min(best_base, _baseline(letters))
        n_facts = sum(len(e.facts) for e in exs)
        n_quads = sum(len(q) for q in quads)
        del exs, quads
    steps: dict[str, float] = {}
    for _ in range(repeat):  # each step's best round (a collector pause lands in one step of one round)
        with _StepTimer() as timer:
            t = time.process_time()
            exs = [extract_letter(lt) for lt in letters]
            t_ex = time.process_time() - t
            t = time.process_time()
            for e in exs:
                to_quads(e)
            t_rdf = time.process_time() - t
        spent = dict(timer.spent)
        spent["pipeline (rest)"] = max(0.0, t_ex - sum(spent.values()))
        spent["to_quads"] = t_rdf
        steps = {k: min(v, steps.get(k, v)) for k, v in spent.items()}
        del exs
    return {"corpus": name, "letters": len(letters), "chars": chars, "extract_s": best_ex, "all_s": best_all, "first_s": first_all,
            "baseline_s": best_base, "gc_share": gc_share, "facts": n_facts, "quads": n_quads, "steps": steps,
            "peak_mb": _peak_mb(letters), "rss_mb": psutil.Process(os.getpid()).memory_info().rss / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds per corpus (best is reported)")
    ap.add_argument("--letters", type=int, default=200, help="synthetic letters")
    ap.add_argument("--copies", type=int, default=10, help="copies of each seed in one large letter")
    ap.add_argument("--grow", type=int, default=50, help="synthetic letters of the smallest memory-growth corpus")
    args = ap.parse_args()

    # warm up: gazetteer automaton, spaCy tokenizer, compiled patterns are built once per process
    warm = _letter("warm", seed_letters()[0].read_text(encoding="utf-8"))
    to_quads(extract_letter(warm))

    print(f"# extractor throughput (CPU time, one core) — {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"{os.cpu_count()} cores; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'corpus':<10} {'letters':>7} {'MB':>6} {'extract MB/s':>13} {'+quads MB/s':>12} {'1st round':>10} "
          f"{'baseline MB/s':>14} {'ratio':>7} {'gc':>5} {'facts':>7} {'quads':>8} {'peak MB':>8} {'RSS MB':>7}")
    for name, letters in corpora(args.letters, args.copies).items():
        r = run(name, letters, args.repeat)
        mb = r["chars"] / 1e6
        print(f"{name:<10} {r['letters']:>7} {mb:>6.2f} {mb / r['extract_s']:>13.2f} {mb / r['all_s']:>12.2f} "
              f"{mb / r['first_s']:>10.2f} "
              f"{mb / r['baseline_s']:>14.1f} {r['baseline_s'] / r['all_s']:>7.4f} {r['gc_share']:>5.1%} {r['facts']:>7} "
              f"{r['quads']:>8} {r['peak_mb']:>8.1f} {r['rss_mb']:>7.0f}")
        total = sum(r["steps"].values()) or 1.0
        print("           steps (CPU s, share, MB/s of the corpus): " + ", ".join(
            f"{k} {v:.3f} s {v / total:.0%} {mb / v if v else float('inf'):.1f}"
            for k, v in sorted(r["steps"].items(), key=lambda kv: -kv[1])))
    print("# peak allocation as the corpus grows (synthetic letters, extracted one after another)")
    for k in (1, 2, 4):
        letters = [_letter(f"syn{i:04d}", letter_text(i, seed=7)) for i in range(args.grow * k)]
        mb = sum(len(lt.text) for lt in letters) / 1e6
        print(f"synthetic x{k}: {len(letters)} letters, {mb:.2f} MB, peak alloc {_peak_mb(letters):.1f} MB, "
              f"RSS {psutil.Process(os.getpid()).memory_info().rss / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
