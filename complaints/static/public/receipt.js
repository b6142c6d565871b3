// The receipt's print button: shown only where a script runs; the page prints without it too.
document.querySelectorAll("button.print").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
document.querySelectorAll(".print-hint").forEach(function (hint) { hint.hidden = true; });
