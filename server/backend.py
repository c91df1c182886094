"""A remote SPARQL 1.1 endpoint standing in for the embedded store (``sahelkg serve --backend URL``).

The front end reaches its data through two doors: :func:`sahelkg.server.store.read_only_store`
(pages, actor API, VoID, dumps; run in the web worker) and the killable executors of
:mod:`sahelkg.server.pool` (free-form ``/sparql`` queries). When the app's ``STORE_PATH`` is an
``http(s)://`` URL both doors get a :class:`RemoteStore` instead of a pyoxigraph ``Store``: the
same ``query``/``dump`` calls, answered over the SPARQL 1.1 Protocol by the external server
(Virtuoso, Fuseki, GraphDB, QLever, Oxigraph server, …) that ``sahelkg push`` filled.

Results come back as real pyoxigraph objects: SELECT/ASK are parsed with
``pyoxigraph.parse_query_results`` from SPARQL JSON; CONSTRUCT/DESCRIBE are read as N-Triples into
an in-memory store and handed on as its ``QueryTriples``, so the serialisers, row limits and pages
work unchanged. What pyoxigraph's ``query`` takes as arguments is translated:

- ``prefixes`` and ``base_iri`` become a prologue (the query's own declarations, later, win);
- ``substitutions`` (bind a variable before evaluation, SEP-0007) are written into the query as
  constants (see :func:`substitute`);
- ``default_graph``/``named_graphs`` become ``default-graph-uri``/``named-graph-uri``;
- ``use_default_graph_as_union``: without a dataset, the server's default graph is used, which in
  Virtuoso (and Fuseki with ``unionDefaultGraph``) is the union of the named graphs - the graph we
  push holds only named graphs, so that is the same answer.

Errors: a query the server rejects as malformed raises ``SyntaxError`` (400 at the endpoint, as for
the local store); an unreachable or failing server raises ``OSError`` (a 5xx, like a broken disk).
"""

from __future__ import annotations

import json
import re
import threading
import time
from urllib.parse import urlsplit

import requests
from pyoxigraph import (BlankNode, Literal, NamedNode, Quad, QueryResultsFormat, RdfFormat, Store, Variable,
                        parse_query_results, serialize)

from sahelkg.server import guard

SCHEMES = ("http://", "https://")
REFRESH_SECONDS = 60  # how long derived figures (VoID counts) computed from a remote are cached


def is_remote(location) -> bool:
    """True when ``location`` (a store path or URL) names a remote SPARQL endpoint."""
    return isinstance(location, str) and location.startswith(SCHEMES)


