"""The ontology's HTML reference, its JSON-LD context and its other serialisations, all generated from the Turtle.

Nothing here keeps a copy of the ontology: classes, properties, labels, definitions, hierarchy,
alignments and examples are read from ``sahelkg.ttl`` each time (cached per process).

- :func:`render_reference_html` - the page the server returns at the ontology IRI for ``text/html``.
- :func:`ontology_representation` - the ontology as Turtle, RDF/XML, N-Triples, JSON-LD or HTML for a
  media type (content negotiation at the ontology IRI).
- :func:`build_context` - the JSON-LD context for exports (``ontology/context.jsonld`` is its output;
  a test keeps the file in step).
- :func:`competency_questions` - the example queries with their ``# title:`` and ``# description:``.

Script entry: ``python -m sahelkg.ontology.reference [-o FILE] [--context]``.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

import rdflib
import rdflib.collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from sahelkg.namespaces import ONTOLOGY_IRI, PREFIXES, SKG
from sahelkg.resources import ontology_file, queries_dir

DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
DC = rdflib.Namespace("http://purl.org/dc/elements/1.1/")

MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "text/html": "html",
}


@lru_cache(maxsize=1)
def _graph() -> rdflib.Graph:
    from sahelkg.ontology.reasoning import ontology_graph

    return ontology_graph()


def _nm() -> rdflib.namespace.NamespaceManager:
    g = rdflib.Graph(bind_namespaces="none")
    for p, iri in {**PREFIXES, "dc": str(DC), "vann": "http://purl.org/vocab/vann/", "foaf": "http://xmlns.com/foaf/0.1/"}.items():
        g.bind(p, iri)
    return g.namespace_manager


def qname(term) -> str:
    """``skg:Letter`` for a term of a known namespace, else the IRI in angle brackets."""
    try:
        return _nm().normalizeUri(rdflib.URIRef(term))
    except Exception:  # noqa: BLE001
        return f"<{term}>"


def local(term) -> str:
    return str(term)[len(SKG):] if str(term).startswith(SKG) else qname(term)


def _texts(g, s, p) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for o in g.objects(s, p):
        out.setdefault(getattr(o, "language", None) or "", []).append(str(o))
    return out


def _class_expr(g, node) -> str:
    """A readable rendering of a class expression (named class, union, one-of)."""
    if isinstance(node, rdflib.URIRef):
        return qname(node)
    members = g.value(node, OWL.unionOf)
    if members is not None:
        return " or ".join(_class_expr(g, m) for m in rdflib.collection.Collection(g, members))
    members = g.value(node, OWL.oneOf)
    if members is not None:
        return "one of " + ", ".join(qname(m) for m in rdflib.collection.Collection(g, members))
    inv = g.value(node, OWL.inverseOf)
    if inv is not None:
        return f"inverse of {qname(inv)}"
    return "(anonymous)"


def _props_with(g, which, cls) -> list[str]:
    """Properties whose domain (or range) is ``cls`` or a union that names ``cls``."""
    out = set()
    for p, c in g.subject_objects(which):
        if c == cls:
            out.add(qname(p))
        elif isinstance(c, rdflib.BNode) and g.value(c, OWL.unionOf) is not None:
            if cls in set(rdflib.collection.Collection(g, g.value(c, OWL.unionOf))):
                out.add(qname(p))
    return sorted(out)


def terms(kind: rdflib.URIRef) -> list[rdflib.URIRef]:
    """The ``skg:`` terms declared with ``rdf:type kind``, sorted by local name."""
    g = _graph()
    return sorted((s for s in g.subjects(RDF.type, kind) if isinstance(s, rdflib.URIRef) and str(s).startswith(SKG)), key=str)


def describe(term: rdflib.URIRef) -> dict:
    """Everything the reference shows about one term, as plain data."""
    g = _graph()
    types = set(g.objects(term, RDF.type))
    is_class = OWL.Class in types
    sup_p = RDFS.subClassOf if is_class else RDFS.subPropertyOf
    supers = [o for o in g.objects(term, sup_p) if isinstance(o, rdflib.URIRef)]
    subs = sorted((s for s in g.subjects(sup_p, term) if isinstance(s, rdflib.URIRef)), key=str)
    chain = g.value(term, OWL.propertyChainAxiom)
    return {
        "iri": str(term),
        "name": local(term),
        "kind": "class" if is_class else ("object property" if OWL.ObjectProperty in types else
                                          "datatype property" if OWL.DatatypeProperty in types else
                                          "individual" if OWL.NamedIndividual in types else "term"),
        "characteristics": sorted(qname(t) for t in types if t in (OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty)),
        "labels": _texts(g, term, RDFS.label),
        "definitions": _texts(g, term, SKOS.definition),
        "comments": [str(c) for c in g.objects(term, RDFS.comment)],
        "examples": [str(e) for e in g.objects(term, SKOS.example)],
        "alt_labels": [str(a) for a in g.objects(term, SKOS.altLabel)],
        "supers": [(str(s), qname(s), str(s).startswith(SKG)) for s in sorted(supers, key=str)],
        "subs": [(str(s), qname(s)) for s in subs],
        "equivalents": [_class_expr(g, e) for e in g.objects(term, OWL.equivalentClass)],
        "domain": [_class_expr(g, d) for d in g.objects(term, RDFS.domain)],
        "range": [_class_expr(g, r) for r in g.objects(term, RDFS.range)],
        "see_also": [qname(x) for x in g.objects(term, RDFS.seeAlso)],
        "chain": [_class_expr(g, m) for m in rdflib.collection.Collection(g, chain)] if chain is not None else [],
        "instances": sorted(qname(i) for i in g.subjects(RDF.type, term) if isinstance(i, rdflib.URIRef)) if is_class else [],
        "in_domain_of": _props_with(g, RDFS.domain, term) if is_class else [],
        "in_range_of": _props_with(g, RDFS.range, term) if is_class else [],
    }


def _tree(g, roots, seen=None) -> list[tuple[int, rdflib.URIRef]]:
    out: list[tuple[int, rdflib.URIRef]] = []
    seen = seen or set()

    def walk(c, depth):
        out.append((depth, c))
        if c in seen:
            return
        seen.add(c)
        for s in sorted((s for s in g.subjects(RDFS.subClassOf, c) if isinstance(s, rdflib.URIRef) and str(s).startswith(SKG)), key=str):
            walk(s, depth + 1)

    for r in roots:
        walk(r, 0)
    return out


def class_tree() -> list[tuple[int, str]]:
    """The ``skg:`` class hierarchy as (depth, local name), roots are classes without an ``skg:`` superclass."""
    g = _graph()
    classes = terms(OWL.Class)
    roots = [c for c in classes if not any(str(o).startswith(SKG) for o in g.objects(c, RDFS.subClassOf))]
    return [(d, local(c)) for d, c in _tree(g, roots)]


def property_tree(kind: rdflib.URIRef) -> list[tuple[int, str]]:
    g = _graph()
    props = terms(kind)
    roots = [p for p in props if not any(str(o).startswith(SKG) for o in g.objects(p, RDFS.subPropertyOf))]
    out: list[tuple[int, str]] = []

    def walk(p, depth):
        out.append((depth, local(p)))
        for s in sorted((s for s in g.subjects(RDFS.subPropertyOf, p) if str(s).startswith(SKG)), key=str):
            walk(s, depth + 1)

    for r in roots:
        walk(r, 0)
    return out


def ontology_metadata() -> dict:
    g = _graph()
    o = rdflib.URIRef(ONTOLOGY_IRI)
    return {
        "iri": ONTOLOGY_IRI,
        "version_iri": str(g.value(o, OWL.versionIRI) or ""),
        "version": str(g.value(o, OWL.versionInfo) or ""),
        "titles": _texts(g, o, DCTERMS.title),
        "descriptions": _texts(g, o, DCTERMS.description),
        "license": str(g.value(o, DCTERMS.license) or ""),
        "creators": [str(c) for c in g.objects(o, DC.creator)],
        "issued": str(g.value(o, DCTERMS.issued) or ""),
        "modified": str(g.value(o, DCTERMS.modified) or ""),
        "changes": [str(c) for c in g.objects(o, SKOS.changeNote)],
    }


# ---------------------------------------------------------------------------------- competency questions

_HEADER = re.compile(r"^#\s*(title|description)\s*:\s*(.*)$", re.IGNORECASE)


def parse_query_file(path: Path) -> dict:
    """A query file's ``# title:`` and ``# description:`` (continued on following ``#`` lines) and its text."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if m:
            current = m.group(1).lower()
            meta[current] = m.group(2).strip()
        elif current and line[1:].strip():
            meta[current] += " " + line[1:].strip()
        else:
            current = None
    return {"name": path.stem, "title": meta.get("title", ""), "description": meta.get("description", ""), "query": text}


