// A refused form: move the focus to its error summary, so that keyboard and
// screen-reader users start where the problems are listed.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".form-error-summary");
  if (summary) summary.focus();
});
