// On a form marked data-about-whom, the questions about the person concerned speak to the
// reporter once they answer "It is about me" (see samen/web/about_whom.py). The server sets
// the same class on a form it sends back; without JavaScript the questions stay as they are.
const ABOUT_SELF = "samen-about--self";

function showWhom(form) {
  const chosen = form.querySelector('input[name="reporter_type"]:checked');
  form.classList.toggle(ABOUT_SELF, chosen !== null && chosen.value === "self");
}

document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (event.target.name === "reporter_type" && form && form.matches("form[data-about-whom]")) showWhom(form);
});

// A page restored by Back keeps the reporter's answer; the wording follows it, there and in what
// htmx swaps in.
function showWhomWithin(root) {
  const found = root.matches?.("form[data-about-whom]") ? [root] : [];
  for (const form of [...found, ...root.querySelectorAll("form[data-about-whom]")]) showWhom(form);
}

window.addEventListener("pageshow", () => showWhomWithin(document));
document.addEventListener("htmx:load", (event) => showWhomWithin(event.detail.elt));
