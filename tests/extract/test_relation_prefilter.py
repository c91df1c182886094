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


# --------------------------------------------------------------------------- per-rule plans


def _masked_sentences() -> list[str]:
    return [masked for masked, _ in _sentences()]


_SENTENCES: list = []


def _sentences() -> list:
    """:func:`_masked_sentences` with, for those of real letters, (context, view, mentions marked, views)."""
    if not _SENTENCES:
        _SENTENCES.extend(_collect())
    return _SENTENCES


def _collect() -> list:
    """Every masked sentence (mentions replaced by markers) of the seeds and the passages we wrote,
    plus sentences of our own that reach the rules' rare corners (case-special characters, a marker
    at the very start, questions, asides in parentheses)."""
    import hashlib

    from sahelkg.extract.dates import find_dates
    from sahelkg.extract.evaluate import load_passages, passage_letter_text
    from sahelkg.extract.facts.events import sentence_views
    from sahelkg.extract.facts.relations import _mask_text
    from sahelkg.extract.mentions import find_mentions
    from sahelkg.extract.model import FactContext, Letter
    from sahelkg.extract.normalise import normalise
    from sahelkg.extract.sentences import split
    from sahelkg.extract.values import find_quantities
    from pathlib import Path

    texts = [p.read_text(encoding="utf-8") for p in seed_letters()]
    texts += [passage_letter_text(p) for p in load_passages(Path(__file__).resolve().parents[2] / "tests" / "passages")]
    out = []
    for text in texts:
        letter = Letter(name="t", text=text, media_type="text/plain", encoding="utf-8",
                        sha256=hashlib.sha256(text.encode()).hexdigest())
        parsed = split(normalise(letter))
        ctx = FactContext(parsed=parsed, mentions=tuple(find_mentions(parsed)),
                          quantities=tuple(find_quantities(parsed)), dates=tuple(find_dates(parsed, None)),
                          letter_date=None)
        views = sentence_views(ctx)
        for v in views:
            if v.mentions:
                masked, ms, _, _ = _mask_text(ctx.text, v)
                out.append((masked, (ctx, v, ms, list(views))))
    m = "\ue000{}\ue001".format
    out += [f"{m(0)} ({m(1)})", f"{m(0)} (met {m(1)}, {m(2)} en {m(3)})", f"Zowel de {m(0)} als {m(1)} steunen {m(2)}",
            f"{m(0)} IS LID VAN {m(1)}", f"{m(0)} is \u0131id van {m(1)}", f"Dit gebeurt in {m(0)}, {m(1)} en {m(2)}",
            f"{m(0)}-leider {m(1)}", f"het {m(0)} maakt deel uit van de {m(1)}?", f"DE {m(0)} STEUNT HET {m(1)}"]
    return [x if isinstance(x, tuple) else (x, None) for x in out]


def test_rule_plans_are_necessary_conditions_of_every_match():
    """Each match holds a word of each word set, the fewest markers, and starts with one of the lead
    strings no more than the lead before its first marker (so skipping what they rule out loses nothing)."""
    from sahelkg.extract.facts.prefilter import lead_before, lead_strings, min_count, required_clauses

    checked = 0
    for s in _masked_sentences():
        for _, _, rx, _ in _rules():
            for mt in rx.finditer(s):
                checked += 1
                got = mt.group()
                if CASE_SPECIAL.isdisjoint(got):
                    for clause in required_clauses(rx.pattern):
                        assert any(w in got.lower() for w in clause), (rx.pattern, got, clause)
                assert got.count("\ue000") >= min_count(rx.pattern, "\ue000") >= 1
                lead = lead_before(rx.pattern, "\ue000")
                if lead is not None:
                    assert got.index("\ue000") <= lead, (rx.pattern, got)
                    leads = lead_strings(rx.pattern, "\ue000")
                    if leads is not None and CASE_SPECIAL.isdisjoint(got):
                        assert got[:got.index("\ue000")].lower() in leads, (rx.pattern, got)
    assert checked >= 200  # the samples do reach the rules


def test_anchored_matching_gives_finditer_exactly():
    """:func:`relations._matches` (only where a match can start) gives the matches ``finditer`` gives,
    for every rule on every sample, and the clause prefilter (of one mention's rules, for a sentence
    of one mention) keeps every rule that matches."""
    from sahelkg.extract.facts.relations import _clause_prefilter, _matches, _plans, _single_mention_prefilter, _starts

    pf, plans = _clause_prefilter(), _plans()
    single_idx, single = _single_mention_prefilter()
    for s in _masked_sentences():
        marks = [i for i, c in enumerate(s) if c == "\ue000"]
        low = s.lower() if CASE_SPECIAL.isdisjoint(s) else None
        cands = set(pf.candidates(s))
        if len(marks) == 1:  # what the sentence of one mention is tried with
            cands = {single_idx[j] for j in single.candidates(s)}
        for i, (_, _, rx, _) in enumerate(_rules()):
            want = [mt.span() for mt in rx.finditer(s)]
            if want:
                assert i in cands, (s, rx.pattern)
            if len(marks) < plans[i][0]:
                assert not want
                continue
            _, lead, leads = plans[i][:3]
            starts = _starts(low, marks, leads) if leads is not None and low is not None else None
            assert [mt.span() for mt in _matches(rx, s, lead, marks, starts)] == want, (s, rx.pattern)


