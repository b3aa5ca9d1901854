// The quick exit hides the page at once and replaces it in the browser's history, so Back does
// not bring this page into view again (earlier pages stay in the history: a browser does not let
// a page remove those). Without JavaScript the link still leaves.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-quick-exit]");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  document.body.hidden = true;
  window.location.replace(link.href);
});
