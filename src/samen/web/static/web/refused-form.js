// Landing on what to correct after a refused send.

// The label that names a field: the legend of its group for a radio button or a checkbox of a list
// (their own labels name one option), otherwise its own label. A person's card is a fieldset too: its
// legend, "Persoon 2", can be a screen above the phone number that was refused.
function captionOf(field) {
  const own = document.querySelector(`label[for="${field.id}"]`);
  const group = field.closest("fieldset")?.querySelector("legend");
  if ((field.type === "radio" || field.type === "checkbox") && group) return group;
  return own || group;
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
