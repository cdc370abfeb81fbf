// The partnership network: cytoscape.js, redrawn from /api/network when the year changes.
(function () {
  var holder = document.getElementById("network");
  var embedded = document.getElementById("network-data");
  if (!holder || !embedded || typeof cytoscape === "undefined") { return; }
  var colours = { partnership: "#8ab4f8", comprehensive_partnership: "#4285f4", strategic_partnership: "#f29900", comprehensive_strategic_partnership: "#d93025" };
  var cy = cytoscape({
    container: holder,
    style: [
      { selector: "node", style: { "label": "data(label)", "background-color": "#444", "color": "#1a1a1a", "font-size": 12 } },
      { selector: "edge", style: { "width": 3, "line-color": "data(colour)" } }
    ]
  });
  function draw(data) {
    cy.elements().remove();
    data.nodes.forEach(function (code) { cy.add({ group: "nodes", data: { id: code, label: data.names[code] || code } }); });
    data.edges.forEach(function (e, n) {
      cy.add({ group: "edges", data: { id: "e" + n, source: e.source, target: e.target, colour: colours[e.level] || "#999", level: e.level } });
    });
    cy.layout({ name: "cose", animate: false }).run();
    var list = document.getElementById("edge-list");
    list.innerHTML = "";
    data.edges.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e.source + " – " + e.target + ": " + e.level.replace(/_/g, " ") + (e.since ? " (since " + e.since + ")" : "");
      list.appendChild(li);
    });
  }
  draw(JSON.parse(embedded.textContent));
  window.bilatNetwork = cy;
  var slider = document.getElementById("year"), output = document.getElementById("year-value"), level = document.getElementById("level");
  function reload() {
    output.textContent = slider.value;
    slider.setAttribute("aria-valuetext", slider.value);
    document.getElementById("as_of").value = slider.value + "-12-31";
    var url = "/api/network?as_of=" + slider.value + "-12-31" + (level.value ? "&level=" + encodeURIComponent(level.value) : "");
    fetch(url).then(function (r) { return r.json(); }).then(draw);
  }
  slider.addEventListener("input", reload);
  level.addEventListener("change", reload);
})();
