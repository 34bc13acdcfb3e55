// Actor form: the sector select only counts when neither the kind (Jugendamt)
// nor a Träger decides it, so it is switched off then. The server applies the
// same rule; this only spares people a choice that would be ignored.
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var operator = document.getElementById("operator");
  var sector = document.getElementById("sector");
  if (!kind || !operator || !sector) { return; }
  function update() {
    var decided = kind.value === "jugendamt" || operator.value !== "";
    sector.disabled = decided;
  }
  kind.addEventListener("change", update);
  operator.addEventListener("change", update);
  update();
}());
