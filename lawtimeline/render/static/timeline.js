(function () {
  "use strict";
  var me = document.currentScript;
  var root = me && me.parentNode && me.parentNode.id === "__LTROOT__" ? me.parentNode : document.getElementById("__LTROOT__");
  if (!root || root.getAttribute("data-lt-ready")) { return; }
  root.setAttribute("data-lt-ready", "1");
  var SVGNS = "http://www.w3.org/2000/svg";
  var svg = root.querySelector(".lt-svg");
  var drawing = root.querySelector(".lt-drawing");
  var list = root.querySelector(".lt-list");
  var toolbar = root.querySelector(".lt-toolbar");
  var stateBox = root.querySelector(".lt-state");
  var countOut = root.querySelector(".lt-count");
  var X0 = +svg.getAttribute("data-x0"), X1 = +svg.getAttribute("data-x1");
  var domain = svg.getAttribute("data-domain").split(",").map(Number);
  var view = svg.getAttribute("data-view").split(",").map(Number);
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  toolbar.hidden = false;
  stateBox.hidden = false;

  function X(t) { return X0 + (t - view[0]) * (X1 - X0) / Math.max(1, view[1] - view[0]); }
  function num(el, name) { return +el.getAttribute(name); }
  function translateY(g) {
    var m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute("transform") || "");
    return m ? +m[2] : 0;
  }

  // -- cache every movable element once ---------------------------------------------------------------------
  var labels = root.querySelectorAll(".lt-lane-label");  // one per lane, in the same order
  var lanes = Array.prototype.map.call(root.querySelectorAll(".lt-lane"), function (lane, n) {
    var marks = Array.prototype.map.call(lane.querySelectorAll(".lt-mark"), function (g) {
      var sym = g.querySelector(".lt-sym");
      return { g: g, t0: num(g, "data-t0"), t1: num(g, "data-t1"), band: g.querySelector(".lt-band"), sym: sym,
               y: translateY(sym), entry: g.getAttribute("data-entry") };
    });
    marks.sort(function (a, b) { return a.t0 - b.t0; });
    var bars = Array.prototype.map.call(lane.querySelectorAll(".lt-bar"), function (g) {
      return { g: g, t0: num(g, "data-t0"), t0b: num(g, "data-t0b"), t1: num(g, "data-t1"),
               fade: g.querySelector(".lt-bar-fade"), body: g.querySelector(".lt-bar-body"),
               text: g.querySelector(".lt-bar-text"), value: g.getAttribute("data-value") || "" };
    });
    var spans = Array.prototype.map.call(lane.querySelectorAll(".lt-inforce"), function (r) {
      return { r: r, t0: num(r, "data-t0"), t1: num(r, "data-t1") };
    });
    var bg = lane.querySelector(".lt-lane-bg");
    var label = labels[n] || null;
    return { el: lane, marks: marks, bars: bars, spans: spans, clusters: [], act: lane.getAttribute("data-act"),
             label: label, text: (label ? label.textContent : "") + " " + lane.getAttribute("data-id"),
             tags: JSON.parse(lane.getAttribute("data-tags") || "[]"), id: lane.getAttribute("data-id"),
             mid: num(bg, "y") + 15 };
  });
  var arrows = Array.prototype.map.call(root.querySelectorAll(".lt-arrow"), function (l) {
    return { el: l, t0: num(l, "data-t0") };
  });
  var axis = root.querySelector(".lt-axis");
  var axisY = +axis.querySelector("line").getAttribute("y1");
  var height = +svg.getAttribute("height");
  var entries = Array.prototype.slice.call(root.querySelectorAll(".lt-entry"));

  // -- ticks ----------------------------------------------------------------------------------------------------
  var STEPS = [[1, "d", 1], [7, "d", 7], [30.4, "m", 1], [91.3, "m", 3], [182.6, "m", 6], [365.25, "y", 1],
               [730.5, "y", 2], [1826, "y", 5], [3652, "y", 10], [7305, "y", 20], [18262, "y", 50], [36525, "y", 100]];
  function toDate(t) { return new Date(t * 864e5); }
  function fromYMD(y, m, d) { return Math.round(Date.UTC(y, m, d) / 864e5); }
  function ticks() {
    var span = Math.max(1, view[1] - view[0]), step = STEPS[STEPS.length - 1], out = [];
    for (var i = 0; i < STEPS.length; i++) { if (span / STEPS[i][0] <= 10) { step = STEPS[i]; break; } }
    var s = toDate(view[0]), t;
    if (step[1] === "d") {
      for (t = view[0]; t <= view[1]; t += step[2]) {
        var d = toDate(t);
        out.push([t, d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear()]);
      }
    } else if (step[1] === "m") {
      var y = s.getUTCFullYear(), m = Math.floor(s.getUTCMonth() / step[2]) * step[2];
      for (;;) {
        t = fromYMD(y, m, 1);
        if (t > view[1]) { break; }
        if (t >= view[0]) { out.push([t, MONTHS[m] + " " + y]); }
        m += step[2];
        if (m > 11) { y += 1; m -= 12; }
      }
    } else {
      for (var yy = Math.floor(s.getUTCFullYear() / step[2]) * step[2]; ; yy += step[2]) {
        t = fromYMD(yy, 0, 1);
        if (t > view[1]) { break; }
        if (t >= view[0]) { out.push([t, String(yy)]); }
      }
    }
    return out;
  }
  function drawTicks() {
    Array.prototype.forEach.call(axis.querySelectorAll(".lt-tick"), function (g) { g.remove(); });
    ticks().forEach(function (tk) {
      var g = document.createElementNS(SVGNS, "g"), line = document.createElementNS(SVGNS, "line"),
          text = document.createElementNS(SVGNS, "text"), x = X(tk[0]);
      g.setAttribute("class", "lt-tick");
      line.setAttribute("x1", x); line.setAttribute("x2", x);
      line.setAttribute("y1", axisY); line.setAttribute("y2", height);
      text.setAttribute("x", x); text.setAttribute("y", axisY - 8);
      text.textContent = tk[1];
      g.appendChild(line); g.appendChild(text); axis.appendChild(g);
    });
  }

  // -- layout at the current view --------------------------------------------------------------------------------
  function fitText(s, w) {
    if (s.length * 6.2 <= w) { return s; }
    var n = Math.floor(w / 6.2) - 1;
    return n >= 4 ? s.slice(0, n).replace(/\s+$/, "") + "\u2026" : "";
  }
  function cluster(lane) {
    lane.clusters.forEach(function (c) { c.remove(); });
    lane.clusters = [];
    var marks = lane.marks, i = 0;
    while (i < marks.length) {
      var j = i + 1, x = X((marks[i].t0 + marks[i].t1) / 2);
      while (j < marks.length && X((marks[j].t0 + marks[j].t1) / 2) - x < 9) { j++; }
      var size = j - i;
      for (var k = i; k < j; k++) { marks[k].g.classList.toggle("lt-clustered", size >= 3); }
      if (size >= 3) {
        var lo = marks[i].t0, hi = marks[j - 1].t1;
        var g = document.createElementNS(SVGNS, "g"), c = document.createElementNS(SVGNS, "circle"),
            txt = document.createElementNS(SVGNS, "text"), title = document.createElementNS(SVGNS, "title");
        g.setAttribute("class", "lt-cluster");
        g.setAttribute("transform", "translate(" + (x + 4) + "," + marks[i].y + ")");
        c.setAttribute("r", 9); txt.setAttribute("y", 3.5);
        txt.textContent = String(size);
        title.textContent = size + " events close together; click or zoom in to see them";
        g.appendChild(title); g.appendChild(c); g.appendChild(txt);
        g.addEventListener("click", function (a, b) { return function () { zoomTo(a - 10, b + 10); }; }(lo, hi));
        lane.el.appendChild(g);
        lane.clusters.push(g);
      }
      i = j;
    }
  }
  function layout() {
    lanes.forEach(function (lane) {
      lane.marks.forEach(function (m) {
        var mid = m.t1 !== m.t0 ? (m.t0 + m.t1) / 2 : m.t0;
        m.sym.setAttribute("transform", "translate(" + X(mid).toFixed(2) + "," + m.y + ")");
        if (m.band) {
          m.band.setAttribute("x", X(m.t0).toFixed(2));
          m.band.setAttribute("width", Math.max(1, X(m.t1) - X(m.t0)).toFixed(2));
        }
      });
      lane.bars.forEach(function (b) {
        var a = X(b.t0), ab = X(b.t0b), e = X(b.t1);
        if (b.fade) { b.fade.setAttribute("x", a.toFixed(2)); b.fade.setAttribute("width", Math.max(0, ab - a).toFixed(2)); }
        b.body.setAttribute("x", ab.toFixed(2));
        b.body.setAttribute("width", Math.max(0, e - ab).toFixed(2));
        var vis0 = Math.max(e - ab > 40 ? ab : a, X0);
        b.text.setAttribute("x", (vis0 + 4).toFixed(2));
        b.text.textContent = fitText(b.value, Math.min(e, X1) - vis0 - 8);
      });
      lane.spans.forEach(function (s) {
        s.r.setAttribute("x", X(s.t0).toFixed(2));
        s.r.setAttribute("width", Math.max(0, X(s.t1) - X(s.t0)).toFixed(2));
      });
      cluster(lane);
    });
    arrows.forEach(function (a) {
      var x = X(a.t0).toFixed(2);
      a.el.setAttribute("x1", x); a.el.setAttribute("x2", x);
    });
    drawTicks();
  }
  function zoomTo(a, b) {
    var min = 3, lo = Math.max(domain[0], Math.min(a, b)), hi = Math.min(domain[1], Math.max(a, b));
    if (hi - lo < min) { var c = (lo + hi) / 2; lo = c - min / 2; hi = c + min / 2; }
    view = [lo, hi];
    layout();
  }
  function zoom(factor, center) {
    var c = center === undefined ? (view[0] + view[1]) / 2 : center;
    zoomTo(c - (c - view[0]) * factor, c + (view[1] - c) * factor);
  }
  function pan(fraction) {
    var w = view[1] - view[0], d = w * fraction;
    if (view[0] + d < domain[0]) { d = domain[0] - view[0]; }
    if (view[1] + d > domain[1]) { d = domain[1] - view[1]; }
    view = [view[0] + d, view[1] + d];
    layout();
  }
  root.querySelector(".lt-zoom-in").addEventListener("click", function () { zoom(0.5); });
  root.querySelector(".lt-zoom-out").addEventListener("click", function () { zoom(2); });
  root.querySelector(".lt-zoom-all").addEventListener("click", function () { zoomTo(domain[0], domain[1]); });
  drawing.addEventListener("keydown", function (ev) {
    var k = ev.key;
    if (k === "+" || k === "=") { zoom(0.5); } else if (k === "-" || k === "_") { zoom(2); }
    else if (k === "ArrowLeft") { pan(-0.2); } else if (k === "ArrowRight") { pan(0.2); }
    else if (k === "0" || k === "Home") { zoomTo(domain[0], domain[1]); } else { return; }
    ev.preventDefault();
  });
  function pointerDay(ev) {
    var r = svg.getBoundingClientRect(), ux = (ev.clientX - r.left) * (+svg.viewBox.baseVal.width) / r.width;
    return view[0] + (ux - X0) * (view[1] - view[0]) / (X1 - X0);
  }
  svg.addEventListener("wheel", function (ev) {
    if (!ev.ctrlKey && !ev.metaKey) { return; }
    ev.preventDefault();
    zoom(ev.deltaY < 0 ? 0.8 : 1.25, pointerDay(ev));
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, view: view.slice() }; });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag || !(ev.buttons & 1)) { return; }
    var r = svg.getBoundingClientRect(), units = (ev.clientX - drag.x) * (+svg.viewBox.baseVal.width) / r.width;
    var days = units * (drag.view[1] - drag.view[0]) / (X1 - X0);
    if (Math.abs(units) < 2) { return; }
    var lo = drag.view[0] - days, hi = drag.view[1] - days;
    if (lo < domain[0]) { hi += domain[0] - lo; lo = domain[0]; }
    if (hi > domain[1]) { lo -= hi - domain[1]; hi = domain[1]; }
    view = [lo, hi];
    layout();
  });

  // -- highlight and keyboard navigation in the list ---------------------------------------------------------------
  var highlighted = [];
  function highlight(id) {
    highlighted.forEach(function (el) { el.classList.remove("lt-hl"); });
    highlighted = id ? Array.prototype.slice.call(svg.querySelectorAll('[data-entry="' + id + '"]')) : [];
    highlighted.forEach(function (el) { el.classList.add("lt-hl"); });
  }
  function visibleEntries() { return entries.filter(function (e) { return !e.hidden; }); }
  // One tab stop for the list: the current entry (and its citation links), every other entry at -1.
  function setCurrent(li) {
    entries.forEach(function (e) {
      var on = e === li;
      e.setAttribute("tabindex", on ? "0" : "-1");
      Array.prototype.forEach.call(e.querySelectorAll("a"), function (a) { a.setAttribute("tabindex", on ? "0" : "-1"); });
    });
  }
  function focusEntry(li) { setCurrent(li); li.focus(); }
  if (entries.length) { setCurrent(entries[0]); }
  list.addEventListener("focusin", function (ev) {
    var li = ev.target.closest ? ev.target.closest(".lt-entry") : null;
    if (!li) { return; }
    if (li.getAttribute("tabindex") !== "0") { setCurrent(li); }
    highlight(li.id);
    var t = +li.getAttribute("data-t0");
    if (t < view[0] || t > view[1]) { var w = view[1] - view[0]; zoomTo(t - w / 2, t + w / 2); }
  });
  list.addEventListener("keydown", function (ev) {
    var li = ev.target.closest ? ev.target.closest(".lt-entry") : null;
    if (!li) { return; }
    var vis = visibleEntries(), i = vis.indexOf(li), next = null;
    if (ev.key === "ArrowDown") { next = vis[Math.min(vis.length - 1, i + 1)]; }
    else if (ev.key === "ArrowUp") { next = vis[Math.max(0, i - 1)]; }
    else if (ev.key === "Home") { next = vis[0]; } else if (ev.key === "End") { next = vis[vis.length - 1]; }
    if (next) { ev.preventDefault(); focusEntry(next); }
  });
  svg.addEventListener("click", function (ev) {
    var g = ev.target.closest ? ev.target.closest("[data-entry]") : null;
    var id = g && g.getAttribute("data-entry");
    var li = id && root.querySelector('.lt-entry[id="' + id + '"]');
    if (li && !li.hidden) { focusEntry(li); }
  });

  // -- filters and search ---------------------------------------------------------------------------------------
  var actSel = root.querySelector(".lt-filter-act"), tagSel = root.querySelector(".lt-filter-tag"),
      search = root.querySelector(".lt-search");
  function matches(act, tags, text, q) {
    if (actSel.value && act !== actSel.value) { return false; }
    if (tagSel.value && tags.indexOf(tagSel.value) < 0) { return false; }
    return !q || text.toLowerCase().indexOf(q) >= 0;
  }
  function applyFilters() {
    var q = search.value.trim().toLowerCase(), shown = 0;
    entries.forEach(function (li) {
      var ok = matches(li.getAttribute("data-act"), JSON.parse(li.getAttribute("data-tags") || "[]"), li.textContent, q);
      li.hidden = !ok;
      if (ok) { shown++; }
    });
    lanes.forEach(function (lane) {
      var ok = lane.id.indexOf("context:") === 0 ? !actSel.value && !tagSel.value
               : matches(lane.act, lane.tags, lane.text, q);
      lane.el.classList.toggle("lt-dim", !ok);
      if (lane.label) { lane.label.classList.toggle("lt-dim", !ok); }
    });
    countOut.textContent = shown + " of " + entries.length + " events shown";
    renderState();
  }
  actSel.addEventListener("change", applyFilters);
  tagSel.addEventListener("change", applyFilters);
  search.addEventListener("input", applyFilters);

  // -- state on a date ------------------------------------------------------------------------------------------
  var data = JSON.parse(root.querySelector(".lt-state-data").textContent);
  var dateIn = root.querySelector(".lt-state-date"), stateOut = root.querySelector(".lt-state-out");
  function bisectRight(a, x) { var lo = 0, hi = a.length; while (lo < hi) { var m = (lo + hi) >> 1; if (x < a[m]) { hi = m; } else { lo = m + 1; } } return lo; }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) { e.textContent = text; } if (cls) { e.className = cls; } return e; }
  function renderState() {
    var v = dateIn.value, m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    stateOut.textContent = "";
    if (!m) { stateOut.appendChild(el("p", "Choose a day.")); return; }
    var t = fromYMD(+m[1], +m[2] - 1, +m[3]);
    var table = el("table"), head = el("tr"), rows = 0, pending = [];
    ["Provision", "Value", "Since", "Status"].forEach(function (h) { var th = el("th", h); th.scope = "col"; head.appendChild(th); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    data.provisions.forEach(function (p) {
      if (!matches(p.act, p.tags, p.name + " " + p.id, search.value.trim().toLowerCase())) { return; }
      var o = data.outcomes[p.o[bisectRight(p.b, t)]];
      p.pending.forEach(function (x) { pending.push(x); });
      if (o.f === false) { return; }
      var tr = el("tr"), th = el("th", p.name + (p.path ? " (" + p.path + ")" : ""));
      th.scope = "row";
      tr.appendChild(th);
      var val = el("td");
      if (o.s === "definite") { val.appendChild(el("span", o.v)); }
      else {
        val.appendChild(el("span", "Unresolved \u2014 one of: ", "lt-unresolved"));
        var ul = el("ul"); o.c.forEach(function (c) { ul.appendChild(el("li", c)); }); val.appendChild(ul);
      }
      (o.cav || []).forEach(function (c) { val.appendChild(el("div", c, "lt-cav")); });
      tr.appendChild(val);
      tr.appendChild(el("td", o.since ? o.since + (o.by ? " (" + o.by + ")" : "") : ""));
      tr.appendChild(el("td", o.s === "definite" ? "definite" : "unresolved", o.s === "definite" ? "" : "lt-unresolved"));
      body.appendChild(tr);
      rows++;
    });
    table.appendChild(body);
    var when = el("p"); when.textContent = rows + " provision" + (rows === 1 ? " was" : "s were") + " or may have been in force on " + v + ".";
    stateOut.appendChild(when);
    if (rows) { stateOut.appendChild(table); }
    if (pending.length) {
      stateOut.appendChild(el("p", "Pending (no date of entry into force yet):"));
      var pl = el("ul"); pending.forEach(function (x) { pl.appendChild(el("li", x)); }); stateOut.appendChild(pl);
    }
  }
  dateIn.addEventListener("change", renderState);
  dateIn.addEventListener("input", renderState);

  layout();
  applyFilters();
})();
