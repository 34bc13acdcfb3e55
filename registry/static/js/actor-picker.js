/* Type-ahead picking of an actor (templates/_actor_picker.html) with
 * typeahead.js: choosing a hit fills the single add form (its action and
 * field names) instead of reloading the page. Without JavaScript the search
 * form reloads the page with the hits.
 */
(function () {
  "use strict";

  function setup(search) {
    var input = search.querySelector("[role=combobox]");
    var form = document.getElementById(search.getAttribute("data-picker-form"));

    function choose(hit) {
      form.action = hit.add_url;
      Array.prototype.forEach.call(form.querySelectorAll("[name*='__id__'], [id*='__id__'], [for*='__id__']"), function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && value.indexOf("__id__") >= 0) {
            el.setAttribute(attr, value.split("__id__").join(hit.id));
          }
        });
      });
      form.querySelector("[data-picker-name]").textContent = hit.name;
      Array.prototype.forEach.call(form.querySelectorAll("label .visually-hidden"), function (span) {
        span.textContent = " (" + hit.name + ")";
      });
      form.hidden = false;
      var first = form.querySelector("select, input:not([type=hidden])");
      if (first) { first.focus(); }
    }

    window.registryTypeahead({
      input: input, list: document.getElementById(input.getAttribute("aria-controls")),
      status: search.querySelector("[aria-live]"), url: search.getAttribute("data-picker-url"),
      texts: {count: search.getAttribute("data-text-count"), none: search.getAttribute("data-text-none"),
              more: search.getAttribute("data-text-more")},
      idPrefix: "suche-treffer-", choose: choose,
    });
    form.querySelector("[data-picker-cancel]").addEventListener("click", function () {
      // A fresh form for the next pick: back to the placeholder names.
      window.location.reload();
    });
  }

  document.querySelectorAll("[data-picker-url]").forEach(setup);
}());
