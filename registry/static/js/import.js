// Import progress (templates/exchange/job.html): polls the job's JSON
// endpoint and moves the progress bar; reloads the page once the step is
// done. Without JavaScript the page refreshes itself (<noscript> meta).
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector(".import-progress__text");

  function show(state) {
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
      text.textContent = state.done + " von " + state.total + " Schreibvorgängen (" + state.percent + " %)";
    }
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (!state.running) { window.location.reload(); return; }
        show(state);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 500);
}());
