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
  const reload = box.querySelector("[data-reload]");
  const KEY = "samen-session-contact";
  let ended = false;
  let pinging = false;
  let quietUntil = 0; // after a failed contact, typing waits a little before it tries again

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

  // `next` is what the band offers: "stay" (the button), "login" or "reload" (a link).
  const show = (text, next) => {
    stay.hidden = next !== "stay";
    login.hidden = next !== "login";
    reload.hidden = next !== "reload";
    box.hidden = false;
    if (message.textContent === text) {
      // The same message again (a second failed attempt): empty the alert first, or screen readers stay silent.
      message.textContent = "";
      requestAnimationFrame(() => { message.textContent = text; });
    } else {
      message.textContent = text;
    }
  };
  const end = (text = box.dataset.endedText, next = "login") => {
    ended = true;
    show(text, next);
  };

  // The warning, with the time the session ends at.
  const warning = () => {
    const at = new Date(contact() + idle).toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit", minute: "2-digit",
    });
    return box.dataset.warningText.replace("{time}", at);
  };

  const failed = () => {
    if (ended) return; // the limit passed while the request was under way
    quietUntil = Date.now() + 10000;
    // The button tries again; the time the session ends at stays in view.
    if (!box.hidden) show(`${box.dataset.failedText} ${warning()}`, "stay");
  };

  async function ping() {
    if (pinging || ended) return;
    pinging = true;
    try {
      const response = await fetch(box.dataset.url, {
        method: "POST", credentials: "same-origin", redirect: "manual", headers: { "X-CSRFToken": box.dataset.csrf },
      });
      if (response.status === 204) {
        ended = false; // the limit may have passed on this page while the server still answered in time
        own = Date.now();
        remember(own);
        box.hidden = true;
        message.textContent = "";
      } else if (response.type === "opaqueredirect" || response.status === 401) {
        end(); // the server logged the session out and sent the login page
      } else if (response.status === 403) {
        // A login or logout in another tab replaced the CSRF token this page holds; the session
        // may well live on, perhaps as another user, so this page must not claim either.
        end(box.dataset.staleText, "reload");
      } else {
        failed(); // a passing server fault
      }
    } catch {
      failed(); // no connection
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
      if (box.hidden) show(warning(), "stay");
    } else if (!box.hidden) {
      box.hidden = true; // another tab kept the session in use
      message.textContent = "";
    }
  }

  const active = (event) => {
    if (ended || (event.target instanceof Element && event.target.closest("#session-timer"))) return;
    if (Date.now() < quietUntil) return;
    if (!box.hidden || Date.now() - contact() > every) ping();
  };
  for (const type of ["input", "keydown", "click"]) document.addEventListener(type, active, { passive: true });
  stay.addEventListener("click", ping);
  setInterval(tick, Math.max(250, Math.min(15000, warn / 4)));
})();
