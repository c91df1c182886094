"""Fact extractors: pure functions ``(FactContext) -> tuple[Fact, ...]``, one module per fact type.

``FACT_EXTRACTORS`` is the one list of them the pipeline runs, in this order (like Datasette's
``DEFAULT_PLUGINS``): add a new extractor here and nowhere else. Negation and modality, shared by all
of them, live in :mod:`sahelkg.extract.facts.modality`.
"""

from __future__ import annotations

from sahelkg.extract.facts.contributions import extract_contributions
from sahelkg.extract.facts.events import extract_events
from sahelkg.extract.facts.letter_meta import extract_letter_meta
from sahelkg.extract.facts.mandates import extract_mandates
from sahelkg.extract.facts.relations import extract_relations

FACT_EXTRACTORS = (extract_letter_meta, extract_contributions, extract_mandates, extract_events, extract_relations)

__all__ = ["FACT_EXTRACTORS"]
