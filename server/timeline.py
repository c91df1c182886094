"""The timeline: events by date (``/timeline``, ``/api/timeline``) and contributions over time as a chart.

Filters: ``actor`` (an id under ``id/``, e.g. ``group/jnim``, matching agents and affected),
``place``, ``type`` (an event class, e.g. ``Attack``), ``from``/``to`` (ISO dates). Every event
carries its letter, quote and offsets. The chart (``/api/contributions/chart.png``) is drawn with
matplotlib from the contributions of one contributor to one mission, one point per year.
"""

from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request

from sahelkg.graph.facts import labels as label_map
from sahelkg.graph.facts import rows
from sahelkg.server.actors import to_iri
from sahelkg.server.store import get_store

bp = Blueprint("timeline", __name__)


def _iri(actor_id: str | None) -> str | None:
    return to_iri(actor_id) if actor_id else None


def _date(name: str) -> dt.date | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        abort(400, f"{name} must be an ISO date (YYYY-MM-DD), not {raw!r}")


def labels() -> dict[str, str]:
    """IRI -> display label of every labelled node of the store."""
    return label_map(get_store())


def _when(event: dict) -> str | None:
    return event["date"] or event["start_date"]


def events() -> list[dict]:
    """The events matching the request's filters, in date order (undated ones last)."""
    actor, place, kind = _iri(request.args.get("actor")), _iri(request.args.get("place")), request.args.get("type")
    start, end = _date("from"), _date("to")
    chosen = []
    for e in rows(get_store(), "events"):
        parties = set((e["agents"] or "").split(" | ")) | set((e["affected"] or "").split(" | "))
        when = _when(e)
        if actor and actor not in parties:
            continue
        if place and e["place"] != place:
            continue
        if kind and e["type"] != kind:
            continue
        if (start or end) and (not when or (start and when[:10] < start.isoformat())
                               or (end and when[:10] > end.isoformat())):
            continue
        e["agents"] = [a for a in (e["agents"] or "").split(" | ") if a]
        e["affected"] = [a for a in (e["affected"] or "").split(" | ") if a]
        chosen.append(e)
    chosen.sort(key=lambda e: (_when(e) is None, _when(e) or "", e["iri"]))
    return chosen


@bp.get("/api/timeline")
def api_timeline():
    """Events by date as JSON: ``{"events": [{iri, type, label, date, place, agents, affected, fatalities, letter, quote, start, end}]}``."""
    found = events()
    return jsonify(count=len(found), events=found)


def contribution_series(contributor: str, mission: str) -> list[dict]:
    """Personnel per year of ``contributor`` in ``mission``: where several letters give a year, the latest letter's figure."""
    letter_dates = {r["iri"]: r["date"] or "" for r in rows(get_store(), "letters")}
    best: dict[int, dict] = {}
    for c in rows(get_store(), "contributions"):
        if c["contributor"] != contributor or c["mission"] != mission or c["personnel"] is None:
            continue
        year = c["year"] or (c["date"] or c["start_date"] or "")[:4]
        if not year:
            continue
        point = {"year": int(str(year)[:4]), "personnel": c["personnel"], "quantifier": c["quantifier"],
                 "letter": c["letter"], "quote": c["quote"], "letter_date": letter_dates.get(c["letter"], "")}
        held = best.get(point["year"])
        if held is None or point["letter_date"] > held["letter_date"]:
            best[point["year"]] = point
    return [best[y] for y in sorted(best)]


def _series_args() -> tuple[str, str]:
    return (_iri(request.args.get("contributor", "state/NLD")), _iri(request.args.get("mission", "mission/minusma")))


@bp.get("/api/contributions/series")
def api_series():
    contributor, mission = _series_args()
    return jsonify(contributor=contributor, mission=mission, points=contribution_series(contributor, mission))


@bp.get("/api/contributions/chart.png")
def chart_png():
    """A PNG line chart of personnel per year (marker shape shows the quantifier: ~ about, ≤ at most)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    contributor, mission = _series_args()
    points = contribution_series(contributor, mission)
    fig = Figure(figsize=(6.4, 3.2), dpi=100)
    ax = fig.add_subplot()
    if points:
        years = [p["year"] for p in points]
        ax.plot(years, [p["personnel"] for p in points], marker="o", color="#1f5f8b")
        for p in points:
            mark = {"Approximately": "~", "AtMost": "≤", "AtLeast": "≥"}.get(p["quantifier"] or "", "")
            ax.annotate(f"{mark}{p['personnel']}", (p["year"], p["personnel"]), textcoords="offset points",
                        xytext=(0, 6), ha="center", fontsize=8)
        ax.set_xticks(years)
        ax.set_ylim(bottom=0)
    else:
        ax.text(0.5, 0.5, "no personnel figures in the letters", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylabel("personnel")
    names = labels()
    ax.set_title(f"{names.get(contributor, contributor)} in {names.get(mission, mission)}: personnel per year",
                 fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return Response(buf.getvalue(), mimetype="image/png", headers={"Cache-Control": "public, max-age=300"})


@bp.get("/timeline")
def timeline_page():
    """Events by date with filters (a plain GET form) and the contributions chart."""
    found = events()
    types = sorted({e["type"] for e in rows(get_store(), "events") if e["type"]})
    contributor, mission = _series_args()
    return render_template("timeline.html", events=found, types=types, args=request.args, labels=labels(),
                           series=contribution_series(contributor, mission),
                           chart_query=f"contributor={request.args.get('contributor', 'state/NLD')}"
                                       f"&mission={request.args.get('mission', 'mission/minusma')}")
