// Allocation page: the sum of the offices' allocations, and the warning when it differs from the province plan,
// kept up to date as the manager types. Without JavaScript the server shows both after saving.
(function () {
  "use strict";
  const form = document.getElementById("allocation-form");
  if (!form) return;
  const lang = document.documentElement.lang || "vi";
  const grouping = lang === "vi" ? /[.\s]/g : /[,\s]/g; // "4.080" in Vietnamese, "4,080" in English
  const numbers = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: 0 });
  const cells = Array.from(form.querySelectorAll("input.plan-cell"));
  const sum = document.getElementById("allocation-sum");
  const warning = document.getElementById("allocation-warning");
  const difference = document.getElementById("allocation-difference");
  const planText = document.getElementById("province-plan").dataset.plan;
  const plan = planText === "" ? null : Number(planText);

  function valueOf(cell) {
    const text = cell.value.replace(grouping, "");
    return /^[0-9]+$/.test(text) ? Number(text) : 0;
  }

  function update() {
    const total = cells.reduce(function (acc, cell) { return acc + valueOf(cell); }, 0);
    sum.textContent = numbers.format(total);
    if (plan === null) return;
    warning.hidden = total === plan;
    difference.textContent = numbers.format(total - plan);
  }

  cells.forEach(function (cell) { cell.addEventListener("input", update); });
})();
