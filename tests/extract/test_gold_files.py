"""The gold annotations and own passages are well-formed, and every quote is an exact substring of its letter.

This is what stops gold from rotting: if a seed letter changes, or a quote is mistyped, these fail and
say which file, which fact and which quote.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from sahelkg.extract.evaluate import ENTITY_CLASSES, RELATION_PREDICATES, load_passages, passage_letter_text

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold"
PASSAGES = ROOT / "tests" / "passages"
GOLD_FILES = sorted(GOLD.glob("*.yaml"))

KEY_RE = re.compile(r"^(state/[A-Z]{3}|(mission|organisation|group|place|person)/[a-z0-9]+(-[a-z0-9]+)*)$")
KIND_CLASS = {"state": "State", "mission": "Mission", "organisation": "Organisation",
              "group": {"ArmedGroup", "Organisation"}, "place": "Place", "person": "Person"}


def _event_types() -> set[str]:
    """The ontology's subclasses of skg:Event (transitively): the event types gold files may use."""
    import rdflib  # noqa: PLC0415
    from rdflib.namespace import RDFS  # noqa: PLC0415

    g = rdflib.Graph().parse(ROOT / "ontology" / "sahelkg.ttl")
    skg = rdflib.Namespace("https://w3id.org/sahelkg/ontology#")
    return {str(c).rsplit("#", 1)[1] for c in g.transitive_subjects(RDFS.subClassOf, skg.Event)} - {"Event"}


