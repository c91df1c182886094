"""From extracted letters to one coherent graph in an embedded Oxigraph store, and out again.

Store layout (``Settings.store``, default ``<data_dir>/store``)
------------------------------------------------------------------
::

    <store>/
      current -> versions/<id>     symlink to the live version, switched with rename(2) (atomic)
      versions/<id>/               a complete Oxigraph (RocksDB) store; never written once current
      versions/<id>.json           its build manifest: counts, ontology, loaded graphs (small)
      records.sqlite               per-letter records (hashes, counts, entities) and the merge plan, each row
                                   tagged with the versions it holds in (``records.py``): read and written
                                   per changed letter, committed in one transaction before the switch
      versions/<id>.readers        readers hold a shared flock here while they have <id> open
      versions/<id>.partial/       a version being built or loaded (ignored by readers, swept later)
      build.lock                   one writer (build / add / load) at a time
      cache/<EXTRACTOR_VERSION>/   per-letter extraction results, keyed by content hash
      loaded/                      files added with ``sahelkg load`` (+ index.json), re-loaded by full builds

Writers never touch the live version: ``build``/``add``/``load`` make ``versions/<id>.partial``
(a fresh store, or a hard-link backup of the current one for incremental changes), flush it,
reopen it read-only and check its counts, commit its records, write the manifest, rename it to
``versions/<id>`` and then atomically replace the ``current`` symlink (records a killed build committed
for a version that never became current are undone by the next writer). A build killed at any moment (SIGKILL included),
or failing with an ``OSError`` such as a full disk, leaves ``current`` on the last good version;
the next build removes the leftover ``.partial``. After a switch, versions older than the
newest two are deleted unless a reader still holds them (the ``.readers`` flock).

API for readers (the server)
----------------------------
``open_current(store_path, read_only=True) -> pyoxigraph.Store``: opens the current version
(read-only: any number of processes; it never takes RocksDB's write lock, so builds go on).
``current_version(store_path) -> str``: the id ``current`` points at (one readlink, cheap): poll
it and reopen with ``open_current`` when it changes, then drop the old Store and call
``versions.release_reader(store_path, old_id)``. ``open_store(path, read_only=True)`` does the
same and also opens a plain Oxigraph directory as is.

Modules: ``versions`` (layout, locks, atomic switch), ``store`` (opening), ``corpus`` (which
letters), ``cache`` (extraction cache, the pool task), ``records`` (the versioned build records),
``resolve`` (entity resolution over quads),
``build``, ``add``, ``load``, ``serialise`` (deterministic Turtle/TriG/N-Quads/JSON-LD),
``export``, ``stats``.
"""

from sahelkg.graph.store import current_version, open_current, open_store

__all__ = ["current_version", "open_current", "open_store"]
