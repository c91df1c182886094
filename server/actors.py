"""Actor relationships: ``/api/actors``, ``/api/actors/<id>/relations``, ``/api/paths``, graph view.

An actor's ``<id>`` is its IRI after ``<base>id/`` (``state/MLI``). Relations are the direct
actor-to-actor triples of SCHEMA.md (and their sub-properties); each edge carries the letters and
passages from its reifications. Walks are bounded (depth ≤ 3, path length ≤ 6, frontier ≤ 500).
"""

from __future__ import annotations

from flask import Blueprint, abort, g, current_app, jsonify, render_template, request, send_from_directory

from sahelkg.namespaces import SKG
from sahelkg.server.links import href
from sahelkg.server.lookup import select, valid_iri

bp = Blueprint("actors", __name__)

RELATIONS = ("memberOf", "affiliatedWith", "mergedInto", "partOf", "ledBy", "supports", "opposes",
             "succeededBy", "signatoryOf", "operatesIn", "contributesTo")
ACTOR_CLASSES = ("Actor", "State", "Organisation", "ArmedGroup", "Mission", "Person")
MAX_DEPTH, MAX_PATH, MAX_FRONTIER, MAX_PATHS = 3, 6, 500, 20


class BadParam(Exception):
    pass


@bp.errorhandler(BadParam)
def bad_param(e):
    return jsonify(error=str(e)), 400


def base() -> str:
    return current_app.config["BASE_IRI"]


def to_iri(actor_id: str) -> str:
    return actor_id if actor_id.startswith(("http://", "https://")) else base() + "id/" + actor_id.strip("/")


def to_id(iri: str) -> str:
    return iri[len(base() + "id/"):] if iri.startswith(base() + "id/") else iri


