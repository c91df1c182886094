"""Three research questions answered end to end from the seed letters, with the passages behind each answer.

Run it with ``.venv/bin/python docs/examples/research_questions.py`` (no store needed: the graph is
built in memory from the letters sahelkg ships with). The test suite runs it too, so it never rots.

1. How did the Dutch contribution to MINUSMA evolve, and what reasons do the letters give?
2. Which armed groups are linked to al-Qaida, and through whom?
3. Which missions were ended, suspended or withdrawn, when, and by whom?
"""

from __future__ import annotations

import textwrap

from sahelkg.api import KnowledgeGraph


def dutch_minusma_contribution(kg: KnowledgeGraph):
    """Dutch personnel in MINUSMA per year, with the quantifier and the quote that states it."""
    frame = kg.table("contributions")
    nld, minusma = kg.actor("Nederland"), kg.actor("MINUSMA")
    mine = frame[(frame.contributor == nld.iri) & (frame.mission == minusma.iri) & frame.personnel.notna()]
    mine = mine.assign(year=mine.year.fillna(mine.date.dt.year.astype("Int64")))
    return mine.sort_values("year")[["year", "personnel", "quantifier", "letter", "quote"]].reset_index(drop=True)


def groups_linked_to(kg: KnowledgeGraph, name: str):
    """Armed groups connected to ``name`` by affiliation, merger or membership — directly or via one group."""
    target = kg.actor(name)
    linked = kg.query(f"""
        SELECT DISTINCT ?group ?label ?via ?via_label WHERE {{
          VALUES ?link {{ skg:affiliatedWith skg:mergedInto skg:memberOf skg:partOf }}
          VALUES ?link2 {{ skg:affiliatedWith skg:mergedInto skg:memberOf skg:partOf }}
          {{ ?group ?link <{target.iri}> . BIND(<{target.iri}> AS ?via) }}
          UNION {{ ?group ?link ?via . ?via ?link2 <{target.iri}> . }}
          ?group a skg:ArmedGroup ; rdfs:label ?label . FILTER(LANGMATCHES(LANG(?label), "en"))
          OPTIONAL {{ ?via rdfs:label ?via_label FILTER(LANGMATCHES(LANG(?via_label), "en")) }}
          FILTER(?group != <{target.iri}>)
        }} ORDER BY ?label""")
    return linked


def ended_or_suspended(kg: KnowledgeGraph):
    """Withdrawals, suspensions and endings of missions, with date, agent and quote."""
    events = kg.table("events")
    kinds = {"Withdrawal", "Suspension", "Termination", "Ending"}
    chosen = events[events.type.isin(kinds) & (events.status.fillna("Asserted") == "Asserted")]
    return chosen[["type", "date", "label", "agents", "affected", "letter", "quote"]].sort_values("date")


def main() -> None:
    kg = KnowledgeGraph.seeds()
    print("1. The Dutch contribution to MINUSMA, per year")
    for row in dutch_minusma_contribution(kg).itertuples():
        print(f"   {row.year}: {row.personnel} ({row.quantifier})  «{textwrap.shorten(row.quote, 90)}»")
    print("\n2. Armed groups linked to al-Qaida")
    for row in groups_linked_to(kg, "al-Qaida"):
        via = "" if row["via"] == kg.actor("al-Qaida").iri else f" via {row['via_label']}"
        print(f"   {row['label']}{via}")
    print("\n3. Missions ended, suspended or withdrawn")
    for row in ended_or_suspended(kg).itertuples():
        when = row.date.date() if row.date == row.date else "date not stated"
        print(f"   {when} {row.type}: {textwrap.shorten(str(row.label), 60)}  «{textwrap.shorten(row.quote, 80)}»")


if __name__ == "__main__":
    main()
