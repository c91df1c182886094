"""Every IRI under the base dereferences here: ``/id/…``, ``/graph/…`` and ``/describe?iri=``.

Browsers get an HTML page (label, types, every statement in and out with its source letter and
quoted passage); RDF clients get Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept`` or ``format=``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request
from pyoxigraph import NamedNode, Triple

from sahelkg.namespaces import RDF, RDFS, SKG, SKOS
from sahelkg.server.links import compact, iri_for_path
from sahelkg.server.lookup import select, valid_iri
from sahelkg.server.negotiate import GRAPH_TYPES, accept_from, prefers_html
from sahelkg.server.rdfout import rdf_response
from sahelkg.server.statements import grouped, incoming, outgoing

bp = Blueprint("resources", __name__)

TEXT_PREVIEW = 400
LABELS = (RDFS + "label", SKOS + "prefLabel")


def label_of(iri: str, statements=None) -> str:
    """A display label: English, then Dutch, then any rdfs:label/skos:prefLabel, else the short IRI."""
    rows = select("SELECT ?x ?l WHERE { { ?x rdfs:label ?l } UNION { ?x skos:prefLabel ?l } } LIMIT 20",
                  x="iri:" + iri)
    labels = sorted(rows, key=lambda r: {"en": 0, "nl": 1}.get(r["l"].language or "", 2))
    return labels[0]["l"].value if labels else compact(iri)


def labels_for(iris: set[str]) -> dict[str, str]:
    """Display labels for many IRIs at once (English first, then Dutch, then any)."""
    iris = sorted(i for i in iris if valid_iri(i))[:2000]
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in iris)
    rank = {"en": 0, "nl": 1}
    best: dict[str, tuple[int, str]] = {}
    for r in select("SELECT ?x ?l WHERE { VALUES ?x { %s } ?x rdfs:label ?l }" % values):
        k = rank.get(r["l"].language or "", 2)
        if r["x"].value not in best or k < best[r["x"].value][0]:
            best[r["x"].value] = (k, r["l"].value)
    return {i: v for i, (_, v) in best.items()}


def _letter_name(iri: str) -> str | None:
    prefix = current_app.config["BASE_IRI"] + "id/letter/"
    return iri[len(prefix):] if iri.startswith(prefix) else None


def _graph_triples(iri: str) -> list[Triple]:
    rows = select("SELECT ?x ?s ?p ?o WHERE { GRAPH ?x { ?s ?p ?o } } LIMIT 100000", x="iri:" + iri)
    return [Triple(r["s"], r["p"], r["o"]) for r in rows]


def show(iri: str):
    if not valid_iri(iri):
        abort(404, description=f"not an IRI we can look up: {iri!r}")
    out, inc = outgoing(iri), incoming(iri)
    is_graph = False
    if not out and not inc:
        is_graph = bool(select("SELECT ?x WHERE { GRAPH ?x { ?s ?p ?o } } LIMIT 1", x="iri:" + iri))
        if not is_graph:
            abort(404, description=f"nothing is known about <{iri}>")
    accept = accept_from(request.headers.get("Accept"), request.args.get("format"))
    if not prefers_html(accept, GRAPH_TYPES):
        triples = _graph_triples(iri) if is_graph else []
        seen = set()
        for st in out + inc:
            t = Triple(st.subject, st.predicate, st.object)
            if str(t) not in seen:
                seen.add(str(t))
                triples.append(t)
        return rdf_response(triples, accept)
    types = [st.object.value for st in out if st.predicate.value == RDF + "type" and isinstance(st.object, NamedNode)]
    hidden = {SKG + "text"}
    rows_out = [st for st in out if st.predicate.value not in hidden]
    texts = [st for st in out if st.predicate.value in hidden]
    name = _letter_name(iri)
    extra = {"iri": iri} if request.path == "/describe" else {}
    format_links = [(name, request.path + "?" + urlencode({**extra, "format": f}))
                    for f, name in (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"),
                                    ("rdfxml", "RDF/XML"))]
    labels = labels_for({t.value for st in out + inc for t in (st.subject, st.object) if isinstance(t, NamedNode)})
    return render_template(
        "resource.html", format_links=format_links, labels=labels, iri=iri, label=label_of(iri), types=sorted(set(types)), out=grouped(rows_out), inc=grouped(inc),
        texts=texts, preview=TEXT_PREVIEW, letter_name=name if SKG + "Letter" in types else None,
        is_graph=is_graph, graph_size=len(_graph_triples(iri)) if is_graph else None,
        is_actor=bool(select("SELECT ?x WHERE { ?x a ?c . ?c rdfs:subClassOf* skg:Actor } LIMIT 1", x="iri:" + iri))
        or any(t.startswith(SKG) and t[len(SKG):] in ACTOR_CLASSES for t in types),
        actor_id=iri[len(current_app.config["BASE_IRI"] + "id/"):] if iri.startswith(current_app.config["BASE_IRI"] + "id/") else None,
    )


ACTOR_CLASSES = {"Actor", "State", "Organisation", "ArmedGroup", "Mission", "Person"}


@bp.get("/id/<path:rest>")
def by_id(rest: str):
    return show(iri_for_path("id/" + rest))


@bp.get("/graph/<path:rest>")
def by_graph(rest: str):
    return show(iri_for_path("graph/" + rest))


@bp.get("/describe")
def describe():
    iri = request.args.get("iri", "").strip()
    if not iri:
        abort(400, description="give ?iri=")
    return show(iri)
