"""Headers every response carries: CORS on the read endpoints, a Content-Security-Policy on pages."""

from __future__ import annotations

from flask import Flask, g, request
from flask_cors import CORS

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
NEGOTIATED = ("/sparql", "/id/", "/graph/", "/describe", "/ontology", "/void", "/.well-known/void")
EXPOSED = ["X-SPARQL-Results-Truncated", "X-SPARQL-Row-Limit", "Content-Disposition"]


def init_app(app: Flask) -> None:
    # Everything here is a read: any origin may query, with or without credentials-free preflight.
    CORS(app, resources={r"/*": {"origins": "*"}}, send_wildcard=True, methods=["GET", "POST", "HEAD", "OPTIONS"],
         expose_headers=EXPOSED, max_age=86400)

    @app.after_request
    def headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.path.startswith(NEGOTIATED):
            resp.vary.add("Accept")
        if resp.mimetype == "text/html":
            csp = CSP
            if g.get("inline_styles"):  # cytoscape sets style attributes on its container
                csp = csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
            resp.headers["Content-Security-Policy"] = csp
            resp.headers["Referrer-Policy"] = "same-origin"
        return resp
