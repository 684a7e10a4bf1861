// The dashboard: asks for the admin token once (kept in sessionStorage, never in a URL), then shows a quiz's funnel,
// drop-off, segments (beside the split the simulator expects), products, answers, cost and revenue, people (with a link
// builder), sharing, sources, refs, daily trend and export downloads.
import { renderAnswers } from "./answers-view.js";
import { barChart, lineChart } from "./charts.js";
import { renderEarnings, renderPeople, taggedLink } from "./earnings-view.js";
import { renderVariants } from "./variants-view.js";
import { renderMail } from "./mail-view.js";

const byId = (id) => document.getElementById(id);
const TOKEN_KEY = "quizfunnel-admin-token";
const percent = (rate) => `${(rate * 100).toFixed(1)}%`;
const day = (date) => date.toISOString().slice(0, 10);

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` } });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn("That token was not accepted.");
    throw new Error("unauthorized");
  }
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error?.message ?? `HTTP ${response.status}`);
  return response;
}

function showSignIn(message = "") {
  byId("sign-in").hidden = false;
  byId("filters").hidden = true;
  byId("dashboard").hidden = true;
  byId("sign-in-error").textContent = message;
  byId("sign-in-error").hidden = !message;
  byId("token").focus();
}

function table(element, header, rows) {
  const head = document.createElement("tr");
  for (const [index, name] of header.entries()) head.append(Object.assign(document.createElement("th"), { textContent: name, className: index ? "number" : "" }));
  const body = rows.map((row) => {
    const line = document.createElement("tr");
    for (const [index, cell] of row.entries()) line.append(Object.assign(document.createElement("td"), { textContent: cell, className: index ? "number" : "" }));
    return line;
  });
  element.replaceChildren(head, ...(body.length ? body : [emptyRow(header.length)]));
}

function emptyRow(columns) {
  const line = document.createElement("tr");
  line.append(Object.assign(document.createElement("td"), { textContent: "No data in this period.", colSpan: columns }));
  return line;
}

function render(stats, quiz, simulation) {
  const { funnel } = stats;
  renderVariants(stats);
  byId("funnel").replaceChildren(barChart([
    { key: "views", label: "Views", value: funnel.views },
    { key: "starts", label: "Starts", value: funnel.starts, note: percent(funnel.rates.viewToStart) },
    { key: "completions", label: "Completions", value: funnel.completions, note: percent(funnel.rates.startToCompletion) },
    { key: "leads", label: "Leads", value: funnel.leads, note: percent(funnel.rates.completionToLead) },
    { key: "confirmations", label: "Confirmations", value: funnel.confirmations, note: confirmationNote(funnel, stats.medianSecondsToConfirm) },
    { key: "shares", label: "Shares", value: funnel.shares },
  ], { title: "Funnel" }));
  byId("trend").replaceChildren(
    lineChart(stats.days.map((entry) => entry.day), [
      { name: "views", className: "line-views", values: stats.days.map((entry) => entry.funnel.views) },
      { name: "completions", className: "line-completions", values: stats.days.map((entry) => entry.funnel.completions) },
      { name: "leads", className: "line-leads", values: stats.days.map((entry) => entry.funnel.leads) },
    ], { title: "Views, completions and leads per day" }),
    legend(),
  );
  byId("dropoff").replaceChildren(barChart(stats.dropoff.map((entry) => ({
    key: entry.id, label: `${entry.question}. ${entry.id}`, value: entry.reached, note: entry.left ? `${entry.left} left here` : "",
  })), { title: "Players who reached each question" }));
  const completions = stats.segments.reduce((sum, entry) => sum + entry.completions, 0);
  const expected = Object.fromEntries((simulation?.segments ?? []).map((entry) => [entry.id, entry.share]));
  byId("segments").replaceChildren(barChart(stats.segments.map((entry) => ({
    key: entry.segment,
    label: entry.segment,
    value: entry.completions,
    secondary: entry.leads,
    note: [`${entry.leads} leads`, expectation(expected[entry.segment], completions ? entry.completions / completions : null)].filter(Boolean).join(" · "),
  })), { title: "Completions and leads per segment, beside the split the quiz's answers lead to" }));
  byId("segments-expected").textContent = simulation
    ? `Expected: every answer taken as equally likely over ${simulation.paths.toLocaleString("en")} ${simulation.exhaustive ? "paths" : "random players"}.`
    : "";
  table(byId("products"), ["Segment / product", "Clicks"], stats.products.map((entry) => [`${entry.segment} / ${entry.title}`, entry.clicks]));
  table(byId("sources"), ["Source / medium / campaign", "Views", "Starts", "Completions", "Leads"], stats.sources.slice(0, 10).map((entry) => [
    [entry.source || "(direct)", entry.medium, entry.campaign].filter(Boolean).join(" / "), entry.views, entry.starts, entry.completions, entry.leads,
  ]));
  table(byId("refs"), ["Ref", "Views", "Completions", "Leads"], stats.refs.slice(0, 10).map((entry) => [entry.ref, entry.views, entry.completions, entry.leads]));
  renderExports(quiz, stats.segments.map((entry) => entry.segment));
  renderEarnings(stats);
  people = stats.people;
  drawPeople();
}

let people = [];

function drawPeople() {
  renderPeople(people, { groupByTeam: byId("group-by-team").checked, onLink: buildLinkFor });
  const chosen = byId("link-ref").value;
  byId("link-ref").replaceChildren(...people.map((person) => Object.assign(document.createElement("option"), {
    value: person.ref, textContent: person.name === person.ref ? person.ref : `${person.name} (${person.ref})`,
  })));
  if (people.some((person) => person.ref === chosen)) byId("link-ref").value = chosen;
  updateLink();
}

function buildLinkFor(ref) {
  byId("link-ref").value = ref;
  byId("link-quiz").value = byId("quiz").value;
  updateLink();
  byId("link-campaign").focus();
}

function updateLink() {
  const ref = byId("link-ref").value;
  byId("link-output").value = ref ? taggedLink(location.origin, {
    quiz: byId("link-quiz").value, network: byId("link-network").value, campaign: byId("link-campaign").value.trim(), ref,
  }) : "";
  byId("link-copied").textContent = "";
}

async function copyLink() {
  const output = byId("link-output");
  try {
    await navigator.clipboard.writeText(output.value);
  } catch {
    output.select();
    document.execCommand("copy");
  }
  byId("link-copied").textContent = "Copied.";
}

/** "25% expected, 41% of real players" for a segment. */
function expectation(share, real) {
  if (share === undefined) return "";
  const whole = (value) => `${Math.round(value * 100)}%`;
  return real === null ? `${whole(share)} expected` : `${whole(share)} expected, ${whole(real)} of real players`;
}

/** The confirmation rate and, when there are confirmations, the median time from submitting to confirming. */
function confirmationNote(funnel, medianSeconds) {
  if (medianSeconds == null) return percent(funnel.rates.leadToConfirmation);
  const median = medianSeconds < 120 ? `${Math.round(medianSeconds)} s` : medianSeconds < 7200 ? `${Math.round(medianSeconds / 60)} min` : `${(medianSeconds / 3600).toFixed(1)} h`;
  return `${percent(funnel.rates.leadToConfirmation)}, median ${median}`;
}

function legend() {
  const box = Object.assign(document.createElement("p"), { className: "legend" });
  for (const [name, colour] of [["Views", "#8aa39a"], ["Completions", "var(--brand)"], ["Leads", "var(--accent)"]]) {
    const item = Object.assign(document.createElement("span"), { textContent: name });
    item.style.setProperty("--swatch", colour);
    box.append(item);
  }
  return box;
}

function renderExports(quiz, segments) {
  const buttons = [null, ...segments].map((segment) => {
    const button = Object.assign(document.createElement("button"), { type: "button", className: "secondary", textContent: segment ? `Download ${segment}` : "Download all segments" });
    button.addEventListener("click", () => download(quiz, segment));
    return button;
  });
  byId("exports").replaceChildren(...buttons);
}

/** A download needs the token in a header, so the file is fetched and saved from a blob URL. */
async function download(quiz, segment) {
  const format = byId("format").value;
  const query = new URLSearchParams({ quiz, format, ...(segment ? { segment } : {}) });
  await save(`/api/admin/leads.csv?${query}`, "leads.csv");
}

async function save(path, fallbackName) {
  const response = await api(path);
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function load(event) {
  event?.preventDefault();
  const quiz = byId("quiz").value;
  const query = new URLSearchParams({ from: byId("from").value, to: byId("to").value });
  try {
    const base = `/api/admin/quizzes/${encodeURIComponent(quiz)}`;
    const [stats, answers, simulation] = await Promise.all([
      api(`${base}/stats?${query}`).then((response) => response.json()),
      api(`${base}/answers?${query}`).then((response) => response.json()),
      api(`${base}/simulation`).then((response) => response.json()).catch(() => null),
    ]);
    byId("load-error").hidden = true;
    render(stats, quiz, simulation);
    renderAnswers(byId("answers"), answers, stats.segments.map((entry) => entry.segment));
    await renderMail(api);
    byId("dashboard").hidden = false;
  } catch (error) {
    if (error.message === "unauthorized") return;
    byId("load-error").textContent = error.message;
    byId("load-error").hidden = false;
  }
}

async function start() {
  byId("sign-in").hidden = true;
  byId("filters").hidden = false;
  const quizzes = await (await fetch("/api/quizzes")).json();
  for (const select of [byId("quiz"), byId("link-quiz")]) {
    select.replaceChildren(...quizzes.map((quiz) => Object.assign(document.createElement("option"), { value: quiz.id, textContent: quiz.title })));
  }
  const today = new Date();
  byId("to").value = day(today);
  byId("from").value = day(new Date(today.getTime() - 29 * 86_400_000));
  await load();
}

byId("sign-in").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, byId("token").value);
  byId("token").value = "";
  start();
});
byId("filters").addEventListener("submit", load);
byId("group-by-team").addEventListener("change", drawPeople);
byId("link-builder").addEventListener("input", updateLink);
byId("link-builder").addEventListener("submit", (event) => event.preventDefault());
byId("link-copy").addEventListener("click", copyLink);
byId("report-csv").addEventListener("click", () => {
  const query = new URLSearchParams({ from: byId("from").value, to: byId("to").value });
  save(`/api/admin/quizzes/${encodeURIComponent(byId("quiz").value)}/report.csv?${query}`, "report.csv");
});
byId("sign-out").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showSignIn();
});
if (sessionStorage.getItem(TOKEN_KEY)) start(); else showSignIn();
