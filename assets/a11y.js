/*
 * urban-twin accessibility repairs of markup the page gets from elsewhere (axe-core with the
 * WCAG 2.1 A/AA rules finds none left: tests/e2e/test_accessibility_browser.py).
 *
 * - Dash 4.4.1's dcc.Checklist draws every option as <label role="option" aria-selected> around a
 *   native <input type="checkbox">, inside a role="listbox": an interactive role wrapped around an
 *   interactive control (axe "nested-interactive", serious). A checkbox in its label needs no role,
 *   so these roles come off the layer checklists (class "toggles", viewer/layout.py) and a screen
 *   reader meets plain checkboxes. React puts aria-selected back when a box is ticked: a
 *   MutationObserver takes it off again.
 * - A box that scrolls must be reachable by keyboard (axe "scrollable-region-focusable",
 *   serious): compare's side legends (class "side-legend") get tabindex="0"; they carry a label.
 *
 * Stand-alone: it watches the document and needs nothing from the other scripts.
 */
(function () {
  "use strict";

  function repair(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll(".toggles[role='listbox']").forEach(function (node) { node.removeAttribute("role"); });
    root.querySelectorAll(".toggles label[role='option'], .toggles label[aria-selected]").forEach(function (node) {
      node.removeAttribute("role");
      node.removeAttribute("aria-selected");
    });
    root.querySelectorAll(".side-legend:not([tabindex])").forEach(function (node) { node.setAttribute("tabindex", "0"); });
  }

  function start() {
    repair(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        repair(mutation.type === "attributes" ? mutation.target.parentNode || document : mutation.target);
      });
    }).observe(document.body, { subtree: true, childList: true, attributes: true,
                                attributeFilter: ["role", "aria-selected"] });
  }

  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
