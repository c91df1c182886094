"""CPU time of the pipeline area's steps alone, each over inputs prepared beforehand, per corpus.

Steps: ``normalise`` (letter → Normalised), ``split`` (→ Parsed), ``find_mentions`` (Parsed →
mentions), footnote mentions, ``extract_letter_meta`` (FactContext → facts) and ``to_quads``
(Extraction → quads). Corpora as in ``extract_throughput.py`` (seeds; ``--letters`` synthetic
letters; each seed glued ``--copies`` times). Each step's time is the best of ``--repeat`` rounds of
``time.process_time`` (CPU time of this process: the machine is shared).

``--tree DIR`` imports ``sahelkg`` from another checkout (e.g. ``git archive <commit> | tar -x -C DIR``)
instead of the working tree, so two versions can be timed in alternating runs of this script:

    .venv/bin/python benchmarks/pipeline_steps.py [--tree /tmp/base] [--repeat 5] [--letters 100] [--copies 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--tree", help="import sahelkg from this checkout instead of the working tree")
ap.add_argument("--repeat", type=int, default=5)
ap.add_argument("--letters", type=int, default=100)
ap.add_argument("--copies", type=int, default=5)
args = ap.parse_args()

HERE = Path(__file__).resolve().parent
if args.tree:  # point the editable install's finder at the other checkout before anything imports sahelkg
    import __editable___sahelkg_0_1_0_finder as finder  # noqa: E402

    root = Path(args.tree).resolve()
    for k, v in list(finder.MAPPING.items()):
        finder.MAPPING[k] = str(root / Path(v).name)
    for name in [m for m in sys.modules if m == "sahelkg" or m.startswith("sahelkg.")]:
        del sys.modules[name]
sys.path.insert(0, str(HERE))

import sahelkg.extract as extract_pkg  # noqa: E402
import sahelkg.extract.pipeline as pipeline  # noqa: E402
from extract_throughput import corpora  # noqa: E402
from sahelkg.extract import extract_letter, to_quads  # noqa: E402
from sahelkg.extract.dates import find_dates, find_letter_date  # noqa: E402
from sahelkg.extract.facts.letter_meta import extract_letter_meta  # noqa: E402
from sahelkg.extract.mentions import find_mentions  # noqa: E402
from sahelkg.extract.model import FactContext  # noqa: E402
from sahelkg.extract.normalise import normalise  # noqa: E402
from sahelkg.extract.sentences import split  # noqa: E402
from sahelkg.extract.values import find_quantities  # noqa: E402


def best(fn, items, repeat: int) -> float:
    b = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.process_time()
        for x in items:
            fn(x)
        b = min(b, time.process_time() - t)
    return b


def main() -> None:
    cs = corpora(args.letters, args.copies)
    to_quads(extract_letter(cs["seeds"][0]))  # warm up: gazetteer, automata, compiled patterns
    print(f"# pipeline steps, CPU ms (best of {args.repeat}); sahelkg from {Path(extract_pkg.__file__).parent.parent}; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, letters in cs.items():
        chars = sum(len(lt.text) for lt in letters)
        norms = [normalise(lt) for lt in letters]
        parsed = [split(n) for n in norms]
        ctxs = []
        for p in parsed:
            ld = find_letter_date(p.normalised)
            ctxs.append(FactContext(parsed=p, mentions=find_mentions(p), quantities=find_quantities(p),
                                    dates=find_dates(p, ld), letter_date=ld))
        exs = [extract_letter(lt) for lt in letters]
        steps = {"normalise": (normalise, letters), "split": (split, norms), "find_mentions": (find_mentions, parsed),
                 "footnotes": (pipeline._footnote_mentions, norms), "letter_meta": (extract_letter_meta, ctxs),
                 "to_quads": (to_quads, exs)}
        times = {k: best(fn, items, args.repeat) for k, (fn, items) in steps.items()}
        total = sum(times.values())
        print(f"{name:<10} {chars:>8} chars  all {total * 1000:7.1f} ms ({chars / total / 1e6:5.2f} MB/s) | "
              + " | ".join(f"{k} {v * 1000:.1f}" for k, v in times.items()), flush=True)


if __name__ == "__main__":
    main()
