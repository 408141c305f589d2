// Optional: tapping a region of the drawing ticks its box. The boxes themselves are the
// real controls (keyboard and screen readers use them), so the page works without this file.
"use strict";
document.querySelectorAll(".bodymap .region[data-for]").forEach(function (region) {
  region.addEventListener("click", function () {
    var box = document.getElementById(region.getAttribute("data-for"));
    if (box) { box.click(); box.focus(); }
  });
});
