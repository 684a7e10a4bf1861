// Share buttons for a result. Every link carries utm_source=<network>, utm_medium=social,
// utm_campaign=quiz-share and the player's own ref (already in shareUrl), never an email or a lead id.
import { t } from "./strings.js";

const byId = (id) => document.getElementById(id);

function sharedLink(shareUrl, network) {
  const url = new URL(shareUrl);
  url.searchParams.set("utm_source", network);
  url.searchParams.set("utm_medium", "social");
  url.searchParams.set("utm_campaign", "quiz-share");
  return url.href;
}

const networks = {
  facebook: (link) => `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(link)}`,
  linkedin: (link) => `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(link)}`,
  x: (link, text) => `https://twitter.com/intent/tweet?url=${encodeURIComponent(link)}&text=${encodeURIComponent(text)}`,
  whatsapp: (link, text) => `https://wa.me/?text=${encodeURIComponent(`${text} ${link}`)}`,
};

/** Points the share buttons at `shareUrl`; `onShare(network)` is told of each share. */
export function renderShareButtons({ shareUrl, segmentTitle, quizTitle, onShare = () => {} }) {
  const text = t("shareText", { segment: segmentTitle, quiz: quizTitle });
  for (const [network, makeURL] of Object.entries(networks)) {
    const link = byId(`share-${network}`);
    link.href = makeURL(sharedLink(shareUrl, network), text);
    link.onclick = () => onShare(network);
  }
  const status = byId("share-status");
  status.textContent = "";
  byId("share-copy").onclick = async () => {
    await navigator.clipboard?.writeText(sharedLink(shareUrl, "copy-link")).catch(() => {});
    status.textContent = t("copied");
    onShare("copy-link");
  };
  const native = byId("share-native");
  native.hidden = typeof navigator.share !== "function";
  native.onclick = () => {
    navigator.share({ title: text, text, url: sharedLink(shareUrl, "web-share") })
      .then(() => onShare("web-share"))
      .catch(() => {});
  };
}
