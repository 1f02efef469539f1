// "Rank your preferences" questions: buttons beside each place move its option up or down, and picking an
// option that is already ranked elsewhere swaps the two. The select boxes stay the form's fields, so the
// page works the same without this script; the server checks every ranking anyway.
(function () {
  "use strict";

  function places(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[data-ranking-place]"));
  }

  function selectOf(place) {
    return place.querySelector("select");
  }

  function announce(box, place) {
    var select = selectOf(place);
    var status = box.querySelector("[data-ranking-status]");
    if (!status || !select.value) {
      return;
    }
    var option = select.options[select.selectedIndex].text;
    status.textContent = box.getAttribute("data-announce-template")
      .replace("{option}", option)
      .replace("{place}", place.getAttribute("data-place"));
  }

  function swap(box, from, to) {
    var all = places(box);
    if (to < 0 || to >= all.length) {
      return;
    }
    var a = selectOf(all[from]);
    var b = selectOf(all[to]);
    var value = a.value;
    a.value = b.value;
    b.value = value;
    announce(box, all[to]);
  }

  function button(text, direction) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-outline-secondary btn-sm ranking-move";
    element.setAttribute("aria-label", text);
    element.setAttribute("data-move", direction);
    element.textContent = direction === "up" ? "↑" : "↓";
    return element;
  }

  function enhance(root) {
    var boxes = root.querySelectorAll("[data-ranking]:not([data-ranking-ready])");
    Array.prototype.forEach.call(boxes, function (box) {
      box.setAttribute("data-ranking-ready", "");
      places(box).forEach(function (place, index, all) {
        if (index > 0) {
          place.appendChild(button(place.getAttribute("data-up"), "up"));
        }
        if (index < all.length - 1) {
          place.appendChild(button(place.getAttribute("data-down"), "down"));
        }
        var select = selectOf(place);
        select.setAttribute("data-previous", select.value);
        select.addEventListener("change", function () {
          var previous = select.getAttribute("data-previous");
          places(box).forEach(function (other) {
            var otherSelect = selectOf(other);
            if (other !== place && select.value && otherSelect.value === select.value) {
              otherSelect.value = previous;
              otherSelect.setAttribute("data-previous", previous);
            }
          });
          select.setAttribute("data-previous", select.value);
        });
      });
      box.addEventListener("click", function (event) {
        var target = event.target.closest("[data-move]");
        if (!target) {
          return;
        }
        var index = places(box).indexOf(target.closest("[data-ranking-place]"));
        var to = target.getAttribute("data-move") === "up" ? index - 1 : index + 1;
        swap(box, index, to);
        places(box).forEach(function (place) {
          selectOf(place).setAttribute("data-previous", selectOf(place).value);
        });
        // Focus follows the option, so pressing the same button again keeps moving it.
        var moved = places(box)[to];
        if (moved) {
          var same = moved.querySelector('[data-move="' + target.getAttribute("data-move") + '"]');
          (same || selectOf(moved)).focus();
        }
      });
    });
  }

  enhance(document);
  // Questions shown or hidden by an answer are swapped in by htmx: enhance what it brings.
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });
})();
