/* Type-ahead for a select that cannot list every candidate (Träger and
 * Dachverband of the actor form, every area field and filter), with
 * typeahead.js: the text field [data-pick-url] next to the select searches;
 * choosing a hit adds it to the select (data-pick-select) and selects it.
 * A field of several areas is a list of checkboxes instead
 * (ul[data-pick-name]): the hit is added there, ticked.
 * Without JavaScript the text field is resolved by name or id on the server
 * (German message when ambiguous).
 */
(function () {
  "use strict";
  var counter = 0;

  function setup(input) {
    var select = document.getElementById(input.getAttribute("data-pick-select"));
    if (!select) { return; }
    var list = document.createElement("ul");
    list.id = input.id + "-treffer";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    // The hits open right below the field this input stands in.
    input.parentNode.classList.add("picker-field");
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.insertBefore(status, list.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function tick(hit) {
      var box = Array.prototype.find.call(select.querySelectorAll("input"), function (i) { return i.value === hit.id; });
      if (!box) {
        var item = document.createElement("li");
        item.className = "field--check";
        box = document.createElement("input");
        box.type = "checkbox";
        box.name = select.getAttribute("data-pick-name");
        box.value = hit.id;
        box.id = select.id + "-neu" + (++counter);
        var label = document.createElement("label");
        label.htmlFor = box.id;
        label.textContent = hit.name;
        item.appendChild(box);
        item.appendChild(label);
        select.appendChild(item);
      }
      box.checked = true;
      return box;
    }

    function choose(hit) {
      if (select.tagName !== "SELECT") {
        var box = tick(hit);
        input.value = "";
        status.textContent = hit.name + " " + input.getAttribute("data-text-chosen");
        box.focus();
        return;
      }
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === hit.id; });
      if (!option) {
        option = document.createElement("option");
        option.value = hit.id;
        option.textContent = hit.name;
        select.appendChild(option);
      }
      select.value = hit.id;
      select.dispatchEvent(new Event("change"));
      input.value = "";
      status.textContent = hit.name + " " + input.getAttribute("data-text-chosen");
      select.focus();
    }

    window.registryTypeahead({
      input: input, list: list, status: status, url: input.getAttribute("data-pick-url"),
      texts: {count: input.getAttribute("data-text-count"), none: input.getAttribute("data-text-none"),
              more: input.getAttribute("data-text-more")},
      idPrefix: "pick" + (++counter) + "-", choose: choose,
    });
  }

  document.querySelectorAll("[data-pick-url]").forEach(setup);
}());
