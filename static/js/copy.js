// A copy button beside a read-only field: [data-copy] names the field's id.
document.querySelectorAll("[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.getElementById(button.dataset.copy);
    const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (error) {
      // Plain-HTTP intranets have no clipboard API: select the text for Ctrl+C instead.
      field.focus();
      field.select();
      return;
    }
    if (status) status.textContent = button.dataset.copied;
  });
});
