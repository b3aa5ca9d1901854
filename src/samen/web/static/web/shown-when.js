// A group marked data-shown-when="name=value" is shown only while the radio button `name` has
// `value` chosen: the contact boxes of the public form appear after "Yes, you may contact me",
// not while "anonymous" is chosen (the default) and a reporter fills them in without noticing.
// A group with something typed in it, or a message, stays shown. Without JavaScript all is shown.
function showWhen(group) {
  const [name, value] = group.dataset.shownWhen.split("=");
  const form = group.closest("form");
  const chosen = form && form.querySelector(`input[name="${name}"]:checked`);
  const filled = [...group.querySelectorAll("input, textarea, select")].some((field) =>
    ["checkbox", "radio"].includes(field.type) ? field.checked : field.value.trim() !== "",
  );
  const flagged = group.querySelector("[aria-invalid='true']") !== null;
  group.hidden = !(filled || flagged || (chosen !== null && chosen.value === value));
}

document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (!form) return;
  for (const group of form.querySelectorAll("[data-shown-when]")) {
    if (group.dataset.shownWhen.startsWith(`${event.target.name}=`)) showWhen(group);
  }
});

// On load, on a page restored by Back, which keeps the reporter's choice, and in what htmx swaps in.
function showWhenWithin(root) {
  const found = root.matches?.("[data-shown-when]") ? [root] : [];
  for (const group of [...found, ...root.querySelectorAll("[data-shown-when]")]) showWhen(group);
}

window.addEventListener("pageshow", () => showWhenWithin(document));
document.addEventListener("htmx:load", (event) => showWhenWithin(event.detail.elt));
