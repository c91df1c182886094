"""Step 3: sentences and tokens of the running text, coping with Dutch officialese abbreviations.

Paragraphs (``"\\n\\n"`` in :attr:`Normalised.text`) always end a sentence. Inside a paragraph a
sentence ends at ``.``/``!``/``?``/``…`` (plus closing quotes or brackets) followed by whitespace and
a capital, digit, opening quote or list dash, except:

* after an abbreviation that does not end sentences (``nr.``, ``d.d.``, ``o.a.``, ``i.v.m.``,
  ``t.b.v.``, ``m.n.``, ``resp.``, ``art.``, ``blz.``, titles ``mr.``/``dhr.``/``drs.``, and every
  lower-case abbreviation in spaCy's Dutch tokenizer exceptions);
* after initials (``K.H. Ollongren``, ``F.C.G.M. Timmermans``, ``J. Smit``);
* after an enumerator at the start of a sentence (``1.``, ``2.3.``, ``a.``, ``IV.``).

Abbreviations that often *do* end a sentence (``jl.``, ``a.s.``, ``e.d.``, ``enz.``, ``etc.``) end one
only when the next word starts with a capital (``op 16 januari jl. Inmiddels`` → two sentences;
``op 29 juni jl. door de`` → one).

Why not spaCy's sentencizer over the whole text: the blank ``nl`` tokenizer runs at about
0.9 MB/s here, below the extractor's ≥ 1 MB/s budget on its own; so spaCy's tokenizer is consulted
only for the words before a candidate boundary (cached), and tokens come from a regular expression
that follows spaCy's splitting for the cases the fact extractors rely on (numbers ``6.600``/``3,8``,
hyphenated words ``EU-lidstaten``, abbreviations ``jl.`` kept whole, punctuation separate).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sahelkg.extract.model import Normalised, Parsed, Sentence, Token

# abbreviations after which a sentence never ends (the next word belongs to the same sentence)
NON_FINAL = frozenset(
    """nr nrs no d.d i.v.m t.b.v m.n o.a resp art artt blz p pp mr dhr mevr mw drs dr prof ir ing bc ds
    vgl zgn zg m.b.t t.a.v i.h.k.v o.b.v n.a.v m.u.v i.p.v i.o.m i.s.m t.o.v t.z.t c.q bijv bv evt ca
    incl excl jr sr st afd par lid hfdst hst sub min max dhr.drs mln mld mrd kol o.l.v z.s.m i.c
    a.i ca. vs e.v w.o""".split()
)
# abbreviations that end a sentence when a capitalised word follows
MAY_END = frozenset("jl j.l a.s e.d enz etc e.a e.o a.u.b".split())

# ``[.!?…][.!?…]*`` rather than ``[.!?…]+``: a pattern that opens with a character class lets the
# regex engine skip to the next candidate in C instead of trying the whole pattern at every position
_BOUNDARY = re.compile(r"([.!?…][.!?…]*)([»”\"’')\]]*)(\s+)(?=[«“\"'‘(\[]?[A-ZÀ-ÞĀ-Ž0-9•–—-])")
_LETTER_LABELS = frozenset("nr nrs bijlage fase plan categorie punt letter type kamerstuk onderdeel variant optie".split())
_ENUMERATOR = re.compile(r"^[(\[]?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[IVXLC]{1,6})[.)]?$")
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ][a-z]?\.)+[A-ZÀ-Þ]?[a-z]?$|^[A-ZÀ-Þ]$")
_TOKEN = re.compile(
    r"(?:[^\W\d_]{1,5}\.){2,}"  # dotted abbreviations and initials: i.v.m. K.H.
    r"|\d+(?:[.,]\d+)+"  # 6.600  3,8  1.500,50
    r"|\w+(?:[-'’/&]\w+)*"  # words, EU-lidstaten, zo'n, t/m
    r"|\S",
)


@lru_cache(maxsize=1)
def nlp():
    """The blank Dutch spaCy pipeline (tokenizer only; no model is downloaded). One per process."""
    import spacy

    return spacy.blank("nl")


@lru_cache(maxsize=20000)
def _spacy_keeps_dot(word_with_dot: str) -> bool:
    """Does spaCy's Dutch tokenizer keep ``word.`` as one token (i.e. know it as an abbreviation)?"""
    toks = nlp().tokenizer(word_with_dot)
    return len(toks) == 1


