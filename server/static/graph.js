// The actor graph view: an actor's neighbourhood from /api/actors/<id>/relations, drawn with
// cytoscape. Clicking a node adds its neighbours; clicking an edge shows its sources.
(function () {
  "use strict";
  var box = document.getElementById("cy");
  var info = document.getElementById("edge-info");
  if (!box || !window.cytoscape) return;
  var start = box.getAttribute("data-actor");
  var expanded = {};
  var cy = window.cytoscape({
    container: box,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 8, "background-color": "#0b5cad",
        "color": "#1d2330", "text-valign": "bottom", "text-margin-y": 3, "width": 12, "height": 12,
        "text-background-color": "#ffffff", "text-background-opacity": 0.7 } },
      { selector: "node.expanded", style: { "background-color": "#d97706" } },
      { selector: "edge", style: { "font-size": 7, "width": 1.5, "line-color": "#9aa4b5",
        "target-arrow-shape": "triangle", "target-arrow-color": "#9aa4b5", "curve-style": "bezier",
        "text-rotation": "autorotate" } },
      { selector: "edge.labelled, edge:selected", style: { "label": "data(label)" } },
      { selector: "edge:selected", style: { "line-color": "#d97706", "target-arrow-color": "#d97706", "width": 3 } }
    ]
  });
  box.cy = cy;

  function text(tag, s) { var el = document.createElement(tag); el.textContent = s; return el; }

  function expand(id) {
    if (expanded[id]) return Promise.resolve();
    expanded[id] = true;
    return fetch("/api/actors/" + id + "/relations?depth=1", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        (data.nodes || []).forEach(function (n) {
          var existing = cy.getElementById(n.id);
          if (existing.empty()) {
            cy.add({ group: "nodes", data: { id: n.id, label: n.label, href: n.href } });
          } else {
            existing.data("label", n.label);
          }
        });
        (data.edges || []).forEach(function (e) {
          var eid = e.source + "|" + e.type + "|" + e.target;
          if (cy.getElementById(eid).empty()) {
            cy.add({ group: "edges", data: { id: eid, source: e.source, target: e.target,
              label: e.type.replace("skg:", ""), edge: e } });
          }
        });
        cy.getElementById(id).addClass("expanded");
        // edge labels only while they stay readable; a selected edge always shows its label
        if (cy.edges().length <= 12) cy.edges().addClass("labelled"); else cy.edges().removeClass("labelled");
        var star = cy.nodes(".expanded").length === 1;  // one neighbourhood: rings around the actor
        cy.layout(star ? { name: "concentric", animate: false, fit: true, padding: 30, minNodeSpacing: 20,
                           concentric: function (n) { return n.hasClass("expanded") ? 2 : 1; }, levelWidth: function () { return 1; } }
                       : { name: "cose", animate: false, fit: true, padding: 30, nodeRepulsion: function () { return 9000; },
                           idealEdgeLength: function () { return 90; } }).run();
        box.setAttribute("data-nodes", String(cy.nodes().length));
      });
  }

  cy.on("tap", "node", function (evt) { expand(evt.target.id()); });
  cy.on("tap", "edge", function (evt) {
    var e = evt.target.data("edge");
    info.textContent = "";
    info.appendChild(text("h3", e.source + " " + e.type + " " + e.target));
    Object.keys(e.dates || {}).forEach(function (k) { info.appendChild(text("p", k + ": " + e.dates[k])); });
    (e.evidence || []).forEach(function (s) {
      if (s.letter) {
        var a = document.createElement("a");
        var name = s.letter.split("/id/letter/")[1];
        // only our own letter pages or plain web IRIs become links (never javascript: and the like)
        a.href = name ? "/letter/" + encodeURIComponent(name) + (s.start != null ? "#c-" + s.start : "")
          : (/^https?:\/\//.test(s.letter) ? s.letter : "#");
        a.textContent = name ? "letter " + name : s.letter;
        info.appendChild(a);
      }
      if (s.passage) { var q = text("blockquote", "\u201c" + s.passage + "\u201d"); q.className = "passage"; info.appendChild(q); }
    });
    if (!(e.evidence || []).length) info.appendChild(text("p", "No source recorded."));
  });
  cy.add({ group: "nodes", data: { id: start, label: start } });
  expand(start);
})();
