"""The letter view: a letter's text with every extracted fact marked at its offsets.

Offsets are code points into the text as stored (``skg:text``), which is how Python indexes ``str``.
A passage whose ``oa:exact`` does not match the text at its offsets is listed as a mismatch rather
than highlighted in the wrong place.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template
from pyoxigraph import NamedNode

from sahelkg.namespaces import Iris
from sahelkg.server.links import compact, href
from sahelkg.server.lookup import select, valid_iri

bp = Blueprint("letters", __name__)

_FACTS = """
SELECT ?gr ?fact ?exact ?start ?end ?s ?p ?o ?type WHERE {
  GRAPH ?gr { ?fact skg:evidence ?ev . ?ev oa:start ?start ; oa:end ?end .
    OPTIONAL { ?ev oa:exact ?exact }
    OPTIONAL { ?fact rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
    OPTIONAL { ?fact a ?type FILTER(?type != rdf:Statement) } }
} LIMIT 5000"""


@dataclass
class Span:
    start: int
    end: int
    href: str | None
    title: str
    node: str


@dataclass
class Segment:
    text: str
    span: Span | None = None
    depth: int = 0
    first: bool = False  # the segment where its span starts (carries the #c-<start> anchor)


def _span(r: dict) -> Span:
    fact = r["fact"]
    if "s" in r:
        title = f"{compact(r['s'].value)} {compact(r['p'].value)} {compact(getattr(r['o'], 'value', str(r['o'])))}"
        target = r["s"] if not isinstance(fact, NamedNode) else fact
    else:
        title = compact(r["type"].value) if "type" in r else "fact"
        target = fact
    link = href(target.value) if isinstance(target, NamedNode) else None
    return Span(int(r["start"].value), int(r["end"].value), link, title, fact.value)


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """``text`` cut at every span boundary; each piece carries its innermost covering span."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s.start <= a and s.end >= b]
        inner = min(covering, key=lambda s: s.end - s.start) if covering else None
        out.append(Segment(text[a:b], inner, len(covering), inner is not None and inner.start == a))
    return out


@bp.get("/letter/<name>")
def letter(name: str):
    iris = Iris(current_app.config["BASE_IRI"])
    iri, graph = iris.letter(name), iris.letter_graph(name)
    if not (valid_iri(iri) and valid_iri(graph)):  # quotes, backslashes, spaces: no letter has such a name
        abort(404, description=f"no letter named {name!r}")
    rows = select("SELECT ?x ?t ?d WHERE { ?x skg:text ?t OPTIONAL { ?x dcterms:date ?d } } LIMIT 1", x="iri:" + iri)
    if not rows:
        abort(404, description=f"no letter text for {name!r}")
    text = rows[0]["t"].value
    spans, mismatched = [], []
    for r in select(_FACTS, gr="iri:" + graph):
        sp = _span(r)
        exact = r["exact"].value if "exact" in r else None
        if not (0 <= sp.start <= sp.end <= len(text)) or (exact is not None and text[sp.start:sp.end] != exact):
            mismatched.append((sp, exact))
        else:
            spans.append(sp)
    spans.sort(key=lambda s: (s.start, -s.end))
    return render_template("letter.html", name=name, iri=iri, date=rows[0].get("d"), text=text,
                           segments=segments(text, spans), spans=spans, mismatched=mismatched)
