// A box marked data-required-unless="name" is needed only while the checkbox `name` is not
// ticked: "Where is it?" after "I do not know in which town it is". The server decides the same
// (`SignalForm.clean_where`); this keeps the star and what a screen reader says in step with it.
function requiredUnless(input) {
  const box = input.form && input.form.elements.namedItem(input.dataset.requiredUnless);
  const needed = !(box && box.checked);
  if (needed) input.setAttribute("aria-required", "true");
  else input.removeAttribute("aria-required");
  const label = input.id && document.querySelector(`label[for="${input.id}"]`);
  if (!label) return;
  let star = label.querySelector(".samen-required");
  if (!star && needed) {
    star = document.createElement("span");
    star.className = "samen-required";
    star.textContent = " *";
    label.append(star);
  }
  if (star) star.hidden = !needed;
}

document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (!form) return;
  for (const input of form.querySelectorAll("[data-required-unless]")) {
    if (input.dataset.requiredUnless === event.target.name) requiredUnless(input);
  }
});

// On load, on a page restored by Back, which keeps the tick, and in what htmx swaps in. Setting
// the star and aria-required again is harmless, so no element needs to remember it was done.
function requiredUnlessWithin(root) {
  const found = root.matches?.("[data-required-unless]") ? [root] : [];
  for (const input of [...found, ...root.querySelectorAll("[data-required-unless]")]) requiredUnless(input);
}

window.addEventListener("pageshow", () => requiredUnlessWithin(document));
document.addEventListener("htmx:load", (event) => requiredUnlessWithin(event.detail.elt));