def competency_questions() -> list[dict]:
    """Every ``ontology/queries/*.rq`` as dict(name, title, description, query), in name order."""
    return [parse_query_file(p) for p in sorted(queries_dir().glob("*.rq"))]


# ---------------------------------------------------------------------------------- JSON-LD context


def build_context() -> dict:
    """The JSON-LD context for sahelkg exports: prefixes, and every ``skg:`` property with its value type."""
    g = _graph()
    ctx: dict = {p: iri for p, iri in PREFIXES.items()}
    for p in terms(OWL.ObjectProperty):
        ctx[local(p)] = {"@id": f"skg:{local(p)}", "@type": "@id"}
    for p in terms(OWL.DatatypeProperty):
        rng = g.value(p, RDFS.range)
        entry = {"@id": f"skg:{local(p)}"}
        if isinstance(rng, rdflib.URIRef) and rng != XSD.string:
            entry["@type"] = qname(rng)
        ctx[local(p)] = entry
    for c in terms(OWL.Class):
        ctx[local(c)] = f"skg:{local(c)}"
    ctx.update({
        "label": {"@id": "rdfs:label", "@container": "@language"},
        "altLabel": {"@id": "skos:altLabel"},
        "sameAs": {"@id": "owl:sameAs", "@type": "@id"},
        "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
        "creator": {"@id": "dcterms:creator", "@type": "@id"},
        "references": {"@id": "dcterms:references", "@type": "@id"},
        "exact": {"@id": "oa:exact"},
        "start": {"@id": "oa:start", "@type": "xsd:integer"},
        "end": {"@id": "oa:end", "@type": "xsd:integer"},
    })
    return {"@context": ctx}


