"""Settings from flags, with environment-variable fallbacks and defaults that work out of the box."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_data_dir

from sahelkg.namespaces import DEFAULT_BASE_IRI


@dataclass(frozen=True)
class Setting:
    """One configuration setting: its environment variable, default and help (documented in README)."""

    name: str
    env: str
    default: str
    help: str


def _default_data_dir() -> str:
    # A checkout (or any folder with ./data) keeps its data beside it; otherwise the per-user data folder.
    if Path("data").is_dir():
        return str(Path("data").resolve())
    return user_data_dir("sahelkg", appauthor=False)


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "SAHELKG_DATA", "./data if it exists, else the per-user data folder",
            "Folder holding the store, the added letters and the build manifest."),
    Setting("store", "SAHELKG_STORE", "<data_dir>/store", "The Oxigraph store directory."),
    Setting("corpus", "SAHELKG_CORPUS", "<data_dir>/corpus", "Letters added with `sahelkg add`."),
    Setting("base_iri", "SAHELKG_BASE_IRI", DEFAULT_BASE_IRI, "Base IRI of minted resources."),
    Setting("host", "SAHELKG_HOST", "127.0.0.1", "Address `sahelkg serve` listens on."),
    Setting("port", "SAHELKG_PORT", "8000", "Port `sahelkg serve` listens on."),
    Setting("workers", "SAHELKG_WORKERS", "4", "Server worker processes."),
    Setting("query_timeout", "SAHELKG_QUERY_TIMEOUT", "30", "Seconds before a SPARQL query is stopped."),
    Setting("row_limit", "SAHELKG_ROW_LIMIT", "10000", "Most result rows returned by the endpoint."),
)


@dataclass(frozen=True)
class Settings:
    """Resolved configuration. Build with :func:`load_settings`; override in tests with ``replace``."""

    data_dir: Path
    store: Path
    corpus: Path
    base_iri: str = DEFAULT_BASE_IRI
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 4
    query_timeout: float = 30.0
    row_limit: int = 10000
    extra: dict = field(default_factory=dict)

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)


def load_settings(**flags) -> Settings:
    """Settings from ``flags`` (None means unset), then ``SAHELKG_*`` variables, then defaults."""

    def pick(name: str, env: str, default):
        value = flags.get(name)
        if value is not None:
            return value
        return os.environ.get(env) or default

    data_dir = Path(pick("data_dir", "SAHELKG_DATA", _default_data_dir())).expanduser()
    return Settings(
        data_dir=data_dir,
        store=Path(pick("store", "SAHELKG_STORE", data_dir / "store")).expanduser(),
        corpus=Path(pick("corpus", "SAHELKG_CORPUS", data_dir / "corpus")).expanduser(),
        base_iri=str(pick("base_iri", "SAHELKG_BASE_IRI", DEFAULT_BASE_IRI)),
        host=str(pick("host", "SAHELKG_HOST", "127.0.0.1")),
        port=int(pick("port", "SAHELKG_PORT", 8000)),
        workers=int(pick("workers", "SAHELKG_WORKERS", 4)),
        query_timeout=float(pick("query_timeout", "SAHELKG_QUERY_TIMEOUT", 30)),
        row_limit=int(pick("row_limit", "SAHELKG_ROW_LIMIT", 10000)),
    )
