"""sahelkg: a knowledge graph of Dutch parliamentary letters on the missions in Mali and the Sahel.

The code is one import namespace mapped onto the project's top-level folders:
``sahelkg.extract`` (extract/), ``sahelkg.graph`` (graph/), ``sahelkg.server`` (server/),
``sahelkg.ontology`` (ontology/) and ``sahelkg.seeds`` (seeds/).
"""

__version__ = "0.1.0"
