// The quick exit hides the page at once and replaces it in the browser's history, so Back does
// not bring this page into view again (earlier pages stay in the history: a browser does not let
// a page remove those). Without JavaScript the link still leaves.
//
// From the keyboard, Shift pressed three times in a row leaves too, wherever the focus is: as on
// GOV.UK's "Exit this page", whose research with survivors of abuse chose it. A Shift held for a
// capital or for Shift+Tab is followed by another key, which starts the count again.
(() => {
  const PRESSES = 3;
  const WITHIN_MS = 5000;
  let presses = [];

  function leave(link) {
    document.body.hidden = true;
    window.location.replace(link.href);
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-quick-exit]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    leave(link);
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    if (event.repeat) return;
    const now = Date.now();
    presses = presses.filter((at) => now - at < WITHIN_MS).concat(now);
    const link = document.querySelector("a[data-quick-exit]");
    if (link && presses.length >= PRESSES) leave(link);
  });
})();
