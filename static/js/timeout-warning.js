// The GOV.UK timeout warning. The server signs a session out after a spell without requests; the page's body says
// how long this session has left and how long before that to warn (data-timeout-seconds,
// data-timeout-warning-seconds). When the warning is due the script asks the server how long is really left (another
// tab may have kept the session alive), then opens a modal dialog counting down, with "Stay signed in" (a POST that
// counts as activity) and "Sign out". Escape means "Stay signed in". When the time is up the page goes to the
// timed-out address, which shows the sign-in page saying why.
const body = document.body;
const dialog = document.getElementById("timeout-warning");

const words = (seconds) => {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
};

if (dialog && body.dataset.timeoutSeconds && typeof dialog.showModal === "function") {
  const warningSeconds = Number(body.dataset.timeoutWarningSeconds);
  const sessionUrl = body.dataset.timeoutSessionUrl;
  const signedOutUrl = body.dataset.timeoutSignedOutUrl;
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  const stay = dialog.querySelector("[data-timeout-stay]");
  const csrfToken = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  let deadline = 0;
  let timer = 0;
  let lastAnnounced = "";
  let returnFocus = null;

  const secondsLeft = () => Math.max(0, Math.round((deadline - Date.now()) / 1000));

  const signOut = () => {
    const next = window.location.pathname + window.location.search;
    window.location.href = `${signedOutUrl}?next=${encodeURIComponent(next)}`;
  };

  const ask = async (method) => {
    const headers = { Accept: "application/json" };
    if (method === "POST") {
      headers["X-CSRFToken"] = csrfToken;
    }
    const response = await fetch(sessionUrl, { method, headers, credentials: "same-origin" });
    const session = await response.json();
    return response.ok && session.signed_in ? session.seconds_left : 0;
  };

  const close = () => {
    if (dialog.open) {
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") {
        returnFocus.focus();
      }
    }
  };

  const tick = () => {
    const left = secondsLeft();
    if (left <= 0) {
      check();
      return;
    }
    const text = words(left);
    countdown.textContent = text;
    // Screen readers hear the time at each minute, then every 15 seconds, not every second.
    const spoken = left >= 60 ? words(Math.ceil(left / 60) * 60) : words(Math.ceil(left / 15) * 15);
    if (spoken !== lastAnnounced) {
      lastAnnounced = spoken;
      announce.textContent = `For your security, we will sign you out in ${spoken}.`;
    }
    timer = window.setTimeout(tick, 1000);
  };

  const open = () => {
    if (!dialog.open) {
      returnFocus = document.activeElement;
      lastAnnounced = "";
      dialog.showModal();
      stay.focus();
    }
    window.clearTimeout(timer);
    tick();
  };

  const schedule = (left) => {
    window.clearTimeout(timer);
    deadline = Date.now() + left * 1000;
    if (left > warningSeconds) {
      close();
      timer = window.setTimeout(check, (left - warningSeconds) * 1000);
    } else if (left > 0) {
      open();
    } else {
      signOut();
    }
  };

  // How long is left, by the server's reckoning: the warning opens, waits, or the page goes to the sign-in page.
  const check = async () => {
    try {
      schedule(await ask("GET"));
    } catch {
      // Offline for a moment: keep counting down from what was known, and ask again shortly.
      if (secondsLeft() > 0) {
        open();
      } else {
        signOut();
      }
    }
  };

  const staySignedIn = async () => {
    try {
      schedule(await ask("POST"));
    } catch {
      check();
    }
  };

  stay.addEventListener("click", staySignedIn);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });

  schedule(Number(body.dataset.timeoutSeconds));
}
