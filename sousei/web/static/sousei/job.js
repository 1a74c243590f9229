// Follows a background job: updates its progress bar and reloads the page once it has ended,
// so the finished state (link to the dataset, or the file's problems) is rendered by the server.
"use strict";
(function () {
  var box = document.querySelector("[data-job]");
  if (!box || box.dataset.jobFinished === "1") return;
  var bar = box.querySelector("progress");
  function poll() {
    fetch(box.dataset.job, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        if (job.status === "succeeded" || job.status === "failed") {
          window.location.reload();
          return;
        }
        if (bar && job.percent !== null) bar.value = job.percent;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
