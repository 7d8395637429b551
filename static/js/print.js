// The print button of the A4 documents: a script file, not an onclick attribute, so the
// Content-Security-Policy can refuse every inline script.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
