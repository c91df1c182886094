"""The extractor's output as sorted N-Quads, per corpus, to prove that a speed change changed nothing.

A speed commit must leave every quad as it was. This script extracts the same corpora the tests and
benchmarks use and writes, for each, the sorted N-Quads of every letter into ``OUT/<corpus>.nq`` and
prints one SHA-256 per corpus:

- ``seeds``: the letters shipped in ``seeds/``;
- ``passages``: every passage of ``tests/passages/*.yaml``, written as a letter the way the tests do;
- ``heldout``: the held-out passages of ``tests/heldout/*.yaml``;
- ``documents``: the QA documents of ``tests/e2e/documents`` (other papers of the dossiers);
- ``synthetic``: ``--letters`` letters of ``benchmarks/synthetic_letters.py`` (deterministic);
- ``large``: each seed glued ``--copies`` times with its numbers varied (as ``extract_throughput.py``).

Run it before and after a change and compare (``diff`` the two folders for the quads that moved):

    .venv/bin/python benchmarks/extract_fingerprint.py /tmp/before
    # … change …
    .venv/bin/python benchmarks/extract_fingerprint.py /tmp/after && diff -r /tmp/before /tmp/after
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_throughput import corpora  # noqa: E402

from sahelkg.errors import LetterError  # noqa: E402
from sahelkg.extract import extract_letter, to_quads  # noqa: E402
from sahelkg.extract.evaluate import load_passages, passage_letter_text  # noqa: E402
from sahelkg.extract.model import Letter  # noqa: E402
from sahelkg.extract.read import read_letter  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _text_letter(name: str, text: str) -> Letter:
    return Letter(name=name, text=text, media_type="text/plain", encoding="utf-8",
                  sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def _heldout() -> list[Letter]:
    out = []
    for f in sorted((ROOT / "tests" / "heldout").glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for p in data.get("passages") or ():
            out.append(_text_letter(f"heldout-{f.stem}-{p['id']}", passage_letter_text(p)))
    return out


def _documents() -> list[Letter]:
    out = []
    for p in sorted((ROOT / "tests" / "e2e" / "documents").iterdir()):
        try:
            out.append(read_letter(p))
        except LetterError:
            continue  # an unreadable document has no quads to compare
    return out


def all_corpora(letters: int, copies: int) -> dict[str, list[Letter]]:
    base = corpora(letters, copies)
    passages = [_text_letter(f"passage-{p['id']}", passage_letter_text(p))
                for p in load_passages(ROOT / "tests" / "passages")]
    return {"seeds": base["seeds"], "passages": passages, "heldout": _heldout(),
            "documents": _documents(), "synthetic": base["synthetic"], "large": base["large"]}


def _nquads(letter: Letter) -> list[str]:
    try:
        extraction = extract_letter(letter)
    except LetterError as e:
        return [f"# {letter.name}: {e}"]
    lines = [f"{q.subject} {q.predicate} {q.object} {q.graph_name} ." for q in to_quads(extraction)]
    lines.extend(f"# warning: {w}" for w in extraction.warnings)
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write <corpus>.nq into")
    ap.add_argument("--letters", type=int, default=60, help="synthetic letters (default 60)")
    ap.add_argument("--copies", type=int, default=3, help="copies of each seed in the large corpus (default 3)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, letters in all_corpora(args.letters, args.copies).items():
        lines = sorted(line for letter in letters for line in _nquads(letter))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (args.out / f"{name}.nq").write_bytes(data)
        print(f"{name:10s} {len(letters):4d} letters {len(lines):7d} lines  sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
