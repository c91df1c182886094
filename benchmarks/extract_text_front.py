"""Throughput of the extractor's text front: read + normalise + split + quantities + dates.

Measures characters per second (CPU time of this process) per step on the seed letters repeated ``--repeat`` times (each
repetition is one letter of ``--copies`` seeds glued together, so per-letter caches do not hide
work), single process, one core. Prints a table; writes nothing.

    .venv/bin/python benchmarks/extract_text_front.py [--repeat 5] [--copies 20] [--adversarial]

The in-process baseline of the same run is ``str.splitlines`` + ``re.findall(r"\\w+")`` over the
same text (a floor for "touching every character in Python"); ratios are given against it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import tempfile
import time
from pathlib import Path

from sahelkg.extract.dates import find_dates, find_letter_date
from sahelkg.extract.normalise import normalise
from sahelkg.extract.read import read_letter
from sahelkg.extract.sentences import split
from sahelkg.extract.values import find_quantities
from sahelkg.resources import seed_letters


def _time(fn, *args):
    """(result, CPU seconds of this process): wall time on a shared machine measures the neighbours."""
    t = time.process_time()
    out = fn(*args)
    return out, time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds (best is reported)")
    ap.add_argument("--copies", type=int, default=20, help="copies of each seed glued into one letter")
    ap.add_argument("--adversarial", action="store_true", help="also time pathological inputs")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for p in seed_letters():
            # one big letter per seed: the seed repeated, so the steps see MB-sized input
            text = p.read_text(encoding="utf-8")
            q = Path(tmp) / p.name
            q.write_text("\n\n".join([text] * args.copies), encoding="utf-8")
            paths.append(q)
        total_chars = sum(len(read_letter(q).text) for q in paths)

        steps = ["read", "normalise", "split", "split(+tokens)", "quantities", "dates", "total"]
        best = {s: float("inf") for s in steps}
        base_best = float("inf")
        for _ in range(args.repeat):
            spent = dict.fromkeys(steps, 0.0)
            for q in paths:
                letter, t = _time(read_letter, q)
                spent["read"] += t
                norm, t = _time(normalise, letter)
                spent["normalise"] += t
                parsed, t = _time(split, norm)
                spent["split"] += t
                _, t = _time(lambda n: split(n, tokens=True), norm)
                spent["split(+tokens)"] += t
                _, t = _time(find_quantities, parsed)
                spent["quantities"] += t
                ld = find_letter_date(norm)
                _, t = _time(find_dates, parsed, ld)
                spent["dates"] += t
            spent["total"] = sum(v for k, v in spent.items() if k not in ("split(+tokens)", "total"))
            for s in steps:
                best[s] = min(best[s], spent[s])
            t0 = time.process_time()
            for q in paths:
                text = q.read_text(encoding="utf-8")
                text.splitlines()
                re.findall(r"\w+", text)
            base_best = min(base_best, time.process_time() - t0)
        wall0 = time.perf_counter()
        for q in paths:
            parsed = split(normalise(read_letter(q)))
            find_quantities(parsed)
            find_dates(parsed, find_letter_date(parsed.normalised))
        wall = time.perf_counter() - wall0

    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, {platform.system()}")
    print(f"input: {len(paths)} letters, {total_chars:,} characters ({total_chars / 1e6:.2f} M), best of {args.repeat}, CPU time")
    print(f"{'step':<18}{'seconds':>10}{'M chars/s':>12}{'x baseline':>12}")
    base_rate = total_chars / base_best
    print(f"{'baseline':<18}{base_best:>10.3f}{base_rate / 1e6:>12.2f}{1.0:>12.2f}")
    for s in steps:
        rate = total_chars / best[s]
        print(f"{s:<18}{best[s]:>10.3f}{rate / 1e6:>12.2f}{base_best / best[s]:>12.3f}")
    print(f"one more pass, wall clock: {wall:.3f} s = {total_chars / wall / 1e6:.2f} M chars/s (load average {os.getloadavg()[0]:.1f})")
    if args.adversarial:
        adversarial()


ADVERSARIAL = {
    "one 1 MB line, dense values": "De missie telt ongeveer 450 militairen sinds 11 april 2013 en " * 16_000,
    "unbroken 1 MB word": "a" * 1_000_000 + "-\nb",
    "dense numbers": "1 " * 250_000,
    "hyphen at every line end": "woord-\n" * 150_000,
    "blank line after every word": "woord\n\n" * 150_000,
}


def adversarial() -> None:
    """Pathological inputs: every step must stay linear (a regression shows up as minutes here)."""
    from sahelkg.extract.read import read_bytes

    print(f"{'adversarial input':<30}{'chars':>11}{'seconds':>10}{'M chars/s':>12}")
    for name, text in ADVERSARIAL.items():
        t = time.process_time()
        letter = read_bytes(text.encode("utf-8"), "adversarial", ".txt")
        parsed = split(normalise(letter))
        find_quantities(parsed)
        find_dates(parsed, find_letter_date(parsed.normalised))
        spent = time.process_time() - t
        print(f"{name:<30}{len(text):>11,}{spent:>10.2f}{len(text) / spent / 1e6:>12.2f}")


if __name__ == "__main__":
    main()
