// Progressive enhancement for ideas: everything works without this file.
(function () {
  "use strict";

  // While the title is typed, show ideas that look similar (the preview step shows them without script).
  var similarBox = document.getElementById("similar-ideas");
  var titleInput = document.getElementById("title");
  if (similarBox && titleInput && window.fetch) {
    var timer = null;
    var lastTitle = "";
    titleInput.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var title = titleInput.value.trim();
        if (title === lastTitle) { return; }
        lastTitle = title;
        if (title.length < 3) { similarBox.innerHTML = ""; return; }
        var url = similarBox.getAttribute("data-similar-url") + "?title=" + encodeURIComponent(title);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { similarBox.innerHTML = html; })
          .catch(function () { similarBox.innerHTML = ""; });
      }, 400);
    });
  }

  // Support and withdraw without reloading the page.
  document.querySelectorAll("form[data-support-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var button = form.querySelector("button");
      // Not `disabled`: that would drop a keyboard user's focus. Repeated presses are ignored instead.
      if (form.getAttribute("aria-busy") === "true") { return; }
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (result) {
        var supported = result.supported;
        form.action = form.getAttribute(supported ? "data-withdraw-url" : "data-support-url");
        button.textContent = form.getAttribute(supported ? "data-withdraw-label" : "data-support-label");
        button.setAttribute("aria-pressed", supported ? "true" : "false");
        var count = document.querySelector("[data-support-count]");
        if (count) { count.textContent = result.count_text; }
      }).catch(function () {
        form.submit();  // let the server answer with a full page
      }).finally(function () {
        form.removeAttribute("aria-busy");
      });
    });
  });
}());