EVENT_TYPES = _event_types()
QUANTIFIERS = {"Exact", "Approximately", "AtMost", "AtLeast"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date_ok(v) -> bool:
    if isinstance(v, dt.date):
        return True
    if isinstance(v, int):
        return 1900 < v < 2100
    return isinstance(v, str) and bool(DATE_RE.match(v))


def _quotes(obj, where=""):
    """Every (path, quote) in a gold structure."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "quote":
                yield where, v
            else:
                yield from _quotes(v, f"{where}/{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _quotes(v, f"{where}[{i}]")


def check_facts(data: dict, where: str) -> list[str]:
    """Problems in the fact sections shared by gold files and passages (empty list when well-formed)."""
    errors: list[str] = []
    keys = set()

    def key_ok(k, ctx):
        if not isinstance(k, str) or not KEY_RE.match(k):
            errors.append(f"{where}: {ctx}: bad entity key {k!r}")

    for i, e in enumerate(data.get("entities") or ()):
        key_ok(e.get("key"), f"entities[{i}]")
        if e.get("class") not in ENTITY_CLASSES:
            errors.append(f"{where}: entities[{i}]: bad class {e.get('class')!r}")
        kind = str(e.get("key", "")).split("/", 1)[0]
        allowed = KIND_CLASS.get(kind)
        allowed = allowed if isinstance(allowed, set) else {allowed}
        if e.get("class") not in allowed:
            errors.append(f"{where}: entities[{i}]: class {e.get('class')} does not fit key {e.get('key')}")
        if e.get("key") in keys:
            errors.append(f"{where}: entities[{i}]: duplicate key {e.get('key')}")
        keys.add(e.get("key"))
    for i, c in enumerate(data.get("contributions") or ()):
        ctx = f"contributions[{i}]"
        key_ok(c.get("contributor"), ctx)
        key_ok(c.get("mission"), ctx)
        if c.get("personnel") is None and c.get("amount") is None:
            errors.append(f"{where}: {ctx}: neither personnel nor amount")
        if c.get("personnel") is not None and not isinstance(c["personnel"], int):
            errors.append(f"{where}: {ctx}: personnel must be an integer")
        if c.get("amount") is not None and c.get("currency") not in ("EUR", "USD"):
            errors.append(f"{where}: {ctx}: amount without currency EUR/USD")
        if c.get("quantifier", "Exact") not in QUANTIFIERS:
            errors.append(f"{where}: {ctx}: bad quantifier {c.get('quantifier')!r}")
        for f in ("date", "start", "end", "year"):
            if c.get(f) is not None and not _date_ok(c[f]):
                errors.append(f"{where}: {ctx}: bad {f} {c[f]!r}")
    for i, m in enumerate(data.get("mandates") or ()):
        ctx = f"mandates[{i}]"
        key_ok(m.get("mission"), ctx)
        if m.get("issuer") is not None:
            key_ok(m["issuer"], ctx)
        if m.get("end") is None and m.get("personnelCeiling") is None:
            errors.append(f"{where}: {ctx}: a mandate needs an end date or a personnel ceiling (its match key)")
        for f in ("start", "end"):
            if m.get(f) is not None and not _date_ok(m[f]):
                errors.append(f"{where}: {ctx}: bad {f} {m[f]!r}")
        if m.get("resolution") is not None and not isinstance(m["resolution"], str):
            errors.append(f"{where}: {ctx}: resolution must be a string")
    for i, e in enumerate(data.get("events") or ()):
        ctx = f"events[{i}]"
        if e.get("type") not in EVENT_TYPES:
            errors.append(f"{where}: {ctx}: unknown event type {e.get('type')!r}")
        if e.get("date") is None and e.get("start") is None and e.get("place") is None:
            errors.append(f"{where}: {ctx}: an event needs a date, a start or a place (its match key)")
        for f in ("date", "start", "end"):
            if e.get(f) is not None and not _date_ok(e[f]):
                errors.append(f"{where}: {ctx}: bad {f} {e[f]!r}")
        for f in ("place", "agent", "affected"):
            for k in (e.get(f) if isinstance(e.get(f), list) else [e.get(f)] if e.get(f) else []):
                key_ok(k, f"{ctx}.{f}")
        if e.get("fatalities") is not None and not isinstance(e["fatalities"], int):
            errors.append(f"{where}: {ctx}: fatalities must be an integer")
    for i, r in enumerate(data.get("relations") or ()):
        ctx = f"relations[{i}]"
        key_ok(r.get("subject"), ctx)
        key_ok(r.get("object"), ctx)
        if r.get("predicate") not in RELATION_PREDICATES:
            errors.append(f"{where}: {ctx}: unknown predicate {r.get('predicate')!r}")
    for section in ("contributions", "mandates", "events", "relations", "non_facts"):
        for i, f in enumerate(data.get(section) or ()):
            if not isinstance(f.get("quote"), str) or not f["quote"].strip():
                errors.append(f"{where}: {section}[{i}]: missing quote")
    # every key used in a fact is also listed as an entity
    if keys:
        used = set()
        for c in data.get("contributions") or ():
            used |= {c.get("contributor"), c.get("mission")}
        for r in data.get("relations") or ():
            used |= {r.get("subject"), r.get("object")}
        for e in data.get("events") or ():
            for f in ("place", "agent", "affected"):
                v = e.get(f)
                used |= set(v) if isinstance(v, list) else {v}
        for m in data.get("mandates") or ():  # the issuer is often only implied ("het kabinet")
            used |= {m.get("mission")}
        used.discard(None)
        missing = sorted(k for k in used if k not in keys)
        if missing:
            errors.append(f"{where}: keys used in facts but not listed under entities: {missing}")
    return errors


def test_there_is_one_gold_file_per_seed_letter(root):
    seeds = sorted(p.name for p in (root / "seeds").iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf"))
    annotated = sorted(yaml.safe_load(f.read_text(encoding="utf-8"))["letter"]["file"] for f in GOLD_FILES)
    assert annotated == seeds


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_well_formed(path: Path, root):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta = data["letter"]
    assert (root / "seeds" / meta["file"]).is_file(), f"{path.name}: letter {meta['file']} not in seeds/"
    assert Path(meta["file"]).stem == path.stem, f"{path.name}: file name should be the letter's stem"
    assert _date_ok(meta["date"]) and len(str(meta["date"])) == 10, f"{path.name}: letter date must be a full date"
    assert meta["chamber"] in ("TweedeKamer", "EersteKamer")
    assert meta.get("kind") in ("Letter", "Article100Letter", "Answers", "Report")
    for f in ("dossier", "number"):
        assert meta.get(f) is None or isinstance(meta[f], str), f"{path.name}: {f} must be a string"
    for s in meta.get("signatories") or ():
        assert KEY_RE.match(s["key"]) and s["key"].startswith("person/") and s.get("office")
    for r in meta.get("references") or ():
        assert isinstance(r.get("number"), str) and (r.get("dossier") is None or isinstance(r["dossier"], str))
    assert check_facts(data, path.name) == []


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_every_gold_quote_is_an_exact_substring_of_its_letter(path: Path, root):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = (root / "seeds" / data["letter"]["file"]).read_text(encoding="utf-8")
    bad = [(where, q) for where, q in _quotes(data) if q not in text]
    assert bad == [], f"{path.name}: quotes not found verbatim in the letter: {bad}"


def test_the_2013_enumeration_is_23_contributions_to_eutm_mali():
    data = yaml.safe_load((GOLD / "000_825a412ac6e2827a.yaml").read_text(encoding="utf-8"))
    eutm = [c for c in data["contributions"] if c["mission"] == "mission/eutm-mali"]
    assert len(eutm) == 23
    assert len({c["contributor"] for c in eutm}) == 23


def test_there_are_at_least_20_own_passages():
    assert len(load_passages(PASSAGES)) >= 20


@pytest.mark.parametrize("passage", load_passages(PASSAGES), ids=lambda p: p["id"])
def test_passage_is_well_formed(passage):
    where = f"{Path(passage['_path']).name}:{passage['id']}"
    assert _date_ok(passage["date"]) and len(str(passage["date"])) == 10, f"{where}: pinned letter date"
    assert passage.get("chamber", "TweedeKamer") in ("TweedeKamer", "EersteKamer")
    exp = passage.get("expected") or {}
    assert any(exp.get(s) for s in ("contributions", "mandates", "events", "relations", "entities", "non_facts")), \
        f"{where}: expects nothing"
    assert check_facts(exp, where) == []
    text = passage_letter_text(passage)
    bad = [(w, q) for w, q in _quotes(exp) if q not in passage["text"] or q not in text]
    assert bad == [], f"{where}: quotes not in the passage text: {bad}"


def test_passage_ids_are_unique():
    ids = [p["id"] for p in load_passages(PASSAGES)]
    assert len(ids) == len(set(ids))
