(function () {
  "use strict";
  // The live timeline. Without this script the fragment shows a static picture, the acts, the chronology and the
  // sources; with it, the picture gives way to a drawing laid out for its container's width (labels at their set
  // size), and the controls, the legend and the state-on-date table are created here, so none exists that cannot
  // work. Large timelines draw only the lanes in view. Dataset text only ever reaches the page as textContent.
  var me = document.currentScript;
  var root = me && me.parentNode && me.parentNode.id === "__LTROOT__" ? me.parentNode : document.getElementById("__LTROOT__");
  if (!root || root.getAttribute("data-lt-ready")) { return; }
  root.setAttribute("data-lt-ready", "1");
  var RID = root.id;
  var SVGNS = "http://www.w3.org/2000/svg";
  var D = JSON.parse(root.querySelector(".lt-state-data").textContent);
  var S = D.scene;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"];
  var KINDS = ["introduced", "adopted", "approved", "signed", "published", "in_force", "applies", "suspended",
               "struck_down", "repealed", "expired", "context"];
  var SHAPE_OF = {introduced: "circle-open", adopted: "circle", approved: "circle-ring", signed: "diamond",
                  published: "square", in_force: "triangle", applies: "triangle-open", suspended: "bars",
                  struck_down: "cross", repealed: "cross", expired: "cross-open", context: "star"};
  var LANE_H = 30, HEAD_H = 26, PENDING_ROW = 13, AXIS_H = 30, CHAR_W = 6.2, MIN_W = 520;
  var VIRTUAL = S.lanes.length > 120;  // draw only the lanes in view (and keep the drawing in a scrolling box)

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function sv(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, attrs[k]); } }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function title(parent, text) { var t = sv("title", {}, parent); t.textContent = text; return t; }
  function r2(x) { return Math.round(x * 100) / 100; }

  // -- colours from the host: JupyterLab, VS Code, else the page behind us, else the system scheme ----------------
  function luminance(c) {
    var m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+))?/.exec(c || "");
    if (!m || (m[4] !== undefined && +m[4] < 0.5)) { return null; }
    var ch = [+m[1], +m[2], +m[3]].map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  }
  function hostTheme() {
    var b = document.body;
    if (!b) { return ""; }
    var jp = b.getAttribute("data-jp-theme-light");
    if (jp === "true") { return "light"; }
    if (jp === "false") { return "dark"; }
    var c = b.classList;
    if (c.contains("vscode-high-contrast-light") || c.contains("vscode-light")) { return "light"; }
    if (c.contains("vscode-dark") || c.contains("vscode-high-contrast")) { return "dark"; }
    for (var e = root.parentElement; e; e = e.parentElement) {
      var l = luminance(getComputedStyle(e).backgroundColor);
      if (l !== null) { return e === b && b.classList.contains("lt-page") ? "" : (l < 0.2 ? "dark" : "light"); }
    }
    return "";
  }
  function applyTheme() {
    var t = hostTheme();
    if (t) { root.setAttribute("data-lt-theme", t); } else { root.removeAttribute("data-lt-theme"); }
  }
  applyTheme();
  if (window.MutationObserver && document.body) {
    new MutationObserver(applyTheme).observe(document.body, {attributes: true, attributeFilter: ["class", "data-jp-theme-light"]});
  }

  // -- dates ------------------------------------------------------------------------------------------------------
  function toDate(t) { return new Date(t * 864e5); }
  function fromYMD(y, m, d) { return Math.round(Date.UTC(y, m, d) / 864e5); }
  function words(t) { var d = toDate(t); return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear(); }
  function parseDay(s) {
    s = (s || "").trim();
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s), y, mo, d;
    if (m) { y = +m[1]; mo = +m[2] - 1; d = +m[3]; } else {
      m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(s);
      if (!m) { return null; }
      d = +m[1]; y = +m[3]; mo = -1;
      var name = m[2].toLowerCase();
      for (var i = 0; i < 12; i++) { if (name.length >= 3 && MONTHS[i].toLowerCase().indexOf(name) === 0) { mo = i; } }
      if (mo < 0) { return null; }
    }
    var t = fromYMD(y, mo, d), back = toDate(t);
    return back.getUTCMonth() === mo && back.getUTCDate() === d ? t : null;
  }

  // -- the lanes, their rows and the filters' view of them -----------------------------------------------------------
  function dayOf(n) { return n >= 0 && meta[n] ? meta[n].t : 0; }
  var actDts = root.querySelectorAll(".lt-act-list > dt > bdi:first-child"), actIndex = {};
  D.acts.forEach(function (a, i) { actIndex[a[0]] = i; });
  function actTitle(id) { var dt = actDts[actIndex[id]]; return dt ? dt.textContent : id; }
  var lanes, rows = [], y = 4, height, byLane = {};
  function buildLanes() {
  lanes = S.lanes.map(function (l, i) {
    (l.m || []).forEach(function (m) { m[0] += dayOf(m[4]); });
    (l.b || []).forEach(function (b) { b[0] += dayOf(b[5]); });
    var full = l.f || (l.q ? l.l + " (" + l.q + ")" : l.k === "a" ? actTitle(l.id) : l.l);
    var act = l.a === undefined ? (l.k === "a" ? l.id : "") : typeof l.a === "number" ? D.acts[l.a][0] : l.a;
    var tags = l.g === undefined ? [] : typeof l.g === "number" ? D.tagsets[l.g].map(function (i) { return D.tags[i]; }) : l.g;
    return {i: i, k: l.k, id: l.id, label: l.l, full: full, act: act, tags: tags, marks: l.m || [],
            span: l.s || null, bars: l.b || [], pending: l.p || [], ok: true,
            h: LANE_H + PENDING_ROW * (l.p ? l.p.length : 0)};
  });
  S.groups.forEach(function (g) {
    rows.push({head: g[0], y: y});
    y += HEAD_H;
    g[1].forEach(function (i, n) { var lane = lanes[i]; lane.y = y; lane.alt = n % 2 === 1; rows.push({lane: lane, y: y}); y += lane.h; });
  });
  height = Math.ceil(y + 8);
  function addArrow(a) {  // [day, from lane, to lane, entry]
    (byLane[a[1]] = byLane[a[1]] || []).push(a);
    if (a[2] !== a[1]) { (byLane[a[2]] = byLane[a[2]] || []).push(a); }
  }
  var actLane = {};
  lanes.forEach(function (lane) { if (lane.k === "a") { actLane[lane.id] = lane.i; } });
  lanes.forEach(function (lane) {  // each value bar's arrow, from its act's lane, on its first day
    lane.bars.forEach(function (b) {
      if (b[5] < 0 || b[4] & 8) { return; }
      var act = D.acts[b.length > 6 ? b[6] : E[4 * b[5] + 2]], from = act ? actLane[act[0]] : undefined;
      if (from !== undefined) { addArrow([b[0], from, lane.i, b[5]]); }
    });
  });
  S.arrows.forEach(function (r) { addArrow([r.length > 3 ? r[3] : dayOf(r[2]), r[0], r[1], r[2]]); });
  }
  // the chronology's items: their ids and classes are set here (the bytes carry only what a reader needs)
  var list = root.querySelector(".lt-list");
  var entries = list ? Array.prototype.slice.call(list.children) : [];
  var meta = [], day = 0, E = D.entries;
  entries.forEach(function (li, n) {
    day += E[4 * n];
    meta.push({t: day, kind: D.kinds[E[4 * n + 1]], act: E[4 * n + 2] >= 0 ? D.acts[E[4 * n + 2]][0] : "",
               tags: D.tagsets[E[4 * n + 3]].map(function (i) { return D.tags[i]; })});
    li.id = RID + "-e" + n;
    li.className = "lt-entry lt-entry-" + meta[n].kind;
  });
  buildLanes();
  function entryId(n) { return n >= 0 && entries[n] ? entries[n].id : ""; }
  function entryTitle(li) {  // the title: in a <bdi> when it needs isolating, else the item's own text
    var b = li.querySelector(":scope > bdi"), s = "";
    if (b) { return b.textContent; }
    for (var c = li.firstChild; c; c = c.nextSibling) { if (c.nodeType === 3) { s += c.data; } }
    return s.trim();
  }
  function entryWords(n) {  // [date in words, title] of entry n, as the list shows them
    var li = entries[n], t = li && li.querySelector("time");
    return [t ? t.textContent : "", li ? entryTitle(li) : ""];
  }
  function markTip(lane, m) {
    if (m.length > 5) { return m[5]; }
    var w = entryWords(m[4]), disputed = m[3] & 8 ? " (sources disagree)" : "";
    return lane.k === "a" ? lane.label + " " + S.words[m[2]] + ": " + w[0] + disputed : w[1] + ": " + w[0] + disputed;
  }
  function barTip(lane, b, i) {
    if (b.length > 7) { return b[7]; }
    var next = lane.bars[i + 1];
    var act = b.length > 6 ? b[6] : E[4 * b[5] + 2];
    return D.strings[b[3]] + " \u2014 from " + entryWords(b[5])[0] + " (" + D.acts[act][1] + ")" +
      (b[4] & 2 ? "" : " until " + entryWords(next[5])[0]) + (b[4] & 4 ? "; dates uncertain" : "");
  }

  // -- the controls (created here, so that none exists without the script that makes it work) -------------------
  var figure = root.querySelector(".lt-figure");
  var picture = root.querySelector(".lt-picture");
  var toolbar = el("div", null, "lt-toolbar");
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Timeline controls");
  function field(label, control) { var l = el("label", label + " ", "lt-field"); l.appendChild(control); return l; }
  function select(cls, aria, first, options) {
    var s = el("select", null, cls);
    s.setAttribute("aria-label", aria);
    var o = el("option", first); o.value = ""; s.appendChild(o);
    options.forEach(function (p) { var op = el("option", p[1]); op.value = p[0]; s.appendChild(op); });
    return s;
  }
  var actSel = select("lt-filter-act", "Show only one act", "All acts", D.acts);
  var tagSel = select("lt-filter-tag", "Show only one tag", "All tags", D.tags.map(function (t) { return [t, t]; }));
  var search = el("input", null, "lt-search");
  search.type = "search";
  search.placeholder = "Search the timeline";
  search.setAttribute("aria-label", "Search the timeline");
  toolbar.appendChild(field("Act", actSel));
  if (D.tags.length) { toolbar.appendChild(field("Tag", tagSel)); }
  toolbar.appendChild(field("Search", search));
  var zoomBox = el("span", null, "lt-zoom");
  zoomBox.setAttribute("role", "group");
  zoomBox.setAttribute("aria-label", "Zoom");
  function button(text, cls, aria) {
    var b = el("button", text, cls); b.type = "button"; if (aria) { b.setAttribute("aria-label", aria); }
    zoomBox.appendChild(b); return b;
  }
  var zin = button("+", "lt-zoom-in", "Zoom in"), zout = button("\u2212", "lt-zoom-out", "Zoom out");
  var zall = button("Show all", "lt-zoom-all");
  toolbar.appendChild(zoomBox);
  var countOut = el("span", null, "lt-count");
  countOut.setAttribute("aria-live", "polite");
  toolbar.appendChild(countOut);

  var drawing = el("div", null, "lt-drawing" + (VIRTUAL ? " lt-virtual" : ""));
  drawing.tabIndex = 0;
  drawing.setAttribute("role", "group");
  drawing.setAttribute("aria-label", "Drawn timeline. Use + and \u2212 to zoom, left and right arrows to pan, 0 to show all. The lists below have the same events in words.");
  var axisSvg = sv("svg", {"class": "lt-axis-svg", role: "presentation"});
  var box = el("div", null, "lt-lanes-box");
  var svg = sv("svg", {"class": "lt-svg", role: "img", "aria-label": "Timeline: acts, provisions and their values over time; the lists below give every event in words."});
  var defs = sv("defs", {}, svg);
  var grad = sv("linearGradient", {id: RID + "-fadein", x1: 0, x2: 1, y1: 0, y2: 0}, defs);
  sv("stop", {offset: 0, "class": "lt-stop-value", "stop-opacity": 0}, grad);
  sv("stop", {offset: 1, "class": "lt-stop-value", "stop-opacity": 0.6}, grad);
  var mk = sv("marker", {id: RID + "-arrowhead", viewBox: "0 0 10 10", refX: 8, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse"}, defs);
  sv("path", {d: "M0,0 L10,5 L0,10 z", fill: "currentColor"}, mk);
  var PARTIAL = S.lanes.some(function (l) { return (l.b || []).some(function (b) { return b[4] & 16; }); });
  if (PARTIAL) {  // the hatching of a period in force for some purposes or places only
    var hatch = sv("pattern", {id: RID + "-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)"}, defs);
    sv("rect", {"class": "lt-hatch-bg", width: 6, height: 6}, hatch);
    sv("rect", {"class": "lt-hatch-stripe", width: 3, height: 6}, hatch);
  }
  var clip = sv("clipPath", {id: RID + "-clip"}, defs);
  var clipRect = sv("rect", {x: 0, y: 0, width: 1, height: height}, clip);
  var layer = sv("g", {}, svg);
  box.appendChild(svg);
  drawing.appendChild(axisSvg);
  drawing.appendChild(box);
  var legend = el("figcaption", null, "lt-legend");
  figure.insertBefore(toolbar, figure.firstChild);
  figure.insertBefore(drawing, picture);
  figure.appendChild(legend);
  picture.classList.add("lt-picture-off");

  // -- shapes and the legend ------------------------------------------------------------------------------------------
  var SHAPES = {
    "circle": [["circle", {r: 5}]], "circle-open": [["circle", {r: 5, "class": "lt-open-shape"}]],
    "circle-ring": [["circle", {r: 6, "class": "lt-open-shape"}], ["circle", {r: 2.5}]],
    "diamond": [["path", {d: "M0,-6 L6,0 L0,6 L-6,0 z"}]], "square": [["rect", {x: -4.5, y: -4.5, width: 9, height: 9}]],
    "triangle": [["path", {d: "M-5,-6 L6,0 L-5,6 z"}]], "triangle-open": [["path", {d: "M-5,-6 L6,0 L-5,6 z", "class": "lt-open-shape"}]],
    "bars": [["rect", {x: -5, y: -6, width: 3.5, height: 12}], ["rect", {x: 1.5, y: -6, width: 3.5, height: 12}]],
    "cross": [["path", {d: "M-5,-5 L5,5 M5,-5 L-5,5", "class": "lt-stroke-shape"}]],
    "cross-open": [["path", {d: "M-5,-5 L5,5 M5,-5 L-5,5", "class": "lt-stroke-shape lt-thin"}]],
    "star": [["path", {d: "M0,-6 L1.8,-1.8 L6,-1.8 L2.6,1 L3.8,5.6 L0,3 L-3.8,5.6 L-2.6,1 L-6,-1.8 L-1.8,-1.8 z"}]]
  };
  function shape(g, name) { (SHAPES[name] || SHAPES.circle).forEach(function (s) { sv(s[0], s[1], g); }); }
  (function () {
    legend.appendChild(el("span", "Legend:", "lt-legend-title"));
    [["adopted", "adopted"], ["approved", "approved"], ["signed", "signed"], ["published", "published"],
     ["in_force", "in force"], ["repealed", "repealed"], ["context", "context event"]].forEach(function (k) {
      var item = el("span", null, "lt-legend-item");
      var s = sv("svg", {"class": "lt-legend-mark", viewBox: "-8 -8 16 16", width: 16, height: 16, "aria-hidden": "true", focusable: "false"});
      shape(sv("g", {"class": "lt-sym lt-k-" + k[0]}, s), SHAPE_OF[k[0]]);
      item.appendChild(s); item.appendChild(document.createTextNode(k[1])); legend.appendChild(item);
    });
    [["band", "date known only to the month, year or a range (band)"], ["dashed", "uncertain or disputed date (dashed)"],
     ["fade", "approximate or unknown start (fades in)"], ["value", "value in force"]].concat(
     PARTIAL ? [["partial", "in force for some purposes or places only (hatched)"]] : [],
     [["pending", "pending: no date of entry into force yet (dashed line under the lane, from the latest date known)"]]).forEach(function (k) {
      var item = el("span", null, "lt-legend-item"), sw = el("span", null, "lt-swatch lt-swatch-" + k[0]);
      sw.setAttribute("aria-hidden", "true");
      item.appendChild(sw); item.appendChild(document.createTextNode(k[1])); legend.appendChild(item);
    });
  })();

  // -- geometry for the container's width ------------------------------------------------------------------------------
  var W = 0, LABEL_W = 0, X0 = 0, X1 = 0;
  var domain = S.domain.slice(), first = S.view.slice(), view = S.view.slice();
  function X(t) { return X0 + (t - view[0]) * (X1 - X0) / Math.max(1, view[1] - view[0]); }
  function measure() {
    var w = Math.max(MIN_W, Math.floor(box.clientWidth || drawing.clientWidth || 960));
    if (w === W) { return false; }
    W = w; LABEL_W = Math.min(300, Math.max(150, Math.round(W * 0.25))); X0 = LABEL_W + 10; X1 = W - 20;
    svg.setAttribute("width", W); svg.setAttribute("height", height); svg.setAttribute("viewBox", "0 0 " + W + " " + height);
    axisSvg.setAttribute("width", W); axisSvg.setAttribute("height", AXIS_H); axisSvg.setAttribute("viewBox", "0 0 " + W + " " + AXIS_H);
    clipRect.setAttribute("x", X0 - 4); clipRect.setAttribute("width", X1 - X0 + 8);
    return true;
  }
  function fitText(s, w) {
    if (s.length * CHAR_W <= w) { return s; }
    var n = Math.floor(w / CHAR_W) - 1;
    return n >= 4 ? s.slice(0, n).replace(/\s+$/, "") + "\u2026" : "";
  }
  function wrap(s, w) {  // two lines at most, broken at spaces
    var chars = Math.max(4, Math.floor(w / CHAR_W)), out = [], line = "";
    s.split(/\s+/).forEach(function (word) {
      if (!line) { line = word; } else if ((line + " " + word).length <= chars) { line += " " + word; } else { out.push(line); line = word; }
    });
    if (line) { out.push(line); }
    if (out.length > 2) { out = [out[0], fitText(out.slice(1).join(" "), w).replace(/\u2026?$/, "\u2026")]; }
    return out.map(function (l) { return l.length > chars ? fitText(l, w) : l; });
  }

  // -- ticks --------------------------------------------------------------------------------------------------------
  var STEPS = [[1, "d", 1], [7, "d", 7], [30.4, "m", 1], [91.3, "m", 3], [182.6, "m", 6], [365.25, "y", 1],
               [730.5, "y", 2], [1826, "y", 5], [3652, "y", 10], [7305, "y", 20], [18262, "y", 50], [36525, "y", 100]];
  function ticks() {
    var span = Math.max(1, view[1] - view[0]), step = STEPS[STEPS.length - 1], out = [], target = Math.max(3, Math.floor((X1 - X0) / 90));
    for (var i = 0; i < STEPS.length; i++) { if (span / STEPS[i][0] <= target) { step = STEPS[i]; break; } }
    var s = toDate(view[0]), t;
    if (step[1] === "d") {
      for (t = Math.ceil(view[0]); t <= view[1]; t += step[2]) {
        var d = toDate(t);
        out.push([t, d.getUTCDate() + " " + MONTHS[d.getUTCMonth()].slice(0, 3) + " " + d.getUTCFullYear()]);
      }
    } else if (step[1] === "m") {
      var yy = s.getUTCFullYear(), m = Math.floor(s.getUTCMonth() / step[2]) * step[2];
      for (;;) {
        t = fromYMD(yy, m, 1);
        if (t > view[1]) { break; }
        if (t >= view[0]) { out.push([t, MONTHS[m].slice(0, 3) + " " + yy]); }
        m += step[2];
        if (m > 11) { yy += 1; m -= 12; }
      }
    } else {
      for (var y2 = Math.floor(s.getUTCFullYear() / step[2]) * step[2]; ; y2 += step[2]) {
        t = fromYMD(y2, 0, 1);
        if (t > view[1]) { break; }
        if (t >= view[0]) { out.push([t, String(y2)]); }
      }
    }
    return out;
  }

  // -- drawing ------------------------------------------------------------------------------------------------------
  var hlEntry = "";
  function markClasses(m) {
    var c = "lt-mark lt-k-" + KINDS[m[2]];
    if (m[3] & 2) { c += " lt-approx"; }
    if (m[3] & 4) { c += " lt-uncertain"; }
    if (m[3] & 8) { c += " lt-disputed"; }
    return c;
  }
  function drawMarks(g, lane, mid) {
    var shown = [];
    lane.marks.forEach(function (m) {
      var t0 = m[0], t1 = m[0] + m[1], c = m[1] ? (t0 + t1) / 2 : t0;
      if (t1 < view[0] - 30 || t0 > view[1] + 30) { return; }
      shown.push([X(c), m]);
    });
    shown.sort(function (a, b) { return a[0] - b[0]; });
    var i = 0;
    while (i < shown.length) {
      var j = i + 1;
      while (j < shown.length && shown[j][0] - shown[i][0] < 9) { j++; }
      if (j - i >= 3) {
        var lo = shown[i][1][0], hi = shown[j - 1][1][0] + shown[j - 1][1][1];
        var cg = sv("g", {"class": "lt-cluster", transform: "translate(" + r2(shown[i][0] + 4) + "," + mid + ")"}, g);
        title(cg, (j - i) + " events close together; click or zoom in to see them");
        sv("circle", {r: 9}, cg);
        sv("text", {y: 3.5}, cg).textContent = String(j - i);
        cg.addEventListener("click", (function (a, b) { return function () { zoomTo(a - 10, b + 10); }; })(lo, hi));
        for (var k = i; k < j; k++) { drawMark(g, shown[k][1], mid, shown[k][0], true, lane); }
      } else {
        for (var q = i; q < j; q++) { drawMark(g, shown[q][1], mid, shown[q][0], false, lane); }
      }
      i = j;
    }
  }
  function drawMark(g, m, mid, x, clustered, lane) {
    var id = entryId(m[4]);
    var mg = sv("g", {"class": markClasses(m) + (clustered ? " lt-clustered" : "") + (id && id === hlEntry ? " lt-hl" : ""),
                      "data-t0": m[0], "data-t1": m[0] + m[1], "data-entry": id}, g);
    title(mg, markTip(lane, m));
    if (m[1]) { sv("rect", {"class": "lt-band", x: r2(X(m[0])), y: mid - 8, width: r2(Math.max(1, X(m[0] + m[1]) - X(m[0]))), height: 16}, mg); }
    shape(sv("g", {"class": "lt-sym", transform: "translate(" + r2(x) + "," + mid + ")"}, mg), SHAPE_OF[KINDS[m[2]]]);
  }
  function drawBars(g, lane, mid) {
    lane.bars.forEach(function (b, bi) {
      var t0 = b[0], t0b = b[0] + b[1], t1 = b[0] + b[2];
      if (t1 < view[0] || t0 > view[1]) { return; }
      var lo = X0 - 4, hi = X1 + 4, id = entryId(b[5]);
      var a = Math.min(Math.max(X(t0), lo), hi), ab = Math.min(Math.max(X(t0b), lo), hi), e = Math.min(X(t1), hi);
      var bg = sv("g", {"class": "lt-bar" + (b[4] & 1 ? " lt-uncertain" : "") + (b[4] & 16 ? " lt-partial" : "") + (id && id === hlEntry ? " lt-hl" : ""),
                        "data-t0": t0, "data-t0b": t0b, "data-t1": t1, "data-entry": id, "data-value": D.strings[b[3]]}, g);
      title(bg, barTip(lane, b, bi));
      if (b[1] && ab > a) { sv("rect", {"class": "lt-bar-fade", x: r2(a), y: mid - 8, width: r2(ab - a), height: 16, fill: "url(#" + RID + "-fadein)"}, bg); }
      sv("rect", {"class": "lt-bar-body" + (b[4] & 2 ? " lt-open" : ""), x: r2(ab), y: mid - 8, width: r2(Math.max(0, e - ab)), height: 16, rx: 2}, bg);
      var start = Math.max(e - ab > 40 ? ab : a, X0), text = fitText(D.strings[b[3]], Math.min(e, X1) - start - 8);
      if (text) { sv("text", {"class": "lt-bar-text", x: r2(start + 4), y: mid + 4}, bg).textContent = text; }
    });
    lane.pending.forEach(function (p, n) {
      var x = X(p[0]);
      if (x > X1) { return; }
      x = Math.max(x, X0);
      var ry = mid + LANE_H / 2 + n * PENDING_ROW;
      var pg = sv("g", {"class": "lt-pending", "data-t0": p[0]}, g);
      title(pg, p[1]);
      sv("path", {"class": "lt-pending-trail", d: "M" + r2(x) + "," + (ry + 2) + " H" + X1}, pg);
      var words = fitText(p[1].replace(/ \u2014 no date of entry into force yet$/, ""), X1 - x - 4) || fitText("pending", X1 - x - 4);
      if (words) { sv("text", {"class": "lt-pending-text", x: r2(x + 2), y: ry + 11}, pg).textContent = words; }
    });
  }
  var firstRow = 0, lastRow = 0;
  function visibleRange() {
    if (!VIRTUAL) { return [0, height]; }
    var top = box.scrollTop, h = box.clientHeight || 600;
    return [top - 300, top + h + 300];
  }
  function draw() {
    measure();
    while (layer.firstChild) { layer.removeChild(layer.firstChild); }
    var range = visibleRange(), grid = sv("g", {"class": "lt-grid"}, layer), plot = sv("g", {"class": "lt-plot", "clip-path": "url(#" + RID + "-clip)"}, layer),
        labels = sv("g", {"class": "lt-labels"}, layer), drawn = {};
    var tk = ticks();
    tk.forEach(function (t) { var x = r2(X(t[0])); sv("line", {x1: x, x2: x, y1: 0, y2: height}, grid); });
    rows.forEach(function (row) {
      var lane = row.lane, h = lane ? lane.h : HEAD_H;
      if (row.y + h < range[0] || row.y > range[1]) { return; }
      if (!lane) { sv("text", {"class": "lt-group-head", x: 8, y: row.y + 17}, labels).textContent = row.head; return; }
      drawn[lane.i] = true;
      var g = sv("g", {"class": "lt-lane lt-lane-" + {a: "act", p: "provision", c: "context"}[lane.k] + (lane.ok ? "" : " lt-dim"),
                       "data-id": lane.id}, plot);
      sv("rect", {"class": "lt-lane-bg" + (lane.alt ? " lt-alt" : ""), x: 0, y: lane.y, width: W, height: lane.h}, g);
      var mid = lane.y + LANE_H / 2;
      if (lane.span) {
        var sx0 = Math.max(X(lane.span[0]), X0 - 4), sx1 = Math.min(X(lane.span[2]), X1 + 4);
        if (sx1 > sx0) {
          var r = sv("rect", {"class": "lt-inforce" + (lane.span[0] !== lane.span[1] ? " lt-fadein" : ""), x: r2(sx0), y: mid - 4, width: r2(sx1 - sx0), height: 8}, g);
          title(r, "In force" + (lane.span[3] ? " (no end date)" : ""));
        }
      }
      if (lane.k === "p") { drawBars(g, lane, mid); } else { drawMarks(g, lane, mid); }
      var lines = wrap(lane.label, LABEL_W - 16);
      var lt = sv("text", {"class": "lt-lane-label lt-lane-label-" + {a: "act", p: "provision", c: "context"}[lane.k] + (lane.ok ? "" : " lt-dim"),
                           "data-id": lane.id, x: LABEL_W, y: lines.length > 1 ? mid - 2 : mid + 4}, labels);
      title(lt, lane.full);
      lt.appendChild(document.createTextNode(lines[0]));
      if (lines.length > 1) { var ts = sv("tspan", {x: LABEL_W, dy: 12}, lt); ts.textContent = lines[1]; }
    });
    var seen = {}, arrows = sv("g", {"class": "lt-arrows"}, plot);
    Object.keys(drawn).forEach(function (i) {
      (byLane[i] || []).forEach(function (a) {
        var key = a.join(",");
        if (seen[key]) { return; }
        seen[key] = true;
        if (a[0] < view[0] || a[0] > view[1]) { return; }
        var ay = lanes[a[1]].y + LANE_H / 2, py = lanes[a[2]].y + LANE_H / 2, x = r2(X(a[0])), id = entryId(a[3]);
        var y0 = py > ay ? ay + 7 : ay - 7, y1 = py > ay ? py - 9 : py + 9;
        sv("line", {"class": "lt-arrow" + (id && id === hlEntry ? " lt-hl" : ""), "data-t0": a[0], "data-entry": id, x1: x, x2: x, y1: y0, y2: y1,
                    "marker-end": "url(#" + RID + "-arrowhead)"}, arrows);
      });
    });
    // the axis, in its own strip so that it stays in sight when the lanes scroll
    while (axisSvg.firstChild) { axisSvg.removeChild(axisSvg.firstChild); }
    var ax = sv("g", {"class": "lt-axis"}, axisSvg);
    sv("line", {x1: X0, x2: X1, y1: AXIS_H - 1, y2: AXIS_H - 1}, ax);
    tk.forEach(function (t) {
      var x = r2(X(t[0])), tg = sv("g", {"class": "lt-tick", "data-t0": t[0]}, ax);
      sv("line", {x1: x, x2: x, y1: AXIS_H - 6, y2: AXIS_H}, tg);
      sv("text", {x: x, y: AXIS_H - 10}, tg).textContent = t[1];
    });
    svg.setAttribute("data-view", view.map(function (v) { return Math.round(v); }).join(","));
    var whole = view[0] <= domain[0] && view[1] >= domain[1];
    var firstIsWhole = first[0] <= domain[0] && first[1] >= domain[1];
    zall.textContent = whole ? "Back to first view" : "Show all";
    zall.hidden = whole && firstIsWhole;
  }
  var pendingDraw = false;
  function redrawSoon() {
    if (pendingDraw) { return; }
    pendingDraw = true;
    requestAnimationFrame(function () { pendingDraw = false; draw(); });
  }
  box.addEventListener("scroll", function () { if (VIRTUAL) { redrawSoon(); } });
  if (window.ResizeObserver) {
    new ResizeObserver(function () { if (measure()) { W = 0; redrawSoon(); } }).observe(drawing);
  }
  if (window.matchMedia) {
    var pm = window.matchMedia("print");
    var onPrint = function () { if (pm.matches && VIRTUAL) { VIRTUAL = false; draw(); VIRTUAL = true; } };
    if (pm.addEventListener) { pm.addEventListener("change", onPrint); }
  }
  window.addEventListener("beforeprint", function () { if (VIRTUAL) { VIRTUAL = false; draw(); VIRTUAL = true; } });

  // -- zoom and pan ---------------------------------------------------------------------------------------------------
  function zoomTo(a, b) {
    var min = 3, lo = Math.max(domain[0], Math.min(a, b)), hi = Math.min(domain[1], Math.max(a, b));
    if (hi - lo < min) { var c = (lo + hi) / 2; lo = c - min / 2; hi = c + min / 2; }
    view = [lo, hi];
    draw();
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
    draw();
  }
  function showAllOrBack() {
    if (view[0] <= domain[0] && view[1] >= domain[1]) { zoomTo(first[0], first[1]); } else { zoomTo(domain[0], domain[1]); }
  }
  zin.addEventListener("click", function () { zoom(0.5); });
  zout.addEventListener("click", function () { zoom(2); });
  zall.addEventListener("click", showAllOrBack);
  drawing.addEventListener("keydown", function (ev) {
    var k = ev.key;
    if (k === "+" || k === "=") { zoom(0.5); } else if (k === "-" || k === "_") { zoom(2); }
    else if (k === "ArrowLeft") { pan(-0.2); } else if (k === "ArrowRight") { pan(0.2); }
    else if (k === "0" || k === "Home") { zoomTo(domain[0], domain[1]); } else if (k === "Escape") { zoomTo(first[0], first[1]); } else { return; }
    ev.preventDefault();
  });
  function pointerDay(ev) {
    var r = svg.getBoundingClientRect(), ux = (ev.clientX - r.left) * W / r.width;
    return view[0] + (ux - X0) * (view[1] - view[0]) / (X1 - X0);
  }
  svg.addEventListener("wheel", function (ev) {
    if (!ev.ctrlKey && !ev.metaKey) { return; }
    ev.preventDefault();
    zoom(ev.deltaY < 0 ? 0.8 : 1.25, pointerDay(ev));
  }, {passive: false});
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) { drag = {x: ev.clientX, view: view.slice()}; });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag || !(ev.buttons & 1)) { return; }
    var units = ev.clientX - drag.x, days = units * (drag.view[1] - drag.view[0]) / (X1 - X0);
    if (Math.abs(units) < 2) { return; }
    var lo = drag.view[0] - days, hi = drag.view[1] - days;
    if (lo < domain[0]) { hi += domain[0] - lo; lo = domain[0]; }
    if (hi > domain[1]) { lo -= hi - domain[1]; hi = domain[1]; }
    view = [lo, hi];
    redrawSoon();
  });

  // -- highlight and keyboard navigation in the list ---------------------------------------------------------------
  function highlight(id) {
    hlEntry = id || "";
    Array.prototype.forEach.call(svg.querySelectorAll(".lt-hl"), function (e) { e.classList.remove("lt-hl"); });
    if (hlEntry) { Array.prototype.forEach.call(svg.querySelectorAll('[data-entry="' + hlEntry + '"]'), function (e) { e.classList.add("lt-hl"); }); }
  }
  function visibleEntries() { return entries.filter(function (e) { return !e.hidden; }); }
  function setCurrent(li) {  // one Tab stop for the list: the current entry (and its links)
    entries.forEach(function (e) {
      var on = e === li;
      e.setAttribute("tabindex", on ? "0" : "-1");
      Array.prototype.forEach.call(e.querySelectorAll("a"), function (a) { a.setAttribute("tabindex", on ? "0" : "-1"); });
    });
  }
  var current = entries[0] || null;
  function focusEntry(li) { if (current !== li) { setCurrentFast(li); } li.focus(); }
  function setCurrentFast(li) {
    if (current) { current.setAttribute("tabindex", "-1"); Array.prototype.forEach.call(current.querySelectorAll("a"), function (a) { a.setAttribute("tabindex", "-1"); }); }
    current = li;
    li.setAttribute("tabindex", "0");
    Array.prototype.forEach.call(li.querySelectorAll("a"), function (a) { a.setAttribute("tabindex", "0"); });
  }
  if (entries.length) { setCurrent(entries[0]); }
  if (list) {
    list.addEventListener("focusin", function (ev) {
      var li = ev.target.closest ? ev.target.closest(".lt-entry") : null;
      if (!li) { return; }
      if (li !== current) { setCurrentFast(li); }
      var n = entries.indexOf(li), t = n >= 0 ? meta[n].t : null;
      hlEntry = li.id;
      if (VIRTUAL) { scrollToEntry(n); }
      if (t !== null && (t < view[0] || t > view[1])) { var w = view[1] - view[0]; zoomTo(t - w / 2, t + w / 2); } else { highlight(li.id); }
      // a mark folded into a cluster is zoomed into until it stands alone
      for (var k = 0; k < 8 && t !== null && svg.querySelector('.lt-clustered[data-entry="' + li.id + '"]'); k++) {
        var half = (view[1] - view[0]) / 4;
        zoomTo(t - half, t + half);
      }
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
  }
  function scrollToEntry(n) {  // in a large drawing, bring the lane that shows entry n into the scrolling box
    for (var i = 0; i < lanes.length; i++) {
      var lane = lanes[i], hit = lane.marks.some(function (m) { return m[4] === n; }) || lane.bars.some(function (b) { return b[5] === n; });
      if (hit) {
        if (lane.y < box.scrollTop || lane.y + lane.h > box.scrollTop + box.clientHeight) { box.scrollTop = Math.max(0, lane.y - 60); draw(); }
        return;
      }
    }
  }
  svg.addEventListener("click", function (ev) {
    var g = ev.target.closest ? ev.target.closest("[data-entry]") : null;
    var id = g && g.getAttribute("data-entry");
    var li = id && root.querySelector('.lt-entry[id="' + id + '"]');
    if (li && !li.hidden) { focusEntry(li); }
  });

  // -- filters and search ---------------------------------------------------------------------------------------
  function matches(act, tags, text, q) {
    if (actSel.value && act !== actSel.value) { return false; }
    if (tagSel.value && tags.indexOf(tagSel.value) < 0) { return false; }
    return !q || text.toLowerCase().indexOf(q) >= 0;
  }
  function applyFilters() {
    var q = search.value.trim().toLowerCase(), shown = 0;
    entries.forEach(function (li, n) {
      var ok = matches(meta[n].act, meta[n].tags, li.textContent, q);
      if (li.hidden === ok) { li.hidden = !ok; }
      if (ok) { shown++; }
    });
    lanes.forEach(function (lane) {
      lane.ok = lane.k === "c" ? !actSel.value && !tagSel.value : matches(lane.act, lane.tags, lane.full + " " + lane.id, q);
    });
    countOut.textContent = shown + " of " + entries.length + " events shown";
    draw();
    renderState();
  }
  actSel.addEventListener("change", applyFilters);
  tagSel.addEventListener("change", applyFilters);
  search.addEventListener("input", applyFilters);

  // -- state on a date ------------------------------------------------------------------------------------------
  var chronHead = root.querySelector(".lt-chron > h2, .lt-chron > h3");
  var state = el("section", null, "lt-state");
  state.setAttribute("aria-labelledby", RID + "-state-h");
  var sh = el(chronHead ? chronHead.tagName.toLowerCase() : "h3", "State on a date");
  sh.id = RID + "-state-h";
  state.appendChild(sh);
  var dateIn = el("input", null, "lt-state-date");
  dateIn.type = "text";
  dateIn.setAttribute("inputmode", "text");
  dateIn.setAttribute("autocomplete", "off");
  dateIn.setAttribute("spellcheck", "false");
  dateIn.setAttribute("aria-describedby", RID + "-state-hint");
  dateIn.value = words(D.day);
  var dl = el("label", "Day ", "lt-field");
  dl.appendChild(dateIn);
  state.appendChild(dl);
  var hint = el("span", "a day such as " + words(D.day) + " (or written as " + new Date(D.day * 864e5).toISOString().slice(0, 10) + ")", "lt-hint");
  hint.id = RID + "-state-hint";
  state.appendChild(hint);
  var stateOut = el("div", null, "lt-state-out");
  stateOut.setAttribute("aria-live", "polite");
  state.appendChild(stateOut);
  figure.parentNode.insertBefore(state, figure.nextSibling);
  function bisectRight(a, x) { var lo = 0, hi = a.length; while (lo < hi) { var m = (lo + hi) >> 1; if (x < a[m]) { hi = m; } else { lo = m + 1; } } return lo; }
  var STATUS = {definite: "definite", partial: "partial", unresolved: "unresolved"};
  D.provisions.forEach(function (p) { for (var i = 1; i < p.b.length; i++) { p.b[i] += p.b[i - 1]; } });
  function renderState() {
    var t = parseDay(dateIn.value);
    stateOut.textContent = "";
    if (t === null) { stateOut.appendChild(el("p", "Write a day such as " + words(D.day) + ".")); return; }
    var table = el("table"), head = el("tr"), rows = 0, pending = [], q = search.value.trim().toLowerCase();
    var cols = el("colgroup");
    ["provision", "value", "since", "status"].forEach(function (c) { cols.appendChild(el("col", null, "lt-c-" + c)); });
    table.appendChild(cols);
    ["Provision", "Value", "Since", "Status"].forEach(function (x) { var th = el("th", x); th.scope = "col"; head.appendChild(th); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    D.provisions.forEach(function (p) {
      var lane = lanes[p.l];
      if (!matches(lane.act, lane.tags, lane.full + " " + lane.id, q)) { return; }
      var r = D.outcomes[p.o[bisectRight(p.b, t)]];
      var o = {s: ["definite", "partial", "unresolved"][r[0]], f: r[1] === null ? null : r[1] === 1, v: r[2] === null || r[2] === undefined ? null : D.strings[r[2]],
               since: typeof r[3] === "number" ? words(r[3]) : r[3], by: r[4] >= 0 && r[4] !== undefined ? D.acts[r[4]][1] : "",
               cav: (r[5] || []).map(function (i) { return D.strings[i]; }), c: r[6] || [],
               lim: (r[7] || []).map(function (i) { return D.strings[i]; })};
      (p.pending || []).forEach(function (x) { if (x[1] === null || x[1] <= t) { pending.push(x[0]); } });
      if (o.f === false) { return; }
      var tr = el("tr"), th = el("th", lane.full);
      th.scope = "row";
      tr.appendChild(th);
      var val = el("td");
      if (o.s === "definite") { val.appendChild(el("span", o.v)); }
      else {
        val.appendChild(el("span", (o.s === "partial" ? "Partial" : "Unresolved") + " \u2014 one of: ", "lt-unresolved"));
        var ul = el("ul"); o.c.forEach(function (c) { ul.appendChild(el("li", c)); }); val.appendChild(ul);
      }
      (o.lim || []).forEach(function (c) { val.appendChild(el("div", c, "lt-cav")); });
      (o.cav || []).forEach(function (c) { val.appendChild(el("div", c, "lt-cav")); });
      tr.appendChild(val);
      tr.appendChild(el("td", o.since ? o.since + (o.by ? " (" + o.by + ")" : "") : ""));
      tr.appendChild(el("td", STATUS[o.s] || o.s, o.s === "definite" ? "" : "lt-unresolved"));
      body.appendChild(tr);
      rows++;
    });
    table.appendChild(body);
    stateOut.appendChild(el("p", rows + " provision" + (rows === 1 ? " was" : "s were") + " or may have been in force on " + words(t) + "."));
    if (rows) {
      var wrapBox = el("div", null, "lt-table-box");
      wrapBox.appendChild(table);
      stateOut.appendChild(wrapBox);
      if (wrapBox.scrollWidth > wrapBox.clientWidth + 1) {  // scrolls sideways: reachable from the keyboard
        wrapBox.tabIndex = 0; wrapBox.setAttribute("role", "region"); wrapBox.setAttribute("aria-label", "State on " + words(t) + " (scrolls sideways)");
      }
    }
    if (pending.length) {
      stateOut.appendChild(el("p", "Pending (no date of entry into force yet):"));
      var pl = el("ul"); pending.forEach(function (x) { pl.appendChild(el("li", x)); }); stateOut.appendChild(pl);
    }
  }
  dateIn.addEventListener("input", renderState);
  dateIn.addEventListener("change", function () { var t = parseDay(dateIn.value); if (t !== null) { dateIn.value = words(t); } renderState(); });

  applyFilters();
})();
