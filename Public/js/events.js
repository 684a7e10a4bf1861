// Funnel events for the marketer's stats: view, start, answer (question reached) and share.
// Batched and sent with navigator.sendBeacon (fetch keepalive where there is none), so leaving the page does not lose
// them and a failure never touches the play. No cookies, no personal data: an anonymous id for this play only.

const queue = [];
let context = null;
let timer = null;

/** Sets where events go and what they are credited to. */
export function startReporting(quizID, locale, attribution) {
  context = { url: `/api/quizzes/${encodeURIComponent(quizID)}/events`, lang: locale, ...attribution, play: crypto.randomUUID?.() ?? String(Math.random()) };
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
}

/** Queues an event; the batch goes out within a second or when the page is hidden. */
export function report(type, details = {}) {
  if (!context) return;
  queue.push({ type, ...details });
  if (queue.length >= 20) return flush();
  timer ??= setTimeout(flush, 1000);
}

export function flush() {
  clearTimeout(timer);
  timer = null;
  if (!context || queue.length === 0) return;
  const { url, ...fields } = context;
  const body = JSON.stringify({ ...fields, events: queue.splice(0, 50) });
  const blob = new Blob([body], { type: "application/json" });
  try {
    if (navigator.sendBeacon?.(url, blob)) return;
  } catch {
    // fall through to fetch
  }
  fetch(url, { method: "POST", body, headers: { "Content-Type": "application/json" }, keepalive: true }).catch(() => {});
}