def _is_boundary(word: str, punct: str, before: str, nxt: str) -> bool:
    """Decide a candidate boundary: ``word`` precedes ``punct``; ``before`` is the sentence so far."""
    if punct != ".":
        return True
    bare = word.lstrip("(«“\"'‘[")
    low = bare.lower()
    if _ENUMERATOR.match(before.strip()):
        return False  # "1. Politieke situatie", "a. de missie"
    if bare.isupper() and len(bare) >= 2 and "." not in bare:
        return True  # VS. / EU. / MINUSMA. end sentences (not "vs." = versus)
    if low in NON_FINAL or low.rstrip(".") in NON_FINAL:
        return False
    if low in MAY_END or low.rstrip(".") in MAY_END:
        return nxt[:1].isupper() or nxt[:1] in "«“\"'‘"
    if _INITIALS.match(bare):
        # "K.H. Ollongren" goes on; "(Kamerstuk 29 521, nr. A. Het ..." ends
        words = before.split()
        prev = words[-2].lower().rstrip(".,") if len(words) >= 2 else ""
        return len(bare) == 1 and prev in _LETTER_LABELS
    if bare.isdigit() or not bare:
        return True
    if "." in bare or len(bare) <= 4 and bare.islower():
        return not _spacy_keeps_dot(bare + ".")
    return True


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Half-open sentence spans of ``text[start:end]`` (whitespace trimmed), paragraphs respected."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    add = spans.append
    rfind, find = text.rfind, text.find
    for pm in _PARAGRAPH.finditer(text[start:end]):
        p0, p1 = start + pm.start(), start + pm.end()
        s = p0
        for m in _BOUNDARY.finditer(text, p0, p1):
            m1, me = m.start(1), m.end()
            punct = m.group(1)
            if punct[-1] != "." or punct == "...":
                cut = True  # "!", "?", "…" always end a sentence (what _is_boundary says first)
            else:
                word = text[max(rfind(" ", s, m1) + 1, rfind("\n", s, m1) + 1, s) : m1]
                cut = _plain_word_end(word)
                if not cut:
                    nxt_end = find(" ", me, p1)
                    cut = _is_boundary(word, ".", text[s:m1], text[me : nxt_end if nxt_end >= 0 else p1])
            if cut:
                e = m.end(2)
                if s < e and not text[s].isspace() and not text[e - 1].isspace():
                    add((s, e))  # the common case of _add, without the call
                else:
                    _add(text, add, s, e)
                s = me
        _add(text, add, s, p1)
    return spans


def _plain_word_end(word: str) -> bool:
    """A dot after an ordinary lower-case word of five letters or more that is no abbreviation ends
    a sentence: :func:`_is_boundary` says so too (no enumerator, capital, initial or short word can
    end in such a word; a test checks), without the slices it needs for the other cases."""
    bare = word.lstrip("(«“\"'‘[")
    return len(bare) > 4 and bare.isalpha() and bare.islower() and bare not in NON_FINAL and bare not in MAY_END


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


def _add(text: str, add, s: int, e: int) -> None:
    """``add`` the span [s, e) without whitespace at its edges, unless nothing is left."""
    # the common case: no whitespace at either edge (two index checks instead of the loops)
    if s < e and not text[s].isspace() and not text[e - 1].isspace():
        add((s, e))
        return
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        add((s, e))


def tokenize(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """Tokens of ``text[start:end]`` with offsets into ``text``; known abbreviations keep their dot."""
    end = len(text) if end is None else end
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.span()
        tok = m.group()
        if tok[-1:].isalpha() and text[e : e + 1] == "." and e < end:
            low = tok.lower()
            if low in NON_FINAL or low in MAY_END or (len(tok) <= 4 and _spacy_keeps_dot(tok + ".")):
                # keep "nr." / "jl." whole unless the dot also ends the paragraph
                if e + 1 < end:
                    e += 1
                    tok = tok + "."
        if out and s < out[-1].end:
            continue  # the dot was taken by the previous abbreviation
        out.append(Token(s, e, tok))
    return tuple(out)


def split(normalised: Normalised, *, tokens: bool = False) -> Parsed:
    """Sentences of the running text; with ``tokens=True`` each carries its tokens too.

    Tokens are off by default: no step reads them yet and building them costs about 0.5 s per
    MB (a Python object per token). :func:`tokenize` gives them for one sentence on request:
    ``tokenize(parsed.text, s.start, s.end)``."""
    text = normalised.text
    if tokens:
        sentences = [Sentence(s, e, text[s:e], tokenize(text, s, e)) for s, e in sentence_spans(text)]
    else:
        sentences = [Sentence(s, e, text[s:e], ()) for s, e in sentence_spans(text)]
    return Parsed(normalised=normalised, sentences=tuple(sentences))


def sentence_at(parsed: Parsed, offset: int) -> int:
    """Index of the sentence containing running-text ``offset`` (or the next one; -1 past the end)."""
    from bisect import bisect_right

    ends = [s.end for s in parsed.sentences]
    i = bisect_right(ends, offset)
    return i if i < len(parsed.sentences) else -1
