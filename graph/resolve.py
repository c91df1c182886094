"""Entity resolution across letters: one IRI per real-world entity, whatever name a letter uses.

The extractor already gives every gazetteer entity its fixed IRI (``id/state/MLI``) and every
discovered (unlinked) entity an IRI derived from its name, so identical names meet on their own.
What is left is done here, over the letters' quads:

1. :func:`entity_records` - per letter, the entity nodes with their names and classes.
2. :func:`plan_merges` - over all letters' records: unlinked nodes whose normalised name equals a
   name (label or altLabel) of exactly one known entity of a compatible class are mapped onto it;
   unlinked nodes sharing a normalised name are mapped onto one of them (the smallest IRI).
3. :func:`apply_merges` - per letter, IRIs rewritten by the plan; the label a letter used for a
   merged node is kept as ``skos:altLabel`` of the node it merged into; a merge into a known entity
   drops the unlinked node's own ``rdf:type`` and ``skg:unlinked`` (the gazetteer's are right).

Facts are never merged: two letters reporting the same contribution stay two fact nodes, each in
its own letter graph with its own provenance, pointing at the same (resolved) mission and state.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from sahelkg.namespaces import DCTERMS, RDF, RDFS, SKG, SKOS

RDF_TYPE = RDF + "type"
LABEL_PREDICATES = {RDFS + "label", SKOS + "altLabel", SKOS + "prefLabel"}
ENTITY_CLASSES = {SKG + c for c in ("Actor", "State", "Organisation", "ArmedGroup", "Mission", "Person", "Place")}
UNLINKED = SKG + "unlinked"
_ALT = NamedNode(SKOS + "altLabel")
_ARTICLES = {"de", "het", "een", "the", "a", "an", "la", "le", "les", "l"}


@lru_cache(maxsize=1 << 17)
def normalise_name(name: str) -> str:
    """A name reduced for matching: no accents, case, punctuation or leading article."""
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"['’‘`´ʼ]", "", folded)  # Jama'at = Jama’at = Jamaat
    words = re.sub(r"[\W_]+", " ", folded).split()
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _class_group(classes: Iterable[str]) -> str | None:
    """Persons only merge with persons; the other entity classes with each other (a place named as a state)."""
    cs = {c.rsplit("#", 1)[-1] for c in classes}
    if not cs:
        return None
    return "person" if cs == {"Person"} else ("mixed" if "Person" in cs else "other")


def entity_records(quads: Iterable[Quad], unlinked: set[str] = frozenset()) -> list[list]:
    """The entity nodes in one letter's quads: ``[iri, is_unlinked, sorted names, sorted classes]``.

    An entity node is a named node typed with an entity class, or listed in ``unlinked``. A node is
    unlinked if listed in ``unlinked`` or if it carries ``skg:unlinked true``.
    """
    names: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    flagged: set[str] = set()
    for q in quads:
        s = q.subject
        if not isinstance(s, NamedNode):
            continue
        p = q.predicate.value
        if p == RDF_TYPE and isinstance(q.object, NamedNode) and q.object.value in ENTITY_CLASSES:
            classes[s.value].add(q.object.value)
        elif p in LABEL_PREDICATES and isinstance(q.object, Literal):
            names[s.value].add(q.object.value)
        elif p == UNLINKED and isinstance(q.object, Literal) and q.object.value in ("true", "1"):
            flagged.add(s.value)
    nodes = set(classes) | (set(unlinked) & (set(names) | set(classes))) | flagged
    return [[iri, iri in unlinked or iri in flagged, sorted(names.get(iri, ())), sorted(classes.get(iri, ()))]
            for iri in sorted(nodes)]


class MergePlan(dict):
    """unlinked IRI -> the IRI it resolves to; ``known`` holds the targets that are known entities."""

    def __init__(self, mapping=(), known: Iterable[str] = ()) -> None:
        super().__init__(mapping)
        self.known = set(known)


def plan_merges(records: Iterable[Iterable[list]]) -> MergePlan:
    """Over every letter's :func:`entity_records`: unlinked IRI -> the IRI it resolves to.

    A node known (not unlinked) in any letter is known. Deterministic: the same records in any
    order give the same plan.
    """
    node_names: dict[str, set[str]] = defaultdict(set)
    node_classes: dict[str, set[str]] = defaultdict(set)
    known: set[str] = set()
    unlinked: set[str] = set()
    for letter in records:
        for iri, is_unlinked, names, classes in letter:
            (unlinked if is_unlinked else known).add(iri)
            node_names[iri].update(filter(None, map(normalise_name, names)))
            node_classes[iri].update(classes)
    return plan_from_state(node_names, node_classes, known, unlinked - known)


def plan_from_state(node_names: Mapping[str, set[str]], node_classes: Mapping[str, set[str]],
                    known: set[str], unlinked: set[str]) -> MergePlan:
    """The plan from the records aggregated per IRI: its normalised names, its classes, known or unlinked.

    Only the IRIs given take part: a plan over a part of the corpus equals the whole corpus's plan
    restricted to that part if the part holds, with every unlinked IRI, every unlinked IRI sharing a
    name with it and every known IRI carrying one of its names (``build.py`` replans that way).
    """
    known_names: dict[str, set[str]] = defaultdict(set)
    for iri in known:
        for n in node_names.get(iri, ()):
            known_names[n].add(iri)

    # union-find over unlinked nodes sharing a normalised name
    parent = {iri: iri for iri in unlinked}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_name: dict[tuple, list[str]] = defaultdict(list)
    for iri in sorted(unlinked):
        group = _class_group(node_classes.get(iri, ()))
        for n in node_names.get(iri, ()):
            by_name[(group, n)].append(iri)
    for members in by_name.values():
        root = find(members[0])
        for other in members[1:]:
            r = find(other)
            if r != root:
                parent[max(r, root)] = min(r, root)
                root = min(r, root)
    groups: dict[str, list[str]] = defaultdict(list)
    for iri in unlinked:
        groups[find(iri)].append(iri)

    plan = MergePlan()
    for members in groups.values():
        names = set().union(*(node_names.get(m, ()) for m in members))
        group = _class_group(set().union(*(node_classes.get(m, ()) for m in members)))
        targets = {k for n in names for k in known_names.get(n, ())
                   if group is None or _class_group(node_classes.get(k, ())) in (None, group)}
        target = next(iter(targets)) if len(targets) == 1 else min(members)
        for m in members:
            if m != target:
                plan[m] = target
        if target in known and any(m != target for m in members):
            plan.known.add(target)
    return plan


def apply_merges(quads: Iterable[Quad], plan: Mapping[str, str], known: set[str] | None = None) -> list[Quad]:
    """One letter's quads with the plan applied (order kept, duplicates dropped).

    ``known``: the targets that are known entities (merges into them drop the merged node's own
    types and unlinked flag); by default ``plan.known`` of a :class:`MergePlan`.
    """
    if not plan:
        return list(quads)
    if known is None:
        known = getattr(plan, "known", set())
    nodes = {k: NamedNode(v) for k, v in plan.items()}
    out: dict[Quad, None] = {}
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        merged = isinstance(s, NamedNode) and s.value in nodes
        if merged:
            target = plan[s.value]
            if target in known and (p.value == RDF_TYPE or p.value == UNLINKED):
                continue
            if p.value in (RDFS + "label", SKOS + "prefLabel"):
                p = _ALT
            s = nodes[s.value]
        if isinstance(o, NamedNode) and o.value in nodes and p.value != RDF_TYPE:
            o = nodes[o.value]
        out[Quad(s, p, o, q.graph_name)] = None
    return list(out)


def letter_metadata(quads: Iterable[Quad], letter_iri: str) -> dict:
    """Date, chamber, dossier and number the letter node carries (for ``add``'s report and ``stats``)."""
    wanted = {DCTERMS + "date": "date", SKG + "chamber": "chamber", SKG + "dossier": "dossier",
              SKG + "number": "number", DCTERMS + "title": "title"}
    meta: dict = {}
    for q in quads:
        if isinstance(q.subject, NamedNode) and q.subject.value == letter_iri and q.predicate.value in wanted:
            o = q.object
            value = o.value.rsplit("#", 1)[-1] if isinstance(o, NamedNode) else o.value
            meta.setdefault(wanted[q.predicate.value], value)
    return meta
