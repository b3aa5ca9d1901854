// The quick exit leaves no way back: the page is hidden at once and replaced in the browser's
// history, so Back does not bring the form into view again. Without JavaScript the link still leaves.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-quick-exit]");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  document.body.hidden = true;
  window.location.replace(link.href);
});
