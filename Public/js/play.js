// The play page: one question at a time, scored on the server, then an opt-in email form (after the result, or before it
// with a way to skip it). State lives in memory (an embedded page may not get cookies or storage); only the quiz's
// variant is kept for the tab, so that a reload shows the same one.
import { flush, report, startReporting } from "./events.js";
import { reportHeightToEmbedder } from "./frame.js";
import { renderShareButtons } from "./share.js";
import { t } from "./strings.js";
import { chooseVariant } from "./variant.js";

const byId = (id) => document.getElementById(id);
const quizID = document.body.dataset.quiz;
const locale = document.body.dataset.locale;
// `path` holds the positions of the questions the player has been shown, in order: answers may jump forward or end
// the quiz (`next`), and the back button retraces the path.
const state = { quiz: null, path: [0], answers: {}, texts: {}, resultId: null, reached: 0, started: false, variant: null };

const current = () => state.path[state.path.length - 1];

/** Where `answer` of the question at `position` leads (a text question has none): a later position, or null for the result. */
function nextPosition(position, answer) {
  const questions = state.quiz.questions;
  if (answer?.next === "result") return null;
  if (answer?.next) return questions.findIndex((question) => question.id === answer.next);
  return position + 1 < questions.length ? position + 1 : null;
}

/** The answers that lead on from a question: its choices, or for a text question the one way on. */
const ways = (question) => (question.type === "text" ? [undefined] : question.answers);

/** The most questions a player can still be asked from `position` on, that one included. */
function longestFrom(position, memo = new Map()) {
  if (!memo.has(position)) {
    const lengths = ways(state.quiz.questions[position]).map((answer) => {
      const next = nextPosition(position, answer);
      return 1 + (next === null ? 0 : longestFrom(next, memo));
    });
    memo.set(position, Math.max(...lengths));
  }
  return memo.get(position);
}

const branches = () => state.quiz.questions.some((question) => question.answers.some((answer) => answer.next));

/** UTM fields and `ref` of the page's own URL, passed on to the result. */
function attribution() {
  const params = new URLSearchParams(window.location.search);
  const utm = {};
  for (const field of ["source", "medium", "campaign", "term", "content"]) {
    const value = params.get(`utm_${field}`);
    if (value) utm[field] = value;
  }
  const ref = params.get("ref");
  return { utm, ...(ref && /^[A-Za-z0-9_-]{1,64}$/.test(ref) ? { ref } : {}), ...(state.variant?.counted ? { variant: state.variant.id } : {}) };
}

/** The ad networks' click ids of the landing URL, kept with the result for the conversions sent to them. */
function clickIds() {
  const params = new URLSearchParams(window.location.search);
  const ids = {};
  for (const name of ["fbclid", "gclid"]) {
    const value = params.get(name);
    if (value && /^[\x21-\x7e]{1,500}$/.test(value)) ids[name] = value;
  }
  return ids;
}

async function postJSON(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": locale },
    body: JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, payload };
}

function show(screenID, focusID) {
  for (const screen of document.querySelectorAll(".screen")) screen.hidden = screen.id !== screenID;
  if (focusID) byId(focusID).focus();
}

function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

function renderQuestion() {
  const position = current();
  const question = state.quiz.questions[position];
  const n = state.path.length;
  const total = branches() ? n - 1 + longestFrom(position) : state.quiz.questions.length;
  const label = t(branches() ? "progressAtMost" : "progress", { n, total });
  byId("progress-label").textContent = label;
  byId("progress").max = total;
  byId("progress").value = n;
  document.title = `${label} · ${state.quiz.title}`;
  byId("question-text").textContent = question.text;
  const answers = byId("answers");
  answers.replaceChildren();
  answers.classList.toggle("pictures", question.answers.some((answer) => answer.image));
  if (question.type === "text") {
    answers.append(textAnswer(question));
  }
  for (const answer of question.answers) {
    const input = Object.assign(document.createElement("input"), { type: "radio", name: "answer", value: answer.id, id: `answer-${answer.id}` });
    input.checked = state.answers[question.id] === answer.id;
    const label = Object.assign(document.createElement("label"), { htmlFor: input.id, className: "answer" });
    const span = Object.assign(document.createElement("span"), { textContent: answer.text });
    label.append(input);
    if (answer.image) label.append(picture(answer.image));
    label.append(span);
    answers.append(label);
  }
  const endsHere = ways(question).every((answer) => nextPosition(position, answer) === null);
  byId("next").textContent = endsHere ? t("seeResult") : t("next");
  if (position + 1 > state.reached) {
    // Where the player went on from tells the drop-off of a branching quiz who left and whose path skipped a question.
    const from = state.reached;
    state.reached = position + 1;
    report("answer", { question: state.reached, ...(from ? { from } : {}) });
  }
  showError(byId("question-error"), "");
  show("question", "question-text");
}

