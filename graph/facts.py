"""The graph's facts as plain rows, one query per fact type, each row with its source and quote.

One place for the SPARQL that turns the schema (docs/SCHEMA.md) back into tables: the CSV export,
the networkx/GraphML/GEXF export, the Python API and the timeline all read these rows.
Queries run over the union of all graphs, where a triple stated in several letter graphs (an entity's
label) comes back once per graph: hence DISTINCT. Offsets are code points into the letter's stored text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Store

from sahelkg.namespaces import sparql_prefixes

PREFIXES = sparql_prefixes()

# Columns of each fact type: (name, type, description). Types are Frictionless field types.
Column = tuple[str, str, str]

EVIDENCE_COLUMNS: tuple[Column, ...] = (
    ("letter", "string", "IRI of the letter the fact was extracted from"),
    ("quote", "string", "the passage of the letter that states the fact, exactly as written"),
    ("start", "integer", "offset of the quote in the letter's text (Unicode code points)"),
    ("end", "integer", "end offset of the quote (exclusive)"),
)

_EVIDENCE = """
  OPTIONAL { ?fact prov:wasDerivedFrom ?letter }
  OPTIONAL { ?fact skg:evidence ?ev . ?ev oa:exact ?quote ; oa:start ?start ; oa:end ?end }
"""

TABLES: dict[str, dict] = {
    "entities": {
        "columns": (
            ("iri", "string", "the entity's IRI"),
            ("class", "string", "its sahelkg class (State, Organisation, ArmedGroup, Mission, Person, Place)"),
            ("label_en", "string", "English label"),
            ("label_nl", "string", "Dutch label"),
            ("alt_labels", "string", "other names seen in letters, separated by ' | '"),
            ("wikidata", "string", "Wikidata item (Q-id) where one exists"),
            ("iso3166", "string", "ISO 3166-1 alpha-3 code (states)"),
            ("unlinked", "boolean", "true when discovered in the text rather than found in the gazetteer"),
        ),
        "query": None,  # built by _entities(): one cheap DISTINCT scan per attribute
    },
    "contributions": {
        "columns": (
            ("iri", "string", "the contribution's IRI"),
            ("contributor", "string", "IRI of the contributing actor"),
            ("contributor_label", "string", "its label"),
            ("mission", "string", "IRI of the mission, fund or programme"),
            ("mission_label", "string", "its label"),
            ("personnel", "integer", "number of persons"),
            ("amount", "number", "amount of money"),
            ("currency", "string", "ISO 4217 currency of the amount"),
            ("quantifier", "string", "Exact, Approximately, AtMost or AtLeast"),
            ("date", "date", "date the contribution refers to"),
            ("start_date", "date", "start of the period"),
            ("end_date", "date", "end of the period"),
            ("year", "year", "year the contribution refers to"),
        ) + EVIDENCE_COLUMNS,
        "query": """
SELECT DISTINCT ?iri ?contributor ?mission ?personnel ?amount ?currency ?quantifier
       ?date ?start_date ?end_date ?year ?letter ?quote ?start ?end
WHERE {
  ?iri a skg:Contribution . BIND(?iri AS ?fact)
  OPTIONAL { ?iri skg:contributor ?contributor }
  OPTIONAL { ?iri skg:mission ?mission }
  OPTIONAL { ?iri skg:personnel ?personnel } OPTIONAL { ?iri skg:amount ?amount }
  OPTIONAL { ?iri skg:currency ?currency }
  OPTIONAL { ?iri skg:quantifier ?q BIND(STRAFTER(STR(?q), "#") AS ?quantifier) }
  OPTIONAL { ?iri skg:date ?date } OPTIONAL { ?iri skg:startDate ?start_date }
  OPTIONAL { ?iri skg:endDate ?end_date } OPTIONAL { ?iri skg:year ?year }
  """ + _EVIDENCE + """
} ORDER BY ?iri
""",
    },
    "mandates": {
        "columns": (
            ("iri", "string", "the mandate's IRI"),
            ("mission", "string", "IRI of the mission"),
            ("mission_label", "string", "its label"),
            ("issuer", "string", "IRI of the issuer (a state, the UN Security Council, the Council of the EU)"),
            ("issuer_label", "string", "its label"),
            ("start_date", "date", "start of the mandate"),
            ("end_date", "date", "end of the mandate"),
            ("personnel_ceiling", "integer", "most personnel the mandate allows"),
            ("resolution", "string", "UN Security Council resolution number"),
        ) + EVIDENCE_COLUMNS,
        "query": """
SELECT DISTINCT ?iri ?mission ?issuer ?start_date ?end_date ?personnel_ceiling ?resolution
       ?letter ?quote ?start ?end
