// After "Add a possible victim" the page comes back with the new block's first field focused
// (autofocus). The browser scrolls only that field into view, and on a phone the block's heading
// ("Mogelijk slachtoffer 2") stayed above the screen: which person the fields are for was not to
// be seen (found by exploratory testing). Once the page has settled, the heading is shown as well,
// with the field under it; the focus stays on the field.
window.addEventListener("load", () => {
  const field = document.querySelector("fieldset [autofocus]");
  const legend = field?.closest("fieldset")?.querySelector("legend");
  if (legend) requestAnimationFrame(() => legend.scrollIntoView({ block: "start" }));
});
