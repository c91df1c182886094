"""A small graph written by hand in the shape of docs/SCHEMA.md, to test the research exports exactly."""

from __future__ import annotations

import pytest
from pyoxigraph import RdfFormat, Store

from sahelkg.namespaces import sparql_prefixes

TRIG = sparql_prefixes().replace("PREFIX ", "@prefix ").replace(">\n", "> .\n") + """
@prefix id: <https://w3id.org/sahelkg/id/> .
@prefix g: <https://w3id.org/sahelkg/graph/> .

g:ontology {
  skg:Attack rdfs:subClassOf skg:Event . skg:Coup rdfs:subClassOf skg:Event .
}
g:letter\\/L1 {
  g:letter\\/L1 prov:wasDerivedFrom id:letter\\/L1 .
  id:letter\\/L1 a skg:Letter ; skg:text "Nederland levert 250 militairen aan MINUSMA. JNIM steunt niemand." ;
     dcterms:date "2017-09-11"^^xsd:date ; skg:chamber skg:EersteKamer ; skg:dossier "29521" ; skg:number "AB" .
  id:state\\/NLD a skg:State ; rdfs:label "Netherlands"@en, "Nederland"@nl ; skg:iso3166 "NLD" ; owl:sameAs wd:Q55 .
  id:mission\\/minusma a skg:Mission ; rdfs:label "MINUSMA"@en ; owl:sameAs wd:Q2054337 .
  id:group\\/jnim a skg:ArmedGroup ; rdfs:label "JNIM"@en .
  id:group\\/aqim a skg:ArmedGroup ; rdfs:label "AQIM"@en ; skos:altLabel "Al-Qaida in de Islamitische Maghreb"@nl .
  id:contribution\\/L1-0-44 a skg:Contribution ; skg:contributor id:state\\/NLD ; skg:mission id:mission\\/minusma ;
     skg:personnel 250 ; skg:quantifier skg:Exact ; skg:year "2018"^^xsd:gYear ;
     prov:wasDerivedFrom id:letter\\/L1 ; skg:evidence id:evidence\\/L1-0-44 .
  id:evidence\\/L1-0-44 oa:exact "Nederland levert 250 militairen aan MINUSMA." ; oa:start 0 ; oa:end 44 .
  id:state\\/NLD skg:contributesTo id:mission\\/minusma .
  id:statement\\/L1-1 a rdf:Statement ; rdf:subject id:state\\/NLD ; rdf:predicate skg:contributesTo ;
     rdf:object id:mission\\/minusma ; prov:wasDerivedFrom id:letter\\/L1 ; skg:evidence id:evidence\\/L1-0-44 .
  id:group\\/aqim skg:mergedInto id:group\\/jnim .
  id:statement\\/L1-2 a rdf:Statement ; rdf:subject id:group\\/aqim ; rdf:predicate skg:mergedInto ;
     rdf:object id:group\\/jnim ; skg:date "2017-03-02"^^xsd:date ;
     prov:wasDerivedFrom id:letter\\/L1 ; skg:evidence id:evidence\\/L1-0-44 .
  id:event\\/L1-1 a skg:Attack, skg:Event ; rdfs:label "aanslag" ; skg:date "2017-06-18"^^xsd:date ;
     skg:agent id:group\\/jnim ; skg:fatalities 5 ; prov:wasDerivedFrom id:letter\\/L1 ; skg:evidence id:evidence\\/L1-0-44 .
}
"""


@pytest.fixture()
def small_store() -> Store:
    store = Store()
    store.load(TRIG.encode(), format=RdfFormat.TRIG)
    return store


@pytest.fixture(scope="session")
def small_store_path(tmp_path_factory):
    """The same graph in a versioned on-disk store, loaded with ``sahelkg load`` as a user would."""
    import subprocess
    import sys

    tmp = tmp_path_factory.mktemp("research-store")
    (tmp / "small.trig").write_text(TRIG, encoding="utf-8")
    store = tmp / "store"
    done = subprocess.run([sys.executable, "-m", "sahelkg", "load", str(tmp / "small.trig"), "--store", str(store)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return store
