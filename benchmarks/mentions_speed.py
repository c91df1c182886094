"""Throughput of mention finding (gazetteer matching, and with discovery), in MB/s on one core.

Times are CPU seconds of this process (``time.process_time``), so the figure is per core and not
spoiled by other work on the machine. The corpus is the seed letters' normalised text, repeated to ``--mb`` megabytes (UTF-8), cut into
letter-sized documents. Baseline of the same run: one ``re.finditer(r"\\w+")`` pass over the same
documents (a tokenizer-speed floor), so the ratio is comparable across machines.

    .venv/bin/python benchmarks/mentions_speed.py [--mb 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import time

from sahelkg.extract.mentions import _automaton, find_mentions, gazetteer_mentions
from sahelkg.extract.model import Letter, Normalised, Parsed, Sentence
from sahelkg.resources import seed_letters

_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+|\n+|$)")


def _parsed(text: str) -> Parsed:
    letter = Letter(name="bench", text=text, media_type="text/plain", encoding="utf-8", sha256="")
    norm = Normalised(letter=letter, text=text, offsets=tuple(range(len(text) + 1)))
    sents = tuple(Sentence(m.start(), m.end(), m.group()) for m in _SENT.finditer(text) if m.group().strip())
    return Parsed(norm, sents)


def corpus(mb: float) -> list[Parsed]:
    texts = []
    for p in seed_letters():
        t = p.read_text(encoding="utf-8")
        try:  # the real running text where the text front is available
            from sahelkg.extract.normalise import normalise

            t = normalise(Letter(name=p.stem, text=t, media_type="text/plain", encoding="utf-8", sha256="")).text
        except Exception:
            pass
        texts.append(t)
    docs, size = [], 0
    while size < mb * 1_000_000:
        for t in texts:
            docs.append(t)
            size += len(t.encode("utf-8"))
    return [_parsed(t) for t in docs]


def _time(fn, docs, repeat: int) -> float:
    """Best CPU time of this process over ``repeat`` runs (per-core speed, robust to other load)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for d in docs:
            fn(d)
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    _automaton()
    build = time.perf_counter() - t0
    docs = corpus(args.mb)
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1_000_000
    word = re.compile(r"\w+")
    base = _time(lambda d: sum(1 for _ in word.finditer(d.text)), docs, args.repeat)
    gaz = _time(gazetteer_mentions, docs, args.repeat)
    full = _time(find_mentions, docs, args.repeat)
    n_mentions = sum(len(find_mentions(d)) for d in docs[:5])
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}")
    print(f"corpus: {len(docs)} documents, {mb:.2f} MB (UTF-8); {n_mentions} mentions in the 5 seeds")
    print(f"automaton build (once per process): {build * 1000:.0f} ms")
    print(f"baseline \\w+ scan:        {mb / base:8.1f} MB/s")
    print(f"gazetteer_mentions:       {mb / gaz:8.1f} MB/s  ({base / gaz:.2f} x baseline)")
    print(f"find_mentions (+discover): {mb / full:7.1f} MB/s  ({base / full:.2f} x baseline)")


if __name__ == "__main__":
    main()
