// Entry grid: Enter moves down the column (Tab already does, one input per row);
// Shift+Enter moves up. Enter on the last cell submits the form.
(function () {
  "use strict";
  const form = document.getElementById("entry-grid");
  if (!form) return;
  const cells = Array.from(form.querySelectorAll("input.entry-cell:not([disabled])"));
  cells.forEach(function (cell, index) {
    cell.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      const next = cells[index + (event.shiftKey ? -1 : 1)];
      if (next) {
        event.preventDefault();
        next.focus();
        next.select();
      }
    });
  });
  const firstError = form.querySelector("input.is-invalid");
  if (firstError) firstError.focus();
})();
