// A link in the error summary moves focus to its field and scrolls the field's label into view,
// below the quick-exit band: with a long help text and message between them, scrolling to the
// field itself left its label under the band. Without JavaScript the link still goes to the field.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".samen-error-summary a[href^='#']");
  if (!link) return;
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  const caption = field.closest("fieldset")?.querySelector("legend") || document.querySelector(`label[for="${field.id}"]`);
  event.preventDefault();
  field.focus({ preventScroll: true });
  (caption || field).scrollIntoView({ block: "start" });
});
