// Turns a server-drawn SVG chart into a PNG download: the SVG is drawn on a canvas at twice
// its size on white, so a chart pasted into a report or slide stays sharp.
"use strict";
(function () {
  function download(figure, button) {
    var svg = figure.querySelector("svg");
    var box = svg.viewBox.baseVal;
    var scale = 2;
    var source = new XMLSerializer().serializeToString(svg);
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = box.width * scale;
      canvas.height = box.height * scale;
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = (button.dataset.filename || "chart") + ".png";
        document.body.appendChild(link);
        link.click();
        link.remove();
        window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(source);
  }
  document.querySelectorAll("figure.chart [data-chart-png]").forEach(function (button) {
    button.addEventListener("click", function () { download(button.closest("figure"), button); });
  });
})();
