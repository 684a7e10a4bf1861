// The play page: one question at a time, scored on the server, then an opt-in email form.
// State lives in memory (an embedded page may not get cookies or storage).
import { flush, report, startReporting } from "./events.js";
import { reportHeightToEmbedder } from "./frame.js";
import { renderShareButtons } from "./share.js";
import { t } from "./strings.js";

const byId = (id) => document.getElementById(id);
const quizID = document.body.dataset.quiz;
const locale = document.body.dataset.locale;
// `path` holds the positions of the questions the player has been shown, in order: answers may jump forward or end
// the quiz (`next`), and the back button retraces the path.
const state = { quiz: null, path: [0], answers: {}, resultId: null, reached: 0, started: false };

const current = () => state.path[state.path.length - 1];

/** Where `answer` of the question at `position` leads: a later position, or null for the result. */
function nextPosition(position, answer) {
  const questions = state.quiz.questions;
  if (answer.next === "result") return null;
  if (answer.next) return questions.findIndex((question) => question.id === answer.next);
  return position + 1 < questions.length ? position + 1 : null;
}

/** The most questions a player can still be asked from `position` on, that one included. */
function longestFrom(position, memo = new Map()) {
  if (!memo.has(position)) {
    const lengths = state.quiz.questions[position].answers.map((answer) => {
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
  for (const answer of question.answers) {
    const input = Object.assign(document.createElement("input"), { type: "radio", name: "answer", value: answer.id, id: `answer-${answer.id}` });
    input.checked = state.answers[question.id] === answer.id;
    const label = Object.assign(document.createElement("label"), { htmlFor: input.id, className: "answer" });
    const span = Object.assign(document.createElement("span"), { textContent: answer.text });
    label.append(input, span);
    answers.append(label);
  }
  const endsHere = question.answers.every((answer) => nextPosition(position, answer) === null);
  byId("next").textContent = endsHere ? t("seeResult") : t("next");
  if (position + 1 > state.reached) {
    state.reached = position + 1;
    report("answer", { question: state.reached });
  }
  showError(byId("question-error"), "");
  show("question", "question-text");
}

async function submitAnswer(event) {
  event.preventDefault();
  const chosen = byId("question").querySelector("input[name=answer]:checked");
  if (!chosen) return showError(byId("question-error"), t("chooseAnswer"));
  const question = state.quiz.questions[current()];
  state.answers[question.id] = chosen.value;
  if (!state.started) {
    state.started = true;
    report("start");
  }
  const next = nextPosition(current(), question.answers.find((answer) => answer.id === chosen.value));
  if (next !== null) {
    state.path.push(next);
    return renderQuestion();
  }
  // Only the questions on the player's path: answers left behind on a branch they went back from are not sent.
  const answers = Object.fromEntries(state.path.map((position) => {
    const id = state.quiz.questions[position].id;
    return [id, state.answers[id]];
  }));
  byId("next").disabled = true;
  const { ok, payload } = await postJSON(`/api/quizzes/${quizID}/results`, { answers, lang: locale, ...attribution() })
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
  Object.assign(state, { path: [0], answers: {}, resultId: null, reached: 0, started: false });
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
    if (state.path.length === 1) return show("intro", "start");
    state.path.pop();
    renderQuestion();
  });
  byId("lead-form").addEventListener("submit", submitLead);
  byId("again").addEventListener("click", restart);
}

load();
