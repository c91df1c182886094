"""The curated gazetteer (``extract/data/gazetteer.yaml``): loaded once, validated, as :class:`Entity` objects.

Every name an entry lists becomes a :class:`Name` with a matching policy:

- ``"name"``: matched case-insensitively, but a name written with a capital letter only matches text
  that has a capital too ("Serval" matches "Serval" and "SERVAL", not the animal "serval");
- ``"exact"``: abbreviations and ambiguous short forms ("VS", "EU", "CMA", "Platform"), matched as
  written (after folding hyphens/apostrophes/accents, see :func:`fold`);
- ``"adjective"``: adjectives and demonyms ("Malinese", "Malinezen"), matched like names; they mention
  the entity but are no altLabel of it (see ``mentions.is_adjectival``).

:func:`fold` maps text to a same-length key (lower case, accents stripped, hyphens/dashes to a space,
curly apostrophes to ``'``) so that offsets in the folded text are offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

import yaml

from sahelkg.errors import SahelkgError
from sahelkg.extract.model import Entity

CLASSES = ("State", "Organisation", "ArmedGroup", "Mission", "Person", "Place")
KEY_PREFIX = {
    "State": "state/",
    "Organisation": "organisation/",
    "ArmedGroup": "group/",
    "Mission": "mission/",
    "Person": "person/",
    "Place": "place/",
}
FIELDS = {
    "key", "class", "label_en", "label_nl", "alt", "abbr", "adj", "wikidata", "iso3166",
    "prefix_compounds", "generic_compounds", "not_after", "not_before", "in_context", "surname", "titles",
    "extra",
}
_QID = re.compile(r"Q[1-9][0-9]*")
_ISO3 = re.compile(r"[A-Z]{3}")
_KEY = re.compile(r"[a-z]+/[A-Za-z0-9][A-Za-z0-9-]*")

Policy = Literal["name", "exact", "adjective"]


class GazetteerError(SahelkgError):
    """The gazetteer file is malformed: says which entry (index and key) and what is wrong."""


# --------------------------------------------------------------------------- folding

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"
_APOSTROPHES = "\u2019\u2018\u02bc`\u00b4\u2032"
_SPACES = "\n\r\t\u00a0\u2007\u202f\u2009\u200a\f\v"


class _FoldTable(dict):
    """``str.translate`` table folding one code point to one code point (so offsets survive)."""

    def __missing__(self, cp: int) -> int:
        ch = chr(cp)
        if ch in _DASHES or ch in _SPACES:
            out = " "
        elif ch in _APOSTROPHES:
            out = "'"
        else:
            low = ch.lower()
            if len(low) != 1:
                low = ch
            base = unicodedata.normalize("NFD", low)
            out = base[0] if base and not unicodedata.combining(base[0]) else low
            if len(out) != 1:
                out = low
        self[cp] = ord(out)
        return self[cp]


_FOLD = _FoldTable()


class _WordFoldTable(dict):
    """Like :class:`_FoldTable`, but every character that is not a letter or digit becomes a space."""

    def __missing__(self, cp: int) -> int:
        f = chr(_FOLD[cp])
        self[cp] = ord(f) if f.isalnum() else 32
        return self[cp]


class _StrictTable(dict):
    """Like :class:`_FoldTable`, but keeping capitals (for names that must match as written)."""

    def __missing__(self, cp: int) -> int:
        f = chr(_FOLD[cp])
        self[cp] = ord(f.upper()) if chr(cp).isupper() and len(f.upper()) == 1 else ord(f)
        return self[cp]


_WFOLD = _WordFoldTable()
_STRICT = _StrictTable()


def fold(text: str) -> str:
    """Lower-case, strip accents, hyphens and line breaks to spaces, apostrophes to ``'``; same length."""
    return text.translate(_FOLD)


