"""The relations' word prefilter (the shared :mod:`sahelkg.extract.facts.prefilter`) answers exactly as
searching each rule's required words with ``re.IGNORECASE``, and never drops a rule that matches."""

from __future__ import annotations

import random
import re

from sahelkg.extract.facts.prefilter import CASE_SPECIAL, PLAIN_FOLD, required_words
from sahelkg.extract.facts.relations import _prefilter, _rules
from sahelkg.resources import seed_letters


def _needs() -> list[tuple[str, ...] | None]:
    return [required_words(rx.pattern) for _, _, rx, _ in _rules()]


def _by_regex(masked: str, needs) -> set[int]:
    """Rules without usable words always run; the others when one of their words occurs (re.I)."""
    return {i for i, ws in enumerate(needs)
            if ws is None or not all(set(w) <= PLAIN_FOLD for w in ws)
            or re.search("|".join(map(re.escape, ws)), masked, re.IGNORECASE) is not None}


def _samples() -> list[str]:
    words = sorted({w for ws in _needs() for w in (ws or ())})
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


def test_most_rules_have_required_words():
    needs = _needs()
    assert sum(ws is not None for ws in needs) >= 0.8 * len(needs)


def test_prefilter_matches_per_rule_regex_search():
    pf, needs = _prefilter(), _needs()
    for s in _samples():
        got = pf.candidates(s)
        if not CASE_SPECIAL.isdisjoint(s):
            assert got == frozenset(range(len(needs))), s  # a case-special text runs every rule
        else:
            assert set(got) == _by_regex(s, needs), s


def test_prefilter_never_drops_a_matching_rule():
    pf, rules = _prefilter(), _rules()
    for s in _samples():
        got = pf.candidates(s)
        for i, (_, _, rx, _) in enumerate(rules):
            if rx.search(s):
                assert i in got, (s, rx.pattern)


def test_case_special_characters_are_all_that_fold_onto_ascii_letters_differently():
    rx = re.compile("[a-z]", re.IGNORECASE)
    found = {chr(i) for i in range(0x80, 0x3000)
             if rx.fullmatch(chr(i)) or any(c.isascii() for c in chr(i).lower())}
    found |= {c for c in "\u212a" if rx.fullmatch(c)}
    assert found == set(CASE_SPECIAL)
