// The print button of the minutes; a file of its own so the content security policy needs no inline script.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