def word_fold(text: str) -> str:
    """:func:`fold`, then every non-alphanumeric character to a space; same length.

    Matching runs over ``" " + word_fold(text) + " "`` with names as ``" " + word_fold(name) + " "``,
    so the automaton only reports whole-word matches.

    Speed: ``str.translate`` has a fast path only for ASCII text (a cached lookup per character
    value); one accent or dash in a letter sends the whole text through a table lookup per
    character. So the runs of non-ASCII characters are folded first (each to one character), and
    when that leaves ASCII only, the rest goes the fast way; folded characters that are
    lower-case letters, digits and spaces map to themselves there.
    """
    if not text.isascii():
        ascii_text = _NON_ASCII_RUN.sub(_word_fold_run, text)
        if not ascii_text.isascii():
            return text.translate(_WFOLD)  # letters of other scripts: the table, character by character
        text = ascii_text
    return text.translate(_WFOLD)


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _word_fold_run(m: re.Match) -> str:
    out = m.group().translate(_WFOLD)
    # a capital left by folding ("İ" -> "I") is no fixed point of the table: keep the run, which
    # sends the whole text the slow way
    return out if out.lower() == out else m.group()


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Name:
    """One way an entity is written, with how it must be matched."""

    text: str
    entity_key: str
    policy: Policy

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def word_key(self) -> str:
        """The automaton key: ``" " + word_fold(text) + " "`` with runs of spaces kept as written."""
        return " " + word_fold(self.text).strip() + " "

    @cached_property
    def strict(self) -> str:
        return self.text.translate(_STRICT)

    @cached_property
    def needs_capital(self) -> bool:
        return self.text != self.text.lower()


@dataclass(frozen=True)
class Entry:
    """A gazetteer entry: the :class:`Entity` plus what matching and linking need."""

    entity: Entity
    names: tuple[Name, ...]
    adjectives: frozenset[str]  # folded adjective/demonym forms
    prefix_compounds: bool = True
    generic_compounds: frozenset[str] = frozenset()  # folded heads: "VN-verband" is no mention of the UN
    not_after: tuple[str, ...] = ()
    not_before: tuple[re.Pattern, ...] = ()
    in_context: tuple[tuple[str, re.Pattern], ...] = ()  # (folded name of another entry, regex after it)
    surname: str | None = None
    titles: tuple[str, ...] = ()


class Gazetteer:
    """All entries, by key, with lookups for linking discovered names."""

    def __init__(self, entries: tuple[Entry, ...], source: str) -> None:
        self.entries = entries
        self.source = source
        self.by_key: dict[str, Entry] = {e.entity.key: e for e in entries}
        self._by_folded_name: dict[str, list[Name]] = {}
        for e in entries:
            for n in e.names:
                self._by_folded_name.setdefault(n.folded, []).append(n)
        self.context_rules: dict[str, list[tuple[Entry, re.Pattern]]] = {}
        for e in entries:
            for folded, rx in e.in_context:
                self.context_rules.setdefault(folded, []).append((e, rx))
        self._memos: dict[str, dict] = {}
        self._lookups: dict[tuple[str, str | None], Entity | None] = {}
        self._by_surname: dict[str, list[Entry]] = {}
        for e in entries:
            if e.surname:
                self._by_surname.setdefault(fold(e.surname), []).append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def memo(self, name: str) -> dict:
        """A dict kept with this gazetteer for results that depend only on it and their arguments
        (callers bound its size); a reloaded gazetteer starts with empty ones."""
        return self._memos.setdefault(name, {})

    def entity(self, key: str) -> Entity:
        """The entity for ``key``; KeyError if the gazetteer has no such entry."""
        return self.by_key[key].entity

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(e.entity for e in self.entries)

    def names(self) -> tuple[Name, ...]:
        return tuple(n for e in self.entries for n in e.names)

    def lookup(self, surface: str, cls: str | None = None) -> Entity | None:
        """The entity a whole name refers to ("K.H. Ollongren", "Wagner-groep"), honouring case policy.

        Remembered per (surface, cls): discovery asks for the same names letter after letter; the
        memo is emptied when it holds ``_LOOKUP_MEMO`` of them, so memory stays bounded."""
        memo = self._lookups
        key = (surface, cls)
        found = memo.get(key, memo)
        if found is not memo:
            return found
        if len(memo) >= _LOOKUP_MEMO:
            memo.clear()
        found = memo[key] = self._lookup(surface, cls)
        return found

    def _lookup(self, surface: str, cls: str | None) -> Entity | None:
        for n in self._by_folded_name.get(fold(surface.strip()), ()):
            entity = self.by_key[n.entity_key].entity
            if cls and entity.cls != cls:
                continue
            if case_ok(surface.strip(), n):
                return entity
        return None

    def persons_with_surname(self, surname: str) -> tuple[Entry, ...]:
        """Person entries whose surname folds to the same key ("Goita" finds "Goïta")."""
        return tuple(self._by_surname.get(fold(surname.strip()), ()))

    def persons_with_surname_prefix(self, prefix: str, minimum: int = 8) -> tuple[Entry, ...]:
        """Person entries whose surname starts with ``prefix`` (a name cut off by a PDF margin)."""
        p = fold(prefix.strip())
        if len(p) < minimum:
            return ()
        return tuple(e for s, es in self._by_surname.items() if s.startswith(p) for e in es)

    def is_adjective(self, key: str, surface: str) -> bool:
        entry = self.by_key.get(key)
        return bool(entry) and fold(surface) in entry.adjectives


