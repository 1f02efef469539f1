// A new agenda row starts on the day of the row above it, when that row ends, and lasts as long.
// Without this script, the server proposes the same for the empty row it adds.
"use strict";
(function () {
  function minutes(value) {
    const match = /^(\d{1,2}):(\d{2})/.exec(value || "");
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  }
  function clock(total) {
    const capped = Math.min(total, 23 * 60 + 59);
    return String(Math.floor(capped / 60)).padStart(2, "0") + ":" + String(capped % 60).padStart(2, "0");
  }
  function field(row, name) {
    return row.querySelector('input[name$="-' + name + '"]');
  }
  document.addEventListener("formset:added", function (event) {
    const row = event.target;
    if (!row.closest(".agenda-table")) {
      return;
    }
    let previous = row.previousElementSibling;
    while (previous && !(field(previous, "end") && field(previous, "end").value)) {
      previous = previous.previousElementSibling;
    }
    if (!previous) {
      return;
    }
    const start = minutes(field(previous, "start").value);
    const end = minutes(field(previous, "end").value);
    field(row, "day").value = field(previous, "day").value;
    field(row, "start").value = field(previous, "end").value;
    if (start !== null && end !== null && end > start) {
      field(row, "end").value = clock(end + (end - start));
    }
  });
})();
