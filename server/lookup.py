"""Small, bounded queries the pages and the actor API run in-process on the request's store handle.

User input never goes into query text: IRIs and literals are bound with pyoxigraph's
``substitutions`` (SEP-0007), so a crafted IRI cannot change a query. Every query here has a LIMIT
or walks a bounded neighbourhood; like every request, they run under the watchdog's time limit.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Variable

from sahelkg.namespaces import PREFIXES
from sahelkg.server.store import get_store


def select(query: str, **bind) -> list[dict]:
    """Rows of ``query`` as dicts var -> pyoxigraph term; ``bind`` values substitute variables.

    ``bind`` values: a str starting with ``iri:`` is an IRI, other str a plain literal, a term as is.
    """
    subs = {}
    for name, value in bind.items():
        if isinstance(value, str):
            value = NamedNode(value[4:]) if value.startswith("iri:") else Literal(value)
        subs[Variable(name)] = value
    res = get_store().query(query, prefixes=PREFIXES, use_default_graph_as_union=True,
                            substitutions=subs or None)
    names = [v.value for v in res.variables]
    return [{n: row[n] for n in names if row[n] is not None} for row in res]


def ask(query: str, **bind) -> bool:
    subs = {Variable(k): (NamedNode(v[4:]) if isinstance(v, str) and v.startswith("iri:") else v)
            for k, v in bind.items()}
    return bool(get_store().query(query, prefixes=PREFIXES, use_default_graph_as_union=True,
                                  substitutions=subs or None))


def valid_iri(text: str) -> bool:
    """True when ``text`` is an absolute IRI we can safely bind or write into a VALUES block."""
    if any(c in text for c in '<>"{}|^`\\ \n\t\r'):
        return False
    try:
        NamedNode(text)
    except ValueError:
        return False
    return "://" in text or text.startswith("urn:")


def value(term) -> str | None:
    return None if term is None else term.value
