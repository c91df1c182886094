"""Headless Chromium (Debian's, never a downloaded one) against a running ``sahelkg serve``: the
query page runs an example, results link to a resource page, the actor graph expands a node.
Screenshots go to test-artifacts/ (gitignored)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import time

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser, request):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    ctx.close()


def wait_until(page, expression: str, timeout: float = 15.0):
    """Poll ``expression`` in the page until truthy (page.wait_for_function needs eval, which our CSP forbids)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {expression}")


def test_query_page_runs_an_example_and_links_to_a_resource(page, base_url):
    page.goto(base_url + "/")
    page.wait_for_selector(".CodeMirror")  # the editor loaded (JS from server/node_modules)
    assert page.locator(".cm-keyword").count() > 0, "SPARQL is highlighted"
    # type a query in the editor and run it with Ctrl+Enter
    page.evaluate("""() => document.querySelector('.CodeMirror').CodeMirror.setValue(
        "SELECT ?s ?label WHERE { ?s a skg:State ; rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?s")""")
    page.locator(".CodeMirror textarea").focus()
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results-table")
    assert page.locator("#results-table tbody tr").count() == 3
    assert "query=" in page.url  # the page URL is the share link
    share = page.locator("#share-link").input_value()
    assert parse_qs(urlsplit(share).query) == parse_qs(urlsplit(page.url).query)
    # every download format is offered
    for fmt in ("json", "xml", "csv", "tsv"):
        assert page.locator(f".downloads a[href*='format={fmt}']").count() == 1
    page.locator("#results-table a[href='/id/state/MLI']").first.click()
    page.wait_for_selector("#label")
    assert page.locator("#label").inner_text() == "Mali"
    assert page.locator("blockquote.passage").count() >= 2
    assert not page.problems, page.problems


def test_one_click_example(page, base_url):
    page.goto(base_url + "/")
    links = page.locator("a.example")
    if links.count() == 0:
        pytest.skip("no competency questions in ontology/queries/ yet")
    links.first.click()
    page.wait_for_selector("#results")
    assert page.locator("#query-error").count() == 0, page.locator("#query-error").inner_text()
    assert not page.problems, page.problems


def test_query_page_works_without_javascript(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(base_url + "/")
    pg.fill("textarea#query", "ASK { ?s ?p ?o }")
    pg.click("#run")
    pg.wait_for_selector("#boolean-result")
    assert pg.locator("#boolean-result").inner_text() == "true"
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "query_page_without_js.png"), full_page=True)
    ctx.close()


def test_letter_view_marks_facts(page, base_url):
    page.goto(base_url + "/letter/900_sample")
    marks = page.locator("#letter-text mark")
    assert marks.count() >= 3
    page.locator("#letter-text a.fact").first.click()
    page.wait_for_load_state()
    assert "/id/" in page.url
    assert not page.problems, page.problems


def test_actor_graph_expands_a_node_and_shows_an_edge_source(page, base_url):
    page.goto(base_url + "/actors/state/MLI/graph")
    wait_until(page, "document.getElementById('cy').getAttribute('data-nodes') !== null")
    before = page.evaluate("document.getElementById('cy').cy.nodes().length")
    assert before == 4  # Mali and its three neighbours
    # click (tap) the MINUSMA node: its neighbour, the Netherlands, appears
    page.evaluate("() => { document.getElementById('cy').cy.getElementById('mission/minusma').emit('tap'); }")
    wait_until(page, "document.getElementById('cy').cy.nodes().length > %d" % before)
    assert page.evaluate("document.getElementById('cy').cy.getElementById('state/NLD').length") == 1
    # and a real mouse click on a rendered node works too
    pos = page.evaluate("""() => { const cy = document.getElementById('cy').cy;
        const n = cy.getElementById('organisation/ecowas'); const p = n.renderedPosition();
        const r = document.getElementById('cy').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }""")
    page.mouse.click(pos["x"], pos["y"])
    wait_until(page, "document.getElementById('cy').cy.getElementById('organisation/ecowas').hasClass('expanded')")
    page.evaluate("() => { document.getElementById('cy').cy.getElementById('state/FRA|skg:supports|state/MLI').emit('tap'); }")
    page.wait_for_selector("#edge-info blockquote.passage")
    assert "Frankrijk steunt de regering van Mali" in page.locator("#edge-info").inner_text()
    assert not page.problems, page.problems


@pytest.fixture(scope="module")
def seed_server(seed_store_path, tmp_path_factory):
    """``sahelkg serve`` over the graph built from the seed letters (the competency questions' data)."""
    from server_helpers import Server

    srv = Server(seed_store_path, tmp_path_factory.mktemp("seed-serve") / "serve.log")
    yield srv
    srv.stop()


def test_competency_question_runs_with_one_click_on_the_seed_graph(page, seed_server):
    page.goto(seed_server.url + "/")
    link = page.locator("a.example[data-name^='cq01']")
    if link.count() == 0:
        pytest.skip("competency question cq01 not in ontology/queries/")
    link.click()
    page.wait_for_selector("#results")
    assert page.locator("#query-error").count() == 0
    rows = page.locator("#results-table tbody tr")
    assert rows.count() >= 1
    # IRIs in the results open their resource pages on this server
    first = page.locator("#results-table a[href^='/id/']").first
    first.click()
    page.wait_for_selector("#label")
    assert page.locator("table.statements").count() >= 1
    assert not page.problems, page.problems
