// The pair page's timeline: vis-timeline over the events embedded in the page.
(function () {
  var holder = document.getElementById("timeline");
  var data = document.getElementById("timeline-data");
  if (!holder || !data || typeof vis === "undefined") { return; }
  var items = new vis.DataSet(JSON.parse(data.textContent));
  var groups = new vis.DataSet([
    { id: "visit", content: "Visits" }, { id: "meeting", content: "Meetings" },
    { id: "agreement", content: "Agreements" }, { id: "relation", content: "Level" }
  ]);
  var timeline = new vis.Timeline(holder, items, groups, { stack: true, zoomKey: "ctrlKey", orientation: "top" });
  timeline.on("select", function (props) {
    if (props.items && props.items.length) { window.location.href = "/event/" + props.items[0]; }
  });
  window.bilatTimeline = timeline;
})();
