"""Real texts for property tests that compare a shortcut with its plain form: the seed letters and
every passage of ``tests/passages/`` as the letters the evaluator builds from them."""

from __future__ import annotations

from pathlib import Path


def seed_and_passage_texts() -> list[str]:
    import yaml

    from sahelkg.extract.evaluate import passage_letter_text
    from sahelkg.resources import seed_letters

    texts = [p.read_text(encoding="utf-8") for p in seed_letters()]
    for f in sorted((Path(__file__).resolve().parents[1] / "passages").glob("*.yaml")):
        for p in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("passages") or ():
            texts.append(passage_letter_text(p))
    return texts
