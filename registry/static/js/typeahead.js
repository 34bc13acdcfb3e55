/* The type-ahead both pickers share (actor-picker.js: network members;
 * pick.js: Träger fields and filter): while the user types into the
 * combobox input, the JSON endpoint (same rights as the page) is asked; the
 * hits form an ARIA listbox under the field; arrow keys, Enter and Escape
 * work. ``choose(hit)`` does what picking means for the page. Names are set
 * with textContent only.
 *
 *   window.registryTypeahead({input, list, status, url, texts: {count, none, more},
 *                             idPrefix, choose})
 */
(function () {
  "use strict";

  window.registryTypeahead = function (o) {
    var input = o.input, list = o.list, status = o.status;
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

    function pick(hit) {
      close();
      o.choose(hit);
    }

    function show(data) {
      results = data.results;
      list.textContent = "";
      results.forEach(function (hit, i) {
        var li = document.createElement("li");
        li.id = o.idPrefix + i;
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
        li.addEventListener("mousedown", function (event) { event.preventDefault(); pick(hit); });
        list.appendChild(li);
      });
      var text = results.length ? results.length + " " + o.texts.count : o.texts.none;
      if (data.more) { text += ". " + o.texts.more; }
      status.textContent = text;
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "picker-list__none";
        none.textContent = o.texts.none;
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
      fetch(o.url + "?q=" + encodeURIComponent(text), {credentials: "same-origin", headers: {Accept: "application/json"}})
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
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); pick(results[active]); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  };
}());
