// The play page: one question at a time, scored on the server, then an opt-in email form.
// State lives in memory (an embedded page may not get cookies or storage).
import { flush, report, startReporting } from "./events.js";
import { reportHeightToEmbedder } from "./frame.js";
import { renderShareButtons } from "./share.js";
import { t } from "./strings.js";

const byId = (id) => document.getElementById(id);
const quizID = document.body.dataset.quiz;
const locale = document.body.dataset.locale;
const state = { quiz: null, index: 0, answers: {}, resultId: null, reached: 0, started: false };

/** UTM fields and `ref` of the page's own URL, passed on to the result. */
function attribution() {
  const params = new URLSearchParams(window.location.search);
  const utm = {};
  for (const field of ["source", "medium", "campaign", "term", "content"]) {
    const value = params.get(`utm_${field}`);
    if (value) utm[field] = value;
  }
  const ref = params.get("ref");
  return { utm, ...(ref && /^[A-Za-z0-9_-]{1,64}$/.test(ref) ? { ref } : {}) };
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
  const question = state.quiz.questions[state.index];
  const total = state.quiz.questions.length;
  const label = t("progress", { n: state.index + 1, total });
  byId("progress-label").textContent = label;
  byId("progress").max = total;
  byId("progress").value = state.index + 1;
  document.title = `${label} · ${state.quiz.title}`;
  byId("question-text").textContent = question.text;
  const answers = byId("answers");
  answers.replaceChildren();
  for (const answer of question.answers) {
    const input = Object.assign(document.createElement("input"), { type: "radio", name: "answer", value: answer.id, id: `answer-${answer.id}` });
    input.checked = state.answers[question.id] === answer.id;
    const label = Object.assign(document.createElement("label"), { htmlFor: input.id, className: "answer" });
    const span = Object.assign(document.createElement("span"), { textContent: answer.text });
    label.append(input, span);
    answers.append(label);
  }
  byId("next").textContent = state.index === total - 1 ? t("seeResult") : t("next");
  if (state.index + 1 > state.reached) {
    state.reached = state.index + 1;
    report("answer", { question: state.reached });
  }
  showError(byId("question-error"), "");
  show("question", "question-text");
}

async function submitAnswer(event) {
  event.preventDefault();
  const chosen = byId("question").querySelector("input[name=answer]:checked");
  if (!chosen) return showError(byId("question-error"), t("chooseAnswer"));
  state.answers[state.quiz.questions[state.index].id] = chosen.value;
  if (!state.started) {
    state.started = true;
    report("start");
  }
  if (state.index < state.quiz.questions.length - 1) {
    state.index += 1;
    return renderQuestion();
  }
  byId("next").disabled = true;
  const { ok, payload } = await postJSON(`/api/quizzes/${quizID}/results`, { answers: state.answers, lang: locale, ...attribution() })
    .catch(() => ({ ok: false, payload: {} }));
  byId("next").disabled = false;
  if (!ok) return showError(byId("question-error"), t("failed"));
  state.resultId = payload.resultId;
  renderResult(payload);
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
  show("result", "segment-title");
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
  byId("thanks-text").textContent = t(payload.status === "pending" ? "thanksPendingText" : "thanksText");
  show("thanks", "thanks-title");
}

function restart() {
  Object.assign(state, { index: 0, answers: {}, resultId: null, reached: 0, started: false });
  byId("lead-form").reset();
  renderQuestion();
}

async function load() {
  reportHeightToEmbedder(quizID);
  for (const element of document.querySelectorAll("[data-text]")) element.textContent = t(element.dataset.text);
  const start = byId("start");
  start.textContent = t("loading");
  const response = await fetch(`/api/quizzes/${quizID}?lang=${encodeURIComponent(locale)}`).catch(() => null);
  if (!response?.ok) return showError(byId("quiz-description"), t("failed"));
  state.quiz = await response.json();
  startReporting(quizID, locale, attribution());
  report("view");
  byId("consent-text").textContent = state.quiz.consent.text;
  start.textContent = t("start");
  start.disabled = false;
  start.addEventListener("click", renderQuestion);
  byId("question").addEventListener("submit", submitAnswer);
  byId("back").addEventListener("click", () => {
    if (state.index === 0) return show("intro", "start");
    state.index -= 1;
    renderQuestion();
  });
  byId("lead-form").addEventListener("submit", submitLead);
  byId("again").addEventListener("click", restart);
}

load();
