// Progressive enhancement for a meeting's agenda: "Move up" and "Move down" reorder the items in place instead
// of reloading the page. Without this file the same buttons work as plain forms.
(function () {
  "use strict";

  var agenda = document.getElementById("agenda");
  var status = document.querySelector(".flash-region");
  if (!agenda || !window.fetch || !window.DOMParser) { return; }

  function isMove(form) {
    return /\/agenda\/\d+\/(up|down)$/.test(form.getAttribute("action") || "");
  }

  agenda.addEventListener("submit", function (event) {
    var form = event.target;
    if (!isMove(form)) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    var itemId = form.closest("li").id;
    var direction = /up$/.test(form.getAttribute("action")) ? "up" : "down";
    if (button) { button.disabled = true; }
    fetch(form.getAttribute("action"), { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("move refused"); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("agenda");
        if (!fresh) { throw new Error("no agenda in the answer"); }
        agenda.innerHTML = fresh.innerHTML;
        var moved = document.getElementById(itemId);
        var heading = moved && moved.querySelector("h3");
        var messages = page.querySelector(".flash-region");
        if (status && messages && messages.textContent.trim()) {
          status.innerHTML = messages.innerHTML;  // e.g. the agenda was closed meanwhile
        } else if (status && heading) {
          status.textContent = heading.textContent.replace(/\s+/g, " ").trim();
        }
        // Keep the keyboard where it was: on the same button of the moved item, or its other move button.
        var again = moved && (moved.querySelector("form[action$='/" + direction + "'] button") ||
                              moved.querySelector("form[action$='/up'] button, form[action$='/down'] button"));
        if (again) { again.focus(); }
      })
      .catch(function () { form.submit(); });
  });
})();