WHERE {
  ?iri a skg:Mandate . BIND(?iri AS ?fact)
  OPTIONAL { ?iri skg:mission ?mission }
  OPTIONAL { ?iri skg:issuer ?issuer }
  OPTIONAL { ?iri skg:startDate ?start_date } OPTIONAL { ?iri skg:endDate ?end_date }
  OPTIONAL { ?iri skg:personnelCeiling ?personnel_ceiling } OPTIONAL { ?iri skg:resolution ?resolution }
  """ + _EVIDENCE + """
} ORDER BY ?iri
""",
    },
    "events": {
        "columns": (
            ("iri", "string", "the event's IRI"),
            ("type", "string", "the most specific sahelkg event class (Attack, Coup, Withdrawal, ...)"),
            ("label", "string", "a short description"),
            ("date", "date", "date of the event"),
            ("start_date", "date", "start of the event's span"),
            ("end_date", "date", "end of the event's span"),
            ("place", "string", "IRI of the place or state"),
            ("place_label", "string", "its label"),
            ("agents", "string", "IRIs of who acted, separated by ' | '"),
            ("affected", "string", "IRIs of who or what was acted on, separated by ' | '"),
            ("fatalities", "integer", "number of dead where the letter gives one"),
            ("status", "string", "Asserted, or Planned/Considered for steps not (yet) taken"),
        ) + EVIDENCE_COLUMNS,
        "query": """
