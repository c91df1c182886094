"""The events' union of trigger patterns finds a trigger exactly where one type's pattern does."""

from __future__ import annotations

import re

from sahelkg.extract.facts.events import config
from sahelkg.resources import seed_letters


def test_union_of_triggers_matches_iff_a_type_pattern_matches():
    cfg = config()
    assert cfg.any_trigger is not None
    texts = []
    for p in seed_letters():
        text = p.read_text(encoding="utf-8")
        texts.extend(s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())
    hits = 0
    for s in texts:
        by_type = any(rx.search(s) for _, rx, _ in cfg.triggers)
        hits += by_type
        assert (cfg.any_trigger.search(s) is not None) == by_type, s
    assert 0 < hits < len(texts)  # both answers occur
