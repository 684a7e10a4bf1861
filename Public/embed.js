// quizfunnel embed: paste
//   <div data-quizfunnel="golf-club"></div><script src="https://QUIZ-HOST/embed.js" async></script>
// into any page. Each such element becomes an iframe of the quiz that grows to its content; a
// <button data-quizfunnel-popup="golf-club"> opens the quiz in a modal dialog instead.
// Options: data-quizfunnel-lang="fi", data-quizfunnel-title="…" (the iframe's accessible name).
// UTM parameters and ref on this page's URL are passed to the quiz and credited on the lead.
// No cookies, no globals; height messages are accepted from the quiz's exact origin only.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const quizOrigin = new URL(script.src).origin;
  const frames = new Set();

  function quizURL(quiz, lang) {
    const url = new URL(`/q/${encodeURIComponent(quiz)}`, quizOrigin);
    for (const [name, value] of new URLSearchParams(window.location.search)) {
      if (name.startsWith("utm_") || name === "ref") url.searchParams.set(name, value);
    }
    if (lang) url.searchParams.set("lang", lang);
    url.searchParams.set("embed", window.location.origin);
    return url.href;
  }

  function makeFrame(element, quiz, { lazy }) {
    const iframe = document.createElement("iframe");
    const lang = element.getAttribute("data-quizfunnel-lang");
    iframe.src = quizURL(quiz, lang);
    iframe.title = element.getAttribute("data-quizfunnel-title") || element.textContent.trim() || "Quiz";
    if (!element.getAttribute("data-quizfunnel-title")) {
      // The quiz's own title is the best accessible name; the API answers this origin if the quiz lists it.
      fetch(`${quizOrigin}/api/quizzes/${encodeURIComponent(quiz)}${lang ? `?lang=${encodeURIComponent(lang)}` : ""}`)
        .then((response) => (response.ok ? response.json() : null))
        .then((details) => { if (details?.title) iframe.title = details.title; })
        .catch(() => {});
    }
    iframe.allow = "web-share; clipboard-write";
    if (lazy) iframe.loading = "lazy";
    Object.assign(iframe.style, { display: "block", width: "100%", height: "520px", border: "0", overflow: "hidden" });
    frames.add(iframe);
    return iframe;
  }

  window.addEventListener("message", (event) => {
    if (event.origin !== quizOrigin) return;
    const message = event.data;
    if (!message || message.type !== "quizfunnel:height" || !Number.isFinite(message.height)) return;
    for (const iframe of frames) {
      if (iframe.contentWindow === event.source) iframe.style.height = `${Math.min(Math.max(message.height, 120), 10000)}px`;
    }
  });

  function openPopup(button, quiz) {
    const dialog = document.createElement("dialog");
    dialog.setAttribute("aria-label", button.getAttribute("data-quizfunnel-title") || button.textContent.trim() || "Quiz");
    Object.assign(dialog.style, {
      width: "min(640px, 100vw - 16px)", maxHeight: "calc(100vh - 16px)", padding: "0", border: "0", borderRadius: "14px", overflow: "auto",
    });
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    Object.assign(close.style, {
      position: "sticky", top: "0", float: "right", width: "44px", height: "44px", font: "28px/1 sans-serif",
      border: "0", background: "transparent", cursor: "pointer",
    });
    close.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      frames.forEach((frame) => dialog.contains(frame) && frames.delete(frame));
      dialog.remove();
      button.focus();
    });
    dialog.append(close, makeFrame(button, quiz, { lazy: false }));
    document.body.append(dialog);
    dialog.showModal();
  }

  for (const element of document.querySelectorAll("[data-quizfunnel]")) {
    element.replaceChildren(makeFrame(element, element.getAttribute("data-quizfunnel"), { lazy: true }));
  }
  for (const button of document.querySelectorAll("[data-quizfunnel-popup]")) {
    button.addEventListener("click", () => openPopup(button, button.getAttribute("data-quizfunnel-popup")));
  }
})();