def _int_arg(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        v = int(raw)
    except ValueError:
        raise BadParam(f"{name} must be an integer, not {raw!r}") from None
    if not lo <= v <= hi:
        raise BadParam(f"{name} must be between {lo} and {hi}, not {v}")
    return v


def relation_types() -> list[str]:
    """SCHEMA.md's relations plus every sub-property of ``skg:actorRelation`` the ontology declares."""
    found = [r["p"].value[len(SKG):] for r in select(
        "SELECT ?p WHERE { ?p rdfs:subPropertyOf+ skg:actorRelation FILTER(STRSTARTS(STR(?p), STR(skg:))) } LIMIT 500")]
    return list(dict.fromkeys([*RELATIONS, *sorted(found)]))


def _types_arg() -> list[str]:
    known = relation_types()
    raw = request.args.get("types")
    if not raw:
        return known
    types = [t.strip().removeprefix("skg:") for t in raw.split(",") if t.strip()]
    unknown = [t for t in types if t not in known]
    if unknown:
        raise BadParam(f"unknown relation type(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return types


def _date_arg(name: str) -> str | None:
    raw = request.args.get(name)
    if raw and not (len(raw) in (4, 7, 10) and raw[:4].isdigit()):
        raise BadParam(f"{name} must be a date like 2013, 2013-04 or 2013-04-25, not {raw!r}")
    return raw or None


def _values(name: str, items) -> str:
    return f"VALUES ?{name} {{ {' '.join(f'<{i}>' for i in items)} }}"


def _safe_iri(i: str) -> bool:
    return valid_iri(i)


def _exists(iri: str) -> bool:
    """True when the store says anything about ``iri``."""
    return valid_iri(iri) and bool(select("SELECT ?x WHERE { ?x ?p ?o } LIMIT 1", x="iri:" + iri))


_EDGES = """
SELECT ?dir ?a ?rel ?b ?g ?letter ?ldate ?date ?start ?end ?exact ?pstart ?pend WHERE {
  %s
  %s
  { GRAPH ?g { ?a ?rel ?b } } UNION { GRAPH ?g { ?b ?rel ?a } BIND("in" AS ?dir) }
  OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?letter } OPTIONAL { ?letter dcterms:date ?ldate } }
  OPTIONAL { GRAPH ?g {
      { ?st rdf:subject ?a ; rdf:predicate ?rel ; rdf:object ?b } UNION { ?st rdf:subject ?b ; rdf:predicate ?rel ; rdf:object ?a }
      OPTIONAL { ?st skg:date ?date } OPTIONAL { ?st skg:startDate ?start } OPTIONAL { ?st skg:endDate ?end }
      OPTIONAL { ?st skg:evidence ?ev . ?ev oa:exact ?exact OPTIONAL { ?ev oa:start ?pstart ; oa:end ?pend } } } }
  FILTER(isIRI(?b))
} LIMIT 20000"""


def edges_around(nodes: list[str], types: list[str], date_from=None, date_to=None) -> list[dict]:
    """Relations touching ``nodes`` (either direction), one dict per (subject, type, object)."""
    nodes = [n for n in nodes if _safe_iri(n)]
    if not nodes:
        return []
    q = _EDGES % (_values("a", nodes), _values("rel", [SKG + t for t in types]))
    edges: dict[tuple, dict] = {}
    for r in select(q):
        a, b = r["a"].value, r["b"].value
        s, o = (b, a) if "dir" in r else (a, b)
        key = (s, r["rel"].value, o)
        e = edges.get(key)
        if e is None:
            e = edges[key] = {"source": to_id(s), "target": to_id(o), "type": "skg:" + r["rel"].value[len(SKG):],
                              "source_iri": s, "target_iri": o, "dates": {}, "evidence": []}
        for k, field in (("date", "date"), ("start", "startDate"), ("end", "endDate")):
            if k in r:
                e["dates"][field] = r[k].value
        src = {"letter": r["letter"].value if "letter" in r else None,
               "letter_date": r["ldate"].value if "ldate" in r else None,
               "graph": r["g"].value,
               "passage": r["exact"].value if "exact" in r else None,
               "start": int(r["pstart"].value) if "pstart" in r else None,
               "end": int(r["pend"].value) if "pend" in r else None}
        if src not in e["evidence"]:
            e["evidence"].append(src)
    out = []
    for e in edges.values():
        when = e["dates"].get("date") or e["dates"].get("startDate") or \
            min((s["letter_date"] for s in e["evidence"] if s["letter_date"]), default=None)
        end = e["dates"].get("endDate") or when
        if date_from and end and end[:len(date_from)] < date_from:
            continue
        if date_to and when and when[:len(date_to)] > date_to:
            continue
        out.append(e)
    return out


def actor_info(iris: list[str]) -> dict[str, dict]:
    """Label and classes of each IRI."""
    iris = [i for i in iris if _safe_iri(i)]
    info: dict[str, dict] = {i: {"id": to_id(i), "iri": i, "label": to_id(i), "classes": []} for i in iris}
    if not iris:
        return info
    for r in select("SELECT ?a ?l ?c WHERE { %s OPTIONAL { ?a rdfs:label ?l } OPTIONAL { ?a a ?c } }" % _values("a", iris)):
        d = info[r["a"].value]
        if "l" in r and (d["label"] == d["id"] or (r["l"].language == "en")):
            d["label"] = r["l"].value
        if "c" in r:
            c = r["c"].value
            name = "skg:" + c[len(SKG):] if c.startswith(SKG) else c
            if name not in d["classes"]:
                d["classes"].append(name)
    for d in info.values():
        d["href"] = href(d["iri"])
    return info


@bp.get("/api/actors")
def actors():
    """Actors whose label or other name contains ``q``; ``class`` filters (``State``, ``skg:Mission``)."""
    q = (request.args.get("q") or "").strip().lower()
    cls = (request.args.get("class") or "").strip().removeprefix("skg:")
    if cls and cls not in ACTOR_CLASSES:
        raise BadParam(f"unknown class {cls!r}; known: {', '.join(ACTOR_CLASSES)}")
    limit = _int_arg("limit", 50, 1, 500)
    classes = [cls] if cls else list(ACTOR_CLASSES)
    names: dict[str, set[str]] = {}
    for r in select("""SELECT ?a ?name WHERE { %s ?a a ?c . OPTIONAL { ?a rdfs:label|skos:altLabel ?name } FILTER(isIRI(?a)) }
                       LIMIT 100000""" % _values("c", [SKG + c for c in classes])):
        names.setdefault(r["a"].value, set()).add(r["name"].value.lower() if "name" in r else "")
    hits = [a for a, ns in names.items() if not q or q in a.lower() or any(q in n for n in ns)]
    info = actor_info(hits)
    found = sorted(info.values(), key=lambda d: (d["label"].lower(), d["iri"]))[:limit]
    return jsonify(actors=found)


@bp.get("/api/actors/<path:actor_id>/relations")
def relations(actor_id: str):
    """Neighbours up to ``depth`` hops away, with relation type, dates and sources."""
    iri = to_iri(actor_id)
    if not _exists(iri):
        return jsonify(error=f"unknown actor {actor_id!r}"), 404
    depth = _int_arg("depth", 1, 1, MAX_DEPTH)
    types, date_from, date_to = _types_arg(), _date_arg("from"), _date_arg("to")
    seen, frontier, all_edges = {iri}, [iri], {}
    for _ in range(depth):
        nxt = []
        for e in edges_around(frontier[:MAX_FRONTIER], types, date_from, date_to):
            all_edges[(e["source_iri"], e["type"], e["target_iri"])] = e
            for n in (e["source_iri"], e["target_iri"]):
                if n not in seen:
                    seen.add(n)
                    nxt.append(n)
        frontier = nxt
        if not frontier:
            break
    info = actor_info(sorted(seen))
    return jsonify(actor=info[iri], nodes=[info[n] for n in sorted(seen) if n in info],
                   edges=list(all_edges.values()), depth=depth, truncated=len(frontier) > MAX_FRONTIER)


@bp.get("/api/paths")
def paths():
    """Shortest relation paths between two actors (either direction), each hop with its evidence."""
    a, b = request.args.get("from"), request.args.get("to")
    if not a or not b:
        raise BadParam("give both from= and to= (actor ids such as state/MLI)")
    src, dst = to_iri(a), to_iri(b)
    for given, iri in ((a, src), (b, dst)):
        if not _exists(iri):
            return jsonify(error=f"unknown actor {given!r}"), 404
    max_len = _int_arg("max_length", 4, 1, MAX_PATH)
    types = _types_arg()
    # breadth-first from src; parents keep every shortest way into a node
    dist: dict[str, int] = {src: 0}
    parents: dict[str, list[tuple[str, dict]]] = {src: []}
    level = [src]
    for d in range(1, max_len + 1):
        if dst in dist or not level:
            break
        here_set, nxt = set(level), []
        for e in edges_around(level[:MAX_FRONTIER], types):
            for here, there in ((e["source_iri"], e["target_iri"]), (e["target_iri"], e["source_iri"])):
                if here not in here_set:
                    continue
                if there not in dist:
                    dist[there] = d
                    parents[there] = []
                    nxt.append(there)
                if dist[there] == d and all(x[1] is not e for x in parents[there]):
                    parents[there].append((here, e))
        level = nxt
    found = dst in dist
    result = []
    if found and src != dst:
        def walk(node: str, tail: list) -> None:
            if len(result) >= MAX_PATHS:
                return
            if node == src:
                result.append(list(reversed(tail)))
                return
            for prev, e in parents[node]:
                walk(prev, tail + [{"from": to_id(prev), "to": to_id(node), "relation": e["type"],
                                    "direction": "forward" if e["source_iri"] == prev else "backward",
                                    "dates": e["dates"], "evidence": e["evidence"]}])
        walk(dst, [])
    info = actor_info(sorted({src, dst} | {to_iri(h["from"]) for p in result for h in p}))
    return jsonify(**{"from": info.get(src), "to": info.get(dst), "max_length": max_len,
                      "length": len(result[0]) if result else None, "paths": result})


@bp.get("/actors/<path:actor_id>/graph")
def graph_view(actor_id: str):
    """The interactive neighbourhood graph (cytoscape); the data comes from the relations API."""
    iri = to_iri(actor_id)
    if not _exists(iri):
        abort(404, description=f"unknown actor {actor_id!r}")
    g.inline_styles = True
    return render_template("actor_graph.html", actor_id=to_id(iri), info=actor_info([iri])[iri])


@bp.get("/api/openapi.yaml")
def openapi_yaml():
    return send_from_directory(current_app.root_path, "openapi.yaml", mimetype="application/yaml")


@bp.get("/api/openapi.json")
def openapi_json():
    import yaml
    from pathlib import Path

    return jsonify(yaml.safe_load((Path(current_app.root_path) / "openapi.yaml").read_text(encoding="utf-8")))
