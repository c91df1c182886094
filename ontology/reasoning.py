"""The ontology through owlready2: loading, reasoning (HermiT or Pellet), and class/property hierarchies.

owlready2 cannot read Turtle, so the Turtle source of truth is converted with rdflib to N-Triples in
memory and loaded from there. Every call builds a fresh :class:`owlready2.World`, so results never
leak between calls (owlready2's default world is global).

Other code that needs the hierarchy (subclasses of ``skg:Event``, the actor-relation properties)
asks here instead of keeping its own copy in Python.

Datatypes: HermiT only knows the OWL 2 datatype map, which lacks ``xsd:date`` and ``xsd:gYear``
(ranges of ``skg:date``, ``skg:year``, ...); it runs with ``--ignoreUnsupportedDatatypes``, so those
ranges are not checked by the reasoner (the SHACL shapes check them). Pellet as bundled with
owlready2 needs a newer Java than 17 (its Jena is compiled for class file version 69); asking for
it on an older Java gives a clear error.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import owlready2
import rdflib

from sahelkg.errors import SahelkgError
from sahelkg.namespaces import ONTOLOGY_IRI, SKG
from sahelkg.resources import ontology_file

REASONERS = ("hermit", "pellet")


@dataclass(frozen=True)
class ReasoningReport:
    """The outcome of one reasoner run: consistency and the IRIs of unsatisfiable classes."""

    reasoner: str
    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    explanation: str = ""
    triples: int = 0
    inferred: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def ontology_graph(path: str | Path | None = None) -> rdflib.Graph:
    """The ontology parsed by rdflib (raises :class:`SahelkgError` with the parser's message if malformed)."""
    p = Path(path) if path else ontology_file()
    g = rdflib.Graph()
    try:
        g.parse(p, format="turtle")
    except Exception as e:  # rdflib raises many parser exception types
        raise SahelkgError(f"ontology does not parse: {e}", where=str(p)) from None
    return g


def _to_ntriples(graph: rdflib.Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def load_world(extra: rdflib.Graph | None = None, path: str | Path | None = None):
    """A fresh owlready2 World holding the ontology (and ``extra`` triples, e.g. a built graph).

    Returns ``(world, ontology)``. ``extra`` is loaded as a second ontology that imports the first.
    """
    world = owlready2.World()
    onto = world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(_to_ntriples(ontology_graph(path))), format="ntriples")
    if extra is not None:
        data = world.get_ontology("https://w3id.org/sahelkg/graph/data")
        data.load(fileobj=io.BytesIO(_to_ntriples(extra)), format="ntriples")
        data.imported_ontologies.append(onto)
        return world, data
    return world, onto


def reason(extra: rdflib.Graph | None = None, reasoner: str = "hermit", path: str | Path | None = None) -> ReasoningReport:
    """Run HermiT or Pellet over the ontology (plus ``extra``); report consistency and unsatisfiable classes."""
    if reasoner not in REASONERS:
        raise SahelkgError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")
    world, onto = load_world(extra, path)
    n = len(world.graph)
    run = owlready2.sync_reasoner_pellet if reasoner == "pellet" else owlready2.sync_reasoner_hermit
    try:
        with onto:
            kwargs = {"infer_property_values": False, "debug": 0}
            if reasoner == "pellet":
                kwargs["infer_data_property_values"] = False
            else:
                kwargs["ignore_unsupported_datatypes"] = True
            run(world, **kwargs)
    except owlready2.OwlReadyInconsistentOntologyError as e:
        return ReasoningReport(reasoner, False, (), explanation=str(e).strip()[-2000:], triples=n)
    except (owlready2.OwlReadyJavaError, OSError) as e:
        raise SahelkgError(f"{reasoner} failed: {str(e).strip()[-800:]}") from None
    unsat = tuple(sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing))
    return ReasoningReport(reasoner, True, unsat, triples=n)


# ---------------------------------------------------------------------------------- hierarchy lookups


@lru_cache(maxsize=1)
def _hierarchy_world():
    return load_world()


def _entity(iri: str):
    world, _ = _hierarchy_world()
    e = world[iri if "://" in iri else SKG + iri]
    if e is None:
        raise SahelkgError(f"not a term of the ontology: {iri}")
    return e


def subclasses(cls: str, *, direct: bool = False) -> list[str]:
    """IRIs of the (asserted) subclasses of ``cls`` (an IRI or an ``skg:`` local name), excluding itself."""
    c = _entity(cls)
    found = c.subclasses() if direct else c.descendants(include_self=False)
    return sorted(x.iri for x in found if hasattr(x, "iri"))


def superclasses(cls: str) -> list[str]:
    """IRIs of the named superclasses of ``cls`` (transitively), excluding itself and owl:Thing."""
    c = _entity(cls)
    return sorted(x.iri for x in c.ancestors(include_self=False) if hasattr(x, "iri") and x is not owlready2.Thing)


def subproperties(prop: str, *, direct: bool = False) -> list[str]:
    """IRIs of the subproperties of ``prop`` (an IRI or an ``skg:`` local name), excluding itself."""
    p = _entity(prop)
    found = p.subclasses() if direct else p.descendants(include_self=False)
    return sorted(x.iri for x in found if hasattr(x, "iri"))


def event_classes() -> list[str]:
    """``skg:Event`` and every subclass of it."""
    return sorted([SKG + "Event", *subclasses("Event")])


def actor_relation_properties() -> list[str]:
    """The direct relations between actors (every subproperty of ``skg:actorRelation``)."""
    return subproperties("actorRelation")


# ---------------------------------------------------------------------------------- graphs from stores


def store_graph(store_path: str | Path, *, include_ontology: bool = False, drop_text: bool = True) -> rdflib.Graph:
    """The union of every graph in an on-disk Oxigraph store, as one rdflib Graph (for owlready2/pySHACL).

    ``drop_text`` leaves out ``skg:text`` (whole letters: large, and irrelevant to reasoning).
    The ontology's own named graph is left out unless ``include_ontology``.
    """
    from pyoxigraph import RdfFormat, Triple, serialize

    from sahelkg.graph.store import open_store

    store = open_store(store_path, read_only=True)
    skip = {SKG + "text"} if drop_text else set()
    triples = {
        Triple(q.subject, q.predicate, q.object) for q in store
        if q.predicate.value not in skip
        and (include_ontology or not str(getattr(q.graph_name, "value", "")).endswith("/graph/ontology"))
    }
    g = rdflib.Graph()
    g.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return g
