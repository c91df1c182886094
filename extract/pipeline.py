"""The extraction pipeline: the steps in order, each a pure function (see ``model.py``).

read → normalise → split → mentions → quantities → letter date → dates (resolved against it) →
:class:`FactContext` → every extractor in ``FACT_EXTRACTORS`` → :class:`Extraction`.

Pure and deterministic: the same letter always gives the same facts in the same order. A failing
fact extractor does not lose the letter: its exception becomes a warning naming the extractor and the
letter, and the other extractors still run; so does a failing finder (mentions, quantities, dates),
whose findings are then empty. Only when the running text itself cannot be made (normalise, split)
is the letter lost, as a :class:`LetterError` naming it.
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from sahelkg.errors import LetterError
from sahelkg.extract.model import Entity, Extraction, Fact, FactContext, Letter
from sahelkg.extract.read import read_letter


def _extractor_version() -> str:
    """A hash of the extractor's code and data: a change here invalidates every cached extraction."""
    h = hashlib.sha256()
    root = Path(str(files("sahelkg.extract")))
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".yaml", ".json", ".txt"} and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


EXTRACTOR_VERSION = _extractor_version()


def _entity_values(fact: Fact):
    for _, v in fact.props:
        if isinstance(v, Entity):
            yield v


def _distinct_entities(mentions, facts, named_in_names=()) -> tuple[Entity, ...]:
    """Every entity mentioned or used by a fact, once per key (the first seen wins), in text order;
    then the states named only inside a mission's name."""
    seen: dict[str, Entity] = {}
    for m in mentions:
        seen.setdefault(m.entity.key, m.entity)
    for f in facts:
        for e in _entity_values(f):
            seen.setdefault(e.key, e)
    # a relation's subject is a key only; one not mentioned by name ("het kabinet") comes from the gazetteer
    missing = [f.subject_key for f in facts if f.kind == "Relation" and f.subject_key not in seen]
    if missing:
        from sahelkg.extract import gazetteer

        g = gazetteer.load()
        for key in missing:
            if key in g.by_key:
                seen.setdefault(key, g.entity(key))
    for e in named_in_names:
        seen.setdefault(e.key, e)
    return tuple(seen.values())


_static_frozen = False
_freeze_lock = threading.Lock()


def _freeze_static_data() -> None:
    """Once per process, after the first letter: move every object alive now out of the cyclic collector.

    The first letter loads the extractor's static data (the gazetteer and its automata, spaCy's
    vocabulary, hundreds of compiled patterns and their tables): some 200,000 container objects that
    live as long as the process. Extraction allocates many short-lived objects, so the collector runs
    often, and each full collection walked all of that static data again; measured on 200 synthetic
    letters and on the large letters, the collector took 15 and 22 % of the CPU time, nearly all of it in
    full collections, and 6 % after the freeze (``docs/benchmarks.md``). Frozen objects are still freed by reference counting as
    usual; only a reference cycle among them would no longer be collected, and there is none in data
    built once. Nothing is frozen when the caller has switched the collector off.
    """
    global _static_frozen
    with _freeze_lock:
        if _static_frozen:
            return
        _static_frozen = True
        if gc.isenabled():
            gc.collect()
            gc.freeze()