_LOOKUP_MEMO = 20000


def case_ok(surface: str, name: Name) -> bool:
    """Whether ``surface`` (same folded form as ``name``) is written acceptably for the name's policy."""
    if name.policy == "exact":
        return surface.translate(_STRICT) == name.strict
    if name.needs_capital:
        return surface != surface.lower()
    return True


# --------------------------------------------------------------------------- loading


def default_path() -> Path:
    return Path(str(files("sahelkg.extract"))) / "data" / "gazetteer.yaml"


def load(path: str | None = None) -> Gazetteer:
    """Load and validate the gazetteer (cached per path). Raises :class:`GazetteerError`."""
    return _load(str(path) if path else _default_path_str())


@lru_cache(maxsize=1)
def _default_path_str() -> str:
    return str(default_path())


@lru_cache(maxsize=4)
def _load(path: str) -> Gazetteer:
    p = Path(path)
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GazetteerError("gazetteer file not found", where=str(p)) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{p}:{mark.line + 1}" if mark else str(p)
        raise GazetteerError(f"not valid YAML: {getattr(e, 'problem', e)}", where=where) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        raise GazetteerError("expected a mapping with a list under 'entries'", where=str(p))
    return Gazetteer(parse_entries(raw["entries"], str(p)), str(p))


def parse_entries(items: list, source: str = "<gazetteer>") -> tuple[Entry, ...]:
    """Validate raw YAML entries and build :class:`Entry` objects; every problem names its entry."""
    entries: list[Entry] = []
    seen_keys: dict[str, int] = {}
    seen_names: dict[tuple[str, str], str] = {}  # (folded, policy-class) -> key
    for i, item in enumerate(items):
        where = f"{source}: entry {i}"
        if not isinstance(item, dict):
            raise GazetteerError(f"{where}: expected a mapping, got {type(item).__name__}")
        key = item.get("key")
        if isinstance(key, str):
            where = f"{where} ({key})"
        unknown = set(item) - FIELDS
        if unknown:
            raise GazetteerError(f"{where}: unknown field(s) {sorted(unknown)}")
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise GazetteerError(f"{where}: key must look like 'kind/name', got {key!r}")
        if key in seen_keys:
            raise GazetteerError(f"{where}: duplicate key (first at entry {seen_keys[key]})")
        seen_keys[key] = i
        cls = item.get("class")
        if cls not in CLASSES:
            raise GazetteerError(f"{where}: class must be one of {', '.join(CLASSES)}, got {cls!r}")
        if not key.startswith(KEY_PREFIX[cls]):
            raise GazetteerError(f"{where}: a {cls} key must start with {KEY_PREFIX[cls]!r}")
        label_en, label_nl = item.get("label_en"), item.get("label_nl")
        if not (label_en or label_nl):
            raise GazetteerError(f"{where}: needs label_en or label_nl")
        for f in ("label_en", "label_nl", "surname"):
            if item.get(f) is not None and not isinstance(item[f], str):
                raise GazetteerError(f"{where}: {f} must be a string")
        lists = {}
        for f in ("alt", "abbr", "adj", "not_after", "not_before", "titles", "generic_compounds"):
            v = item.get(f) or []
            if not isinstance(v, list) or not all(isinstance(s, str) and s.strip() for s in v):
                raise GazetteerError(f"{where}: {f} must be a list of non-empty strings")
            lists[f] = [s.strip() for s in v]
        qid = item.get("wikidata")
        if qid is not None and (not isinstance(qid, str) or not _QID.fullmatch(qid)):
            raise GazetteerError(f"{where}: wikidata must be a Q-id like 'Q912' or null, got {qid!r}")
        iso = item.get("iso3166")
        if cls == "State":
            if not isinstance(iso, str) or not _ISO3.fullmatch(iso):
                raise GazetteerError(f"{where}: a State needs iso3166 (ISO 3166-1 alpha-3), got {iso!r}")
            if key != f"state/{iso}":
                raise GazetteerError(f"{where}: a State's key must be state/<iso3166> (state/{iso})")
        elif iso is not None:
            raise GazetteerError(f"{where}: only States have iso3166")
        extra = item.get("extra") or {}
        if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
            raise GazetteerError(f"{where}: extra must be a mapping of strings")
        if cls != "Person" and (item.get("surname") or lists["titles"]):
            raise GazetteerError(f"{where}: surname/titles are for persons only")
        try:
            not_before = tuple(re.compile(x) for x in lists["not_before"])
        except re.error as e:
            raise GazetteerError(f"{where}: not_before has a bad regular expression: {e}") from None
        in_context = []
        for rule in item.get("in_context") or []:
            if not isinstance(rule, dict) or set(rule) != {"name", "followed_by"} or not all(
                isinstance(v, str) and v for v in rule.values()
            ):
                raise GazetteerError(f"{where}: in_context entries need exactly 'name' and 'followed_by'")
            try:
                in_context.append((fold(rule["name"]), re.compile(rule["followed_by"])))
            except re.error as e:
                raise GazetteerError(f"{where}: in_context has a bad regular expression: {e}") from None
        pc = item.get("prefix_compounds", True)
        if not isinstance(pc, bool):
            raise GazetteerError(f"{where}: prefix_compounds must be true or false")

        names: list[Name] = []
        for text, policy in (
            [(label_en, "name"), (label_nl, "name")]
            + [(a, "name") for a in lists["alt"]]
            + [(a, "exact") for a in lists["abbr"]]
            + [(a, "adjective") for a in lists["adj"]]
        ):
            if not text:
                continue
            text = text.strip()
            n = Name(text, key, policy)  # type: ignore[arg-type]
            if not n.folded.strip(" '."):
                raise GazetteerError(f"{where}: name {text!r} has no letters")
            if any(x.folded == n.folded and x.policy == n.policy for x in names):
                continue
            slot = (n.folded, "exact" if policy == "exact" else "name")
            if slot[1] == "exact":
                slot = (text, "exact")
            other = seen_names.get(slot)
            if other and other != key:
                raise GazetteerError(f"{where}: name {text!r} is also a name of {other}")
            seen_names[slot] = key
            names.append(n)

        alt_labels = tuple(
            dict.fromkeys(
                s for s in [*lists["alt"], *lists["abbr"]] if s not in (label_en, label_nl)
            )
        )
        entity = Entity(
            key=key,
            cls=cls,
            label_en=label_en,
            label_nl=label_nl,
            alt_labels=alt_labels,
            wikidata=qid,
            iso3166=iso,
            extra=tuple(sorted((str(k), v) for k, v in extra.items())),
        )
        entries.append(
            Entry(
                entity=entity,
                names=tuple(names),
                adjectives=frozenset(fold(a) for a in lists["adj"]),
                prefix_compounds=pc,
                generic_compounds=frozenset(fold(w) for w in lists["generic_compounds"]),
                not_after=tuple(lists["not_after"]),
                not_before=not_before,
                in_context=tuple(in_context),
                surname=item.get("surname"),
                titles=tuple(t.lower() for t in lists["titles"]),
            )
        )
    return tuple(entries)


def entities() -> tuple[Entity, ...]:
    """Every gazetteer entity (the default gazetteer)."""
    return load().entities
