"""Dutch numbers: digits with thousands dots and decimal commas, number words, scale words."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from genre_texts import seed_and_passage_texts

from sahelkg.extract.numbers import anchored_finditer, parse_number, word_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("6.600", "6600"),
        ("13.289", "13289"),
        ("1.500.000", "1500000"),
        ("531", "531"),
        ("3,8 miljoen", "3800000"),
        ("1,2 mld", "1200000000"),
        ("1,2 mld.", "1200000000"),
        ("3 mln", "3000000"),
        ("3 mln.", "3000000"),
        ("2 mrd", "2000000000"),
        ("45 miljoen", "45000000"),
        ("5 miljard", "5000000000"),
        ("350.000", "350000"),
        ("0,5", "0.5"),
        ("1,25", "1.25"),
        ("2.5 miljoen", "2500000"),
        ("vier", "4"),
        ("twaalf", "12"),
        ("negentien", "19"),
        ("veertien", "14"),
        ("zeventien", "17"),
        ("achttien", "18"),
        ("twintig", "20"),
        ("eenentwintig", "21"),
        ("tweeëntwintig", "22"),
        ("vierendertig", "34"),
        ("honderd", "100"),
        ("tweehonderdvijftig", "250"),
        ("drieduizend", "3000"),
        ("twee miljoen", "2000000"),
        ("anderhalf miljoen", "1500000"),
        ("een", "1"),
        ("één", "1"),
        ("een honderdtal", "100"),
        ("honderdtal", "100"),
        ("een tiental", "10"),
        ("  12  ", "12"),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    ["enkele", "tientallen", "honderden", "diverse", "veel", "", "mln", "2.5", "Mali", "achten", "29 521", "12a", "één of twee"],
)
def test_parse_number_refuses(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("word, value", [("negen", 9), ("zeven", 7), ("elf", 11), ("dertig", 30), ("honderdtwintig", 120)])
def test_word_number(word, value):
    assert word_number(word) == value


@pytest.mark.parametrize("word", ["en", "achten", "vieren", "drieën", "tienen", "geen", "zestigers"])
def test_word_number_refuses(word):
    assert word_number(word) is None


def test_integral_values_have_no_exponent_or_fraction():
    assert str(parse_number("3,8 miljoen")) == "3800000"
    assert str(parse_number("1,25")) == "1.25"


def test_anchored_finditer_matches_plain_finditer():
    rx = re.compile(r"(?<!\w)(?:ongeveer |circa )?\d+(?: personen)?")
    anchors = re.compile(r"\d+")
    text = "Er zijn ongeveer 40 personen en circa 7 en 12 personen, nr12 niet."
    assert [m.group() for m in anchored_finditer(rx, anchors, text)] == [m.group() for m in rx.finditer(text)]


# --------------------------------------------------------------------------- the finders' shortcuts

_TRICKY = [
    "ten minste 5 militairen, ten hoogste 20 agenten en niet meer dan 3,8 miljoen euro",
    "zo’n 40 trainers, zo'n 12 experts, ca. 450 militairen, US$ 5 mln en EUR 4,25 miljoen",
    "tot een maximum van 250 militairen; met een maximum van twintig; een honderdtal adviseurs",
    "van 1 tot en met 15 januari 2019, t/m 3 mei, t.m. 2020, tussen 2014 en 2019",
    "in het eerste kwartaal van 2023, de tweede helft van 2018, het jaar 2014, medio-2019",
    "maandag, 21 februari a.s., eind januari 2013, begin 2014, afgelopen juli, sinds april",
    "vijftien maanden, anderhalf jaar, een half jaar, entwintig duizend, tweeëntwintig militairen",
    "één persoon, Één militair, 5tot 2014, _van 2014, Tot En Met 3 Mei, VAN 2014 TOT 2019",
    "ongeveer 3 ıN 2014 ſinds 2015 Kwartaal 2016 zo’n 3 \u00a0 4 1.500.000 6.600 2.5 miljoen",
    "(van 2014), «ongeveer 40», “tot 250”, [circa 30], /12 maart, 1 1 1 1 1 1 jaar jaar jaar",
]


def _texts():
    return seed_and_passage_texts() + _TRICKY + [t.upper() for t in _TRICKY]


@pytest.mark.parametrize("module", ["values", "dates"])
def test_anchor_words_finds_the_spans_of_the_one_alternation(module):
    import importlib

    mod = importlib.import_module(f"sahelkg.extract.{module}")
    words = {"values": lambda: r"\d+|[€$£]|(?<![\w-])(?:" + "|".join(mod._ANCHOR_WORDS) + ")",
             "dates": lambda: r"\d+|(?<![^\W\d_])(?:jan|feb|maart|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec|maand|jaar|jaren|"
                      r"kalenderjaar)"}[module]()
    one = re.compile(words)
    for text in _texts():
        low = text.lower()
        assert mod._ANCHOR_LOWER.spans(low) == [m.span() for m in one.finditer(low)]


_REF_WORD_START = re.compile(r"(?<![^\s(«“\"'\[/])(?=\S)")


def _reference_finditer(rx, anchors, text, start, end, back, ahead, hits):
    """The plain algorithm: at each anchor, every word start of its window not tried before."""
    last_end = start
    tried: set[int] = set()
    for p, pe in hits:
        if p < last_end:
            continue
        lim = min(end, pe + ahead)
        for w in _REF_WORD_START.finditer(text, max(last_end, p - back), p + 1):
            i = w.start()
            if i in tried:
                continue
            m = rx.match(text, i, lim)
            if m is not None and m.end() > p:
                last_end = m.end()
                yield m
                break
            tried.add(i)


@pytest.mark.parametrize("module, rx, back, ahead", [("values", "_QUANTITY", 40, 60), ("dates", "_CANDIDATE", 48, 64)])
def test_skipping_word_starts_changes_no_match(module, rx, back, ahead):
    """The ``openers`` and ``lead`` shortcuts only skip starts where the pattern cannot match, and the
    mark of tried starts is the set of them: every sentence gives the same matches as the plain
    algorithm (also upper-cased, with doubled spaces, and cut mid-sentence)."""
    import importlib

    from sahelkg.extract.numbers import hits_by_span

    mod = importlib.import_module(f"sahelkg.extract.{module}")
    pattern = getattr(mod, rx)
    n = 0
    for text in _texts():
        for t in (text, text.upper(), text.replace(" ", "  ")):
            spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", t)]
            spans += [(s + 7, e) for s, e in spans if e - s > 20]
            spans.sort()
            for (s, e), hits in zip(spans, hits_by_span(mod._ANCHOR, t, spans)):
                plain = [m.span() for m in _reference_finditer(pattern, mod._ANCHOR, t, s, e, back, ahead, hits)]
                assert [m.span() for m in anchored_finditer(pattern, mod._ANCHOR, t, s, e, back, ahead, hits)] == plain
                fast = [m.span() for m in anchored_finditer(pattern, mod._ANCHOR, t, s, e, back, ahead, hits,
                                                            openers=mod._OPENERS, lead=mod._LEAD, seps=mod._LEAD_SEPS)]
                assert fast == plain, (t[s:e][:200], module)
                n += len(plain)
    assert n > 500


def test_is_letter_is_the_class_it_stands_for():
    from sahelkg.extract.numbers import is_letter

    letter = re.compile(r"[^\W\d_]")
    wrong = [hex(cp) for cp in range(0x110000) if is_letter(chr(cp)) != (letter.fullmatch(chr(cp)) is not None)]
    assert wrong == []


# --------------------------------------------------------------------------- the lower-case twins


def _pattern_literals(rx: re.Pattern) -> set[str]:
    """The characters a pattern names literally (group names and escapes such as \\d left out)."""
    src = re.sub(r"\(\?P(?:<\w+>|=\w+\))|\\[a-zA-Z]", "", rx.pattern)
    return {c for c in src if not c.isspace()}


def test_only_dotless_i_and_long_s_fold_apart():
    """Over every code point that lower-cases to one character: a case-insensitive literal of the
    quantity and date patterns matches it exactly when its lower case equals the literal's, and
    \\w, \\d, \\s, \\b read it as its lower case — except the letters ``folded`` refuses."""
    from sahelkg.extract import dates, values
    from sahelkg.extract.numbers import _FOLDED_APART

    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    one = [c for c in chars if len(c.lower()) == 1]
    every, lower = "".join(one), "".join(c.lower() for c in one)
    apart = set()
    for cls in (r"\w", r"\d", r"\s"):
        rx = re.compile(cls)
        apart |= {c for c, lc in zip(every, lower) if (rx.match(c) is None) != (rx.match(lc) is None)}
    for p in _pattern_literals(values._QUANTITY) | _pattern_literals(dates._CANDIDATE):
        folds = set(re.compile(re.escape(p), re.I).findall(every))
        same_lower = {c for c, lc in zip(every, lower) if lc == p.lower()}
        apart |= folds ^ same_lower
    assert apart == set(_FOLDED_APART)


def test_lowercase_twins_find_the_same_matches_in_folded_text():
    """The quantity and date patterns and their twins over folded text: the same span for every group
    at every word start (seeds, passages, the tricky lines, upper-cased and in odd cases)."""
    from sahelkg.extract import dates, values
    from sahelkg.extract.numbers import folded

    n = 0
    odd = ["Tot En MeT 3 MEi 2019, OnGeveer 40 MilitaiRen, ÉÉN Persoon, EEn KwARTaal VAN 2014, Ca. 3 Mln Eur"]
    for text in _texts() + [t.upper() for t in _texts()[:5]] + odd:
        low = folded(text)
        if low is None:  # a dotless i or long s: the finders match the text itself
            assert "\u0131" in text or "\u017f" in text or len(text.lower()) != len(text)
            continue
        for rx, twin in ((values._QUANTITY, values._QUANTITY_LOWER), (dates._CANDIDATE, dates._CANDIDATE_LOWER)):
            for w in _REF_WORD_START.finditer(text):
                i = w.start()
                a, b = rx.match(text, i, i + 120), twin.match(low, i, i + 120)
                assert (a is None) == (b is None), text[i:i + 60]
                if a is not None:
                    assert a.regs == b.regs, text[i:i + 60]
                    n += 1
    assert n > 2000


@pytest.mark.parametrize("text", ["ſinds 2014 en ıN 2015", "İn 2014 ongeveer 40 militairen"])
def test_folded_refuses_text_the_twins_would_read_otherwise(text):
    from sahelkg.extract.numbers import folded

    assert folded(text) is None


def test_finders_give_the_same_over_folded_text():
    """quantities_in and dates_in with the folded text give what they give without it."""
    import datetime as dt

    from sahelkg.extract.dates import dates_in
    from sahelkg.extract.numbers import folded
    from sahelkg.extract.values import quantities_in

    n = 0
    for text in _texts() + [t.upper() for t in _TRICKY]:
        low = folded(text)
        for m in re.finditer(r"[^\n]+", text):
            s, e = m.span()
            q = quantities_in(text, s, e)
            assert quantities_in(text, s, e, low=low) == q
            d = dates_in(text, dt.date(2019, 3, 1), s, e)
            assert dates_in(text, dt.date(2019, 3, 1), s, e, low=low) == d
            n += len(q) + len(d)
    assert n > 500


def test_is_word_start_at_is_the_word_start_pattern():
    """The two-character test anchored_finditer uses for its commonest start, against _WORD_START,
    for every code point before (and a few at) the position, and at the very start."""
    from sahelkg.extract.numbers import _WORD_START, is_word_start_at

    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    for at in ("5", "a", " ", "\u00a0", "€", "(", "\u2028"):
        for c in chars:
            t = c + at
            assert is_word_start_at(t, 1) == (_WORD_START.match(t, 1) is not None), (hex(ord(c)), at)
        assert is_word_start_at(at, 0) == (_WORD_START.match(at, 0) is not None)
    assert not is_word_start_at("ab", 2) and _WORD_START.match("ab", 2) is None


@pytest.mark.parametrize("extra", ["", " ٣٤ en ۵ en 𝟘𝟙 of ５", " 12٣4 1 𝟘"])
def test_letter_scan_finds_the_digit_runs_of_the_regex(extra):
    """The one Aho-Corasick pass per letter gives the spans of \\d+ (also with decimal digits of other
    scripts, which send the letter to the regex) and every start of each anchor word and sign."""
    from sahelkg.extract.numbers import _SCAN_KEYS, letter_scan

    for text in _texts():
        low = (text + extra).lower()
        runs, found = letter_scan(low)
        assert runs == [m.span() for m in re.finditer(r"\d+", low)]
        for k in _SCAN_KEYS:
            assert found.get(k, []) == [m.start() for m in re.finditer(f"(?={re.escape(k)})", low)], k


@pytest.mark.parametrize("module", ["values", "dates"])
def test_stops_at_anchor_only_where_the_walk_stops_at_once(module):
    """_stops_at_anchor (the walk's shortcut) says True only where _lead_start answers the anchor itself,
    for windows of every size from one character up, and says it for most anchors."""
    import importlib

    from sahelkg.extract.numbers import _lead_start, _stops_at_anchor

    mod = importlib.import_module(f"sahelkg.extract.{module}")
    said = asked = 0
    for text in _texts() + [t.replace(" ", "\n") for t in _TRICKY] + [t.upper() for t in _TRICKY]:
        for a in mod._ANCHOR.finditer(text):
            p = a.start()
            for lo in {max(0, p - d) for d in (1, 2, 3, 5, 9, 17, 40, 48)}:
                if lo >= p:
                    continue
                asked += 1
                if _stops_at_anchor(text, lo, p, mod._LEAD, mod._LEAD_SEPS):
                    said += 1
                    assert _lead_start(text, lo, p, mod._LEAD, mod._LEAD_SEPS) == p, (text[lo:p + 5], module)
    assert said > asked // 3
