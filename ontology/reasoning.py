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
import re
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import owlready2
import rdflib
import rdflib.collection

from sahelkg.errors import SahelkgError
from sahelkg.namespaces import ONTOLOGY_IRI, SKG
from sahelkg.resources import ontology_file

REASONERS = ("hermit", "pellet")
DATA_ONTOLOGY_IRI = "https://w3id.org/sahelkg/graph/data"


@dataclass(frozen=True)
class ReasoningReport:
    """The outcome of one reasoner run: consistency and the IRIs of unsatisfiable classes."""

    reasoner: str
    consistent: bool
    unsatisfiable: tuple[str, ...] = ()
    explanation: str = ""
    triples: int = 0

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

    Returns ``(world, ontology)``; ``extra`` is loaded as a second ontology in the same world (no
    ``owl:imports`` link, which Java reasoners would try to fetch over the network).
    """
    world = owlready2.World()
    onto = world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(_to_ntriples(ontology_graph(path))), format="ntriples")
    if extra is not None:
        data = world.get_ontology(DATA_ONTOLOGY_IRI)
        data.load(fileobj=io.BytesIO(_to_ntriples(extra)), format="ntriples")
        return world, data
    return world, onto


def reason(extra: rdflib.Graph | None = None, reasoner: str = "hermit", path: str | Path | None = None) -> ReasoningReport:
    """Run HermiT (or Pellet) over the ontology (plus ``extra``); report consistency and unsatisfiable classes.

    HermiT is owlready2's bundled jar, asked only for what the check needs (``-U``: the classes
    equivalent to owl:Nothing; an inconsistent ontology makes it fail with "Inconsistent ontology"),
    which is several times faster than owlready2's ``sync_reasoner`` (full classification and
    realisation). Pellet goes through ``owlready2.sync_reasoner_pellet``.
    """
    if reasoner not in REASONERS:
        raise SahelkgError(f"unknown reasoner {reasoner!r}; choose one of {', '.join(REASONERS)}")
    world, onto = load_world(extra, path)
    n = len(world.graph)
    if reasoner == "pellet":
        return _pellet(world, onto, n)
    with tempfile.NamedTemporaryFile("wb", suffix=".nt", delete=False) as tmp:
        world.save(tmp, format="ntriples")
    try:
        cmd = [owlready2.JAVA_EXE, f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M", "-cp", owlready2.reasoning._HERMIT_CLASSPATH,
               "org.semanticweb.HermiT.cli.CommandLine", "-U", "--ignoreUnsupportedDatatypes", Path(tmp.name).as_uri()]
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise SahelkgError(f"hermit could not run: {e}") from None
    finally:
        Path(tmp.name).unlink(missing_ok=True)
    text = out.stdout + out.stderr
    if out.returncode != 0:
        if "Inconsistent ontology" in text or "InconsistentOntologyException" in text:
            hints = explain_inconsistency(extra) if extra is not None else []
            return ReasoningReport("hermit", False, (), explanation="\n".join(["HermiT: inconsistent ontology", *hints[:20]]), triples=n)
        raise SahelkgError(f"hermit failed: {_first_lines(text)}")
    unsat = tuple(sorted({m for m in re.findall(r"^\s+(\S+)\s*$", out.stdout, re.MULTILINE)} - {"owl:Nothing"}))
    return ReasoningReport("hermit", True, tuple(_expand(u) for u in unsat), triples=n)


def explain_inconsistency(data: rdflib.Graph) -> list[str]:
    """Likely causes of an inconsistency, found without a reasoner: one line per offending node.

    Checks the two kinds of axiom a built graph usually breaks: disjoint classes (asserted types plus
    the named domains and ranges of the properties a node is used with, closed under subclassing)
    and functional properties with more than one value.
    """
    from rdflib.namespace import OWL, RDF, RDFS

    onto = ontology_graph()
    supers: dict = {}
    for c in set(onto.subjects(RDF.type, OWL.Class)):
        supers[c] = set(onto.transitive_objects(c, RDFS.subClassOf))
    disjoint: set[frozenset] = set()
    for node in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(rdflib.collection.Collection(onto, onto.value(node, OWL.members)))
        disjoint.update(frozenset((a, b)) for a in members for b in members if a != b)
    typed: dict = {}

    def add(node, cls, why):
        if isinstance(cls, rdflib.URIRef):
            for c in supers.get(cls, {cls}):
                typed.setdefault(node, {}).setdefault(c, why)

    for s_, c in data.subject_objects(RDF.type):
        add(s_, c, f"typed {c.n3(onto.namespace_manager)}")
    for prop in set(data.predicates()):
        dom, rng = onto.value(prop, RDFS.domain), onto.value(prop, RDFS.range)
        short = prop.n3(onto.namespace_manager)
        for s_, o in data.subject_objects(prop):
            if dom is not None:
                add(s_, dom, f"subject of {short}")
            if rng is not None and not isinstance(o, rdflib.Literal):
                add(o, rng, f"value of {short}")
    hints = []
    for node, classes in typed.items():
        for pair in disjoint:
            a, b = tuple(pair)
            a, b = sorted((a, b), key=str)
            if a in classes and b in classes:
                hints.append(f"{node}: both {a.n3(onto.namespace_manager)} ({classes[a]}) and "
                             f"{b.n3(onto.namespace_manager)} ({classes[b]}), which are disjoint")
    for prop in onto.subjects(RDF.type, OWL.FunctionalProperty):
        for s_ in set(data.subjects(prop)):
            values = set(data.objects(s_, prop))
            if len(values) > 1:
                hints.append(f"{s_}: {len(values)} values of functional {prop.n3(onto.namespace_manager)}")
    return sorted(hints)


def _first_lines(text: str, n: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[:n])


def _expand(name: str) -> str:
    """HermiT prints IRIs as ``<iri>`` or as prefixed names of its own; return a plain IRI where possible."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    if name.startswith(":"):
        return SKG + name[1:]
    return name


def _pellet(world, onto, n: int) -> ReasoningReport:
    try:
        with onto:
            owlready2.sync_reasoner_pellet(world, infer_property_values=False, infer_data_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as e:
        return ReasoningReport("pellet", False, (), explanation=str(e).strip()[-2000:], triples=n)
    except (owlready2.OwlReadyJavaError, OSError) as e:
        msg = str(e)
        if "UnsupportedClassVersionError" in msg:
            raise SahelkgError("pellet as bundled with owlready2 needs a newer Java than the one installed; "
                               "use --reasoner hermit") from None
        raise SahelkgError(f"pellet failed: {_first_lines(msg, 3)}") from None
    unsat = tuple(sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing))
    return ReasoningReport("pellet", True, unsat, triples=n)


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
