// «Обзор региона» live: follows the overview's event stream (the session cookie signs it) and,
// when a tenant's figures advance past those shown, reloads the tables in place. Without
// JavaScript the page still works: the «Обновить страницу» link.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var shown = JSON.parse(live.getAttribute("data-positions") || "{}");
  var status = document.getElementById("live-status");
  var pending = null;
  var PARTS = ["municipalities", "indicators", "trends"];

  function refresh() {
    pending = null;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        PARTS.forEach(function (id) {
          var now = document.getElementById(id), next = fresh.getElementById(id);
          if (now && next) { now.replaceWith(document.importNode(next, true)); }
        });
        var nextLive = fresh.getElementById("live");
        if (nextLive) { shown = JSON.parse(nextLive.getAttribute("data-positions") || "{}"); }
        live.setAttribute("data-positions", JSON.stringify(shown));
        status.textContent = "Данные обновлены: " + new Date().toLocaleTimeString("ru-RU") + ".";
      })
      .catch(function () { status.textContent = "Не удалось обновить данные: обновите страницу."; });
  }

  var source = new EventSource(live.getAttribute("data-stream"));
  source.addEventListener("overview-changed", function (message) {
    var change = JSON.parse(message.data);
    if (change.position > (shown[change.tenant] || 0) && pending === null) {
      pending = window.setTimeout(refresh, 500);
    }
  });
  live.setAttribute("data-live", "on");
})();
