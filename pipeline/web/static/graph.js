// The workbench's graph view: draws /-/graph/<id>.json (built by pipeline/web/pages.graph_data)
// with the vendored Cytoscape.js. Colours and line styles come from the JSON's legend, so the
// Python side is their one source. `window.workbenchGraph` reports what was drawn (the browser
// tests read it): ready, nodes, edges, visibleEdges, error.
(function () {
  "use strict";

  var state = (window.workbenchGraph = {
    ready: false, nodes: 0, edges: 0, visibleEdges: 0, error: null, cy: null,
  });
  var ROW_GAP = 110, COLUMN_GAP = 210, PER_LINE = 8, LINE_GAP = 60;
  var DASHES = { dashed: "dashed", dotted: "dotted", solid: "solid" };

  function status(text) {
    document.getElementById("graph-status").textContent = text;
  }

  // Cytoscape's stylesheet: one rule per node and edge type, from the legend.
  function style(legend) {
    var rules = [
      { selector: "node", style: {
        label: "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 180,
        "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22,
        "border-width": 1, "border-color": "#555" } },
      // tasks' and bodies' labels only where they can be read (zoom in for them); documents'
      // always, larger
      { selector: "node[type = 'task']", style: { shape: "ellipse", width: 14, height: 14,
        "font-size": 8, "text-max-width": 150, "min-zoomed-font-size": 6 } },
      { selector: "node[type = 'body']", style: { shape: "diamond", "min-zoomed-font-size": 6 } },
      { selector: "node[type = 'document'], node[type = 'stub']",
        style: { shape: "round-rectangle", width: 34, "font-size": 12 } },
      { selector: "node[type = 'stub']", style: { "border-style": "dashed" } },
      { selector: "node[?centre]", style: { "border-width": 4, "border-color": "#c0392b",
        width: 46, height: 30, "font-weight": "bold" } },
      { selector: "edge", style: { width: 2, "curve-style": "bezier",
        "target-arrow-shape": "triangle", "arrow-scale": 0.9, opacity: 0.85 } },
    ];
    legend.nodes.forEach(function (item) {
      rules.push({ selector: "node[type = '" + item.type + "']",
                   style: { "background-color": item.colour } });
    });
    legend.edges.forEach(function (item) {
      rules.push({ selector: "edge[type = '" + item.type + "']",
                   style: { "line-color": item.colour, "target-arrow-color": item.colour,
                            "line-style": DASHES[item.line] || "solid" } });
    });
    return rules;
  }

  // The layered layout: a row per `row` of the JSON (above the centre what it implements or
  // cites, below what follows it), long rows wrapped, each row centred.
  function rowPositions(cy) {
    var rows = {};
    cy.nodes().forEach(function (node) {
      var row = node.data("row");
      (rows[row] = rows[row] || []).push(node);
    });
    var positions = {}, y = 0;
    Object.keys(rows).map(Number).sort(function (a, b) { return a - b; }).forEach(function (row) {
      var list = rows[row].sort(function (a, b) {
        return (a.data("date") || "").localeCompare(b.data("date") || "")
          || a.data("label").localeCompare(b.data("label"));
      });
      list.forEach(function (node, index) {
        var line = Math.floor(index / PER_LINE);
        var count = Math.min(PER_LINE, list.length - line * PER_LINE);
        positions[node.id()] = { x: (index % PER_LINE - (count - 1) / 2) * COLUMN_GAP,
                                 y: y + line * LINE_GAP };
      });
      y += Math.ceil(list.length / PER_LINE) * LINE_GAP + ROW_GAP - LINE_GAP;
    });
    return positions;
  }

  function layout(cy, name) {
    var options = name === "force"
      ? { name: "cose", animate: false, randomize: false, nodeRepulsion: 400000,
          idealEdgeLength: 70, nodeOverlap: 20, gravity: 0.5, numIter: 1500 }
      : { name: "preset", positions: rowPositions(cy) };
    options.fit = true;
    options.padding = 30;
    cy.layout(options).run();
  }

  function countVisible(cy) {
    state.visibleEdges = cy.edges().filter(function (edge) { return edge.visible(); }).length;
  }

  // The legend's buttons hide and show the edges of their type.
  function wireLegend(cy) {
    document.querySelectorAll("#graph-legend button[data-edge-type]").forEach(function (button) {
      button.addEventListener("click", function () {
        var shown = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", shown ? "true" : "false");
        cy.edges("[type = '" + button.dataset.edgeType + "']")
          .style("display", shown ? "element" : "none");
        countVisible(cy);
      });
    });
  }

  function wireControls(cy) {
    var form = document.getElementById("graph-controls");
    document.getElementById("graph-layout").addEventListener("change", function (event) {
      layout(cy, event.target.value);
    });
    ["graph-depth", "graph-tasks"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", function () { form.submit(); });
    });
  }

  function draw(data) {
    var box = document.getElementById("graph");
    var cy = cytoscape({
      container: box,
      elements: {
        nodes: data.nodes.map(function (node) { return { data: node }; }),
        edges: data.edges.map(function (edge) { return { data: edge }; }),
      },
      style: style(data.legend),
      layout: { name: "null" },
      minZoom: 0.1, maxZoom: 3,
    });
    layout(cy, document.getElementById("graph-layout").value);
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href) { window.location.href = href; }
    });
    cy.on("mouseover", "node", function () { box.style.cursor = "pointer"; });
    cy.on("mouseout", "node", function () { box.style.cursor = ""; });
    wireLegend(cy);
    wireControls(cy);
    state.cy = cy;
    state.nodes = cy.nodes().length;
    state.edges = cy.edges().length;
    countVisible(cy);
    state.ready = true;
    status(state.nodes + " nút, " + state.edges + " cạnh · " + state.nodes + " nodes, "
           + state.edges + " edges");
  }

  function start() {
    var box = document.getElementById("graph");
    fetch(box.dataset.src)
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(draw)
      .catch(function (error) {
        state.error = String(error);
        status("Không vẽ được đồ thị · the graph could not be drawn: " + error);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
