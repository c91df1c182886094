"""From one Dutch parliamentary letter to RDF facts, each with the passage it came from.

Public API::

    from sahelkg.extract import extract_path, extract_letter, to_quads
    extraction = extract_path("seeds/000_825a412ac6e2827a.txt")
    quads = to_quads(extraction)          # pyoxigraph.Quad list, in the letter's named graph
"""

from sahelkg.extract.pipeline import EXTRACTOR_VERSION, extract_letter, extract_path
from sahelkg.extract.rdf import to_quads

__all__ = ["EXTRACTOR_VERSION", "extract_letter", "extract_path", "to_quads"]
