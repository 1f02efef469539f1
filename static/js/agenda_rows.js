// Proposals for the agenda table; the organizer may change each of them, and without this script the
// server proposes the same for the empty row it adds.
// - A new row starts on the day of the row above it, when that row ends, and lasts as long.
// - The first row starts when the event starts, once its start is typed in.
// - A row put into a block takes the block's day and start when its own times do not fit the block.
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
  function isoDay(value) {
    // The event's own date field is typed as the language writes dates: 13.01.2027, 2027-01-13, 01/13/2027.
    let match = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(value || "");
    if (match) {
      return match[1] + "-" + match[2].padStart(2, "0") + "-" + match[3].padStart(2, "0");
    }
    match = /^\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*$/.exec(value || "");
    if (match) {
      return match[3] + "-" + match[2].padStart(2, "0") + "-" + match[1].padStart(2, "0");
    }
    return "";
  }
  function field(row, name) {
    return row.querySelector('[name$="-' + name + '"]');
  }
  function rows(table) {
    return Array.from(table.querySelectorAll("tr.form-row:not(.empty-form)"));
  }
  function proposeFromEvent(row) {
    const day = isoDay((document.getElementById("id_starts_at_0") || {}).value);
    const start = (document.getElementById("id_starts_at_1") || {}).value || "";
    if (day && !field(row, "day").value) {
      field(row, "day").value = day;
    }
    if (minutes(start) !== null && !field(row, "start").value) {
      field(row, "start").value = clock(minutes(start));
    }
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
      proposeFromEvent(row);
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
  function onEdit(event) {
    const target = event.target;
    const table = document.querySelector(".agenda-table");
    if (!table) {
      return;
    }
    if (target.id === "id_starts_at_0" || target.id === "id_starts_at_1") {
      const all = rows(table);
      if (all.length === 1) {
        proposeFromEvent(all[0]);
      }
      return;
    }
    if (!target.matches('.agenda-table select[name$="-parent"]')) {
      return;
    }
    const block = target.selectedOptions[0];
    if (!block || !block.dataset.day) {
      return;
    }
    const row = target.closest("tr");
    const start = minutes(field(row, "start").value);
    const end = minutes(field(row, "end").value);
    const fits = field(row, "day").value === block.dataset.day && start !== null && end !== null &&
      start >= minutes(block.dataset.start) && end <= minutes(block.dataset.end) && end > start;
    if (!fits) {
      const blockStart = minutes(block.dataset.start);
      field(row, "day").value = block.dataset.day;
      field(row, "start").value = block.dataset.start;
      field(row, "end").value = clock(Math.min(minutes(block.dataset.end), blockStart + 60));
    }
  }
  document.addEventListener("change", onEdit);
  document.addEventListener("input", function (event) {
    if (event.target.id === "id_starts_at_0" || event.target.id === "id_starts_at_1") {
      onEdit(event);
    }
  });
})();
