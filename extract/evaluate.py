"""Score the extractor against hand-made gold annotations (``tests/gold``) and own passages (``tests/passages``).

Gold format and the matching rules are documented in ``tests/gold/README.md``; in short:

* every fact type is scored with *credits*: a predicted fact that matches a gold fact on the fact type's
  **key** earns between 0.5 and 1.0 (1.0 when every further attribute the gold states is also right,
  including evidence that overlaps the gold quote); unmatched predictions are false positives, unmatched
  gold facts false negatives. precision = credit / predicted, recall = credit / gold.
* keys: contribution = (contributor, mission, personnel or amount); mandate = (mission, end date or
  ceiling); event = (type, date or place); relation = (subject, predicate, object); letter metadata =
  each (field, value) item; entities = the key (IRI path after ``id/``), scored per class.
* matching is one-to-one, greedy by credit.

The RDF is read with SPARQL over an in-memory pyoxigraph store, so anything that yields quads (the
extractor's ``to_quads`` list, a pyoxigraph ``Store``/``Dataset``, an rdflib ``Dataset``) can be scored.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable

import yaml

from sahelkg.errors import SahelkgError
from sahelkg.namespaces import DEFAULT_BASE_IRI, SKG, Iris, sparql_prefixes

FACT_TYPES = ("letter", "contributions", "mandates", "events", "relations")
ENTITY_CLASSES = ("State", "Organisation", "ArmedGroup", "Mission", "Person", "Place")
RELATION_PREDICATES = (
    "memberOf", "affiliatedWith", "mergedInto", "partOf", "ledBy", "supports", "opposes",
    "succeededBy", "signatoryOf", "operatesIn", "contributesTo",
)
KEY_WEIGHT = 0.5  # credit for a key match; the other half is shared by the secondary attributes

REPO_ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- scores


@dataclass
class Counts:
    """Credits of one fact type or entity class: ``tp`` is a credit sum (0.5..1 per matched pair)."""

    tp: float = 0.0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    def as_dict(self) -> dict:
        return {"tp": round(self.tp, 3), "predicted": self.n_pred, "gold": self.n_gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Scores:
    """One letter's (or a sum of letters') scores, per fact type and per entity class."""

    name: str
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in FACT_TYPES})
    by_class: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in ENTITY_CLASSES})
    missed: dict[str, list] = field(default_factory=dict)  # fact type -> gold facts not found
    spurious: dict[str, list] = field(default_factory=dict)  # fact type -> predictions matching no gold
    non_facts_total: int = 0
    non_facts_violated: list[str] = field(default_factory=list)  # quotes of non-facts the extractor asserted
    errors: list[str] = field(default_factory=list)  # extractor failures (the letter then scores as empty)

    @property
    def entities(self) -> Counts:
        c = Counts()
        for v in self.by_class.values():
            c.add(v)
        return c

    @property
    def facts(self) -> Counts:
        """Micro total over all fact types (entities excluded)."""
        c = Counts()
        for v in self.by_type.values():
            c.add(v)
        return c

    @property
    def micro(self) -> Counts:
        """Micro total over fact types and entities."""
        c = self.facts
        c.add(self.entities)
        return c

    def add(self, other: Scores) -> None:
        for t, c in other.by_type.items():
            self.by_type.setdefault(t, Counts()).add(c)
        for k, c in other.by_class.items():
            self.by_class.setdefault(k, Counts()).add(c)
        for t, v in other.missed.items():
            self.missed.setdefault(t, []).extend(v)
        for t, v in other.spurious.items():
            self.spurious.setdefault(t, []).extend(v)
        self.non_facts_total += other.non_facts_total
        self.non_facts_violated.extend(other.non_facts_violated)
        self.errors.extend(other.errors)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "facts": {t: c.as_dict() for t, c in self.by_type.items()},
            "entities": {k: c.as_dict() for k, c in self.by_class.items()},
            "entities_total": self.entities.as_dict(),
            "facts_total": self.facts.as_dict(),
            "micro": self.micro.as_dict(),
            "non_facts": {"total": self.non_facts_total, "violated": len(self.non_facts_violated)},
            "errors": list(self.errors),
        }


# --------------------------------------------------------------------------- values


def norm_value(v: Any) -> str | None:
    """One comparable string per value: dates ISO, numbers without exponent or trailing zeros, keys as is."""
    if v is None:
        return None
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (float, Decimal)):
        return _norm_number(str(v))
    s = str(v).strip()
    if len(s) > 10 and _looks_like_date(s[:10]) and s[10] == "T":  # xsd:dateTime -> its date
        return s[:10]
    if s and (s[0].isdigit() or s[0] == "-") and not _looks_like_date(s):
        n = _norm_number(s)
        if n is not None:
            return n
    return s


def _looks_like_date(s: str) -> bool:
    return len(s) == 10 and s[4] == "-" and s[7] == "-"


def _norm_number(s: str) -> str | None:
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """All spans (code-point offsets) where ``quote`` occurs exactly in ``text``."""
    spans, i = [], text.find(quote)
    while quote and i >= 0:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    return spans


def _overlaps(spans: list[tuple[int, int]], start: int | None, end: int | None) -> bool:
    if start is None or end is None:
        return False
    return any(s < end and start < e for s, e in spans)


# --------------------------------------------------------------------------- reading RDF


def _store_from(quads_or_dataset):
    """An in-memory pyoxigraph Store holding the given quads (list, pyoxigraph Store/Dataset, rdflib Dataset)."""
    import pyoxigraph as ox

    if isinstance(quads_or_dataset, ox.Store):
        return quads_or_dataset
    store = ox.Store()
    if hasattr(quads_or_dataset, "serialize") and hasattr(quads_or_dataset, "graphs"):  # rdflib Dataset
        data = quads_or_dataset.serialize(format="nquads")
        store.load(data.encode("utf-8") if isinstance(data, str) else data, format=ox.RdfFormat.N_QUADS)
        return store
    quads = list(quads_or_dataset)
    fixed = []
    for q in quads:
        if isinstance(q, ox.Triple):
            q = ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        fixed.append(q)
    store.extend(fixed)
    return store


def _term_value(t) -> str | None:
    if t is None:
        return None
    return getattr(t, "value", str(t))


def _key(iri: str | None, base: str) -> str | None:
    """IRI -> key: path after ``<base>id/`` (also after any ``.../id/`` so other bases still score)."""
    if iri is None:
        return None
    prefix = base + "id/"
    if iri.startswith(prefix):
        return iri[len(prefix):]
    if "/id/" in iri:
        return iri.split("/id/", 1)[1]
    if iri.startswith(SKG):
        return iri[len(SKG):]
    return iri


def _select(store, query: str) -> list[dict]:
    rows = []
    result = store.query(sparql_prefixes() + query, use_default_graph_as_union=True)
    variables = list(result.variables)
    for sol in result:
        row = {}
        for v in variables:
            t = sol[v]
            if t is not None:
                row[v.value] = _term_value(t)
        rows.append(row)
    return rows


def _rows_by_node(rows: list[dict], node_var: str) -> dict[str, dict[str, set]]:
    """Rows grouped by node: each variable's values as a set; evidence spans kept as (start, end) pairs
    under ``"_spans"`` (pairs from the same row, so several evidence nodes never get mixed up)."""
    out: dict[str, dict[str, set]] = {}
    for r in rows:
        d = out.setdefault(r[node_var], {})
        for k, v in r.items():
            if k != node_var:
                d.setdefault(k, set()).add(v)
        if r.get("es") is not None and r.get("ee") is not None:
            d.setdefault("_spans", set()).add((r["es"], r["ee"]))
    return out


_ANCESTORS: dict[str, frozenset[str]] | None = None


def skg_ancestors() -> dict[str, frozenset[str]]:
    """skg: class local name -> itself and its skg: superclasses (transitively), read from the ontology
    with owlready2 (:mod:`sahelkg.ontology.reasoning`), never from a copy of the hierarchy kept here."""
    global _ANCESTORS
    if _ANCESTORS is not None:
        return _ANCESTORS
    from sahelkg.ontology import reasoning

    local = lambda iri: iri[len(SKG):]  # noqa: E731
    classes = {local(c) for c in reasoning.subclasses("Actor") + reasoning.subclasses("Place") + reasoning.event_classes()
               + reasoning.subclasses("Letter") if c.startswith(SKG)} | set(ENTITY_CLASSES) | {"Actor", "Letter"}
    out: dict[str, frozenset[str]] = {}
    for c in classes:
        try:
            supers = reasoning.superclasses(c)
        except SahelkgError:  # a name the ontology does not declare is its own only ancestor
            supers = []
        out[c] = frozenset({c, *(local(x) for x in supers if x.startswith(SKG))})
    _ANCESTORS = out
    return out


def entity_class(types: Iterable[str]) -> str | None:
    """The schema's entity class (one of six) of a node with these skg: types; the most specific wins
    (ArmedGroup/Mission/State/Person over Organisation), so skg:ArmedForces counts as Organisation."""
    anc = skg_ancestors()
    found = {c for t in types for c in anc.get(t, frozenset((t,))) if c in ENTITY_CLASSES}
    if not found:
        return None
    for c in ("Person", "State", "ArmedGroup", "Mission", "Place", "Organisation"):
        if c in found:
            return c
    return None


def event_types(types: Iterable[str]) -> list[str]:
    """The event types a node has, with their event superclasses (a Ceasefire is also an Agreement);
    [] if it is no event. skg:Event itself only when nothing more specific is given."""
    anc = skg_ancestors()
    out = set()
    for t in types:
        a = anc.get(t, frozenset((t,)))
        if "Event" in a:
            out |= {x for x in a if "Event" in anc.get(x, frozenset((x,)))}
    specific = sorted(out - {"Event"})
    return specific or (["Event"] if out else [])


def read_predicted(quads_or_dataset, letter_name: str, base: str = DEFAULT_BASE_IRI) -> dict:
    """The extractor's RDF as plain dicts in the gold vocabulary (keys, ISO dates, number strings)."""
    store = _store_from(quads_or_dataset)
    iris = Iris(base)
    letter_iri = iris.letter(letter_name)
    k = lambda iri: _key(iri, iris.base)  # noqa: E731

    # letter metadata
    letter_items: set[tuple] = set()
    rows = _select(store, f"""
        SELECT ?p ?o ?rd ?rn WHERE {{
          <{letter_iri}> ?p ?o .
          FILTER(?p IN (dcterms:date, skg:chamber, skg:dossier, skg:number, dcterms:creator, dcterms:references))
          OPTIONAL {{ ?o skg:dossier ?rd }} OPTIONAL {{ ?o skg:number ?rn }}
        }}""")
    for r in rows:
        p = r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if p == "date":
            letter_items.add(("date", norm_value(r["o"])))
        elif p == "chamber":
            letter_items.add(("chamber", k(r["o"])))
        elif p in ("dossier", "number"):
            letter_items.add((p, _norm_id(r["o"])))
        elif p == "creator":
            letter_items.add(("signatory", k(r["o"])))
        elif p == "references":
            letter_items.add(("references", _norm_id(r.get("rd")), _norm_id(r.get("rn"))))

    evidence = """OPTIONAL { ?n skg:evidence ?ev . OPTIONAL { ?ev oa:start ?es } OPTIONAL { ?ev oa:end ?ee }
                             OPTIONAL { ?ev oa:exact ?ex } }"""

    # A fact marked planned or considered (skg:status) is not asserted: the letter states an intention,
    # so it is neither a prediction to score nor a violation of a non-fact passage.
    asserted = "FILTER NOT EXISTS { ?n skg:status ?status FILTER(?status != skg:Asserted) }"

    def facts(cls: str, props: Iterable[str]) -> list[dict]:
        opt = "\n".join(f"OPTIONAL {{ ?n skg:{p} ?{p} }}" for p in props)
        rows = _select(store, f"SELECT * WHERE {{ ?n a skg:{cls} . {asserted} {opt} {evidence} }}")
        return [_flatten(n, d, k) for n, d in _rows_by_node(rows, "n").items()]

    contributions = facts("Contribution", ("contributor", "mission", "personnel", "amount", "currency",
                                           "quantifier", "date", "startDate", "endDate", "year"))
    mandates = facts("Mandate", ("mission", "issuer", "startDate", "endDate", "personnelCeiling", "resolution"))

    ev_rows = _select(store, f"""
        SELECT * WHERE {{
          ?n a ?type . FILTER(STRSTARTS(STR(?type), "{SKG}"))
          FILTER EXISTS {{ ?n skg:evidence ?anyev }}
          {asserted}
          OPTIONAL {{ ?n skg:date ?date }} OPTIONAL {{ ?n skg:startDate ?startDate }}
          OPTIONAL {{ ?n skg:endDate ?endDate }} OPTIONAL {{ ?n skg:place ?place }}
          OPTIONAL {{ ?n skg:agent ?agent }} OPTIONAL {{ ?n skg:affected ?affected }}
          OPTIONAL {{ ?n skg:fatalities ?fatalities }}
          {evidence}
        }}""")
    events = []
    for n, d in _rows_by_node(ev_rows, "n").items():
        types = {t[len(SKG):] for t in d.get("type", ())}
        etypes = event_types(types)
        if not etypes or types & {"Contribution", "Mandate", "Letter"}:
            continue
        f = _flatten(n, d, k)
        f["types"] = etypes
        f["type"] = next((t for t in sorted(types) if t in etypes and t != "Event"), etypes[0])
        events.append(f)

    preds = ", ".join(f"skg:{p}" for p in RELATION_PREDICATES)
    rel_rows = _select(store, f"""
        SELECT ?s ?p ?o ?es ?ee ?ex WHERE {{
          ?s ?p ?o . FILTER(?p IN ({preds})) FILTER(isIRI(?o))
          OPTIONAL {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; skg:evidence ?ev .
                     OPTIONAL {{ ?ev oa:start ?es }} OPTIONAL {{ ?ev oa:end ?ee }} OPTIONAL {{ ?ev oa:exact ?ex }} }}
        }}""")
    rels: dict[tuple, dict] = {}
    for r in rel_rows:
        key = (k(r["s"]), r["p"][len(SKG):], k(r["o"]))
        rel = rels.setdefault(key, {"subject": key[0], "predicate": key[1], "object": key[2], "_evidence": []})
        if r.get("es") is not None and r.get("ee") is not None:
            rel["_evidence"].append((int(r["es"]), int(r["ee"])))

    ent_rows = _select(store, f'SELECT ?e ?c WHERE {{ ?e a ?c . FILTER(isIRI(?e) && STRSTARTS(STR(?c), "{SKG}")) }}')
    node_types: dict[str, set[str]] = {}
    for r in ent_rows:
        node_types.setdefault(r["e"], set()).add(r["c"][len(SKG):])
    entities: dict[str, str] = {}
    for node, types in node_types.items():
        key, cls = k(node), entity_class(types)
        if cls is None or key is None or key.startswith("letter/") or event_types(types) \
                or types & {"Contribution", "Mandate", "Letter", "Evidence"}:
            continue
        entities[key] = cls

    return {"letter": letter_items, "contributions": contributions, "mandates": mandates,
            "events": events, "relations": list(rels.values()), "entities": entities}


