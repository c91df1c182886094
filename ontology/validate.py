"""SHACL validation (pySHACL) of a graph, a file or a store against ``ontology/shapes.ttl``.

The ontology is always mixed into the data graph (pySHACL ``ont_graph``), so that shapes targeting
``skg:Event`` reach ``skg:Attack`` nodes through the ontology's ``rdfs:subClassOf`` triples; no other
inference is done. Each violation is reported with the node, the property, the message, the
offending value, and the letter the node was derived from, so a researcher can find it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SH

from sahelkg.errors import SahelkgError
from sahelkg.namespaces import PREFIXES, PROV
from sahelkg.resources import shapes_file

# File suffix -> rdflib parser format. Quad formats are read into a Dataset and merged.
FILE_FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".n3": "n3",
    ".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".jsonld": "json-ld", ".json": "json-ld",
    ".rdf": "xml", ".owl": "xml", ".xml": "xml",
}
QUAD_FORMATS = {"trig", "nquads", "json-ld"}


@dataclass(frozen=True)
class Violation:
    """One SHACL result, as plain strings (IRIs in full; ``value`` and ``path`` may be empty)."""

    focus: str
    path: str
    message: str
    value: str
    severity: str
    shape: str
    letter: str = ""

    def format(self, nm: rdflib.namespace.NamespaceManager | None = None) -> str:
        def short(x: str) -> str:
            if nm is None or not x.startswith(("http://", "https://")):
                return x
            try:
                return nm.normalizeUri(rdflib.URIRef(x))
            except Exception:  # noqa: BLE001 - fall back to the full IRI
                return f"<{x}>"

        parts = [f"{self.severity}: {short(self.focus)}"]
        if self.path:
            parts.append(f"  property {short(self.path)}")
        parts.append(f"  {self.message}")
        if self.value:
            parts.append(f"  value: {self.value}")
        if self.letter:
            parts.append(f"  from letter: {self.letter}")
        return "\n".join(parts)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    triples: int

    def format(self) -> str:
        nm = _namespace_manager()
        return "\n\n".join(v.format(nm) for v in self.violations)


def _namespace_manager() -> rdflib.namespace.NamespaceManager:
    g = rdflib.Graph(bind_namespaces="none")
    for p, iri in PREFIXES.items():
        g.bind(p, iri)
    return g.namespace_manager


def shapes_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(shapes_file(), format="turtle")
    return g


def load_file(path: str | Path) -> rdflib.Graph:
    """Any RDF file (by suffix) as one graph; the named graphs of quad formats are merged."""
    p = Path(path)
    if not p.is_file():
        raise SahelkgError("no such file", where=str(p))
    fmt = FILE_FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise SahelkgError(f"unknown RDF file type {p.suffix!r}; use one of {', '.join(sorted(FILE_FORMATS))}", where=str(p))
    try:
        if fmt in QUAD_FORMATS:
            ds = rdflib.Dataset()
            ds.parse(p, format=fmt)
            g = rdflib.Graph()
            for s, pr, o, _ in ds.quads((None, None, None, None)):
                g.add((s, pr, o))
            return g
        g = rdflib.Graph()
        g.parse(p, format=fmt)
        return g
    except SahelkgError:
        raise
    except Exception as e:  # parser errors come in many types; all mean "bad file"
        raise SahelkgError(f"not valid {fmt}: {e}", where=str(p)) from None


def as_rdflib(data) -> rdflib.Graph:
    """``data`` as one rdflib Graph: an rdflib Graph/Dataset, or pyoxigraph quads or triples (graph names dropped)."""
    if isinstance(data, rdflib.Dataset):
        g = rdflib.Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    if isinstance(data, rdflib.Graph):
        return data
    from pyoxigraph import RdfFormat, Triple, serialize

    triples = {x if isinstance(x, Triple) else Triple(x.subject, x.predicate, x.object) for x in data}
    g = rdflib.Graph()
    g.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return g


def validate_graph(data, *, with_ontology: bool = True) -> ValidationReport:
    """Validate ``data`` (see :func:`as_rdflib`) against the shapes; the ontology is mixed in unless ``with_ontology`` is False."""
    from pyshacl import validate

    data = as_rdflib(data)

    from sahelkg.ontology.reasoning import ontology_graph

    conforms, results, _text = validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph() if with_ontology else None,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    violations = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        value = results.value(r, SH.value)
        sev = results.value(r, SH.resultSeverity)
        shape = results.value(r, SH.sourceShape)
        owner = focus
        if isinstance(focus, rdflib.BNode):  # e.g. an evidence node: name it by the node that points to it
            owner = next(data.subjects(None, focus), None)
        letter = data.value(owner, rdflib.URIRef(PROV + "wasDerivedFrom")) if owner is not None else None
        if value is not None and value == focus:
            value = None
        violations.append(Violation(
            focus=_focus_name(focus, owner),
            path=str(path) if isinstance(path, rdflib.URIRef) else "",
            message=str(msg) if msg is not None else "constraint not met",
            value=_show(value),
            severity=str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
            shape=str(shape) if isinstance(shape, rdflib.URIRef) else "",
            letter=str(letter) if letter is not None else "",
        ))
    violations.sort(key=lambda v: (v.letter, v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), tuple(violations), len(data))


def _focus_name(focus, owner) -> str:
    if focus is None:
        return ""
    if isinstance(focus, rdflib.BNode):
        return f"(blank node of {owner})" if isinstance(owner, rdflib.URIRef) else "(blank node)"
    return str(focus)


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, rdflib.Literal):
        dt = f"^^{value.datatype}" if value.datatype else (f"@{value.language}" if value.language else "")
        text = str(value)
        if len(text) > 80:
            text = text[:77] + "..."
        return f'"{text}"{dt}'
    if isinstance(value, rdflib.BNode):
        return "(blank node)"
    return f"<{value}>"


def validate_store(store_path: str | Path) -> ValidationReport:
    """Validate the union of every graph in an on-disk store (letters' text left out)."""
    from sahelkg.ontology.reasoning import store_graph

    return validate_graph(store_graph(store_path))


def validate_file(path: str | Path) -> ValidationReport:
    return validate_graph(load_file(path))


def validate_main(settings, file: str | None = None, store: str | None = None) -> None:
    """``sahelkg validate``: print violations readably on stdout; raise (exit 1) unless conforming."""
    if file and store:
        raise SahelkgError("give a FILE or --store, not both")
    if file:
        where, report = file, validate_file(file)
    else:
        where = str(store or settings.store)
        report = validate_store(where)
    if report.conforms and not report.violations:
        print(f"{where}: conforms to the sahelkg shapes ({report.triples} triples checked)", file=sys.stderr)
        return
    sys.stdout.write(report.format() + "\n")
    sys.stdout.flush()
    n = len(report.violations)
    raise SahelkgError(f"{n} violation{'s' if n != 1 else ''} of the sahelkg shapes", where=where)
