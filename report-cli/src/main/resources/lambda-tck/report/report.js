// lambda-tck report.html filters: inlined into the page. Without JavaScript every rule stays visible.
// State lives in the URL fragment (#outcome=FAIL&level=MUST&capability=core&q=NEXT) so a link or a
// headless browser can apply a filter; hidden rows get class "filtered-out" and data-filtered="out".
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var keys = ["outcome", "level", "capability", "q"];
  var controls = {};
  keys.forEach(function (k) { controls[k] = form.elements.namedItem(k); });
  var rules = Array.prototype.slice.call(document.querySelectorAll("details.rule"));
  var chapters = Array.prototype.slice.call(document.querySelectorAll("section.chapter"));
  var shown = document.getElementById("shown");
  form.hidden = false;

  function values(k) {
    var v = (controls[k].value || "").trim();
    if (!v) return [];
    return k === "q" ? [v.toLowerCase()] : v.split(",");
  }

  function matches(el, f) {
    if (f.outcome.length && f.outcome.indexOf(el.getAttribute("data-outcome")) < 0) return false;
    if (f.level.length && f.level.indexOf(el.getAttribute("data-level")) < 0) return false;
    if (f.capability.length && f.capability.indexOf(el.getAttribute("data-capability")) < 0) return false;
    if (f.q.length) {
      var text = (el.getAttribute("data-id") + " " + el.getAttribute("data-title")).toLowerCase();
      if (text.indexOf(f.q[0]) < 0) return false;
    }
    return true;
  }

  function mark(el, visible) {
    if (visible) { el.classList.remove("filtered-out"); el.removeAttribute("data-filtered"); }
    else { el.classList.add("filtered-out"); el.setAttribute("data-filtered", "out"); }
  }

  function apply() {
    var f = {};
    keys.forEach(function (k) { f[k] = values(k); });
    var n = 0;
    rules.forEach(function (el) { var ok = matches(el, f); mark(el, ok); if (ok) n++; });
    chapters.forEach(function (c) { mark(c, c.querySelector("details.rule:not(.filtered-out)") !== null); });
    if (shown) shown.textContent = "showing " + n + " of " + rules.length + " rules";
  }

  function toFragment() {
    var parts = [];
    keys.forEach(function (k) {
      var v = (controls[k].value || "").trim();
      if (v) parts.push(k + "=" + encodeURIComponent(v));
    });
    return parts.join("&");
  }

  function setControl(k, v) {
    var c = controls[k];
    if (c.tagName === "SELECT" && v && !Array.prototype.some.call(c.options, function (o) { return o.value === v; })) {
      var o = document.createElement("option");
      o.value = v; o.textContent = v.split(",").join(" or ");
      c.appendChild(o);
    }
    c.value = v;
  }

  function fromFragment() {
    var h = window.location.hash.replace(/^#/, "");
    if (h.indexOf("=") < 0) {
      // a plain anchor (#rule-RT-NEXT-001): open that rule
      var target = h && document.getElementById(h);
      if (target && target.tagName === "DETAILS") target.open = true;
      return false;
    }
    var seen = {};
    h.split("&").forEach(function (p) {
      var i = p.indexOf("=");
      if (i < 0) return;
      var k = p.slice(0, i), v;
      try { v = decodeURIComponent(p.slice(i + 1).replace(/\+/g, " ")); } catch (e) { v = p.slice(i + 1); }
      if (keys.indexOf(k) >= 0) { seen[k] = true; setControl(k, v); }
    });
    keys.forEach(function (k) { if (!seen[k]) controls[k].value = ""; });
    return true;
  }

  function onChange() {
    apply();
    try { history.replaceState(null, "", "#" + toFragment()); } catch (e) { /* file:// in some browsers */ }
  }

  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  form.addEventListener("submit", function (e) { e.preventDefault(); onChange(); });
  form.addEventListener("reset", function () { setTimeout(onChange, 0); });
  window.addEventListener("hashchange", function () { fromFragment(); apply(); });
  fromFragment();
  apply();
}());