def extract_letter(letter: Letter) -> Extraction:
    """Run every step on one letter. Pure: the same letter always gives the same extraction."""
    from sahelkg.extract.dates import find_dates, find_letter_date
    from sahelkg.extract.facts import FACT_EXTRACTORS
    from sahelkg.extract.mentions import find_mentions
    from sahelkg.extract.normalise import normalise
    from sahelkg.extract.sentences import split
    from sahelkg.extract.values import find_quantities

    warnings = list(letter.warnings)
    failed: list[str] = []
    try:
        normalised = normalise(letter)
        parsed = split(normalised)
    except Exception as e:  # noqa: BLE001 - without running text there is nothing to extract from
        raise LetterError(f"cannot read the running text: {type(e).__name__}: {e}",
                          where=letter.path or letter.name) from e

    def step(name: str, fn, *args, default=()):
        """A finder that fails costs its own findings only: a warning, and the letter goes on."""
        try:
            return fn(*args)
        except Exception as e:  # noqa: BLE001
            failed.append(name)
            warnings.append(f"{letter.name}: step {name} failed: {type(e).__name__}: {e}")
            return default

    mentions = tuple(step("find_mentions", find_mentions, parsed))
    quantities = tuple(step("find_quantities", find_quantities, parsed))
    letter_date = step("find_letter_date", find_letter_date, normalised, default=None)
    dates = tuple(step("find_dates", find_dates, parsed, letter_date))
    ctx = FactContext(parsed=parsed, mentions=mentions, quantities=quantities, dates=dates,
                      letter_date=letter_date)

    facts: list[Fact] = []
    for extractor in FACT_EXTRACTORS:
        name = f"{extractor.__module__}.{extractor.__qualname__}"
        try:
            facts.extend(extractor(ctx))
        except Exception as e:  # noqa: BLE001 - one broken extractor must not lose the letter
            failed.append(name)
            warnings.append(f"{letter.name}: fact extractor {name} failed: {type(e).__name__}: {e}")

    counts: dict[str, int] = {}
    for f in facts:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    metadata = {
        "extractor_version": EXTRACTOR_VERSION,
        "letter_date": letter_date.isoformat() if letter_date else None,
        "sentences": len(parsed.sentences),
        "mentions": len(mentions),
        "quantities": len(quantities),
        "dates": len(dates),
        "facts": counts,
        "failed_extractors": [f for f in failed if "." in f],
        "failed_steps": [f for f in failed if "." not in f],
    }
    noted = tuple(step("footnote mentions", _footnote_mentions, normalised))
    metadata["footnote_entities"] = sorted({m.entity.key for m in noted})
    in_names = tuple(step("states in mission names", _states_in_mission_names, mentions + noted))
    metadata["named_in_mission_names"] = sorted({e.key for e in in_names} - {m.entity.key for m in mentions + noted})
    entities = _distinct_entities(mentions + noted, facts, in_names)
    if not _static_frozen:
        _freeze_static_data()
    return Extraction(letter=letter, facts=tuple(facts), entities=entities,
                      mentions=mentions, warnings=tuple(warnings), metadata=metadata)


def _footnote_mentions(normalised):
    """Mentions in footnotes, which normalisation sets aside from the running text.

    A footnote names entities too (gold guidelines: footnotes count), but its offsets are not in
    the running text, so these mentions only add entities (typed, labelled, ``skg:mentions``), never
    facts. Each footnote is read as a small letter of its own.
    """
    found = []
    for aside in normalised.asides:
        if aside.kind != "footnote" or not aside.text.strip():
            continue
        found.extend(_mentions_in(f"{normalised.letter.name}-fn{aside.orig_start}", aside.text))
    return tuple(found)


def _mentions_in(name: str, text: str):
    """The mentions of a piece of text read as a small letter of its own (offsets into ``text``)."""
    from sahelkg.extract.mentions import find_mentions
    from sahelkg.extract.normalise import normalise
    from sahelkg.extract.sentences import split

    piece = Letter(name=name, text=text, media_type="text/plain", encoding="utf-8", sha256="")
    return find_mentions(split(normalise(piece), tokens=False))


def _states_in_mission_names(mentions) -> tuple[Entity, ...]:
    """The states a mission's name places it in: "European Union Training Mission in Mozambique".

    The mention finder keeps the longest name, so a state inside a mission's name is no mention of
    its own, and the gold guidelines agree for a name that is only part of another's ("Niger" in
    "EUCAP Sahel Niger"). A name that says where with "in" does name the state, as "van Algiers"
    names the city in "Vredesakkoord van Algiers". Such a state only adds an entity (typed,
    labelled, ``skg:mentions``), never a fact: what the letter says of it is left to the fact
    extractors.
    """
    found: dict[str, Entity] = {}
    for m in mentions:
        if m.entity.cls == "Mission" and " in " in m.surface:
            for e in _states_after_in(m.surface):
                found.setdefault(e.key, e)
    return tuple(found.values())


_ARTICLE = re.compile(r"(?:de|het|the|la|le|les)\s+", re.IGNORECASE)  # anchored: match() at the start


@lru_cache(maxsize=1024)
def _states_after_in(surface: str) -> tuple[Entity, ...]:
    """The states named right after an "in" of a name ("… Mission in Mozambique")."""
    rest = surface.split(" in ", 1)[1]
    if (a := _ARTICLE.match(rest)) is not None:
        rest = rest[a.end():]
    return tuple(m.entity for m in _mentions_in("mission-name", rest)
                 if m.start == 0 and m.entity.cls == "State" and not m.entity.unlinked)


def extract_path(path: str | Path, name: str | None = None) -> Extraction:
    """Read ``path`` and extract it. Raises :class:`sahelkg.errors.LetterError` for unreadable letters."""
    return extract_letter(read_letter(path, name=name))
