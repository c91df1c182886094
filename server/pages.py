"""The query page at ``/`` (works as a plain form; JS adds the editor) and ``/ontology``."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, render_template, request
from pyoxigraph import RdfFormat, parse

from sahelkg.namespaces import ONTOLOGY_IRI, PREFIXES, sparql_prefixes
from sahelkg.resources import ontology_file, queries_dir
from sahelkg.server import guard
from sahelkg.server.links import compact, href
from sahelkg.server.negotiate import GRAPH_TYPES, accept_from, prefers_html
from sahelkg.server.protocol import ProtocolError, check_query
from sahelkg.server.rdfout import rdf_response
from sahelkg.server.sparql import run_query

bp = Blueprint("pages", __name__)

DEFAULT_QUERY = """SELECT ?class (COUNT(?s) AS ?n) WHERE {
  ?s a ?class .
}
GROUP BY ?class
ORDER BY DESC(?n)"""
DOWNLOADS = {"SELECT": ("json", "xml", "csv", "tsv"), "ASK": ("json", "xml"),
             "CONSTRUCT": ("turtle", "ntriples", "jsonld", "rdfxml"), "DESCRIBE": ("turtle", "ntriples", "jsonld", "rdfxml")}
PAGE_ACCEPT = [("application/sparql-results+json", 1), ("application/n-triples", 1)]


def examples() -> list[dict]:
    """The competency questions in ontology/queries/*.rq, with their ``# title:``/``# description:``."""
    return _examples(tuple(sorted((p.name, p.stat().st_mtime) for p in queries_dir().glob("*.rq")))
                     if queries_dir().is_dir() else ())


@lru_cache(maxsize=4)
def _examples(stamp) -> list[dict]:
    out = []
    for name, _ in stamp:
        text = (queries_dir() / name).read_text(encoding="utf-8")
        meta = _header(text)
        out.append({"name": name[:-3], "title": meta.get("title") or name[:-3],
                    "description": meta.get("description", ""), "query": text})
    return out


def _header(text: str) -> dict[str, str]:
    """``# key: value`` lines of the leading comment block; indented or plain ``#`` lines continue a value."""
    meta: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*([A-Za-z-]+)\s*:\s*(.*)$", line)
        if m and m.group(1).lower() in ("title", "description", "tags", "expected"):
            key = m.group(1).lower()
            meta[key] = m.group(2).strip()
        elif key:
            meta[key] = (meta[key] + " " + line.lstrip("#").strip()).strip()
    return meta


def cell(term: dict | None) -> dict | None:
    """A SPARQL JSON term as the template wants it: text, link, and a note (language/datatype)."""
    if term is None:
        return None
    if term["type"] == "uri":
        return {"text": compact(term["value"]), "href": href(term["value"]), "title": term["value"]}
    if term["type"] == "bnode":
        return {"text": "_:" + term["value"]}
    if term["type"] == "triple":
        v = term["value"]
        return {"text": "<< " + " ".join((cell(v[k]) or {}).get("text", "") for k in ("subject", "predicate", "object")) + " >>"}
    note = term.get("xml:lang") and "@" + term["xml:lang"] or (term.get("datatype") and compact(term["datatype"]))
    return {"text": term["value"], "note": note or None}


def _term_json(t) -> dict:
    from sahelkg.server.results import term_json
    return term_json(t)


def with_prefixes(query: str) -> tuple[str, list[str]]:
    """``query`` with PREFIX lines added for the project prefixes it uses but does not declare."""
    sk = guard.skeleton(query)
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([^\s:]*):", sk, re.I)}
    used = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w:?$<]){re.escape(p)}:", sk)]
    if not used:
        return query, []
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + query, used


def run_for_page(query: str) -> dict:
    """Run a query for the HTML page: rows for the table, or an error message."""
    query, added = with_prefixes(query)
    result = _run_for_page(query)
    result["added_prefixes"] = added
    return result


def _run_for_page(query: str) -> dict:
    try:
        check_query(query)
    except ProtocolError as e:
        return {"error": e.message, "status": e.status}
    reply = run_query(query, PAGE_ACCEPT)
    g.query_ms = reply.get("query_ms")
    if reply["status"] != 200:
        return {"error": reply["message"], "status": reply["status"]}
    out = {"form": reply["form"], "truncated": reply["truncated"], "ms": reply.get("query_ms")}
    if reply["form"] == "CONSTRUCT":
        triples = list(parse(reply["body"], format=RdfFormat.N_TRIPLES))
        out["vars"] = ["subject", "predicate", "object"]
        out["rows"] = [[cell(_term_json(x)) for x in (t.subject, t.predicate, t.object)] for t in triples]
        return out
    data = json.loads(reply["body"])
    if "boolean" in data:
        out["boolean"] = data["boolean"]
        return out
    out["vars"] = data["head"]["vars"]
    out["rows"] = [[cell(b.get(v)) for v in out["vars"]] for b in data["results"]["bindings"]]
    return out


@bp.get("/")
def query_page():
    query = request.args.get("query")
    result = run_for_page(query) if query and query.strip() else None
    form = (guard.query_form(query) or "SELECT") if query else "SELECT"
    if result and result.get("form") == "CONSTRUCT":
        form = guard.query_form(query) or "CONSTRUCT"
    downloads = [(f, "/sparql?" + urlencode({"query": query, "format": f})) for f in DOWNLOADS.get(form, ())] if query else []
    status = result.get("status", 200) if result and "error" in result else 200
    return render_template("query.html", query=query if query else sparql_prefixes() + "\n" + DEFAULT_QUERY,
                           ran=bool(query), result=result,
                           examples=examples(), prefixes=sparql_prefixes(),
                           downloads=downloads, share=request.url_root + "?" + urlencode({"query": query}) if query else None,
                           row_limit=current_app.config["ROW_LIMIT"], endpoint=request.host_url + "sparql",
                           timeout=f'{current_app.config["QUERY_TIMEOUT"]:g}'), status


@bp.get("/ontology")
def ontology():
    """The ontology IRI: the HTML reference for browsers, the ontology itself for RDF clients."""
    accept = accept_from(request.headers.get("Accept"), request.args.get("format"))
    if prefers_html(accept, GRAPH_TYPES):
        try:
            from sahelkg.ontology.reference import render_reference_html
        except ImportError:
            return Response("The ontology reference is not available in this build.\n", status=503,
                            mimetype="text/plain")
        return Response(render_reference_html(), mimetype="text/html")
    path = ontology_file()
    if not path.is_file():
        return Response("ontology/sahelkg.ttl is missing from this build.\n", status=503, mimetype="text/plain")
    triples = [q.triple for q in parse(path=str(path), format=RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI)]
    return rdf_response(triples, accept)


@bp.get("/actors")
def actors_page():
    """Find an actor by name and class (the same search as /api/actors, as a page)."""
    from sahelkg.server.actors import ACTOR_CLASSES, BadParam, actors as api_actors

    q, cls = request.args.get("q", ""), request.args.get("class", "")
    try:
        found = api_actors().get_json()["actors"]
    except BadParam:
        found = []
    return render_template("actors.html", actors=found, q=q, cls=cls, classes=ACTOR_CLASSES)


@bp.get("/api/docs")
def api_docs():
    import yaml
    from pathlib import Path

    spec = yaml.safe_load((Path(current_app.root_path) / "openapi.yaml").read_text(encoding="utf-8"))
    return render_template("api_docs.html", spec=spec)
