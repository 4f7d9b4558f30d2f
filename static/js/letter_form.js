// Letter form: offer only the tasks of the chosen agreement (the server checks it again).
document.querySelectorAll("select[name=task]").forEach((taskSelect) => {
  const form = taskSelect.form;
  const agreementSelect = form && form.querySelector("select[name=agreement]");
  if (!agreementSelect) return;
  const narrow = () => {
    const chosen = agreementSelect.value;
    Array.from(taskSelect.options).forEach((option) => {
      if (!option.value) return;
      const fits = !chosen || option.dataset.agreement === chosen;
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) taskSelect.value = "";
    });
  };
  agreementSelect.addEventListener("change", narrow);
  narrow();
});
