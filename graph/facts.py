"""The graph's facts as plain rows, one query per fact type, each row with its source and quote.

One place for the SPARQL that turns the schema (docs/SCHEMA.md) back into tables: the CSV export,
the networkx/GraphML/GEXF export, the Python API and the timeline all read these rows.
Queries run over the union of all graphs. Offsets are code points into the letter's stored text.
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

def _label(var: str) -> str:
    """Bind ``?<var>_label`` to the English label of ``?<var>``, else its Dutch one (one row per fact)."""
    return (f'OPTIONAL {{ ?{var} rdfs:label ?{var}_en FILTER(LANGMATCHES(LANG(?{var}_en), "en")) }} '
            f'OPTIONAL {{ ?{var} rdfs:label ?{var}_nl FILTER(LANGMATCHES(LANG(?{var}_nl), "nl")) }} '
            f'BIND(COALESCE(?{var}_en, ?{var}_nl) AS ?{var}_label)')


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
        "query": """
SELECT ?iri ?class (SAMPLE(?en) AS ?label_en) (SAMPLE(?nl) AS ?label_nl)
       (GROUP_CONCAT(DISTINCT ?alt; separator=" | ") AS ?alt_labels)
       (SAMPLE(?wd) AS ?wikidata) (SAMPLE(?iso) AS ?iso3166) (SAMPLE(?unl) AS ?unlinked)
WHERE {
  VALUES ?cls { skg:State skg:Organisation skg:ArmedGroup skg:Mission skg:Person skg:Place }
  ?iri a ?cls . BIND(STRAFTER(STR(?cls), "#") AS ?class)
  OPTIONAL { ?iri rdfs:label ?en FILTER(LANGMATCHES(LANG(?en), "en")) }
  OPTIONAL { ?iri rdfs:label ?nl FILTER(LANGMATCHES(LANG(?nl), "nl")) }
  OPTIONAL { ?iri skos:altLabel ?alt }
  OPTIONAL { ?iri owl:sameAs ?wdi FILTER(STRSTARTS(STR(?wdi), STR(wd:))) BIND(STRAFTER(STR(?wdi), STR(wd:)) AS ?wd) }
  OPTIONAL { ?iri skg:iso3166 ?iso }
  OPTIONAL { ?iri skg:unlinked ?unl }
} GROUP BY ?iri ?class ORDER BY ?class ?iri
""",
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
SELECT ?iri ?contributor ?contributor_label ?mission ?mission_label ?personnel ?amount ?currency ?quantifier
       ?date ?start_date ?end_date ?year ?letter ?quote ?start ?end
WHERE {
  ?iri a skg:Contribution . BIND(?iri AS ?fact)
  OPTIONAL { ?iri skg:contributor ?contributor """ + _label("contributor") + """ }
  OPTIONAL { ?iri skg:mission ?mission """ + _label("mission") + """ }
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
SELECT ?iri ?mission ?mission_label ?issuer ?issuer_label ?start_date ?end_date ?personnel_ceiling ?resolution
       ?letter ?quote ?start ?end
WHERE {
  ?iri a skg:Mandate . BIND(?iri AS ?fact)
  OPTIONAL { ?iri skg:mission ?mission """ + _label("mission") + """ }
  OPTIONAL { ?iri skg:issuer ?issuer """ + _label("issuer") + """ }
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
SELECT ?statement ?subject ?subject_label ?predicate ?object ?object_label ?date ?start_date ?end_date
       ?letter ?quote ?start ?end
WHERE {
  ?statement a rdf:Statement ; rdf:subject ?subject ; rdf:predicate ?p ; rdf:object ?object .
  BIND(?statement AS ?fact)
  FILTER(STRSTARTS(STR(?p), STR(skg:)))
  BIND(STRAFTER(STR(?p), "#") AS ?predicate)
  """ + _label("subject") + """
  """ + _label("object") + """
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


def rows(store: Store, table: str) -> Iterator[dict]:
    """The rows of one fact type (see ``TABLES``), as dicts keyed by column name."""
    spec = TABLES[table]
    names = [c[0] for c in spec["columns"]]
    for solution in store.query(PREFIXES + spec["query"], use_default_graph_as_union=True):
        row = {n: _plain(solution[n]) for n in names}
        for n in names:  # GROUP_CONCAT of nothing is "", which means "none"
            if row[n] == "":
                row[n] = None
        yield row


def table_names() -> Iterable[str]:
    return TABLES.keys()