def _norm_id(v: str | None) -> str | None:
    """Dossier/number as written or as IRI -> "29521" / "AB" (spaces dropped, upper case)."""
    if v is None:
        return None
    v = v.rsplit("/", 1)[-1] if "/" in v else v
    return v.replace(" ", "").replace("\u00a0", "").upper()


def _flatten(node: str, d: dict[str, set], k) -> dict:
    """One fact node's collected values: single values as str, entity properties as sets of keys."""
    out: dict[str, Any] = {"_node": node, "_evidence": []}
    for s, e in sorted(d.get("_spans", ())):
        try:
            out["_evidence"].append((int(s), int(e)))
        except ValueError:
            pass
    for prop, vals in d.items():
        if prop in ("es", "ee", "ex", "ev", "anyev", "type", "_spans"):
            continue
        vals = {v for v in vals if v is not None}
        if prop in ("contributor", "mission", "issuer", "place", "agent", "affected", "quantifier"):
            out[prop] = {k(v) for v in vals}
        else:
            out[prop] = {norm_value(v) for v in vals}
    return out


# --------------------------------------------------------------------------- gold


def load_gold(path: str | Path) -> dict:
    """Read one gold file; errors name the file."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise SahelkgError(f"cannot read gold file: {e}", where=str(p)) from None
    if not isinstance(data, dict) or "letter" not in data:
        raise SahelkgError("gold file has no 'letter' section", where=str(p))
    data.setdefault("_path", str(p))
    return data


def _gold_letter_items(gold: dict) -> set[tuple]:
    meta = gold.get("letter") or {}
    items: set[tuple] = set()
    if meta.get("date") is not None:
        items.add(("date", norm_value(meta["date"])))
    if meta.get("chamber"):
        items.add(("chamber", str(meta["chamber"])))
    for f in ("dossier", "number"):
        if meta.get(f) is not None:
            items.add((f, _norm_id(str(meta[f]))))
    for s in meta.get("signatories") or ():
        items.add(("signatory", s["key"]))
    for r in meta.get("references") or ():
        items.add(("references", _norm_id(str(r["dossier"])) if r.get("dossier") is not None else None,
                   _norm_id(str(r["number"])) if r.get("number") is not None else None))
    return items


def _as_set(v) -> set[str]:
    if v is None:
        return set()
    if isinstance(v, (list, tuple, set)):
        return {str(x) for x in v}
    return {str(v)}


def _gold_relations(gold: dict) -> list[dict]:
    """Explicit gold relations plus ``contributesTo`` implied by each gold contribution (deduplicated)."""
    seen: dict[tuple, dict] = {}
    for r in gold.get("relations") or ():
        seen.setdefault((r["subject"], r["predicate"], r["object"]), r)
    for c in gold.get("contributions") or ():
        key = (c["contributor"], "contributesTo", c["mission"])
        seen.setdefault(key, {"subject": key[0], "predicate": "contributesTo", "object": key[2],
                              "quote": c.get("quote"), "implied": True})
    return list(seen.values())


# --------------------------------------------------------------------------- matching


def _single(p: dict, prop: str) -> set:
    return p.get(prop) or set()


def _attr_ok(gold_val, pred_vals: set) -> bool:
    if isinstance(gold_val, (list, tuple, set)):
        g = {norm_value(x) for x in gold_val}
        return bool(g & pred_vals)
    return norm_value(gold_val) in pred_vals


def date_ok(gold_val, pred_vals: Iterable) -> bool:
    """A gold date matches a predicted one; partial gold dates ("2017", "2017-03") match by prefix."""
    g = norm_value(gold_val)
    return g is not None and any(p is not None and (p == g or p.startswith(g + "-")) for p in pred_vals)


def _credit(secondary: list[bool]) -> float:
    if not secondary:
        return 1.0
    return KEY_WEIGHT + (1 - KEY_WEIGHT) * sum(secondary) / len(secondary)


def _evidence_ok(g: dict, p: dict, text: str | None) -> list[bool]:
    """[evidence overlaps the gold quote] when both sides have one, else []."""
    q = g.get("quote")
    if not q or text is None:
        return []
    locs = locate(text, q)
    return [any(_overlaps(locs, s, e) for s, e in p.get("_evidence", ()))]


def match_contribution(g: dict, p: dict, text: str | None) -> float:
    """Key: contributor, mission and personnel-or-amount; secondary: the rest the gold states."""
    if g["contributor"] not in _single(p, "contributor") or g["mission"] not in _single(p, "mission"):
        return 0.0
    value_ok = False
    if g.get("personnel") is not None and norm_value(g["personnel"]) in _single(p, "personnel"):
        value_ok = True
    if g.get("amount") is not None and norm_value(g["amount"]) in _single(p, "amount"):
        value_ok = True
    if g.get("personnel") is None and g.get("amount") is None:
        value_ok = not _single(p, "personnel") and not _single(p, "amount")
    if not value_ok:
        return 0.0
    sec = []
    if g.get("amount") is not None and g.get("currency"):
        sec.append(g["currency"] in _single(p, "currency"))
    if g.get("personnel") is not None and g.get("amount") is not None:
        sec.append(norm_value(g["personnel"]) in _single(p, "personnel")
                   and norm_value(g["amount"]) in _single(p, "amount"))
    sec.append(g.get("quantifier", "Exact") in (_single(p, "quantifier") or {"Exact"}))
    for gf, pf in (("date", "date"), ("start", "startDate"), ("end", "endDate"), ("year", "year")):
        if g.get(gf) is not None:
            preds = _single(p, pf)
            if gf == "year":  # a year is also right when the prediction dates the contribution within it
                preds = preds | _single(p, "date") | _single(p, "startDate")
            sec.append(date_ok(g[gf], preds))
    sec += _evidence_ok(g, p, text)
    return _credit(sec)


def match_mandate(g: dict, p: dict, text: str | None) -> float:
    """Key: mission and (end date or personnel ceiling); secondary: issuer, start, resolution, the other."""
    if g["mission"] not in _single(p, "mission"):
        return 0.0
    end_ok = g.get("end") is not None and date_ok(g["end"], _single(p, "endDate"))
    ceil_ok = g.get("personnelCeiling") is not None and norm_value(g["personnelCeiling"]) in _single(p, "personnelCeiling")
    if not (end_ok or ceil_ok):
        return 0.0
    sec = []
    if g.get("end") is not None and g.get("personnelCeiling") is not None:
        sec.append(end_ok and ceil_ok)
    if g.get("issuer"):
        sec.append(g["issuer"] in _single(p, "issuer"))
    if g.get("start") is not None:
        sec.append(date_ok(g["start"], _single(p, "startDate")))
    if g.get("resolution") is not None:
        sec.append(str(g["resolution"]) in _single(p, "resolution"))
    sec += _evidence_ok(g, p, text)
    return _credit(sec)


def _event_dates(d: dict, pred: bool) -> set[str]:
    if pred:
        return set(_single(d, "date")) | set(_single(d, "startDate"))
    return {norm_value(d[f]) for f in ("date", "start") if d.get(f) is not None}


def _event_date_ok(gdates: set[str], pdates: set[str]) -> bool:
    return any(date_ok(g, pdates) for g in gdates)


def match_event(g: dict, p: dict, text: str | None) -> float:
    """Key: type and (date or place); secondary: the other of date/place, end, agent, affected, fatalities."""
    if g["type"] not in p.get("types", [p.get("type")]):
        return 0.0
    gdates, pdates = _event_dates(g, False), _event_dates(p, True)
    dates_ok = _event_date_ok(gdates, pdates)
    place_ok = bool(_as_set(g.get("place")) & _single(p, "place"))
    if not (dates_ok or place_ok):
        return 0.0
    sec = []
    if gdates and g.get("place"):
        sec.append(dates_ok and place_ok)
    if g.get("end") is not None:
        sec.append(date_ok(g["end"], _single(p, "endDate") | _single(p, "date")))
    for f in ("agent", "affected"):
        if g.get(f):
            sec.append(bool(_as_set(g[f]) & _single(p, f)))
    if g.get("fatalities") is not None:
        sec.append(norm_value(g["fatalities"]) in _single(p, "fatalities"))
    sec += _evidence_ok(g, p, text)
    return _credit(sec)


def match_relation(g: dict, p: dict, text: str | None) -> float:
    """Key: (subject, predicate, object); secondary: evidence overlapping the quote (not for implied ones)."""
    if (g["subject"], g["predicate"], g["object"]) != (p["subject"], p["predicate"], p["object"]):
        return 0.0
    return _credit([] if g.get("implied") else _evidence_ok(g, p, text))


MATCHERS = {"contributions": match_contribution, "mandates": match_mandate, "events": match_event,
            "relations": match_relation}


def _assign(golds: list, preds: list, matcher, text) -> tuple[float, list[int], list[int]]:
    """Greedy one-to-one assignment by credit; returns (credit sum, unmatched gold idx, unmatched pred idx)."""
    pairs = []
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            c = matcher(g, p, text)
            if c > 0:
                pairs.append((c, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, total = set(), set(), 0.0
    for c, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        total += c
    return (total, [i for i in range(len(golds)) if i not in used_g],
            [j for j in range(len(preds)) if j not in used_p])


# --------------------------------------------------------------------------- scoring


def evaluate_letter(gold: dict, quads_or_dataset, *, text: str | None = None, name: str | None = None,
                    base: str = DEFAULT_BASE_IRI) -> Scores:
    """Score one letter's RDF against its gold annotation.

    ``name`` is the letter's name in IRIs (default: the stem of ``gold['letter']['file']``); ``text``
    the letter's text, for evidence-overlap checks (default: read from the graph's ``skg:text``).
    """
    meta = gold.get("letter") or {}
    name = name or Path(str(meta.get("file", "letter"))).stem
    store = _store_from(quads_or_dataset)
    if text is None:
        rows = _select(store, f"SELECT ?t WHERE {{ <{Iris(base).letter(name)}> skg:text ?t }}")
        text = rows[0]["t"] if rows else None
    pred = read_predicted(store, name, base)
    scores = Scores(name=name)

    gl, pl = _gold_letter_items(gold), pred["letter"]
    scores.by_type["letter"] = Counts(tp=float(len(gl & pl)), n_pred=len(pl), n_gold=len(gl))
    if gl - pl:
        scores.missed["letter"] = sorted(map(str, gl - pl))
    if pl - gl:
        scores.spurious["letter"] = sorted(map(str, pl - gl))

    for ftype, matcher in MATCHERS.items():
        golds = _gold_relations(gold) if ftype == "relations" else list(gold.get(ftype) or ())
        preds = pred[ftype]
        credit, miss, spur = _assign(golds, preds, matcher, text)
        scores.by_type[ftype] = Counts(tp=credit, n_pred=len(preds), n_gold=len(golds))
        if miss:
            scores.missed[ftype] = [_brief(golds[i]) for i in miss]
        if spur:
            scores.spurious[ftype] = [_brief(preds[j]) for j in spur]

    gold_ents = {e["key"]: e["class"] for e in gold.get("entities") or ()}
    pred_ents = pred["entities"]
    for cls in ENTITY_CLASSES:
        g = {k for k, c in gold_ents.items() if c == cls}
        p = {k for k, c in pred_ents.items() if c == cls}
        # a key found under another class still counts for recall/precision, at key-match credit
        tp = len(g & p) + KEY_WEIGHT * len({k for k in g - p if k in pred_ents})
        scores.by_class[cls] = Counts(tp=float(tp), n_pred=len(p), n_gold=len(g))
        # precision side of a class mix-up is credited above (once), so do not count it twice
    missed_ents = sorted(set(gold_ents) - set(pred_ents))
    if missed_ents:
        scores.missed["entities"] = missed_ents
    spurious_ents = sorted(set(pred_ents) - set(gold_ents))
    if spurious_ents:
        scores.spurious["entities"] = spurious_ents

    nf = list(gold.get("non_facts") or ())
    scores.non_facts_total = len(nf)
    if text is not None:
        spans = [s for ftype in ("contributions", "mandates", "events") for p in pred[ftype]
                 for s in p.get("_evidence", ())]
        spans += [s for r in pred["relations"] for s in r.get("_evidence", ())]
        for item in nf:
            locs = locate(text, item["quote"])
            if any(_overlaps(locs, s, e) for s, e in spans):
                scores.non_facts_violated.append(item["quote"])
    return scores


def _brief(fact: dict) -> dict:
    """A fact without internal fields, values as plain lists/strings, for reports."""
    out = {}
    for k, v in fact.items():
        if k.startswith("_") or k == "types":
            continue
        if isinstance(v, set):
            v = sorted(v) if len(v) != 1 else next(iter(v))
        elif isinstance(v, (dt.date, Decimal)):
            v = norm_value(v)
        out[k] = v
    return out


# --------------------------------------------------------------------------- running the extractor


def default_gold_dir() -> Path | None:
    """``tests/gold`` of the checkout this module lives in, else of the working directory."""
    for root in (REPO_ROOT, Path.cwd()):
        d = root / "tests" / "gold"
        if d.is_dir():
            return d
    return None


def seed_path(gold: dict, gold_dir: Path) -> Path:
    """The letter a gold file annotates: ``letter.file`` in ``seeds/`` next to ``tests/``."""
    fname = (gold.get("letter") or {}).get("file")
    if not fname:
        raise SahelkgError("gold file names no letter (letter.file)", where=gold.get("_path"))
    for cand in (gold_dir.parent.parent / "seeds" / fname, REPO_ROOT / "seeds" / fname):
        if cand.is_file():
            return cand
    from sahelkg.resources import seeds_dir

    cand = seeds_dir() / fname
    if cand.is_file():
        return cand
    raise SahelkgError(f"letter {fname} not found in seeds/", where=gold.get("_path"))


def extract_and_score(gold: dict, letter_path: Path, name: str | None = None) -> Scores:
    """Run the real extractor on one letter and score its quads against ``gold``.

    If the extractor fails on the letter, the letter scores as if nothing was extracted and the failure
    is kept in ``Scores.errors`` (and reported), so one broken step never hides the other letters' scores.
    """
    name = name or Path(letter_path).stem
    try:
        from sahelkg.extract import extract_path, to_quads

        extraction = extract_path(letter_path, name=name)
        quads = to_quads(extraction)
        text = extraction.letter.text
    except Exception as e:  # noqa: BLE001 - any extractor failure is a measurement, not a crash
        scores = evaluate_letter(gold, [], text=Path(letter_path).read_text(encoding="utf-8", errors="replace"),
                                 name=name)
        scores.errors.append(f"{letter_path}: extractor failed: {type(e).__name__}: {e}")
        return scores
    return evaluate_letter(gold, quads, text=text, name=name)


def passage_letter_text(passage: dict) -> str:
    """A passage as a minimal letter: the addressee line and ``Den Haag, <date>`` head, then the text.

    The head pins the letter date the extractor resolves "jl."/"a.s." against; quotes still are exact
    substrings of the result because the passage text is kept verbatim.
    """
    chamber = "Eerste" if passage.get("chamber") == "EersteKamer" else "Tweede"
    d = passage["date"]
    d = d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
              "oktober", "november", "december"]
    head = (f"Aan de Voorzitter van de {chamber} Kamer der Staten-Generaal\n\n"
            f"Den Haag, {d.day} {months[d.month - 1]} {d.year}\n\n")
    return head + passage["text"]


def load_passages(passages_dir: Path) -> list[dict]:
    """Every passage of every ``*.yaml`` in ``passages_dir`` (each file: ``passages: [...]``)."""
    out = []
    for f in sorted(passages_dir.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for p in data.get("passages") or ():
            p = dict(p)
            p["_path"] = str(f)
            out.append(p)
    return out


def passage_gold(passage: dict) -> dict:
    """A passage's expectations in gold-file form (so the same matching applies)."""
    exp = passage.get("expected") or {}
    return {"letter": {"file": f"passage-{passage['id']}.txt"}, **exp}


