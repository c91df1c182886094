"""The events' trigger prefilter (Aho-Corasick over required words) never hides a trigger.

The prefilter may let through sentences without a trigger (it only knows words the patterns need),
but every trigger alternative that matches a sentence must be among its candidates, and the
reduced per-type pattern must find exactly what the type's full pattern finds.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sahelkg.extract.evaluate import load_passages
from sahelkg.extract.facts.events import SentenceView, _find_triggers, config, required_words
from sahelkg.resources import seed_letters

ROOT = Path(__file__).resolve().parents[2]


def _sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in seed_letters()]
    texts += [p["text"] for p in load_passages(ROOT / "tests" / "passages")]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic_letters import letter_text
        texts += [letter_text(i, seed=3) for i in range(20)]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out = []
    for text in texts:
        out.extend(s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())
    # case and folding traps: upper case, a dotted capital I, a long s
    out += ["DE AANSLAG OP HET KAMP", "De İnstemming van de Raad", "Het ſtaakt-het-vuren", "Een AANVAL in Gao."]
    return out


def test_prefilter_keeps_every_matching_alternative():
    cfg = config()
    flat = {(i, j): k for k, (i, j) in enumerate(cfg.trigger_alts)}
    alts = {(i, j): re.compile(r"(?<![\w-])(?:" + spec["triggers"][j] + r")(?![\w])", re.IGNORECASE)
            for i, (_, _, spec) in enumerate(cfg.triggers) for j in range(len(spec["triggers"]))}
    hits = passed = 0
    sentences = _sentences()
    for s in sentences:
        may = cfg.trigger_filter.candidates(s)
        passed += bool(may)
        for key, rx in alts.items():
            if rx.search(s):
                hits += 1
                assert flat[key] in may, (s, cfg.triggers[key[0]][0], key[1])
    assert hits > 0 and passed < len(sentences)  # triggers occur, and some sentences are skipped


def _full_triggers(sentence: str, offset: int = 0) -> list:
    """(type, start, end) of the triggers every type's full pattern finds, in order, no overlaps (the
    plain form of :func:`_find_triggers`); offsets plus ``offset``."""
    full = []
    for etype, rx, _ in config().triggers:
        full += [(offset + m.start(), offset + m.end(), etype) for m in rx.finditer(sentence)]
    full.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept, last_end = [], -1
    for st, en, etype in full:
        if st >= last_end:
            kept.append((etype, st, en))
            last_end = en
    return kept


def test_reduced_patterns_find_what_the_full_patterns_find():
    for s in _sentences():
        v = SentenceView(0, 0, len(s))
        assert [(t, st, en) for t, st, en, _ in _find_triggers(s, v)] == _full_triggers(s), s


def test_trigger_window_finds_what_the_whole_sentence_finds():
    """Within a letter (text before and after each sentence), the scan of the window around the words
    (:func:`events._trigger_window`) finds every trigger the full patterns find in the sentence; the
    window is narrower than the sentence for most sentences."""
    from sahelkg.extract.facts.events import _trigger_window
    from sahelkg.extract.facts.prefilter import lowered

    cfg = config()
    parts = _sentences() + ["zelfmoordaanslagaanslagen en de aanslag", "Een aanval-aanval op-aanvallen.",
                            "AANSLAGEN, aanslag", "werd verlengd", "ex-aanval", "aanval",
                            "Vastgesteld 20 juli 2023", "vastgesteld 3 mei 2021 door de Raad", "vastgesteld."]
    assert lowered("\n\n".join(parts)) is None  # the dotted capital I: lowered() refuses, whole sentences
    text = "\n\n".join(p for p in parts if lowered(p) is not None)
    low = lowered(text)
    pos, narrower, checked = 0, 0, 0
    for i, part in enumerate(text.split("\n\n")):
        v = SentenceView(i, pos, pos + len(part))
        pos += len(part) + 2
        assert [(t, st, en) for t, st, en, _ in _find_triggers(text, v)] == _full_triggers(part, v.start), part
        for k in cfg.trigger_filter.candidates(part):
            ti, j = cfg.trigger_alts[k]
            lo, hi = _trigger_window(low, v.start, v.end, ti, [j])
            checked += 1
            narrower += (lo, hi) != (0, len(part))
    assert checked and narrower > checked / 2


def test_per_span_agrees_with_per_sentence():
    cfg = config()
    text = "\n\n".join(_sentences()[:400])
    spans, pos = [], 0
    for part in text.split("\n\n"):
        spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    assert cfg.trigger_filter.per_span(text, spans) == [cfg.trigger_filter.candidates(text[s:e]) for s, e in spans]


def test_required_words_are_necessary():
    assert required_words(r"[\w-]*aanslag(?:en)?") == ("aanslag",)
    assert required_words(r"(?:ging|gingen|gaat|gaan)\sop\sin") == ("ging", "gingen", "gaat", "gaan")
    assert required_words(r"\s+") is None
    for src, yes, no in ((r"be[ëée]indigd", "werd beëindigd", "werd verlengd"),
                         (r"vie(?:l|len)\s(?:[^.;,]{1,120}?\s)?(?:aan|binnen)", "vielen X aan", "viel op")):
        ws = required_words(src)
        assert any(w in yes.lower() for w in ws) and re.search(src, yes, re.I)
        assert not re.search(src, no, re.I) or any(w in no.lower() for w in ws)


def test_finditer_around_words_is_finditer():
    import random

    from sahelkg.extract.facts.events import finditer_around_words

    rng = random.Random(5)
    pieces = ["het", "Het", "HET", "ons", "dit", " ", "\n", "kabinet", "KABINET", "kabinetje", "-", "x", "het kabinet"]
    for rx, _ in config().fixed_refs:
        for _ in range(2000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            assert [m.span(1) for m in finditer_around_words(rx, text)] == [m.span(1) for m in rx.finditer(text)], text
    free = re.compile(r"(?<![\w-])[\w]+heid")  # no required word: the plain finditer
    assert [m.span() for m in finditer_around_words(free, "de veiligheid en de vrijheid")] == [(3, 13), (20, 28)]


def test_one_pass_for_triggers_and_anaphora_agrees_with_both_filters():
    """The shared pass (:func:`events._per_sentence`) answers what the trigger and the anaphora filters
    answer on their own, also with a character that ``str.lower`` folds otherwise in a sentence."""
    from sahelkg.extract.facts.events import SentenceView, _anaphora_filter, _per_sentence, _trigger_candidates

    cfg = config()
    for odd in ("", "\u0130"):  # the automaton's pass over the letter; per sentence when it cannot be lowered
        parts = _sentences()[:300] + [f"De missie werd op 3 mei beëindigd door het land{odd}.", "Dat land besloot."]
        text = "\n\n".join(parts)
        views, pos = [], 0
        for i, part in enumerate(parts):
            views.append(SentenceView(i, pos, pos + len(part), [], i))
            pos += len(part) + 2
        spans = [(v.start, v.end) for v in views]
        assert _per_sentence(text, views) == _anaphora_filter().per_span(text, spans)
        assert _trigger_candidates(text, views) == cfg.trigger_filter.per_span(text, spans)
        assert any(_trigger_candidates(text, views)) and any(_per_sentence(text, views))
        other = list(views)  # not the views the shared pass ran for: the trigger filter's own pass
        assert _trigger_candidates(text, other) == cfg.trigger_filter.per_span(text, spans)



def test_anaphora_scan_up_to_the_last_head_finds_every_match():
    """Each anaphora rule's scan stops one past the last head noun of the sentence
    (:func:`events._anaphora_endpos`): the same matches as the scan of the whole sentence."""
    import random

    from sahelkg.extract.facts.events import _anaphora_endpos, _anaphora_heads, _anaphora_rules
    from sahelkg.extract.facts.prefilter import lowered

    rules = _anaphora_rules()
    assert any(h is not None for h in _anaphora_heads())
    rng = random.Random(8)
    pieces = ["de ", "De ", "het ", "deze ", "eerste ", "grote ", "missie", "operatie", "Missie-", "groepering",
              "groep", "stad", "land", "Raad", "trainingsmissie", " ", ".", ",", "x", "e ", "\n", "-"]
    parts = [p for p in _sentences() if lowered(p) is not None]
    parts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    text = "\n\n".join(parts)
    low = lowered(text)
    pos, found, cut = 0, 0, 0
    for part in parts:
        start, end = pos, pos + len(part)
        pos = end + 2
        for k, (rx, _, _) in enumerate(rules):
            endpos = _anaphora_endpos(low, k, start, end)
            whole = [m.span() for m in rx.finditer(part)]
            assert [m.span() for m in rx.finditer(part, 0, endpos)] == whole, (part, k)
            found += len(whole)
            cut += endpos < len(part)
    assert found and cut