def check_url(url: str) -> str:
    """``url`` if it is a usable http(s) endpoint URL, else ValueError with the reason."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) SPARQL endpoint URL: {url!r}")
    return url


def _term(t) -> str:
    """A pyoxigraph term in SPARQL syntax (N-Triples form)."""
    if isinstance(t, (NamedNode, Literal)):
        return str(t)
    if isinstance(t, BlankNode):
        raise ValueError("blank nodes cannot be sent to a remote endpoint as bindings")
    raise TypeError(f"not an RDF term: {t!r}")


def _braces(query: str):
    """(offset, "{" or "}") of every brace outside strings, IRIs and comments."""
    skip = [(m.start(), m.end()) for m in guard._LEXEMES.finditer(query)]
    k = 0
    for i, ch in enumerate(query):
        if ch not in "{}":
            continue
        while k < len(skip) and skip[k][1] <= i:
            k += 1
        if k < len(skip) and skip[k][0] <= i < skip[k][1]:
            continue
        yield i, ch


def _outer_brace(query: str) -> int | None:
    """Offset of the ``{`` opening the query's outermost group (strings, IRIs, comments skipped)."""
    return next((i for i, ch in _braces(query) if ch == "{"), None)


_LEADING_VALUES = re.compile(r"\s*VALUES\s*(?:\?\w+|\((?:\s*\?\w+)*\s*\))\s*\{", re.I)


def values_last(query: str) -> str:
    """The ``VALUES`` blocks that open the outermost group moved to its end (same answers).

    Virtuoso 7 drops the join with such leading inline data when the group goes on with a UNION
    whose branch ends in BIND followed by OPTIONALs (it answers as if the VALUES were absent).
    At the end of the group it joins correctly; for the pages' own queries, whose VALUES
    variables are always bound by the group's required patterns, both places mean the same.
    """
    open_at = _outer_brace(query)
    if open_at is None:
        return query
    marks = list(_braces(query))
    depth, close_at = 0, None
    for i, ch in marks:
        if i < open_at:
            continue
        depth += 1 if ch == "{" else -1
        if depth == 0:
            close_at = i
            break
    if close_at is None:
        return query
    pos, blocks = open_at + 1, []
    while (m := _LEADING_VALUES.match(query, pos)) is not None:
        end = next((i for i, ch in marks if i > m.end() - 1 and ch == "}"), None)
        if end is None or end >= close_at:
            return query
        blocks.append(query[m.start():end + 1])
        pos = end + 1
    if not blocks:
        return query
    return query[:open_at + 1] + query[pos:close_at] + " ".join(blocks) + " " + query[close_at:]


def _outside_lexemes(text: str, pattern: re.Pattern, repl) -> str:
    """``pattern.sub(repl, text)`` applied only outside strings, IRIs and comments."""
    out, pos = [], 0
    for m in guard._LEXEMES.finditer(text):
        out.append(pattern.sub(repl, text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(pattern.sub(repl, text[pos:]))
    return "".join(out)


def _group_end(query: str, open_at: int) -> int | None:
    depth = 0
    for i, ch in _braces(query):
        if i < open_at:
            continue
        depth += 1 if ch == "{" else -1
        if depth == 0:
            return i
    return None


def substitute(query: str, substitutions: dict, mode: str = "values") -> str:
    """``query`` with the given variables replaced by their terms, as pyoxigraph's ``substitutions``.

    In the query's outermost group every ``?name`` becomes the term; in the projection it becomes
    ``(term AS ?name)``, so the answer still carries the variable. (A ``SELECT *`` query gets a
    ``VALUES`` block at the end of its group instead.) Engines then see constants, which all of
    them evaluate alike, where a join with inline data is where they differ.
    """
    if not substitutions:
        return query
    terms = {(v.value if isinstance(v, Variable) else str(v).lstrip("?$")): _term(t) for v, t in substitutions.items()}
    open_at = _outer_brace(query)
    close_at = _group_end(query, open_at) if open_at is not None else None
    if close_at is None:
        raise SyntaxError("cannot bind variables: the query has no group pattern")
    head, body, tail = query[:open_at], query[open_at:close_at + 1], query[close_at + 1:]
    names = "|".join(re.escape(n) for n in terms)
    var = re.compile(rf"[?$]({names})(?![\w\u00b7\u0300-\u036f\u203f-\u2040])")
    if mode == "values" or (guard.query_form(query) == "SELECT"
                            and re.search(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", guard.skeleton(head), re.I)):
        names_ = list(terms)
        block = f" VALUES ({' '.join('?' + n for n in names_)}) {{ ({' '.join(terms[n] for n in names_)}) }} "
        return head + body[:-1] + block + "}" + tail
    head = _outside_lexemes(head, var, lambda m: f"({terms[m.group(1)]} AS ?{m.group(1)})")
    body = _outside_lexemes(body, var, lambda m: terms[m.group(1)])
    return head + body + tail


class RemoteStore:
    """The subset of ``pyoxigraph.Store`` the server uses, answered by a remote SPARQL endpoint."""

    def __init__(self, endpoint: str, timeout: float = 60.0) -> None:
        self.endpoint = check_url(endpoint)
        self.timeout = timeout
        self._local = threading.local()  # one HTTP session (connection pool) per thread
        self._graphs: dict[str, tuple[float, list[str]]] = {}

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    @property
    def _session(self) -> requests.Session:
        s = getattr(self._local, "session", None)
        if s is None:
            s = self._local.session = requests.Session()
        return s

    def _post(self, data: dict, accept: str) -> requests.Response:
        try:
            resp = self._session.post(self.endpoint, data=data, headers={"Accept": accept}, timeout=self.timeout)
        except requests.RequestException as e:
            raise OSError(f"backend {self.endpoint} unreachable: {type(e).__name__}") from None
        if resp.status_code == 400:
            raise SyntaxError(f"rejected by the backend: {resp.text.strip()[:300]}")
        if resp.status_code >= 400:
            raise OSError(f"backend {self.endpoint} answered {resp.status_code}: {resp.text.strip()[:200]}")
        return resp

    def query(self, query: str, *, prefixes: dict | None = None, base_iri: str | None = None,
              use_default_graph_as_union: bool = False, default_graph=None, named_graphs=None,
              substitutions: dict | None = None, **_ignored):
        """Like ``Store.query``: QuerySolutions, QueryBoolean or QueryTriples (see the module notes)."""
        text = substitute(query, substitutions) if substitutions else query
        if prefixes is not None:  # the pages' own queries (user queries never come with prefixes)
            text = values_last(text)
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if base_iri:
            prologue = f"BASE <{base_iri}>\n" + prologue
        text = prologue + text
        data: dict = {"query": text}
        if default_graph is not None:
            data["default-graph-uri"] = [g.value if isinstance(g, NamedNode) else str(g) for g in default_graph]
        if named_graphs is not None:
            data["named-graph-uri"] = [g.value if isinstance(g, NamedNode) else str(g) for g in named_graphs]
        if default_graph is None and named_graphs is None and not guard.has_dataset_clause(text):
            ours = self.our_graphs()  # never the server's own (Virtuoso's virtrdf:, DAV, …) graphs
            data["named-graph-uri"] = ours
            if use_default_graph_as_union:
                data["default-graph-uri"] = ours
        form = guard.query_form(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            resp = self._post(data, "application/n-triples, text/plain;q=0.5")
            return _as_query_triples(resp.content)
        resp = self._post(data, "application/sparql-results+json")
        try:
            return parse_query_results(_portable_bnodes(resp.content), format=QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as e:
            raise OSError(f"backend {self.endpoint} sent unreadable results: {e}") from None

    def our_graphs(self) -> list[str]:
        """The named graphs under our ``<base>graph/`` namespace (what ``push`` sent), cached for a while.

        Every query without its own dataset is confined to them, so it sees what it would see in the
        embedded store and nothing of what else the server holds.
        """
        prefix = _graph_prefix()
        now = time.monotonic()
        held = self._graphs.get(prefix)
        if held is not None and now - held[0] < REFRESH_SECONDS:
            return held[1]
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                          f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }}', named_graphs=[], default_graph=[])
        graphs = sorted(r["g"].value for r in rows)
        self._graphs[prefix] = (now, graphs)
        return graphs

    def quads(self):
        """Every quad in the backend's named graphs."""
        res = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for r in res:
            yield Quad(r["s"], r["p"], r["o"], r["g"])

    def dump(self, output=None, format=RdfFormat.N_QUADS, **_ignored):
        """All named graphs, serialised like ``Store.dump`` (bytes when ``output`` is None)."""
        return serialize(self.quads(), output, format=format)

    def named_graphs(self):
        for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield r["g"]

    def ping(self) -> None:
        """Raise OSError unless the endpoint answers ``ASK {}``."""
        self.query("ASK {}")


_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def _portable_bnodes(body: bytes) -> bytes:
    """SPARQL JSON with blank node labels pyoxigraph accepts (Virtuoso sends ``nodeID://b123``).

    Labels are rewritten one to one (unsafe characters as ``_xx`` hex), so equal labels stay equal
    within the result; the JSON is only re-encoded when a blank node needs it.
    """
    if b'"bnode"' not in body:
        return body
    try:
        doc = json.loads(body)
    except ValueError:
        return body  # let the results parser report it

    def fix(term: dict) -> None:
        if term.get("type") == "bnode":
            term["value"] = "b" + _BNODE_UNSAFE.sub(lambda m: f"_{ord(m.group(0)):02x}", term["value"])
        elif term.get("type") == "triple":
            for part in term.get("value", {}).values():
                fix(part)

    for row in doc.get("results", {}).get("bindings", []):
        for term in row.values():
            fix(term)
    return json.dumps(doc).encode()


def _graph_prefix() -> str:
    """``<base>graph/``: the app's base IRI in a request, else the configured one."""
    from flask import current_app, has_app_context

    if has_app_context():
        base = current_app.config["BASE_IRI"]
    else:
        from sahelkg.config import load_settings

        base = load_settings().base_iri
    return base.rstrip("/") + "/graph/"


def _as_query_triples(body: bytes):
    """N-Triples from the backend as a pyoxigraph ``QueryTriples`` (through an in-memory store)."""
    mem = Store()
    try:
        mem.load(body, format=RdfFormat.N_TRIPLES)
    except SyntaxError as e:
        raise OSError(f"backend sent unreadable N-Triples: {e}") from None
    return mem.query("CONSTRUCT WHERE { ?s ?p ?o }")


_stores: dict[str, RemoteStore] = {}
_lock = threading.Lock()


def remote_store(url: str) -> RemoteStore:
    """This process's RemoteStore for ``url``."""
    with _lock:
        st = _stores.get(url)
        if st is None:
            st = _stores[url] = RemoteStore(url)
        return st


def remote_version(url: str) -> str:
    """A stand-in for the store version of a remote backend: changes every ``REFRESH_SECONDS``.

    There is no cheap "has the data changed" question to ask an arbitrary SPARQL server, so
    figures cached per version (VoID counts) are recomputed at most once per period.
    """
    return f"remote@{int(time.time() // REFRESH_SECONDS)}"


__all__ = ["RemoteStore", "is_remote", "remote_store", "remote_version", "substitute"]


def open_backend(url: str) -> RemoteStore:
    """The backend at ``url``, checked to answer a query; StoreError (one clear line) otherwise."""
    from sahelkg.errors import StoreError

    try:
        st = remote_store(check_url(url))
        st.ping()
    except (ValueError, OSError, SyntaxError) as e:
        raise StoreError(f"backend unusable: {e}", where=url) from None
    return st
