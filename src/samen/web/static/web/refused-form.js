// Landing on what to correct after a refused send.

// The label that names a field: its fieldset's legend for a group, otherwise its own label.
function captionOf(field) {
  return field.closest("fieldset")?.querySelector("legend") || document.querySelector(`label[for="${field.id}"]`);
}

// Focus the field and put its caption at the top of the screen, below the quick-exit band (the
// captions' scroll margin, samen.css): scrolling to the field itself left a long help text and the
// message between them, and the label under the band.
function showField(field) {
  field.focus({ preventScroll: true });
  (captionOf(field) || field).scrollIntoView({ block: "start", behavior: "instant" });
}

// A link in the error summary goes to its field this way. Without JavaScript it still goes there.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".samen-error-summary a[href^='#']");
  if (!link) return;
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  showField(field);
});

// A form shown again far down a long page (the signal page, a meeting) has `autofocus` on its
// refused field (web/refused.py). The browser would focus it and then scroll there smoothly, as the
// components ask, showing the top of the page for a second or more, which reads as if nothing was
// sent back; this shows the field at once. A field already on screen (a login form) is left alone.
const refused = document.querySelector("[autofocus]");
if (refused) {
  const box = refused.getBoundingClientRect();
  if (box.bottom < 0 || box.top > window.innerHeight) showField(refused);
}
