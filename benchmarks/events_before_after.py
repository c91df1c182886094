"""Events extractor, an earlier version against the working tree: same output? how much CPU time?

The earlier ``extract/facts/events.py`` and ``extract/data/event_triggers.yaml`` are read from a git
commit (``--before``) and loaded as a second module in this process; relations, which reads the
events' sentence views, is pointed at whichever module runs. Everything else is the working tree.

- ``compare``: sorted N-Quads of every seed, every ``tests/passages/*.yaml`` passage and every
  ``tests/e2e/documents/*.txt`` letter with each version; says IDENTICAL or DIFFERENT and writes both
  files (``--out PREFIX``) for ``diff``.
- ``time``: CPU time (``time.process_time``) of ``extract_events`` inside ``extract_letter`` (best of
  ``--repeat`` rounds) on the corpora of ``benchmarks/extract_throughput.py``, the two versions
  alternated ``--pairs`` times, with the load average.

    .venv/bin/python benchmarks/events_before_after.py compare --before fabcda6
    .venv/bin/python benchmarks/events_before_after.py time --before fabcda6 --letters 100 --copies 5
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import sahelkg.extract.facts as facts_pkg  # noqa: E402
import sahelkg.extract.facts.events as live  # noqa: E402
import sahelkg.extract.facts.relations as relations  # noqa: E402
from sahelkg.extract import extract_letter, to_quads  # noqa: E402
from sahelkg.extract.evaluate import load_passages, passage_letter_text  # noqa: E402
from sahelkg.extract.model import Letter  # noqa: E402
from sahelkg.resources import seed_letters  # noqa: E402

_SHARED = ("SentenceView", "_compound_non_actor", "is_adjective_form", "is_state_actor", "load_data",
           "relation_fact", "sentence_views")


def load_before(commit: str):
    """The events module and trigger data of ``commit``, as a module of their own."""
    tmp = Path(tempfile.mkdtemp(prefix="events-before-"))
    for src, dst in (("extract/facts/events.py", "events.py"), ("extract/data/event_triggers.yaml", "triggers.yaml")):
        (tmp / dst).write_bytes(subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:{src}"],
                                               check=True, capture_output=True).stdout)
    spec = importlib.util.spec_from_file_location("sahelkg.extract.facts._events_before", tmp / "events.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    cache: dict = {}

    def load_data(name: str) -> dict:
        if name not in cache:
            cache[name] = (yaml.safe_load((tmp / "triggers.yaml").read_text(encoding="utf-8"))
                           if name == "event_triggers.yaml" else live.load_data(name))
        return cache[name]
    mod.load_data = load_data
    mod.config.cache_clear()
    return mod


def use(mod) -> None:
    """Make the pipeline (and relations) run ``mod``'s events extractor."""
    facts_pkg.FACT_EXTRACTORS = tuple(mod.extract_events if f.__name__ == "extract_events" else f
                                      for f in facts_pkg.FACT_EXTRACTORS)
    for name in _SHARED:
        setattr(relations, name, getattr(mod, name))
    relations.event_config = mod.config


def _letter(name: str, text: str) -> Letter:
    return Letter(name=name, text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def output_letters() -> list[Letter]:
    out = [_letter(p.stem, p.read_text(encoding="utf-8")) for p in seed_letters()]
    out += [_letter(f"passage-{p['id']}", passage_letter_text(p)) for p in load_passages(ROOT / "tests" / "passages")]
    out += [_letter("doc-" + p.stem, p.read_text(encoding="utf-8", errors="replace"))
            for p in sorted((ROOT / "tests" / "e2e" / "documents").glob("*.txt"))]
    return out


def compare(before, prefix: str) -> bool:
    letters = output_letters()
    got = {}
    for label, mod in (("before", before), ("after", live)):
        use(mod)
        lines = sorted(str(q) for lt in letters for q in to_quads(extract_letter(lt)))
        got[label] = lines
        Path(f"{prefix}{label}.nq").write_text("\n".join(lines) + "\n", encoding="utf-8")
    same = got["before"] == got["after"]
    print(f"{len(letters)} letters, {len(got['before'])} / {len(got['after'])} quads: "
          f"{'IDENTICAL' if same else 'DIFFERENT'} (files {prefix}before.nq, {prefix}after.nq)")
    return same


def timing(before, letters: int, copies: int, repeat: int, pairs: int) -> None:
    from extract_throughput import corpora

    cs = corpora(letters, copies)
    print(f"# events CPU time, best of {repeat}; {os.cpu_count()} cores, 1 used")
    for pair in range(pairs):
        for label, mod in (("before", before), ("after", live)):
            use(mod)
            fn = mod.extract_events
            spent = [0.0]

            def timed(ctx, fn=fn, spent=spent):
                t = time.process_time()
                try:
                    return fn(ctx)
                finally:
                    spent[0] += time.process_time() - t
            timed.__name__ = "extract_events"
            facts_pkg.FACT_EXTRACTORS = tuple(timed if f is fn else f for f in facts_pkg.FACT_EXTRACTORS)
            extract_letter(_letter("warm", seed_letters()[0].read_text(encoding="utf-8")))
            for name, lts in cs.items():
                chars = sum(len(lt.text) for lt in lts)
                best_ev = best_all = float("inf")
                for _ in range(repeat):
                    spent[0] = 0.0
                    t = time.process_time()
                    for lt in lts:
                        extract_letter(lt)
                    best_all = min(best_all, time.process_time() - t)
                    best_ev = min(best_ev, spent[0])
                print(f"pair {pair + 1} {label:6} {name:10} chars {chars:8d}  events {best_ev:6.3f} s "
                      f"({chars / best_ev / 1e3:6.0f}k chars/s)  extraction {best_all:6.3f} s  "
                      f"events share {best_ev / best_all:4.0%}  load {os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("compare", "time"))
    ap.add_argument("--before", required=True, help="git commit of the earlier events version")
    ap.add_argument("--out", default="/tmp/events-", help="compare: prefix of the two N-Quads files")
    ap.add_argument("--letters", type=int, default=100)
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pairs", type=int, default=2)
    a = ap.parse_args()
    before = load_before(a.before)
    if a.what == "compare":
        sys.exit(0 if compare(before, a.out) else 1)
    timing(before, a.letters, a.copies, a.repeat, a.pairs)


if __name__ == "__main__":
    main()
