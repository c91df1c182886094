"""App-wide view plumbing: template helpers, error pages (HTML, JSON or text), vendored JS files."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, current_app, jsonify, redirect, render_template, request, send_from_directory
from werkzeug.exceptions import HTTPException

from sahelkg.server.links import compact, href
from sahelkg.server.negotiate import SPARQL_TYPES, accept_from, prefers_html

VENDOR_PACKAGES = ("codemirror", "cytoscape")


def letter_href(letter_iri: str, start: int | None = None) -> str:
    base = current_app.config["BASE_IRI"] + "id/letter/"
    if not letter_iri.startswith(base):
        return href(letter_iri) if letter_iri else "#"
    return f"/letter/{letter_iri[len(base):]}" + (f"#c-{start}" if start is not None else "")


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(href=href, compact=compact, letter_href=letter_href)

    @app.get("/static/vendor/<package>/<path:rest>")
    def vendor(package: str, rest: str):
        """Files of the npm packages in server/node_modules (installed by ``make js``)."""
        if package not in VENDOR_PACKAGES:
            abort(404)
        root = Path(app.root_path) / "node_modules" / package
        resp = send_from_directory(root, rest, max_age=86400)
        return resp

    @app.get("/favicon.ico")
    def favicon():
        return redirect("/static/favicon.svg", code=301)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        if request.path.startswith("/api/"):
            return jsonify(error=e.description), e.code
        accept = accept_from(request.headers.get("Accept"), None)
        if request.path.startswith("/sparql") or not prefers_html(accept, SPARQL_TYPES):
            resp = Response(f"{e.code} {e.name}: {e.description}\n", status=e.code, mimetype="text/plain")
            for k, v in e.get_headers():
                if k.lower() != "content-type":
                    resp.headers[k] = v
            return resp
        return render_template("error.html", code=e.code, name=e.name, message=e.description), e.code
