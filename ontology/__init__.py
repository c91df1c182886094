"""The sahelkg OWL ontology (``sahelkg.ttl``), its SHACL shapes and its competency questions, as package data."""
