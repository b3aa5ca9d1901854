// A form marked data-send-once is sent once. A second click on its button (a double click, an
// impatient tap on a slow connection) would send it again while the first is on its way; the
// server stores one signal for both, but the browser shows the answer to the second request,
// which cannot hold the secret shown only with the first. Language buttons that send the same
// form do not count as sending it. Without JavaScript the form is sent as usual.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-send-once]")) return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  if (event.submitter && event.submitter.name === "switch_language") return;
  form.dataset.sending = "1";
  form.setAttribute("aria-busy", "true");
  // Sent, a form marked data-forget-when-sent is not filled in again when Back returns to it: on
  // a shared phone Back after the receipt would show the report. Until then it is, so that a
  // reporter who followed a link away by mistake finds what they typed.
  if (form.matches("[data-forget-when-sent]")) form.setAttribute("autocomplete", "off");
});

// A page restored by Back from the browser's cache can be sent again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-send-once]")) {
    delete form.dataset.sending;
    form.removeAttribute("aria-busy");
  }
});
