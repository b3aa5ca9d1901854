// A textarea marked data-character-count says under it how much may still be written ("Nog
// 1.234 tekens over"), or, marked, how much is too much ("U heeft 4.400 tekens te veel"). It has no
// maxlength, which would cut a pasted text short without a word (`web/text_limits.py`); the server
// refuses a text that is too long, and shows it again to be shortened. A screen reader hears the
// count when typing pauses, as GOV.UK's character count does. Without JavaScript the hint under
// the field says the limit; with it, that hint stays for screen readers (aria-describedby) only.
const plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
const SPEAK_AFTER_MS = 1000;

// Counted as the server counts: without the spaces around the text (Django strips them), and a
// character outside the Basic Multilingual Plane (an emoji) once, where `.length` counts it twice.
function characters(text) {
  let count = 0;
  for (const _character of text.trim()) count += 1;
  return count;
}

function grouped(number, separator) {
  return separator ? String(number).replace(/\B(?=(\d{3})+(?!\d))/g, separator) : String(number);
}

function words(table, number, separator) {
  const text = table[plurals.select(number)] ?? table.other;
  return text.replace("%(count)s", grouped(number, separator));
}

function setUpCount(textarea) {
  const config = JSON.parse(textarea.dataset.characterCount);
  const hint = document.getElementById(`${textarea.id}-count`);
  if (!hint) return null;
  const shown = document.createElement("div");
  shown.className = "utrecht-form-field-description samen-count";
  shown.setAttribute("aria-hidden", "true"); // the live region below says it, once typing pauses
  const spoken = document.createElement("div");
  spoken.className = "samen-visually-hidden";
  spoken.setAttribute("aria-live", "polite");
  hint.after(shown, spoken);
  hint.classList.add("samen-visually-hidden");
  // A message from the server marks the field until the form is sent again, as on every other field.
  const marked = textarea.classList.contains("utrecht-textarea--invalid");
  let timer;
  return (speak) => {
    const used = characters(textarea.value);
    const over = used > config.limit;
    const text = over
      ? words(config.too_many, used - config.limit, config.separator)
      : words(config.left, config.limit - used, config.separator);
    shown.textContent = text;
    shown.classList.toggle("samen-count--over", over);
    textarea.classList.toggle("utrecht-textarea--invalid", over || marked);
    clearTimeout(timer);
    if (speak) timer = setTimeout(() => (spoken.textContent = text), SPEAK_AFTER_MS);
  };
}

// Each textarea's count, set up once: on page load and again in what htmx swaps in (a meeting's
// agenda item sent again comes back as new elements, without a count), but never twice.
const counts = new WeakMap();

function setUpWithin(root) {
  const found = root.matches?.("textarea[data-character-count]") ? [root] : [];
  for (const textarea of [...found, ...root.querySelectorAll("textarea[data-character-count]")]) {
    if (counts.has(textarea)) continue;
    const update = setUpCount(textarea);
    if (!update) continue;
    counts.set(textarea, update);
    update(false);
  }
}

setUpWithin(document);
document.addEventListener("htmx:load", (event) => setUpWithin(event.detail.elt));

document.addEventListener("input", (event) => counts.get(event.target)?.(true));

// On load and on a page restored by Back, whose text the browser puts back.
window.addEventListener("pageshow", () => {
  for (const textarea of document.querySelectorAll("textarea[data-character-count]")) counts.get(textarea)?.(false);
});
