// The dashboard's earnings panels: what the quiz cost and earned per source and segment, the people who brought players
// (grouped by team on request, each with a link builder), and what came through shared results. Money is shown one
// figure per currency, never added across currencies; "–" where a ratio has nothing to divide by.
import { lineChart } from "./charts.js";

const byId = (id) => document.getElementById(id);

/** `300 EUR, 200 PLN`; `0` for no money; `–` for a figure that does not exist. */
export function money(amounts) {
  if (amounts == null) return "–";
  const entries = Object.entries(amounts).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return "0";
  return entries.map(([currency, value]) => `${Number(value.toFixed(2)).toLocaleString("en")} ${currency}`).join(", ");
}

function cells(row, tag, values) {
  row.replaceChildren(...values.map((value, index) => Object.assign(document.createElement(tag), { textContent: value, className: index ? "number" : "" })));
  return row;
}

/** Fills `table` with a header row and `rows` (arrays of cells, or ready rows); numbers right-aligned after the first cell. */
export function fill(table, header, rows) {
  const head = cells(document.createElement("tr"), "th", header);
  const body = rows.map((values) => (values instanceof HTMLElement ? values : cells(document.createElement("tr"), "td", values)));
  table.replaceChildren(head, ...body);
}

const roiCells = (row) => [money(row.spend), row.leads, row.confirmedLeads, money(row.costPerLead), money(row.costPerConfirmedLead),
  row.customers, money(row.revenue), money(row.revenuePerLead), money(row.returnOnSpend)];

export function renderEarnings(stats) {
  const { roi } = stats;
  const total = cells(document.createElement("tr"), "td", ["Total", ...roiCells(roi.total)]);
  total.className = "total";
  fill(byId("roi"), ["Source / medium / campaign", "Spend", "Leads", "Confirmed", "Cost per lead", "Cost per confirmed", "Customers", "Revenue", "Revenue per lead", "Return on spend"], [
    ...roi.sources.map((entry) => [[entry.source || "(direct)", entry.medium, entry.campaign].filter(Boolean).join(" / "), ...roiCells(entry)]),
    total,
  ]);
  fill(byId("roi-segments"), ["Segment", "Leads", "Confirmed", "Customers", "Revenue"],
    roi.segments.map((entry) => [entry.segment, entry.leads, entry.confirmedLeads, entry.customers, money(entry.revenue)]));
  renderSharing(stats.sharing);
}

const personCells = (person, label) => [label, person.views, person.completions, person.leads, person.confirmedLeads, person.customers,
  money(person.revenue), person.leadsFromShares];

/** The people, one row each or grouped under their teams with the team's sums; each row has a "Link" button. */
export function renderPeople(people, { groupByTeam, onLink }) {
  const header = ["Person", "Views", "Completions", "Leads", "Confirmed", "Customers", "Revenue", "Leads from shares", ""];
  const row = (person) => {
    const line = cells(document.createElement("tr"), "td", personCells(person, person.name === person.ref ? person.ref : `${person.name} (${person.ref})`));
    line.dataset.ref = person.ref;
    const button = Object.assign(document.createElement("button"), { type: "button", className: "secondary small", textContent: "Link" });
    button.setAttribute("aria-label", `Make a link for ${person.name}`);
    button.addEventListener("click", () => onLink(person.ref));
    const cell = document.createElement("td");
    cell.append(button);
    line.append(cell);
    return line;
  };
  if (!groupByTeam) {
    fill(byId("people"), header, people.map(row));
    return;
  }
  const teams = new Map();
  for (const person of people) teams.set(person.team ?? "", [...(teams.get(person.team ?? "") ?? []), person]);
  const rows = [];
  for (const [team, members] of [...teams].sort(([a], [b]) => (a === "") - (b === "") || a.localeCompare(b))) {
    const sum = { views: 0, completions: 0, leads: 0, confirmedLeads: 0, customers: 0, leadsFromShares: 0, revenue: {} };
    for (const member of members) {
      for (const key of ["views", "completions", "leads", "confirmedLeads", "customers", "leadsFromShares"]) sum[key] += member[key];
      for (const [currency, value] of Object.entries(member.revenue)) sum.revenue[currency] = (sum.revenue[currency] ?? 0) + value;
    }
    const line = cells(document.createElement("tr"), "th", [...personCells(sum, team || "No team"), ""]);
    line.className = "team";
    line.dataset.team = team;
    rows.push(line, ...members.map(row));
  }
  fill(byId("people"), header, rows);
}

/** The tagged link that credits `ref`: the quiz's page with the network as `utm_source`, `social` as `utm_medium`. */
export function taggedLink(origin, { quiz, network, campaign, ref }) {
  const query = new URLSearchParams({ utm_source: network, utm_medium: "social" });
  if (campaign) query.set("utm_campaign", campaign);
  query.set("ref", ref);
  return `${origin}/q/${encodeURIComponent(quiz)}?${query}`;
}

function renderSharing(sharing) {
  const growth = (value) => (value == null ? "–" : value.toFixed(2));
  fill(byId("sharing"), ["Shared result", "Views", "Completions", "Leads", "Leads that shared", "Growth factor"], [
    ...sharing.segments.map((entry) => [entry.segment, entry.views, entry.completions, entry.leads, entry.leadsThatShared, growth(entry.growthFactor)]),
    ["Total", sharing.views, sharing.completions, sharing.leads, sharing.leadsThatShared, growth(sharing.growthFactor)],
  ]);
  byId("sharing-trend").replaceChildren(lineChart(sharing.days.map((entry) => entry.day), [
    { name: "views", className: "line-views", values: sharing.days.map((entry) => entry.views) },
    { name: "leads", className: "line-leads", values: sharing.days.map((entry) => entry.leads) },
  ], { title: "Views and leads through shared results per day" }));
}
