"""The build records side file: incremental re-planning equals planning over everything; versions and recovery."""

from __future__ import annotations

import random

import pytest

from sahelkg.graph.build import _replan, _resolved_digest, _write_records
from sahelkg.graph.records import Records
from sahelkg.graph.resolve import plan_merges
from sahelkg.namespaces import SKG

NAMES = ["Front", "het Front", "Katiba Serma", "FBA", "Front voor de Bevrijding", "Amadou Koné", "Amadou Kone",
         "Mali", "de CMA", "CMA", "Gao", "Platform"]
CLASSES = [SKG + "ArmedGroup", SKG + "Organisation", SKG + "Person", SKG + "Place", SKG + "State"]
UNLINKED = [f"https://example.org/id/u{i}" for i in range(14)]
KNOWN = [f"https://example.org/id/k{i}" for i in range(4)]


def random_records(rng: random.Random) -> list[list]:
    out = []
    for iri in rng.sample(UNLINKED + KNOWN, rng.randint(0, 7)):
        unlinked = iri in UNLINKED if rng.random() > 0.1 else iri not in UNLINKED  # now and then disagreeing
        out.append([iri, unlinked, sorted(rng.sample(NAMES, rng.randint(0, 2))), sorted(rng.sample(CLASSES, rng.randint(0, 2)))])
    return out


def entry(name: str, key: str) -> dict:
    return {"name": name, "key": key, "path": f"/x/{name}.txt", "size": 1, "mtime_ns": 1, "sha256": key,
            "resolved": None, "graph": f"https://example.org/graph/{name}", "quads": 1, "digest": "d" + key,
            "nq_bytes": 1}


def step(records: Records, letters: dict, version: str, full: bool, current: str | None = None) -> set[str]:
    """One build: ``letters`` (name -> (key, records)) becomes the live state of ``version``."""
    prev = records.live_letters()
    new_meta, entries = {}, {}
    for name, (key, recs) in letters.items():
        if name in prev and prev[name]["key"] == key and not full:
            entries[name] = dict(prev[name])
        else:
            new_meta[name] = {"entities": recs}
            entries[name] = entry(name, key)
    removed = sorted(set(prev) - set(entries))
    if full:
        plan = plan_merges(recs for _, recs in letters.values())
        merges = changes = {i: (t, t in plan.known) for i, t in plan.items()}
        affected, iris = set(entries), {n: [r[0] for r in letters[n][1]] for n in entries}
    else:
        merges, changes, affected, iris = _replan(records, entries, prev, new_meta, removed)
    for name in affected:
        entries[name]["resolved"] = _resolved_digest(entries[name]["digest"], iris[name], merges)
    return _write_records(records, version, entries, prev if not full else {}, new_meta, removed, changes, not full,
                          prune_before=current)


@pytest.mark.parametrize("seed", range(12))
def test_incremental_replanning_gives_the_plan_of_the_whole_corpus(tmp_path, seed):
    rng = random.Random(seed)
    records = Records(tmp_path)
    letters = {f"l{i}": (f"key{i}-0", random_records(rng)) for i in range(8)}
    step(records, letters, "v000", full=True)
    for v in range(1, 9):
        for name in rng.sample(sorted(letters), rng.randint(1, 3)):
            if rng.random() < 0.2:
                del letters[name]
            else:
                letters[name] = (f"key{name}-{v}", random_records(rng))
        if rng.random() < 0.3:
            letters[f"new{v}"] = (f"keynew{v}", random_records(rng))
        gone = step(records, letters, f"v{v:03d}", full=False, current=f"v{v - 1:03d}")
        assert not gone & {key for key, _ in letters.values()}  # a key still in use is never given up

        plan = plan_merges(recs for _, recs in letters.values())
        want = {i: (t, t in plan.known) for i, t in plan.items()}
        assert records.all_live_merges() == want
        live = records.live_letters()
        assert set(live) == set(letters)
        assert records.db.execute("SELECT COUNT(*) FROM letter WHERE vto IS NOT NULL AND vto < ?",
                                  (f"v{v:03d}",)).fetchone()[0] == 0  # older rows pruned
        for name, (key, recs) in letters.items():
            assert live[name]["key"] == key
            assert live[name]["resolved"] == _resolved_digest("d" + key, [r[0] for r in recs], want), name
    records.close()


def test_recover_undoes_a_version_that_never_became_current(tmp_path):
    records = Records(tmp_path)
    a = {"l1": ("k1", [["https://example.org/id/u1", True, ["Front"], [SKG + "ArmedGroup"]]]),
         "l2": ("k2", [["https://example.org/id/u2", True, ["het Front"], [SKG + "ArmedGroup"]]])}
    step(records, a, "v001", full=True)
    before = (records.live_letters(), records.all_live_merges())
    assert before[1] == {"https://example.org/id/u2": ("https://example.org/id/u1", False)}
    b = {"l1": a["l1"], "l3": ("k3", [["https://example.org/id/u0", True, ["Front"], [SKG + "ArmedGroup"]]])}
    step(records, b, "v002", full=False)  # committed here, but (say) killed before `current` switched
    assert records.all_live_merges() != before[1]
    records.recover("v001")
    assert (records.live_letters(), records.all_live_merges()) == before
    # and a later build of another version starts from v001's rows
    step(records, b, "v003", full=False)
    assert records.all_live_merges() == {"https://example.org/id/u1": ("https://example.org/id/u0", False)}
    assert set(records.live_letters()) == {"l1", "l3"}
    records.close()
