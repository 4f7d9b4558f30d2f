// Backup codes page: print the codes, or copy them to the clipboard.
document.querySelectorAll("[data-two-factor-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
document.querySelectorAll("[data-two-factor-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const list = document.getElementById(button.dataset.twoFactorCopy);
    const text = Array.from(list.querySelectorAll("li"), (item) => item.textContent.trim()).join("\n");
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = button.dataset.copied;
    } catch (error) {
      // Plain-HTTP intranets have no clipboard API: select the codes for Ctrl+C instead.
      const range = document.createRange();
      range.selectNodeContents(list);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      button.textContent = button.dataset.selected;
    }
  });
});
