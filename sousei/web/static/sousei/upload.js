// Sends an upload form by XHR so staff see the transfer's progress, then follows the answer:
// the dataset page, the background job's page, or the file's problems shown in place.
"use strict";
(function () {
  function showError(form, body) {
    var box = form.querySelector("[data-upload-error]");
    box.textContent = "";
    var error = body && body.error;
    var p = document.createElement("p");
    p.textContent = error ? error.message : form.dataset.msgFailed;
    box.appendChild(p);
    var list = document.createElement("ul");
    (error && error.details ? error.details : []).slice(0, 20).forEach(function (d) {
      var li = document.createElement("li");
      var where = [d.row ? "#" + d.row : "", d.column_name || d.field || ""].join(" ").trim();
      var lang = document.documentElement.lang === "en" ? "en" : "ja";
      li.textContent = (where ? where + ": " : "") + (d["message_" + lang] || "");
      list.appendChild(li);
    });
    Object.keys((error && error.fields) || {}).forEach(function (name) {
      var li = document.createElement("li");
      var input = form.querySelector("[name='" + name + "']");
      var label = input && input.id ? form.querySelector("label[for='" + input.id + "']") : null;
      li.textContent = (label ? label.textContent.trim() : name) + ": " + error.fields[name].join(" ");
      list.appendChild(li);
    });
    if (list.children.length) box.appendChild(list);
    box.hidden = false;
    box.focus();
  }

  function send(form, event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var wrap = form.querySelector("[data-upload-progress]");
    var bar = wrap.querySelector("progress");
    var status = wrap.querySelector("[data-upload-status]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.round((100 * e.loaded) / e.total);
      bar.value = percent;
      status.textContent = percent < 100 ? form.dataset.msgSending + " " + percent + "%" : form.dataset.msgReading;
    });
    xhr.addEventListener("load", function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      if (xhr.status < 400 && body && body.redirect) {
        window.location.assign(body.redirect);
        return;
      }
      wrap.hidden = true;
      button.disabled = false;
      showError(form, body);
    });
    xhr.addEventListener("error", function () {
      wrap.hidden = true;
      button.disabled = false;
      showError(form, null);
    });
    form.querySelector("[data-upload-error]").hidden = true;
    wrap.hidden = false;
    button.disabled = true;
    xhr.send(new FormData(form));
  }

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.querySelector("[data-upload-error]").setAttribute("tabindex", "-1");
    form.addEventListener("submit", function (event) { send(form, event); });
  });
})();
