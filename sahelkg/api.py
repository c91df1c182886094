"""sahelkg for notebooks: open the graph, ask it questions, get rows, DataFrames and networks back.

>>> from sahelkg.api import KnowledgeGraph
>>> kg = KnowledgeGraph.seeds()                      # the five seed letters, built in memory
>>> kg.actor("Tsjaad").iri                           # any name a letter uses: Dutch, English, French
'https://w3id.org/sahelkg/id/state/TCD'
>>> kg.actor("Chad") == kg.actor("Tchad")
True
>>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?l a skg:Letter ; skg:text ?t }")[0]["n"]
5

Every fact row carries ``letter``, ``quote``, ``start`` and ``end``: the passage it came from.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, Store

from sahelkg.graph.facts import TABLES, _plain, rows
from sahelkg.namespaces import sparql_prefixes

_PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}


@dataclass(frozen=True)
class Actor:
    """An actor or place of the graph."""

    iri: str
    cls: str
    label: str
    alt_labels: tuple[str, ...] = ()
    wikidata: str | None = None
    iso3166: str | None = None


def _fold(name: str) -> str:
    """Case- and accent-insensitive form of a name, for lookups ("Tombouctou" ~ "tombouctou")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace("-", " ").split())


class KnowledgeGraph:
    """A read-only view of a sahelkg graph (an on-disk store or one built in memory)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._actors: dict[str, Actor] | None = None
        self._names: dict[str, str] | None = None

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, store: str | Path | None = None) -> "KnowledgeGraph":
        """The store built by ``sahelkg build`` (``SAHELKG_STORE`` or the default data folder)."""
        from sahelkg.config import load_settings
        from sahelkg.graph.store import open_store

        return cls(open_store(store or load_settings().store, read_only=True))

    @classmethod
    def from_letters(cls, paths: Iterable[str | Path]) -> "KnowledgeGraph":
        """A graph built in memory from letters (no store on disk), with the ontology."""
        from pyoxigraph import RdfFormat

        from sahelkg.extract import extract_path, to_quads
        from sahelkg.namespaces import Iris
        from sahelkg.resources import ontology_file

        store = Store()
        if ontology_file().is_file():
            store.load(path=str(ontology_file()), format=RdfFormat.TURTLE, to_graph=NamedNode(Iris().ontology_graph))
        for p in paths:
            store.bulk_extend(to_quads(extract_path(p)))
        return cls(store)

    @classmethod
    def seeds(cls) -> "KnowledgeGraph":
        """The graph of the letters sahelkg ships with, built in memory."""
        from sahelkg.resources import seed_letters

        return cls.from_letters(seed_letters())

    # ------------------------------------------------------------------ SPARQL

    def query(self, sparql: str) -> list[dict] | bool:
        """Run SPARQL (project prefixes predeclared) over the union of all graphs.

        SELECT gives a list of dicts of Python values (IRIs as str, integers as int); ASK a bool.
        """
        result = self.store.query(sparql_prefixes() + sparql, use_default_graph_as_union=True)
        if isinstance(result, QueryBoolean):
            return bool(result)
        if not isinstance(result, QuerySolutions):
            raise ValueError("query() answers SELECT and ASK; use store.query for CONSTRUCT/DESCRIBE")
        names = [v.value for v in result.variables]
        return [{n: _plain(s[n]) for n in names} for s in result]

    def dataframe(self, sparql: str):
        """A SELECT as a pandas DataFrame with typed columns (xsd dates as datetime64, integers as Int64)."""
        import pandas as pd

        result = self.store.query(sparql_prefixes() + sparql, use_default_graph_as_union=True)
        if not isinstance(result, QuerySolutions):
            raise ValueError("dataframe() needs a SELECT query")
        names = [v.value for v in result.variables]
        data: dict[str, list] = {n: [] for n in names}
        kinds: dict[str, set] = {n: set() for n in names}
        for s in result:
            for n in names:
                term = s[n]
                data[n].append(_plain(term))
                if isinstance(term, Literal):
                    kinds[n].add(term.datatype.value.rsplit("#", 1)[-1])
        frame = pd.DataFrame(data, columns=names)
        for n in names:
            k = kinds[n]
            if k and k <= {"date", "dateTime"}:
                frame[n] = pd.to_datetime(frame[n], errors="coerce")
            elif k and k <= {"integer", "nonNegativeInteger", "int", "long", "positiveInteger", "gYear"}:
                frame[n] = pd.to_numeric(frame[n], errors="coerce").astype("Int64")
            elif k and k <= {"decimal", "double", "float"}:
                frame[n] = pd.to_numeric(frame[n], errors="coerce")
        return frame

    def table(self, name: str):
        """One fact type (``entities``, ``contributions``, ``mandates``, ``events``, ``relations``,
        ``letters``) as a typed DataFrame, each fact row with its letter, quote and offsets."""
        import pandas as pd

        spec = TABLES[name]
        frame = pd.DataFrame(list(rows(self.store, name)), columns=[c[0] for c in spec["columns"]])
        for col, kind, _ in spec["columns"]:
            if kind == "date":
                frame[col] = pd.to_datetime(frame[col], errors="coerce")
            elif kind == "year":
                frame[col] = pd.to_numeric(frame[col].astype("string").str[:4], errors="coerce").astype("Int64")
            elif kind in _PANDAS_TYPES:
                frame[col] = frame[col].astype(_PANDAS_TYPES[kind])
        return frame

    # ------------------------------------------------------------------ actors

    def _index(self) -> None:
        if self._actors is not None:
            return
        self._actors, self._names = {}, {}
        for e in rows(self.store, "entities"):
            alts = tuple(a for a in (e["alt_labels"] or "").split(" | ") if a)
            label = e["label_en"] or e["label_nl"] or e["iri"].rsplit("/", 1)[-1]
            actor = Actor(e["iri"], e["class"], label, alts, e["wikidata"], e["iso3166"])
            self._actors[e["iri"]] = actor
            for name in (label, e["label_nl"], *alts, e["iso3166"]):
                if name:
                    self._names.setdefault(_fold(name), e["iri"])

    def actors(self, cls: str | None = None) -> list[Actor]:
        """Every actor and place, optionally of one class ("State", "ArmedGroup", ...)."""
        self._index()
        return [a for a in self._actors.values() if cls is None or a.cls == cls]

    def actor(self, name: str) -> Actor | None:
        """The actor with this IRI or any of its names (case and accents ignored), or None.

        Names are those the letters use and, beyond them, every name the gazetteer knows
        (Dutch, English, French, abbreviations)."""
        self._index()
        if name in self._actors:
            return self._actors[name]
        iri = self._names.get(_fold(name))
        if iri is None:
            # a name no letter in this graph uses, but the gazetteer knows ("Tchad" for Chad)
            from sahelkg.extract import gazetteer
            from sahelkg.namespaces import Iris

            entity = gazetteer.load().lookup(name)
            iri = Iris().id(*entity.key.split("/", 1)) if entity else None
        return self._actors.get(iri) if iri else None

    def _require(self, actor: str | Actor) -> Actor:
        found = actor if isinstance(actor, Actor) else self.actor(actor)
        if found is None:
            raise KeyError(f"no actor called {actor!r} in the graph")
        return found

    def relations(self, actor: str | Actor, *, types: Iterable[str] | None = None,
                  start: dt.date | None = None, end: dt.date | None = None):
        """The actor's relations in both directions, as a DataFrame: relation, direction, other actor,
        dates, letter, quote, offsets. Dates filter on the relation's date, else its letter's date."""
        import pandas as pd

        from sahelkg.graph.network import actor_network

        me = self._require(actor)
        g = actor_network(self.store, types=types, start=start, end=end)
        out = []
        if me.iri in g:
            for direction, edges in (("out", g.out_edges(me.iri, data=True, keys=True)),
                                     ("in", g.in_edges(me.iri, data=True, keys=True))):
                for s, o, key, d in edges:
                    other = o if direction == "out" else s
                    out.append({"relation": d["relation"], "direction": direction, "other": other,
                                "other_label": g.nodes[other].get("label"), "date": d.get("date"),
                                "letter": d.get("letter"), "quote": d.get("quote"), "start": d.get("start"),
                                "end": d.get("end"), "statement": key})
        frame = pd.DataFrame(out, columns=["relation", "direction", "other", "other_label", "date", "letter",
                                           "quote", "start", "end", "statement"])
        frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
        return frame.sort_values(["relation", "other", "statement"], ignore_index=True)

    def paths(self, source: str | Actor, target: str | Actor, max_length: int = 4) -> list[list[dict]]:
        """Shortest relation paths between two actors (edges followed in either direction), each hop
        with its relation, direction and evidence. Empty when they are not connected within ``max_length``."""
        import networkx as nx

        from sahelkg.graph.network import actor_network

        a, b = self._require(source), self._require(target)
        g = actor_network(self.store)
        if a.iri not in g or b.iri not in g:
            return []
        undirected = nx.Graph(g.to_undirected(as_view=True))
        try:
            node_paths = list(nx.all_shortest_paths(undirected, a.iri, b.iri))
        except nx.NetworkXNoPath:
            return []
        result = []
        for nodes in node_paths:
            if len(nodes) - 1 > max_length:
                continue
            hops = []
            for x, y in zip(nodes, nodes[1:]):
                forward = g.get_edge_data(x, y) or {}
                backward = g.get_edge_data(y, x) or {}
                key, d, direction = next(((k, v, "out") for k, v in sorted(forward.items())), None) or \
                    next(((k, v, "in") for k, v in sorted(backward.items())))
                hops.append({"from": x, "to": y, "relation": d["relation"], "direction": direction,
                             "statement": key, "letter": d.get("letter"), "quote": d.get("quote")})
            result.append(hops)
        return result

    def letter_facts(self, letter: str):
        """Every contribution, mandate, event and relation one letter states, with its quote, in text order.

        ``letter`` is the letter's IRI or its name (e.g. ``"001_aa2575580b9ffad5"``)."""
        import pandas as pd

        iri = letter if letter.startswith("http") else None
        frames = []
        for kind in ("contributions", "mandates", "events", "relations"):
            t = self.table(kind)
            match = t["letter"] == iri if iri else t["letter"].astype("string").str.endswith("/" + letter)
            t = t[match.fillna(False)]
            frames.append(pd.DataFrame({"kind": kind[:-1], "fact": t.iloc[:, 0], "quote": t["quote"],
                                        "start": t["start"], "end": t["end"]}))
        out = pd.concat(frames, ignore_index=True)
        return out.sort_values(["start", "kind"], ignore_index=True)

    def network(self, **filters):
        """The actor network as a networkx MultiDiGraph (see :func:`sahelkg.graph.network.actor_network`)."""
        from sahelkg.graph.network import actor_network

        return actor_network(self.store, **filters)
