// A button marked data-copy copies the value of the field it names (a new API token, shown once)
// and says so in its status element. Without JavaScript, or where the browser refuses the
// clipboard, the button stays hidden and the field, read-only, is selected and copied by hand.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!field || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copied;
    } catch {
      field.select();
    }
  });
}
