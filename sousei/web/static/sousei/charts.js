// Turns a server-drawn SVG chart into a PNG download, so a chart can go into a report or slide.
// The SVG is drawn on a white canvas at twice its size (sharp when printed). Vanilla JS with no
// dependency and no inline handler, so it works under a strict Content-Security-Policy; without
// JavaScript the chart, its table and the CSV link still work.
"use strict";
(function () {
  var SCALE = 2;

  function size(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    var rect = svg.getBoundingClientRect();
    var width = box && box.width ? box.width : rect.width;
    var height = box && box.height ? box.height : rect.height;
    var grow = Math.max(1, rect.width / width);  // never smaller than on screen
    return { width: Math.round(width * grow), height: Math.round(height * grow) };
  }

  // A standalone copy: explicit size and the font the page actually uses, because an SVG drawn
  // as an image sees neither the page's stylesheet nor its computed styles.
  function standalone(svg, dims) {
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    copy.setAttribute("width", String(dims.width));
    copy.setAttribute("height", String(dims.height));
    copy.setAttribute("font-family", window.getComputedStyle(svg).fontFamily);
    return new XMLSerializer().serializeToString(copy);
  }

  function save(blob, filename) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  function toPng(svg, filename, done) {
    var dims = size(svg);
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = dims.width * SCALE;
      canvas.height = dims.height * SCALE;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        if (blob) { save(blob, filename); }
        done(Boolean(blob));
      }, "image/png");
    };
    image.onerror = function () { done(false); };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(standalone(svg, dims));
  }

  function wire(figure) {
    var svg = figure.querySelector("svg");
    var button = figure.querySelector("[data-chart-png]");
    if (!svg || !button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var name = (button.getAttribute("data-filename") || figure.id || "chart") + ".png";
      button.disabled = true;
      toPng(svg, name, function () { button.disabled = false; });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.chart"), wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
