// Live preview while writing a story: a pause in typing asks the server to render the text
// (the same "preview" the button gives, nothing saved) and shows it under the form.
"use strict";
(function () {
  var body = document.querySelector("[data-story-body]");
  var box = document.querySelector("[data-story-live]");
  if (!body || !box) return;
  var form = body.form;
  var timer = null;
  function render() {
    var data = new FormData(form);
    data.set("action", "preview");
    // form.action would be the buttons named "action"; the form posts to its own page
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
    })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var preview = page.querySelector(".story-preview .prose");
        if (preview) {
          box.replaceChildren.apply(box, Array.from(preview.childNodes));
          box.hidden = false;
        }
      })
      .catch(function () {});
  }
  body.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(render, 800);
  });
})();
