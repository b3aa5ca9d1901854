// Warns before an idle session ends and lets the user stay logged in with one button (WCAG 2.2.1
// Timing Adjustable). Working on a page (typing a long report) counts as activity: it tells the
// server at most once per interval, so a report is not lost to the idle limit while it is typed.
// Tabs share the time of the last contact with the server through localStorage (a time only).
(() => {
  const box = document.getElementById("session-timer");
  if (!box) return;
  const idle = Number(box.dataset.idleSeconds) * 1000;
  const warn = Number(box.dataset.warnSeconds) * 1000;
  const every = Math.min(5 * 60 * 1000, idle / 3);
  const message = box.querySelector("[data-message]");
  const stay = box.querySelector("[data-stay]");
  const login = box.querySelector("[data-login]");
  const KEY = "samen-session-contact";
  let ended = false;
  let pinging = false;

  const remember = (time) => {
    try { localStorage.setItem(KEY, String(time)); } catch { /* storage off: this tab alone */ }
  };
  let own = Date.now(); // this page's own request marked the session as in use
  remember(own);
  const contact = () => {
    let shared = 0;
    try { shared = Number(localStorage.getItem(KEY)) || 0; } catch { /* storage off */ }
    return Math.max(own, shared);
  };

  const show = (text, ending) => {
    stay.hidden = ending;
    login.hidden = !ending;
    box.hidden = false;
    message.textContent = text;
  };
  const end = () => {
    ended = true;
    show(box.dataset.endedText, true);
  };

  async function ping() {
    if (pinging || ended) return;
    pinging = true;
    try {
      const response = await fetch(box.dataset.url, {
        method: "POST", credentials: "same-origin", redirect: "manual", headers: { "X-CSRFToken": box.dataset.csrf },
      });
      if (response.status === 204) {
        own = Date.now();
        remember(own);
        box.hidden = true;
        message.textContent = "";
      } else {
        end(); // the server logged the session out and sent the login page
      }
    } catch {
      // No connection: the next activity or tick tries again.
    } finally {
      pinging = false;
    }
  }

  function tick() {
    if (ended) return;
    const last = contact();
    const left = last + idle - Date.now();
    if (left <= 0) {
      end();
    } else if (left <= warn) {
      if (box.hidden) {
        const at = new Date(last + idle).toLocaleTimeString(document.documentElement.lang || undefined, {
          hour: "2-digit", minute: "2-digit",
        });
        show(box.dataset.warningText.replace("{time}", at), false);
      }
    } else if (!box.hidden) {
      box.hidden = true; // another tab kept the session in use
      message.textContent = "";
    }
  }

  const active = (event) => {
    if (ended || (event.target instanceof Element && event.target.closest("#session-timer"))) return;
    if (!box.hidden || Date.now() - contact() > every) ping();
  };
  for (const type of ["input", "keydown", "click"]) document.addEventListener(type, active, { passive: true });
  stay.addEventListener("click", ping);
  setInterval(tick, Math.max(250, Math.min(15000, warn / 4)));
})();
