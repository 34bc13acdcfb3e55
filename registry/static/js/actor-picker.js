/* Type-ahead picking of an actor (templates/_actor_picker.html): while the
 * user types, the page's JSON search endpoint is asked (same rights as the
 * page); the hits form an ARIA listbox under the field; choosing one fills
 * the single add form (its action and field names) instead of reloading the
 * page. Names are set with textContent only. Without JavaScript the search
 * form reloads the page with the hits.
 */
(function () {
  "use strict";

  function setup(search) {
    var input = search.querySelector("[role=combobox]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = search.querySelector("[aria-live]");
    var form = document.getElementById(search.getAttribute("data-picker-form"));
    var url = search.getAttribute("data-picker-url");
    var results = [], active = -1, timer = null, asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(index) {
      var items = list.querySelectorAll("[role=option]");
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({block: "nearest"});
      }
    }

    function choose(hit) {
      close();
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

    function show(data) {
      results = data.results;
      list.textContent = "";
      results.forEach(function (hit, i) {
        var li = document.createElement("li");
        li.id = "suche-treffer-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "picker-list__name";
        name.textContent = hit.name;
        var about = document.createElement("span");
        about.className = "picker-list__about";
        about.textContent = [hit.kind, hit.area].filter(Boolean).join(" · ");
        li.appendChild(name);
        li.appendChild(about);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(hit); });
        list.appendChild(li);
      });
      var text = results.length ? results.length + " " + search.getAttribute("data-text-count") :
        search.getAttribute("data-text-none");
      if (data.more) { text += ". " + search.getAttribute("data-text-more"); }
      status.textContent = text;
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "picker-list__none";
        none.textContent = search.getAttribute("data-text-none");
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function ask() {
      var text = input.value.trim();
      if (!text) { close(); return; }
      var ticket = ++asked;
      fetch(url + "?q=" + encodeURIComponent(text), {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {results: [], more: false}; })
        .then(function (data) { if (ticket === asked) { show(data); } });
    }

    input.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); mark(Math.min(active + 1, results.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(results[active]); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    form.querySelector("[data-picker-cancel]").addEventListener("click", function () {
      // A fresh form for the next pick: back to the placeholder names.
      window.location.reload();
    });
  }

  document.querySelectorAll("[data-picker-url]").forEach(setup);
}());