/** A picture answer's image: lazy, and sized before it loads so that nothing below it moves. */
function picture({ src, alt, width, height }) {
  const image = Object.assign(document.createElement("img"), { src, alt, loading: "lazy", decoding: "async" });
  if (width && height) Object.assign(image, { width, height });
  return image;
}

/** The free answer of a text question: at most 500 characters, one paragraph. */
function textAnswer(question) {
  const area = Object.assign(document.createElement("textarea"), {
    id: "text-answer",
    name: "text",
    maxLength: 500,
    rows: 4,
    value: state.texts[question.id] ?? "",
    required: question.required,
  });
  area.setAttribute("aria-labelledby", "question-text");
  const wrapper = Object.assign(document.createElement("div"), { className: "text-answer" });
  wrapper.append(area);
  if (!question.required) wrapper.append(Object.assign(document.createElement("p"), { className: "notice", textContent: t("optionalAnswer") }));
  return wrapper;
}

async function submitAnswer(event) {
  event.preventDefault();
  const question = state.quiz.questions[current()];
  let answer;
  if (question.type === "text") {
    // One paragraph: the server takes no control characters, line breaks included.
    const text = byId("text-answer").value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
    if (question.required && !text) return showError(byId("question-error"), t("answerRequired"));
    state.texts[question.id] = text;
  } else {
    const chosen = byId("question").querySelector("input[name=answer]:checked");
    if (!chosen) return showError(byId("question-error"), t("chooseAnswer"));
    state.answers[question.id] = chosen.value;
    answer = question.answers.find((candidate) => candidate.id === chosen.value);
  }
  if (!state.started) {
    state.started = true;
    report("start");
  }
  const next = nextPosition(current(), answer);
  if (next !== null) {
    state.path.push(next);
    return renderQuestion();
  }
  // Only the questions on the player's path: answers left behind on a branch they went back from are not sent.
  const onPath = state.path.map((position) => state.quiz.questions[position]);
  const answers = Object.fromEntries(onPath.filter((q) => q.type !== "text").map((q) => [q.id, state.answers[q.id]]));
  const texts = Object.fromEntries(onPath.filter((q) => q.type === "text" && state.texts[q.id]).map((q) => [q.id, state.texts[q.id]]));
  byId("next").disabled = true;
  const body = { answers, texts, quizVersion: state.quiz.quizVersion, lang: locale, ...attribution(), clickIds: clickIds() };
  const { ok, status, payload } = await postJSON(`/api/quizzes/${quizID}/results`, body).catch(() => ({ ok: false, payload: {} }));
  byId("next").disabled = false;
  if (status === 409) return showError(byId("question-error"), t("quizChanged"));
  if (!ok) return showError(byId("question-error"), t("failed"));
  state.resultId = payload.resultId;
  renderResult(payload);
}

/** The segment's products, each link counted as a `product` event when clicked. */
function renderProducts(segment) {
  const list = byId("segment-products");
  list.replaceChildren();
  byId("products").hidden = !segment.products?.length;
  for (const product of segment.products ?? []) {
    const link = Object.assign(document.createElement("a"), { href: product.url, target: "_blank", rel: "noopener", className: "product" });
    if (product.image) link.append(picture({ src: product.image, alt: "", width: 96, height: 96 }));
    link.append(Object.assign(document.createElement("span"), { className: "product-title", textContent: product.title }));
    if (product.price) link.append(Object.assign(document.createElement("span"), { className: "product-price", textContent: product.price }));
    link.addEventListener("click", () => {
      report("product", { segment: segment.id, index: product.index });
      flush();
    });
    const item = document.createElement("li");
    item.append(link);
    list.append(item);
  }
}

