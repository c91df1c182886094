"""``sahelkg stats``: what the store holds - quads, entities per class, facts per type, per letter, unlinked mentions.

Counts come from the store itself (SPARQL over the current version); the unlinked mentions,
which are not statements, from the build records of that version (``records.py``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sahelkg.graph.records import entity_counts, letters_of
from sahelkg.graph.resolve import ENTITY_CLASSES
from sahelkg.graph.store import current_version, open_current
from sahelkg.graph.versions import StoreLayout
from sahelkg.namespaces import PREFIXES, RDF, SKG, Iris

FACT_CLASSES = ("Contribution", "Mandate", "Event")
ENTITY_NAMES = {c.removeprefix(SKG) for c in ENTITY_CLASSES} | {"Letter"}


def _compact(iri: str) -> str:
    """``skg:`` terms by local name, other vocabularies as ``prefix:local``."""
    if iri.startswith(SKG):
        return iri[len(SKG):]
    for p, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri


def _rows(store, query: str) -> list[tuple]:
    res = store.query(query)
    names = [v.value for v in res.variables]
    return [tuple(None if row[n] is None else row[n].value for n in names) for row in res]


def collect(store_path: str | Path, base_iri: str) -> dict:
    """Statistics of the current version as plain data (the ``--json`` output)."""
    iris = Iris(base_iri)
    store = open_current(store_path)
    onto = iris.ontology_graph
    not_onto = f"FILTER(?g != <{onto}>)"
    classes = _rows(store, f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{RDF}type> ?c }} {not_onto}
        FILTER(STRSTARTS(STR(?c), "{SKG}")) }} GROUP BY ?c""")
    per_class = {c.removeprefix(SKG): int(n) for c, n in sorted(classes)}
    facts = Counter()
    for c in FACT_CLASSES:
        facts[c] = per_class.get(c, 0)
    events = _rows(store, f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{RDF}type> <{SKG}Event>, ?c }}
        {not_onto} FILTER(?c != <{SKG}Event>) }} GROUP BY ?c""")
    for c, n in events:
        facts[f"Event:{c.removeprefix(SKG)}"] = int(n)
    relations = _rows(store, f"""SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{RDF}type> <{RDF}Statement> ;
        <{RDF}predicate> ?p }} {not_onto} }} GROUP BY ?p""")
    for p, n in relations:
        facts[f"Relation:{_compact(p)}"] = int(n)
    facts["Relation"] = sum(int(n) for _, n in relations)
    graphs = dict((g, int(n)) for g, n in _rows(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
    manifest = StoreLayout(store_path).manifest() or {}
    letters = []
    unlinked = Counter()
    for name, e in sorted(letters_of(store_path, manifest).items()):
        for surface, n in e.get("unlinked_mentions", ()):
            unlinked[surface] += n
        letters.append({
            "letter": name,
            "date": (e.get("letter") or {}).get("date"),
            "quads": graphs.get(e.get("graph"), 0),
            "facts": sum(v for k, v in (e.get("facts") or {}).items() if ":" not in k),
            "unlinked_mentions": sum(n for _, n in e.get("unlinked_mentions", ())),
        })
    unlinked_entities, merged_entities = entity_counts(store_path, manifest)
    return {
        "version": current_version(store_path),
        "quads": len(store),
        "graphs": len(graphs),
        "ontology_quads": graphs.get(onto, 0),
        "entities_per_class": {c: n for c, n in per_class.items() if c in ENTITY_NAMES},
        "other_classes": {c: n for c, n in per_class.items() if c not in ENTITY_NAMES and c not in FACT_CLASSES},
        "facts_per_type": dict(sorted(facts.items())),
        "letters": letters,
        "unlinked_entities": unlinked_entities,
        "merged_entities": merged_entities,
        "unlinked_mentions": dict(unlinked.most_common()),
    }


def format_table(stats: dict) -> str:
    """The statistics as aligned plain-text tables."""
    out = [f"store version   {stats['version'] or '(plain Oxigraph directory)'}",
           f"quads           {stats['quads']}",
           f"named graphs    {stats['graphs']}  (ontology: {stats['ontology_quads']} quads)",
           f"letters         {len(stats['letters'])}",
           f"unlinked        {stats['unlinked_entities']} entities, {sum(stats['unlinked_mentions'].values())} mentions"
           f"; {stats['merged_entities']} merged into other entities", ""]

    def table(title: str, rows: list[tuple], headers: tuple) -> None:
        rows = [tuple(str("" if c is None else c) for c in r) for r in rows]
        widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
        out.append(title)
        out.append("  " + "  ".join(h.ljust(w) for h, w in zip(headers, widths)))
        for r in rows:
            out.append("  " + "  ".join(c.rjust(w) if c.isdigit() else c.ljust(w) for c, w in zip(r, widths)))
        if not rows:
            out.append("  (none)")
        out.append("")

    table("entities per class", sorted(stats["entities_per_class"].items()), ("class", "entities"))
    table("facts per type", list(stats["facts_per_type"].items()), ("type", "facts"))
    table("per letter", [(l["letter"], l["date"], l["quads"], l["facts"], l["unlinked_mentions"]) for l in stats["letters"]],
          ("letter", "date", "quads", "facts", "unlinked"))
    table("unlinked mentions (most frequent first)", list(stats["unlinked_mentions"].items())[:50], ("mention", "count"))
    return "\n".join(out).rstrip() + "\n"
