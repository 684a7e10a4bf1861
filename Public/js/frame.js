// Inside an embedding page's iframe: tell the embedder how tall the page is, so the iframe never scrolls.
// Messages go only to the origin named in `?embed=`, and only when the quiz allows that origin; they carry no
// personal data, just the quiz id and a height.

export function reportHeightToEmbedder(quizID) {
  if (window.parent === window) return;
  const embedder = new URLSearchParams(window.location.search).get("embed");
  const allowed = (document.body.dataset.embedOrigins || "").split(" ").filter(Boolean);
  if (!embedder || !(allowed.includes(embedder) || embedder === window.location.origin)) return;
  document.documentElement.classList.add("embedded");
  let lastHeight = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    window.parent.postMessage({ type: "quizfunnel:height", quiz: quizID, height }, embedder);
  };
  new ResizeObserver(send).observe(document.body);
  send();
}
