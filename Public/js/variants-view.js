// The dashboard's A/B test panel: every funnel step per variant, and for view → lead and view → confirmed lead the
// probability that each variant is best (Beta–Binomial posterior, uniform prior), shown once every variant has at least
// 100 views. The sentence on top says which variant leads and how sure that is.
import { fill } from "./earnings-view.js";

const byId = (id) => document.getElementById(id);
const minimumViews = 100;

const percent = (value) => (value == null ? "–" : `${(value * 100).toFixed(1)}%`);
const rate = (part, views) => (views ? percent(part / views) : "–");

/** "Variant b leads for confirmed leads: 93% likely to be best (sure enough to act on)." */
export function verdict(variants) {
  if (variants.length < 2) return "One variant: no experiment.";
  if (variants.some((variant) => !variant.probabilityBest)) {
    const short = variants.filter((variant) => variant.views < minimumViews).map((variant) => `${variant.id} (${variant.views})`);
    return `No read-out until every variant has ${minimumViews} views; still short: ${short.join(", ")}.`;
  }
  const leader = variants.reduce((best, variant) => (variant.probabilityBest.confirmedLead > best.probabilityBest.confirmedLead ? variant : best));
  const chance = leader.probabilityBest.confirmedLead;
  const sureness = chance >= 0.95 ? "sure enough to act on" : chance >= 0.75 ? "a lead, not yet certain" : "too close to call";
  return `Variant ${leader.id} leads for confirmed leads: ${Math.round(chance * 100)}% likely to be best (${sureness}).`;
}

export function renderVariants(stats) {
  const variants = stats.variants ?? [];
  byId("variants-panel").hidden = variants.length === 0;
  if (!variants.length) return;
  byId("variants-verdict").textContent = verdict(variants);
  const header = ["Variant", "Weight", "Views", "Starts", "Completions", "Leads", "Confirmed", "View → lead", "View → confirmed", "Best (lead)", "Best (confirmed)"];
  const rows = variants.map((variant) => [
    variant.id, variant.weight, variant.views, variant.starts, variant.completions, variant.leads, variant.confirmedLeads,
    rate(variant.leads, variant.views), rate(variant.confirmedLeads, variant.views),
    percent(variant.probabilityBest?.lead), percent(variant.probabilityBest?.confirmedLead),
  ]);
  fill(byId("variants"), header, rows);
  byId("variants-note").textContent = stats.variantsSince
    ? `Counted from ${stats.variantsSince}, the first day every variant was shown. Previews (?variant=) and API clients are not counted.`
    : "A variant has not been shown yet in this period.";
}