def extract_and_score_passage(passage: dict) -> Scores:
    """Write the passage as a letter to a temporary file, run the extractor, score against its expectations."""
    text = passage_letter_text(passage)
    name = f"passage-{passage['id']}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        return extract_and_score(passage_gold(passage), path, name=name)


def _recall_only(s: Scores) -> Scores:
    """A passage annotates only some fact types: predictions of types it does not annotate are not counted."""
    for c in list(s.by_type.values()) + list(s.by_class.values()):
        c.n_pred = 0 if c.n_gold == 0 else c.n_pred
    return s


def run_evaluation(gold_dir: str | Path | None = None, as_json: bool = False, passages_dir: str | Path | None = None,
                   out=None) -> dict:
    """Score the extractor on every gold letter (and every own passage); print a table or JSON.

    Returns the report dict. Raises :class:`SahelkgError` if the gold folder is missing or empty.
    """
    out = out or sys.stdout
    gdir = Path(gold_dir) if gold_dir else default_gold_dir()
    if gdir is None or not gdir.is_dir():
        raise SahelkgError("gold annotations not found: pass --gold DIR (a folder of *.yaml gold files); "
                           "the default is tests/gold in a source checkout", where=str(gold_dir or "tests/gold"))
    files = sorted(gdir.glob("*.yaml"))
    if not files:
        raise SahelkgError("no gold files (*.yaml) in this folder", where=str(gdir))
    letters, total = [], Scores(name="seeds (micro)")
    for f in files:
        gold = load_gold(f)
        s = extract_and_score(gold, seed_path(gold, gdir))
        letters.append(s)
        total.add(s)

    pdir = Path(passages_dir) if passages_dir else gdir.parent / "passages"
    ptotal = None
    if pdir.is_dir():
        ptotal = Scores(name="passages (fact types each passage annotates)")
        for p in load_passages(pdir):
            ptotal.add(_recall_only(extract_and_score_passage(p)))

    report = {"letters": [dict(s.as_dict(), missed=s.missed, spurious=s.spurious) for s in letters],
              "total": total.as_dict(),
              "passages": ptotal.as_dict() if ptotal else None,
              "missed": total.missed, "spurious_counts": {t: len(v) for t, v in total.spurious.items()}}
    if as_json:
        out.write(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        out.write(format_table(letters, total, ptotal))
    return report


def format_table(letters: list[Scores], total: Scores, passages: Scores | None) -> str:
    """Plain-text tables: per letter F1 by fact type, then the micro totals with P/R/F1."""
    lines = []
    cols = list(FACT_TYPES) + ["entities"]
    lines.append("F1 per letter")
    lines.append(f"{'letter':<26}" + "".join(f"{c:>14}" for c in cols))
    for s in letters:
        vals = [s.by_type[t] for t in FACT_TYPES] + [s.entities]
        lines.append(f"{s.name:<26}" + "".join(f"{_cell(c):>14}" for c in vals))
    lines.append("")
    for block in [total] + ([passages] if passages else []):
        lines.append(block.name)
        lines.append(f"{'':<22}{'gold':>7}{'pred':>7}{'credit':>9}{'P':>8}{'R':>8}{'F1':>8}")
        rows = [(t, block.by_type[t]) for t in FACT_TYPES] + [("facts (micro)", block.facts)]
        rows += [(f"entity:{c}", block.by_class[c]) for c in ENTITY_CLASSES] + [("entities (micro)", block.entities)]
        rows += [("all (micro)", block.micro)]
        for label, c in rows:
            lines.append(f"{label:<22}{c.n_gold:>7}{c.n_pred:>7}{c.tp:>9.2f}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}")
        lines.append(f"non-facts asserted: {len(block.non_facts_violated)} of {block.non_facts_total}")
        for err in block.errors:
            lines.append(f"error: {err}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _cell(c: Counts) -> str:
    return "-" if not c.n_gold and not c.n_pred else f"{c.f1:.3f}"