SELECT ?iri (SAMPLE(?t) AS ?type) (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (SAMPLE(?sd) AS ?start_date)
       (SAMPLE(?ed) AS ?end_date) (SAMPLE(?p) AS ?place) (SAMPLE(?pl) AS ?place_label)
       (GROUP_CONCAT(DISTINCT STR(?ag); separator=" | ") AS ?agents)
       (GROUP_CONCAT(DISTINCT STR(?af); separator=" | ") AS ?affected)
       (SAMPLE(?f) AS ?fatalities) (SAMPLE(?st) AS ?status)
       (SAMPLE(?letter0) AS ?letter) (SAMPLE(?quote0) AS ?quote) (SAMPLE(?start0) AS ?start) (SAMPLE(?end0) AS ?end)
WHERE {
  ?iri a ?cls . ?cls rdfs:subClassOf* skg:Event .
  FILTER NOT EXISTS { ?iri a ?sub . ?sub rdfs:subClassOf+ ?cls . FILTER(?sub != ?cls) }
  BIND(STRAFTER(STR(?cls), "#") AS ?t)
  OPTIONAL { ?iri rdfs:label ?l } OPTIONAL { ?iri skg:date ?d }
  OPTIONAL { ?iri skg:startDate ?sd } OPTIONAL { ?iri skg:endDate ?ed }
  OPTIONAL { ?iri skg:place ?p OPTIONAL { ?p rdfs:label ?pl } }
  OPTIONAL { ?iri skg:agent ?ag } OPTIONAL { ?iri skg:affected ?af }
  OPTIONAL { ?iri skg:fatalities ?f }
  OPTIONAL { ?iri skg:status ?s0 BIND(STRAFTER(STR(?s0), "#") AS ?st) }
  OPTIONAL { ?iri prov:wasDerivedFrom ?letter0 }
  OPTIONAL { ?iri skg:evidence ?ev . ?ev oa:exact ?quote0 ; oa:start ?start0 ; oa:end ?end0 }
} GROUP BY ?iri ORDER BY ?date ?start_date ?iri
""",
    },
    "relations": {
        "columns": (
            ("statement", "string", "IRI of the reified statement"),
            ("subject", "string", "IRI of the subject actor"),
            ("subject_label", "string", "its label"),
            ("predicate", "string", "the relation (memberOf, supports, opposes, ...)"),
            ("object", "string", "IRI of the object"),
            ("object_label", "string", "its label"),
            ("date", "date", "date the relation is stated for, where given"),
            ("start_date", "date", "start of the relation, where given"),
            ("end_date", "date", "end of the relation, where given"),
        ) + EVIDENCE_COLUMNS,
        "query": """
SELECT DISTINCT ?statement ?subject ?predicate ?object ?date ?start_date ?end_date
       ?letter ?quote ?start ?end
WHERE {
  ?statement a rdf:Statement ; rdf:subject ?subject ; rdf:predicate ?p ; rdf:object ?object .
  BIND(?statement AS ?fact)
  FILTER(STRSTARTS(STR(?p), STR(skg:)))
  BIND(STRAFTER(STR(?p), "#") AS ?predicate)
  OPTIONAL { ?statement skg:date ?date } OPTIONAL { ?statement skg:startDate ?start_date }
  OPTIONAL { ?statement skg:endDate ?end_date }
  """ + _EVIDENCE + """
} ORDER BY ?subject ?predicate ?object ?statement
""",
    },
    "letters": {
        "columns": (
            ("iri", "string", "the letter's IRI"),
            ("date", "date", "date of the letter"),
            ("chamber", "string", "TweedeKamer or EersteKamer"),
            ("dossier", "string", "Kamerstuk dossier number"),
            ("number", "string", "number within the dossier"),
            ("title", "string", "title or subject"),
            ("creators", "string", "IRIs of the signatories, separated by ' | '"),
            ("references", "string", "IRIs of the papers it cites, separated by ' | '"),
        ),
        "query": """
SELECT ?iri (SAMPLE(?d) AS ?date) (SAMPLE(?ch) AS ?chamber) (SAMPLE(?ds) AS ?dossier) (SAMPLE(?n) AS ?number)
       (SAMPLE(?t) AS ?title)
       (GROUP_CONCAT(DISTINCT STR(?c); separator=" | ") AS ?creators)
       (GROUP_CONCAT(DISTINCT STR(?r); separator=" | ") AS ?references)
WHERE {
  ?iri a skg:Letter ; skg:text ?text .
  OPTIONAL { ?iri dcterms:date ?d } OPTIONAL { ?iri skg:chamber ?c0 BIND(STRAFTER(STR(?c0), "#") AS ?ch) }
  OPTIONAL { ?iri skg:dossier ?ds } OPTIONAL { ?iri skg:number ?n }
  OPTIONAL { ?iri dcterms:title ?t }
  OPTIONAL { ?iri dcterms:creator ?c } OPTIONAL { ?iri dcterms:references ?r }
} GROUP BY ?iri ORDER BY ?date ?iri
""",
    },
}


def _plain(term) -> object:
    """A term as a Python value: IRIs as strings, literals by datatype (ints, decimals, booleans, dates as ISO text)."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt in ("integer", "nonNegativeInteger", "int", "long", "positiveInteger"):
            return int(term.value)
        if dt == "boolean":
            return term.value == "true"
        return term.value
    return str(term)


ENTITY_CLASSES = ("State", "Organisation", "ArmedGroup", "Mission", "Person", "Place")


def _scan(store: Store, query: str) -> list[tuple]:
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [tuple(_plain(s[n]) for n in names) for s in result]


def _entities(store: Store) -> list[dict]:
    """Actors and places with labels, names, Wikidata id, ISO code; one scan per attribute, joined here."""
    classes = " ".join(f"skg:{c}" for c in ENTITY_CLASSES)
    found: dict[str, dict] = {}
    for iri, cls in _scan(store, f"SELECT DISTINCT ?e ?c WHERE {{ VALUES ?c {{ {classes} }} ?e a ?c }}"):
        found.setdefault(iri, {"iri": iri, "class": cls.rsplit("#", 1)[-1], "label_en": None, "label_nl": None,
                               "alt_labels": set(), "wikidata": None, "iso3166": None, "unlinked": None})
    for iri, label, lang in _scan(store, "SELECT DISTINCT ?e ?l (LANG(?l) AS ?lang) WHERE { ?e rdfs:label ?l }"):
        e = found.get(iri)
        if e is not None and lang in ("en", "nl") and not e[f"label_{lang}"]:
            e[f"label_{lang}"] = label
    for iri, alt in _scan(store, "SELECT DISTINCT ?e ?a WHERE { ?e skos:altLabel ?a }"):
        if iri in found:
            found[iri]["alt_labels"].add(alt)
    for iri, same in _scan(store, "SELECT DISTINCT ?e ?w WHERE { ?e owl:sameAs ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) }"):
        if iri in found:
            found[iri]["wikidata"] = same.rsplit("/", 1)[-1]
    for iri, iso in _scan(store, "SELECT DISTINCT ?e ?i WHERE { ?e skg:iso3166 ?i }"):
        if iri in found:
            found[iri]["iso3166"] = iso
    for iri, unlinked in _scan(store, "SELECT DISTINCT ?e ?u WHERE { ?e skg:unlinked ?u }"):
        if iri in found:
            found[iri]["unlinked"] = unlinked
    out = []
    for iri in sorted(found, key=lambda i: (found[i]["class"], i)):
        e = found[iri]
        e["alt_labels"] = " | ".join(sorted(e["alt_labels"])) or None
        out.append(e)
    return out


def labels(store: Store) -> dict[str, str]:
    """IRI -> display label (English, else Dutch, else any) of everything that has one."""
    best: dict[str, tuple[int, str]] = {}
    rank = {"en": 0, "nl": 1}
    for iri, label, lang in _scan(store, "SELECT DISTINCT ?e ?l (LANG(?l) AS ?lang) WHERE { ?e rdfs:label ?l }"):
        r = rank.get(lang, 2)
        if iri not in best or (r, label) < best[iri]:
            best[iri] = (r, label)
    return {iri: label for iri, (_, label) in best.items()}


_LABELLED = {"contributions": ("contributor", "mission"), "mandates": ("mission", "issuer"),
             "relations": ("subject", "object")}


def rows(store: Store, table: str) -> Iterator[dict]:
    """The rows of one fact type (see ``TABLES``), as dicts keyed by column name."""
    if table == "entities":
        yield from _entities(store)
        return
    spec = TABLES[table]
    names = [c[0] for c in spec["columns"]]
    names_of = labels(store) if table in _LABELLED else {}
    result = store.query(PREFIXES + spec["query"], use_default_graph_as_union=True)
    selected = {v.value for v in result.variables}
    for solution in result:
        row = {n: _plain(solution[n]) if n in selected else None for n in names}
        for n in names:  # GROUP_CONCAT of nothing is "", which means "none"
            if row[n] == "":
                row[n] = None
        for col in _LABELLED.get(table, ()):
            row[f"{col}_label"] = names_of.get(row[col]) if row[col] else None
        yield row


def table_names() -> Iterable[str]:
    return TABLES.keys()
