// A button marked data-print-part prints only the page's element with the class samen-print-part
// (the receipt's block for the reporter, to hand to someone who came by): while the browser
// prints, the page's root carries data-printing and the print style hides the rest.
// Without JavaScript the button stays hidden and the browser's own print prints the whole page.
const buttons = document.querySelector(".samen-print-part") ? document.querySelectorAll("button[data-print-part]") : [];
for (const button of buttons) {
  button.hidden = false;
  button.addEventListener("click", () => {
    document.documentElement.dataset.printing = "part";
    window.print();
  });
}
window.addEventListener("afterprint", () => delete document.documentElement.dataset.printing);
