// A form marked data-send-once is sent once. A second click on its button (a double click, an
// impatient tap on a slow connection) would send it again while the first is on its way; the
// server stores one signal for both, but the browser shows the answer to the second request,
// which cannot hold the secret shown only with the first. Language buttons that send the same
// form do not count as sending it, nor does a button that asks for the form back with a person
// block more. Without JavaScript the form is sent as usual.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-send-once]")) return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  // Sent, a form marked data-forget-when-sent is not filled in again when Back returns to it: on
  // a shared phone Back after the receipt would show the report. Nor when a language button sent
  // it: what was typed went along to the page in the other language, and Back after the quick
  // exit there would show it here. Until then it is, so that a reporter who followed a link away
  // by mistake finds what they typed.
  if (form.matches("[data-forget-when-sent]")) form.setAttribute("autocomplete", "off");
  if (event.submitter && ["switch_language", "add_person"].includes(event.submitter.name)) return;
  form.dataset.sending = "1";
  form.setAttribute("aria-busy", "true");
});

// A page restored by Back from the browser's cache can be sent again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-send-once]")) {
    delete form.dataset.sending;
    form.removeAttribute("aria-busy");
  }
});

// In a form marked data-enter-moves-on, Enter in a one-line field moves to the next field instead
// of sending the form: a long form filled in during a phone call was stored half done by an Enter
// after a name, and a public report by the phone keyboard's "Go" after the place, before the
// people and the contact details. Its send button still sends, with Enter too.
document.addEventListener("keydown", (event) => {
  const field = event.target;
  if (event.key !== "Enter" || event.isComposing || !(field instanceof HTMLInputElement)) return;
  const form = field.form;
  if (!form || !form.matches("form[data-enter-moves-on]")) return;
  if (["submit", "button", "reset", "image"].includes(field.type)) return;
  event.preventDefault();
  const fields = [...form.elements].filter(
    (element) => !element.disabled && element.type !== "hidden" && element.tabIndex >= 0 && element.offsetParent !== null,
  );
  const next = fields[fields.indexOf(field) + 1];
  if (next) next.focus();
});

// The phone keyboard's Enter key says what it does there: "next", not "go"; on load and in what
// htmx swaps in.
function enterMovesOnWithin(root) {
  for (const field of root.querySelectorAll("form[data-enter-moves-on] input")) {
    if (!["submit", "button", "reset", "image", "hidden", "checkbox", "radio"].includes(field.type)) {
      field.enterKeyHint = "next";
    }
  }
}

document.addEventListener("DOMContentLoaded", () => enterMovesOnWithin(document));
document.addEventListener("htmx:load", (event) => enterMovesOnWithin(event.detail.elt));