def context_json() -> str:
    return json.dumps(build_context(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


# ---------------------------------------------------------------------------------- serialisations


def ontology_representation(media_type: str) -> bytes:
    """The ontology in ``media_type`` (one of :data:`MEDIA_TYPES`); Turtle is returned as stored."""
    fmt = MEDIA_TYPES.get(media_type)
    if fmt is None:
        raise ValueError(f"unsupported media type {media_type!r}")
    if fmt == "html":
        return render_reference_html().encode("utf-8")
    if fmt == "turtle":
        return ontology_file().read_bytes()
    if fmt == "json-ld":
        return _graph().serialize(format="json-ld", context=build_context()["@context"], auto_compact=True).encode("utf-8")
    return _graph().serialize(format=fmt, encoding="utf-8")


# ---------------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h1{margin-bottom:.2rem} h2{border-bottom:2px solid #ccc;padding-bottom:.2rem;margin-top:2.5rem}
.term{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.term h3{margin:.2rem 0} .iri{font-family:monospace;color:#555;font-size:.9em}
.kind{font-size:.8em;background:#eef;border-radius:3px;padding:0 .4em;margin-left:.5em;font-weight:normal}
dl{display:grid;grid-template-columns:11rem 1fr;gap:.2rem .8rem;margin:.4rem 0} dt{font-weight:600;color:#444}
dd{margin:0} pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;font-size:.85em}
ul.tree{list-style:none;padding-left:0} ul.tree li{font-family:monospace}
nav a{margin-right:1rem} .nl{color:#555}
"""


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _link(qn: str) -> str:
    if qn.startswith("skg:"):
        return f'<a href="#{_e(qn[4:])}"><code>{_e(qn)}</code></a>'
    return f"<code>{_e(qn)}</code>"


def _exprs(items: list[str]) -> str:
    out = []
    for it in items:
        out.append(re.sub(r"skg:[A-Za-z0-9_]+", lambda m: _link(m.group(0)), _e(it)))
    return ", ".join(out)


def _term_html(d: dict, questions: list[dict] = ()) -> str:
    rows = []
    lab = d["labels"]
    rows.append(("Label", " · ".join(f'{_e(v)} <span class="nl">({lang or "—"})</span>' for lang, vs in sorted(lab.items()) for v in vs)))
    for lang in ("en", "nl"):
        for v in d["definitions"].get(lang, []):
            rows.append((f"Definition ({lang})", _e(v)))
    for lang, vs in d["definitions"].items():
        if lang not in ("en", "nl"):
            rows.extend(("Definition", _e(v)) for v in vs)
    if d["alt_labels"]:
        rows.append(("Also called", ", ".join(_e(a) for a in d["alt_labels"])))
    if d["supers"]:
        rows.append(("Subclass of" if d["kind"] == "class" else "Subproperty of", ", ".join(_link(q) for _, q, _ in d["supers"])))
    if d["subs"]:
        rows.append(("Subclasses" if d["kind"] == "class" else "Subproperties", ", ".join(_link(q) for _, q in d["subs"])))
    if d["equivalents"]:
        rows.append(("Equivalent to", _exprs(d["equivalents"])))
    if d["domain"]:
        rows.append(("Domain", _exprs(d["domain"])))
    if d["range"]:
        rows.append(("Range", _exprs(d["range"])))
    if d["chain"]:
        rows.append(("Implied by chain", " ∘ ".join(_exprs([c]) for c in d["chain"])))
    if d["characteristics"]:
        rows.append(("Characteristics", ", ".join(_e(c) for c in d["characteristics"])))
    if d["in_domain_of"]:
        rows.append(("Properties of it", ", ".join(_link(q) for q in d["in_domain_of"])))
    if d["in_range_of"]:
        rows.append(("Value of", ", ".join(_link(q) for q in d["in_range_of"])))
    if d["instances"]:
        rows.append(("Individuals", ", ".join(_link(q) for q in d["instances"])))
    for c in d["comments"]:
        rows.append(("Note", _e(c)))
    if d["see_also"]:
        rows.append(("See also", ", ".join(_link(q) for q in d["see_also"])))
    for ex in d["examples"]:
        rows.append(("Example", f"<pre>{_e(ex)}</pre>"))
    pattern = re.compile(r"skg:" + re.escape(d["name"]) + r"(?![A-Za-z0-9_])")
    used = [q for q in questions if pattern.search(q["query"])]
    if used:
        rows.append(("Used in questions", ", ".join(f'<a href="#q-{_e(q["name"])}">{_e(q["title"])}</a>' for q in used)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<section class="term" id="{_e(d["name"])}"><h3>skg:{_e(d["name"])}<span class="kind">{_e(d["kind"])}</span></h3>'
            f'<div class="iri">{_e(d["iri"])}</div><dl>{body}</dl></section>')


def _tree_html(items: list[tuple[int, str]]) -> str:
    lis = "".join(f'<li>{"&nbsp;&nbsp;&nbsp;&nbsp;" * d}{_link("skg:" + n)}</li>' for d, n in items)
    return f'<ul class="tree">{lis}</ul>'


def render_reference_html() -> str:
    """The full HTML reference: metadata, class and property hierarchies, then every term in detail."""
    meta = ontology_metadata()
    title = (meta["titles"].get("en") or ["sahelkg ontology"])[0]
    classes = [describe(c) for c in terms(OWL.Class)]
    objprops = [describe(p) for p in terms(OWL.ObjectProperty)]
    dataprops = [describe(p) for p in terms(OWL.DatatypeProperty)]
    individuals = [describe(i) for i in terms(OWL.NamedIndividual)]
    questions = competency_questions()
    desc = "".join(f'<p lang="{_e(lang)}">{_e(v)}</p>' for lang, vs in sorted(meta["descriptions"].items()) for v in vs)
    changes = "".join(f"<li>{_e(c)}</li>" for c in meta["changes"])
    qs = "".join(f'<li id="q-{_e(q["name"])}"><b>{_e(q["title"])}</b> <code>{_e(q["name"])}.rq</code><br>{_e(q["description"])}'
                 f'<details><summary>SPARQL</summary><pre>{_e(q["query"])}</pre></details></li>' for q in questions)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>{_e(title)} {_e(meta["version"])}</title>',
        f'<link rel="alternate" type="text/turtle" href="{_e(ONTOLOGY_IRI)}">',
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<dl><dt>IRI</dt><dd><code>{_e(meta["iri"])}</code></dd><dt>Version</dt><dd>{_e(meta["version"])} '
        f'(<code>{_e(meta["version_iri"])}</code>)</dd><dt>Namespace</dt><dd><code>{_e(SKG)}</code> (prefix <code>skg:</code>)</dd>'
        f'<dt>Licence</dt><dd><a href="{_e(meta["license"])}">{_e(meta["license"])}</a></dd>'
        f'<dt>Creators</dt><dd>{_e(", ".join(meta["creators"]))}</dd><dt>Issued / modified</dt><dd>{_e(meta["issued"])} / {_e(meta["modified"])}</dd></dl>',
        desc,
        '<nav><a href="#classes">Classes</a><a href="#object-properties">Object properties</a>'
        '<a href="#datatype-properties">Datatype properties</a><a href="#individuals">Individuals</a>'
        '<a href="#questions">Competency questions</a><a href="#changes">Changes</a></nav>',
        f'<h2 id="hierarchy">Class hierarchy</h2>{_tree_html(class_tree())}',
        f'<h2 id="property-hierarchy">Property hierarchy</h2>{_tree_html(property_tree(OWL.ObjectProperty))}{_tree_html(property_tree(OWL.DatatypeProperty))}',
        f'<h2 id="classes">Classes ({len(classes)})</h2>', *(_term_html(d, questions) for d in classes),
        f'<h2 id="object-properties">Object properties ({len(objprops)})</h2>', *(_term_html(d, questions) for d in objprops),
        f'<h2 id="datatype-properties">Datatype properties ({len(dataprops)})</h2>', *(_term_html(d, questions) for d in dataprops),
        f'<h2 id="individuals">Individuals ({len(individuals)})</h2>', *(_term_html(d, questions) for d in individuals),
        f'<h2 id="questions">Competency questions ({len(questions)})</h2><ol>{qs}</ol>',
        f'<h2 id="changes">Changes</h2><ul>{changes}</ul>',
        "</body></html>",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m sahelkg.ontology.reference",
                                 description="Write the ontology's HTML reference (or its JSON-LD context).")
    ap.add_argument("-o", "--output", help="file to write (default: stdout)")
    ap.add_argument("--context", action="store_true", help="write the JSON-LD context instead of the HTML")
    args = ap.parse_args(argv)
    text = context_json() if args.context else render_reference_html()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
