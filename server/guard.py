"""Lexical checks on a SPARQL string before it reaches the store: update, SERVICE, dataset clauses.

The checks run on a *skeleton* of the text in which string literals, IRIs and comments are blanked,
so a keyword inside ``"…"``, ``<…>`` or after ``#`` never counts. They only decide what we refuse or
how we set up the dataset; the store's own parser stays the judge of syntax.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<>|BASE\s*<>)\s*)*", re.I)
_WORD = re.compile(r"[A-Za-z]+")
UPDATE_KEYWORDS = frozenset("INSERT DELETE LOAD CLEAR DROP CREATE ADD MOVE COPY WITH".split())
QUERY_FORMS = frozenset(("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"))


@lru_cache(maxsize=512)
def skeleton(text: str) -> str:
    """``text`` with strings as ``""``, IRIs as ``<>`` and comments removed (cached: one query is
    checked several times per request, and clients repeat queries)."""

    def blank(m: re.Match) -> str:
        s = m.group(0)
        if s[0] == "<":
            return "<>"
        if s[0] == "#":
            return " "
        return '""'

    return _LEXEMES.sub(blank, text)


def first_keyword(text: str) -> str | None:
    """The first keyword after the prologue, upper-cased ("SELECT", "INSERT", …), or None."""
    sk = skeleton(text)
    m = _WORD.match(sk, _PROLOGUE.match(sk).end())
    return m.group(0).upper() if m else None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE if the text looks like that kind of query."""
    kw = first_keyword(text)
    return kw if kw in QUERY_FORMS else None


def looks_like_update(text: str) -> bool:
    """True when the operation is SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …)."""
    return first_keyword(text) in UPDATE_KEYWORDS


def uses_service(text: str) -> bool:
    """True when the query has a SERVICE clause (federated query)."""
    return re.search(r"(?<![\w:?$])SERVICE(?![\w:-])", skeleton(text), re.I) is not None


def has_dataset_clause(text: str) -> bool:
    """True when the query names its own dataset with FROM or FROM NAMED."""
    return re.search(r"(?<![\w:?$])FROM(?![\w:-])", skeleton(text), re.I) is not None
