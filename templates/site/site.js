/* tomc site: plateau switcher, search, rule anchors, journey widths, live reload. No requests leave the page. */
(function () {
  "use strict";

  // Paints every capability of `map`: by maturity or sourcing at `plateau`, or by the
  // uplift to the target (`mode` "gap"); with `compare`, the level at that plateau is
  // shown beside this one's ("1 → 3").
  function paintCaps(map, plateau, mode, compare) {
    map.querySelectorAll(".cap").forEach(function (cap) {
      var cls = Array.prototype.filter.call(cap.classList, function (c) {
        return c.indexOf("m-") !== 0 && c.indexOf("u-") !== 0 && c.indexOf("s-") !== 0 && c !== "moved";
      });
      var text;
      if (mode === "gap") {
        var u = parseInt(cap.getAttribute("data-uplift"), 10) || 0;
        cls.push(u < 0 ? "u-down" : "u-" + Math.min(u, 4));
        text = cap.getAttribute("data-uplift-text");
      } else if (mode === "sourcing") {
        var s = cap.getAttribute("data-s-" + plateau) || "none";
        cls.push("s-" + s);
        text = s === "none" ? "" : s;
      } else {
        var v = cap.getAttribute("data-m-" + plateau) || "none";
        cls.push("m-" + v);
        text = v === "none" ? "" : v;
        if (compare) {
          var was = cap.getAttribute("data-m-" + compare) || "none";
          if (was !== v) {
            cls.push("moved");
            text = (was === "none" ? "–" : was) + " → " + (v === "none" ? "–" : v);
          }
        }
      }
      cap.className = cls.join(" ");
      var score = cap.querySelector(":scope > .cap-head > .cap-score");
      if (score) score.textContent = text;
    });
    map.setAttribute("data-mode", mode === "gap" ? "gap" : mode + "-" + plateau);
  }

  function heatmap() {
    var map = document.getElementById("heatmap");
    var switcher = document.getElementById("plateau-switcher");
    if (!map || !switcher) return;
    var buttons = switcher.querySelectorAll("button");
    var colours = document.querySelectorAll("#colour-switcher button");
    var state = { plateau: map.getAttribute("data-target"), colour: "maturity", gap: false };
    function press(group, on) {
      group.forEach(function (o) { o.setAttribute("aria-pressed", o === on ? "true" : "false"); });
    }
    function repaint() {
      paintCaps(map, state.plateau, state.gap ? "gap" : state.colour);
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        press(buttons, b);
        state.gap = b.getAttribute("data-mode") === "gap";
        if (!state.gap) state.plateau = b.getAttribute("data-plateau");
        repaint();
      });
    });
    colours.forEach(function (b) {
      b.addEventListener("click", function () {
        press(colours, b);
        state.colour = b.getAttribute("data-colour");
        if (state.gap) {
          // Sourcing and maturity are shown at a plateau: leave the gap for the last one.
          state.gap = false;
          var last = switcher.querySelector('button[data-plateau="' + state.plateau + '"]');
          press(buttons, last);
        }
        repaint();
      });
    });
    compare(map);
  }

  // The side by side: the heat map twice, at the two plateaus the selects name, the
  // second marking each level that moved ("1 → 3").
  function compare(map) {
    var section = document.getElementById("heatmap-compare");
    if (!section) return;
    var before = document.getElementById("compare-before");
    var after = document.getElementById("compare-after");
    var panes = section.querySelectorAll("[data-pane]");
    panes.forEach(function (pane) {
      var copy = map.cloneNode(true);
      copy.removeAttribute("id");
      copy.classList.add("heatmap-small");
      pane.appendChild(copy);
    });
    function repaint() {
      paintCaps(panes[0].querySelector(".heatmap"), before.value, "maturity");
      paintCaps(panes[1].querySelector(".heatmap"), after.value, "maturity", before.value);
      panes[0].querySelector(".pane-title").textContent = before.options[before.selectedIndex].text;
      panes[1].querySelector(".pane-title").textContent = after.options[after.selectedIndex].text;
    }
    before.addEventListener("change", repaint);
    after.addEventListener("change", repaint);
    section.hidden = false;
    repaint();
  }

  // A group of buttons ([data-views=ID]) that shows one panel ([data-view-panel]) of
  // the element ID at a time. Without the script every panel shows, under its heading.
  function viewSwitchers() {
    document.querySelectorAll("[data-views]").forEach(function (group) {
      var holder = document.getElementById(group.getAttribute("data-views"));
      if (!holder) return;
      var buttons = group.querySelectorAll("button[data-view]");
      function show(view) {
        buttons.forEach(function (b) {
          b.setAttribute("aria-pressed", b.getAttribute("data-view") === view ? "true" : "false");
        });
        holder.querySelectorAll(":scope > [data-view-panel]").forEach(function (panel) {
          panel.hidden = panel.getAttribute("data-view-panel") !== view;
        });
        holder.setAttribute("data-view", view);
      }
      buttons.forEach(function (b) {
        b.addEventListener("click", function () { show(b.getAttribute("data-view")); });
      });
      var first = group.querySelector('button[aria-pressed="true"]') || buttons[0];
      if (first) show(first.getAttribute("data-view"));
    });
  }

  // Journey pages and the omnichannel matrix: one view per plateau, one shown at a time.
  function plateauViews(switcherId, selector) {
    var switcher = document.getElementById(switcherId);
    if (!switcher) return null;
    var buttons = switcher.querySelectorAll("button");
    var views = document.querySelectorAll(selector);
    function show(plateau) {
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", b.getAttribute("data-plateau") === plateau ? "true" : "false");
      });
      views.forEach(function (v) { v.hidden = v.getAttribute("data-plateau") !== plateau; });
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { show(b.getAttribute("data-plateau")); });
    });
    var pressed = switcher.querySelector("button[aria-pressed=true]");
    if (pressed) show(pressed.getAttribute("data-plateau"));
    return switcher;
  }

  // Journey page: one view per plateau, one shown at a time; two plateaus compared.
  function journeyViews() {
    plateauViews("channel-switcher", ".channel-view");
    var switcher = plateauViews("journey-switcher", ".journey-view");
    if (!switcher) return;
    var controls = document.getElementById("compare-controls");
    var before = document.getElementById("compare-before");
    var after = document.getElementById("compare-after");
    if (!controls || !before || !after) return;
    controls.hidden = false;
    var comparisons = document.querySelectorAll(".comparison");
    var none = document.getElementById("compare-none");
    function compare() {
      var found = false;
      comparisons.forEach(function (c) {
        var match = c.getAttribute("data-before") === before.value && c.getAttribute("data-after") === after.value;
        c.hidden = !match;
        found = found || match;
      });
      none.hidden = found;
    }
    before.addEventListener("change", compare);
    after.addEventListener("change", compare);
    compare();
  }

  function ruleAnchor() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el && el.tagName === "DETAILS") el.open = true;
  }

  window.tomcSearch = function () {
    var input = document.getElementById("search-input");
    var results = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var index = window.TOMC_SEARCH || [];
    var root = document.body.getAttribute("data-root") || "";
    function run() {
      var q = input.value.trim().toLowerCase();
      results.textContent = "";
      if (!q) { status.textContent = index.length + " elements"; return; }
      var words = q.split(/\s+/);
      var hits = [];
      index.forEach(function (e) {
        var hay = [e.id, e.name, e.kind, e.tags.join(" "), e.description].join(" ").toLowerCase();
        if (!words.every(function (w) { return hay.indexOf(w) !== -1; })) return;
        var score = (e.id === q ? 0 : e.id.indexOf(q) === 0 ? 1 : e.name.toLowerCase().indexOf(q) !== -1 ? 2 : 3);
        hits.push([score, e]);
      });
      hits.sort(function (a, b) { return a[0] - b[0] || (a[1].id < b[1].id ? -1 : 1); });
      status.textContent = hits.length + " match" + (hits.length === 1 ? "" : "es");
      hits.slice(0, 200).forEach(function (h) {
        var e = h[1];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + e.url;
        a.textContent = e.name;
        var id = document.createElement("code");
        id.textContent = e.id;
        var kind = document.createElement("span");
        kind.className = "tag";
        kind.textContent = e.kind;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(id);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(kind);
        if (e.description) {
          var d = document.createElement("div");
          d.className = "muted";
          d.textContent = e.description;
          li.appendChild(d);
        }
        results.appendChild(li);
      });
    }
    var params = new URLSearchParams(location.search);
    if (params.get("q")) input.value = params.get("q");
    input.addEventListener("input", run);
    run();
    input.focus();
  };

  window.tomcLiveReload = function () {
    var seen = null;
    function poll() {
      var req = new XMLHttpRequest();
      req.open("GET", "/__tomc/version");
      req.onload = function () {
        if (req.status === 200) {
          if (seen !== null && req.responseText !== seen) location.reload();
          seen = req.responseText;
        }
        setTimeout(poll, 700);
      };
      req.onerror = function () { setTimeout(poll, 2000); };
      req.send();
    }
    poll();
  };

  // The pages carry no inline style (the Content-Security-Policy allows none): a
  // journey's width per stage is set here, through the style object, which it allows.
  function stageWidths() {
    document.querySelectorAll("table[data-stages]").forEach(function (t) {
      t.style.setProperty("--stages", t.getAttribute("data-stages"));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    stageWidths();
    if (document.body.hasAttribute("data-live-reload")) window.tomcLiveReload();
    heatmap();
    viewSwitchers();
    journeyViews();
    ruleAnchor();
    if (document.getElementById("search-input")) window.tomcSearch();
  });
  window.addEventListener("hashchange", ruleAnchor);
})();
