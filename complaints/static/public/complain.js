// The place picker: choosing a province fills its cities and counties at once. Without this
// script the form's own "show the cities and counties" step does the same.
(function () {
  var province = document.getElementById("id_work_province");
  var place = document.getElementById("id_work_region");
  var step = document.querySelector("button[name=show_places]");
  if (!province || !place || !window.fetch) { return; }
  if (step) { step.parentNode.hidden = true; }
  province.addEventListener("change", function () {
    place.disabled = true;
    var url = place.form.dataset.places + "?province=" + encodeURIComponent(province.value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (groups) {
        place.querySelectorAll("optgroup").forEach(function (group) { group.remove(); });
        groups.forEach(function (entry) {
          var group = document.createElement("optgroup");
          group.label = entry.label;
          entry.places.forEach(function (pair) { group.appendChild(new Option(pair[1], pair[0])); });
          place.appendChild(group);
        });
        place.value = "";
        place.disabled = false;
      })
      .catch(function () {
        place.disabled = false;
        if (step) { step.parentNode.hidden = false; }
      });
  });
})();