function renderResult({ segment, shareUrl }) {
  document.title = `${segment.title} · ${state.quiz.title}`;
  byId("segment-title").textContent = segment.title;
  byId("segment-description").textContent = segment.description ?? "";
  const image = byId("segment-image");
  image.hidden = !segment.image;
  if (segment.image) Object.assign(image, { src: segment.image, alt: segment.title });
  const cta = byId("segment-cta");
  cta.hidden = !segment.cta;
  if (segment.cta) Object.assign(cta, { href: segment.cta.url, textContent: segment.cta.label });
  renderProducts(segment);
  flush();
  renderShareButtons({
    shareUrl,
    segmentTitle: segment.title,
    quizTitle: state.quiz.title,
    onShare: (network) => {
      report("share", { network });
      flush();
    },
  });
  byId("consent").checked = false;
  showError(byId("lead-error"), "");
  // Before the result: the form first, with a visible way to skip it (the result never depends on consent).
  const formFirst = state.quiz.leadForm === "before-result";
  byId("result-body").hidden = formFirst;
  byId("skip-lead").hidden = !formFirst;
  byId("lead-done").hidden = true;
  byId("lead-form").hidden = false;
  show("result", formFirst ? "lead-title" : "segment-title");
}

/** Shows the result held back behind the form; `thanks`, when the form was sent, says so above it. */
function revealResult(thanks) {
  byId("result-body").hidden = false;
  byId("skip-lead").hidden = true;
  if (thanks) {
    byId("lead-done").textContent = thanks;
    byId("lead-done").hidden = false;
    byId("lead-form").hidden = true;
  }
  byId("segment-title").focus();
}

async function submitLead(event) {
  event.preventDefault();
  const email = byId("email");
  if (!email.value.trim() || !email.checkValidity()) return showError(byId("lead-error"), t("emailInvalid"));
  if (!byId("consent").checked) return showError(byId("lead-error"), t("consentMissing"));
  byId("subscribe").disabled = true;
  const body = {
    resultId: state.resultId,
    email: email.value.trim(),
    name: byId("name").value.trim() || undefined,
    consent: true,
    consentVersion: state.quiz.consent.version,
    embedOrigin: window.parent === window ? undefined : new URLSearchParams(window.location.search).get("embed") || undefined,
    website: byId("website").value || undefined,
    variant: state.variant?.counted ? state.variant.id : undefined,
  };
  const { ok, status, payload } = await postJSON(`/api/quizzes/${quizID}/leads`, body).catch(() => ({ ok: false, payload: {} }));
  byId("subscribe").disabled = false;
  if (status === 409) {
    // The marketer changed the consent text while this page was open: show the new words and ask again.
    const fresh = await fetch(`/api/quizzes/${quizID}?lang=${encodeURIComponent(locale)}`).then((r) => r.json()).catch(() => null);
    if (fresh?.consent) state.quiz.consent = fresh.consent;
    byId("consent-text").textContent = state.quiz.consent.text;
    byId("consent").checked = false;
    return showError(byId("lead-error"), t("consentChanged"));
  }
  if (!ok) {
    const isEmailProblem = status === 422 && payload.error?.message?.startsWith("email");
    return showError(byId("lead-error"), isEmailProblem ? t("emailInvalid") : t("failed"));
  }
  // "pending": a confirmation mail is on its way (double opt-in); say so, and only then.
  const thanks = t(payload.status === "pending" ? "thanksPendingText" : "thanksText");
  if (byId("result-body").hidden) return revealResult(thanks);
  byId("thanks-text").textContent = thanks;
  show("thanks", "thanks-title");
}

function restart() {
  Object.assign(state, { path: [0], answers: {}, texts: {}, resultId: null, reached: 0, started: false });
  byId("lead-form").reset();
  renderQuestion();
}

async function load() {
  reportHeightToEmbedder(quizID);
  for (const element of document.querySelectorAll("[data-text]")) element.textContent = t(element.dataset.text);
  const start = byId("start");
  start.textContent = t("loading");
  const loaded = await chooseVariant(quizID, locale).catch(() => null);
  if (!loaded) return showError(byId("quiz-description"), t("failed"));
  state.quiz = loaded.quiz;
  state.variant = loaded.variant;
  startReporting(quizID, locale, attribution());
  report("view");
  byId("consent-text").textContent = state.quiz.consent.text;
  byId("lead-title").textContent = state.quiz.texts?.leadTitle ?? t("leadTitle");
  byId("subscribe").textContent = state.quiz.texts?.subscribe ?? t("subscribe");
  start.textContent = state.quiz.texts?.start ?? t("start");
  start.disabled = false;
  start.addEventListener("click", renderQuestion);
  byId("question").addEventListener("submit", submitAnswer);
  byId("back").addEventListener("click", () => {
    if (state.path.length === 1) return show("intro", "start");
    state.path.pop();
    renderQuestion();
  });
  byId("lead-form").addEventListener("submit", submitLead);
  byId("skip-lead").addEventListener("click", (event) => {
    event.preventDefault();
    revealResult();
  });
  byId("again").addEventListener("click", restart);
}

load();
