"""The relations' word prefilter answers exactly as searching each rule's words with ``re.IGNORECASE``."""

from __future__ import annotations

import random
import re

from sahelkg.extract.facts.relations import _CASE_SPECIAL, _prefilter, _required_words, _rules
from sahelkg.resources import seed_letters


def _by_regex(masked: str, needs) -> list[int]:
    return [i for i, ws in enumerate(needs)
            if ws is None or re.search("|".join(map(re.escape, ws)), masked, re.IGNORECASE) is not None]


def _samples() -> list[str]:
    words = sorted({w for _, _, rx, _ in _rules() for w in (_required_words(rx) or ())})
    rng = random.Random(5)
    out = []
    for _ in range(300):
        picked = rng.sample(words, 3)
        s = " ".join(w.upper() if rng.random() < 0.3 else w.capitalize() for w in picked)
        out.append(s)
        out.append(s[1:-1])  # words cut at the edges
        # a case-special character in place of a letter (the Kelvin sign for k, dotless i for i, long s for s)
        out.append(s.replace("k", "\u212a").replace("i", "\u0131").replace("s", "\u017f"))
    text = seed_letters()[0].read_text(encoding="utf-8")
    out.extend(text[i:i + 300] for i in range(0, min(len(text), 30000), 150))
    out.append("İnzet van Sİnaï en " + "\ue0003\ue001-leider")
    return out


def test_prefilter_matches_per_rule_regex_search():
    pf = _prefilter()
    needs = [_required_words(rx) for _, _, rx, _ in _rules()]
    assert len(pf.regex) == len(needs)
    for s in _samples():
        assert pf.runnable(s) == _by_regex(s, needs), s


def test_case_special_characters_are_all_that_fold_onto_ascii_letters_differently():
    rx = re.compile("[a-z]", re.IGNORECASE)
    found = {chr(i) for i in range(0x80, 0x3000)
             if rx.fullmatch(chr(i)) or any(c.isascii() for c in chr(i).lower())}
    found |= {c for c in "\u212a" if rx.fullmatch(c)}
    assert found == set(_CASE_SPECIAL)