def test_a_rule_skipped_for_its_classes_gives_no_triple():
    """A rule is skipped in a sentence without a mention of its slots' classes: every match it has
    there gives no triple (so skipping it loses nothing); and the samples do reach such matches."""
    from sahelkg.extract.facts.relations import _plans, _triples

    plans, reached = _plans(), 0
    for masked, real in _sentences():
        if real is None:
            continue
        ctx, v, ms, views = real
        classes = {m.entity.cls for m in ms}
        for i, (pred, spec, rx, opts) in enumerate(_rules()):
            s_cls, o_cls = plans[i][4], plans[i][5]
            if not ((s_cls and s_cls.isdisjoint(classes)) or (o_cls and o_cls.isdisjoint(classes))):
                continue
            for mt in rx.finditer(masked):
                reached += 1
                assert _triples(ctx, v, masked, ms, mt, pred, spec, opts, views) == [], (masked, rx.pattern)
    assert reached >= 20


def test_offset_maps_each_masked_character_to_its_normalised_one():
    """:func:`relations._offset` against the offsets written out character by character: text keeps
    its offsets, a marker's characters stand for its mention's first character, its last for the
    mention's last, and the end of the masked sentence is the sentence's end."""
    from sahelkg.extract.facts.prefilter import lowered
    from sahelkg.extract.facts.relations import _mask_text, _offset

    for masked, real in _sentences():
        if real is None:
            continue
        ctx, v, _, _ = real
        _, ms, at, low = _mask_text(ctx.text, v, lowered(ctx.text))
        assert low == masked.lower()  # made of the letter lower-cased once
        pos, cur = [], v.start
        for j, m in enumerate(ms):
            pos.extend(range(cur, m.start))
            pos.extend([m.start] * (len(str(j)) + 1) + [m.end - 1])
            cur = m.end
        pos.extend(range(cur, v.end))
        pos.append(v.end)
        assert len(pos) == len(masked) + 1
        assert [_offset(i, v, ms, at) for i in range(len(masked) + 1)] == pos, masked


def test_simplest_word_sets_are_the_same_condition():
    """The prefilter's fewer words (a word holding another of its set goes, a set another implies
    goes) accept exactly the texts the rule's full word sets accept."""
    from sahelkg.extract.facts.prefilter import _simplest, required_clauses

    dropped = 0
    texts = [s.lower() for s in _masked_sentences()]
    for _, _, rx, _ in _rules():
        full = required_clauses(rx.pattern)
        simple = _simplest(full)
        dropped += sum(map(len, full)) - sum(map(len, simple))
        for t in texts:
            assert all(any(w in t for w in cl) for cl in full) == all(any(w in t for w in cl) for cl in simple), \
                (rx.pattern, t)
    assert dropped > 0


def test_a_sentence_of_one_mention_without_a_single_mention_word_has_no_candidate_rule():
    """:func:`relations._single_mention_words` is a necessary condition read on the unmasked sentence:
    whenever the one-mention prefilter keeps a rule for a masked sentence of one marker, the
    lower-cased sentence itself holds one of the words (so skipping the others loses no rule); and
    the words' starts found by the automaton are those ``str.find`` finds."""
    from sahelkg.extract.facts.prefilter import lowered
    from sahelkg.extract.facts.relations import (
        _single_mention_prefilter, _single_mention_starts, _single_mention_words,
    )

    words = _single_mention_words()
    assert words and all("\ue000" not in w and "\ue001" not in w for w in words)
    single_idx, single = _single_mention_prefilter()
    kept = 0
    for masked, real in _sentences():
        if real is None or masked.count("\ue000") != 1:
            continue
        ctx, v, _, _ = real
        low = lowered(ctx.text)
        if low is None or not single.candidates(masked):
            continue
        kept += 1
        assert any(w in low[v.start:v.end] for w in words), masked
    assert kept >= 10  # the samples do reach such sentences
    text = seed_letters()[0].read_text(encoding="utf-8").lower() + " steunde hij de regeringsgezinde "
    assert sorted(set(_single_mention_starts(text))) == sorted({i for w in words for i in range(len(text)) if text.startswith(w, i)})


def _mask_low_plain(low: str, v, ms) -> str:
    """The lower-cased masked sentence made of the lower-cased letter's pieces around the markers."""
    out, cur = [], v.start
    for k, m in enumerate(ms):
        out.append(low[cur:m.start] + "\ue000" + str(k) + "\ue001")
        cur = m.end
    return "".join(out) + low[cur:v.end]


def test_masked_sentence_lower_cased_equals_the_letters_pieces():
    """``_mask_text`` lower-cases the masked sentence itself when it holds no capital sigma: the same
    text as the lower-cased letter's pieces around the markers (also with a sigma, a marker
    right after it, 100+ mentions)."""
    from sahelkg.extract.facts.events import SentenceView
    from sahelkg.extract.facts.prefilter import lowered
    from sahelkg.extract.facts.relations import _mask_text
    from sahelkg.extract.model import Entity, Mention

    n = 0
    for masked, real in _sentences():
        if real is None:
            continue
        ctx, v, _, _ = real
        low = lowered(ctx.text)
        if low is None:
            continue
        got, ms, _, got_low = _mask_text(ctx.text, v, low)
        assert got_low == _mask_low_plain(low, v, ms) and len(got_low) == len(got)
        n += 1
    assert n > 500
    e = Entity(key="state/GRC", cls="State")
    for text in ("ΟΔΥΣΣΕΑΣ en ΑΘΗΝΑΣ Mali", "Griekenland ΣΑΣ Σ Mali " * 60):
        low = text.lower()
        spans = [(i, i + 4) for i in range(0, len(text) - 4, 5)]
        v = SentenceView(0, 0, len(text), [Mention(s, e_, text[s:e_], e) for s, e_ in spans])
        got, ms, _, got_low = _mask_text(text, v, low)
        assert got_low == _mask_low_plain(low, v, ms), text
