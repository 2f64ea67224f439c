// Visitor preferences that must apply before the first paint: large text (remembered in this
// browser), and the `js` class that reveals buttons which need scripts. Also moves the keyboard
// focus with in-page links such as 「本文へ移動」: the site's router handles their clicks, and
// without this the next Tab would start again at the top of the page.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var KEY = "caremap-large-text";
  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function apply(on) {
    root.classList.toggle("large-text", on);
    document.querySelectorAll("[data-text-size-toggle]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(on));
      var en = root.lang === "en";
      b.textContent = on ? (en ? "Normal text" : "文字を標準に") : (en ? "Larger text" : "文字を大きく");
    });
  }
  root.classList.toggle("large-text", stored());
  document.addEventListener("DOMContentLoaded", function () { apply(stored()); });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-text-size-toggle]");
    if (!b) return;
    var on = !root.classList.contains("large-text");
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (err) { /* private mode */ }
    apply(on);
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href^='#']");
    var target = a && document.getElementById(a.getAttribute("href").slice(1));
    if (target) target.focus({ preventScroll: true });
  }, true);
})();
