"""The timeline page and JSON, and the contributions chart, in-process and in headless Chromium."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))


@pytest.fixture()
def client(small_store_path):
    from sahelkg.server import create_app

    return create_app({"STORE_PATH": str(small_store_path), "TESTING": True}).test_client()


def test_timeline_json_lists_events_with_evidence_and_filters(client):
    body = client.get("/api/timeline").get_json()
    assert body["count"] == 1
    [event] = body["events"]
    assert (event["type"], event["date"], event["fatalities"]) == ("Attack", "2017-06-18", 5)
    assert event["agents"] == ["https://w3id.org/sahelkg/id/group/jnim"] and event["quote"]
    assert client.get("/api/timeline?actor=group/jnim").get_json()["count"] == 1
    assert client.get("/api/timeline?actor=state/NLD").get_json()["count"] == 0
    assert client.get("/api/timeline?type=Coup").get_json()["count"] == 0
    assert client.get("/api/timeline?from=2017-06-01&to=2017-06-30").get_json()["count"] == 1
    assert client.get("/api/timeline?from=2018-01-01").get_json()["count"] == 0
    bad = client.get("/api/timeline?from=yesterday")
    assert bad.status_code == 400 and "ISO date" in bad.get_json()["error"]


def test_contribution_series_and_chart(client):
    series = client.get("/api/contributions/series?contributor=state/NLD&mission=mission/minusma").get_json()
    assert [(p["year"], p["personnel"]) for p in series["points"]] == [(2018, 250)]
    png = client.get("/api/contributions/chart.png")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_timeline_page_escapes_and_links_evidence(client):
    page = client.get("/timeline")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    assert "Attack" in html and "/api/contributions/chart.png" in html and "/letter/L1#c-0" in html


@pytest.mark.browser
def test_timeline_in_chromium_shows_events_and_the_chart(small_store_path, tmp_path):
    from server_helpers import Server  # tests/server: a real `sahelkg serve`
    from test_browser import ARGS, ARTIFACTS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed (scripts/system-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    srv = Server(small_store_path, tmp_path / "serve.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(srv.url + "/timeline")
            assert page.locator("#timeline li.event").count() == 1
            page.wait_for_function("document.getElementById('chart').complete")
            assert page.evaluate("document.getElementById('chart').naturalWidth") > 100
            page.select_option("select[name=type]", "Attack")
            page.click("form.filters button[type=submit]")
            page.wait_for_url("**/timeline?*type=Attack*")
            assert page.locator("#timeline li.event").count() == 1
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
            browser.close()
            assert not errors, errors
    finally:
        srv.stop()
